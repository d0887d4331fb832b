//! The exhaustiveness check of questions: every question has an arm for every answer of its
//! answer set, so that every answer leads somewhere.
//!
//! Recalls are checked by the flow check instead, since a recall only needs arms for the
//! answers its question can still have on the way there.

use crate::policy::{NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};

/// Reports every question with answers that have no arm.
pub(crate) fn check(policy: &Policy, problems: &mut Vec<Problem>) {
    for node in &policy.nodes {
        let NodeKind::Question { answer_set: Some(set), branches } = &node.kind else {
            continue;
        };
        let Some(set) = policy.answer_set(*set) else { continue };
        let missing: Vec<String> = set
            .answers
            .iter()
            .zip(branches)
            .filter(|(_, branch)| branch.is_none())
            .map(|(answer, _)| answer.id.clone())
            .collect();
        if !missing.is_empty() {
            let kind = ProblemKind::NonExhaustive { node: node.id.clone(), missing };
            problems.push(Problem::new(kind, node.span));
        }
    }
}
