//! Byte ranges into the source text of a policy.

use std::ops::Range;

/// A half-open byte range `start..end` into the source text that was parsed.
///
/// Spans always fall on UTF-8 character boundaries of that text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The number of bytes the span covers.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes, as at the end of a file.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span that covers both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The byte range, for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Span {
        Span { start: span.start(), end: span.end() }
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> miette::SourceSpan {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}
