//! The one shape every Stroom diagnostic takes: a kind that says what is wrong, kept apart
//! from the span that says where.
//!
//! Each pipeline stage defines its own kind enum and implements [`Kind`] for it; wrapping the
//! kind in [`Diagnostic`] with a span gives a `miette::Diagnostic` with a stable code, a
//! label on the span, a help line and, where useful, labels on related places.

use std::fmt;

use crate::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something the author should look at; the policy still compiles.
    Warning,
    /// The policy is wrong and must be fixed.
    Error,
}

/// What one kind of diagnostic says, independent of where it points.
pub trait Kind: fmt::Display + fmt::Debug + Send + Sync + 'static {
    /// The stable code, such as `stroom::answers::non_exhaustive`.
    fn code(&self) -> &'static str;

    /// Whether this kind is an error or a warning.
    fn severity(&self) -> Severity {
        Severity::Error
    }

    /// The text of the label on the primary span.
    fn label(&self) -> String;

    /// One line that tells the author how to fix the problem.
    fn help(&self) -> String;
}

/// A further place in the source that explains a diagnostic, with its own label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What the reader should see there.
    pub label: String,
}

/// A diagnostic: a [`Kind`] at a [`Span`], with optional related places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<K> {
    /// What is wrong.
    pub kind: K,
    /// Where it is wrong.
    pub span: Span,
    /// Other places that help to understand it, such as the first of two duplicates.
    pub related: Vec<Related>,
}

impl<K: Kind> Diagnostic<K> {
    /// A diagnostic of `kind` at `span`.
    pub fn new(kind: K, span: Span) -> Diagnostic<K> {
        Diagnostic { kind, span, related: Vec::new() }
    }

    /// The same diagnostic with one more labelled place.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Diagnostic<K> {
        self.related.push(Related { span, label: label.into() });
        self
    }

    /// Whether this diagnostic is an error or a warning.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl<K: Kind> fmt::Display for Diagnostic<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl<K: Kind> std::error::Error for Diagnostic<K> {}

impl<K: Kind> miette::Diagnostic for Diagnostic<K> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.kind.severity() {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.help()))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(
            Some(self.kind.label()),
            miette::SourceSpan::from(self.span),
        );
        let related = self.related.iter().map(|related| {
            miette::LabeledSpan::new_with_span(
                Some(related.label.clone()),
                miette::SourceSpan::from(related.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
