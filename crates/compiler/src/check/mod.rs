//! The checks that run on a lowered policy. Each reports every problem it finds; none stops
//! the others, and none enumerates the paths of the graph.

mod answers;
mod cycle;
mod flow;
mod graph;
mod lint;

use stroom_syntax::ast;

use crate::policy::Policy;
use crate::problem::Problem;
use graph::Adjacency;

/// Runs every check on `policy`, lowered from `file`, adding the problems to `problems`.
pub(crate) fn check(policy: &Policy, file: &ast::File, problems: &mut Vec<Problem>) {
    let adjacency = Adjacency::of(policy);
    let components = adjacency.components(policy.start);

    let acyclic = cycle::check(policy, &adjacency, &components, problems);
    if acyclic {
        let order: Vec<_> = components.iter().rev().flatten().copied().collect();
        flow::check(policy, &adjacency, &order, problems);
    } else {
        // The flow check needs a topological order. With a cycle, only plain reachability is
        // reported; the recall checks wait until the cycle is gone.
        let reachable = adjacency.reachable_from(policy.start);
        flow::report_unreachable(policy, &adjacency, &reachable, &reachable, problems);
    }

    answers::check(policy, problems);
    lint::check_policy(policy, problems);
    lint::check_texts(file, problems);
}
