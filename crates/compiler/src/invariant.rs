//! Invariants: statements about every decision a policy can make, and the conditions they
//! are built from.

use stroom_syntax::Span;

use crate::eval::{End, Trace};
use crate::policy::{NodeId, NodeKind, Policy, VerdictId};

/// An invariant with every name resolved: for every combination of answers, when `when`
/// holds of the decision, `then` holds too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invariant {
    /// The name of the invariant.
    pub id: String,
    /// Where the name is written.
    pub span: Span,
    /// The condition under which the conclusion must hold; `None` for always.
    pub when: Option<Condition>,
    /// The conclusion.
    pub then: Condition,
}

/// A condition on one decision: the path the answers take and where it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// At least one holds.
    Any(Vec<Condition>),
    /// All hold.
    All(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
    /// The path passes this node.
    Reaches(NodeId),
    /// This question is asked on the path.
    Asked(NodeId),
    /// The question is asked on the path, and its answer is (or, when not `equal`, is not)
    /// the answer with this index.
    Answer {
        /// The question.
        question: NodeId,
        /// The answer index.
        answer: usize,
        /// `=` rather than `!=`.
        equal: bool,
    },
    /// The decision ends (or does not end) in this outcome.
    Outcome {
        /// The outcome.
        outcome: NodeId,
        /// `=` rather than `!=`.
        equal: bool,
    },
    /// The decision ends in an outcome with (or without) this verdict.
    Verdict {
        /// The verdict.
        verdict: VerdictId,
        /// `=` rather than `!=`.
        equal: bool,
    },
    /// A part whose names could not be resolved; its problem is reported already.
    Unresolved,
}

impl Condition {
    /// Whether the condition holds of the decision `trace`, which must end in an outcome.
    ///
    /// This reads the condition directly off one path; the analysis decides it for every
    /// combination of answers at once, and the two must agree.
    pub fn holds(&self, policy: &Policy, trace: &Trace) -> bool {
        let visited = |node: NodeId| trace.visits.iter().find(|visit| visit.node == node);
        let outcome = match trace.end {
            End::Outcome(outcome) => Some(outcome),
            End::Unanswered(_) => None,
        };
        match self {
            Condition::Any(parts) => parts.iter().any(|part| part.holds(policy, trace)),
            Condition::All(parts) => parts.iter().all(|part| part.holds(policy, trace)),
            Condition::Not(part) => !part.holds(policy, trace),
            Condition::Reaches(node) => visited(*node).is_some() || outcome == Some(*node),
            Condition::Asked(question) => visited(*question).is_some(),
            Condition::Answer { question, answer, equal } => visited(*question)
                .and_then(|visit| visit.answer)
                .is_some_and(|given| (given == *answer) == *equal),
            Condition::Outcome { outcome: expected, equal } => {
                outcome.is_some_and(|outcome| (outcome == *expected) == *equal)
            }
            Condition::Verdict { verdict, equal } => {
                let reached = outcome.and_then(|outcome| match policy.node(outcome)?.kind {
                    NodeKind::Outcome { verdict } => verdict,
                    _ => None,
                });
                reached.is_some_and(|reached| (reached == *verdict) == *equal)
            }
            Condition::Unresolved => false,
        }
    }
}
