//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Stroom: formally checked decision flowcharts.
#[derive(Debug, Parser)]
#[command(name = "stroom", version, about, long_about = None)]
pub(crate) struct Args {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check policy files or folders of them and report every problem.
    Check {
        /// Files, or folders searched for `.policy` files.
        #[arg(default_value = "policies")]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors: exit 1 when there are any.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Evaluate one decision: the outcome for the given answers, and the path to it.
    Eval {
        /// The policy file.
        file: PathBuf,
        /// An answer, as QUESTION=ANSWER; repeat for more answers.
        #[arg(short, long = "answer", value_name = "QUESTION=ANSWER")]
        answers: Vec<String>,
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List every path from the start to an outcome, with the answers along it.
    Paths {
        /// The policy file.
        file: PathBuf,
        /// List at most this many paths.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// How to print the paths.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Text for people.
    Human,
    /// JSON for tools, as documented in docs/cli.md.
    Json,
}
