//! The cycle check: a decision must end, so the flow may never lead back to a node it has
//! passed. Each circle is reported once, as the chain of node ids that forms it.

use std::collections::{HashMap, VecDeque};

use crate::check::graph::Adjacency;
use crate::policy::{NodeId, Policy};
use crate::problem::{Problem, ProblemKind};

/// Reports one cycle for every strongly connected component that has one, and returns
/// whether the graph is acyclic.
pub(crate) fn check(
    policy: &Policy,
    adjacency: &Adjacency,
    components: &[Vec<NodeId>],
    problems: &mut Vec<Problem>,
) -> bool {
    let mut component_of = vec![usize::MAX; policy.nodes.len()];
    for (index, component) in components.iter().enumerate() {
        for node in component {
            if let Some(slot) = component_of.get_mut(node.0) {
                *slot = index;
            }
        }
    }

    let mut acyclic = true;
    for (index, component) in components.iter().enumerate() {
        let Some(&root) = component.first() else { continue };
        let cyclic = component.len() > 1 || adjacency.successors(root).contains(&root);
        if !cyclic {
            continue;
        }
        acyclic = false;
        let same_component = |node: NodeId| component_of.get(node.0) == Some(&index);
        if let Some(chain) = shortest_cycle(adjacency, root, same_component) {
            problems.push(cycle_problem(policy, &chain));
        }
    }
    acyclic
}

/// The shortest chain `root -> ... -> root` through nodes of root's component, found by a
/// breadth-first search.
fn shortest_cycle(
    adjacency: &Adjacency,
    root: NodeId,
    in_component: impl Fn(NodeId) -> bool,
) -> Option<Vec<NodeId>> {
    let mut parent: HashMap<NodeId, NodeId> = HashMap::new();
    let mut queue = VecDeque::from([root]);

    while let Some(node) = queue.pop_front() {
        for &successor in adjacency.successors(node) {
            if successor == root {
                let mut chain = vec![root, node];
                let mut at = node;
                while let Some(&previous) = parent.get(&at) {
                    chain.push(previous);
                    at = previous;
                }
                chain.reverse();
                return Some(chain);
            }
            if in_component(successor) && !parent.contains_key(&successor) {
                parent.insert(successor, node);
                queue.push_back(successor);
            }
        }
    }
    None
}

/// The problem for a cycle: the edge that closes it is the primary label, every other edge
/// of the chain a related one.
fn cycle_problem(policy: &Policy, chain: &[NodeId]) -> Problem {
    let name = |node: NodeId| policy.node(node).map_or("?", |node| node.id.as_str());
    let edge_span = |from: NodeId, to: NodeId| {
        let node = policy.node(from)?;
        node.branches().find(|(_, branch)| branch.target == Some(to)).map(|(_, b)| b.span)
    };

    let names = chain.iter().map(|&node| name(node).to_string()).collect();
    let edges: Vec<(NodeId, NodeId)> =
        chain.windows(2).filter_map(|pair| Some((*pair.first()?, *pair.get(1)?))).collect();
    let Some((&(last_from, last_to), others)) = edges.split_last() else {
        return Problem::new(ProblemKind::Cycle { chain: names }, Default::default());
    };

    let span = edge_span(last_from, last_to).unwrap_or_default();
    let mut problem = Problem::new(ProblemKind::Cycle { chain: names }, span);
    for &(from, to) in others {
        if let Some(span) = edge_span(from, to) {
            problem =
                problem.with_related(span, format!("`{}` leads to `{}`", name(from), name(to)));
        }
    }
    problem
}
