//! The Markdown document: title, intro, the diagram as a Mermaid block, the questions and
//! outcomes with their explanations, notes and legal references, and the decision table.
//!
//! Every text of the author is escaped, so that no policy can change the structure of the
//! document or put HTML into it.

use std::fmt::Write as _;

use stroom_compiler::{End, NodeId, NodeKind, Policy, Trace};

use crate::RenderError;
use crate::flow::{self, Numbers};
use crate::words::Words;

/// The most paths the decision table lists; more would make a table nobody reads, and the
/// number of paths can grow exponentially with the size of a policy.
pub const TABLE_LIMIT: usize = 500;

/// The Markdown document of `policy`.
///
/// Fails only for a policy with errors, whose paths cannot be listed.
pub fn markdown(policy: &Policy) -> Result<String, RenderError> {
    let words = Words::for_language(&policy.header.language);
    let order = flow::order(policy);
    let numbers = Numbers::new(policy, &order);
    let context = Context { policy, words, order: &order, numbers: &numbers };

    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", inline(&policy.header.title)));
    if let Some(intro) = &policy.header.intro {
        out.push_str(&format!("{}\n\n", inline(intro)));
    }
    out.push_str(&format!("```mermaid\n{}```\n", crate::mermaid::mermaid(policy)));

    context.questions(&mut out);
    context.outcomes(&mut out);
    context.table(&mut out)?;

    if let Some(source) = &policy.header.source {
        out.push_str(&format!("\n## {}\n\n{}\n", words.source, inline(source)));
    }
    Ok(out)
}

/// What the decision table shows for a question that a path does not ask.
const NOT_ASKED: &str = "–";

/// What every section needs.
struct Context<'a> {
    policy: &'a Policy,
    words: Words,
    order: &'a [NodeId],
    numbers: &'a Numbers,
}

impl Context<'_> {
    /// The questions, steps and recalls, in flow order, each with where its answers lead.
    fn questions(&self, out: &mut String) {
        let words = &self.words;
        out.push_str(&format!("\n## {}\n", words.questions));
        for (id, node) in self.nodes(false) {
            let number = self.numbers.of(id).unwrap_or_default();
            out.push_str(&format!("\n### {number}. {}\n", inline(&node.text)));

            match &node.kind {
                NodeKind::Question { .. } | NodeKind::Recall { .. } => {
                    if let NodeKind::Recall { question: Some(question), .. } = node.kind {
                        let recalled = self.numbers.of(question).unwrap_or_default();
                        out.push_str(&format!("\n{}\n", words.recall_sentence(recalled)));
                    }
                    out.push_str(&format!("\n| {} | {} |\n|---|---|\n", words.answer, words.next));
                    let answers = self.policy.answer_set_of(id).map(|set| &set.answers);
                    for (answer, branch) in node.branches() {
                        let label = answers.and_then(|answers| answers.get(answer));
                        let label = label.map_or(String::new(), |answer| inline(&answer.label));
                        out.push_str(&format!("| {label} | {} |\n", self.reference(branch.target)));
                    }
                }
                NodeKind::Step { next } => {
                    let target = next.and_then(|next| next.target);
                    out.push_str(&format!("\n**{}:** {}\n", words.next, self.reference(target)));
                }
                NodeKind::Outcome { .. } => {}
            }
            self.explanation_and_laws(out, node);
        }
    }

    /// The outcomes, in flow order, with their verdict, notes and legal references.
    fn outcomes(&self, out: &mut String) {
        let words = &self.words;
        out.push_str(&format!("\n## {}\n", words.outcomes));
        for (id, node) in self.nodes(true) {
            let number = self.numbers.of(id).unwrap_or_default();
            out.push_str(&format!("\n### {number}. {}\n", inline(&node.text)));
            if let Some(verdict) = verdict_label(self.policy, id) {
                out.push_str(&format!("\n**{}:** {verdict}\n", words.verdict));
            }
            if !node.notes.is_empty() {
                out.push_str(&format!("\n**{}:**\n\n", words.note));
                for note in &node.notes {
                    out.push_str(&format!("- {}\n", inline(note)));
                }
            }
            self.explanation_and_laws(out, node);
        }
    }

    /// The explanation and legal references of `node`, where it has them.
    fn explanation_and_laws(&self, out: &mut String, node: &stroom_compiler::Node) {
        if let Some(explanation) = &node.explanation {
            out.push_str(&format!("\n**{}:** {}\n", self.words.explanation, inline(explanation)));
        }
        if !node.laws.is_empty() {
            out.push_str(&format!("\n**{}:**\n\n", self.words.laws));
            for law in &node.laws {
                out.push_str(&format!("- {}\n", inline(law)));
            }
        }
    }

    /// The decision table: one row per path, a column per question, then the outcome and
    /// its verdict.
    fn table(&self, out: &mut String) -> Result<(), RenderError> {
        let list = stroom_compiler::paths(self.policy, TABLE_LIMIT)?;
        let questions: Vec<NodeId> = self
            .nodes(false)
            .filter(|(_, node)| matches!(node.kind, NodeKind::Question { .. }))
            .map(|(id, _)| id)
            .collect();
        let words = &self.words;

        out.push_str(&format!("\n## {}\n\n{}\n\n|", words.decision_table, words.table_intro));
        for &question in &questions {
            out.push_str(&format!(" {} |", self.numbers.of(question).unwrap_or_default()));
        }
        out.push_str(&format!(" {} | {} |\n|", words.outcome, words.verdict));
        out.push_str(&"---|".repeat(questions.len() + 2));
        out.push('\n');

        for trace in &list.paths {
            out.push('|');
            for &question in &questions {
                out.push_str(&format!(" {} |", self.answer_on(trace, question)));
            }
            let (outcome, verdict) = match trace.end {
                End::Outcome(id) => (
                    self.policy.node(id).map_or(String::new(), |node| {
                        let number = self.numbers.of(id).unwrap_or_default();
                        format!("{number}. {}", inline(&node.text))
                    }),
                    verdict_label(self.policy, id).unwrap_or_default(),
                ),
                End::Unanswered(_) => (String::new(), String::new()),
            };
            let _ = writeln!(out, " {outcome} | {verdict} |");
        }
        if !list.complete {
            out.push_str(&format!("\n{}\n", words.cut_short(list.paths.len())));
        }
        Ok(())
    }

    /// The label of the answer `question` got on `trace`, or a dash if it was not asked.
    fn answer_on(&self, trace: &Trace, question: NodeId) -> String {
        let visit = trace.visits.iter().find(|visit| visit.node == question);
        let answer = visit.and_then(|visit| visit.answer).and_then(|answer| {
            self.policy.answer_set_of(question).and_then(|set| set.answers.get(answer))
        });
        answer.map_or(NOT_ASKED.to_string(), |answer| inline(&answer.label))
    }

    /// The nodes in flow order: the outcomes, or everything else.
    fn nodes(&self, outcomes: bool) -> impl Iterator<Item = (NodeId, &stroom_compiler::Node)> + '_ {
        self.order.iter().filter_map(move |&id| {
            let node = self.policy.node(id)?;
            (node.is_outcome() == outcomes).then_some((id, node))
        })
    }

    /// How running text refers to the node `target`: its kind and number, then its text.
    fn reference(&self, target: Option<NodeId>) -> String {
        let Some((id, node)) = target.and_then(|id| Some((id, self.policy.node(id)?))) else {
            return String::new();
        };
        let word = match node.kind {
            NodeKind::Question { .. } | NodeKind::Recall { .. } => self.words.question_ref,
            NodeKind::Step { .. } => self.words.step_ref,
            NodeKind::Outcome { .. } => self.words.outcome_ref,
        };
        let number = self.numbers.of(id).unwrap_or_default();
        format!("{word} {number}: {}", inline(&node.text))
    }
}

/// The escaped label of the verdict of outcome `id`.
fn verdict_label(policy: &Policy, id: NodeId) -> Option<String> {
    match policy.node(id)?.kind {
        NodeKind::Outcome { verdict: Some(verdict) } => {
            Some(inline(&policy.verdict(verdict)?.label))
        }
        _ => None,
    }
}

/// `text` escaped to stand on its own inside a line of Markdown: in a heading, a paragraph,
/// a list item or a table cell.
///
/// HTML's special characters become entities; every character Markdown could read as markup
/// (emphasis, code, links, tables, headings, math, strikethrough) is escaped with a backslash;
/// a line break becomes `<br>`, so a text never ends its block; and what would open a list,
/// a quote or a rule at the start of a block is escaped.
pub fn inline(text: &str) -> String {
    let text = crate::text::clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '$' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    escape_block_start(out)
}

/// `text` without leading spaces, which could make it a code block, and with a backslash
/// before what would make it a list item, a rule, a setext underline or an ordered list item.
fn escape_block_start(text: String) -> String {
    let text = text.trim_start_matches(' ').to_string();
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let after_digits = text.chars().nth(digits);
    let first = text.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        format!("\\{text}")
    } else if digits > 0 && matches!(after_digits, Some('.' | ')')) {
        let (number, rest) = text.split_at(digits);
        format!("{number}\\{rest}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markup_are_escaped() {
        assert_eq!(
            inline("<b>a & *b*</b> | `c` [d](e) #f"),
            "&lt;b&gt;a &amp; \\*b\\*&lt;/b&gt; \\| \\`c\\` \\[d\\](e) \\#f"
        );
        assert_eq!(inline("$g$ ~h~ \\ !"), "\\$g\\$ \\~h\\~ \\\\ \\!");
    }

    #[test]
    fn a_line_break_cannot_end_the_block() {
        assert_eq!(inline("a\n# b\n- c"), "a<br>\\# b<br>- c");
    }

    #[test]
    fn block_openers_at_the_start_are_escaped() {
        assert_eq!(inline("- a"), "\\- a");
        assert_eq!(inline("+ a"), "\\+ a");
        assert_eq!(inline("==="), "\\===");
        assert_eq!(inline("1986. a"), "1986\\. a");
        assert_eq!(inline("12) a"), "12\\) a");
        assert_eq!(inline("12 a-b. c"), "12 a-b. c");
        assert_eq!(inline("    code"), "code");
        assert_eq!(inline("  - a"), "\\- a");
    }
}
