//! Lowering of what an author claims about a policy: scenarios and invariants, with every
//! name resolved against the lowered policy and every wrong name reported.

use std::collections::HashMap;

use stroom_syntax::Span;
use stroom_syntax::ast::{self, ConditionKind, Declaration, ScenarioItem};

use crate::eval::End;
use crate::invariant::{Condition, Invariant};
use crate::policy::{NodeId, NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};
use crate::scenario::Scenario;
use crate::suggest::Suggester;

/// The scenarios and invariants of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    /// The scenarios, in source order.
    pub scenarios: Vec<Scenario>,
    /// The invariants, in source order.
    pub invariants: Vec<Invariant>,
}

/// Lowers the scenarios and invariants of `file` against `policy`, adding the problems found
/// to `problems`.
pub(crate) fn lower(policy: &Policy, file: &ast::File, problems: &mut Vec<Problem>) -> Claims {
    let nodes: HashMap<&str, NodeId> =
        policy.node_ids().filter_map(|id| Some((policy.node(id)?.id.as_str(), id))).collect();
    let mut lowering = ClaimLowering { policy, nodes, problems, suggester: Suggester::new() };
    let mut claims = Claims::default();
    let mut seen: HashMap<&str, Span> = HashMap::new();

    for decl in &file.declarations {
        let id = match decl {
            Declaration::Scenario(scenario) => &scenario.id,
            Declaration::Invariant(invariant) => &invariant.id,
            _ => continue,
        };
        if let Some(&first) = seen.get(id.name.as_str()) {
            let kind = ProblemKind::Duplicate { what: decl.keyword(), name: id.name.clone() };
            let problem = Problem::new(kind, id.span).with_related(first, "first declared here");
            lowering.problems.push(problem);
            continue;
        }
        seen.insert(&id.name, id.span);

        match decl {
            Declaration::Scenario(scenario) => {
                if let Some(scenario) = lowering.scenario(scenario) {
                    claims.scenarios.push(scenario);
                }
            }
            Declaration::Invariant(invariant) => {
                let when = invariant.when.as_ref().map(|when| lowering.condition(when));
                let then = lowering.condition(&invariant.then);
                let (id, span) = (invariant.id.name.clone(), invariant.id.span);
                claims.invariants.push(Invariant { id, span, when, then });
            }
            _ => {}
        }
    }
    claims
}

struct ClaimLowering<'a> {
    policy: &'a Policy,
    nodes: HashMap<&'a str, NodeId>,
    problems: &'a mut Vec<Problem>,
    suggester: Suggester,
}

impl ClaimLowering<'_> {
    fn report(&mut self, kind: ProblemKind, span: Span) {
        self.problems.push(Problem::new(kind, span));
    }

    /// A scenario, or `None` when its expectation cannot be resolved.
    fn scenario(&mut self, decl: &ast::ScenarioDecl) -> Option<Scenario> {
        let mut given: Vec<(NodeId, usize)> = Vec::new();
        let mut given_spans: HashMap<NodeId, Span> = HashMap::new();
        let mut expectations = Vec::new();

        for item in &decl.items {
            match item {
                ScenarioItem::Given(assignments) => {
                    for assignment in assignments {
                        let Some((question, answer)) =
                            self.answer(&assignment.question, &assignment.answer)
                        else {
                            continue;
                        };
                        let span = assignment.question.span.to(assignment.answer.span);
                        if let Some(&first) = given_spans.get(&question) {
                            let name = assignment.question.name.clone();
                            let problem =
                                Problem::new(ProblemKind::DuplicateGiven { question: name }, span)
                                    .with_related(first, "first given here");
                            self.problems.push(problem);
                            continue;
                        }
                        given_spans.insert(question, span);
                        given.push((question, answer));
                    }
                }
                ScenarioItem::Expect(expectation) => expectations.push(expectation),
            }
        }

        let Some((first, rest)) = expectations.split_first() else {
            let kind = ProblemKind::MissingExpect { scenario: decl.id.name.clone() };
            self.report(kind, decl.id.span);
            return None;
        };
        for extra in rest {
            let problem = Problem::new(ProblemKind::DuplicateExpect, extra.span)
                .with_related(first.span, "first expectation");
            self.problems.push(problem);
        }
        let expect = if first.next {
            End::Unanswered(self.question(&first.target)?)
        } else {
            End::Outcome(self.outcome(&first.target)?)
        };
        let (id, span) = (decl.id.name.clone(), decl.id.span);
        Some(Scenario { id, span, given, expect, expect_span: first.span })
    }

    /// Resolves a condition; names that fail are reported and become
    /// [`Condition::Unresolved`].
    fn condition(&mut self, condition: &ast::Condition) -> Condition {
        let resolved = match &condition.kind {
            ConditionKind::Any(parts) => {
                Some(Condition::Any(parts.iter().map(|part| self.condition(part)).collect()))
            }
            ConditionKind::All(parts) => {
                Some(Condition::All(parts.iter().map(|part| self.condition(part)).collect()))
            }
            ConditionKind::Not(part) => Some(Condition::Not(Box::new(self.condition(part)))),
            ConditionKind::Asked(question) => self.question(question).map(Condition::Asked),
            ConditionKind::Reaches(node) => self.node(node).map(Condition::Reaches),
            ConditionKind::Outcome { outcome, equal } => {
                let equal = *equal;
                self.outcome(outcome).map(|outcome| Condition::Outcome { outcome, equal })
            }
            ConditionKind::Verdict { verdict, equal } => {
                let equal = *equal;
                self.verdict(verdict).map(|verdict| Condition::Verdict { verdict, equal })
            }
            ConditionKind::Answer { question, answer, equal } => {
                let equal = *equal;
                self.answer(question, answer).map(|(question, answer)| Condition::Answer {
                    question,
                    answer,
                    equal,
                })
            }
        };
        resolved.unwrap_or(Condition::Unresolved)
    }

    fn node(&mut self, name: &ast::Ident) -> Option<NodeId> {
        self.node_called(name, "node")
    }

    /// The node `name`, reported as an undefined `what` when there is none.
    fn node_called(&mut self, name: &ast::Ident, what: &'static str) -> Option<NodeId> {
        let found = self.nodes.get(name.name.as_str()).copied();
        if found.is_none() {
            let suggestion = if self.suggester.has_budget() {
                let mut names: Vec<&str> = self.nodes.keys().copied().collect();
                names.sort_unstable();
                self.suggester.closest(&name.name, names)
            } else {
                None
            };
            let kind = ProblemKind::Undefined { what, name: name.name.clone(), suggestion };
            self.report(kind, name.span);
        }
        found
    }

    fn question(&mut self, name: &ast::Ident) -> Option<NodeId> {
        let id = self.node_called(name, "question")?;
        let node = self.policy.node(id)?;
        if matches!(node.kind, NodeKind::Question { .. }) {
            return Some(id);
        }
        let kind = ProblemKind::NotAQuestion { name: name.name.clone(), keyword: node.keyword() };
        self.report(kind, name.span);
        None
    }

    fn outcome(&mut self, name: &ast::Ident) -> Option<NodeId> {
        let id = self.node_called(name, "outcome")?;
        let node = self.policy.node(id)?;
        if node.is_outcome() {
            return Some(id);
        }
        let kind = ProblemKind::NotAnOutcome { name: name.name.clone(), keyword: node.keyword() };
        self.report(kind, name.span);
        None
    }

    fn verdict(&mut self, name: &ast::Ident) -> Option<crate::VerdictId> {
        let found = self.policy.verdicts.iter().position(|verdict| verdict.id == name.name);
        if found.is_none() {
            let names = self.policy.verdicts.iter().map(|verdict| verdict.id.as_str());
            let suggestion = self.suggester.closest(&name.name, names);
            let kind =
                ProblemKind::Undefined { what: "verdict", name: name.name.clone(), suggestion };
            self.report(kind, name.span);
        }
        found.map(crate::VerdictId)
    }

    /// A question and the index of one of its answers.
    fn answer(&mut self, question: &ast::Ident, answer: &ast::Ident) -> Option<(NodeId, usize)> {
        let id = self.question(question)?;
        let set = self.policy.answer_set_of(id)?;
        let index = set.answers.iter().position(|candidate| candidate.id == answer.name);
        if index.is_none() {
            let names = set.answers.iter().map(|answer| answer.id.as_str());
            let suggestion = self.suggester.closest(&answer.name, names);
            let kind = ProblemKind::UnknownAnswer {
                answer: answer.name.clone(),
                set: set.id.clone(),
                suggestion,
            };
            self.report(kind, answer.span);
        }
        Some((id, index?))
    }
}
