//! Path listing: every way from the start to an outcome, for reports that people read.
//!
//! This is the one place that enumerates paths, whose number can grow exponentially with
//! the size of a policy; callers bound it with a limit. No check depends on it.

use crate::eval::{End, EvalError, Trace, Visit};
use crate::policy::{NodeId, NodeKind, Policy};

/// The paths of a policy, up to a limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathList {
    /// The paths in depth-first order, following answers in answer-set order.
    pub paths: Vec<Trace>,
    /// Whether these are all the paths; `false` when the limit cut the list short.
    pub complete: bool,
}

/// A node on the path being explored, and which of its arms to try next.
struct Frame {
    node: NodeId,
    next_arm: usize,
    answer: Option<usize>,
}

/// Lists the paths from the start to an outcome, at most `limit` of them.
///
/// A recall follows only the arm of the answer its question got earlier on the same path,
/// so every listed path is one a real decision can take.
pub fn paths(policy: &Policy, limit: usize) -> Result<PathList, EvalError> {
    let broken = |node: NodeId| EvalError::Broken {
        node: policy.node(node).map_or_else(|| policy.id.clone(), |node| node.id.clone()),
    };
    let start = policy.start.ok_or_else(|| EvalError::Broken { node: policy.id.clone() })?;

    let mut found = Vec::new();
    let mut answers = crate::eval::Answers::new(policy);
    let mut on_path = vec![false; policy.nodes.len()];
    let mut frames = vec![Frame { node: start, next_arm: 0, answer: None }];
    if let Some(flag) = on_path.get_mut(start.0) {
        *flag = true;
    }

    while let Some(frame) = frames.last_mut() {
        let node = policy.node(frame.node).ok_or_else(|| broken(frame.node))?;
        let next = match &node.kind {
            NodeKind::Outcome { .. } => {
                if found.len() == limit {
                    return Ok(PathList { paths: found, complete: false });
                }
                let outcome = frame.node;
                let visits = frames
                    .iter()
                    .take(frames.len().saturating_sub(1))
                    .map(|frame| Visit { node: frame.node, answer: frame.answer })
                    .collect();
                found.push(Trace { visits, end: End::Outcome(outcome) });
                None
            }
            NodeKind::Step { next } if frame.next_arm == 0 => {
                frame.next_arm = 1;
                Some(next.and_then(|next| next.target).ok_or_else(|| broken(frame.node))?)
            }
            NodeKind::Question { branches, .. } => {
                let arm = branches.iter().enumerate().skip(frame.next_arm).find_map(
                    |(answer, branch)| branch.as_ref().map(|branch| (answer, branch.target)),
                );
                match arm {
                    Some((answer, target)) => {
                        frame.next_arm = answer + 1;
                        frame.answer = Some(answer);
                        answers.set(frame.node, Some(answer));
                        Some(target.ok_or_else(|| broken(frame.node))?)
                    }
                    None => {
                        answers.set(frame.node, None);
                        None
                    }
                }
            }
            NodeKind::Recall { question, branches } if frame.next_arm == 0 => {
                let answer = question
                    .and_then(|question| answers.get(question))
                    .ok_or_else(|| broken(frame.node))?;
                let branch = branches.get(answer).copied().flatten();
                frame.next_arm = 1;
                frame.answer = Some(answer);
                Some(branch.and_then(|branch| branch.target).ok_or_else(|| broken(frame.node))?)
            }
            NodeKind::Step { .. } | NodeKind::Recall { .. } => None,
        };

        match next {
            Some(target) => {
                let flag = on_path.get_mut(target.0).ok_or_else(|| broken(target))?;
                if std::mem::replace(flag, true) {
                    return Err(broken(target));
                }
                frames.push(Frame { node: target, next_arm: 0, answer: None });
            }
            None => {
                if let Some(done) = frames.pop()
                    && let Some(flag) = on_path.get_mut(done.node.0)
                {
                    *flag = false;
                }
            }
        }
    }
    Ok(PathList { paths: found, complete: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Answers, evaluate};

    const POLICY: &str = "policy t { title \"T\" language en source \"s\" start a }\n\
                          verdicts { ok \"OK\" }\n\
                          question a \"A?\" { yes -> b no -> b }\n\
                          question b \"B?\" { yes -> r no -> o }\n\
                          recall r on a { yes -> o no -> p }\n\
                          outcome o (ok) \"O\"\n\
                          outcome p (ok) \"P\"\n";

    fn policy() -> Policy {
        let compiled = crate::compile(POLICY).unwrap();
        assert!(!compiled.has_errors());
        compiled.policy
    }

    fn outcome_name(policy: &Policy, trace: &Trace) -> String {
        match trace.end {
            End::Outcome(id) => policy.node(id).unwrap().id.clone(),
            End::Unanswered(_) => panic!("not an outcome"),
        }
    }

    #[test]
    fn recall_follows_the_answer_given_earlier_on_the_path() {
        let policy = policy();
        let list = paths(&policy, 100).unwrap();
        assert!(list.complete);
        let outcomes: Vec<String> =
            list.paths.iter().map(|trace| outcome_name(&policy, trace)).collect();
        assert_eq!(outcomes, ["o", "o", "p", "o"]);
    }

    #[test]
    fn every_path_evaluates_to_its_own_outcome() {
        let policy = policy();
        for trace in paths(&policy, 100).unwrap().paths {
            let mut answers = Answers::new(&policy);
            for visit in &trace.visits {
                if matches!(policy.node(visit.node).unwrap().kind, NodeKind::Question { .. }) {
                    answers.set(visit.node, visit.answer);
                }
            }
            assert_eq!(evaluate(&policy, &answers).unwrap(), trace);
        }
    }

    #[test]
    fn limit_cuts_the_list_short() {
        let policy = policy();
        let list = paths(&policy, 2).unwrap();
        assert_eq!(list.paths.len(), 2);
        assert!(!list.complete);
    }
}
