//! The syntax of Stroom policy files: the pest grammar, the syntax tree with spans, and the
//! parser that turns text into that tree or into syntax errors an author can act on.

pub mod ast;
mod diagnostic;
mod error;
mod lexical;
mod parse;
mod span;

pub use diagnostic::{Diagnostic, Kind, Related, Severity};
pub use error::{Context, SyntaxError, SyntaxErrorKind};
pub use parse::parse;
pub use span::Span;
