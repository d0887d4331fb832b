//! Statistics for people: how many answer combinations reach each outcome, and a shortest
//! path to it.

use num_bigint::BigUint;

use crate::analysis::Analysis;
use crate::check::graph::Adjacency;
use crate::eval::{End, Trace, evaluate};
use crate::policy::{NodeId, NodeKind, Policy};

/// What the analysis says about one outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeStats {
    /// The outcome.
    pub outcome: NodeId,
    /// How many combinations of answers to all questions end in it.
    pub combinations: BigUint,
    /// A path to it with as few questions as possible; `None` when it is unreachable.
    pub path: Option<Trace>,
}

/// The statistics of every outcome, in declaration order.
pub fn outcome_stats(policy: &Policy, analysis: &Analysis) -> Vec<OutcomeStats> {
    let fewest = fewest_questions(policy);
    policy
        .node_ids()
        .filter(|&id| policy.node(id).is_some_and(|node| node.is_outcome()))
        .map(|outcome| {
            let path = shortest_path(policy, &fewest, outcome)
                .or_else(|| some_path(policy, analysis, outcome));
            OutcomeStats { outcome, combinations: analysis.combinations(outcome), path }
        })
        .collect()
}

/// The best way found to a node: how many questions it asks, and the node and answer it
/// comes from (`None` at the start).
#[derive(Clone, Copy, Debug)]
struct Way {
    questions: usize,
    from: Option<(NodeId, usize)>,
}

/// For every node, the way from the start to it that asks the fewest questions. Recall arms
/// count as edges; whether the resulting path is one a decision can take is checked
/// afterwards.
fn fewest_questions(policy: &Policy) -> Vec<Option<Way>> {
    let adjacency = Adjacency::of(policy);
    let order: Vec<NodeId> =
        adjacency.components(policy.start).into_iter().rev().flatten().collect();
    let mut best: Vec<Option<Way>> = vec![None; policy.nodes.len()];
    if let Some(start) = policy.start.and_then(|start| best.get_mut(start.0)) {
        *start = Some(Way { questions: 0, from: None });
    }

    for id in order {
        let (Some(node), Some(Some(way))) = (policy.node(id), best.get(id.0).copied()) else {
            continue;
        };
        let cost = way.questions + usize::from(matches!(node.kind, NodeKind::Question { .. }));
        for (answer, branch) in node.branches() {
            let Some(slot) = branch.target.and_then(|target| best.get_mut(target.0)) else {
                continue;
            };
            if slot.is_none_or(|known| cost < known.questions) {
                *slot = Some(Way { questions: cost, from: Some((id, answer)) });
            }
        }
    }
    best
}

/// The way `fewest` found to `outcome`, when answering its questions so really leads there.
fn shortest_path(policy: &Policy, fewest: &[Option<Way>], outcome: NodeId) -> Option<Trace> {
    let mut answers = crate::Answers::new(policy);
    let mut at = outcome;
    while let Some(Some(Way { from: Some((from, answer)), .. })) = fewest.get(at.0) {
        if matches!(policy.node(*from)?.kind, NodeKind::Question { .. }) {
            answers.set(*from, Some(*answer));
        }
        at = *from;
    }
    let trace = evaluate(policy, &answers).ok()?;
    (trace.end == End::Outcome(outcome)).then_some(trace)
}

/// Some path to `outcome`, from a combination the analysis finds; for when the way with
/// fewest questions is one no decision can take.
fn some_path(policy: &Policy, analysis: &Analysis, outcome: NodeId) -> Option<Trace> {
    let answers = analysis.witness(policy, &analysis.reach(outcome))?;
    evaluate(policy, &answers).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flyer_outcomes_are_counted_and_reached_shortest() {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../policies/levensloopaanpak-medische-gegevens.policy"
        ))
        .unwrap();
        let policy = crate::compile(&source).unwrap().policy;
        let analysis = Analysis::new(&policy).unwrap();
        assert_eq!(analysis.total(), BigUint::from(128u32));

        let stats = outcome_stats(&policy, &analysis);
        let by_name = |name: &str| {
            let id = policy.node_named(name).unwrap();
            stats.iter().find(|stat| stat.outcome == id).unwrap()
        };
        // Not a care professional: the other six answers are free.
        assert_eq!(by_name("avg").combinations, BigUint::from(64u32));
        // Five answers fixed, then reached from two places: without gewetensnood (whatever
        // the last answer) and without the near certainty.
        assert_eq!(by_name("beroepsgeheim").combinations, BigUint::from(3u32));
        assert_eq!(by_name("conflict_van_plichten").combinations, BigUint::from(1u32));
        let total: BigUint = stats.iter().map(|stat| stat.combinations.clone()).sum();
        assert_eq!(total, BigUint::from(128u32));

        let beroepsgeheim = by_name("beroepsgeheim").path.as_ref().unwrap();
        assert_eq!(beroepsgeheim.visits.len(), 6);
    }
}
