//! Scenarios: decisions with a known right answer, written next to the flow they test, and
//! how a scenario is run.

use stroom_syntax::Span;

use crate::eval::{Answers, End, EvalError, Trace, evaluate};
use crate::policy::{NodeId, Policy};

/// A scenario with every name resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The name of the scenario.
    pub id: String,
    /// Where the name is written.
    pub span: Span,
    /// The answers given, as question and answer index, in the order written.
    pub given: Vec<(NodeId, usize)>,
    /// Where the decision is expected to end.
    pub expect: End,
    /// Where the expectation is written.
    pub expect_span: Span,
}

/// What running a scenario showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioRun {
    /// The walk the given answers made.
    pub trace: Trace,
    /// Whether it ended where the scenario expects.
    pub passed: bool,
}

impl Scenario {
    /// Evaluates the scenario's answers and compares the end with the expectation.
    pub fn run(&self, policy: &Policy) -> Result<ScenarioRun, EvalError> {
        let mut answers = Answers::new(policy);
        for &(question, answer) in &self.given {
            answers.set(question, Some(answer));
        }
        let trace = evaluate(policy, &answers)?;
        let passed = trace.end == self.expect;
        Ok(ScenarioRun { trace, passed })
    }
}
