//! Running what an author claims about a policy: every scenario is evaluated and every
//! invariant proved for all combinations of answers, or refuted with one that breaks it.
//! Coverage says which outcomes and branches the scenarios exercise.

use stroom_syntax::Span;

use crate::analysis::Analysis;
use crate::claims::Claims;
use crate::eval::{End, Trace, evaluate};
use crate::policy::{NodeId, NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};

/// The result of one scenario or invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    /// `scenario` or `invariant`.
    pub keyword: &'static str,
    /// The name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// Why it failed; `None` when it passed.
    pub failure: Option<Problem>,
}

/// What the scenarios exercise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Every outcome, and whether a scenario ends in it.
    pub outcomes: Vec<(NodeId, bool)>,
    /// Every arm of every question and recall, as node and answer index, and whether a
    /// scenario takes it.
    pub branches: Vec<(NodeId, usize, bool)>,
}

impl Coverage {
    /// The share of branches the scenarios take, in percent; 100 when there are none.
    pub fn branch_percent(&self) -> f64 {
        percent(
            self.branches.iter().filter(|(_, _, covered)| *covered).count(),
            self.branches.len(),
        )
    }

    /// The share of outcomes the scenarios reach, in percent; 100 when there are none.
    pub fn outcome_percent(&self) -> f64 {
        percent(self.outcomes.iter().filter(|(_, covered)| *covered).count(), self.outcomes.len())
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 100.0 } else { part as f64 * 100.0 / whole as f64 }
}

/// Runs every scenario and invariant of `claims` against `policy`, which must be free of
/// errors, and measures the coverage of the scenarios.
pub fn verify(policy: &Policy, claims: &Claims) -> (Vec<TestResult>, Coverage) {
    let mut results = Vec::new();
    let mut traces = Vec::new();

    for scenario in &claims.scenarios {
        let failure = match scenario.run(policy) {
            Ok(run) => {
                let failure = (!run.passed).then(|| {
                    let kind = ProblemKind::ScenarioFailed {
                        scenario: scenario.id.clone(),
                        expected: describe_end(policy, scenario.expect),
                        found: describe_end(policy, run.trace.end),
                        path: describe_answers(policy, &run.trace),
                    };
                    Problem::new(kind, scenario.expect_span)
                        .with_related(scenario.span, "in this scenario")
                });
                traces.push(run.trace);
                failure
            }
            Err(error) => {
                let kind = ProblemKind::ScenarioFailed {
                    scenario: scenario.id.clone(),
                    expected: describe_end(policy, scenario.expect),
                    found: format!("an error ({error})"),
                    path: "cut short".to_string(),
                };
                Some(Problem::new(kind, scenario.expect_span))
            }
        };
        let (name, span) = (scenario.id.clone(), scenario.span);
        results.push(TestResult { keyword: "scenario", name, span, failure });
    }

    if !claims.invariants.is_empty() {
        let analysis = Analysis::new(policy);
        for invariant in &claims.invariants {
            let refuted = analysis
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|analysis| analysis.refute(policy, invariant));
            let failure = match refuted {
                Ok(None) => None,
                Ok(Some(answers)) => {
                    let trace = evaluate(policy, &answers).ok();
                    let kind = ProblemKind::InvariantRefuted {
                        invariant: invariant.id.clone(),
                        answers: trace
                            .as_ref()
                            .map_or(String::new(), |t| describe_answers(policy, t)),
                        outcome: trace.map_or(String::new(), |t| describe_end(policy, t.end)),
                    };
                    Some(Problem::new(kind, invariant.span))
                }
                Err(error) => {
                    let reason = error.to_string();
                    Some(Problem::new(ProblemKind::AnalysisTooLarge { reason }, invariant.span))
                }
            };
            let (name, span) = (invariant.id.clone(), invariant.span);
            results.push(TestResult { keyword: "invariant", name, span, failure });
        }
    }

    (results, coverage(policy, &traces))
}

/// Which outcomes and branches `traces` exercise.
fn coverage(policy: &Policy, traces: &[Trace]) -> Coverage {
    let mut coverage = Coverage::default();
    for id in policy.node_ids() {
        let Some(node) = policy.node(id) else { continue };
        match &node.kind {
            NodeKind::Outcome { .. } => {
                let reached = traces.iter().any(|trace| trace.end == End::Outcome(id));
                coverage.outcomes.push((id, reached));
            }
            NodeKind::Question { .. } | NodeKind::Recall { .. } => {
                for (answer, _) in node.branches() {
                    let taken = traces.iter().any(|trace| {
                        trace.visits.iter().any(|v| v.node == id && v.answer == Some(answer))
                    });
                    coverage.branches.push((id, answer, taken));
                }
            }
            NodeKind::Step { .. } => {}
        }
    }
    coverage
}

/// Where a decision ends, in words: "`avg` (elsewhere)" or "question `toestemming` next".
pub fn describe_end(policy: &Policy, end: End) -> String {
    match end {
        End::Outcome(id) => {
            let Some(node) = policy.node(id) else { return String::new() };
            let verdict = match node.kind {
                NodeKind::Outcome { verdict: Some(verdict) } => policy.verdict(verdict),
                _ => None,
            };
            match verdict {
                Some(verdict) => format!("`{}` ({})", node.id, verdict.id),
                None => format!("`{}`", node.id),
            }
        }
        End::Unanswered(id) => {
            format!("question `{}` next", policy.node(id).map_or("", |node| node.id.as_str()))
        }
    }
}

/// The questions asked along a path with their answers, in the order asked:
/// "`zorgprofessional` = `ja`, `in_behandeling` = `nee`".
pub fn describe_answers(policy: &Policy, trace: &Trace) -> String {
    let answers: Vec<String> = trace
        .answered(policy)
        .map(|(question, answer)| format!("`{}` = `{}`", question.id, answer.id))
        .collect();
    if answers.is_empty() { "no answers".to_string() } else { answers.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, compile_claims};

    fn flyer() -> (Policy, Claims, Claims) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/");
        let policy =
            std::fs::read_to_string(format!("{root}levensloopaanpak-medische-gegevens.policy"))
                .unwrap();
        let tests =
            std::fs::read_to_string(format!("{root}levensloopaanpak-medische-gegevens.tests"))
                .unwrap();
        let compiled = compile(&policy).unwrap();
        assert!(compiled.problems.is_empty(), "{:?}", compiled.problems);
        let (claims, problems) = compile_claims(&compiled.policy, &tests).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        (compiled.policy, compiled.claims, claims)
    }

    #[test]
    fn flyer_invariants_hold_and_scenarios_cover_every_branch() {
        let (policy, invariants, scenarios) = flyer();
        let (results, _) = verify(&policy, &invariants);
        assert_eq!(results.len(), 7);
        assert!(results.iter().all(|result| result.failure.is_none()), "{results:?}");

        let (results, coverage) = verify(&policy, &scenarios);
        assert_eq!(results.len(), 9);
        assert!(results.iter().all(|result| result.failure.is_none()), "{results:?}");
        assert_eq!(coverage.branches.len(), 14);
        assert_eq!(coverage.branch_percent(), 100.0);
        assert_eq!(coverage.outcome_percent(), 100.0);
    }

    #[test]
    fn wrong_invariant_is_refuted_with_a_counterexample() {
        let (policy, _, _) = flyer();
        let wrong = "invariant nooit_delen_zonder_toestemming {\n\
                     when toestemming = nee\n    then verdict != share\n}\n";
        let (claims, problems) = compile_claims(&policy, wrong).unwrap();
        assert!(problems.is_empty());
        let (results, _) = verify(&policy, &claims);
        let failure = results[0].failure.as_ref().expect("refuted");
        let ProblemKind::InvariantRefuted { answers, outcome, .. } = &failure.kind else {
            panic!("{failure:?}");
        };
        assert_eq!(
            answers,
            "`zorgprofessional` = `ja`, `in_behandeling` = `ja`, `toestemming` = `nee`, \
             `zorgmachtiging` = `ja`"
        );
        assert_eq!(outcome, "`delen_volgens_zorgplan` (share)");
    }

    #[test]
    fn failing_scenario_says_where_it_went() {
        let (policy, _, _) = flyer();
        let wrong = "scenario fout {\n given zorgprofessional = nee\n expect beroepsgeheim\n}\n";
        let (claims, _) = compile_claims(&policy, wrong).unwrap();
        let (results, coverage) = verify(&policy, &claims);
        let failure = results[0].failure.as_ref().expect("fails");
        assert!(matches!(
            &failure.kind,
            ProblemKind::ScenarioFailed { found, .. } if found == "`avg` (elsewhere)"
        ));
        assert!(coverage.branch_percent() < 100.0);
    }

    #[test]
    fn tests_file_holds_only_claims() {
        let (policy, _, _) = flyer();
        let (_, problems) = compile_claims(&policy, "outcome x (share) \"X\"").unwrap();
        use stroom_syntax::Kind as _;
        let codes: Vec<&str> = problems.iter().map(|p| p.kind.code()).collect();
        assert_eq!(codes, ["stroom::tests::not_a_claim"]);
    }
}
