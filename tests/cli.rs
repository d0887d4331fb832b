//! The command line: what `check`, `eval` and `paths` print and how they exit, on the flyer
//! and on small policies written to a temporary folder.

use serde_json::{Value, json};

use crate::support::{RECALL, Run, Scratch, flyer, stroom};

/// A clean policy: one question, two outcomes.
const CLEAN: &str = r#"policy sharing {
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
    yes -> shared
    no  -> kept
}

outcome shared (share) "You may share."
outcome kept (keep) "You may not share."
"#;

/// [`CLEAN`] with one error: a second arm for `no`, on line 16, column 5.
fn with_error() -> String {
    CLEAN.replace("    no  -> kept\n", "    no  -> kept\n    no  -> shared\n")
}

/// [`CLEAN`] with one warning: the verdict `advice` is not used.
fn with_warning() -> String {
    CLEAN.replace("    keep  \"Keep\"\n", "    keep  \"Keep\"\n    advice \"Advice\"\n")
}

/// Runs `stroom eval` on the flyer with `answers` and `--format json`.
fn eval_flyer(answers: &[&str]) -> Run {
    let mut args = vec!["eval".to_string(), flyer().display().to_string()];
    for answer in answers {
        args.extend(["--answer".to_string(), answer.to_string()]);
    }
    args.extend(["--format".to_string(), "json".to_string()]);
    stroom(args)
}

/// The `(question, answer)` pairs of an `eval` or `paths` result in JSON.
fn answers_of(path: &Value) -> Vec<(&str, &str)> {
    path["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["question"].as_str().unwrap(), a["answer"].as_str().unwrap()))
        .collect()
}

// check

#[test]
fn check_without_arguments_checks_the_policies_folder() {
    let run = stroom(["check"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
    assert_eq!(run.stdout, "");
}

#[test]
fn check_of_a_missing_path_is_a_usage_error_that_names_it() {
    let scratch = Scratch::new();
    let run = scratch.run(["check", "nowhere.policy"]).code(2);
    run.stderr_has("stroom::io::read");
    run.stderr_has("cannot read `nowhere.policy`");
}

#[test]
fn check_of_a_missing_path_still_checks_the_other_paths() {
    let scratch = Scratch::new();
    scratch.write("drafts/broken.policy", "question");
    let run = scratch.run(["check", "nowhere.policy", "drafts"]).code(2);
    run.stderr_has("cannot read `nowhere.policy`");
    run.stderr_has("stroom::syntax::unexpected");
    run.stderr_has("checked 1 policy: 1 error, 0 warnings (1 file with errors)");
}

#[test]
fn check_of_a_folder_without_policies_is_a_usage_error() {
    let scratch = Scratch::new();
    scratch.write("drafts/notes.txt", "policy ideas");
    let run = scratch.run(["check", "drafts"]).code(2);
    run.stderr_has("stroom::io::no_policies");
    run.stderr_has("no `.policy` files in `drafts`");
}

#[test]
fn check_of_a_file_that_is_not_utf8_names_the_place_of_the_bad_byte() {
    let scratch = Scratch::new();
    // "Caf\xe9" is Latin-1: the byte 0xE9 is at offset 31, on line 2 after 14 characters.
    scratch.write("latin1.policy", b"policy sharing {\n    title \"Caf\xe9\"\n}\n");
    let run = scratch.run(["check", "latin1.policy"]).code(1);
    run.stderr_has("stroom::input::not_utf8");
    run.stderr_has(
        "`latin1.policy` is not UTF-8 text: the byte at offset 31 (line 2, column 15) is not \
             valid",
    );
    run.stderr_has("checked 1 policy: 1 error, 0 warnings");
}

#[test]
fn check_accepts_a_byte_order_mark() {
    let scratch = Scratch::new();
    scratch.write("bom.policy", format!("\u{feff}{CLEAN}"));
    let run = scratch.run(["check", "bom.policy"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn check_after_a_byte_order_mark_points_at_the_right_place() {
    let scratch = Scratch::new();
    scratch.write("bom.policy", format!("\u{feff}{}", with_error()));
    let run = scratch.run(["check", "bom.policy"]).code(1);
    run.stderr_has("╭─[bom.policy:16:5]");
    run.stderr_has(" 16 │     no  -> shared\n");
    run.stderr_has("help: remove one of the two arms");
}

#[test]
fn check_accepts_crlf_line_ends() {
    let scratch = Scratch::new();
    scratch.write("crlf.policy", CLEAN.replace('\n', "\r\n"));
    let run = scratch.run(["check", "crlf.policy"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn check_with_crlf_line_ends_points_at_the_right_place() {
    let scratch = Scratch::new();
    scratch.write("crlf.policy", with_error().replace('\n', "\r\n"));
    let run = scratch.run(["check", "crlf.policy"]).code(1);
    run.stderr_has("╭─[crlf.policy:16:5]");
    run.stderr_has(" 16 │     no  -> shared\n");
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}

#[test]
fn check_of_files_and_folders_sums_up_errors_and_warnings() {
    let scratch = Scratch::new();
    scratch
        .write("all/clean.policy", CLEAN)
        .write("all/nested/broken.policy", with_error())
        .write("all/nested/notes.txt", "not a policy")
        .write("warned.policy", with_warning());
    let run = scratch.run(["check", "all", "warned.policy"]).code(1);
    run.stderr_has("all/nested/broken.policy:16:5");
    run.stderr_has("warned.policy:11:5");
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "checked 3 policies: 1 error, 1 warning (1 file with errors)"
    );
}

#[test]
fn check_reports_every_file_even_after_one_that_is_not_utf8() {
    let scratch = Scratch::new();
    scratch.write("all/a.policy", b"\xff").write("all/b.policy", with_warning());
    let run = scratch.run(["check", "all"]).code(1);
    run.stderr_has("stroom::input::not_utf8");
    run.stderr_has("stroom::lint::unused_verdict");
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "checked 2 policies: 1 error, 1 warning (1 file with errors)"
    );
}

#[test]
fn check_passes_warnings_unless_they_are_denied() {
    let scratch = Scratch::new();
    scratch.write("warned.policy", with_warning());
    let run = scratch.run(["check", "warned.policy"]).code(0);
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "checked 1 policy: 0 errors, 1 warning (0 files with errors)"
    );
    let run = scratch.run(["check", "--deny-warnings", "warned.policy"]).code(1);
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "checked 1 policy: 0 errors, 1 warning (denied) (0 files with errors)"
    );
}

#[test]
fn check_with_denied_warnings_passes_a_clean_policy() {
    let run = stroom(["check", "--deny-warnings"]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

// eval

#[test]
fn eval_of_a_full_answer_set_prints_the_decision_as_json() {
    let run = eval_flyer(&["zorgprofessional=ja", "in_behandeling=nee"]).code(0);
    assert_eq!(
        run.json(),
        json!({
            "answers": [
                {
                    "question": "zorgprofessional",
                    "text": "Ben je zorgprofessional?",
                    "answer": "ja"
                },
                {
                    "question": "in_behandeling",
                    "text": "Is de persoon bij jouw organisatie in behandeling (geweest)?",
                    "answer": "nee"
                }
            ],
            "outcome": {
                "id": "geen_beroepsgeheim",
                "text": "Je beschikt dan niet over gegevens waarvoor het medisch beroepsgeheim \
                         geldt.",
                "verdict": "advice"
            }
        })
    );
}

#[test]
fn eval_follows_each_flyer_path_to_its_outcome() {
    let cases: [(&[&str], &str, &str); 4] = [
        (&["zorgprofessional=nee"], "avg", "elsewhere"),
        (
            &["zorgprofessional=ja", "in_behandeling=ja", "toestemming=ja"],
            "delen_met_toestemming",
            "share",
        ),
        (
            &[
                "zorgprofessional=ja",
                "in_behandeling=ja",
                "toestemming=nee",
                "zorgmachtiging=nee",
                "strafrechtelijke_voorwaarde=nee",
                "gewetensnood=ja",
                "schade_te_voorkomen=ja",
            ],
            "conflict_van_plichten",
            "restricted",
        ),
        (
            &[
                "zorgprofessional=ja",
                "in_behandeling=ja",
                "toestemming=nee",
                "zorgmachtiging=nee",
                "strafrechtelijke_voorwaarde=nee",
                "gewetensnood=nee",
            ],
            "beroepsgeheim",
            "no_share",
        ),
    ];
    for (answers, id, verdict) in cases {
        let run = eval_flyer(answers).code(0);
        let json = run.json();
        assert_eq!(json["outcome"]["id"], id, "{answers:?}");
        assert_eq!(json["outcome"]["verdict"], verdict, "{answers:?}");
        let given: Vec<(&str, &str)> =
            answers.iter().map(|answer| answer.split_once('=').unwrap()).collect();
        assert_eq!(answers_of(&json), given);
        assert!(json.get("next").is_none(), "{json}");
        assert_eq!(run.stderr, "");
    }
}

#[test]
fn eval_in_human_format_lists_the_path_and_the_outcome() {
    let flyer = flyer();
    let args = ["eval", flyer.to_str().unwrap(), "-a", "zorgprofessional=nee"];
    let run = stroom(args).code(0);
    assert_eq!(
        run.stdout,
        "path:\n  1. zorgprofessional = nee: Ben je zorgprofessional?\noutcome: avg (elsewhere: \
         Andere regels)\n  Volg bij het delen van persoonsinformatie dan de landelijke wet- en \
         regelgeving zoals die is vastgelegd in de AVG.\n"
    );
}

#[test]
fn eval_with_missing_answers_names_the_next_question() {
    let run = eval_flyer(&["zorgprofessional=ja", "in_behandeling=ja"]).code(3);
    let json = run.json();
    assert_eq!(json["outcome"], Value::Null);
    assert_eq!(
        json["next"],
        json!({
            "question": "toestemming",
            "text": "Geeft de persoon via een toestemmingsformulier toestemming voor het delen \
                     van zijn/haar medische gegevens?",
            "answers": ["ja", "nee"]
        })
    );
    assert_eq!(answers_of(&json), [("zorgprofessional", "ja"), ("in_behandeling", "ja")]);
}

#[test]
fn eval_without_answers_asks_the_first_question() {
    let flyer = flyer();
    let run = stroom(["eval", flyer.to_str().unwrap()]).code(3);
    run.stdout_has("no outcome yet; answer next: zorgprofessional");
    run.stdout_has("for example: --answer zorgprofessional=...");
}

#[test]
fn eval_notes_answers_that_the_path_does_not_ask() {
    let run = eval_flyer(&["zorgprofessional=nee", "toestemming=ja"]).code(0);
    assert_eq!(run.json()["outcome"]["id"], "avg");
    assert_eq!(run.stderr, "note: not asked on this path, so not used: toestemming\n");
}

#[test]
fn eval_accepts_the_same_answer_twice() {
    let run = eval_flyer(&["zorgprofessional=nee", "zorgprofessional=nee"]).code(0);
    assert_eq!(run.json()["outcome"]["id"], "avg");
}

#[test]
fn eval_of_an_unknown_question_suggests_one() {
    let run = eval_flyer(&["zorgprofesional=ja"]).code(2);
    assert_eq!(run.stdout, "");
    run.stderr_has("stroom::eval::unknown_question");
    run.stderr_has("the policy has no question `zorgprofesional`");
    run.stderr_has("did you mean `zorgprofessional`?");
}

#[test]
fn eval_of_an_unknown_answer_lists_the_answers() {
    let run = eval_flyer(&["zorgprofessional=misschien"]).code(2);
    run.stderr_has("stroom::eval::unknown_answer");
    run.stderr_has("`misschien` is not an answer to `zorgprofessional`");
    run.stderr_has("the answers are `ja`, `nee`");
}

#[test]
fn eval_of_a_malformed_answer_shows_the_form() {
    let run = eval_flyer(&["foo"]).code(2);
    run.stderr_has("stroom::eval::malformed");
    run.stderr_has("`foo` is not of the form QUESTION=ANSWER");
}

#[test]
fn eval_of_conflicting_answers_names_both() {
    let run = eval_flyer(&["zorgprofessional=ja", "zorgprofessional=nee"]).code(2);
    run.stderr_has("stroom::eval::conflicting_answers");
    run.stderr_has("`zorgprofessional` is answered twice, with `ja` and with `nee`");
}

#[test]
fn eval_of_an_answer_to_an_outcome_is_refused() {
    let run = eval_flyer(&["avg=ja"]).code(2);
    run.stderr_has("stroom::eval::not_a_question");
    run.stderr_has("not a question");
    run.stderr_has("only questions take answers");
}

#[test]
fn eval_and_paths_of_a_policy_with_errors_print_the_errors() {
    let scratch = Scratch::new();
    scratch.write("broken.policy", with_error());
    let runs = [
        scratch.run(["eval", "broken.policy", "--answer", "consent=yes"]),
        scratch.run(["paths", "broken.policy"]),
    ];
    for run in runs {
        let run = run.code(1);
        assert_eq!(run.stdout, "");
        run.stderr_has("stroom::answers::duplicate_arm");
        run.stderr_has("broken.policy:16:5");
        run.stderr_has("`broken.policy` has errors, so it cannot be evaluated");
    }
}

#[test]
fn eval_and_paths_of_a_policy_with_a_syntax_error_print_it() {
    let scratch = Scratch::new();
    scratch.write("broken.policy", CLEAN.replace("    title", "    titel"));
    for run in [scratch.run(["eval", "broken.policy"]), scratch.run(["paths", "broken.policy"])] {
        let run = run.code(1);
        run.stderr_has("stroom::syntax::unexpected");
        run.stderr_has("did you mean `title`?");
    }
}

#[test]
fn eval_and_paths_accept_a_policy_with_warnings_only() {
    let scratch = Scratch::new();
    scratch.write("warned.policy", with_warning());
    let run = scratch.run(["eval", "warned.policy", "-a", "consent=no"]).code(0);
    run.stdout_has("outcome: kept (keep: Keep)");
    let run = scratch.run(["paths", "warned.policy"]).code(0);
    assert_eq!(run.stdout, "1. consent=yes -> shared (share)\n2. consent=no -> kept (keep)\n");
}

// paths

#[test]
fn paths_with_a_limit_lists_that_many_and_says_so() {
    let flyer = flyer();
    let run = stroom(["paths", "--limit", "3", flyer.to_str().unwrap()]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for (number, line) in lines.iter().enumerate() {
        assert!(line.starts_with(&format!("{}. zorgprofessional=", number + 1)), "{line}");
    }
    assert_eq!(run.stderr, "note: listed the first 3 paths only; raise `--limit` to list more\n");

    let json = stroom(["paths", "--limit", "3", "--format", "json", flyer.to_str().unwrap()]);
    assert_eq!(json.code(0).json().as_array().unwrap().len(), 3);
}

#[test]
fn paths_within_the_limit_has_no_note() {
    let flyer = flyer();
    let run = stroom(["paths", "--limit", "8", flyer.to_str().unwrap()]).code(0);
    assert_eq!(run.stdout.lines().count(), 8);
    assert_eq!(run.stderr, "");
}

#[test]
fn paths_in_human_format_has_one_numbered_line_per_path() {
    let flyer = flyer();
    let run = stroom(["paths", flyer.to_str().unwrap()]).code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{}", run.stdout);
    for (number, line) in lines.iter().enumerate() {
        assert!(line.starts_with(&format!("{}. ", number + 1)), "{line}");
    }
    let seventh = "7. zorgprofessional=ja, in_behandeling=nee -> geen_beroepsgeheim (advice)";
    assert_eq!(lines[6], seventh);
    assert_eq!(lines[7], "8. zorgprofessional=nee -> avg (elsewhere)");
    assert_eq!(run.stderr, "");
}

// Recalls

#[test]
fn paths_of_a_recall_follow_the_remembered_answer() {
    let scratch = Scratch::new();
    scratch.write("recall.policy", RECALL);
    let run = scratch.run(["paths", "recall.policy"]).code(0);
    // Without the recall remembering `harm`, `weigh` would branch both ways on each path.
    assert_eq!(
        run.stdout,
        "1. harm=low -> kept (keep)\n\
         2. harm=medium, consent=yes -> shared (share)\n\
         3. harm=medium, consent=no, inform, weigh=medium -> kept (keep)\n\
         4. harm=high, consent=yes -> shared (share)\n\
         5. harm=high, consent=no, inform, weigh=high -> shared (share)\n"
    );

    let run = scratch.run(["paths", "--format", "json", "recall.policy"]).code(0);
    let paths = run.json();
    let found: Vec<(Vec<(&str, &str)>, &str)> = paths
        .as_array()
        .unwrap()
        .iter()
        .map(|path| (answers_of(path), path["outcome"]["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (vec![("harm", "low")], "kept"),
            (vec![("harm", "medium"), ("consent", "yes")], "shared"),
            (vec![("harm", "medium"), ("consent", "no")], "kept"),
            (vec![("harm", "high"), ("consent", "yes")], "shared"),
            (vec![("harm", "high"), ("consent", "no")], "shared"),
        ]
    );
}

#[test]
fn eval_of_a_recall_uses_the_remembered_answer() {
    let scratch = Scratch::new();
    scratch.write("recall.policy", RECALL);
    for (harm, outcome) in [("medium", "kept"), ("high", "shared")] {
        let harm = format!("harm={harm}");
        let args = ["eval", "recall.policy", "-a", &harm, "-a", "consent=no", "--format", "json"];
        let json = scratch.run(args).code(0).json();
        assert_eq!(json["outcome"]["id"], outcome, "{json}");
        // The recall asks nothing: only the questions are among the answers.
        assert_eq!(answers_of(&json), [("harm", &harm[5..]), ("consent", "no")]);
    }

    let run = scratch.run(["eval", "recall.policy", "-a", "harm=medium", "-a", "consent=no"]);
    assert_eq!(
        run.code(0).stdout,
        "path:\n\
         \x20 1. harm = medium: How serious is the risk of harm to others?\n\
         \x20 2. consent = no: Did the person consent?\n\
         \x20 3. inform: Tell the person that you weigh the risk without consent.\n\
         \x20 4. weigh = medium (remembered): How serious is the risk of harm to others?\n\
         outcome: kept (keep: Keep)\n\
         \x20 You may not share.\n"
    );
}

#[test]
fn eval_of_a_recall_policy_stops_at_the_first_unanswered_question() {
    let scratch = Scratch::new();
    scratch.write("recall.policy", RECALL);
    let args = ["eval", "recall.policy", "-a", "consent=no", "--format", "json"];
    let json = scratch.run(args).code(3).json();
    assert_eq!(json["outcome"], Value::Null);
    assert_eq!(json["next"]["question"], "harm");
    assert_eq!(json["next"]["answers"], json!(["low", "medium", "high"]));
}
