//! The Mermaid flowchart, which GitHub and GitLab draw from a Markdown code block.
//!
//! Questions are rounded boxes, steps plain boxes and outcomes boxes styled per verdict; a
//! recall is drawn as the recalled question again, with a dashed border. Every label is a
//! quoted string whose special characters are written as Mermaid's `#name;` entity codes.

use stroom_compiler::{NodeId, NodeKind, Policy};

use crate::flow;
use crate::text;
use crate::verdict::{self, Border};
use crate::words::Words;

/// The width, in columns, that labels are wrapped to.
const WIDTH: usize = 40;

/// The Mermaid flowchart of `policy`, ending in a line break.
pub fn mermaid(policy: &Policy) -> String {
    let words = Words::for_language(&policy.header.language);
    let order = flow::order(policy);
    let mut out = String::from("flowchart TD\n");

    // The nodes, in flow order so that Mermaid lays them out as a reader meets them.
    for &id in &order {
        let Some(node) = policy.node(id) else { continue };
        let mut lines = text::wrap(&node.text, WIDTH);
        let line = match &node.kind {
            NodeKind::Question { .. } => format!("{}({})", node_id(policy, id), label(&lines)),
            NodeKind::Step { .. } => format!("{}[{}]", node_id(policy, id), label(&lines)),
            NodeKind::Recall { .. } => {
                lines.push(words.recall_mark.to_string());
                format!("{}({}):::recall", node_id(policy, id), label(&lines))
            }
            NodeKind::Outcome { verdict } => {
                if !node.notes.is_empty() {
                    lines.push(format!("{}:", words.note));
                }
                for note in &node.notes {
                    lines.extend(text::wrap(&format!("• {note}"), WIDTH));
                }
                let class = verdict.map_or(String::new(), |v| format!(":::verdict_{}", v.0));
                format!("{}[{}]{class}", node_id(policy, id), label(&lines))
            }
        };
        out.push_str(&format!("    {line}\n"));
    }

    // The edges, labelled with the answer they are for.
    for &id in &order {
        let Some(node) = policy.node(id) else { continue };
        let answers = policy.answer_set_of(id).map(|set| &set.answers);
        for (answer, branch) in node.branches() {
            let Some(target) = branch.target else { continue };
            let arrow = match answers.and_then(|answers| answers.get(answer)) {
                Some(answer) => format!("-->|{}|", label(&text::wrap(&answer.label, WIDTH))),
                None => "-->".to_string(),
            };
            out.push_str(&format!(
                "    {} {arrow} {}\n",
                node_id(policy, id),
                node_id(policy, target)
            ));
        }
    }

    // The legend, and the classes that style outcomes by verdict.
    let used = verdict::used(policy);
    if !used.is_empty() {
        out.push_str(&format!("    subgraph legend [{}]\n", label(&[words.legend.to_string()])));
        out.push_str("        direction LR\n");
        for &verdict in &used {
            let Some(entry) = policy.verdict(verdict) else { continue };
            let lines = text::wrap(&entry.label, WIDTH);
            out.push_str(&format!(
                "        legend_{}[{}]:::verdict_{}\n",
                verdict.0,
                label(&lines),
                verdict.0
            ));
        }
        out.push_str("    end\n");
    }
    out.push_str("    classDef recall stroke-dasharray:6 4\n");
    for &verdict in &used {
        let look = verdict::look(verdict);
        let border = match look.border {
            Border::Solid => "stroke-width:1.5px",
            Border::Dashed => "stroke-width:2px,stroke-dasharray:8 4",
            Border::Bold => "stroke-width:4px",
            Border::Dotted => "stroke-width:2px,stroke-dasharray:2 3",
            Border::Double => "stroke-width:3px,stroke-dasharray:10 2 2 2",
        };
        out.push_str(&format!(
            "    classDef verdict_{} fill:{},stroke:{},color:#000000,{border}\n",
            verdict.0, look.fill, look.stroke
        ));
    }
    out
}

/// The Mermaid id of node `id`: its author's id with a prefix, so that it can be neither a
/// keyword such as `end` nor start with the `o` or `x` that Mermaid reads as an arrow head.
fn node_id(policy: &Policy, id: NodeId) -> String {
    match policy.node(id) {
        Some(node) => format!("n_{}", node.id),
        None => format!("n_{}", id.0),
    }
}

/// `lines` as one quoted Mermaid label, joined by line breaks.
fn label(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|line| escape(line)).collect();
    format!("\"{}\"", escaped.join("<br>"))
}

/// `text` escaped for a quoted Mermaid label: every character that Mermaid, its HTML labels
/// its directive syntax (`%%{`) or its edge labels (`|`) could read as markup becomes an
/// entity code.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text::clean(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '|' => out.push_str("#124;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_become_entity_codes() {
        assert_eq!(
            escape("\"a\" #1 <b> & `c` %%{init}%% | é"),
            "#quot;a#quot; #35;1 #lt;b#gt; #amp; #96;c#96; #37;#37;{init}#37;#37; #124; é"
        );
    }
}
