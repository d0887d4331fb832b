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

use crate::analysis::Analysis;
use crate::check::graph::Adjacency;
use crate::policy::{Branch, Node, NodeId, NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};

/// What the flow check found about recalls and reachability, before it is reported.
///
/// The linear pass and the exact analysis each produce one; the exact one, where it can be
/// computed, is the one reported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RecallFindings {
    /// Recalls that some decision reaches before their question is answered.
    pub(crate) not_answered: Vec<NodeId>,
    /// Recall arms, as recall and answer index, that no decision takes.
    pub(crate) dead: Vec<(NodeId, usize)>,
    /// Recalls and the answer indices some decision brings there without an arm.
    pub(crate) missing: Vec<(NodeId, Vec<usize>)>,
    /// For each node index, whether some decision reaches it.
    pub(crate) feasible: Vec<bool>,
}

/// The linear pass over an acyclic policy, given its nodes in topological order.
pub(crate) fn linear(policy: &Policy, order: &[NodeId]) -> RecallFindings {
    let layout = Layout::of(policy);
    let mut arriving: Vec<Option<Facts>> = vec![None; policy.nodes.len()];
    if let Some(start) = policy.start.and_then(|start| arriving.get_mut(start.0)) {
        *start = Some(layout.initial());
    }
    let mut findings =
        RecallFindings { feasible: vec![false; policy.nodes.len()], ..RecallFindings::default() };

    for &id in order {
        let (Some(node), Some(facts)) = (policy.node(id), arriving.get_mut(id.0)) else {
            continue;
        };
        let Some(facts) = facts.take() else { continue };
        if let Some(flag) = findings.feasible.get_mut(id.0) {
            *flag = true;
        }
        for (target, facts) in layout.leave(policy, id, node, facts, &mut findings) {
            match arriving.get_mut(target.0) {
                Some(Some(existing)) => existing.join(&facts),
                Some(slot) => *slot = Some(facts),
                None => {}
            }
        }
    }
    findings
}

/// The same findings, decided exactly from the sets of combinations that reach each node.
pub(crate) fn exact(policy: &Policy, adjacency: &Adjacency, analysis: &Analysis) -> RecallFindings {
    let feasible = policy.node_ids().map(|id| analysis.is_reachable(id)).collect();
    let mut findings = RecallFindings { feasible, ..RecallFindings::default() };

    for id in policy.node_ids() {
        let Some(node) = policy.node(id) else { continue };
        let NodeKind::Recall { question: Some(question), branches } = &node.kind else {
            continue;
        };
        let here = analysis.reach(id);
        if here.is_false() {
            continue;
        }
        // On a path through both, the question comes first exactly when it leads to the
        // recall; otherwise it is never answered before the recall.
        let before = adjacency.reachable_from(Some(*question)).get(id.0).copied() == Some(true);
        let unanswered =
            if before { !here.and_not(&analysis.reach(*question)).is_false() } else { true };
        if unanswered {
            findings.not_answered.push(id);
        }

        let mut missing = Vec::new();
        for (answer, branch) in branches.iter().enumerate() {
            let possible =
                unanswered || !here.and(&analysis.answer_is(*question, answer)).is_false();
            match (branch, possible) {
                (Some(_), false) => findings.dead.push((id, answer)),
                (None, true) => missing.push(answer),
                _ => {}
            }
        }
        if !missing.is_empty() {
            findings.missing.push((id, missing));
        }
    }
    findings
}

/// Reports the findings: recall problems first, then the nodes no decision reaches.
pub(crate) fn report(
    policy: &Policy,
    adjacency: &Adjacency,
    findings: &RecallFindings,
    problems: &mut Vec<Problem>,
) {
    let name = |id: NodeId| policy.node(id).map_or(String::new(), |node| node.id.clone());
    let answer_name = |question: NodeId, answer: usize| {
        let set = policy.answer_set_of(question);
        set.and_then(|set| set.answers.get(answer)).map_or(String::new(), |a| a.id.clone())
    };
    let recalled = |recall: NodeId| match policy.node(recall).map(|node| &node.kind) {
        Some(NodeKind::Recall { question: Some(question), .. }) => Some(*question),
        _ => None,
    };

    for &recall in &findings.not_answered {
        let (Some(node), Some(question)) = (policy.node(recall), recalled(recall)) else {
            continue;
        };
        let Some(asked) = policy.node(question) else { continue };
        let kind = ProblemKind::NotAnswered { recall: node.id.clone(), question: asked.id.clone() };
        let problem = Problem::new(kind, node.span)
            .with_related(asked.span, "asked here, but not on every path to the recall");
        problems.push(problem);
    }

    for &(recall, answer) in &findings.dead {
        let (Some(node), Some(question)) = (policy.node(recall), recalled(recall)) else {
            continue;
        };
        let NodeKind::Recall { branches, .. } = &node.kind else { continue };
        let Some(Some(branch)) = branches.get(answer) else { continue };
        let dead_answers: Vec<usize> = findings
            .dead
            .iter()
            .filter(|(other, _)| *other == recall)
            .map(|(_, answer)| *answer)
            .collect();
        let possible = (0..branches.len())
            .filter(|answer| !dead_answers.contains(answer))
            .map(|answer| answer_name(question, answer))
            .collect();
        let kind = ProblemKind::DeadBranch {
            question: name(question),
            answer: answer_name(question, answer),
            possible,
        };
        problems.push(Problem::new(kind, branch.span));
    }

    for (recall, answers) in &findings.missing {
        let (Some(node), Some(question)) = (policy.node(*recall), recalled(*recall)) else {
            continue;
        };
        let missing = answers.iter().map(|&answer| answer_name(question, answer)).collect();
        let kind = ProblemKind::NonExhaustive { node: node.id.clone(), missing };
        problems.push(Problem::new(kind, node.span));
    }

    let reachable = adjacency.reachable_from(policy.start);
    report_unreachable(policy, adjacency, &findings.feasible, &reachable, problems);
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

    /// Clears the bits in `range`, a word at a time.
    fn clear(&mut self, range: std::ops::Range<usize>) {
        let mut bit = range.start;
        while bit < range.end {
            let offset = bit % 64;
            let count = (64 - offset).min(range.end - bit);
            let mask = if count == 64 { u64::MAX } else { ((1u64 << count) - 1) << offset };
            if let Some(word) = self.words.get_mut(bit / 64) {
                *word &= !mask;
            }
            bit += count;
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
        facts.clear(*first..first + answers + 1);
        facts.set(first + answer, true);
        facts
    }

    /// The facts that leave `node` along each live edge, reporting the problems of a recall.
    fn leave(
        &self,
        policy: &Policy,
        id: NodeId,
        node: &Node,
        facts: Facts,
        findings: &mut RecallFindings,
    ) -> Vec<(NodeId, Facts)> {
        match &node.kind {
            NodeKind::Question { branches, .. } => live_arms(branches)
                .map(|(answer, target)| (target, self.fixed(facts.clone(), id, answer)))
                .collect(),
            NodeKind::Recall { question: Some(question), branches } => {
                self.leave_recall(policy, id, *question, branches, facts, findings)
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
        recall: NodeId,
        question: NodeId,
        branches: &[Option<Branch>],
        facts: Facts,
        findings: &mut RecallFindings,
    ) -> Vec<(NodeId, Facts)> {
        let (Some(Some(first)), Some(set)) =
            (self.first_bit.get(question.0), policy.answer_set_of(question))
        else {
            return Vec::new();
        };
        let answers = set.answers.len();
        let unanswered = facts.has(first + answers);
        if unanswered {
            findings.not_answered.push(recall);
        }

        let mut leaving = Vec::new();
        let mut missing = Vec::new();
        for (answer, branch) in branches.iter().enumerate().take(answers) {
            let possible = unanswered || facts.has(first + answer);
            match (branch, possible) {
                (Some(branch), true) => {
                    if let Some(target) = branch.target {
                        let mut next = self.fixed(facts.clone(), question, answer);
                        // A decision that comes here unanswered still is unanswered after.
                        next.set(first + answers, unanswered);
                        leaving.push((target, next));
                    }
                }
                (Some(_), false) => findings.dead.push((recall, answer)),
                (None, true) => missing.push(answer),
                (None, false) => {}
            }
        }
        if !missing.is_empty() {
            findings.missing.push((recall, missing));
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
fn report_unreachable(
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
