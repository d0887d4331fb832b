//! Warnings: things that compile but that an author most likely did not mean, such as a
//! verdict no outcome has, a question text without a question mark, or an empty text.

use stroom_syntax::ast::{self, Declaration, HeaderValue, Item, Text};

use crate::policy::{NodeKind, Policy};
use crate::problem::{Problem, ProblemKind};

/// Reports the warnings about declarations that nothing uses and questions that decide
/// nothing.
pub(crate) fn check_policy(policy: &Policy, problems: &mut Vec<Problem>) {
    let mut verdict_used = vec![false; policy.verdicts.len()];
    let mut set_used = vec![false; policy.answer_sets.len()];
    for node in &policy.nodes {
        match &node.kind {
            NodeKind::Outcome { verdict: Some(verdict) } => {
                if let Some(used) = verdict_used.get_mut(verdict.0) {
                    *used = true;
                }
            }
            NodeKind::Question { answer_set: Some(set), .. } => {
                if let Some(used) = set_used.get_mut(set.0) {
                    *used = true;
                }
            }
            _ => {}
        }
    }

    for (verdict, used) in policy.verdicts.iter().zip(verdict_used) {
        if !used {
            let kind = ProblemKind::UnusedVerdict { verdict: verdict.id.clone() };
            problems.push(Problem::new(kind, verdict.span));
        }
    }
    for (set, used) in policy.answer_sets.iter().zip(set_used) {
        if let (Some(span), false) = (set.span, used) {
            problems.push(Problem::new(ProblemKind::UnusedAnswerSet { set: set.id.clone() }, span));
        }
    }

    // A question whose answer a recall uses decides something later, wherever it leads now.
    let mut recalled = vec![false; policy.nodes.len()];
    for node in &policy.nodes {
        if let NodeKind::Recall { question: Some(question), .. } = node.kind
            && let Some(flag) = recalled.get_mut(question.0)
        {
            *flag = true;
        }
    }

    for (node, recalled) in policy.nodes.iter().zip(recalled) {
        let NodeKind::Question { branches, .. } = &node.kind else { continue };
        if recalled {
            continue;
        }
        let mut targets = branches.iter().map(|branch| branch.and_then(|branch| branch.target));
        let Some(Some(first)) = targets.next() else { continue };
        if branches.len() >= 2 && targets.all(|target| target == Some(first)) {
            let target = policy.node(first).map(|target| target.id.clone()).unwrap_or_default();
            let kind = ProblemKind::PointlessQuestion { question: node.id.clone(), target };
            problems.push(Problem::new(kind, node.span));
        }
    }
}

/// Reports the warnings about texts: empty ones, and question texts without `?`.
pub(crate) fn check_texts(file: &ast::File, problems: &mut Vec<Problem>) {
    let mut empty = |what: &'static str, text: &Text| {
        if text.value.trim().is_empty() {
            problems.push(Problem::new(ProblemKind::EmptyText { what }, text.span));
        }
    };

    for decl in &file.declarations {
        match decl {
            Declaration::Policy(header) => {
                for field in &header.fields {
                    match &field.value {
                        HeaderValue::Title(text) => empty("title", text),
                        HeaderValue::Intro(text) => empty("intro", text),
                        HeaderValue::Source(text) => empty("source", text),
                        HeaderValue::Language(_) | HeaderValue::Start(_) => {}
                    }
                }
            }
            Declaration::Answers(ast::AnswersDecl { answers: entries, .. })
            | Declaration::Verdicts(ast::VerdictsDecl { verdicts: entries, .. }) => {
                for label in entries.iter().filter_map(|entry| entry.label.as_ref()) {
                    empty("label", label);
                }
            }
            Declaration::Question(question) => empty("question text", &question.text),
            Declaration::Step(step) => empty("step text", &step.text),
            Declaration::Outcome(outcome) => empty("outcome text", &outcome.text),
            Declaration::Recall(_) | Declaration::Scenario(_) | Declaration::Invariant(_) => {}
        }
        for item in decl.items() {
            match item {
                Item::Explain(text) => empty("explanation", text),
                Item::Law(text) => empty("legal reference", text),
                Item::Note(text) => empty("note", text),
                Item::Arm(_) | Item::Next(_) => {}
            }
        }
    }

    for decl in &file.declarations {
        let Declaration::Question(question) = decl else { continue };
        let text = question.text.value.trim_end();
        if !text.is_empty() && !text.ends_with('?') {
            problems.push(Problem::new(ProblemKind::NoQuestionMark, question.text.span));
        }
    }
}
