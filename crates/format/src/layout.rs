//! Printing the tokens of a file in the canonical layout, with every comment where it was.
//!
//! Each significant token gets a separator from its [`Role`]: nothing, spaces, or a new line
//! at some indentation. Where the separator depends on what follows, such as whether a text
//! fits on the line it starts on, the printer looks ahead in the tokens. The comments before
//! a token are then placed by rules of their own, which only ever add line breaks: a comment
//! that stood on a line of its own gets a line of its own before the same token, and one
//! that stood after a token stays after it on the same line. Every token is printed exactly
//! once, in the order it was written.

use crate::role::{Role, Shape};
use crate::split::split;
use crate::token::{Token, TokenKind};

/// The columns a line should not go beyond.
pub(crate) const WIDTH: usize = 100;

/// The indentation of one level of braces, and of a line that goes on with the line above.
pub(crate) const INDENT: usize = 4;

/// What goes between a token and the one printed before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Separator {
    /// Nothing.
    Glue,
    /// This many spaces.
    Spaces(usize),
    /// A line break, then this indentation; after a blank line when `blank`.
    Line { indent: usize, blank: bool },
}

/// Prints `tokens`, whose roles are `roles`.
pub(crate) fn print(tokens: &[Token<'_>], roles: &[Role]) -> String {
    let mut printer = Printer {
        tokens,
        roles,
        out: String::new(),
        column: 0,
        indent: 0,
        anchor: None,
        text_broken: false,
        head_broken: false,
    };

    let mut comments_from = 0;
    let mut previous: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        if token.is_comment() {
            continue;
        }
        let comments = tokens.get(comments_from..index).unwrap_or_default();
        let separator = printer.separator(index, previous, comments.is_empty());
        let separator = printer.comments(comments, separator, Some(*token));
        printer.token(index, *token, separator);
        comments_from = index + 1;
        previous = Some(index);
    }
    let comments = tokens.get(comments_from..).unwrap_or_default();
    printer.comments(comments, Separator::Line { indent: 0, blank: true }, None);

    if !printer.out.is_empty() {
        printer.out.push('\n');
    }
    printer.out
}

struct Printer<'t, 's> {
    tokens: &'t [Token<'s>],
    roles: &'t [Role],
    out: String,
    /// The column the next character goes in.
    column: usize,
    /// The indentation of the items of the current body; 0 outside bodies.
    indent: usize,
    /// The column that lines continuing the current text or condition align with.
    anchor: Option<usize>,
    /// Whether the current text is laid out one string to a line.
    text_broken: bool,
    /// Whether the text of the current declaration did not fit on the line of its keyword.
    head_broken: bool,
}

impl Printer<'_, '_> {
    fn role(&self, index: usize) -> Role {
        self.roles.get(index).copied().unwrap_or(Role::Spaced)
    }

    /// Where a line that goes on with the current one starts.
    fn continuation(&self) -> usize {
        self.anchor.unwrap_or(self.indent + INDENT)
    }

    /// The separator before the significant token at `index`, from its role and, where the
    /// layout depends on it, from the tokens after it.
    fn separator(&mut self, index: usize, previous: Option<usize>, no_comments: bool) -> Separator {
        match self.role(index) {
            Role::Declaration => {
                self.head_broken = false;
                self.anchor = None;
                Separator::Line { indent: 0, blank: true }
            }
            Role::Spaced | Role::ConditionStart | Role::Comment => Separator::Spaces(1),
            Role::Glued => Separator::Glue,
            Role::Item => {
                self.anchor = None;
                Separator::Line { indent: self.indent, blank: false }
            }
            Role::ArmArrow { spaces } => Separator::Spaces(spaces),
            Role::Text { first: true, shape } => {
                let fits = self.text_fits(index, shape);
                self.text_broken = !fits;
                match shape {
                    Shape::Declaration if !fits => {
                        self.head_broken = true;
                        Separator::Line { indent: self.indent + INDENT, blank: false }
                    }
                    Shape::Label { spaces } => Separator::Spaces(spaces),
                    Shape::Declaration | Shape::Item => Separator::Spaces(1),
                }
            }
            Role::Text { first: false, .. } if self.text_broken => {
                Separator::Line { indent: self.continuation(), blank: false }
            }
            Role::Text { first: false, .. } => Separator::Spaces(1),
            Role::Open if self.head_broken => Separator::Line { indent: self.indent, blank: false },
            Role::Open => Separator::Spaces(1),
            Role::Close => {
                let empty = no_comments && previous.is_some_and(|at| self.role(at) == Role::Open);
                if empty {
                    Separator::Glue
                } else {
                    Separator::Line { indent: self.indent.saturating_sub(INDENT), blank: false }
                }
            }
            Role::Operator if self.operand_fits(index) => Separator::Spaces(1),
            Role::Operator => Separator::Line { indent: self.continuation(), blank: false },
        }
    }

    /// Whether the text whose first string is at `index` fits on the current line, with the
    /// comments inside it and, for the text of a declaration, the `{` after it.
    fn text_fits(&self, index: usize, shape: Shape) -> bool {
        let comments_before = self.comments_before(index);
        let mut width = match shape {
            Shape::Label { spaces } if comments_before.is_empty() => spaces,
            _ => 1,
        };
        for comment in comments_before {
            if breaks_line(*comment) {
                return false;
            }
            width += comment.width() + 1;
        }

        let mut pending = 0;
        for (offset, token) in self.tokens.iter().enumerate().skip(index) {
            let role = self.role(offset);
            match role {
                Role::Comment if breaks_line(*token) => {
                    pending = WIDTH + 1;
                }
                Role::Comment => pending += token.width() + 1,
                Role::Text { first: false, .. } => {
                    width += pending + 1 + token.width();
                    pending = 0;
                }
                Role::Text { first: true, .. } if offset == index => width += token.width(),
                Role::Open if shape == Shape::Declaration => {
                    width += pending + 2;
                    break;
                }
                _ => break,
            }
        }
        self.column + width <= WIDTH
    }

    /// Whether the part of a condition from the operator at `index` to the next operator
    /// outside parentheses fits on the current line.
    fn operand_fits(&self, index: usize) -> bool {
        let mut width = 0;
        let mut pending = 0;
        for (offset, token) in self.tokens.iter().enumerate().skip(index) {
            match self.role(offset) {
                Role::Comment if breaks_line(*token) => break,
                Role::Comment => pending += token.width() + 1,
                Role::Operator if offset != index => break,
                Role::Item | Role::Close | Role::Declaration => break,
                role => {
                    let space = usize::from(role != Role::Glued || pending > 0);
                    width += pending + space + token.width();
                    pending = 0;
                }
            }
        }
        self.column + width <= WIDTH
    }

    /// The comments right before the token at `index`.
    fn comments_before(&self, index: usize) -> &[Token<'_>] {
        let tokens = self.tokens.get(..index).unwrap_or_default();
        let start = tokens.iter().rposition(|token| !token.is_comment()).map_or(0, |at| at + 1);
        tokens.get(start..).unwrap_or_default()
    }

    /// Prints `comments`, which come before `token` (or the end of the file), and returns the
    /// separator to print before the token after them, which `separator` was before.
    fn comments(
        &mut self,
        comments: &[Token<'_>],
        separator: Separator,
        token: Option<Token<'_>>,
    ) -> Separator {
        let Some(last) = comments.last() else {
            return separator;
        };
        let closing = token.is_some_and(|token| token.kind == TokenKind::Close);
        // A `{` that a comment pushes onto a line of its own goes where a broken head puts
        // it, under the start of the declaration.
        let continuation = match token {
            Some(token) if token.kind == TokenKind::Open => self.indent,
            _ => self.continuation(),
        };

        let mut first_line = true;
        for comment in comments {
            if comment.starts_line() {
                let indent = match separator {
                    // A comment before a closing brace belongs to the body it closes.
                    Separator::Line { indent, .. } if closing => indent + INDENT,
                    Separator::Line { indent, .. } => indent,
                    Separator::Glue | Separator::Spaces(_) => continuation,
                };
                let blank = blank(separator, first_line, comment.breaks_before);
                self.new_line(indent, blank);
                first_line = false;
            } else {
                self.spaces(1);
            }
            self.push(comment.text);
        }

        let token_starts_line = token.is_none_or(Token::starts_line);
        let line_ended = last.kind == TokenKind::LineComment
            || (last.starts_line() && token_starts_line)
            || (last.text.contains('\n') && token_starts_line);
        match separator {
            // A block comment on a line of its own that the token followed on the same line
            // stays in front of the token.
            Separator::Line { .. } if last.starts_line() && !line_ended => Separator::Spaces(1),
            Separator::Line { indent, .. } => {
                let breaks = token.map_or(0, |token| token.breaks_before);
                Separator::Line { indent, blank: blank(separator, first_line, breaks) }
            }
            Separator::Glue | Separator::Spaces(_) if line_ended => {
                Separator::Line { indent: continuation, blank: false }
            }
            Separator::Glue | Separator::Spaces(_) => Separator::Spaces(1),
        }
    }

    /// Prints the significant token at `index` after `separator`, and keeps track of where
    /// the layout is.
    fn token(&mut self, index: usize, token: Token<'_>, separator: Separator) {
        let role = self.role(index);
        if role == Role::Close {
            self.indent = self.indent.saturating_sub(INDENT);
        }
        match separator {
            Separator::Glue => {}
            Separator::Spaces(count) => self.spaces(count),
            Separator::Line { indent, blank } => self.new_line(indent, blank),
        }

        match role {
            Role::Text { first, .. } => {
                if first {
                    self.anchor = Some(self.column);
                }
                self.string(token.text);
            }
            Role::ConditionStart => {
                self.anchor = Some(self.column);
                self.push(token.text);
            }
            Role::Open => {
                self.push(token.text);
                self.indent += INDENT;
                self.anchor = None;
            }
            Role::Close => {
                self.push(token.text);
                self.anchor = None;
            }
            _ => self.push(token.text),
        }
    }

    /// Prints a string of a text; in a text laid out one string to a line, a string too long
    /// for its line is split into strings on lines of their own.
    fn string(&mut self, literal: &str) {
        if !self.text_broken {
            self.push(literal);
            return;
        }
        let anchor = self.anchor.unwrap_or(self.column);
        for (number, piece) in split(literal, WIDTH.saturating_sub(anchor)).iter().enumerate() {
            if number > 0 {
                self.new_line(anchor, false);
            }
            self.push(piece);
        }
    }

    fn push(&mut self, text: &str) {
        self.out.push_str(text);
        match text.rfind('\n') {
            Some(at) => self.column = text.get(at + 1..).map_or(0, |last| last.chars().count()),
            None => self.column += text.chars().count(),
        }
    }

    fn spaces(&mut self, count: usize) {
        if !self.out.is_empty() {
            self.push(&" ".repeat(count));
        }
    }

    /// Ends the line, after a blank line when `blank`, and indents the next; nothing at the
    /// start of the file.
    fn new_line(&mut self, indent: usize, blank: bool) {
        if self.out.is_empty() {
            return;
        }
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        self.out.push_str(&" ".repeat(indent));
        self.column = indent;
    }
}

/// Whether a comment makes the line it is on end: a line comment, one that stood on a line of
/// its own, or a block comment that spans lines.
fn breaks_line(comment: Token<'_>) -> bool {
    comment.kind == TokenKind::LineComment || comment.starts_line() || comment.text.contains('\n')
}

/// Whether a line that starts before a token with `separator` gets a blank line before it.
/// Only declarations and the end of the file are set apart by blank lines: the first line
/// before them always, and the lines of comments before them where the author left one.
fn blank(separator: Separator, first_line: bool, breaks_before: usize) -> bool {
    match separator {
        Separator::Line { blank: true, .. } => first_line || breaks_before >= 2,
        _ => false,
    }
}
