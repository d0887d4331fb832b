//! The flow check: which nodes a real decision can reach, and what a recall can find.
//!
//! A forward dataflow over the acyclic graph, in topological order, tracks for every node and
//! every question that some recall branches on the set of answers that question can have on
//! arrival, plus whether it may not have been asked yet. One pass finds:
//! - recalls reached before their question is answered;
//! - recall arms for an answer the question cannot have there (dead branches);
//! - recall answers that can occur but have no arm (non-exhaustive recalls);
//! - nodes that no path from the start reaches, or only through dead branches.
//!
//! The cost is the size of the graph times the number of recalled questions' answers, one
//! bit each; no path is ever enumerated.
//!
//! Limitation: the facts of each question are kept apart, so a correlation between two
//! recalled answers is lost where paths join. A branch that is dead only because of such a
//! correlation is not reported (every branch that is reported is truly dead), and in the
//! other direction a recall can be asked for an arm, or be reported as reachable before its
//! question is answered, on account of a combination of answers that no real path has.

use crate::check::graph::Adjacency;
use crate::policy::{Branch, Node, NodeId, NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};

/// Runs the flow check on an acyclic policy, given its nodes in topological order.
pub(crate) fn check(
    policy: &Policy,
    adjacency: &Adjacency,
    order: &[NodeId],
    problems: &mut Vec<Problem>,
) {
    let layout = Layout::of(policy);
    let mut arriving: Vec<Option<Facts>> = vec![None; policy.nodes.len()];
    if let Some(start) = policy.start.and_then(|start| arriving.get_mut(start.0)) {
        *start = Some(layout.initial());
    }
    let mut feasible = vec![false; policy.nodes.len()];

    for &id in order {
        let (Some(node), Some(facts)) = (policy.node(id), arriving.get_mut(id.0)) else {
            continue;
        };
        let Some(facts) = facts.take() else { continue };
        if let Some(flag) = feasible.get_mut(id.0) {
            *flag = true;
        }
        for (target, facts) in layout.leave(policy, id, node, facts, problems) {
            match arriving.get_mut(target.0) {
                Some(Some(existing)) => existing.join(&facts),
                Some(slot) => *slot = Some(facts),
                None => {}
            }
        }
    }

    let reachable = adjacency.reachable_from(policy.start);
    report_unreachable(policy, adjacency, &feasible, &reachable, problems);
}

/// What is known on arrival at a node: one bit per answer of every recalled question, and
/// one bit for "not asked yet".
#[derive(Clone, Debug, PartialEq, Eq)]
struct Facts {
    words: Vec<u64>,
}

impl Facts {
    fn has(&self, bit: usize) -> bool {
        self.words.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn set(&mut self, bit: usize, value: bool) {
        if let Some(word) = self.words.get_mut(bit / 64) {
            if value {
                *word |= 1 << (bit % 64);
            } else {
                *word &= !(1 << (bit % 64));
            }
        }
    }

    fn join(&mut self, other: &Facts) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word |= other;
        }
    }
}

/// Where each recalled question's bits are within [`Facts`].
struct Layout {
    /// For each node index, the first bit of the question's answers when it is recalled.
    first_bit: Vec<Option<usize>>,
    /// For each node index, the number of answers of the recalled question.
    answer_count: Vec<usize>,
    /// The number of bits in all.
    bits: usize,
}

impl Layout {
    fn of(policy: &Policy) -> Layout {
        let count = policy.nodes.len();
        let mut layout =
            Layout { first_bit: vec![None; count], answer_count: vec![0; count], bits: 0 };
        for node in &policy.nodes {
            let NodeKind::Recall { question: Some(question), .. } = node.kind else { continue };
            let answers = policy.answer_set_of(question).map_or(0, |set| set.answers.len());
            if let (Some(first @ None), Some(size)) =
                (layout.first_bit.get_mut(question.0), layout.answer_count.get_mut(question.0))
            {
                *first = Some(layout.bits);
                *size = answers;
                layout.bits += answers + 1;
            }
        }
        layout
    }

    /// The facts at the start: no recalled question has been asked.
    fn initial(&self) -> Facts {
        let mut facts = Facts { words: vec![0; self.bits.div_ceil(64)] };
        for (first, answers) in self.first_bit.iter().zip(&self.answer_count) {
            if let Some(first) = first {
                facts.set(first + answers, true);
            }
        }
        facts
    }

    /// The facts with `question` fixed to `answer`.
    fn fixed(&self, mut facts: Facts, question: NodeId, answer: usize) -> Facts {
        let (Some(Some(first)), Some(&answers)) =
            (self.first_bit.get(question.0), self.answer_count.get(question.0))
        else {
            return facts;
        };
        for bit in *first..=first + answers {
            facts.set(bit, bit == first + answer);
        }
        facts
    }

    /// The facts that leave `node` along each live edge, reporting the problems of a recall.
    fn leave(
        &self,
        policy: &Policy,
        id: NodeId,
        node: &Node,
        facts: Facts,
        problems: &mut Vec<Problem>,
    ) -> Vec<(NodeId, Facts)> {
        match &node.kind {
            NodeKind::Question { branches, .. } => live_arms(branches)
                .map(|(answer, target)| (target, self.fixed(facts.clone(), id, answer)))
                .collect(),
            NodeKind::Recall { question: Some(question), branches } => {
                self.leave_recall(policy, node, *question, branches, facts, problems)
            }
            NodeKind::Recall { question: None, branches } => {
                live_arms(branches).map(|(_, target)| (target, facts.clone())).collect()
            }
            NodeKind::Step { next } => next
                .and_then(|next| next.target)
                .map(|target| (target, facts))
                .into_iter()
                .collect(),
            NodeKind::Outcome { .. } => Vec::new(),
        }
    }

    fn leave_recall(
        &self,
        policy: &Policy,
        node: &Node,
        question: NodeId,
        branches: &[Option<Branch>],
        facts: Facts,
        problems: &mut Vec<Problem>,
    ) -> Vec<(NodeId, Facts)> {
        let (Some(Some(first)), Some(set), Some(asked)) =
            (self.first_bit.get(question.0), policy.answer_set_of(question), policy.node(question))
        else {
            return Vec::new();
        };
        let answers = set.answers.len();
        let unasked = facts.has(first + answers);
        if unasked {
            let kind =
                ProblemKind::NotAnswered { recall: node.id.clone(), question: asked.id.clone() };
            let problem = Problem::new(kind, node.span)
                .with_related(asked.span, "asked here, but not on every path to the recall");
            problems.push(problem);
        }

        let possible: Vec<bool> =
            (0..answers).map(|answer| unasked || facts.has(first + answer)).collect();
        let possible_ids: Vec<String> = set
            .answers
            .iter()
            .zip(&possible)
            .filter(|(_, possible)| **possible)
            .map(|(answer, _)| answer.id.clone())
            .collect();

        let mut leaving = Vec::new();
        let mut missing = Vec::new();
        let arms = set.answers.iter().zip(branches).zip(&possible).enumerate();
        for (index, ((answer, branch), possible)) in arms {
            match (branch, possible) {
                (Some(branch), true) => {
                    if let Some(target) = branch.target {
                        leaving.push((target, self.fixed(facts.clone(), question, index)));
                    }
                }
                (Some(branch), false) => {
                    let kind = ProblemKind::DeadBranch {
                        question: asked.id.clone(),
                        answer: answer.id.clone(),
                        possible: possible_ids.clone(),
                    };
                    problems.push(Problem::new(kind, branch.span));
                }
                (None, true) => missing.push(answer.id.clone()),
                (None, false) => {}
            }
        }
        if !missing.is_empty() {
            let kind = ProblemKind::NonExhaustive { node: node.id.clone(), missing };
            problems.push(Problem::new(kind, node.span));
        }
        leaving
    }
}

/// The arms that have a resolved target, with their answer index.
fn live_arms(branches: &[Option<Branch>]) -> impl Iterator<Item = (usize, NodeId)> + '_ {
    branches
        .iter()
        .enumerate()
        .filter_map(|(answer, branch)| Some((answer, branch.as_ref()?.target?)))
}

/// Reports every node that no real decision reaches, once per dead region: its entry nodes,
/// and for a dead region without entries (a circle nothing leads into) its first node.
pub(crate) fn report_unreachable(
    policy: &Policy,
    adjacency: &Adjacency,
    feasible: &[bool],
    reachable: &[bool],
    problems: &mut Vec<Problem>,
) {
    let dead = |node: NodeId| !feasible.get(node.0).copied().unwrap_or(true);
    let mut has_dead_predecessor = vec![false; policy.nodes.len()];
    for from in policy.node_ids().filter(|&node| dead(node)) {
        for to in adjacency.successors(from) {
            if let Some(flag) = has_dead_predecessor.get_mut(to.0) {
                *flag = true;
            }
        }
    }

    let entries = policy
        .node_ids()
        .filter(|&node| dead(node) && !has_dead_predecessor.get(node.0).copied().unwrap_or(false));
    let mut covered = vec![false; policy.nodes.len()];
    let mut report = |node: NodeId, covered: &mut Vec<bool>| {
        let Some(declared) = policy.node(node) else { return };
        let through_dead_branches = reachable.get(node.0).copied().unwrap_or(false);
        let kind = ProblemKind::Unreachable { node: declared.id.clone(), through_dead_branches };
        problems.push(Problem::new(kind, declared.span));
        cover(adjacency, node, &dead, covered);
    };

    let entries: Vec<NodeId> = entries.collect();
    for node in entries {
        report(node, &mut covered);
    }
    for node in policy.node_ids() {
        if dead(node) && !covered.get(node.0).copied().unwrap_or(true) {
            report(node, &mut covered);
        }
    }
}

/// Marks `from` and every dead node after it as covered by a report.
fn cover(
    adjacency: &Adjacency,
    from: NodeId,
    dead: &impl Fn(NodeId) -> bool,
    covered: &mut [bool],
) {
    let mut pending = vec![from];
    while let Some(node) = pending.pop() {
        let Some(seen) = covered.get_mut(node.0) else { continue };
        if std::mem::replace(seen, true) {
            continue;
        }
        pending.extend(adjacency.successors(node).iter().copied().filter(|&next| dead(next)));
    }
}
