//! The order in which documents present the nodes of a policy, and the numbers readers use
//! to refer to them.

use std::collections::VecDeque;

use stroom_compiler::{NodeId, Policy};

/// Every node of `policy`: first those reached from the start, breadth first, following the
/// edges of each node in answer order; then any others, in declaration order.
///
/// Breadth first keeps the questions in the order a reader meets them when going down the
/// flowchart, level by level.
pub(crate) fn order(policy: &Policy) -> Vec<NodeId> {
    let mut seen = vec![false; policy.nodes.len()];
    let mut order = Vec::with_capacity(policy.nodes.len());
    let mut queue: VecDeque<NodeId> = policy.start.into_iter().collect();
    mark(&mut seen, policy.start);

    while let Some(id) = queue.pop_front() {
        order.push(id);
        let Some(node) = policy.node(id) else { continue };
        for next in node.successors() {
            if mark(&mut seen, Some(next)) {
                queue.push_back(next);
            }
        }
    }

    let rest = policy.node_ids().filter(|id| seen.get(id.0) == Some(&false));
    order.extend(rest);
    order
}

/// Marks `id` as seen; whether it was new.
fn mark(seen: &mut [bool], id: Option<NodeId>) -> bool {
    match id.and_then(|id| seen.get_mut(id.0)) {
        Some(flag) if !*flag => {
            *flag = true;
            true
        }
        _ => false,
    }
}

/// The numbers by which documents refer to nodes: questions, steps and recalls share one
/// list, outcomes have their own; both count from 1 in [`order`].
#[derive(Clone, Debug)]
pub(crate) struct Numbers {
    by_node: Vec<Option<usize>>,
}

impl Numbers {
    /// Numbers the nodes of `policy` in `order`.
    pub(crate) fn new(policy: &Policy, order: &[NodeId]) -> Numbers {
        let mut by_node = vec![None; policy.nodes.len()];
        let (mut asked, mut ended) = (0, 0);
        for &id in order {
            let Some(node) = policy.node(id) else { continue };
            let counter = if node.is_outcome() { &mut ended } else { &mut asked };
            *counter += 1;
            if let Some(slot) = by_node.get_mut(id.0) {
                *slot = Some(*counter);
            }
        }
        Numbers { by_node }
    }

    /// The number of node `id`.
    pub(crate) fn of(&self, id: NodeId) -> Option<usize> {
        self.by_node.get(id.0).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(source: &str) -> Policy {
        stroom_compiler::compile(source).unwrap().policy
    }

    const POLICY: &str = "policy t { title \"T\" language en start a }\n\
                          verdicts { ok }\n\
                          outcome o (ok) \"O\"\n\
                          question c \"C?\" { yes -> o no -> o }\n\
                          question a \"A?\" { yes -> b no -> o }\n\
                          question b \"B?\" { yes -> c no -> p }\n\
                          outcome p (ok) \"P\"\n\
                          question lost \"L?\" { yes -> o no -> o }\n";

    #[test]
    fn breadth_first_from_the_start_then_the_rest_in_declaration_order() {
        let policy = policy(POLICY);
        let names: Vec<&str> =
            order(&policy).into_iter().map(|id| policy.node(id).unwrap().id.as_str()).collect();
        assert_eq!(names, ["a", "b", "o", "c", "p", "lost"]);
    }

    #[test]
    fn outcomes_are_numbered_apart_from_the_rest() {
        let policy = policy(POLICY);
        let numbers = Numbers::new(&policy, &order(&policy));
        let number = |name| numbers.of(policy.node_named(name).unwrap());
        assert_eq!(
            ["a", "b", "c", "lost", "o", "p"].map(number),
            [Some(1), Some(2), Some(3), Some(4), Some(1), Some(2)]
        );
    }
}
