//! The `stroom` command: checks policies, evaluates decisions, lists paths, runs scenarios
//! and proves invariants, and renders documents.
//!
//! Exit codes: 0 when all is well; 1 when a policy has errors; 2 for a usage or input/output
//! error; 3 when `eval` is given answers that stop before an outcome.

mod args;
mod diagnostics;
mod diff;
mod error;
mod format;
mod input;
mod json;
mod render;
mod report;
mod run;
mod verify;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let args = args::Args::parse();
    let style = diagnostics::Style::detect();
    match run::run(&args, style) {
        Ok(status) => ExitCode::from(status.code()),
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            diagnostics::print_error(&error, style);
            ExitCode::from(error.status().code())
        }
    }
}
