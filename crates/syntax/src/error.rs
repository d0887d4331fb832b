//! The syntax errors a policy file can have, in words for policy authors.

use std::fmt;

use crate::diagnostic::{Diagnostic, Kind};

/// A syntax error: a [`SyntaxErrorKind`] at a span.
pub type SyntaxError = Diagnostic<SyntaxErrorKind>;

/// What is wrong with the text of a policy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The parser met something it did not expect.
    Unexpected {
        /// What could have stood here, in words, such as "`{`" or "a name".
        expected: Vec<String>,
        /// What stands here, in words.
        found: String,
        /// The declaration the parser was in, for the help line.
        context: Context,
        /// The expected keyword that what stands here is most likely a misspelling of.
        suggestion: Option<String>,
    },
    /// A string that is not closed on its line.
    UnterminatedString,
    /// A block comment that is never closed.
    UnterminatedComment,
    /// Parentheses nested deeper than the parser allows.
    TooDeep {
        /// The deepest nesting allowed.
        limit: usize,
    },
    /// A backslash escape that means nothing.
    InvalidEscape {
        /// The escape as written.
        escape: String,
    },
}

/// Where in a policy file a syntax error was found, so that the help can show what belongs
/// there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Between declarations.
    TopLevel,
    /// In the `policy` header.
    Policy,
    /// In an `answers` set or the `verdicts`.
    LabelledList,
    /// In a `question`.
    Question,
    /// In a `step`.
    Step,
    /// In an `outcome`.
    Outcome,
    /// In a `recall`.
    Recall,
    /// In a `scenario`.
    Scenario,
    /// In an `invariant`.
    Invariant,
}

impl fmt::Display for SyntaxErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxErrorKind::Unexpected { expected, found, .. } => {
                write!(f, "expected {}, found {found}", one_of(expected))
            }
            SyntaxErrorKind::UnterminatedString => f.write_str("this string is never closed"),
            SyntaxErrorKind::UnterminatedComment => {
                f.write_str("this block comment is never closed")
            }
            SyntaxErrorKind::InvalidEscape { escape } => {
                write!(f, "`{escape}` is not a valid escape")
            }
            SyntaxErrorKind::TooDeep { limit } => {
                write!(f, "parentheses are nested more than {limit} deep")
            }
        }
    }
}

impl Kind for SyntaxErrorKind {
    fn code(&self) -> &'static str {
        match self {
            SyntaxErrorKind::Unexpected { .. } => "stroom::syntax::unexpected",
            SyntaxErrorKind::UnterminatedString => "stroom::syntax::unterminated_string",
            SyntaxErrorKind::UnterminatedComment => "stroom::syntax::unterminated_comment",
            SyntaxErrorKind::InvalidEscape { .. } => "stroom::syntax::invalid_escape",
            SyntaxErrorKind::TooDeep { .. } => "stroom::syntax::too_deep",
        }
    }

    fn label(&self) -> String {
        match self {
            SyntaxErrorKind::Unexpected { expected, .. } => {
                format!("expected {}", one_of(expected))
            }
            SyntaxErrorKind::UnterminatedString => "string opened here".to_string(),
            SyntaxErrorKind::UnterminatedComment => "comment opened here".to_string(),
            SyntaxErrorKind::InvalidEscape { .. } => "unknown escape".to_string(),
            SyntaxErrorKind::TooDeep { .. } => "one level too many".to_string(),
        }
    }

    fn help(&self) -> String {
        match self {
            SyntaxErrorKind::Unexpected { suggestion: Some(keyword), .. } => {
                format!("did you mean `{keyword}`?")
            }
            SyntaxErrorKind::Unexpected { context, .. } => context.help().to_string(),
            SyntaxErrorKind::UnterminatedString => "close the string with `\"` on the same line; \
                to go on on the next line, close it and open a new string there: adjacent \
                strings are joined with a space"
                .to_string(),
            SyntaxErrorKind::UnterminatedComment => {
                "close the comment with `*/`; block comments do not nest".to_string()
            }
            SyntaxErrorKind::TooDeep { .. } => {
                "split the condition into simpler ones, or into several invariants".to_string()
            }
            SyntaxErrorKind::InvalidEscape { .. } => {
                "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` \
                and `\\u{...}` with the hexadecimal code of a character; write a backslash as \
                `\\\\`"
                    .to_string()
            }
        }
    }
}

impl Context {
    /// What belongs in this place, as a help line.
    fn help(self) -> &'static str {
        match self {
            Context::TopLevel => {
                "a policy file is a sequence of declarations, each starting with `policy`, \
                 `answers`, `verdicts`, `question`, `step`, `outcome` or `recall`"
            }
            Context::Policy => {
                "the policy header holds `title \"...\"`, `intro \"...\"`, `source \"...\"`, \
                 `language nl` and `start first_question`"
            }
            Context::LabelledList => {
                "write each entry as a name with an optional label, such as `ja \"Ja\"`"
            }
            Context::Question => {
                "a question is written `question id (answer_set) \"Text?\" { ... }` and its \
                 body holds `explain \"...\"`, `law \"...\"` and one arm per answer, such as \
                 `ja -> next_node`"
            }
            Context::Step => {
                "a step is written `step id \"Text\" { -> next_node }`; its body may also hold \
                 `explain \"...\"` and `law \"...\"`"
            }
            Context::Outcome => {
                "an outcome is written `outcome id (verdict) \"Text\"`, optionally followed by \
                 a body with `note \"...\"`, `explain \"...\"` and `law \"...\"`"
            }
            Context::Recall => {
                "a recall is written `recall id on question { answer -> next_node ... }`"
            }
            Context::Scenario => {
                "a scenario is written `scenario id { given question = answer, ... expect \
                 outcome_id }`, or `expect next question_id` when the answers stop early"
            }
            Context::Invariant => {
                "an invariant is written `invariant id { when condition then condition }`; a \
                 condition combines `question = answer`, `outcome = id`, `verdict = id`, \
                 `asked question` and `reaches node` with `and`, `or`, `not` and parentheses"
            }
        }
    }
}

/// Joins alternatives as "a", "a or b", "a, b or c".
fn one_of(alternatives: &[String]) -> String {
    match alternatives {
        [] => "something else".to_string(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
