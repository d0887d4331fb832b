//! Graph algorithms over the decision graph, all iterative and linear in its size, so that a
//! chain of any depth neither overflows the stack nor takes more than one pass.

use crate::policy::{NodeId, Policy};

/// The successors of every node, by node index.
pub(crate) struct Adjacency {
    successors: Vec<Vec<NodeId>>,
}

impl Adjacency {
    /// The resolved edges of `policy`.
    pub(crate) fn of(policy: &Policy) -> Adjacency {
        let successors = policy.nodes.iter().map(|node| node.successors().collect()).collect();
        Adjacency { successors }
    }

    /// The successors of `node`, in answer order.
    pub(crate) fn successors(&self, node: NodeId) -> &[NodeId] {
        self.successors.get(node.0).map_or(&[], Vec::as_slice)
    }

    fn len(&self) -> usize {
        self.successors.len()
    }

    /// Which nodes a path from `start` reaches, by node index.
    pub(crate) fn reachable_from(&self, start: Option<NodeId>) -> Vec<bool> {
        let mut reached = vec![false; self.len()];
        let mut pending: Vec<NodeId> = start.into_iter().collect();
        while let Some(node) = pending.pop() {
            let Some(seen) = reached.get_mut(node.0) else { continue };
            if std::mem::replace(seen, true) {
                continue;
            }
            pending.extend(self.successors(node).iter().copied());
        }
        reached
    }

    /// The strongly connected components, each in discovery order, with every component
    /// listed before the components it has edges from (so sinks come first). Components are
    /// searched from `first` and then from every other node in index order.
    pub(crate) fn components(&self, first: Option<NodeId>) -> Vec<Vec<NodeId>> {
        let mut search = Tarjan::new(self.len());
        let roots = first.into_iter().chain((0..self.len()).map(NodeId));
        for root in roots.filter(|root| root.0 < self.len()) {
            search.search_from(self, root);
        }
        search.components
    }
}

/// The state of Tarjan's algorithm for strongly connected components, run with an explicit
/// stack of calls instead of recursion.
struct Tarjan {
    order: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<NodeId>,
    calls: Vec<(NodeId, usize)>,
    next_order: usize,
    components: Vec<Vec<NodeId>>,
}

impl Tarjan {
    const UNSEEN: usize = usize::MAX;

    fn new(count: usize) -> Tarjan {
        Tarjan {
            order: vec![Tarjan::UNSEEN; count],
            low: vec![0; count],
            on_stack: vec![false; count],
            stack: Vec::new(),
            calls: Vec::new(),
            next_order: 0,
            components: Vec::new(),
        }
    }

    /// Numbers `node`, puts it on the stack and starts its call.
    #[expect(clippy::indexing_slicing, reason = "vectors are sized to the node count")]
    fn discover(&mut self, node: NodeId) {
        self.order[node.0] = self.next_order;
        self.low[node.0] = self.next_order;
        self.next_order += 1;
        self.stack.push(node);
        self.on_stack[node.0] = true;
        self.calls.push((node, 0));
    }

    #[expect(clippy::indexing_slicing, reason = "vectors are sized to the node count")]
    fn search_from(&mut self, graph: &Adjacency, root: NodeId) {
        if self.order[root.0] != Tarjan::UNSEEN {
            return;
        }
        self.discover(root);

        while let Some((node, position)) = self.calls.last_mut() {
            let node = *node;
            if let Some(&successor) = graph.successors(node).get(*position) {
                *position += 1;
                if self.order[successor.0] == Tarjan::UNSEEN {
                    self.discover(successor);
                } else if self.on_stack[successor.0] {
                    self.low[node.0] = self.low[node.0].min(self.order[successor.0]);
                }
                continue;
            }

            self.calls.pop();
            if let Some((parent, _)) = self.calls.last() {
                self.low[parent.0] = self.low[parent.0].min(self.low[node.0]);
            }
            if self.low[node.0] == self.order[node.0] {
                self.close_component(node);
            }
        }
    }

    /// Pops the component whose first node is `root` off the stack.
    #[expect(clippy::indexing_slicing, reason = "vectors are sized to the node count")]
    fn close_component(&mut self, root: NodeId) {
        let mut component = Vec::new();
        while let Some(member) = self.stack.pop() {
            self.on_stack[member.0] = false;
            component.push(member);
            if member == root {
                break;
            }
        }
        component.reverse();
        self.components.push(component);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjacency(edges: &[&[usize]]) -> Adjacency {
        let successors =
            edges.iter().map(|targets| targets.iter().copied().map(NodeId).collect()).collect();
        Adjacency { successors }
    }

    fn ids(components: Vec<Vec<NodeId>>) -> Vec<Vec<usize>> {
        components.into_iter().map(|c| c.into_iter().map(|n| n.0).collect()).collect()
    }

    #[test]
    fn acyclic_graph_has_one_component_per_node_sinks_first() {
        let graph = adjacency(&[&[1, 2], &[3], &[3], &[]]);
        let components = ids(graph.components(Some(NodeId(0))));
        assert_eq!(components.len(), 4);
        let position = |node| components.iter().position(|c| c == &vec![node]).unwrap();
        assert!(position(3) < position(1) && position(1) < position(0));
        assert!(position(2) < position(0));
    }

    #[test]
    fn cycle_is_one_component() {
        let graph = adjacency(&[&[1], &[2], &[0, 3], &[]]);
        assert_eq!(ids(graph.components(Some(NodeId(0)))), vec![vec![3], vec![0, 1, 2]]);
    }

    #[test]
    fn deep_chain_does_not_overflow_the_stack() {
        let count = 200_000;
        let successors = (0..count)
            .map(|node| if node + 1 < count { vec![NodeId(node + 1)] } else { vec![] })
            .collect();
        let graph = Adjacency { successors };
        assert_eq!(graph.components(Some(NodeId(0))).len(), count);
        assert!(graph.reachable_from(Some(NodeId(0))).into_iter().all(|reached| reached));
    }

    #[test]
    fn reachability_follows_edges_only() {
        let graph = adjacency(&[&[1], &[], &[1]]);
        assert_eq!(graph.reachable_from(Some(NodeId(0))), vec![true, true, false]);
        assert_eq!(graph.reachable_from(None), vec![false, false, false]);
    }
}
