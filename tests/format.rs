//! `stroom fmt`: the canonical layout written atomically, or only shown with `--check`.

use crate::support::{Scratch, stroom};

const MESSY: &str = "// Header comment.\n\
                     policy p { title \"T\" language en source \"s\" start q }\n\
                     verdicts { ok }\nquestion q \"Q?\" { yes -> o /* kept */ no -> o2 }\n\
                     outcome o (ok) \"O\" // trailing\noutcome o2 (ok) \"O2\"\n";

#[test]
fn the_bundled_policies_are_formatted() {
    stroom(["fmt", "--check", "policies"]).code(0);
}

#[test]
fn check_shows_a_diff_and_writes_nothing() {
    let scratch = Scratch::new();
    scratch.write("messy.policy", MESSY);
    let run = scratch.run(["fmt", "--check", "messy.policy"]).code(1);
    run.stdout_has("+question q \"Q?\" {");
    let after = std::fs::read_to_string(scratch.path().join("messy.policy")).unwrap();
    assert_eq!(after, MESSY);
}

#[test]
fn fmt_writes_the_layout_and_keeps_every_comment() {
    let scratch = Scratch::new();
    scratch.write("messy.policy", MESSY);
    scratch.run(["fmt", "messy.policy"]).code(0);
    let formatted = std::fs::read_to_string(scratch.path().join("messy.policy")).unwrap();
    for comment in ["// Header comment.", "/* kept */", "// trailing"] {
        assert_eq!(formatted.matches(comment).count(), 1, "{comment} in\n{formatted}");
    }
    assert!(formatted.contains("question q \"Q?\" {\n    yes -> o"), "{formatted}");
    scratch.run(["fmt", "--check", "messy.policy"]).code(0);
    scratch.run(["check", "messy.policy"]).code(0);
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let scratch = Scratch::new();
    let broken = "question q \"Q?\" { yes -> \n";
    scratch.write("broken.policy", broken);
    let run = scratch.run(["fmt", "broken.policy"]).code(1);
    run.stderr_has("stroom::syntax::unexpected");
    let after = std::fs::read_to_string(scratch.path().join("broken.policy")).unwrap();
    assert_eq!(after, broken);
}
