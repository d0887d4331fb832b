//! Property tests that compare independent ways of answering the same question about random
//! policies: the evaluator, an independent walk of the syntax tree, the path listing, the
//! exact analysis and brute force over every answer combination; and mutants of good
//! policies that each check must catch.

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

/// One node of a random flow: what it is and where its arms lead, as indices of later nodes
/// (`usize::MAX` stands for the first outcome).
#[derive(Clone, Debug)]
enum Shape {
    Question { answers: usize, targets: Vec<usize> },
    Step { target: usize },
    Recall { question: usize, targets: Vec<usize> },
}

/// A random acyclic flow with questions of two to four answers, steps, recalls and shared
/// sub-flows. Node `k` leads to node `k + 1` with its first arm, so every node is reached;
/// its other arms lead to any later node or outcome.
#[derive(Clone, Debug)]
struct Flow {
    nodes: Vec<Shape>,
    outcomes: usize,
}

fn flow() -> impl Strategy<Value = Flow> {
    let node =
        (0usize..6, 2usize..=4, proptest::collection::vec(any::<Index>(), 4), any::<Index>());
    (proptest::collection::vec(node, 1..=7), 1usize..=4).prop_map(|(nodes, outcomes)| {
        let count = nodes.len();
        let shapes = nodes
            .iter()
            .enumerate()
            .map(|(index, (kind, answers, picks, question))| {
                let later = |pick: &Index, arm: usize| {
                    if arm == 0 {
                        index + 1
                    } else {
                        index + 1 + pick.index(count - index + outcomes - 1)
                    }
                };
                let earlier_questions: Vec<usize> = nodes[..index]
                    .iter()
                    .enumerate()
                    .filter(|(_, (kind, ..))| *kind < 4)
                    .map(|(position, _)| position)
                    .collect();
                match kind {
                    0..=3 => Shape::Question {
                        answers: *answers,
                        targets: (0..*answers).map(|arm| later(&picks[arm], arm)).collect(),
                    },
                    4 if !earlier_questions.is_empty() => {
                        let question = earlier_questions[question.index(earlier_questions.len())];
                        let (_, answers, ..) = nodes[question];
                        Shape::Recall {
                            question,
                            targets: (0..answers).map(|arm| later(&picks[arm], arm)).collect(),
                        }
                    }
                    _ => Shape::Step { target: index + 1 },
                }
            })
            .collect();
        Flow { nodes: shapes, outcomes }
    })
}

impl Flow {
    fn name(&self, target: usize) -> String {
        if target < self.nodes.len() {
            format!("n{target}")
        } else {
            format!("o{}", target - self.nodes.len())
        }
    }

    /// The policy as source text; `skip` leaves out arms given as (node, arm).
    fn source(&self, skip: &[(usize, usize)]) -> String {
        let mut body = String::new();
        let mut used = vec![false; self.outcomes];
        let arm = |body: &mut String, used: &mut Vec<bool>, node, answer, target: usize| {
            if skip.contains(&(node, answer)) {
                return;
            }
            if target >= self.nodes.len() {
                used[target - self.nodes.len()] = true;
            }
            body.push_str(&format!("    a{answer} -> {}\n", self.name(target)));
        };
        for (index, shape) in self.nodes.iter().enumerate() {
            match shape {
                Shape::Question { answers, targets } => {
                    body.push_str(&format!("question n{index} (s{answers}) \"N{index}?\" {{\n"));
                    for (answer, target) in targets.iter().enumerate() {
                        arm(&mut body, &mut used, index, answer, *target);
                    }
                    body.push_str("}\n");
                }
                Shape::Recall { question, targets } => {
                    body.push_str(&format!("recall n{index} on n{question} {{\n"));
                    for (answer, target) in targets.iter().enumerate() {
                        arm(&mut body, &mut used, index, answer, *target);
                    }
                    body.push_str("}\n");
                }
                Shape::Step { target } => {
                    if *target >= self.nodes.len() {
                        used[target - self.nodes.len()] = true;
                    }
                    body.push_str(&format!(
                        "step n{index} \"S{index}\" {{ -> {} }}\n",
                        self.name(*target)
                    ));
                }
            }
        }
        for (outcome, _) in used.iter().enumerate().filter(|(_, used)| **used) {
            body.push_str(&format!("outcome o{outcome} (v{}) \"O{outcome}\"\n", outcome % 2));
        }
        format!(
            "policy p {{ title \"P\" language en source \"s\" start n0 }}\n\
             verdicts {{ v0 v1 }}\nanswers s2 {{ a0 a1 }}\nanswers s3 {{ a0 a1 a2 }}\n\
             answers s4 {{ a0 a1 a2 a3 }}\n{body}"
        )
    }

    /// The source with every recall arm that the checks call dead left out, and the
    /// compiled policy, when that leaves no errors.
    fn clean(&self) -> Option<(String, crate::Compiled)> {
        let source = self.source(&[]);
        let compiled = compile(&source).ok()?;
        let dead: Vec<(usize, usize)> = compiled
            .problems
            .iter()
            .filter_map(|problem| match &problem.kind {
                crate::ProblemKind::DeadBranch { .. } => {
                    let text = &source[problem.span.range()];
                    let (answer, _) = text.split_once(" -> ")?;
                    let line_start = source[..problem.span.start].rfind("recall n")?;
                    let node: usize = source[line_start + 8..].split(' ').next()?.parse().ok()?;
                    Some((node, answer.trim_start_matches('a').parse().ok()?))
                }
                _ => None,
            })
            .collect();
        let source = self.source(&dead);
        let compiled = compile(&source).ok()?;
        (!compiled.has_errors()).then_some((source, compiled))
    }
}

/// Walks the syntax tree itself, by names, from the start to an outcome: an evaluator that
/// shares nothing with the compiled graph.
fn walk_syntax(source: &str, answer_of: &dyn Fn(&str) -> usize) -> String {
    use stroom_syntax::ast::{Declaration, Item};
    let file = stroom_syntax::parse(source).unwrap();
    let find = |name: &str| {
        file.declarations.iter().find(|decl| decl.node_id().is_some_and(|id| id.name == name))
    };
    let mut at = "n0".to_string();
    loop {
        let decl = find(&at).unwrap();
        let arm_for = |answer: usize| {
            decl.items().iter().find_map(|item| match item {
                Item::Arm(arm) if arm.answer.name == format!("a{answer}") => {
                    Some(arm.target.name.clone())
                }
                _ => None,
            })
        };
        at = match decl {
            Declaration::Outcome(_) => return at,
            Declaration::Step(step) => step
                .items
                .iter()
                .find_map(|item| match item {
                    Item::Next(next) => Some(next.target.name.clone()),
                    _ => None,
                })
                .unwrap(),
            Declaration::Question(question) => arm_for(answer_of(&question.id.name)).unwrap(),
            Declaration::Recall(recall) => arm_for(answer_of(&recall.question.name)).unwrap(),
            _ => unreachable!(),
        };
    }
}

proptest! {
    #![proptest_config(ProptestConfig { max_global_rejects: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn evaluator_syntax_walk_analysis_and_brute_force_agree(flow in flow()) {
        let Some((source, compiled)) = flow.clean() else {
            return Err(TestCaseError::reject("the recalls leave errors"));
        };
        let policy = &compiled.policy;
        let questions = questions(policy);
        let sizes: Vec<usize> = questions.iter().map(|(_, size)| *size).collect();
        let analysis = crate::Analysis::new(policy).unwrap();

        let mut counted = std::collections::HashMap::<String, u64>::new();
        for combination in combinations(&sizes) {
            let mut answers = Answers::new(policy);
            for ((question, _), answer) in questions.iter().zip(&combination) {
                answers.set(*question, Some(*answer));
            }
            let trace = evaluate(policy, &answers).unwrap();
            let End::Outcome(outcome) = trace.end else {
                return Err(TestCaseError::fail("a full combination stopped early"));
            };
            let name = policy.node(outcome).unwrap().id.clone();

            let answer_of = |question: &str| {
                let id = policy.node_named(question).unwrap();
                combination[questions.iter().position(|(q, _)| *q == id).unwrap()]
            };
            prop_assert_eq!(walk_syntax(&source, &answer_of), name.clone());
            *counted.entry(name).or_default() += 1;
        }

        for id in policy.node_ids().filter(|&id| policy.node(id).unwrap().is_outcome()) {
            let name = &policy.node(id).unwrap().id;
            let expected = counted.get(name).copied().unwrap_or(0);
            prop_assert_eq!(analysis.combinations(id), num_bigint::BigUint::from(expected));
        }
        let total: u64 = counted.values().sum();
        prop_assert_eq!(analysis.total(), num_bigint::BigUint::from(total));
    }

    #[test]
    fn linear_recall_check_agrees_with_the_exact_one(flow in flow()) {
        let source = flow.source(&[]);
        let policy = compile(&source).unwrap().policy;
        let adjacency = crate::check::graph::Adjacency::of(&policy);
        let components = adjacency.components(policy.start);
        let order: Vec<_> = components.iter().rev().flatten().copied().collect();
        let analysis = crate::Analysis::new(&policy).unwrap();

        let linear = crate::check::flow::linear(&policy, &order);
        let exact = crate::check::flow::exact(&policy, &adjacency, &analysis);
        // The linear pass over-approximates what can happen: what it calls dead is dead,
        // and what the exact analysis calls possible, it calls possible too.
        for dead in &linear.dead {
            let found = exact.dead.contains(dead);
            prop_assert!(found, "{:?} not dead exactly", dead);
        }
        for recall in &exact.not_answered {
            let found = linear.not_answered.contains(recall);
            prop_assert!(found, "{:?} not found unanswered by the linear pass", recall);
        }
        for (recall, answers) in &exact.missing {
            let linear_missing = linear.missing.iter().find(|(r, _)| r == recall);
            let covered =
                linear_missing.is_some_and(|(_, l)| answers.iter().all(|a| l.contains(a)));
            prop_assert!(covered, "missing arms of {:?} not found by the linear pass", recall);
        }
        for (exactly, linearly) in exact.feasible.iter().zip(&linear.feasible) {
            prop_assert!(!exactly || *linearly);
        }
    }

    #[test]
    fn deleting_an_arm_is_reported_as_that_answer_missing(
        source in policy_source(),
        pick in any::<Index>(),
    ) {
        let policy = compile(&source).unwrap().policy;
        let (question, answers) = questions(&policy)[pick.index(questions(&policy).len())];
        let answer = pick.index(answers);
        let name = policy.node(question).unwrap().id.clone();
        let arm = format!("    {} -> ", ["a", "b", "c"][answer]);
        let start = source.find(&format!("question {name} ")).unwrap();
        let at = start + source[start..].find(&arm).unwrap();
        let end = at + source[at..].find('\n').unwrap() + 1;
        let mutant = format!("{}{}", &source[..at], &source[end..]);

        let problems = compile(&mutant).unwrap().problems;
        let expected = crate::ProblemKind::NonExhaustive {
            node: name.clone(),
            missing: vec![["a", "b", "c"][answer].to_string()],
        };
        let found = problems.iter().any(|problem| problem.kind == expected);
        prop_assert!(found, "no non-exhaustive problem in {:?}", problems);
    }

    #[test]
    fn redirecting_an_edge_to_an_ancestor_is_a_cycle(source in policy_source()) {
        let policy = compile(&source).unwrap().policy;
        prop_assume!(questions(&policy).len() >= 2);
        // The last question's first arm goes back to the first question, which leads to it.
        let last = questions(&policy).len() - 1;
        let start = source.find(&format!("question q{last} ")).unwrap();
        let at = start + source[start..].find("a -> ").unwrap();
        let end = at + source[at..].find('\n').unwrap();
        let mutant = format!("{}a -> q0{}", &source[..at], &source[end..]);

        let problems = compile(&mutant).unwrap().problems;
        let found = problems.iter().any(|problem| matches!(
            &problem.kind,
            crate::ProblemKind::Cycle { chain } if chain.first() == chain.last()
                && chain.contains(&format!("q{last}"))
        ));
        prop_assert!(found, "no cycle in {:?}", problems);
    }

    #[test]
    fn an_orphan_is_reported_unreachable(source in policy_source()) {
        let mutant = format!("{source}outcome orphan (v) \"Nobody comes here\"\n");
        let problems = compile(&mutant).unwrap().problems;
        let found = problems.iter().any(|problem| matches!(
            &problem.kind,
            crate::ProblemKind::Unreachable { node, .. } if node == "orphan"
        ));
        prop_assert!(found, "no unreachable orphan in {:?}", problems);
    }

    #[test]
    fn a_renamed_reference_is_undefined(source in policy_source()) {
        let mutant = source.replacen("a -> ", "a -> renamed_", 1);
        let problems = compile(&mutant).unwrap().problems;
        let found = problems.iter().any(|problem| matches!(
            &problem.kind,
            crate::ProblemKind::Undefined { what: "node", name, .. } if name.starts_with("renamed_")
        ));
        prop_assert!(found, "no undefined name in {:?}", problems);
    }
}
