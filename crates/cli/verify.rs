//! The `test` and `stats` commands: running the scenarios and invariants of policies, and
//! what the exact analysis says about their outcomes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use stroom_compiler::{
    Analysis, Claims, Coverage, Policy, Severity, TestResult, compile_claims, outcome_stats, verify,
};

use crate::diagnostics::{self, Style};
use crate::error::{CliError, Status};
use crate::input::{self, SourceFile};
use crate::run::Tally;

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
    style: Style,
) -> Result<Status, CliError> {
    let (files, unsearchable) = input::policy_files(paths);
    for error in &unsearchable {
        diagnostics::print_error(error, style);
    }
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    let mut status = if unsearchable.is_empty() { Status::Clean } else { Status::Usage };

    for path in &files {
        let compiled = match crate::run::load_clean(path, style) {
            Ok(compiled) => compiled,
            Err(error) => {
                diagnostics::print_error(&error, style);
                failed += 1;
                status = status.max(error.status());
                continue;
            }
        };
        let _ = writeln!(out, "{}", path.display());

        let mut sources = vec![(input::read(path)?, compiled.claims)];
        let tests_path = tests_file(path);
        if tests_path.exists() {
            let tests = input::read(&tests_path)?;
            let mut tally = Tally::default();
            match check_claims(&compiled.policy, &tests, style, &mut tally) {
                Some(claims) if tally.errors == 0 => sources.push((tests, claims)),
                _ => {
                    failed += 1;
                    status = status.max(Status::PolicyErrors);
                    continue;
                }
            }
        }

        let mut total = Coverage::default();
        let mut any = false;
        for (file, claims) in &sources {
            let (results, covered) = verify(&compiled.policy, claims);
            any |= !results.is_empty();
            merge(&mut total, covered);
            for result in &results {
                report_result(&mut out, file, result, style);
                if result.failure.is_some() { failed += 1 } else { passed += 1 }
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
            status = Status::PolicyErrors;
        }
    }

    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    print!("{out}");
    if failed > 0 && status == Status::Clean {
        status = Status::PolicyErrors;
    }
    Ok(status)
}

/// Compiles a tests file against `policy`, printing its problems to standard error and
/// counting them in `tally`; returns the claims when the file parses.
pub(crate) fn check_claims(
    policy: &Policy,
    file: &SourceFile,
    style: Style,
    tally: &mut Tally,
) -> Option<Claims> {
    let source = diagnostics::named_source(file);
    let mut out = String::new();
    let claims = match compile_claims(policy, &file.text) {
        Ok((claims, problems)) => {
            for problem in &problems {
                match problem.severity() {
                    Severity::Error => tally.errors += 1,
                    Severity::Warning => tally.warnings += 1,
                }
                out.push_str(&diagnostics::render(problem, &source, style));
                out.push('\n');
            }
            Some(claims)
        }
        Err(errors) => {
            tally.errors += errors.len();
            for error in &errors {
                out.push_str(&diagnostics::render(error, &source, style));
                out.push('\n');
            }
            None
        }
    };
    eprint!("{out}");
    claims
}

fn report_result(out: &mut String, file: &SourceFile, result: &TestResult, style: Style) {
    let mark = if result.failure.is_some() { "FAILED" } else { "ok" };
    let _ = writeln!(out, "  {mark:<6}  {} {}", result.keyword, result.name);
    if let Some(failure) = &result.failure {
        let source = diagnostics::named_source(file);
        out.push_str(&diagnostics::render(failure, &source, style));
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
