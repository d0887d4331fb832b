//! What every document does to the author's texts before escaping them for its format:
//! control characters made harmless, and long sentences wrapped for diagrams.

/// `text` with tabs made spaces and every other control character except the line break
/// replaced by U+FFFD, since no output format can show them and some (SVG, XML) refuse them.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            '\n' => '\n',
            c if c.is_control() => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect()
}

/// The lines of `text` wrapped to at most `width` columns, breaking only at spaces and at
/// the author's line breaks; a word longer than `width` gets a line of its own and is never
/// cut.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&clean(text), options).into_iter().map(|line| line.into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_replaced_but_line_breaks_kept() {
        assert_eq!(clean("a\tb\nc\u{1}d\u{7f}"), "a b\nc\u{fffd}d\u{fffd}");
    }

    #[test]
    fn wrapping_breaks_at_spaces_only_and_never_cuts_a_word() {
        let lines = wrap("wet- en regelgeving zijn/haar https://example.org/a/very/long/path", 10);
        assert_eq!(
            lines,
            ["wet- en", "regelgeving", "zijn/haar", "https://example.org/a/very/long/path"]
        );
    }

    #[test]
    fn wrapping_keeps_the_authors_line_breaks() {
        assert_eq!(wrap("one\ntwo three", 40), ["one", "two three"]);
    }
}
