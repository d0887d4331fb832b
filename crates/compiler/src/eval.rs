//! Evaluation: the walk from the start to an outcome for one set of answers.

use crate::policy::{Node, NodeId, NodeKind, Policy};
use crate::suggest::Suggester;

/// The answers given for one decision, by question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    by_question: Vec<Option<usize>>,
}

/// One node passed on the way to a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The node.
    pub node: NodeId,
    /// For a question or recall, the index of the answer that was followed.
    pub answer: Option<usize>,
}

/// Where a walk went, and where it stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// The nodes passed before the last one, in order.
    pub visits: Vec<Visit>,
    /// The outcome reached, or the question that must be answered to go on.
    pub end: End,
}

impl Trace {
    /// The questions asked along the path, in the order asked, with their answers. A recall
    /// reuses an earlier answer, so it is not among them.
    pub fn answered<'p>(
        &self,
        policy: &'p Policy,
    ) -> impl Iterator<Item = (&'p Node, &'p crate::Answer)> {
        self.visits.iter().filter_map(move |visit| {
            let node = policy.node(visit.node)?;
            if !is_question(node) {
                return None;
            }
            let answer = policy.answer_set_of(visit.node)?.answers.get(visit.answer?)?;
            Some((node, answer))
        })
    }
}

/// Where a walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The decision is made: this outcome.
    Outcome(NodeId),
    /// This question must be answered first.
    Unanswered(NodeId),
}

/// A reason evaluation cannot go on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum EvalError {
    /// An answer is not written as `QUESTION=ANSWER`.
    #[error("`{input}` is not of the form QUESTION=ANSWER")]
    #[diagnostic(
        code(stroom::eval::malformed),
        help("write each answer as `--answer question_id=answer_id`, such as `toestemming=ja`")
    )]
    Malformed {
        /// The answer as given.
        input: String,
    },
    /// An answer names a question the policy does not have.
    #[error("the policy has no question `{name}`")]
    #[diagnostic(
        code(stroom::eval::unknown_question),
        help("{}", did_you_mean(suggestion, "the questions are listed by `stroom paths`"))
    )]
    UnknownQuestion {
        /// The name as given.
        name: String,
        /// The question it most likely means.
        suggestion: Option<String>,
    },
    /// An answer names a node that is not a question.
    #[error("`{name}` is {}, not a question", crate::problem::with_article(keyword))]
    #[diagnostic(code(stroom::eval::not_a_question), help("only questions take answers"))]
    NotAQuestion {
        /// The name as given.
        name: String,
        /// What the node is.
        keyword: &'static str,
    },
    /// An answer that the question's answer set does not have.
    #[error("`{answer}` is not an answer to `{question}`")]
    #[diagnostic(
        code(stroom::eval::unknown_answer),
        help("the answers are {}", answers.join(", "))
    )]
    UnknownAnswer {
        /// The question.
        question: String,
        /// The answer as given.
        answer: String,
        /// The answers the question has.
        answers: Vec<String>,
    },
    /// The same question is given two different answers.
    #[error("`{question}` is answered twice, with `{first}` and with `{second}`")]
    #[diagnostic(code(stroom::eval::conflicting_answers), help("give each question one answer"))]
    Conflicting {
        /// The question.
        question: String,
        /// The first answer.
        first: String,
        /// The second answer.
        second: String,
    },
    /// The walk met a part of the policy that the checks reject.
    #[error("the policy cannot be evaluated at `{node}`: it has errors there")]
    #[diagnostic(code(stroom::eval::broken_policy), help("run `stroom check` and fix its errors"))]
    Broken {
        /// The node where the walk could not go on.
        node: String,
    },
}

fn did_you_mean(suggestion: &Option<String>, otherwise: &str) -> String {
    match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => otherwise.to_string(),
    }
}

impl Answers {
    /// No answers yet, for the questions of `policy`.
    pub fn new(policy: &Policy) -> Answers {
        Answers { by_question: vec![None; policy.nodes.len()] }
    }

    /// The answer given to `question`, as an index into its answer set.
    pub fn get(&self, question: NodeId) -> Option<usize> {
        self.by_question.get(question.0).copied().flatten()
    }

    /// Every question with an answer, with the index of that answer.
    pub fn given(&self) -> impl Iterator<Item = (NodeId, usize)> + '_ {
        self.by_question
            .iter()
            .enumerate()
            .filter_map(|(question, answer)| Some((NodeId(question), (*answer)?)))
    }

    /// Gives `question` the answer with index `answer`, replacing any earlier answer.
    pub fn set(&mut self, question: NodeId, answer: Option<usize>) {
        if let Some(slot) = self.by_question.get_mut(question.0) {
            *slot = answer;
        }
    }

    /// Adds an answer written as `QUESTION=ANSWER`, with ids as in the policy.
    pub fn add_written(&mut self, policy: &Policy, written: &str) -> Result<(), EvalError> {
        let malformed = || EvalError::Malformed { input: written.to_string() };
        let (question_name, answer_name) = written.split_once('=').ok_or_else(malformed)?;
        let (question_name, answer_name) = (question_name.trim(), answer_name.trim());

        let question = policy.node_named(question_name).ok_or_else(|| {
            let questions = policy.nodes.iter().filter(|node| is_question(node));
            let suggestion =
                Suggester::new().closest(question_name, questions.map(|node| node.id.as_str()));
            EvalError::UnknownQuestion { name: question_name.to_string(), suggestion }
        })?;
        let node = policy.node(question).ok_or_else(malformed)?;
        if !is_question(node) {
            let name = question_name.to_string();
            return Err(EvalError::NotAQuestion { name, keyword: node.keyword() });
        }

        let set = policy
            .answer_set_of(question)
            .ok_or_else(|| EvalError::Broken { node: question_name.to_string() })?;
        let answer =
            set.answers.iter().position(|answer| answer.id == answer_name).ok_or_else(|| {
                EvalError::UnknownAnswer {
                    question: question_name.to_string(),
                    answer: answer_name.to_string(),
                    answers: set.answers.iter().map(|answer| format!("`{}`", answer.id)).collect(),
                }
            })?;

        match self.get(question) {
            Some(first) if first != answer => Err(EvalError::Conflicting {
                question: question_name.to_string(),
                first: set.answers.get(first).map(|a| a.id.clone()).unwrap_or_default(),
                second: answer_name.to_string(),
            }),
            _ => {
                self.set(question, Some(answer));
                Ok(())
            }
        }
    }
}

fn is_question(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Question { .. })
}

/// Walks `policy` from its start with `answers` until an outcome is reached or a question
/// has no answer.
///
/// A recall uses the answer given to its question; the question is never asked twice. A
/// policy without errors always reaches an end; a walk into a part with errors fails with
/// [`EvalError::Broken`].
pub fn evaluate(policy: &Policy, answers: &Answers) -> Result<Trace, EvalError> {
    let broken = |node: &Node| EvalError::Broken { node: node.id.clone() };
    let mut visits = Vec::new();
    let mut at = policy.start.ok_or_else(|| EvalError::Broken { node: policy.id.clone() })?;

    // Every step moves to a new node, so a walk longer than the node count is in a cycle.
    for _ in 0..=policy.nodes.len() {
        let node = policy.node(at).ok_or_else(|| EvalError::Broken { node: policy.id.clone() })?;
        let (answer, branch) = match &node.kind {
            NodeKind::Outcome { .. } => return Ok(Trace { visits, end: End::Outcome(at) }),
            NodeKind::Step { next } => (None, next.as_ref()),
            NodeKind::Question { branches, .. } => {
                let Some(answer) = answers.get(at) else {
                    return Ok(Trace { visits, end: End::Unanswered(at) });
                };
                (Some(answer), branches.get(answer).and_then(Option::as_ref))
            }
            NodeKind::Recall { question, branches } => {
                let answer = question.and_then(|question| answers.get(question));
                let answer = answer.ok_or_else(|| broken(node))?;
                (Some(answer), branches.get(answer).and_then(Option::as_ref))
            }
        };
        visits.push(Visit { node: at, answer });
        at = branch.and_then(|branch| branch.target).ok_or_else(|| broken(node))?;
    }
    Err(EvalError::Broken { node: policy.id.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "policy t { title \"T\" language en source \"s\" start a }\n\
                          verdicts { ok \"OK\" }\n\
                          answers three { yes no maybe }\n\
                          question a (three) \"A?\" { yes -> o no -> b maybe -> b }\n\
                          question b \"B?\" { yes -> o no -> o2 }\n\
                          outcome o (ok) \"O\"\n\
                          outcome o2 (ok) \"O2\"\n";

    fn policy() -> Policy {
        crate::compile(POLICY).unwrap().policy
    }

    #[test]
    fn missing_answer_names_the_next_question() {
        let policy = policy();
        let mut answers = Answers::new(&policy);
        answers.add_written(&policy, "a=maybe").unwrap();
        let trace = evaluate(&policy, &answers).unwrap();
        assert_eq!(trace.end, End::Unanswered(policy.node_named("b").unwrap()));
    }

    #[test]
    fn written_answers_are_validated() {
        let policy = policy();
        let mut answers = Answers::new(&policy);
        assert!(matches!(answers.add_written(&policy, "a"), Err(EvalError::Malformed { .. })));
        assert!(matches!(
            answers.add_written(&policy, "aa=yes"),
            Err(EvalError::UnknownQuestion { suggestion: Some(_), .. })
        ));
        assert!(matches!(
            answers.add_written(&policy, "o=yes"),
            Err(EvalError::NotAQuestion { .. })
        ));
        assert!(matches!(
            answers.add_written(&policy, "a=perhaps"),
            Err(EvalError::UnknownAnswer { .. })
        ));
        answers.add_written(&policy, "a=no").unwrap();
        answers.add_written(&policy, "a=no").unwrap();
        assert!(matches!(
            answers.add_written(&policy, "a=yes"),
            Err(EvalError::Conflicting { .. })
        ));
    }
}
