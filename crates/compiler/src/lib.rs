//! The Stroom compiler: from the text of a policy to a checked decision graph.
//!
//! The pipeline is parse → lower (resolve names) → check. [`compile`] runs all of it and
//! returns the policy together with every problem found; it never stops at the first one.
//! A policy without errors can be evaluated ([`evaluate`]) and its paths listed
//! ([`paths`]).

mod check;
mod eval;
mod lower;
mod paths;
mod policy;
mod problem;
#[cfg(test)]
mod properties;
mod suggest;

pub use eval::{Answers, End, EvalError, Trace, Visit, evaluate};
pub use lower::YES_NO;
pub use paths::{PathList, paths};
pub use policy::{
    Answer, AnswerSet, AnswerSetId, Branch, Header, Node, NodeId, NodeKind, Policy, Verdict,
    VerdictId,
};
pub use problem::{Problem, ProblemKind};
pub use stroom_syntax::{Severity, Span, SyntaxError};

/// A policy that parsed, with every problem the checks found in it.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The policy, with unresolved references left out.
    pub policy: Policy,
    /// Every error and warning, ordered by where it points.
    pub problems: Vec<Problem>,
}

impl Compiled {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// Compiles the text of a policy: parses it, resolves its names, builds the decision graph
/// and runs every check.
///
/// Returns the syntax errors when the text does not parse; otherwise the policy and all its
/// problems, errors and warnings alike.
pub fn compile(source: &str) -> Result<Compiled, Vec<SyntaxError>> {
    let file = stroom_syntax::parse(source)?;

    let mut problems = Vec::new();
    let policy = lower::lower(&file, &mut problems);
    check::check(&policy, &file, &mut problems);

    problems.sort_by_key(|problem| problem.span);
    Ok(Compiled { policy, problems })
}
