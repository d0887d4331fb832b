//! Every problem the compiler can find in a policy that parses: what it says, its stable
//! code, whether it is an error or a warning, and how to fix it.

use std::fmt;

use stroom_syntax::{Diagnostic, Kind, Severity};

/// A problem found by the compiler: a [`ProblemKind`] at a span.
pub type Problem = Diagnostic<ProblemKind>;

/// What is wrong with a policy that parses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file has no `policy` header.
    MissingHeader,
    /// The file has a second `policy` header.
    DuplicateHeader,
    /// The header lacks a field every policy needs.
    MissingField {
        /// The field, such as `start`.
        field: &'static str,
    },
    /// The language is not a language tag.
    InvalidLanguage {
        /// The tag as written.
        tag: String,
    },
    /// A header field is given twice.
    DuplicateField {
        /// The field, such as `title`.
        field: &'static str,
    },
    /// A name is declared twice.
    Duplicate {
        /// What the name is for, such as "node" or "answer".
        what: &'static str,
        /// The name.
        name: String,
    },
    /// A declaration takes a name the language reserves.
    Reserved {
        /// The name.
        name: String,
    },
    /// An answer set without answers, which would leave its questions without a way on.
    EmptyAnswerSet {
        /// The answer set.
        set: String,
    },
    /// A reference to a name that is not declared.
    Undefined {
        /// What the name should be, such as "node" or "verdict".
        what: &'static str,
        /// The name.
        name: String,
        /// The declared name it is most likely a misspelling of.
        suggestion: Option<String>,
    },
    /// A recall branches on a node that is not a question.
    NotAQuestion {
        /// The name of the node.
        name: String,
        /// What the node is instead.
        keyword: &'static str,
    },
    /// An outcome without a verdict.
    MissingVerdict {
        /// The outcome.
        outcome: String,
    },
    /// An arm for an answer that is not in the answer set.
    UnknownAnswer {
        /// The answer as written.
        answer: String,
        /// The answer set.
        set: String,
        /// The answer of the set it is most likely a misspelling of.
        suggestion: Option<String>,
    },
    /// A second arm for the same answer.
    DuplicateArm {
        /// The answer.
        answer: String,
    },
    /// A question or recall that does not handle every answer it can get.
    NonExhaustive {
        /// The node.
        node: String,
        /// The answers without an arm, in answer-set order.
        missing: Vec<String>,
    },
    /// A node with more than one explanation.
    DuplicateExplanation,
    /// A body item that this kind of node cannot have.
    MisplacedItem {
        /// The item as written, such as `note`.
        item: &'static str,
        /// The kind of node, such as "question".
        keyword: &'static str,
    },
    /// A step without `-> next`.
    MissingNext {
        /// The step.
        step: String,
    },
    /// A step with more than one `-> next`.
    DuplicateNext,
    /// The flow runs in a circle.
    Cycle {
        /// The ids along the cycle, starting and ending with the same node.
        chain: Vec<String>,
    },
    /// No path from the start reaches this node.
    Unreachable {
        /// The node.
        node: String,
        /// Whether edges lead here, but only through branches that can never be taken.
        through_dead_branches: bool,
    },
    /// A branch on a remembered answer that no path can take.
    DeadBranch {
        /// The recalled question.
        question: String,
        /// The answer of the dead arm.
        answer: String,
        /// The answers the question can have on the way here.
        possible: Vec<String>,
    },
    /// A recall reached by a path on which its question was not asked.
    NotAnswered {
        /// The recall.
        recall: String,
        /// The question.
        question: String,
    },
    /// A file of tests declares something other than scenarios and invariants.
    NotAClaim {
        /// The keyword of the declaration.
        keyword: &'static str,
    },
    /// A scenario gives the same question two answers.
    DuplicateGiven {
        /// The question.
        question: String,
    },
    /// A scenario without `expect`.
    MissingExpect {
        /// The scenario.
        scenario: String,
    },
    /// A scenario with a second `expect`.
    DuplicateExpect,
    /// A name that is not an outcome where an outcome is needed.
    NotAnOutcome {
        /// The name.
        name: String,
        /// What the node is instead.
        keyword: &'static str,
    },
    /// A scenario ends elsewhere than it expects.
    ScenarioFailed {
        /// The scenario.
        scenario: String,
        /// Where it was expected to end, in words.
        expected: String,
        /// Where it ended, in words.
        found: String,
        /// The answers along the path it took.
        path: String,
    },
    /// An invariant does not hold for some combination of answers.
    InvariantRefuted {
        /// The invariant.
        invariant: String,
        /// The answers along the path of a combination that breaks it.
        answers: String,
        /// Where that combination ends, in words.
        outcome: String,
    },
    /// The exact analysis would need more memory than it is allowed.
    AnalysisTooLarge {
        /// Why, in words.
        reason: String,
    },
    /// A verdict that no outcome has.
    UnusedVerdict {
        /// The verdict.
        verdict: String,
    },
    /// An answer set that no question uses.
    UnusedAnswerSet {
        /// The answer set.
        set: String,
    },
    /// A question whose answers all lead to the same node.
    PointlessQuestion {
        /// The question.
        question: String,
        /// Where every answer leads.
        target: String,
    },
    /// A question text that does not end in a question mark.
    NoQuestionMark,
    /// A text that is empty.
    EmptyText {
        /// What the text is for, such as "title" or "note".
        what: &'static str,
    },
    /// A header without a source.
    MissingSource,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::MissingHeader => f.write_str("the file has no `policy` header"),
            ProblemKind::DuplicateHeader => f.write_str("the file has a second `policy` header"),
            ProblemKind::MissingField { field } => write!(f, "the policy header has no `{field}`"),
            ProblemKind::DuplicateField { field } => write!(f, "`{field}` is given twice"),
            ProblemKind::InvalidLanguage { tag } => write!(f, "`{tag}` is not a language tag"),
            ProblemKind::Duplicate { what, name } => write!(f, "{what} `{name}` is declared twice"),
            ProblemKind::Reserved { name } => write!(f, "`{name}` is built in"),
            ProblemKind::EmptyAnswerSet { set } => write!(f, "answer set `{set}` has no answers"),
            ProblemKind::Undefined { what, name, .. } => write!(f, "no {what} is named `{name}`"),
            ProblemKind::NotAQuestion { name, keyword } => {
                write!(f, "`{name}` is {}, not a question", with_article(keyword))
            }
            ProblemKind::MissingVerdict { outcome } => {
                write!(f, "outcome `{outcome}` has no verdict")
            }
            ProblemKind::UnknownAnswer { answer, set, .. } => {
                write!(f, "`{answer}` is not an answer of `{set}`")
            }
            ProblemKind::DuplicateArm { answer } => write!(f, "answer `{answer}` is handled twice"),
            ProblemKind::NonExhaustive { node, missing } => {
                write!(f, "`{node}` does not handle {}", quoted_list(missing, "and"))
            }
            ProblemKind::DuplicateExplanation => f.write_str("a node has one explanation at most"),
            ProblemKind::MisplacedItem { item: "arm", keyword } => {
                write!(f, "{} cannot have answer arms", with_article(keyword))
            }
            ProblemKind::MisplacedItem { item, keyword } => {
                write!(f, "{} cannot have `{item}`", with_article(keyword))
            }
            ProblemKind::MissingNext { step } => write!(f, "step `{step}` does not lead anywhere"),
            ProblemKind::DuplicateNext => f.write_str("a step leads to exactly one next node"),
            ProblemKind::Cycle { chain } => {
                write!(f, "the flow runs in a circle: {}", chain.join(" -> "))
            }
            ProblemKind::Unreachable { node, .. } => {
                write!(f, "`{node}` can never be reached from the start")
            }
            ProblemKind::DeadBranch { question, answer, .. } => {
                write!(f, "this branch can never be taken: `{question}` is never `{answer}` here")
            }
            ProblemKind::NotAnswered { recall, question } => {
                write!(f, "`{recall}` can be reached before `{question}` is answered")
            }
            ProblemKind::NotAClaim { keyword } => {
                write!(f, "a tests file cannot declare {}", with_article(keyword))
            }
            ProblemKind::DuplicateGiven { question } => {
                write!(f, "`{question}` is given an answer twice")
            }
            ProblemKind::MissingExpect { scenario } => {
                write!(f, "scenario `{scenario}` expects nothing")
            }
            ProblemKind::DuplicateExpect => f.write_str("a scenario expects one thing"),
            ProblemKind::NotAnOutcome { name, keyword } => {
                write!(f, "`{name}` is {}, not an outcome", with_article(keyword))
            }
            ProblemKind::ScenarioFailed { scenario, expected, found, .. } => {
                write!(
                    f,
                    "scenario `{scenario}` expects {expected}, but the answers lead to {found}"
                )
            }
            ProblemKind::InvariantRefuted { invariant, .. } => {
                write!(f, "invariant `{invariant}` does not hold")
            }
            ProblemKind::AnalysisTooLarge { reason } => {
                write!(f, "the policy is too large to analyse exactly: {reason}")
            }
            ProblemKind::UnusedVerdict { verdict } => {
                write!(f, "no outcome has verdict `{verdict}`")
            }
            ProblemKind::UnusedAnswerSet { set } => {
                write!(f, "no question uses answer set `{set}`")
            }
            ProblemKind::PointlessQuestion { question, target } => {
                write!(f, "every answer to `{question}` leads to `{target}`")
            }
            ProblemKind::NoQuestionMark => f.write_str("a question text should end in `?`"),
            ProblemKind::EmptyText { what } => write!(f, "the {what} is empty"),
            ProblemKind::MissingSource => f.write_str("the policy header has no `source`"),
        }
    }
}

impl Kind for ProblemKind {
    fn code(&self) -> &'static str {
        match self {
            ProblemKind::MissingHeader => "stroom::header::missing",
            ProblemKind::DuplicateHeader => "stroom::header::duplicate",
            ProblemKind::MissingField { .. } => "stroom::header::missing_field",
            ProblemKind::DuplicateField { .. } => "stroom::header::duplicate_field",
            ProblemKind::InvalidLanguage { .. } => "stroom::header::invalid_language",
            ProblemKind::Duplicate { .. } => "stroom::names::duplicate",
            ProblemKind::Reserved { .. } => "stroom::names::reserved",
            ProblemKind::EmptyAnswerSet { .. } => "stroom::answers::empty_set",
            ProblemKind::Undefined { .. } => "stroom::names::undefined",
            ProblemKind::NotAQuestion { .. } => "stroom::names::not_a_question",
            ProblemKind::MissingVerdict { .. } => "stroom::outcome::missing_verdict",
            ProblemKind::UnknownAnswer { .. } => "stroom::answers::unknown",
            ProblemKind::DuplicateArm { .. } => "stroom::answers::duplicate_arm",
            ProblemKind::NonExhaustive { .. } => "stroom::answers::non_exhaustive",
            ProblemKind::DuplicateExplanation => "stroom::body::duplicate_explanation",
            ProblemKind::MisplacedItem { .. } => "stroom::body::misplaced_item",
            ProblemKind::MissingNext { .. } => "stroom::step::missing_next",
            ProblemKind::DuplicateNext => "stroom::step::duplicate_next",
            ProblemKind::Cycle { .. } => "stroom::flow::cycle",
            ProblemKind::Unreachable { .. } => "stroom::flow::unreachable",
            ProblemKind::DeadBranch { .. } => "stroom::flow::dead_branch",
            ProblemKind::NotAnswered { .. } => "stroom::flow::not_answered",
            ProblemKind::NotAClaim { .. } => "stroom::tests::not_a_claim",
            ProblemKind::DuplicateGiven { .. } => "stroom::scenario::duplicate_given",
            ProblemKind::MissingExpect { .. } => "stroom::scenario::missing_expect",
            ProblemKind::DuplicateExpect => "stroom::scenario::duplicate_expect",
            ProblemKind::NotAnOutcome { .. } => "stroom::names::not_an_outcome",
            ProblemKind::ScenarioFailed { .. } => "stroom::test::scenario_failed",
            ProblemKind::InvariantRefuted { .. } => "stroom::test::invariant_refuted",
            ProblemKind::AnalysisTooLarge { .. } => "stroom::test::too_large",
            ProblemKind::UnusedVerdict { .. } => "stroom::lint::unused_verdict",
            ProblemKind::UnusedAnswerSet { .. } => "stroom::lint::unused_answer_set",
            ProblemKind::PointlessQuestion { .. } => "stroom::lint::pointless_question",
            ProblemKind::NoQuestionMark => "stroom::lint::question_mark",
            ProblemKind::EmptyText { .. } => "stroom::lint::empty_text",
            ProblemKind::MissingSource => "stroom::lint::missing_source",
        }
    }

    fn severity(&self) -> Severity {
        match self {
            ProblemKind::UnusedVerdict { .. }
            | ProblemKind::UnusedAnswerSet { .. }
            | ProblemKind::PointlessQuestion { .. }
            | ProblemKind::NoQuestionMark
            | ProblemKind::EmptyText { .. }
            | ProblemKind::MissingSource => Severity::Warning,
            _ => Severity::Error,
        }
    }

    fn label(&self) -> String {
        match self {
            ProblemKind::MissingHeader => "the policy starts here".to_string(),
            ProblemKind::DuplicateHeader => "second header".to_string(),
            ProblemKind::MissingField { field } => format!("this policy needs a `{field}`"),
            ProblemKind::DuplicateField { .. } => "given again here".to_string(),
            ProblemKind::InvalidLanguage { .. } => "not a language tag".to_string(),
            ProblemKind::Duplicate { .. } => "declared again here".to_string(),
            ProblemKind::Reserved { .. } => "this name is taken by the language".to_string(),
            ProblemKind::EmptyAnswerSet { .. } => "no answers".to_string(),
            ProblemKind::Undefined { what, .. } => format!("unknown {what}"),
            ProblemKind::NotAQuestion { .. } => "not a question".to_string(),
            ProblemKind::MissingVerdict { .. } => "this outcome needs a verdict".to_string(),
            ProblemKind::UnknownAnswer { .. } => "unknown answer".to_string(),
            ProblemKind::DuplicateArm { .. } => "handled again here".to_string(),
            ProblemKind::NonExhaustive { missing, .. } => {
                format!("{} not handled", quoted_list(missing, "and"))
            }
            ProblemKind::DuplicateExplanation => "second explanation".to_string(),
            ProblemKind::MisplacedItem { .. } => "not allowed here".to_string(),
            ProblemKind::MissingNext { .. } => "this step needs `-> next`".to_string(),
            ProblemKind::DuplicateNext => "second next node".to_string(),
            ProblemKind::Cycle { chain } => match chain.first() {
                Some(first) => format!("this leads back to `{first}`"),
                None => "this closes the circle".to_string(),
            },
            ProblemKind::Unreachable { through_dead_branches: true, .. } => {
                "only branches that can never be taken lead here".to_string()
            }
            ProblemKind::Unreachable { .. } => "nothing leads here".to_string(),
            ProblemKind::DeadBranch { question, possible, .. } => {
                format!("`{question}` is always {} here", quoted_list(possible, "or"))
            }
            ProblemKind::NotAnswered { question, .. } => {
                format!("`{question}` may not be answered yet here")
            }
            ProblemKind::NotAClaim { .. } => "not a scenario or invariant".to_string(),
            ProblemKind::DuplicateGiven { .. } => "given again here".to_string(),
            ProblemKind::MissingExpect { .. } => "this scenario needs `expect`".to_string(),
            ProblemKind::DuplicateExpect => "second expectation".to_string(),
            ProblemKind::NotAnOutcome { .. } => "not an outcome".to_string(),
            ProblemKind::ScenarioFailed { found, .. } => format!("the answers lead to {found}"),
            ProblemKind::InvariantRefuted { .. } => {
                "a combination of answers breaks this; see below".to_string()
            }
            ProblemKind::AnalysisTooLarge { .. } => "not analysed".to_string(),
            ProblemKind::UnusedVerdict { .. } => "declared here".to_string(),
            ProblemKind::UnusedAnswerSet { .. } => "declared here".to_string(),
            ProblemKind::PointlessQuestion { .. } => "this question decides nothing".to_string(),
            ProblemKind::NoQuestionMark => "no `?` at the end".to_string(),
            ProblemKind::EmptyText { .. } => "empty text".to_string(),
            ProblemKind::MissingSource => "no source".to_string(),
        }
    }

    fn help(&self) -> String {
        match self {
            ProblemKind::MissingHeader => "start the file with `policy my_policy { title \"...\" \
                source \"...\" language nl start first_question }`"
                .to_string(),
            ProblemKind::DuplicateHeader => {
                "a file describes one policy; merge the headers or split the file".to_string()
            }
            ProblemKind::MissingField { field } => match *field {
                "title" => "add `title \"...\"` with the title people read".to_string(),
                "language" => {
                    "add `language nl` (or the tag of the language the texts are in)".to_string()
                }
                _ => "add `start node_id` naming the node the flow starts at".to_string(),
            },
            ProblemKind::DuplicateField { field } => format!("remove one of the `{field}` fields"),
            ProblemKind::InvalidLanguage { .. } => "write a tag of two or three letters, such as \
                `nl` or `en`, optionally followed by subtags such as `nl-BE`"
                .to_string(),
            ProblemKind::Duplicate { .. } => {
                "rename one of them; every name must be unique in its kind".to_string()
            }
            ProblemKind::Reserved { .. } => "choose another name for this answer set".to_string(),
            ProblemKind::EmptyAnswerSet { .. } => {
                "list the answers in the braces, such as `ja \"Ja\" nee \"Nee\"`".to_string()
            }
            ProblemKind::Undefined { suggestion: Some(suggestion), .. } => {
                format!("did you mean `{suggestion}`?")
            }
            ProblemKind::Undefined { what, .. } => {
                format!("declare the {what} or correct the name")
            }
            ProblemKind::NotAQuestion { .. } => {
                "a recall can only reuse the answer of a question".to_string()
            }
            ProblemKind::MissingVerdict { .. } => {
                "write the verdict in parentheses after the id, such as `(share)`".to_string()
            }
            ProblemKind::UnknownAnswer { suggestion: Some(suggestion), .. } => {
                format!("did you mean `{suggestion}`?")
            }
            ProblemKind::UnknownAnswer { set, .. } if set == crate::lower::YES_NO => {
                "`yes_no` has only `yes` and `no`; declare an answer set of your own for other \
                 answers"
                    .to_string()
            }
            ProblemKind::UnknownAnswer { set, .. } => {
                format!("use one of the answers of `{set}`, or add this answer to the set")
            }
            ProblemKind::DuplicateArm { .. } => "remove one of the two arms".to_string(),
            ProblemKind::NonExhaustive { missing, .. } => {
                let arms: Vec<String> =
                    missing.iter().map(|answer| format!("`{answer} -> ...`")).collect();
                format!("add {}", arms.join(" and "))
            }
            ProblemKind::DuplicateExplanation => {
                "join the explanations into one `explain` text".to_string()
            }
            ProblemKind::MisplacedItem { item, .. } => match *item {
                "note" => "only outcomes have notes".to_string(),
                "->" => "only a step has `-> next`; a question and a recall have arms such as \
                    `ja -> next`"
                    .to_string(),
                "arm" => {
                    "only questions and recalls have answer arms; a step has `-> next`".to_string()
                }
                _ => "a recall shows the text of its question; put the explanation and the \
                    legal references on the question"
                    .to_string(),
            },
            ProblemKind::MissingNext { .. } => "add `-> next_node` to the step's body".to_string(),
            ProblemKind::DuplicateNext => {
                "a step cannot branch; use a question to choose between nodes".to_string()
            }
            ProblemKind::Cycle { .. } => {
                "a decision must end; point one of these edges to a node further down the flow"
                    .to_string()
            }
            ProblemKind::Unreachable { .. } => {
                "remove the node, or add an edge from the flow to it".to_string()
            }
            ProblemKind::DeadBranch { .. } => {
                "remove this arm; the answer was already fixed earlier on every path here"
                    .to_string()
            }
            ProblemKind::NotAnswered { question, .. } => format!(
                "ask `{question}` on every path to this recall, or branch on another question"
            ),
            ProblemKind::NotAClaim { .. } => {
                "move the declaration into the policy file; a tests file holds only scenarios \
                 and invariants"
                    .to_string()
            }
            ProblemKind::DuplicateGiven { .. } => "give each question one answer".to_string(),
            ProblemKind::MissingExpect { .. } => {
                "add `expect outcome_id`, or `expect next question_id`".to_string()
            }
            ProblemKind::DuplicateExpect => "keep one `expect`".to_string(),
            ProblemKind::NotAnOutcome { .. } => {
                "name an outcome here; to expect a question, write `expect next question_id`"
                    .to_string()
            }
            ProblemKind::ScenarioFailed { path, .. } => format!(
                "the path was {path}; correct the flow, or the scenario if it is the one that is \
                 wrong"
            ),
            ProblemKind::InvariantRefuted { answers, outcome, .. } => format!(
                "it breaks for {answers}, which lead to {outcome}; correct the flow for these \
                 answers, or narrow the invariant's `when`"
            ),
            ProblemKind::AnalysisTooLarge { .. } => {
                "split the policy, or test it with scenarios, which need no exact analysis"
                    .to_string()
            }
            ProblemKind::UnusedVerdict { .. } => {
                "remove the verdict, or give it to an outcome".to_string()
            }
            ProblemKind::UnusedAnswerSet { .. } => {
                "remove the answer set, or use it in a question as `(name)`".to_string()
            }
            ProblemKind::PointlessQuestion { .. } => {
                "remove the question and lead straight to its target, or correct the arms"
                    .to_string()
            }
            ProblemKind::NoQuestionMark => {
                "end the question with `?`, or make it a `step` if it asks nothing".to_string()
            }
            ProblemKind::EmptyText { what } => match *what {
                "title" | "question text" | "step text" | "outcome text" => {
                    format!("write the {what}")
                }
                _ => format!("write the {what}, or remove it"),
            },
            ProblemKind::MissingSource => {
                "add `source \"...\"` so that readers can find the original".to_string()
            }
        }
    }
}

/// A kind of node with its indefinite article, as in "an outcome".
pub(crate) fn with_article(keyword: &str) -> String {
    let article = if keyword.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {keyword}")
}

/// Joins names as "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn quoted_list(names: &[String], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".to_string(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}
