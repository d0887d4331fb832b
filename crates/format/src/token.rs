//! The lossless token stream the formatter prints: every name, keyword, string, punctuation
//! mark and comment of a file, in order, each with the number of line breaks before it.
//!
//! The syntax tree has no comments, so the formatter works on these tokens instead. White
//! space is the only thing the stream drops, and the line breaks it held are kept as a count
//! on the token that follows, which is what tells a comment on a line of its own from one
//! at the end of a line. The rules for strings and comments are those of the syntax crate's
//! lexical pass: a string runs to the first `"` that no backslash escapes, a line comment to
//! the end of its line, and a block comment to the first `*/`.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A name, a keyword or a language tag such as `nl-BE`.
    Word,
    /// A string literal, quotes included.
    String,
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `(`.
    OpenParen,
    /// `)`.
    CloseParen,
    /// `->`.
    Arrow,
    /// `=`.
    Equal,
    /// `!=`.
    NotEqual,
    /// `,`.
    Comma,
    /// `// ...`, without the line break that ends it and without trailing white space.
    LineComment,
    /// `/* ... */`.
    BlockComment,
    /// A character no other kind takes; a file that parses has none.
    Other,
}

/// One token of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'s> {
    /// What the token is.
    pub(crate) kind: TokenKind,
    /// The token as written.
    pub(crate) text: &'s str,
    /// The line breaks in the white space before the token; the start of the file counts as
    /// one, since what stands there stands at the start of a line.
    pub(crate) breaks_before: usize,
}

impl Token<'_> {
    /// Whether the token is a comment.
    pub(crate) fn is_comment(self) -> bool {
        matches!(self.kind, TokenKind::LineComment | TokenKind::BlockComment)
    }

    /// Whether the token stood at the start of a line.
    pub(crate) fn starts_line(self) -> bool {
        self.breaks_before > 0
    }

    /// The width of the token in columns, counted in characters.
    pub(crate) fn width(self) -> usize {
        self.text.chars().count()
    }
}

/// Splits `source`, which must have parsed, into its tokens.
///
/// Nothing but white space is left out, so joining the tokens with the white space between
/// them gives `source` back.
pub(crate) fn tokens(source: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = source;
    let mut breaks_before = 1;

    while let Some(first) = rest.chars().next() {
        if matches!(first, ' ' | '\t' | '\r' | '\n') {
            breaks_before += usize::from(first == '\n');
            rest = rest.get(first.len_utf8()..).unwrap_or_default();
            continue;
        }
        let (kind, length) = token_at(rest, first);
        let length = length.clamp(first.len_utf8(), rest.len());
        let Some((text, after)) = rest.split_at_checked(length) else {
            // Every length above ends on a character boundary; this keeps the rest anyway.
            tokens.push(Token { kind: TokenKind::Other, text: rest, breaks_before });
            break;
        };
        let text = if kind == TokenKind::LineComment { text.trim_end() } else { text };
        tokens.push(Token { kind, text, breaks_before });
        breaks_before = 0;
        rest = after;
    }

    tokens
}

/// The kind and the length in bytes of the token at the start of `rest`, whose first
/// character is `first`.
fn token_at(rest: &str, first: char) -> (TokenKind, usize) {
    let punctuation = |kind| (kind, 1);
    match first {
        '{' => punctuation(TokenKind::Open),
        '}' => punctuation(TokenKind::Close),
        '(' => punctuation(TokenKind::OpenParen),
        ')' => punctuation(TokenKind::CloseParen),
        ',' => punctuation(TokenKind::Comma),
        '=' => punctuation(TokenKind::Equal),
        '"' => (TokenKind::String, string_length(rest)),
        '-' if rest.starts_with("->") => (TokenKind::Arrow, 2),
        '!' if rest.starts_with("!=") => (TokenKind::NotEqual, 2),
        '/' if rest.starts_with("//") => {
            (TokenKind::LineComment, rest.find('\n').unwrap_or(rest.len()))
        }
        '/' if rest.starts_with("/*") => {
            let end = rest.get(2..).and_then(|body| body.find("*/")).map(|at| at + 4);
            (TokenKind::BlockComment, end.unwrap_or(rest.len()))
        }
        c if is_word_char(c) => (TokenKind::Word, word_length(rest)),
        other => (TokenKind::Other, other.len_utf8()),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The length of the name, keyword or language tag at the start of `rest`. A hyphen belongs
/// to it only when a letter or digit follows, as in `nl-BE`; elsewhere a hyphen starts `->`.
fn word_length(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut at = 0;
    loop {
        match bytes.get(at) {
            Some(&byte) if is_word_char(char::from(byte)) => at += 1,
            Some(b'-') if bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => at += 1,
            _ => return at,
        }
    }
}

/// The length of the string literal at the start of `rest`, up to and with its closing
/// quote, or up to the end of the line when it is not closed.
fn string_length(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut at = 1;
    loop {
        match bytes.get(at) {
            Some(b'"') => return at + 1,
            // The escaped character is never a line break in a file that parsed, and skipping
            // it keeps an escaped quote from closing the string.
            Some(b'\\') if bytes.get(at + 1).is_some_and(|&next| next != b'\n') => at += 2,
            None | Some(b'\n') => return at,
            Some(_) => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(TokenKind, &str, usize)> {
        tokens(source)
            .into_iter()
            .map(|token| (token.kind, token.text, token.breaks_before))
            .collect()
    }

    #[test]
    fn every_kind_of_token_is_told_apart() {
        use TokenKind::*;
        let found = kinds("a->b{ ( x != y ) , = } \"s\" -> // c  \n/* d */ nl-BE");
        assert_eq!(
            found,
            [
                (Word, "a", 1),
                (Arrow, "->", 0),
                (Word, "b", 0),
                (Open, "{", 0),
                (OpenParen, "(", 0),
                (Word, "x", 0),
                (NotEqual, "!=", 0),
                (Word, "y", 0),
                (CloseParen, ")", 0),
                (Comma, ",", 0),
                (Equal, "=", 0),
                (Close, "}", 0),
                (String, "\"s\"", 0),
                (Arrow, "->", 0),
                (LineComment, "// c", 0),
                (BlockComment, "/* d */", 1),
                (Word, "nl-BE", 0),
            ]
        );
    }

    #[test]
    fn strings_keep_their_escapes_and_hide_comment_marks() {
        let found = kinds(r#""a \" // b \\" /* "c */"#);
        assert_eq!(found[0], (TokenKind::String, r#""a \" // b \\""#, 1));
        assert_eq!(found[1], (TokenKind::BlockComment, r#"/* "c */"#, 0));
    }

    #[test]
    fn line_breaks_are_counted_and_carriage_returns_are_white_space() {
        let found = kinds("a\r\n\r\n  b // c\r\nd");
        assert_eq!(
            found,
            [
                (TokenKind::Word, "a", 1),
                (TokenKind::Word, "b", 2),
                (TokenKind::LineComment, "// c", 0),
                (TokenKind::Word, "d", 1),
            ]
        );
    }

    #[test]
    fn block_comments_do_not_nest() {
        let found = kinds("/* a /* b */ c");
        assert_eq!(found[0], (TokenKind::BlockComment, "/* a /* b */", 1));
        assert_eq!(found[1], (TokenKind::Word, "c", 0));
    }
}
