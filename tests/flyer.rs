//! The flyer policy: it checks clean, and its paths are exactly the design table's.

use crate::support::{flyer, stroom};

/// The edges of the flowchart, as the design document lists them: from, answer, to.
const EDGES: [(&str, &str, &str); 14] = [
    ("zorgprofessional", "ja", "in_behandeling"),
    ("zorgprofessional", "nee", "avg"),
    ("in_behandeling", "ja", "toestemming"),
    ("in_behandeling", "nee", "geen_beroepsgeheim"),
    ("toestemming", "ja", "delen_met_toestemming"),
    ("toestemming", "nee", "zorgmachtiging"),
    ("zorgmachtiging", "ja", "delen_volgens_zorgplan"),
    ("zorgmachtiging", "nee", "strafrechtelijke_voorwaarde"),
    ("strafrechtelijke_voorwaarde", "ja", "behandeltrouw_delen"),
    ("strafrechtelijke_voorwaarde", "nee", "gewetensnood"),
    ("gewetensnood", "ja", "schade_te_voorkomen"),
    ("gewetensnood", "nee", "beroepsgeheim"),
    ("schade_te_voorkomen", "ja", "conflict_van_plichten"),
    ("schade_te_voorkomen", "nee", "beroepsgeheim"),
];

/// Every path of the design table, derived from its edges independently of the compiler:
/// each as the answers along it and the outcome it ends in.
fn design_paths() -> Vec<(Vec<(String, String)>, String)> {
    let mut done = Vec::new();
    let mut pending = vec![(Vec::new(), "zorgprofessional".to_string())];
    while let Some((answers, node)) = pending.pop() {
        let arms: Vec<_> = EDGES.iter().filter(|(from, _, _)| *from == node).collect();
        if arms.is_empty() {
            done.push((answers, node));
            continue;
        }
        for (from, answer, to) in arms {
            let mut answers = answers.clone();
            answers.push((from.to_string(), answer.to_string()));
            pending.push((answers, to.to_string()));
        }
    }
    done.sort();
    done
}

#[test]
fn flyer_checks_clean() {
    let run = stroom(["check", "policies"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn flyer_paths_reproduce_the_design_table() {
    let flyer = flyer();
    let run =
        stroom(["paths".as_ref(), "--format".as_ref(), "json".as_ref(), flyer.as_os_str()]).code(0);
    let mut found: Vec<(Vec<(String, String)>, String)> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|path| {
            let answers = path["answers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (a["question"].as_str().unwrap().into(), a["answer"].as_str().unwrap().into())
                })
                .collect();
            (answers, path["outcome"]["id"].as_str().unwrap().to_string())
        })
        .collect();
    found.sort();
    assert_eq!(found, design_paths());
    assert_eq!(found.len(), 8);
}

/// Where the design table leads for one answer to each of its seven questions.
fn design_outcome(answer_of: impl Fn(&str) -> &'static str) -> &'static str {
    let mut node = "zorgprofessional";
    while let Some((_, _, to)) =
        EDGES.iter().find(|(from, answer, _)| *from == node && *answer == answer_of(from))
    {
        node = to;
    }
    node
}

#[test]
fn all_128_answer_combinations_end_where_the_design_table_says() {
    let source = std::fs::read_to_string(flyer()).unwrap();
    let policy = stroom_compiler::compile(&source).unwrap().policy;
    let questions: Vec<&str> = EDGES.iter().map(|(from, _, _)| *from).collect();
    let mut questions = questions;
    questions.dedup();
    assert_eq!(questions.len(), 7);

    for combination in 0u32..128 {
        let answer_of = |question: &str| {
            let bit = questions.iter().position(|q| *q == question).unwrap();
            if combination >> bit & 1 == 1 { "ja" } else { "nee" }
        };
        let mut answers = stroom_compiler::Answers::new(&policy);
        for question in &questions {
            answers.add_written(&policy, &format!("{question}={}", answer_of(question))).unwrap();
        }
        let trace = stroom_compiler::evaluate(&policy, &answers).unwrap();
        let stroom_compiler::End::Outcome(outcome) = trace.end else {
            panic!("combination {combination} stopped early");
        };
        assert_eq!(policy.node(outcome).unwrap().id, design_outcome(answer_of));
    }
}
