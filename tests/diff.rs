//! `stroom diff`: the decisions a change moves and the texts it rewords.

use crate::support::{Scratch, flyer};

/// The flyer as `old.policy`, and as `new.policy` with `edit` applied.
fn versions(edit: impl Fn(String) -> String) -> Scratch {
    let old = std::fs::read_to_string(flyer()).unwrap();
    let scratch = Scratch::new();
    scratch.write("new.policy", edit(old.clone()));
    scratch.write("old.policy", old);
    scratch
}

fn redirect(policy: String) -> String {
    policy.replace(
        "    ja  -> conflict_van_plichten\n    nee -> beroepsgeheim",
        "    ja  -> conflict_van_plichten\n    nee -> conflict_van_plichten",
    )
}

#[test]
fn a_changed_edge_moves_exactly_its_combination() {
    let scratch = versions(redirect);
    let run = scratch.run(["diff", "old.policy", "new.policy"]).code(0);
    insta::assert_snapshot!("edge_moved", run.stdout);
}

#[test]
fn exit_code_says_whether_decisions_move() {
    let scratch = versions(redirect);
    scratch.run(["diff", "--exit-code", "old.policy", "new.policy"]).code(1);
    scratch.run(["diff", "--exit-code", "old.policy", "old.policy"]).code(0);
}

#[test]
fn a_reworded_outcome_shows_only_the_wording() {
    let scratch = versions(|policy| policy.replace("je mag géén gegevens", "je mag geen gegevens"));
    let run = scratch.run(["diff", "--exit-code", "old.policy", "new.policy"]).code(0);
    run.stdout_has("No decision changes (128 combinations compared).");
    run.stdout_has(
        "~ outcome beroepsgeheim, text: Hier geldt het medisch beroepsgeheim: \
         je mag [-géén-]{+geen+} gegevens delen.",
    );
}

#[test]
fn markdown_is_a_review_comment() {
    let scratch = versions(|policy| {
        redirect(policy).replace("je mag géén gegevens", "je mag *geen* gegevens")
    });
    let run = scratch.run(["diff", "--format", "markdown", "old.policy", "new.policy"]).code(0);
    insta::assert_snapshot!("review_comment", run.stdout);
}

#[test]
fn json_names_the_moves_and_the_changes() {
    let scratch =
        versions(|policy| redirect(policy).replace("je mag géén gegevens", "je mag geen gegevens"));
    let run = scratch.run(["diff", "--format", "json", "old.policy", "new.policy"]).code(0);
    let json = run.json();
    assert_eq!(json["compared"], "128");
    let moves = json["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0]["old"]["outcome"], "beroepsgeheim");
    assert_eq!(moves[0]["new"]["verdict"], "restricted");
    assert_eq!(moves[0]["combinations"], "1");
    assert_eq!(moves[0]["conditions"][0].as_array().unwrap().len(), 7);
    assert_eq!(json["changes"][0]["change"], "changed");
    assert_eq!(json["changes"][0]["field"], "text");
    assert!(json["changes"][0]["new"].as_str().unwrap().contains("geen gegevens"));
}

#[test]
fn diff_refuses_a_version_with_errors() {
    let scratch = versions(|policy| policy.replace("nee -> avg", "nee -> avgg"));
    let run = scratch.run(["diff", "old.policy", "new.policy"]).code(1);
    run.stderr_has("no node is named `avgg`");
}
