//! What a file means, without where it says it: the compiled policy and claims with every
//! span left out and every node named, and the problems found in it, so that a file and its
//! formatted text can be compared.

use stroom_compiler::{Claims, Compiled, End, NodeKind, Policy, Problem};
use stroom_syntax::Kind as _;

/// The meaning of a policy file, with its problems.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Meaning {
    id: String,
    header: (String, Option<String>, Option<String>, String),
    start: Option<String>,
    answer_sets: Vec<(String, Vec<(String, String)>)>,
    verdicts: Vec<(String, String)>,
    nodes: Vec<Node>,
    claims: Vec<String>,
    problems: Vec<(&'static str, String)>,
}

#[derive(Debug, PartialEq, Eq)]
struct Node {
    id: String,
    kind: String,
    text: String,
    explanation: Option<String>,
    laws: Vec<String>,
    notes: Vec<String>,
}

/// The meaning of the policy file `source`.
pub(crate) fn of_policy(source: &str) -> Meaning {
    let compiled = stroom_compiler::compile(source).unwrap_or_else(|errors| {
        panic!("the text does not parse: {errors:?}\n{source}");
    });
    let Compiled { policy, claims, problems } = compiled;
    meaning(&policy, &claims, &problems)
}

/// The meaning of the tests file `source`, with the claims read against `policy`.
pub(crate) fn of_tests(policy: &Policy, source: &str) -> Meaning {
    let (claims, problems) = stroom_compiler::compile_claims(policy, source)
        .unwrap_or_else(|errors| panic!("the text does not parse: {errors:?}\n{source}"));
    meaning(policy, &claims, &problems)
}

fn meaning(policy: &Policy, claims: &Claims, problems: &[Problem]) -> Meaning {
    let name = |id: stroom_compiler::NodeId| policy.node(id).map(|node| node.id.clone());
    let target = |branch: &Option<stroom_compiler::Branch>| {
        branch.map(|branch| branch.target.and_then(name))
    };
    let set_name = |id| policy.answer_set(id).map(|set| set.id.clone());

    let nodes = policy
        .nodes
        .iter()
        .map(|node| {
            let kind = match &node.kind {
                NodeKind::Question { answer_set, branches } => {
                    let branches: Vec<_> = branches.iter().map(target).collect();
                    format!("question {:?} {branches:?}", answer_set.and_then(set_name))
                }
                NodeKind::Recall { question, branches } => {
                    let branches: Vec<_> = branches.iter().map(target).collect();
                    format!("recall {:?} {branches:?}", question.and_then(name))
                }
                NodeKind::Step { next } => format!("step {:?}", target(next)),
                NodeKind::Outcome { verdict } => {
                    let verdict = verdict.and_then(|id| policy.verdict(id)).map(|v| &v.id);
                    format!("outcome {verdict:?}")
                }
            };
            Node {
                id: node.id.clone(),
                kind,
                text: node.text.clone(),
                explanation: node.explanation.clone(),
                laws: node.laws.clone(),
                notes: node.notes.clone(),
            }
        })
        .collect();

    let end = |end: &End| match end {
        End::Outcome(id) => format!("outcome {:?}", name(*id)),
        End::Unanswered(id) => format!("next {:?}", name(*id)),
    };
    let scenarios = claims.scenarios.iter().map(|scenario| {
        let given: Vec<_> =
            scenario.given.iter().map(|&(question, answer)| (name(question), answer)).collect();
        format!("scenario {} {given:?} {}", scenario.id, end(&scenario.expect))
    });
    let invariants = claims.invariants.iter().map(|invariant| {
        format!("invariant {} {:?} {:?}", invariant.id, invariant.when, invariant.then)
    });

    let mut problems: Vec<_> =
        problems.iter().map(|problem| (problem.kind.code(), problem.kind.to_string())).collect();
    problems.sort();

    let header = &policy.header;
    Meaning {
        id: policy.id.clone(),
        header: (
            header.title.clone(),
            header.intro.clone(),
            header.source.clone(),
            header.language.clone(),
        ),
        start: policy.start.and_then(name),
        answer_sets: policy
            .answer_sets
            .iter()
            .map(|set| {
                let answers = set.answers.iter().map(|a| (a.id.clone(), a.label.clone())).collect();
                (set.id.clone(), answers)
            })
            .collect(),
        verdicts: policy.verdicts.iter().map(|v| (v.id.clone(), v.label.clone())).collect(),
        nodes,
        claims: scenarios.chain(invariants).collect(),
        problems,
    }
}
