//! The `test` and `stats` commands: running the scenarios and invariants of policies, and
//! what the exact analysis says about their outcomes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use stroom_compiler::{Analysis, Claims, Coverage, Policy, compile_claims, outcome_stats, verify};

use crate::diagnostics::{self, Style};
use crate::error::{CliError, Status};
use crate::input::{self, SourceFile};
use crate::report::Reporter;

/// What `stroom test` was asked for besides running the tests.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CoverageRequest {
    /// Report which outcomes and branches the scenarios exercise.
    pub(crate) report: bool,
    /// Fail when the branch coverage of a policy is below this percentage.
    pub(crate) minimum: Option<f64>,
}

/// The file of scenarios and invariants that belongs to a policy file: the same name with
/// the extension `.tests`.
pub(crate) fn tests_file(policy: &Path) -> PathBuf {
    policy.with_extension("tests")
}

/// Runs every scenario and invariant of the policies in `paths`.
pub(crate) fn test(
    paths: &[PathBuf],
    coverage: CoverageRequest,
    mut reporter: Reporter,
) -> Result<Status, CliError> {
    let style = reporter.style();
    let (files, unsearchable) = input::policy_files(paths);
    for error in &unsearchable {
        diagnostics::print_error(error, style);
    }
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    let mut status = if unsearchable.is_empty() { Status::Clean } else { Status::Usage };

    for path in &files {
        let file = match input::read(path) {
            Ok(file) => file,
            Err(error) => {
                diagnostics::print_error(&error, style);
                failed += 1;
                status = status.max(error.status());
                continue;
            }
        };
        let errors_before = reporter.errors;
        let compiled = crate::run::compile_and_report(&file, &mut reporter);
        let tests_path = tests_file(path);
        let tests = if tests_path.exists() { Some(input::read(&tests_path)?) } else { None };
        let tests_claims = match (&compiled, &tests) {
            (Some(compiled), Some(tests)) => check_claims(&compiled.policy, tests, &mut reporter),
            _ => None,
        };
        eprint!("{}", reporter.take_rendered());
        let Some(compiled) = compiled.filter(|_| reporter.errors == errors_before) else {
            failed += 1;
            status = status.max(Status::PolicyErrors);
            continue;
        };
        let _ = writeln!(out, "{}", path.display());

        let mut sources = vec![(&file, compiled.claims.clone())];
        if let (Some(tests), Some(claims)) = (&tests, tests_claims) {
            sources.push((tests, claims));
        }

        let mut total = Coverage::default();
        let mut any = false;
        for (file, claims) in sources {
            let (results, covered) = verify(&compiled.policy, &claims);
            any |= !results.is_empty();
            merge(&mut total, covered);
            for result in &results {
                let mark = if result.failure.is_some() { "FAILED" } else { "ok" };
                let _ = writeln!(out, "  {mark:<6}  {} {}", result.keyword, result.name);
                if let Some(failure) = &result.failure {
                    reporter.report(failure, file);
                    // The rendering ends with a blank line, which the list does not need.
                    out.push_str(reporter.take_rendered().trim_end_matches('\n'));
                    if reporter.is_human() {
                        out.push('\n');
                    }
                    failed += 1;
                } else {
                    passed += 1;
                }
            }
        }
        if !any {
            let _ = writeln!(out, "  no scenarios or invariants");
        }
        if coverage.report || coverage.minimum.is_some() {
            report_coverage(&mut out, &compiled.policy, &total);
        }
        if let Some(minimum) = coverage.minimum
            && total.branch_percent() < minimum
        {
            let _ = writeln!(
                out,
                "  branch coverage {:.1}% is below the minimum of {minimum}%",
                total.branch_percent()
            );
            status = status.max(Status::PolicyErrors);
        }
    }

    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    if reporter.is_human() {
        print!("{out}");
    } else {
        // Standard output carries the JSON or SARIF; the results are for people.
        eprint!("{out}");
    }
    reporter.finish()?;
    if failed > 0 {
        status = status.max(Status::PolicyErrors);
    }
    Ok(status)
}

/// Compiles a tests file against `policy` and reports its problems; returns the claims when
/// the file has no errors.
pub(crate) fn check_claims(
    policy: &Policy,
    file: &SourceFile,
    reporter: &mut Reporter,
) -> Option<Claims> {
    let errors_before = reporter.errors;
    match compile_claims(policy, &file.text) {
        Ok((claims, problems)) => {
            for problem in &problems {
                reporter.report(problem, file);
            }
            (reporter.errors == errors_before).then_some(claims)
        }
        Err(errors) => {
            for error in &errors {
                reporter.report(error, file);
            }
            None
        }
    }
}

/// Adds what `more` covers to `total`; both describe the same policy.
fn merge(total: &mut Coverage, more: Coverage) {
    if total.outcomes.is_empty() && total.branches.is_empty() {
        *total = more;
        return;
    }
    for (mine, theirs) in total.outcomes.iter_mut().zip(more.outcomes) {
        mine.1 |= theirs.1;
    }
    for (mine, theirs) in total.branches.iter_mut().zip(more.branches) {
        mine.2 |= theirs.2;
    }
}

fn report_coverage(out: &mut String, policy: &Policy, coverage: &Coverage) {
    let taken = coverage.branches.iter().filter(|(_, _, taken)| *taken).count();
    let reached = coverage.outcomes.iter().filter(|(_, reached)| *reached).count();
    let _ = writeln!(
        out,
        "  coverage: {taken} of {} branches ({:.1}%), {reached} of {} outcomes ({:.1}%)",
        coverage.branches.len(),
        coverage.branch_percent(),
        coverage.outcomes.len(),
        coverage.outcome_percent(),
    );
    for (node, answer, taken) in &coverage.branches {
        if *taken {
            continue;
        }
        let name = policy.node(*node).map_or("", |node| node.id.as_str());
        let answer = policy.answer_set_of(*node).and_then(|set| set.answers.get(*answer));
        let _ = writeln!(out, "    branch not taken: {name} = {}", answer.map_or("", |a| &a.id));
    }
    for (outcome, reached) in &coverage.outcomes {
        if !*reached {
            let name = policy.node(*outcome).map_or("", |node| node.id.as_str());
            let _ = writeln!(out, "    outcome not reached: {name}");
        }
    }
}

/// Prints how many combinations of answers reach each outcome, and a shortest path there.
pub(crate) fn stats(path: &Path, style: Style) -> Result<Status, CliError> {
    let compiled = crate::run::load_clean(path, style)?;
    let policy = &compiled.policy;
    let analysis = Analysis::new(policy)?;
    let total = analysis.total();

    let mut out = format!("{}: {total} combinations of answers\n", path.display());
    let stats = outcome_stats(policy, &analysis);
    let width = stats
        .iter()
        .filter_map(|stat| policy.node(stat.outcome).map(|node| node.id.len()))
        .max()
        .unwrap_or(0);
    for stat in &stats {
        let Some(node) = policy.node(stat.outcome) else { continue };
        let share = percent_of(&stat.combinations, &total);
        let path = stat.path.as_ref().map_or("unreachable".to_string(), |trace| {
            format!("shortest path: {}", crate::run::one_line(policy, trace))
        });
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8} ({share:>5.1}%)  {path}",
            node.id, stat.combinations
        );
    }
    print!("{out}");
    Ok(Status::Clean)
}

/// `part` as a percentage of `whole`, to one decimal.
fn percent_of(part: &stroom_compiler::BigUint, whole: &stroom_compiler::BigUint) -> f64 {
    let thousandths = part * 1000u32 / whole.max(&stroom_compiler::BigUint::from(1u32));
    let thousandths: u64 = thousandths.try_into().unwrap_or(u64::MAX);
    thousandths as f64 / 10.0
}
