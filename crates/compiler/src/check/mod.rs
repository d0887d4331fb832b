//! The checks that run on a lowered policy. Each reports every problem it finds; none stops
//! the others, and none enumerates the paths of the graph.

mod answers;
mod cycle;
pub(crate) mod flow;
pub(crate) mod graph;
mod lint;

use stroom_syntax::ast;

use crate::analysis::Analysis;
use crate::policy::{NodeKind, Policy};
use crate::problem::Problem;
use graph::Adjacency;

/// Runs every check on `policy`, lowered from `file`, adding the problems to `problems`.
pub(crate) fn check(policy: &Policy, file: &ast::File, problems: &mut Vec<Problem>) {
    let adjacency = Adjacency::of(policy);
    let components = adjacency.components(policy.start);

    let acyclic = cycle::check(policy, &adjacency, &components, problems);
    if policy.start.is_none() {
        // Without a start nothing is reachable; the missing or undefined start is reported
        // already, and calling every node unreachable would only bury it.
    } else if acyclic {
        let order: Vec<_> = components.iter().rev().flatten().copied().collect();
        let mut findings = flow::linear(policy, &order);
        // Without recalls the linear pass is exact already. With them, the exact analysis
        // decides, where the policy is complete and small enough to analyse.
        let has_recalls =
            policy.nodes.iter().any(|node| matches!(node.kind, NodeKind::Recall { .. }));
        if has_recalls && let Ok(analysis) = Analysis::new(policy) {
            findings = flow::exact(policy, &adjacency, &analysis);
        }
        flow::report(policy, &adjacency, &findings, problems);
    } else {
        // The flow check needs a topological order. With a cycle, only plain reachability is
        // reported; the recall checks wait until the cycle is gone.
        let feasible = adjacency.reachable_from(policy.start);
        let findings = flow::RecallFindings { feasible, ..flow::RecallFindings::default() };
        flow::report(policy, &adjacency, &findings, problems);
    }

    answers::check(policy, problems);
    lint::check_policy(policy, problems);
    lint::check_texts(file, problems);
}

#[cfg(test)]
mod tests {
    use crate::{ProblemKind, compile};

    const HEADER: &str = "policy t { title \"T\" language en source \"s\" start a }\n\
                          verdicts { ok \"OK\" }\n";

    /// The problems of `body` after a clean header, as kinds.
    fn kinds(body: &str) -> Vec<ProblemKind> {
        let compiled = compile(&format!("{HEADER}{body}")).unwrap();
        compiled.problems.into_iter().map(|problem| problem.kind).collect()
    }

    fn codes(body: &str) -> Vec<&'static str> {
        use stroom_syntax::Kind as _;
        kinds(body).iter().map(ProblemKind::code).collect()
    }

    #[test]
    fn a_sound_flow_has_no_problems() {
        let body = "question a \"A?\" { yes -> b no -> s }\n\
                    step s \"S\" { -> b }\n\
                    question b \"B?\" { yes -> o no -> r }\n\
                    recall r on a { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        assert_eq!(codes(body), Vec::<&str>::new());
    }

    #[test]
    fn cycle_is_reported_as_its_chain() {
        let body = "question a \"A?\" { yes -> b no -> o }\n\
                    question b \"B?\" { yes -> c no -> o }\n\
                    step c \"C\" { -> a }\n\
                    outcome o (ok) \"O\"\n";
        let chain = kinds(body).into_iter().find_map(|kind| match kind {
            ProblemKind::Cycle { chain } => Some(chain),
            _ => None,
        });
        assert_eq!(chain, Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    }

    #[test]
    fn self_loop_is_a_cycle() {
        let body = "question a \"A?\" { yes -> a no -> o }\noutcome o (ok) \"O\"\n";
        assert_eq!(codes(body), ["stroom::flow::cycle"]);
    }

    #[test]
    fn unreachable_region_is_reported_once_at_its_entry() {
        let body = "question a \"A?\" { yes -> o no -> o2 }\n\
                    step orphan \"X\" { -> deeper }\n\
                    step deeper \"Y\" { -> o }\n\
                    outcome o (ok) \"O\"\n\
                    outcome o2 (ok) \"O2\"\n";
        let unreachable: Vec<String> = kinds(body)
            .into_iter()
            .filter_map(|kind| match kind {
                ProblemKind::Unreachable { node, .. } => Some(node),
                _ => None,
            })
            .collect();
        assert_eq!(unreachable, ["orphan"]);
    }

    #[test]
    fn recall_arm_for_an_answer_fixed_the_other_way_is_dead() {
        let body = "question a \"A?\" { yes -> r no -> o }\n\
                    recall r on a { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        let kinds = kinds(body);
        assert!(kinds.contains(&ProblemKind::DeadBranch {
            question: "a".into(),
            answer: "no".into(),
            possible: vec!["yes".into()],
        }));
        assert!(kinds.iter().any(|kind| matches!(
            kind,
            ProblemKind::Unreachable { node, through_dead_branches: true } if node == "p"
        )));
    }

    #[test]
    fn recall_needs_arms_only_for_answers_still_possible() {
        let body = "question a \"A?\" { yes -> r no -> o }\n\
                    recall r on a { yes -> o }\n\
                    outcome o (ok) \"O\"\n";
        assert_eq!(codes(body), Vec::<&str>::new());

        let body = "question a \"A?\" { yes -> b no -> b }\n\
                    question b \"B?\" { yes -> r no -> o }\n\
                    recall r on a { yes -> o }\n\
                    outcome o (ok) \"O\"\n";
        assert!(kinds(body).contains(&ProblemKind::NonExhaustive {
            node: "r".into(),
            missing: vec!["no".into()],
        }));
    }

    #[test]
    fn recall_before_its_question_on_some_path_is_reported() {
        let body = "question a \"A?\" { yes -> b no -> r }\n\
                    question b \"B?\" { yes -> r no -> o }\n\
                    recall r on b { yes -> o no -> o }\n\
                    outcome o (ok) \"O\"\n";
        assert!(
            kinds(body)
                .contains(&ProblemKind::NotAnswered { recall: "r".into(), question: "b".into() })
        );
    }

    #[test]
    fn answer_fixed_on_one_branch_and_free_on_another_keeps_both_arms_alive() {
        let body = "question a \"A?\" { yes -> b no -> s }\n\
                    step s \"S\" { -> b }\n\
                    question b \"B?\" { yes -> r no -> t }\n\
                    step t \"T\" { -> r }\n\
                    recall r on a { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        assert_eq!(codes(body), Vec::<&str>::new());
    }

    #[test]
    fn correlated_recalls_are_decided_exactly() {
        // `q` is asked only when `a` is yes, and `r_q` is reached only when `a` is yes, but the
        // paths join at `m`. Keeping each answer apart would lose that; the exact analysis
        // does not.
        let body = "question a \"A?\" { yes -> q no -> m }\n\
                    question q \"Q?\" { yes -> m no -> m2 }\n\
                    step m2 \"M2\" { -> m }\n\
                    step m \"M\" { -> r_a }\n\
                    recall r_a on a { yes -> r_q no -> o }\n\
                    recall r_q on q { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        assert_eq!(codes(body), Vec::<&str>::new());

        // With `a` fixed to yes at `r_a`, `r_b` can only see `b` as yes: the arm for no is
        // dead, though each answer on its own can be anything where the paths join.
        let body = "question a \"A?\" { yes -> b no -> b2 }\n\
                    question b \"B?\" { yes -> m no -> o }\n\
                    question b2 \"B2?\" { yes -> m no -> o }\n\
                    step m \"M\" { -> r_a }\n\
                    recall r_a on a { yes -> r_b no -> o }\n\
                    recall r_b on b { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        let kinds = kinds(body);
        assert!(
            kinds.contains(&ProblemKind::DeadBranch {
                question: "b".into(),
                answer: "no".into(),
                possible: vec!["yes".into()],
            }),
            "{kinds:?}"
        );
    }

    #[test]
    fn question_recalled_later_is_not_pointless() {
        let body = "question a \"A?\" { yes -> s no -> s }\n\
                    step s \"S\" { -> r }\n\
                    recall r on a { yes -> o no -> p }\n\
                    outcome o (ok) \"O\"\n\
                    outcome p (ok) \"P\"\n";
        assert_eq!(codes(body), Vec::<&str>::new());
    }

    #[test]
    fn long_chain_is_checked_without_recursion() {
        let count = 50_000;
        let mut body = String::new();
        for index in 0..count {
            let next = if index + 1 < count { format!("q{}", index + 1) } else { "o2".into() };
            body.push_str(&format!("question q{index} \"Q?\" {{ yes -> {next} no -> o }}\n"));
        }
        body.push_str("outcome o (ok) \"O\"\noutcome o2 (ok) \"O2\"\n");
        let source = format!("{}{body}", HEADER.replace("start a", "start q0"));
        let compiled = compile(&source).unwrap();
        assert!(compiled.problems.is_empty(), "{:?}", compiled.problems.first());
    }
}
