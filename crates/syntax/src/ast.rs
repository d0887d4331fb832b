//! The syntax tree of a policy file: every declaration as written, in source order, with the
//! span of each name and text so that later stages can point at them.
//!
//! The tree says nothing about meaning. Whether a name is defined, whether a question handles
//! every answer, and whether the flow is acyclic are decided by the compiler.

use crate::Span;

/// A name written in the source, such as a question id or an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The name itself.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A text for people: one or more adjacent string literals joined with one space, with
/// escapes decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The decoded text.
    pub value: String,
    /// Where it is written, from the first opening quote to the last closing quote.
    pub span: Span,
}

/// A whole policy file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    /// The declarations in the order they are written.
    pub declarations: Vec<Declaration>,
}

/// One top-level declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declaration {
    /// The `policy` header.
    Policy(PolicyDecl),
    /// An `answers` set.
    Answers(AnswersDecl),
    /// The `verdicts` an outcome can have.
    Verdicts(VerdictsDecl),
    /// A `question` that branches on its answer.
    Question(QuestionDecl),
    /// A `step`: a box with exactly one next node.
    Step(StepDecl),
    /// An `outcome` that ends the flow.
    Outcome(OutcomeDecl),
    /// A `recall` that branches again on an earlier answer.
    Recall(RecallDecl),
    /// A `scenario`: given answers and the expected end.
    Scenario(ScenarioDecl),
    /// An `invariant` that must hold for every combination of answers.
    Invariant(InvariantDecl),
}

impl Declaration {
    /// The span of the whole declaration.
    pub fn span(&self) -> Span {
        match self {
            Declaration::Policy(decl) => decl.span,
            Declaration::Answers(decl) => decl.span,
            Declaration::Verdicts(decl) => decl.span,
            Declaration::Question(decl) => decl.span,
            Declaration::Step(decl) => decl.span,
            Declaration::Outcome(decl) => decl.span,
            Declaration::Recall(decl) => decl.span,
            Declaration::Scenario(decl) => decl.span,
            Declaration::Invariant(decl) => decl.span,
        }
    }

    /// The keyword the declaration starts with.
    pub fn keyword(&self) -> &'static str {
        match self {
            Declaration::Policy(_) => "policy",
            Declaration::Answers(_) => "answers",
            Declaration::Verdicts(_) => "verdicts",
            Declaration::Question(_) => "question",
            Declaration::Step(_) => "step",
            Declaration::Outcome(_) => "outcome",
            Declaration::Recall(_) => "recall",
            Declaration::Scenario(_) => "scenario",
            Declaration::Invariant(_) => "invariant",
        }
    }

    /// The id of the node this declares; `None` for declarations that are not nodes.
    pub fn node_id(&self) -> Option<&Ident> {
        match self {
            Declaration::Question(decl) => Some(&decl.id),
            Declaration::Step(decl) => Some(&decl.id),
            Declaration::Outcome(decl) => Some(&decl.id),
            Declaration::Recall(decl) => Some(&decl.id),
            Declaration::Policy(_)
            | Declaration::Answers(_)
            | Declaration::Verdicts(_)
            | Declaration::Scenario(_)
            | Declaration::Invariant(_) => None,
        }
    }

    /// The body of a node declaration; empty for declarations that are not nodes.
    pub fn items(&self) -> &[Item] {
        match self {
            Declaration::Question(decl) => &decl.items,
            Declaration::Step(decl) => &decl.items,
            Declaration::Outcome(decl) => &decl.items,
            Declaration::Recall(decl) => &decl.items,
            Declaration::Policy(_)
            | Declaration::Answers(_)
            | Declaration::Verdicts(_)
            | Declaration::Scenario(_)
            | Declaration::Invariant(_) => &[],
        }
    }
}

/// The `policy` header: the machine id and the fields that describe the whole flowchart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDecl {
    /// The machine id of the policy.
    pub id: Ident,
    /// The fields in the order they are written.
    pub fields: Vec<HeaderField>,
    /// The whole declaration.
    pub span: Span,
}

/// One field of the `policy` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderField {
    /// Which field, with its value.
    pub value: HeaderValue,
    /// The keyword that names the field.
    pub keyword: Span,
}

/// The value of a header field, by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderValue {
    /// `title`: the title of the flowchart.
    Title(Text),
    /// `intro`: a text shown before the flowchart.
    Intro(Text),
    /// `source`: where the flowchart was published.
    Source(Text),
    /// `language`: the language tag of every text, such as `nl`.
    Language(Ident),
    /// `start`: the node the flow starts at.
    Start(Ident),
}

/// An id with an optional label for people, as in an answer set or the verdicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labelled {
    /// The machine id.
    pub id: Ident,
    /// The label shown to people; without one, documents show the id.
    pub label: Option<Text>,
}

/// `answers NAME { ... }`: a set of answers that questions can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswersDecl {
    /// The name of the set.
    pub id: Ident,
    /// The answers in the order they are written; documents keep this order.
    pub answers: Vec<Labelled>,
    /// The whole declaration.
    pub span: Span,
}

/// `verdicts { ... }`: the verdicts outcomes can have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerdictsDecl {
    /// The verdicts in the order they are written.
    pub verdicts: Vec<Labelled>,
    /// The `verdicts` keyword.
    pub keyword: Span,
    /// The whole declaration.
    pub span: Span,
}

/// `question ID (SET) "text" { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDecl {
    /// The id other nodes refer to.
    pub id: Ident,
    /// The answer set in parentheses; without one the question uses `yes_no`.
    pub answer_set: Option<Ident>,
    /// The question as people read it.
    pub text: Text,
    /// The body in source order.
    pub items: Vec<Item>,
    /// The whole declaration.
    pub span: Span,
}

/// `step ID "text" { -> NEXT }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDecl {
    /// The id other nodes refer to.
    pub id: Ident,
    /// What the step says.
    pub text: Text,
    /// The body in source order.
    pub items: Vec<Item>,
    /// The whole declaration.
    pub span: Span,
}

/// `outcome ID (VERDICT) "text" { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeDecl {
    /// The id other nodes refer to.
    pub id: Ident,
    /// The verdict in parentheses.
    pub verdict: Option<Ident>,
    /// What the outcome says.
    pub text: Text,
    /// The body in source order; empty when the outcome has no body.
    pub items: Vec<Item>,
    /// The whole declaration.
    pub span: Span,
}

/// `recall ID on QUESTION { ... }`: a branch on an answer given earlier on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecallDecl {
    /// The id other nodes refer to.
    pub id: Ident,
    /// The question whose answer is reused.
    pub question: Ident,
    /// The body in source order; only arms.
    pub items: Vec<Item>,
    /// The whole declaration.
    pub span: Span,
}

/// One entry in the body of a question, step, outcome or recall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `explain "..."`: an explanation for people.
    Explain(Text),
    /// `law "..."`: a legal reference.
    Law(Text),
    /// `note "..."`: a point of attention on an outcome.
    Note(Text),
    /// `ANSWER -> NEXT`: where an answer leads.
    Arm(Arm),
    /// `-> NEXT`: where a step leads.
    Next(Next),
}

/// `-> NEXT` in a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    /// The node it leads to.
    pub target: Ident,
    /// The whole item, from the arrow to the target.
    pub span: Span,
}

/// `ANSWER -> NEXT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arm {
    /// The answer.
    pub answer: Ident,
    /// The node it leads to.
    pub target: Ident,
}

impl Arm {
    /// The span of the whole arm.
    pub fn span(&self) -> Span {
        self.answer.span.to(self.target.span)
    }
}

/// `scenario ID { given ... expect ... }`: a decision with a known right answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioDecl {
    /// The name of the scenario.
    pub id: Ident,
    /// The `given` and `expect` lines in source order.
    pub items: Vec<ScenarioItem>,
    /// The whole declaration.
    pub span: Span,
}

/// One line of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioItem {
    /// `given QUESTION = ANSWER, ...`.
    Given(Vec<Assignment>),
    /// `expect OUTCOME` or `expect next QUESTION`.
    Expect(Expectation),
}

/// `QUESTION = ANSWER` in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The question.
    pub question: Ident,
    /// The answer given to it.
    pub answer: Ident,
}

/// What a scenario expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Whether the answers are expected to stop at `target`, a question asked next, rather
    /// than at an outcome.
    pub next: bool,
    /// The outcome, or the question asked next.
    pub target: Ident,
    /// The whole `expect` line.
    pub span: Span,
}

/// `invariant ID { when CONDITION then CONDITION }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvariantDecl {
    /// The name of the invariant.
    pub id: Ident,
    /// The condition under which the conclusion must hold; without one, always.
    pub when: Option<Condition>,
    /// The conclusion.
    pub then: Condition,
    /// The whole declaration.
    pub span: Span,
}

/// A condition on one decision: the answers along its path and where it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// What the condition says.
    pub kind: ConditionKind,
    /// Where it is written.
    pub span: Span,
}

/// The forms of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    /// At least one of these holds (`or`).
    Any(Vec<Condition>),
    /// All of these hold (`and`).
    All(Vec<Condition>),
    /// This does not hold (`not`).
    Not(Box<Condition>),
    /// `asked QUESTION`: the question is asked on the path.
    Asked(Ident),
    /// `reaches NODE`: the path passes the node.
    Reaches(Ident),
    /// `outcome = ID` or `outcome != ID`.
    Outcome {
        /// The outcome.
        outcome: Ident,
        /// `true` for `=`, `false` for `!=`.
        equal: bool,
    },
    /// `verdict = ID` or `verdict != ID`.
    Verdict {
        /// The verdict.
        verdict: Ident,
        /// `true` for `=`, `false` for `!=`.
        equal: bool,
    },
    /// `QUESTION = ANSWER` or `QUESTION != ANSWER`: the question is asked on the path and
    /// gets (or does not get) that answer.
    Answer {
        /// The question.
        question: Ident,
        /// The answer.
        answer: Ident,
        /// `true` for `=`, `false` for `!=`.
        equal: bool,
    },
}
