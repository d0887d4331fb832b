//! The errors of the command itself, and the exit status each leads to.

use std::path::PathBuf;

use stroom_compiler::EvalError;

/// How a run of `stroom` ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Status {
    /// Everything checked out.
    Clean,
    /// A policy has errors (or denied warnings).
    PolicyErrors,
    /// The command was used wrongly, or a file could not be read.
    Usage,
    /// `eval`: the answers stop before an outcome is reached.
    Undecided,
}

impl Status {
    /// The process exit code.
    pub(crate) fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::PolicyErrors => 1,
            Status::Usage => 2,
            Status::Undecided => 3,
        }
    }
}

/// An error of the command rather than a problem in a policy.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub(crate) enum CliError {
    /// A path could not be read.
    #[error("cannot read `{path}`")]
    #[diagnostic(code(stroom::io::read), help("check that the path exists and can be read"))]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A folder holds no policy files.
    #[error("no `.policy` files in `{path}`")]
    #[diagnostic(code(stroom::io::no_policies), help("policy files must end in `.policy`"))]
    NoPolicies {
        /// The folder.
        path: PathBuf,
    },
    /// A file is not UTF-8 text.
    #[error(
        "`{path}` is not UTF-8 text: the byte at offset {offset} (line {line}, column {column}) \
         is not valid"
    )]
    #[diagnostic(code(stroom::input::not_utf8), help("save the file as UTF-8"))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The offset of the first invalid byte.
        offset: usize,
        /// The line of that byte, from 1.
        line: usize,
        /// The column of that byte, in characters from 1.
        column: usize,
    },
    /// A policy with errors cannot be evaluated.
    #[error("`{path}` has errors, so it cannot be evaluated")]
    #[diagnostic(code(stroom::eval::policy_has_errors), help("fix the errors above first"))]
    PolicyHasErrors {
        /// The file.
        path: PathBuf,
    },
    /// A policy with errors cannot be rendered.
    #[error("`{path}` has errors, so it cannot be rendered")]
    #[diagnostic(code(stroom::render::policy_has_errors), help("fix the errors above first"))]
    RenderPolicyHasErrors {
        /// The file.
        path: PathBuf,
    },
    /// A document could not be generated.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Render(#[from] stroom_render::RenderError),
    /// A file could not be written.
    #[error("cannot write `{path}`")]
    #[diagnostic(
        code(stroom::io::write),
        help("check that the folder exists and can be written to")
    )]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Two policies would write documents of the same name.
    #[error("`{first}` and `{second}` would both write the documents named `{name}`")]
    #[diagnostic(
        code(stroom::docs::same_name),
        help("rename one of the policy files; documents are named after the file")
    )]
    SameName {
        /// The name of the documents, the file stem.
        name: String,
        /// The first policy.
        first: PathBuf,
        /// The second policy.
        second: PathBuf,
    },
    /// `docs --check` found documents that are missing or differ from their policies.
    #[error("{count} document{} out of date", if *count == 1 { " is" } else { "s are" })]
    #[diagnostic(
        code(stroom::docs::stale),
        help("run `stroom docs` to regenerate them, and commit the result")
    )]
    Stale {
        /// How many documents.
        count: usize,
    },
    /// The exact analysis could not be made.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Analysis(#[from] stroom_compiler::AnalysisError),
    /// An answer on the command line is wrong, or evaluation failed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Eval(#[from] EvalError),
    /// Output could not be written.
    #[error("cannot write the output: {0}")]
    #[diagnostic(code(stroom::io::write))]
    Write(#[from] std::io::Error),
    /// JSON could not be written.
    #[error("cannot write JSON: {0}")]
    #[diagnostic(code(stroom::io::json))]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// Whether the error is only that the reader of the output went away, as `head` does;
    /// that ends the run quietly.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            CliError::Write(error) => Some(error.kind()),
            CliError::Json(error) => error.io_error_kind(),
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }

    /// The exit status this error leads to.
    pub(crate) fn status(&self) -> Status {
        match self {
            CliError::NotUtf8 { .. }
            | CliError::PolicyHasErrors { .. }
            | CliError::RenderPolicyHasErrors { .. }
            | CliError::Render(stroom_render::RenderError::Broken { .. })
            | CliError::Stale { .. }
            | CliError::Eval(EvalError::Broken { .. }) => Status::PolicyErrors,
            _ => Status::Usage,
        }
    }
}
