//! The subcommands `check`, `eval` and `paths`: what each reads, checks and prints; and the
//! dispatch of every subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use stroom_compiler::{Answers, Compiled, End, NodeKind, Policy, Trace};

use crate::args::{Args, Command, Format};
use crate::diagnostics::{self, Style};
use crate::error::{CliError, Status};
use crate::input::{self, SourceFile};
use crate::json::PathJson;
use crate::report::{ReportFormat, Reporter};

/// Runs the command `args` asks for.
pub(crate) fn run(args: &Args, style: Style) -> Result<Status, CliError> {
    match &args.command {
        Command::Check { paths, deny_warnings, format } => {
            check(paths, *deny_warnings, *format, style)
        }
        Command::Eval { file, answers, format } => eval(file, answers, *format, style),
        Command::Paths { file, limit, format } => paths(file, *limit, *format, style),
        Command::Render { file, format, output } => {
            crate::render::render(file, format.format(), output.as_deref(), style)
        }
        Command::Docs { paths, out, check } => crate::render::docs(paths, out, *check, style),
        Command::Test { paths, coverage, min_coverage, format } => {
            let request =
                crate::verify::CoverageRequest { report: *coverage, minimum: *min_coverage };
            crate::verify::test(paths, request, Reporter::new(*format, style))
        }
        Command::Stats { file } => crate::verify::stats(file, style),
        Command::Fmt { paths, check } => crate::format::fmt(paths, *check, style),
        Command::Diff { old, new, format, exit_code } => {
            crate::diff::diff(old, new, *format, *exit_code, style)
        }
    }
}

fn check(
    paths: &[PathBuf],
    deny_warnings: bool,
    format: ReportFormat,
    style: Style,
) -> Result<Status, CliError> {
    let (files, unsearchable) = input::policy_files(paths);
    let mut reporter = Reporter::new(format, style);
    let mut unreadable = !unsearchable.is_empty();
    let mut failed_files = 0;
    for error in &unsearchable {
        diagnostics::print_error(error, style);
    }

    for path in &files {
        let errors_before = reporter.errors;
        match input::read(path) {
            Ok(file) => {
                let compiled = compile_and_report(&file, &mut reporter);
                // A policy's tests file is checked with it, against the policy's names.
                let tests = crate::verify::tests_file(path);
                if let Some(compiled) = compiled
                    && tests.exists()
                {
                    match input::read(&tests) {
                        Ok(tests) => {
                            crate::verify::check_claims(&compiled.policy, &tests, &mut reporter);
                        }
                        Err(error) => {
                            diagnostics::print_error(&error, style);
                            unreadable = true;
                        }
                    }
                }
            }
            Err(error) => {
                diagnostics::print_error(&error, style);
                match error.status() {
                    Status::PolicyErrors => reporter.errors += 1,
                    _ => unreadable = true,
                }
            }
        }
        eprint!("{}", reporter.take_rendered());
        if reporter.errors > errors_before {
            failed_files += 1;
        }
    }

    eprintln!("{}", summary(files.len(), failed_files, &reporter, deny_warnings));
    let failed = reporter.errors > 0 || (deny_warnings && reporter.warnings > 0);
    reporter.finish()?;
    Ok(if unreadable {
        Status::Usage
    } else if failed {
        Status::PolicyErrors
    } else {
        Status::Clean
    })
}

/// Compiles `file` and reports every diagnostic; returns the compiled policy when it parsed.
pub(crate) fn compile_and_report(file: &SourceFile, reporter: &mut Reporter) -> Option<Compiled> {
    match stroom_compiler::compile(&file.text) {
        Ok(compiled) => {
            for problem in &compiled.problems {
                reporter.report(problem, file);
            }
            Some(compiled)
        }
        Err(errors) => {
            for error in &errors {
                reporter.report(error, file);
            }
            None
        }
    }
}

fn summary(files: usize, failed: usize, tally: &Reporter, deny_warnings: bool) -> String {
    let checked = format!("checked {files} {}", if files == 1 { "policy" } else { "policies" });
    if tally.errors == 0 && tally.warnings == 0 {
        return format!("{checked}: no problems");
    }
    let denied = if deny_warnings && tally.warnings > 0 { " (denied)" } else { "" };
    format!(
        "{checked}: {}, {}{denied} ({} with errors)",
        counted(tally.errors, "error"),
        counted(tally.warnings, "warning"),
        counted(failed, "file"),
    )
}

/// `n` followed by `word`, with an `s` unless `n` is one.
fn counted(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Reads and compiles a policy that must be free of errors; prints its errors otherwise.
pub(crate) fn load_clean(path: &Path, style: Style) -> Result<Compiled, CliError> {
    let file = input::read(path)?;
    match stroom_compiler::compile(&file.text) {
        Ok(compiled) if !compiled.has_errors() => Ok(compiled),
        _ => {
            let mut reporter = Reporter::new(ReportFormat::Human, style);
            compile_and_report(&file, &mut reporter);
            eprint!("{}", reporter.take_rendered());
            Err(CliError::PolicyHasErrors { path: path.to_path_buf() })
        }
    }
}

fn eval(path: &Path, written: &[String], format: Format, style: Style) -> Result<Status, CliError> {
    let compiled = load_clean(path, style)?;
    let policy = &compiled.policy;
    let mut answers = Answers::new(policy);
    for answer in written {
        answers.add_written(policy, answer)?;
    }

    let trace = stroom_compiler::evaluate(policy, &answers)?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &PathJson::of(policy, &trace))?;
            writeln!(out)?;
        }
        Format::Human => write!(out, "{}", describe_trace(policy, &trace))?,
    }

    let asked: Vec<_> = trace.visits.iter().map(|visit| visit.node).collect();
    let unused: Vec<&str> = answers
        .given()
        .filter(|(question, _)| !asked.contains(question))
        .filter_map(|(question, _)| policy.node(question).map(|node| node.id.as_str()))
        .collect();
    if !unused.is_empty() {
        eprintln!("note: not asked on this path, so not used: {}", unused.join(", "));
    }

    Ok(match trace.end {
        End::Outcome(_) => Status::Clean,
        End::Unanswered(_) => Status::Undecided,
    })
}

/// The path of one decision and where it ends, for people.
fn describe_trace(policy: &Policy, trace: &Trace) -> String {
    let mut out = String::new();
    if !trace.visits.is_empty() {
        out.push_str("path:\n");
    }
    for (number, visit) in trace.visits.iter().enumerate() {
        let Some(node) = policy.node(visit.node) else { continue };
        let answer =
            visit.answer.and_then(|answer| policy.answer_set_of(visit.node)?.answers.get(answer));
        let line = match (&node.kind, answer) {
            (NodeKind::Recall { .. }, Some(answer)) => {
                format!("{} = {} (remembered): {}", node.id, answer.id, node.text)
            }
            (_, Some(answer)) => format!("{} = {}: {}", node.id, answer.id, node.text),
            (_, None) => format!("{}: {}", node.id, node.text),
        };
        out.push_str(&format!("  {}. {line}\n", number + 1));
    }

    match trace.end {
        End::Outcome(id) => {
            let Some(node) = policy.node(id) else { return out };
            let verdict = match node.kind {
                NodeKind::Outcome { verdict: Some(verdict) } => policy.verdict(verdict),
                _ => None,
            };
            let verdict = verdict.map_or(String::new(), |v| format!(" ({}: {})", v.id, v.label));
            out.push_str(&format!("outcome: {}{verdict}\n  {}\n", node.id, node.text));
        }
        End::Unanswered(id) => {
            let Some(node) = policy.node(id) else { return out };
            let answers = policy.answer_set_of(id).map_or(String::new(), |set| {
                set.answers.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
            });
            out.push_str(&format!(
                "no outcome yet; answer next: {}: {}\n  answers: {answers}\n  \
                 for example: --answer {}=...\n",
                node.id, node.text, node.id
            ));
        }
    }
    out
}

fn paths(path: &Path, limit: usize, format: Format, style: Style) -> Result<Status, CliError> {
    let compiled = load_clean(path, style)?;
    let policy = &compiled.policy;
    let list = stroom_compiler::paths(policy, limit)?;

    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let json: Vec<PathJson<'_>> =
                list.paths.iter().map(|trace| PathJson::of(policy, trace)).collect();
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Human => {
            for (number, trace) in list.paths.iter().enumerate() {
                writeln!(out, "{}. {}", number + 1, one_line(policy, trace))?;
            }
        }
    }

    if !list.complete {
        eprintln!("note: listed the first {limit} paths only; raise `--limit` to list more");
    }
    Ok(Status::Clean)
}

/// A path on one line: the answers along it, then the outcome and its verdict.
pub(crate) fn one_line(policy: &Policy, trace: &Trace) -> String {
    let steps: Vec<String> = trace
        .visits
        .iter()
        .filter_map(|visit| {
            let node = policy.node(visit.node)?;
            let answer =
                visit.answer.and_then(|a| policy.answer_set_of(visit.node)?.answers.get(a));
            Some(match answer {
                Some(answer) => format!("{}={}", node.id, answer.id),
                None => node.id.clone(),
            })
        })
        .collect();
    let end = match trace.end {
        End::Outcome(id) | End::Unanswered(id) => policy.node(id),
    };
    let outcome = end.map_or(String::new(), |node| {
        let verdict = match node.kind {
            NodeKind::Outcome { verdict: Some(verdict) } => policy.verdict(verdict),
            _ => None,
        };
        format!("{} ({})", node.id, verdict.map_or("", |v| v.id.as_str()))
    });
    format!("{} -> {outcome}", steps.join(", "))
}
