//! Benchmarks of every stage of Stroom on the flyer and on generated layered policies of
//! about a thousand, ten thousand and a hundred thousand nodes: parsing, the whole compile,
//! the exact analysis with and without recalls, evaluating one decision and drawing DOT.
//!
//! `cargo bench -p stroom-bench`; the figures and how to read them are in
//! `docs/performance.md`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use divan::Bencher;
use stroom_bench::{FLYER, Shape, Spec, generate};
use stroom_compiler::{Analysis, Answers, Compiled, Policy, compile, evaluate};

fn main() {
    divan::main();
}

/// The inputs, by name: the flyer and generated policies of three sizes.
const INPUTS: [&str; 4] = ["flyer", "1k", "10k", "100k"];

/// The generated inputs, by name, with and without recalls.
const GENERATED: [&str; 3] = ["1k", "10k", "100k"];

/// A policy to measure: its text and what compiling it gives.
struct Input {
    text: String,
    compiled: Compiled,
    answers: Answers,
}

/// The input named `name`, with recalls or without, built once and then shared.
fn input(name: &str, recalls: bool) -> &'static Input {
    static INPUTS: OnceLock<Mutex<HashMap<(String, bool), &'static Input>>> = OnceLock::new();
    let cache = INPUTS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry((name.to_string(), recalls))
        .or_insert_with(|| Box::leak(Box::new(build(name, recalls))))
}

fn build(name: &str, recalls: bool) -> Input {
    let text = match name {
        "1k" => generate(&Spec::new(Shape::Layered, 1_000).recalls(recalls)),
        "10k" => generate(&Spec::new(Shape::Layered, 10_000).recalls(recalls)),
        "100k" => generate(&Spec::new(Shape::Layered, 100_000).recalls(recalls)),
        _ => FLYER.to_string(),
    };
    let Ok(compiled) = compile(&text) else {
        unreachable_input(name);
    };
    let answers = longest_decision(&compiled.policy, name);
    Input { text, compiled, answers }
}

/// Stops the benchmarks: a benchmark input must compile.
#[expect(clippy::panic, reason = "a benchmark of a broken input measures nothing")]
fn unreachable_input(name: &str) -> ! {
    panic!("the benchmark input `{name}` does not parse")
}

/// Answers for one decision: on the flyer the longest path (seven questions to
/// `conflict_van_plichten`), elsewhere the first answer of every question.
fn longest_decision(policy: &Policy, name: &str) -> Answers {
    let mut answers = Answers::new(policy);
    if name == "flyer" {
        let written = [
            "zorgprofessional=ja",
            "in_behandeling=ja",
            "toestemming=nee",
            "zorgmachtiging=nee",
            "strafrechtelijke_voorwaarde=nee",
            "gewetensnood=ja",
            "schade_te_voorkomen=ja",
        ];
        for answer in written {
            let _ = answers.add_written(policy, answer);
        }
    } else {
        for id in policy.node_ids() {
            answers.set(id, Some(0));
        }
    }
    answers
}

#[divan::bench(args = INPUTS, sample_count = 20, max_time = 10)]
fn parse(bencher: Bencher, name: &str) {
    let text = &input(name, true).text;
    bencher.bench(|| stroom_syntax::parse(divan::black_box(text)));
}

#[divan::bench(args = INPUTS, sample_count = 20, max_time = 10)]
fn compile_with_recalls(bencher: Bencher, name: &str) {
    let text = &input(name, true).text;
    bencher.bench(|| compile(divan::black_box(text)));
}

#[divan::bench(args = GENERATED, sample_count = 20, max_time = 10)]
fn compile_without_recalls(bencher: Bencher, name: &str) {
    let text = &input(name, false).text;
    bencher.bench(|| compile(divan::black_box(text)));
}

#[divan::bench(args = INPUTS, sample_count = 20, max_time = 10)]
fn analysis_with_recalls(bencher: Bencher, name: &str) {
    let policy = &input(name, true).compiled.policy;
    bencher.bench(|| Analysis::new(divan::black_box(policy)).is_ok());
}

#[divan::bench(args = GENERATED, sample_count = 20, max_time = 10)]
fn analysis_without_recalls(bencher: Bencher, name: &str) {
    let policy = &input(name, false).compiled.policy;
    bencher.bench(|| Analysis::new(divan::black_box(policy)).is_ok());
}

// One decision takes well under a microsecond, far below the timer's resolution, so every
// sample times a thousand of them.
#[divan::bench(args = INPUTS, sample_count = 200, sample_size = 1000)]
fn evaluate_one_decision(bencher: Bencher, name: &str) {
    let input = input(name, true);
    let policy = &input.compiled.policy;
    bencher.bench(|| evaluate(divan::black_box(policy), divan::black_box(&input.answers)));
}

#[divan::bench(args = INPUTS, sample_count = 20, max_time = 10)]
fn render_dot(bencher: Bencher, name: &str) {
    let policy = &input(name, true).compiled.policy;
    bencher.bench(|| stroom_render::dot(divan::black_box(policy)));
}
