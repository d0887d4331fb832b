//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diff::DiffFormat;
use crate::report::ReportFormat;

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
        /// How to report diagnostics: for people, or as JSON or SARIF on standard output.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
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
    /// Run the scenarios and prove the invariants of policies; report a result per item.
    Test {
        /// Files, or folders searched for `.policy` files; each policy's `.tests` file next to
        /// it is run too.
        #[arg(default_value = "policies")]
        paths: Vec<PathBuf>,
        /// Report which outcomes and question branches the scenarios exercise.
        #[arg(long)]
        coverage: bool,
        /// Fail when the scenarios take less than this percentage of a policy's branches.
        #[arg(long, value_name = "PCT", value_parser = percentage)]
        min_coverage: Option<f64>,
        /// How to report failures and diagnostics: for people, or as JSON or SARIF on standard
        /// output (the list of results then goes to standard error).
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
    /// Count the answer combinations that reach each outcome, with a shortest path to it.
    Stats {
        /// The policy file.
        file: PathBuf,
    },
    /// Show what a change to a policy does: the decisions that move, grouped into conditions on
    /// the answers, and the texts that change.
    Diff {
        /// The old version of the policy.
        old: PathBuf,
        /// The new version of the policy.
        new: PathBuf,
        /// How to print the diff.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Exit 1 when any decision changes.
        #[arg(long)]
        exit_code: bool,
    },
    /// Format policy files and their tests files in the canonical layout, keeping every
    /// comment.
    Fmt {
        /// Files, or folders searched for `.policy` files; the `.tests` file next to each
        /// policy is formatted too.
        #[arg(default_value = "policies")]
        paths: Vec<PathBuf>,
        /// Write nothing; print what would change as a diff and exit 1 when anything would.
        #[arg(long)]
        check: bool,
    },
    /// Render a policy as a document: Markdown, Mermaid, DOT, or through Graphviz SVG, PDF or
    /// PNG.
    Render {
        /// The policy file.
        file: PathBuf,
        /// The document format.
        #[arg(long, value_enum)]
        format: DocumentFormat,
        /// Write the document to this file instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Write the documents of every policy into a folder, or check that they are up to date.
    Docs {
        /// Files, or folders searched for `.policy` files.
        #[arg(default_value = "policies")]
        paths: Vec<PathBuf>,
        /// The folder the documents are written to.
        #[arg(long, default_value = "docs/policies")]
        out: PathBuf,
        /// Write nothing; exit 1 when a document is missing or differs from what its policy
        /// generates.
        #[arg(long)]
        check: bool,
    },
}

/// A document format of `render`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DocumentFormat {
    /// A Markdown page: the diagram as a Mermaid block, questions, outcomes, decision table.
    Markdown,
    /// A Mermaid flowchart.
    Mermaid,
    /// A Graphviz DOT diagram.
    Dot,
    /// SVG, drawn by Graphviz's `dot`.
    Svg,
    /// PDF, drawn by Graphviz's `dot`.
    Pdf,
    /// PNG, drawn by Graphviz's `dot`.
    Png,
}

impl DocumentFormat {
    /// The format as the render crate names it.
    pub(crate) fn format(self) -> stroom_render::Format {
        match self {
            DocumentFormat::Markdown => stroom_render::Format::Markdown,
            DocumentFormat::Mermaid => stroom_render::Format::Mermaid,
            DocumentFormat::Dot => stroom_render::Format::Dot,
            DocumentFormat::Svg => stroom_render::Format::Svg,
            DocumentFormat::Pdf => stroom_render::Format::Pdf,
            DocumentFormat::Png => stroom_render::Format::Png,
        }
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Text for people.
    Human,
    /// JSON for tools, as documented in docs/cli.md.
    Json,
}

/// Parses a percentage from 0 to 100.
fn percentage(text: &str) -> Result<f64, String> {
    let value: f64 =
        text.trim_end_matches('%').parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 100"))
    }
}
