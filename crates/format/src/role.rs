//! The shape of the grammar, as a small state machine over the tokens: it gives every token
//! the part it plays in the layout, such as the keyword that starts a declaration, the first
//! token of an item in a body, a string of a text, or an `and` where a long condition may
//! break.
//!
//! The machine runs only over files that parsed, so it can tell keywords from names by their
//! place alone: `law` starts an item when a string follows it and is an answer when `->`
//! does. It never fails: a token it does not expect gets [`Role::Spaced`], so every token is
//! printed whatever the machine thinks of it.

use crate::token::{Token, TokenKind};

/// The part a token plays in the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A comment, placed by the printer's rules for comments.
    Comment,
    /// The keyword that starts a declaration, at the start of a line after a blank line.
    Declaration,
    /// A token one space after the one before it.
    Spaced,
    /// A token directly after the one before it: `)`, `,`, and what follows `(`.
    Glued,
    /// The first token of an item in a body, at the start of a line.
    Item,
    /// The arrow of an arm, after as many spaces as make the arrows of a body line up.
    ArmArrow {
        /// The spaces before the arrow.
        spaces: usize,
    },
    /// A string of a text.
    Text {
        /// Whether it is the first string of its text.
        first: bool,
        /// How the text is laid out when it does not fit on its line.
        shape: Shape,
    },
    /// The `{` that opens a body.
    Open,
    /// The `}` that closes a body.
    Close,
    /// The first token of a condition; lines the condition continues on align with it.
    ConditionStart,
    /// An `and` or `or` outside parentheses, where a long condition may go on on a new line.
    Operator,
}

/// How a text is laid out when it does not fit on the line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The text of a question, step or outcome: its strings go on lines of their own,
    /// indented under the keyword, and the `{` of the body on a line of its own.
    Declaration,
    /// The text of a header field or a body item: its strings align under the first.
    Item,
    /// The label of an answer or verdict: like an item, after as many spaces as make the
    /// labels of the list line up.
    Label {
        /// The spaces between the id and the label.
        spaces: usize,
    },
}

/// The roles of `tokens`, one for each token.
pub(crate) fn roles(tokens: &[Token<'_>]) -> Vec<Role> {
    let significant: Vec<usize> = (0..tokens.len())
        .filter(|&index| tokens.get(index).is_some_and(|token| !token.is_comment()))
        .collect();
    let mut machine = Machine { roles: vec![Role::Comment; tokens.len()], ..Machine::default() };

    let mut previous = None;
    for (position, &index) in significant.iter().enumerate() {
        let Some(&token) = tokens.get(index) else { continue };
        let next = significant.get(position + 1).and_then(|&next| tokens.get(next)).copied();
        let role = machine.role(index, token, previous, next);
        if let Some(slot) = machine.roles.get_mut(index) {
            *slot = role;
        }
        previous = Some(token);
    }

    machine.roles
}

/// The kind of declaration the machine is in, from its keyword.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Declaration {
    Policy,
    List,
    Node,
    Outcome,
    Scenario,
    Invariant,
    #[default]
    Unknown,
}

impl Declaration {
    fn of(keyword: &str) -> Declaration {
        match keyword {
            "policy" => Declaration::Policy,
            "answers" | "verdicts" => Declaration::List,
            "question" | "step" | "recall" => Declaration::Node,
            "outcome" => Declaration::Outcome,
            "scenario" => Declaration::Scenario,
            "invariant" => Declaration::Invariant,
            _ => Declaration::Unknown,
        }
    }
}

/// Where in the file the machine is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Place {
    /// Between declarations.
    #[default]
    Top,
    /// In a declaration, before its body.
    Head(Declaration),
    /// In the body of a declaration.
    Body(Declaration),
}

/// Where in an item of a body the machine is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Phase {
    /// Between items: the next name starts one.
    #[default]
    Between,
    /// After a header keyword that takes a name, `language` or `start`.
    HeaderValue,
    /// After the answer of an arm, of this width.
    Answer(usize),
    /// In an item that a name cannot end, such as a text.
    Open,
    /// After `given`, or after `,` in a `given` line: a question comes next.
    Given,
    /// After the question of an assignment.
    Assigned,
    /// After `expect`.
    Expect,
    /// After `expect next`.
    ExpectNext,
    /// In a condition.
    Condition(Condition),
}

/// Where in a condition the machine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Condition {
    /// Where a condition or a part of one starts, after `when`, `then`, `and`, `or`, `not` or
    /// `(`.
    Start,
    /// After `asked` or `reaches`: a name comes next.
    Name,
    /// After the subject of a comparison: `=` or `!=` comes next.
    Compare,
    /// After `=` or `!=`: a name comes next.
    Object,
    /// After a whole comparison, `asked NAME`, `reaches NAME` or `)`.
    Done,
}

/// The state of the machine.
#[derive(Default)]
struct Machine {
    place: Place,
    /// Whether the head of the current declaration has had its text.
    head_text: bool,
    phase: Phase,
    /// Whether the next token is the first of a condition.
    condition_start: bool,
    /// How deep in parentheses the current condition is.
    depth: usize,
    /// The arrows of the arms in the current body, with the width of each arm's answer.
    arrows: Vec<(usize, usize)>,
    /// The first strings of the labels in the current list, with the width of each id.
    labels: Vec<(usize, usize)>,
    roles: Vec<Role>,
}

impl Machine {
    fn role(
        &mut self,
        index: usize,
        token: Token<'_>,
        previous: Option<Token<'_>>,
        next: Option<Token<'_>>,
    ) -> Role {
        let after = |kind| previous.is_some_and(|previous| previous.kind == kind);
        match (self.place, token.kind) {
            (Place::Top, TokenKind::Word) => self.declaration(token),
            (Place::Top, _) => Role::Spaced,

            (Place::Head(Declaration::Outcome), TokenKind::Word) if self.head_text => {
                // An outcome without a body ends at its text; this word starts the next
                // declaration.
                self.declaration(token)
            }
            (Place::Head(_), TokenKind::String) => {
                self.head_text = true;
                text(after(TokenKind::String), Shape::Declaration)
            }
            (Place::Head(declaration), TokenKind::Open) => {
                self.place = Place::Body(declaration);
                self.phase = Phase::Between;
                Role::Open
            }
            (Place::Head(_), TokenKind::CloseParen) => Role::Glued,
            (Place::Head(_), _) if after(TokenKind::OpenParen) => Role::Glued,
            (Place::Head(_), _) => Role::Spaced,

            (Place::Body(_), TokenKind::Close) => self.close(),
            (Place::Body(declaration), _) => {
                self.body(declaration, index, token, previous, next, after(TokenKind::String))
            }
        }
    }

    fn declaration(&mut self, keyword: Token<'_>) -> Role {
        self.place = Place::Head(Declaration::of(keyword.text));
        self.head_text = false;
        Role::Declaration
    }

    /// Ends a body, and lines up the arrows and labels in it.
    fn close(&mut self) -> Role {
        let widest = |entries: &[(usize, usize)]| entries.iter().map(|&(_, width)| width).max();
        if let Some(widest) = widest(&self.arrows) {
            for &(index, width) in &self.arrows {
                if let Some(role) = self.roles.get_mut(index) {
                    *role = Role::ArmArrow { spaces: widest - width + 1 };
                }
            }
        }
        if let Some(widest) = widest(&self.labels) {
            for &(index, width) in &self.labels {
                if let Some(role) = self.roles.get_mut(index) {
                    let shape = Shape::Label { spaces: widest - width + 1 };
                    *role = Role::Text { first: true, shape };
                }
            }
        }
        self.arrows.clear();
        self.labels.clear();
        self.place = Place::Top;
        Role::Close
    }

    fn body(
        &mut self,
        declaration: Declaration,
        index: usize,
        token: Token<'_>,
        previous: Option<Token<'_>>,
        next: Option<Token<'_>>,
        after_string: bool,
    ) -> Role {
        match declaration {
            Declaration::Policy => self.header(token, after_string),
            Declaration::List => self.list(index, token, previous),
            Declaration::Node | Declaration::Outcome | Declaration::Unknown => {
                self.node(index, token, previous, next, after_string)
            }
            Declaration::Scenario => self.scenario(token, next),
            Declaration::Invariant => self.invariant(token, previous, next),
        }
    }

    /// The fields of the `policy` header: a keyword and a text or a name.
    fn header(&mut self, token: Token<'_>, after_string: bool) -> Role {
        match (token.kind, self.phase) {
            (TokenKind::String, _) => text(after_string, Shape::Item),
            (TokenKind::Word, Phase::HeaderValue) => {
                self.phase = Phase::Between;
                Role::Spaced
            }
            (TokenKind::Word, _) => {
                let takes_name = matches!(token.text, "language" | "start");
                self.phase = if takes_name { Phase::HeaderValue } else { Phase::Open };
                Role::Item
            }
            _ => Role::Spaced,
        }
    }

    /// The entries of an answer set or of the verdicts: an id and an optional label.
    fn list(&mut self, index: usize, token: Token<'_>, previous: Option<Token<'_>>) -> Role {
        match token.kind {
            TokenKind::Word => Role::Item,
            TokenKind::String => match previous {
                Some(id) if id.kind == TokenKind::Word => {
                    self.labels.push((index, id.width()));
                    text(false, Shape::Label { spaces: 1 })
                }
                _ => text(true, Shape::Item),
            },
            _ => Role::Spaced,
        }
    }

    /// The items of a question, step, outcome or recall.
    fn node(
        &mut self,
        index: usize,
        token: Token<'_>,
        previous: Option<Token<'_>>,
        next: Option<Token<'_>>,
        after_string: bool,
    ) -> Role {
        let after_arrow = previous.is_some_and(|previous| previous.kind == TokenKind::Arrow);
        match (token.kind, self.phase) {
            (TokenKind::Word, _) if after_arrow => {
                self.phase = Phase::Between;
                Role::Spaced
            }
            (TokenKind::Word, _) => {
                let answer = next.is_some_and(|next| next.kind == TokenKind::Arrow);
                self.phase = if answer { Phase::Answer(token.width()) } else { Phase::Open };
                Role::Item
            }
            (TokenKind::Arrow, Phase::Answer(width)) => {
                self.arrows.push((index, width));
                self.phase = Phase::Open;
                Role::ArmArrow { spaces: 1 }
            }
            (TokenKind::Arrow, _) => {
                self.phase = Phase::Open;
                Role::Item
            }
            (TokenKind::String, _) => text(after_string, Shape::Item),
            _ => Role::Spaced,
        }
    }

    /// The `given` and `expect` lines of a scenario.
    fn scenario(&mut self, token: Token<'_>, next: Option<Token<'_>>) -> Role {
        let next_is_word = next.is_some_and(|next| next.kind == TokenKind::Word);
        match (token.kind, self.phase) {
            (TokenKind::Word, Phase::Between) => {
                self.phase = match token.text {
                    "given" => Phase::Given,
                    "expect" => Phase::Expect,
                    _ => Phase::Open,
                };
                Role::Item
            }
            (TokenKind::Word, Phase::Given) => {
                self.phase = Phase::Assigned;
                Role::Spaced
            }
            (TokenKind::Word, Phase::Expect) if token.text == "next" && next_is_word => {
                self.phase = Phase::ExpectNext;
                Role::Spaced
            }
            (TokenKind::Word, Phase::Assigned | Phase::Expect | Phase::ExpectNext) => {
                // The answer of an assignment or the expected node ends what came before;
                // a `,` may go on with another assignment.
                self.phase = Phase::Between;
                Role::Spaced
            }
            (TokenKind::Comma, _) => {
                self.phase = Phase::Given;
                Role::Glued
            }
            (TokenKind::Equal, _) => {
                self.phase = Phase::Assigned;
                Role::Spaced
            }
            (TokenKind::Word, Phase::Open) => {
                self.phase = Phase::Between;
                Role::Spaced
            }
            _ => Role::Spaced,
        }
    }

    /// The `when` and `then` lines of an invariant, and the conditions in them.
    fn invariant(
        &mut self,
        token: Token<'_>,
        previous: Option<Token<'_>>,
        next: Option<Token<'_>>,
    ) -> Role {
        let state = match self.phase {
            Phase::Condition(state) => Some(state),
            _ => None,
        };
        let keyword = token.kind == TokenKind::Word && matches!(token.text, "when" | "then");
        let between_items = match state {
            None => true,
            Some(state) => state == Condition::Done && self.depth == 0 && token.text == "then",
        };
        if keyword && between_items {
            self.phase = Phase::Condition(Condition::Start);
            self.condition_start = true;
            self.depth = 0;
            return Role::Item;
        }

        let after_paren = previous.is_some_and(|previous| previous.kind == TokenKind::OpenParen);
        let placed = if std::mem::take(&mut self.condition_start) {
            Role::ConditionStart
        } else if after_paren {
            Role::Glued
        } else {
            Role::Spaced
        };
        let state = state.unwrap_or(Condition::Start);
        let next_is_word = next.is_some_and(|next| next.kind == TokenKind::Word);

        let (role, state) = match (token.kind, state) {
            (TokenKind::OpenParen, _) => {
                self.depth += 1;
                (placed, Condition::Start)
            }
            (TokenKind::CloseParen, _) => {
                self.depth = self.depth.saturating_sub(1);
                (Role::Glued, Condition::Done)
            }
            (TokenKind::Word, Condition::Start) => match token.text {
                "not" => (placed, Condition::Start),
                "asked" | "reaches" if next_is_word => (placed, Condition::Name),
                _ => (placed, Condition::Compare),
            },
            (TokenKind::Word, Condition::Name | Condition::Object) => (placed, Condition::Done),
            (TokenKind::Equal | TokenKind::NotEqual, _) => (placed, Condition::Object),
            (TokenKind::Word, Condition::Done) if matches!(token.text, "and" | "or") => {
                let role = if self.depth == 0 { Role::Operator } else { placed };
                (role, Condition::Start)
            }
            (_, state) => (placed, state),
        };
        self.phase = Phase::Condition(state);
        role
    }
}

/// The role of a string: the first of its text unless it follows another string.
fn text(after_string: bool, shape: Shape) -> Role {
    Role::Text { first: !after_string, shape }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokens;

    /// Each significant token with its role.
    fn roles_of(source: &str) -> Vec<(&str, Role)> {
        let tokens = tokens(source);
        let roles = roles(&tokens);
        tokens
            .iter()
            .zip(roles)
            .filter(|(token, _)| !token.is_comment())
            .map(|(token, role)| (token.text, role))
            .collect()
    }

    #[test]
    fn arms_line_up_and_keywords_are_told_from_answers_by_what_follows() {
        let found = roles_of("question q \"Q?\" { law \"L\" ja -> a law -> b nee -> c -> d }");
        let arrows: Vec<Role> =
            found.iter().filter(|(text, _)| *text == "->").map(|&(_, role)| role).collect();
        assert_eq!(
            arrows,
            [
                Role::ArmArrow { spaces: 2 },
                Role::ArmArrow { spaces: 1 },
                Role::ArmArrow { spaces: 1 },
                Role::Item,
            ]
        );
        assert_eq!(found.get(4), Some(&("law", Role::Item)));
        assert_eq!(found.get(5).map(|(_, role)| *role), Some(text(false, Shape::Item)));
    }

    #[test]
    fn labels_line_up_and_entries_without_a_label_do_not_count() {
        let found = roles_of("verdicts { a \"A\" longest bb \"B\" }");
        let labels: Vec<Role> =
            found.iter().filter(|(text, _)| text.starts_with('"')).map(|&(_, r)| r).collect();
        assert_eq!(
            labels,
            [
                Role::Text { first: true, shape: Shape::Label { spaces: 2 } },
                Role::Text { first: true, shape: Shape::Label { spaces: 1 } },
            ]
        );
    }

    #[test]
    fn an_outcome_without_a_body_ends_at_its_text() {
        let found = roles_of("outcome o (v) \"O\" question q \"Q?\" { }");
        assert_eq!(found.get(6), Some(&("question", Role::Declaration)));
        assert_eq!(found.get(3), Some(&("v", Role::Glued)));
    }

    #[test]
    fn then_is_a_keyword_only_where_a_condition_can_end() {
        let found = roles_of("invariant i { when then = x and (not a = b) then asked then }");
        let roles: Vec<Role> = found.iter().map(|&(_, role)| role).collect();
        assert_eq!(
            roles,
            [
                Role::Declaration,
                Role::Spaced,
                Role::Open,
                Role::Item,
                Role::ConditionStart,
                Role::Spaced,
                Role::Spaced,
                Role::Operator,
                Role::Spaced,
                Role::Glued,
                Role::Spaced,
                Role::Spaced,
                Role::Spaced,
                Role::Glued,
                Role::Item,
                Role::ConditionStart,
                Role::Spaced,
                Role::Close,
            ]
        );
    }

    #[test]
    fn a_name_after_expect_next_ends_the_line() {
        let found = roles_of("scenario s { expect next next given a = b, c = d expect o }");
        let items: Vec<&str> =
            found.iter().filter(|(_, role)| *role == Role::Item).map(|&(text, _)| text).collect();
        assert_eq!(items, ["expect", "given", "expect"]);
    }
}
