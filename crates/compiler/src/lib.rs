//! The Stroom compiler: from the text of a policy to a checked decision graph.
//!
//! The pipeline is parse → lower (resolve names) → check. [`compile`] runs all of it and
//! returns the policy together with every problem found; it never stops at the first one.
//! A policy without errors can be evaluated ([`evaluate`]) and its paths listed
//! ([`paths`]).

mod analysis;
pub(crate) mod check;
mod claims;
mod diff;
mod eval;
mod invariant;
mod lower;
mod paths;
mod policy;
mod problem;
#[cfg(test)]
mod properties;
mod scenario;
mod stats;
mod suggest;
mod verify;

pub use analysis::{Analysis, AnalysisError};
pub use claims::Claims;
pub use diff::{Change, Constraint, Decision, Move, PolicyDiff, Word, WordTag, diff};
pub use eval::{Answers, End, EvalError, Trace, Visit, evaluate};
pub use invariant::{Condition, Invariant};
pub use lower::YES_NO;
pub use num_bigint::BigUint;
pub use paths::{PathList, paths};
pub use policy::{
    Answer, AnswerSet, AnswerSetId, Branch, Header, Node, NodeId, NodeKind, Policy, Verdict,
    VerdictId,
};
pub use problem::{Problem, ProblemKind};
pub use scenario::{Scenario, ScenarioRun};
pub use stats::{OutcomeStats, outcome_stats};
use stroom_syntax::ast::Declaration;
pub use stroom_syntax::{Severity, Span, SyntaxError};
pub use verify::{Coverage, TestResult, describe_answers, describe_end, verify};

/// A policy that parsed, with every problem the checks found in it.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The policy, with unresolved references left out.
    pub policy: Policy,
    /// The scenarios and invariants written in the file.
    pub claims: Claims,
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
    let claims = claims::lower(&policy, &file, &mut problems);

    problems.sort_by_key(|problem| problem.span);
    Ok(Compiled { policy, claims, problems })
}

/// Compiles a tests file: scenarios and invariants about `policy`, kept in a file of their
/// own next to the policy. Returns the claims and every problem in them.
pub fn compile_claims(
    policy: &Policy,
    source: &str,
) -> Result<(Claims, Vec<Problem>), Vec<SyntaxError>> {
    let file = stroom_syntax::parse(source)?;

    let mut problems = Vec::new();
    for decl in &file.declarations {
        if !matches!(decl, Declaration::Scenario(_) | Declaration::Invariant(_)) {
            let keyword = decl.keyword();
            let span = decl.span();
            let span = Span::new(span.start, span.start + keyword.len());
            problems.push(Problem::new(ProblemKind::NotAClaim { keyword }, span));
        }
    }
    let claims = claims::lower(policy, &file, &mut problems);

    problems.sort_by_key(|problem| problem.span);
    Ok((claims, problems))
}
