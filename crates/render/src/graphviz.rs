//! Drawing a DOT diagram with Graphviz's `dot` program, run as a child process.
//!
//! `dot` is started directly with its arguments, never through a shell, and reads the
//! diagram on its standard input.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};

use crate::RenderError;

/// An image format `dot` can draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Image {
    /// Scalable vector graphics.
    Svg,
    /// A PDF document.
    Pdf,
    /// A PNG picture, at a resolution fit for print.
    Png,
}

/// The resolution of PNG pictures, in dots per inch: an A4 page becomes about 1500 by 2200
/// pixels.
const PNG_DPI: &str = "-Gdpi=200";

impl Image {
    /// The arguments that make `dot` draw this format.
    fn arguments(self) -> &'static [&'static str] {
        match self {
            Image::Svg => &["-Tsvg"],
            Image::Pdf => &["-Tpdf"],
            Image::Png => &["-Tpng", PNG_DPI],
        }
    }
}

/// Draws the DOT diagram `source` as `image` with the `dot` program on the `PATH`.
pub fn draw(source: &str, image: Image) -> Result<Vec<u8>, RenderError> {
    let mut child = Command::new("dot")
        .args(image.arguments())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => RenderError::GraphvizMissing,
            _ => RenderError::Graphviz { source: error },
        })?;

    // Writing and reading happen at once, so that neither side can wait for the other on a
    // full pipe.
    let stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let (written, out, err) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || match stdin {
            Some(mut stdin) => stdin.write_all(source.as_bytes()),
            None => Ok(()),
        });
        let errors = scope.spawn(move || {
            let mut text = String::new();
            if let Some(stderr) = stderr.as_mut() {
                let _ = stderr.read_to_string(&mut text);
            }
            text
        });
        let mut out = Vec::new();
        let read = match stdout.as_mut() {
            Some(stdout) => stdout.read_to_end(&mut out).map(|_| ()),
            None => Ok(()),
        };
        let written = writer.join().unwrap_or(Ok(()));
        let err = errors.join().unwrap_or_default();
        (written.and(read), out, err)
    });
    let status = child.wait().map_err(|source| RenderError::Graphviz { source })?;

    if !status.success() {
        return Err(RenderError::GraphvizFailed {
            status: status.to_string(),
            message: err.trim().to_string(),
        });
    }
    written.map_err(|source| RenderError::Graphviz { source })?;
    Ok(out)
}

/// Whether two PDF documents drawn by `dot` are the same but for their creation date.
///
/// Limitation: the PDF renderer of Graphviz (cairo) writes the time of drawing into every
/// document and has no way to fix it, so PDF bytes differ between runs; documents are
/// compared without the `/CreationDate` entry instead.
pub fn same_pdf(one: &[u8], other: &[u8]) -> bool {
    without_creation_date(one) == without_creation_date(other)
}

/// `pdf` with the value of its first `/CreationDate (...)` entry left out.
fn without_creation_date(pdf: &[u8]) -> Vec<u8> {
    const KEY: &[u8] = b"/CreationDate (";
    let Some(start) = pdf.windows(KEY.len()).position(|window| window == KEY) else {
        return pdf.to_vec();
    };
    let value = start + KEY.len();
    let rest = pdf.get(value..).unwrap_or_default();
    let Some(length) = rest.iter().position(|&byte| byte == b')') else {
        return pdf.to_vec();
    };
    let mut kept = pdf.get(..value).unwrap_or_default().to_vec();
    kept.extend_from_slice(rest.get(length..).unwrap_or_default());
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_that_differ_only_in_their_creation_date_are_the_same() {
        let one = b"%PDF<< /CreationDate (D:20240101120000Z) >>1";
        let other = b"%PDF<< /CreationDate (D:20250202130000+01'00) >>1";
        assert!(same_pdf(one, other));
        assert!(!same_pdf(one, b"%PDF<< /CreationDate (D:20240101120000Z) >>2"));
        assert!(same_pdf(b"%PDF no date", b"%PDF no date"));
    }
}
