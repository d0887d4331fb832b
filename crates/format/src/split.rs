//! Splitting a long string literal into adjacent literals that fit on their lines.
//!
//! Adjacent strings of a text are joined with exactly one space, so a literal may be split
//! at a space: the space goes, and the join puts it back. Only a single space between two
//! other characters qualifies, never one of a run of spaces or one at either end, and never
//! a character inside an escape, so the decoded text stays byte for byte the same.

/// Splits `literal`, a string literal with its quotes, into literals that each fit in `width`
/// columns where the content allows, splitting at the last space that lets a piece fit.
///
/// A piece that cannot be made to fit ends at the first space it can end at, or is the whole
/// rest when there is none. Splitting a piece again gives it back unchanged.
pub(crate) fn split(literal: &str, width: usize) -> Vec<String> {
    let Some(content) = literal.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')) else {
        return vec![literal.to_string()];
    };

    let mut pieces = Vec::new();
    let mut rest = content;
    loop {
        let spaces = split_points(rest);
        let fits = |at: &usize| rest.get(..*at).is_some_and(|piece| columns(piece) <= width);
        let at = if columns(rest) <= width {
            None
        } else {
            spaces.iter().rev().copied().find(fits).or(spaces.first().copied())
        };
        match at.and_then(|at| Some((rest.get(..at)?, rest.get(at + 1..)?))) {
            Some((piece, after)) => {
                pieces.push(format!("\"{piece}\""));
                rest = after;
            }
            None => {
                pieces.push(format!("\"{rest}\""));
                return pieces;
            }
        }
    }
}

/// The columns a piece of content takes as a literal, quotes included.
fn columns(content: &str) -> usize {
    content.chars().count() + 2
}

/// The byte offsets of the spaces in `content` where it may be split: single spaces outside
/// escapes, with a character other than a space on either side.
fn split_points(content: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut chars = content.char_indices().peekable();
    let mut before = None;

    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                // Skip the escape, so that nothing inside it is taken for a space; `\u{...}`
                // runs to its closing brace.
                if let Some((_, 'u')) = chars.next() {
                    for (_, inner) in chars.by_ref() {
                        if inner == '}' {
                            break;
                        }
                    }
                }
            }
            ' ' => {
                let after = chars.peek().map(|&(_, next)| next);
                let single = before.is_some_and(|b| b != ' ') && after.is_some_and(|a| a != ' ');
                if single {
                    points.push(at);
                }
            }
            _ => {}
        }
        before = Some(c);
    }

    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_last_space_that_fits() {
        assert_eq!(split("\"aaa bbb ccc\"", 9), ["\"aaa bbb\"", "\"ccc\""]);
        assert_eq!(split("\"aaa bbb ccc\"", 13), ["\"aaa bbb ccc\""]);
        assert_eq!(split("\"aaa bbb ccc\"", 5), ["\"aaa\"", "\"bbb\"", "\"ccc\""]);
    }

    #[test]
    fn a_piece_that_cannot_fit_ends_at_its_first_space() {
        assert_eq!(split("\"abcdefgh ij kl\"", 5), ["\"abcdefgh\"", "\"ij\"", "\"kl\""]);
        assert_eq!(split("\"abcdefgh\"", 5), ["\"abcdefgh\""]);
    }

    #[test]
    fn runs_of_spaces_ends_and_escapes_are_never_split() {
        assert_eq!(split_points("a  b"), Vec::<usize>::new());
        assert_eq!(split_points(" a b "), [2]);
        assert_eq!(split_points("a\\u{20} b"), [7]);
        assert_eq!(split_points("a\\\" b\\\\ c"), [3, 7]);
    }

    #[test]
    fn splitting_again_changes_nothing() {
        let pieces = split("\"een twee drie vier vijf zes zeven acht\"", 12);
        for piece in &pieces {
            assert_eq!(split(piece, 12), std::slice::from_ref(piece));
        }
    }
}
