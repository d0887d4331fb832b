//! Every diagnostic the compiler can give: each fires on a small policy written to show it,
//! its rendering is snapshotted, and the minimal fix of that policy checks clean.
//!
//! Each bad policy is meant to have exactly the problem its test is named after; the codes
//! of every diagnostic in the output are asserted, so a problem that drags others along is
//! noticed.

use crate::support::{RECALL, check_text};

/// A clean policy most cases are small edits of: two questions, a step and two outcomes.
const BASE: &str = r#"policy sharing {
    title "May I share medical data?"
    source "https://example.org/flyer"
    language en
    start consent
}

verdicts {
    share "Share"
    keep  "Keep"
}

question consent "Did the person consent?" {
    explain "Consent is given on the consent form."
    yes -> urgent
    no  -> kept
}

question urgent "Is it urgent?" {
    yes -> shared
    no  -> record
}

step record "Write down what you share and why." {
    -> shared
}

outcome shared (share) "You may share."
outcome kept (keep) "You may not share."
"#;

/// A policy with the header and verdicts of [`BASE`], starting at `start`, and `body`.
fn with_header(start: &str, body: &str) -> String {
    let header = edit(BASE, "start consent", &format!("start {start}"));
    let end = header.find("question consent").unwrap();
    format!("{}{body}", &header[..end])
}

/// `text` with the one occurrence of `from` replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once in:\n{text}");
    text.replacen(from, to, 1)
}

/// `text` with each `(from, to)` edit made in turn.
fn edits(text: &str, changes: &[(&str, &str)]) -> String {
    changes.iter().fold(text.to_string(), |text, (from, to)| edit(&text, from, to))
}

/// The codes of the diagnostics in rendered output, in order.
fn codes(stderr: &str) -> Vec<&str> {
    stderr.lines().map(str::trim).filter(|line| line.starts_with("stroom::")).collect()
}

/// Asserts that checking `bad` gives exactly the diagnostics `expected` and exits with
/// `exit`, and snapshots the whole output as `name`; returns the output.
fn fires(name: &str, bad: &str, expected: &[&str], exit: i32) -> String {
    let run = check_text("bad.policy", bad, &[]).code(exit);
    assert_eq!(codes(&run.stderr), expected, "unexpected diagnostics:\n{}", run.stderr);
    insta::assert_snapshot!(name, run.stderr);
    run.stderr
}

/// An error case: `bad` has exactly the errors `expected` (exit 1), `good` checks clean.
fn error(name: &str, bad: &str, expected: &[&str], good: &str) {
    fires(name, bad, expected, 1);
    clean(good);
}

/// A warning case: `bad` has exactly the warning `expected`, which passes the check (exit 0)
/// unless warnings are denied (exit 1); `good` checks clean.
fn warning(name: &str, bad: &str, expected: &str, good: &str) {
    let stderr = fires(name, bad, &[expected], 0);
    assert!(stderr.contains("1 warning"), "{stderr}");
    let denied = check_text("bad.policy", bad, &["--deny-warnings"]).code(1);
    assert_eq!(codes(&denied.stderr), [expected]);
    assert!(denied.stderr.contains("1 warning (denied)"), "{}", denied.stderr);
    clean(good);
}

/// Asserts that `text` checks clean.
fn clean(text: &str) {
    let run = check_text("good.policy", text, &["--deny-warnings"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems", "policy:\n{text}");
}

#[test]
fn the_base_policies_check_clean() {
    clean(BASE);
    clean(RECALL);
}

// Syntax errors.

#[test]
fn syntax_unexpected_suggests_a_keyword() {
    let bad = edit(BASE, "    title", "    titel");
    error("syntax_unexpected", &bad, &["stroom::syntax::unexpected"], BASE);
}

#[test]
fn syntax_unterminated_string() {
    let bad = edit(BASE, "medical data?\"", "medical data?");
    error("syntax_unterminated_string", &bad, &["stroom::syntax::unterminated_string"], BASE);
}

#[test]
fn syntax_unterminated_comment() {
    let bad = edit(BASE, "verdicts {", "/* Draft: check the verdicts.\nverdicts {");
    let good = edit(BASE, "verdicts {", "/* Draft: check the verdicts. */\nverdicts {");
    error("syntax_unterminated_comment", &bad, &["stroom::syntax::unterminated_comment"], &good);
}

#[test]
fn syntax_invalid_escape() {
    let bad = edit(BASE, "\"You may share.\"", "\"You may share the person\\'s data.\"");
    let good = edit(BASE, "\"You may share.\"", "\"You may share the person's data.\"");
    error("syntax_invalid_escape", &bad, &["stroom::syntax::invalid_escape"], &good);
}

// The header.

#[test]
fn header_missing() {
    // Only a comment: a file with nodes but no header also reports the start node as
    // unreachable, which is left out here.
    let bad = "// May I share medical data? To do.\n";
    error("header_missing", bad, &["stroom::header::missing"], BASE);
}

#[test]
fn header_duplicate() {
    let bad = format!("{BASE}\npolicy sharing_v2 {{\n    title \"Draft\"\n}}\n");
    error("header_duplicate", &bad, &["stroom::header::duplicate"], BASE);
}

#[test]
fn header_missing_title() {
    let bad = edit(BASE, "    title \"May I share medical data?\"\n", "");
    error("header_missing_title", &bad, &["stroom::header::missing_field"], BASE);
}

#[test]
fn header_missing_language() {
    let bad = edit(BASE, "    language en\n", "");
    error("header_missing_language", &bad, &["stroom::header::missing_field"], BASE);
}

#[test]
fn header_invalid_language() {
    let bad = edit(BASE, "language en", "language english");
    error("header_invalid_language", &bad, &["stroom::header::invalid_language"], BASE);
}

#[test]
fn header_duplicate_field() {
    let bad = edit(BASE, "    language en\n", "    language en\n    language nl\n");
    error("header_duplicate_field", &bad, &["stroom::header::duplicate_field"], BASE);
}

// Names.

#[test]
fn names_duplicate_node() {
    let bad = format!("{BASE}outcome kept (keep) \"Do not share.\"\n");
    error("names_duplicate_node", &bad, &["stroom::names::duplicate"], BASE);
}

#[test]
fn names_duplicate_verdict() {
    let bad = edit(BASE, "    keep  \"Keep\"\n", "    keep  \"Keep\"\n    share \"Delen\"\n");
    error("names_duplicate_verdict", &bad, &["stroom::names::duplicate"], BASE);
}

#[test]
fn names_reserved() {
    let good = edit(BASE, "question urgent ", "question urgent (yes_no) ");
    let bad = edit(
        &good,
        "verdicts {",
        "answers yes_no {\n    yes \"Yes\"\n    no \"No\"\n}\n\nverdicts {",
    );
    error("names_reserved", &bad, &["stroom::names::reserved"], &good);
}

#[test]
fn names_undefined_node() {
    let bad = edit(BASE, "yes -> shared", "yes -> sharde");
    error("names_undefined_node", &bad, &["stroom::names::undefined"], BASE);
}

#[test]
fn names_undefined_answer_set() {
    // `danger` is a dead end here, so its targets are reached through `urgent` as well:
    // otherwise they are also reported as unreachable.
    let good = with_header(
        "consent",
        r#"question consent "Did the person consent?" {
    yes -> danger
    no  -> urgent
}

question danger (yes_no) "Is someone in danger?" {
    yes -> shared
    no  -> kept
}

question urgent "Is it urgent?" {
    yes -> shared
    no  -> kept
}

outcome shared (share) "You may share."
outcome kept (keep) "You may not share."
"#,
    );
    let bad = edit(&good, "(yes_no)", "(yesno)");
    error("names_undefined_answer_set", &bad, &["stroom::names::undefined"], &good);
}

#[test]
fn names_undefined_verdict() {
    let noted = "outcome noted (share) \"You may share, once it is written down.\"\n";
    let good = format!("{}{noted}", edit(BASE, "    -> shared\n}", "    -> noted\n}"));
    let bad = edit(&good, "noted (share)", "noted (shaer)");
    error("names_undefined_verdict", &bad, &["stroom::names::undefined"], &good);
}

#[test]
fn names_not_a_question() {
    let bad = edit(RECALL, "recall weigh on harm", "recall weigh on inform");
    error("names_not_a_question", &bad, &["stroom::names::not_a_question"], RECALL);
}

#[test]
fn outcome_missing_verdict() {
    let noted = "outcome noted (share) \"You may share, once it is written down.\"\n";
    let good = format!("{}{noted}", edit(BASE, "    -> shared\n}", "    -> noted\n}"));
    let bad = edit(&good, "noted (share)", "noted");
    error("outcome_missing_verdict", &bad, &["stroom::outcome::missing_verdict"], &good);
}

// Answers and arms.

#[test]
fn answers_empty_set() {
    // `ground` is a dead end without answers, so it leads nowhere that is not reached
    // otherwise.
    let good = with_header(
        "consent",
        r#"answers basis {
    court_order "A court order"
}

question consent "Did the person consent?" {
    yes -> shared
    no  -> ground
}

question ground (basis) "On what ground would you share?" {
    court_order -> shared
}

outcome shared (share) "You may share."
"#,
    );
    let good = edit(&good, "    keep  \"Keep\"\n", "");
    let bad = edits(
        &good,
        &[("    court_order \"A court order\"\n", ""), ("    court_order -> shared\n", "")],
    );
    error("answers_empty_set", &bad, &["stroom::answers::empty_set"], &good);
}

#[test]
fn answers_unknown() {
    let bad = edit(BASE, "    no  -> record\n", "    no  -> record\n    maybe -> record\n");
    error("answers_unknown", &bad, &["stroom::answers::unknown"], BASE);
}

#[test]
fn answers_unknown_suggests_an_answer() {
    // The misspelt arm also leaves `yes` without an arm, which is reported as well.
    let bad = edit(BASE, "yes -> shared", "yse -> shared");
    let expected = ["stroom::answers::non_exhaustive", "stroom::answers::unknown"];
    error("answers_unknown_suggestion", &bad, &expected, BASE);
}

#[test]
fn answers_duplicate_arm() {
    let bad = edit(BASE, "    no  -> record\n", "    no  -> record\n    no  -> shared\n");
    error("answers_duplicate_arm", &bad, &["stroom::answers::duplicate_arm"], BASE);
}

#[test]
fn answers_non_exhaustive_question() {
    let bad = edit(BASE, "    yes -> shared\n", "");
    error("answers_non_exhaustive_question", &bad, &["stroom::answers::non_exhaustive"], BASE);
}

#[test]
fn answers_non_exhaustive_recall() {
    let bad = edit(RECALL, "    high   -> shared\n}", "}");
    error("answers_non_exhaustive_recall", &bad, &["stroom::answers::non_exhaustive"], RECALL);
}

// Node bodies and steps.

#[test]
fn body_duplicate_explanation() {
    let bad =
        edit(BASE, "-> shared\n}", "-> shared\n    explain \"Why.\"\n    explain \"Why not.\"\n}");
    let good = edit(BASE, "-> shared\n}", "-> shared\n    explain \"Why.\"\n}");
    error("body_duplicate_explanation", &bad, &["stroom::body::duplicate_explanation"], &good);
}

#[test]
fn body_misplaced_item() {
    let bad = edit(BASE, "    no  -> kept\n", "    no  -> kept\n    -> kept\n");
    error("body_misplaced_item", &bad, &["stroom::body::misplaced_item"], BASE);
}

#[test]
fn step_missing_next() {
    let bad = edit(BASE, "    -> shared\n}", "}");
    error("step_missing_next", &bad, &["stroom::step::missing_next"], BASE);
}

#[test]
fn step_duplicate_next() {
    let bad = edit(BASE, "    -> shared\n}", "    -> shared\n    -> kept\n}");
    error("step_duplicate_next", &bad, &["stroom::step::duplicate_next"], BASE);
}

// The flow.

#[test]
fn flow_cycle() {
    let bad = edit(BASE, "    -> shared\n}", "    -> consent\n}");
    error("flow_cycle", &bad, &["stroom::flow::cycle"], BASE);
}

#[test]
fn flow_unreachable() {
    let bad = format!("{BASE}outcome later (keep) \"Ask again later.\"\n");
    error("flow_unreachable", &bad, &["stroom::flow::unreachable"], BASE);
}

#[test]
fn flow_unreachable_through_a_dead_branch() {
    let bad = edits(
        RECALL,
        &[
            ("recall weigh on harm {\n", "recall weigh on harm {\n    low    -> advice\n"),
            ("outcome kept", "outcome advice (keep) \"Ask a colleague.\"\noutcome kept"),
        ],
    );
    let expected = ["stroom::flow::dead_branch", "stroom::flow::unreachable"];
    error("flow_unreachable_through_dead_branch", &bad, &expected, RECALL);
}

#[test]
fn flow_dead_branch() {
    let bad =
        edit(RECALL, "recall weigh on harm {\n", "recall weigh on harm {\n    low    -> kept\n");
    error("flow_dead_branch", &bad, &["stroom::flow::dead_branch"], RECALL);
}

#[test]
fn flow_not_answered() {
    // `weigh` can be reached straight from `urgent`, before `consent` is asked; the fix
    // branches on `urgent`, which every path to `weigh` has answered.
    let good = with_header(
        "urgent",
        r#"question urgent "Is it urgent?" {
    yes -> weigh
    no  -> consent
}

question consent "Did the person consent?" {
    yes -> shared
    no  -> weigh
}

recall weigh on urgent {
    yes -> shared
    no  -> kept
}

outcome shared (share) "You may share."
outcome kept (keep) "You may not share."
"#,
    );
    let bad = edit(&good, "recall weigh on urgent", "recall weigh on consent");
    error("flow_not_answered", &bad, &["stroom::flow::not_answered"], &good);
}

// Warnings.

#[test]
fn lint_unused_verdict() {
    let bad =
        edit(BASE, "    keep  \"Keep\"\n", "    keep  \"Keep\"\n    advice \"Advice only\"\n");
    warning("lint_unused_verdict", &bad, "stroom::lint::unused_verdict", BASE);
}

#[test]
fn lint_unused_answer_set() {
    let bad = edit(
        BASE,
        "verdicts {",
        "answers ja_nee {\n    ja \"Ja\"\n    nee \"Nee\"\n}\n\nverdicts {",
    );
    warning("lint_unused_answer_set", &bad, "stroom::lint::unused_answer_set", BASE);
}

#[test]
fn lint_pointless_question() {
    let bad = edit(BASE, "yes -> shared", "yes -> record");
    warning("lint_pointless_question", &bad, "stroom::lint::pointless_question", BASE);
}

#[test]
fn lint_question_mark() {
    let bad = edit(BASE, "\"Is it urgent?\" {", "\"Is it urgent\" {");
    warning("lint_question_mark", &bad, "stroom::lint::question_mark", BASE);
}

#[test]
fn lint_empty_text() {
    let bad = edit(BASE, "-> shared\n}", "-> shared\n    law \"\"\n}");
    warning("lint_empty_text", &bad, "stroom::lint::empty_text", BASE);
}

#[test]
fn lint_missing_source() {
    let bad = edit(BASE, "    source \"https://example.org/flyer\"\n", "");
    warning("lint_missing_source", &bad, "stroom::lint::missing_source", BASE);
}
