//! The JSON that `eval` and `paths` print, as documented in docs/cli.md. Field names and
//! shapes are stable: tools depend on them.

use serde::Serialize;
use stroom_compiler::{End, NodeKind, Policy, Trace};

/// One decision: the answers along a path and where it ends.
#[derive(Debug, Serialize)]
pub(crate) struct PathJson<'a> {
    /// The questions asked, in order, with their answers.
    pub(crate) answers: Vec<AnswerJson<'a>>,
    /// The outcome; `null` when the answers stop before one.
    pub(crate) outcome: Option<OutcomeJson<'a>>,
    /// The question to answer next, when the answers stop before an outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next: Option<NextJson<'a>>,
}

/// One answered question.
#[derive(Debug, Serialize)]
pub(crate) struct AnswerJson<'a> {
    /// The question id.
    pub(crate) question: &'a str,
    /// The question text.
    pub(crate) text: &'a str,
    /// The answer id.
    pub(crate) answer: &'a str,
}

/// An outcome.
#[derive(Debug, Serialize)]
pub(crate) struct OutcomeJson<'a> {
    /// The outcome id.
    pub(crate) id: &'a str,
    /// The outcome text.
    pub(crate) text: &'a str,
    /// The verdict id.
    pub(crate) verdict: &'a str,
}

/// The question that must be answered next.
#[derive(Debug, Serialize)]
pub(crate) struct NextJson<'a> {
    /// The question id.
    pub(crate) question: &'a str,
    /// The question text.
    pub(crate) text: &'a str,
    /// The ids of its answers.
    pub(crate) answers: Vec<&'a str>,
}

impl<'a> PathJson<'a> {
    /// The JSON form of `trace`. Recalls reuse an earlier answer, so only questions appear
    /// among the answers.
    pub(crate) fn of(policy: &'a Policy, trace: &Trace) -> PathJson<'a> {
        let answers = trace
            .answered(policy)
            .map(|(question, answer)| AnswerJson {
                question: &question.id,
                text: &question.text,
                answer: &answer.id,
            })
            .collect();

        let (outcome, next) = match trace.end {
            End::Outcome(id) => (outcome(policy, id), None),
            End::Unanswered(id) => (None, next(policy, id)),
        };
        PathJson { answers, outcome, next }
    }
}

fn outcome(policy: &Policy, id: stroom_compiler::NodeId) -> Option<OutcomeJson<'_>> {
    let node = policy.node(id)?;
    let NodeKind::Outcome { verdict: Some(verdict) } = node.kind else { return None };
    let verdict = policy.verdict(verdict)?;
    Some(OutcomeJson { id: &node.id, text: &node.text, verdict: &verdict.id })
}

fn next(policy: &Policy, id: stroom_compiler::NodeId) -> Option<NextJson<'_>> {
    let node = policy.node(id)?;
    let answers = policy.answer_set_of(id)?.answers.iter().map(|a| a.id.as_str()).collect();
    Some(NextJson { question: &node.id, text: &node.text, answers })
}
