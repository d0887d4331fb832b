//! Printing diagnostics for people, with the source lines they point at.

use std::fmt;
use std::io::IsTerminal as _;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource};

use crate::input::SourceFile;

/// Whether output may use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    color: bool,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub(crate) fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Style { color: !no_color && std::io::stderr().is_terminal() }
    }

    fn handler(self) -> GraphicalReportHandler {
        let theme =
            if self.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false)
    }
}

/// Renders `diagnostic`, which points into `source`, to text.
///
/// Limitation: miette counts the column in the `[file:line:column]` header in bytes, so on a
/// line with non-ASCII text before the span (or a byte-order mark on the first line) the
/// column is larger than the number of characters; the caret under the source is right.
pub(crate) fn render(
    diagnostic: &dyn Diagnostic,
    source: &NamedSource<String>,
    style: Style,
) -> String {
    let mut out = String::new();
    let with_source = WithSource { inner: diagnostic, source };
    if style.handler().render_report(&mut out, &with_source).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}

/// The source of `file`, named by its path, for rendering.
pub(crate) fn named_source(file: &SourceFile) -> NamedSource<String> {
    NamedSource::new(file.path.display().to_string(), file.text.clone())
}

/// Prints an error of the command itself to standard error.
pub(crate) fn print_error(error: &dyn Diagnostic, style: Style) {
    let mut out = String::new();
    if style.handler().render_report(&mut out, error).is_err() {
        out = format!("error: {error}\n");
    }
    eprint!("{out}");
}

/// A diagnostic together with the source it points into, so that it can be rendered without
/// copying the source for every diagnostic.
struct WithSource<'a> {
    inner: &'a dyn Diagnostic,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}
