//! The texts of generated policies: short ones, and long ones split over many string
//! literals, with escapes and characters outside ASCII, as real policies have them.

use crate::random::Random;

/// Words texts are made of, as they appear between the quotes: some need UTF-8 beyond ASCII
/// and some are escapes, so that the lexical scan and the escaping of every renderer get
/// work to do.
const WORDS: [&str; 24] = [
    "the",
    "person",
    "data",
    "consent",
    "shared",
    "court",
    "order",
    "care",
    "plan",
    "één",
    "naïef",
    "Straße",
    "‘quoted’",
    "\\\"escaped\\\"",
    "caf\\u{e9}",
    "tab\\there",
    "<b>&amp;</b>",
    "[link](x)",
    "`code`",
    "#heading",
    "risk",
    "harm",
    "policy",
    "record",
];

/// How many words a long text has at most.
const LONG_WORDS: usize = 120;

/// How many words one string literal of a long text holds.
const WORDS_PER_LITERAL: usize = 9;

/// A text as string literals without their quotes, ending in `end` (such as `?`).
pub(crate) fn text(random: &mut Random, long: bool, end: &str) -> Vec<String> {
    let count =
        if long { random.between(WORDS_PER_LITERAL, LONG_WORDS) } else { random.between(2, 6) };
    let words: Vec<&str> =
        (0..count).map(|_| random.pick(&WORDS).copied().unwrap_or("word")).collect();
    let mut literals: Vec<String> =
        words.chunks(WORDS_PER_LITERAL).map(|chunk| chunk.join(" ")).collect();
    match literals.last_mut() {
        Some(last) => last.push_str(end),
        None => literals.push(format!("text{end}")),
    }
    literals
}

#[cfg(test)]
mod tests {
    use super::text;
    use crate::random::Random;

    #[test]
    fn a_text_ends_as_asked_and_long_texts_span_several_literals() {
        let mut random = Random::new(3);
        let short = text(&mut random, false, "?");
        assert_eq!(short.len(), 1);
        assert!(short[0].ends_with('?'));
        let long: Vec<_> = (0..20).map(|_| text(&mut random, true, ".").len()).collect();
        assert!(long.iter().any(|&literals| literals > 3), "{long:?}");
    }
}
