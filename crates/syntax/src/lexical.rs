//! A first pass over the raw text that finds the mistakes pest reports poorly: strings that
//! are never closed, block comments that are never closed, and escapes that mean nothing.
//!
//! Pest would report each of these far from its cause (a string that runs to the end of the
//! line fails at the line break, a comment that is never closed fails at its first `/`), so
//! this pass finds them first and points at the opening quote or slash instead.

use crate::Span;
use crate::error::{SyntaxError, SyntaxErrorKind};

/// How deep parentheses may nest. The parser descends once per level, so the bound keeps a
/// hostile file from exhausting the stack.
pub(crate) const MAX_DEPTH: usize = 64;

/// Scans `source` once, from start to end, and returns every lexical mistake in it.
pub(crate) fn scan(source: &str) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut depth = 0usize;

    while let Some(&byte) = bytes.get(at) {
        at = match byte {
            b'(' => {
                depth += 1;
                if depth == MAX_DEPTH + 1 {
                    let kind = SyntaxErrorKind::TooDeep { limit: MAX_DEPTH };
                    errors.push(SyntaxError::new(kind, Span::new(at, at + 1)));
                }
                at + 1
            }
            b')' => {
                depth = depth.saturating_sub(1);
                at + 1
            }
            b'"' => scan_string(source, at, &mut errors),
            b'/' if bytes.get(at + 1) == Some(&b'/') => line_end(bytes, at),
            b'/' if bytes.get(at + 1) == Some(&b'*') => match source[at + 2..].find("*/") {
                Some(offset) => at + 2 + offset + 2,
                None => {
                    let span = Span::new(at, at + 2);
                    errors.push(SyntaxError::new(SyntaxErrorKind::UnterminatedComment, span));
                    bytes.len()
                }
            },
            _ => at + 1,
        };
    }

    errors
}

/// Scans the string that opens at `open` and returns the offset just after it.
fn scan_string(source: &str, open: usize, errors: &mut Vec<SyntaxError>) -> usize {
    let bytes = source.as_bytes();
    let mut at = open + 1;

    loop {
        match bytes.get(at) {
            Some(b'"') => return at + 1,
            Some(b'\\') => {
                let length = escape_length(&source[at..]);
                if let Err(length) = length {
                    let span = Span::new(at, at + length);
                    let escape = source[span.range()].to_string();
                    errors.push(SyntaxError::new(SyntaxErrorKind::InvalidEscape { escape }, span));
                }
                at += length.unwrap_or_else(|length| length).max(1);
            }
            None | Some(b'\n' | b'\r') => {
                let span = Span::new(open, at);
                errors.push(SyntaxError::new(SyntaxErrorKind::UnterminatedString, span));
                return line_end(bytes, at);
            }
            Some(_) => at += 1,
        }
    }
}

/// The length in bytes of the escape at the start of `rest`: `Ok` when it is valid, `Err`
/// with the length of the part to point at when it is not.
fn escape_length(rest: &str) -> Result<usize, usize> {
    let mut chars = rest.char_indices().skip(1);
    let Some((_, kind)) = chars.next() else {
        return Err(1);
    };
    match kind {
        '"' | '\\' | 'n' | 't' => Ok(2),
        'u' => unicode_escape_length(rest),
        '\n' | '\r' => Err(1),
        other => Err(1 + other.len_utf8()),
    }
}

/// The length of a `\u{...}` escape at the start of `rest`, which must name a character.
fn unicode_escape_length(rest: &str) -> Result<usize, usize> {
    let Some(body) = rest.get(2..).and_then(|after| after.strip_prefix('{')) else {
        return Err(2);
    };
    let Some(close) = body.find(['}', '"', '\n']) else {
        return Err(3);
    };
    let digits = &body[..close];
    let closed = body[close..].starts_with('}');
    let length = 3 + close + usize::from(closed);
    let valid = closed
        && (1..=6).contains(&digits.len())
        && u32::from_str_radix(digits, 16).ok().and_then(char::from_u32).is_some();
    if valid { Ok(length) } else { Err(length) }
}

/// The offset of the line break at or after `at`, or the end of the text.
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes.iter().skip(at).position(|&byte| byte == b'\n').map_or(bytes.len(), |offset| at + offset)
}

/// Decodes the escapes in the content of a string that [`scan`] found valid.
///
/// An escape that is not valid, which `scan` has already reported, is kept as written.
pub(crate) fn unescape(content: &str) -> String {
    let mut value = String::with_capacity(content.len());
    let mut rest = content;

    while let Some(backslash) = rest.find('\\') {
        value.push_str(&rest[..backslash]);
        rest = &rest[backslash..];
        let length = escape_length(rest).unwrap_or_else(|length| length).max(1);
        let escape = &rest[..length.min(rest.len())];
        match decode_escape(escape) {
            Some(decoded) => value.push(decoded),
            None => value.push_str(escape),
        }
        rest = &rest[escape.len()..];
    }

    value.push_str(rest);
    value
}

/// The character a valid escape stands for.
fn decode_escape(escape: &str) -> Option<char> {
    match escape {
        "\\\"" => Some('"'),
        "\\\\" => Some('\\'),
        "\\n" => Some('\n'),
        "\\t" => Some('\t'),
        _ => {
            let digits = escape.strip_prefix("\\u{")?.strip_suffix('}')?;
            u32::from_str_radix(digits, 16).ok().and_then(char::from_u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(SyntaxErrorKind, Span)> {
        scan(source).into_iter().map(|error| (error.kind, error.span)).collect()
    }

    #[test]
    fn clean_text_has_no_mistakes() {
        let source = "question a \"Is \\\"dit\\\" \\u{e9}?\" { } // \"not a string\n/* \" */";
        assert_eq!(kinds(source), vec![]);
    }

    #[test]
    fn string_that_runs_to_the_line_end_is_unterminated() {
        let source = "title \"Hallo\n\"ok\"";
        assert_eq!(kinds(source), vec![(SyntaxErrorKind::UnterminatedString, Span::new(6, 12))]);
    }

    #[test]
    fn string_at_the_end_of_the_file_is_unterminated() {
        assert_eq!(kinds("x \"abc"), vec![(SyntaxErrorKind::UnterminatedString, Span::new(2, 6))]);
    }

    #[test]
    fn comment_that_is_never_closed_points_at_its_opening() {
        assert_eq!(kinds("a /* b"), vec![(SyntaxErrorKind::UnterminatedComment, Span::new(2, 4))]);
    }

    #[test]
    fn unknown_and_malformed_escapes_are_each_reported() {
        let found = kinds("\"\\q \\u{d800} \\u{110000} \\u{12\" \"\\u{1F600}\"");
        let escapes: Vec<String> = found
            .into_iter()
            .map(|(kind, _)| match kind {
                SyntaxErrorKind::InvalidEscape { escape } => escape,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(escapes, ["\\q", "\\u{d800}", "\\u{110000}", "\\u{12"]);
    }

    #[test]
    fn deep_parentheses_are_refused_once() {
        let source = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        let found = kinds(&source);
        assert_eq!(found, vec![(SyntaxErrorKind::TooDeep { limit: MAX_DEPTH }, Span::new(64, 65))]);
        assert_eq!(kinds(&format!("{}x{}", "(".repeat(64), ")".repeat(64))), vec![]);
    }

    #[test]
    fn escapes_decode_to_their_characters() {
        assert_eq!(unescape("a\\\"b\\\\c\\nd\\te\\u{E9}"), "a\"b\\c\nd\te\u{e9}");
        assert_eq!(unescape("geen escape"), "geen escape");
    }
}
