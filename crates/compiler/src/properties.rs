//! Property tests that compare independent ways of answering the same question about random
//! policies: the evaluator, the path listing and brute force over every answer combination.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::{Answers, End, NodeKind, Policy, compile, evaluate, paths};

/// The outcomes a random policy may lead to.
const OUTCOMES: usize = 4;

/// A random acyclic policy: each question has two or three answers; its first answer leads to
/// the next question (so every question is reachable) and the others to any later node.
fn policy_source() -> impl Strategy<Value = String> {
    let question = (2usize..=3, proptest::collection::vec(any::<Index>(), 3));
    proptest::collection::vec(question, 1..=6).prop_map(|questions| {
        let count = questions.len();
        let mut used = [false; OUTCOMES];
        let mut body = String::new();
        for (index, (answers, picks)) in questions.iter().enumerate() {
            let set = if *answers == 2 { "two" } else { "three" };
            body.push_str(&format!("question q{index} ({set}) \"Q{index}?\" {{\n"));
            for (arm, answer) in ["a", "b", "c"].iter().take(*answers).enumerate() {
                let later = count - index - 1 + OUTCOMES;
                let pick = if arm == 0 { 0 } else { picks[arm].index(later) };
                let target = if index + 1 + pick < count {
                    format!("q{}", index + 1 + pick)
                } else {
                    let outcome = index + 1 + pick - count;
                    used[outcome] = true;
                    format!("o{outcome}")
                };
                body.push_str(&format!("    {answer} -> {target}\n"));
            }
            body.push_str("}\n");
        }
        for (outcome, _) in used.iter().enumerate().filter(|(_, used)| **used) {
            body.push_str(&format!("outcome o{outcome} (v) \"O{outcome}\"\n"));
        }
        format!(
            "policy p {{ title \"P\" language en source \"s\" start q0 }}\n\
             verdicts {{ v }}\nanswers two {{ a b }}\nanswers three {{ a b c }}\n{body}"
        )
    })
}

/// The questions of `policy` with the number of answers each has.
fn questions(policy: &Policy) -> Vec<(crate::NodeId, usize)> {
    policy
        .node_ids()
        .filter(|&id| matches!(policy.node(id).unwrap().kind, NodeKind::Question { .. }))
        .map(|id| (id, policy.answer_set_of(id).unwrap().answers.len()))
        .collect()
}

/// Every full combination of answers, one answer index per question.
fn combinations(sizes: &[usize]) -> Vec<Vec<usize>> {
    sizes.iter().fold(vec![Vec::new()], |partial, &size| {
        partial
            .into_iter()
            .flat_map(|prefix| {
                (0..size).map(move |answer| {
                    let mut next = prefix.clone();
                    next.push(answer);
                    next
                })
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn random_policies_check_without_errors(source in policy_source()) {
        let compiled = compile(&source).unwrap();
        prop_assert!(!compiled.has_errors(), "{:?}", compiled.problems);
    }

    #[test]
    fn paths_partition_the_answer_space(source in policy_source()) {
        let policy = compile(&source).unwrap().policy;
        let questions = questions(&policy);
        let total: usize = questions.iter().map(|(_, size)| size).product();

        // Each path fixes the questions it asks; every other question may have any answer.
        let list = paths(&policy, usize::MAX).unwrap();
        prop_assert!(list.complete);
        let covered: usize = list
            .paths
            .iter()
            .map(|trace| {
                questions
                    .iter()
                    .filter(|(id, _)| trace.visits.iter().all(|visit| visit.node != *id))
                    .map(|(_, size)| size)
                    .product::<usize>()
            })
            .sum();
        prop_assert_eq!(covered, total);
    }

    #[test]
    fn evaluator_agrees_with_the_path_listing(source in policy_source()) {
        let policy = compile(&source).unwrap().policy;
        let questions = questions(&policy);
        let sizes: Vec<usize> = questions.iter().map(|(_, size)| *size).collect();
        let list = paths(&policy, usize::MAX).unwrap();

        for combination in combinations(&sizes) {
            let mut answers = Answers::new(&policy);
            for ((question, _), answer) in questions.iter().zip(&combination) {
                answers.set(*question, Some(*answer));
            }
            let evaluated = evaluate(&policy, &answers).unwrap();
            prop_assert!(matches!(evaluated.end, End::Outcome(_)));

            // Exactly one listed path agrees with this combination, and it is the same walk.
            let agreeing: Vec<_> = list
                .paths
                .iter()
                .filter(|trace| {
                    trace.visits.iter().all(|visit| answers.get(visit.node) == visit.answer)
                })
                .collect();
            prop_assert_eq!(agreeing.len(), 1);
            prop_assert_eq!(agreeing[0], &evaluated);
        }
    }
}
