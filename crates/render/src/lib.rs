//! The documents people read, generated from a checked policy: a Markdown page, a Mermaid
//! flowchart, a Graphviz DOT diagram, and the SVG, PDF and PNG pictures Graphviz draws from
//! it.
//!
//! Every generator is deterministic: the same policy gives the same bytes. The generators
//! are meant for policies without errors; given one with errors they do not panic, but may
//! leave out what they cannot resolve, and the Markdown document fails when its paths
//! cannot be listed.

mod dot;
mod flow;
mod graphviz;
mod markdown;
mod mermaid;
mod text;
mod verdict;
mod words;

pub use dot::dot;
pub use graphviz::{Image, draw, same_pdf};
pub use markdown::{TABLE_LIMIT, inline as markdown_inline, markdown};
pub use mermaid::mermaid;
pub use words::Words;

use stroom_compiler::{EvalError, Policy};

/// A document format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// A Markdown page with the diagram as a Mermaid block.
    Markdown,
    /// A Mermaid flowchart.
    Mermaid,
    /// A Graphviz DOT diagram.
    Dot,
    /// The DOT diagram drawn as SVG by Graphviz.
    Svg,
    /// The DOT diagram drawn as PDF by Graphviz.
    Pdf,
    /// The DOT diagram drawn as PNG by Graphviz.
    Png,
}

impl Format {
    /// The usual file name extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Mermaid => "mmd",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Png => "png",
        }
    }

    /// Whether the format is drawn by Graphviz's `dot` program.
    pub fn needs_graphviz(self) -> bool {
        matches!(self, Format::Svg | Format::Pdf | Format::Png)
    }
}

/// The document of `policy` in `format`.
pub fn render(policy: &Policy, format: Format) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Markdown => markdown(policy)?.into_bytes(),
        Format::Mermaid => mermaid(policy).into_bytes(),
        Format::Dot => dot(policy).into_bytes(),
        Format::Svg => draw(&dot(policy), Image::Svg)?,
        Format::Pdf => draw(&dot(policy), Image::Pdf)?,
        Format::Png => draw(&dot(policy), Image::Png)?,
    })
}

/// A reason a document cannot be generated.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RenderError {
    /// The policy has errors where the document needs to follow its paths.
    #[error("the policy cannot be rendered at `{node}`: it has errors there")]
    #[diagnostic(
        code(stroom::render::broken_policy),
        help("run `stroom check` and fix its errors")
    )]
    Broken {
        /// The node where listing the paths could not go on.
        node: String,
    },
    /// Graphviz's `dot` program is not installed.
    #[error("cannot draw the diagram: Graphviz's `dot` program is not installed")]
    #[diagnostic(code(stroom::render::graphviz_missing), help("{}", INSTALL_HINT))]
    GraphvizMissing,
    /// `dot` could not be run or talked to.
    #[error("cannot run Graphviz's `dot` program")]
    #[diagnostic(
        code(stroom::render::graphviz_io),
        help("check that `dot -V` runs; reinstall Graphviz if it does not")
    )]
    Graphviz {
        /// Why.
        source: std::io::Error,
    },
    /// `dot` ran but failed.
    #[error("Graphviz's `dot` program failed ({status}): {message}")]
    #[diagnostic(
        code(stroom::render::graphviz_failed),
        help("the DOT diagram is generated; `--format dot` shows what `dot` was given")
    )]
    GraphvizFailed {
        /// How it exited.
        status: String,
        /// What it printed on standard error.
        message: String,
    },
}

/// How to install Graphviz.
const INSTALL_HINT: &str = "install Graphviz, which provides `dot`: `apt-get install graphviz` \
                            on Debian or Ubuntu, `brew install graphviz` on macOS; or choose \
                            `--format dot` and draw it elsewhere";

impl From<EvalError> for RenderError {
    fn from(error: EvalError) -> RenderError {
        match error {
            EvalError::Broken { node } => RenderError::Broken { node },
            other => RenderError::Broken { node: other.to_string() },
        }
    }
}
