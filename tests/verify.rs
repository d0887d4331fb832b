//! `stroom test` and `stroom stats`: scenarios and invariants run and proved, with results,
//! coverage and counterexamples; and the counts per outcome.

use crate::support::{Scratch, flyer, stroom};

/// The flyer policy copied into a scratch folder, with `tests` as its tests file.
fn flyer_with_tests(tests: &str) -> Scratch {
    let scratch = Scratch::new();
    scratch.write("flyer.policy", std::fs::read_to_string(flyer()).unwrap());
    scratch.write("flyer.tests", tests);
    scratch
}

#[test]
fn flyer_invariants_and_scenarios_pass_with_full_coverage() {
    let run = stroom(["test", "--coverage", "--min-coverage", "100"]).code(0);
    run.stdout_has("  ok      invariant zonder_grond_geldt_het_beroepsgeheim\n");
    run.stdout_has("  ok      scenario conflict_van_plichten\n");
    run.stdout_has("coverage: 14 of 14 branches (100.0%), 7 of 7 outcomes (100.0%)");
    assert!(run.stdout.ends_with("\n16 passed, 0 failed\n"), "{}", run.stdout);
}

#[test]
fn wrong_invariant_is_refuted_with_a_readable_counterexample() {
    let scratch = flyer_with_tests(
        "invariant nooit_delen_zonder_toestemming {\n    when toestemming = nee\n    \
         then verdict != share\n}\n",
    );
    let run = scratch.run(["test", "flyer.policy"]).code(1);
    insta::assert_snapshot!("invariant_refuted", run.stdout);
}

#[test]
fn failing_scenario_shows_where_the_answers_lead() {
    let scratch = flyer_with_tests(
        "scenario fout {\n    given zorgprofessional = nee\n    expect beroepsgeheim\n}\n",
    );
    let run = scratch.run(["test", "flyer.policy"]).code(1);
    insta::assert_snapshot!("scenario_failed", run.stdout);
}

#[test]
fn coverage_below_the_minimum_fails_and_lists_what_is_missing() {
    let scratch =
        flyer_with_tests("scenario avg {\n    given zorgprofessional = nee\n    expect avg\n}\n");
    let run = scratch.run(["test", "flyer.policy", "--min-coverage", "50"]).code(1);
    run.stdout_has("coverage: 1 of 14 branches (7.1%), 1 of 7 outcomes (14.3%)");
    run.stdout_has("    branch not taken: zorgprofessional = ja\n");
    run.stdout_has("    outcome not reached: conflict_van_plichten\n");
    run.stdout_has("branch coverage 7.1% is below the minimum of 50%");
    run.stdout_has("8 passed, 0 failed");
}

#[test]
fn min_coverage_must_be_a_percentage() {
    stroom(["test", "--min-coverage", "150"]).code(2).stderr_has("not between 0 and 100");
}

#[test]
fn tests_file_is_checked_with_its_policy() {
    let scratch = flyer_with_tests(
        "scenario typo {\n    given zorgprofesional = nee\n    expect avg\n}\n\
         scenario early {\n    given zorgprofessional = ja\n    expect next toestemming\n}\n",
    );
    let run = scratch.run(["check", "flyer.policy"]).code(1);
    run.stderr_has("no question is named `zorgprofesional`");
    run.stderr_has("did you mean `zorgprofessional`?");
    run.stderr_has("checked 1 policy: 1 error, 0 warnings (1 file with errors)");

    // The same mistake stops the tests of that policy before any of them runs.
    let run = scratch.run(["test", "flyer.policy"]).code(1);
    run.stdout_has("0 passed, 1 failed");
}

#[test]
fn scenario_expecting_the_next_question_passes_when_the_answers_stop_there() {
    let scratch = flyer_with_tests(
        "scenario early {\n    given zorgprofessional = ja\n    expect next in_behandeling\n}\n",
    );
    let run = scratch.run(["test", "flyer.policy"]).code(0);
    run.stdout_has("  ok      scenario early\n");
}

#[test]
fn a_tests_file_holds_only_scenarios_and_invariants() {
    let scratch = flyer_with_tests("outcome extra (share) \"Extra\"\n");
    let run = scratch.run(["check", "flyer.policy"]).code(1);
    run.stderr_has("stroom::tests::not_a_claim");
}

#[test]
fn stats_counts_the_combinations_of_every_outcome() {
    let flyer = flyer();
    let run = stroom(["stats".as_ref(), flyer.as_os_str()]).code(0);
    run.stdout_has(": 128 combinations of answers\n");
    run.stdout_has("64 ( 50.0%)  shortest path: zorgprofessional=nee -> avg (elsewhere)\n");
    run.stdout_has("  conflict_van_plichten          1 (  0.7%)");
}
