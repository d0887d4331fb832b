//! The Graphviz DOT diagram: the flowchart as it would be printed on a flyer.
//!
//! The questions stand on a vertical main line, which follows from the start the first
//! answer that leads on to another question or step. Each answer is an edge labelled with
//! the answer's label; an outcome that only one edge leads to stands beside the node it comes
//! from. Outcomes are coloured by verdict, each colour paired with a border style so that a
//! grey-scale print keeps them apart, and a legend at the bottom names the verdicts. Notes
//! stand in their outcome's box under "Let op" ("Note"); the title and intro are at the top,
//! the source at the bottom. Legal references are left to the Markdown document.
//!
//! Every label is an HTML-like label with `&`, `<`, `>` and `"` escaped, and every id a
//! quoted string; policy nodes keep their author's ids, and the few nodes the diagram adds
//! have ids with a colon, which an author's id cannot contain.

use stroom_compiler::{Node, NodeId, NodeKind, Policy};

use crate::flow;
use crate::text;
use crate::verdict::{self, Border, Look};
use crate::words::Words;

/// A widely available sans-serif font, with fallbacks for Graphviz's font lookup and for
/// SVG viewers.
const FONT: &str = "Helvetica,Arial,sans-serif";

/// The width, in columns, that node texts are wrapped to.
const NODE_WIDTH: usize = 48;

/// The width, in columns, that the title is wrapped to.
const TITLE_WIDTH: usize = 48;

/// The width, in columns, that the intro and the source are wrapped to.
const INTRO_WIDTH: usize = 80;

/// The largest drawing, in inches, that fits an A4 page (8.27 by 11.69 inches) in portrait:
/// Graphviz scales a larger drawing down to it, and its PDF adds half an inch on each side.
const SIZE: &str = "7.2,10.6";

/// The DOT source of the diagram of `policy`, ending in a line break.
pub fn dot(policy: &Policy) -> String {
    let words = Words::for_language(&policy.header.language);
    let line = main_line(policy);
    let position = positions(policy, &line);
    let on_line = |id: NodeId| position.get(id.0).is_some_and(Option::is_some);
    let mut out = String::new();

    // The graph and its defaults.
    out.push_str(&format!("digraph {} {{\n", quote(&policy.id)));
    out.push_str(&format!(
        "    graph [fontname={font}, size={size}, newrank=true, ranksep=0.3, nodesep=0.35, \
         pad=0.2, labelloc=b, labeljust=c, fontsize=9, label=<{source}>]\n",
        font = quote(FONT),
        size = quote(SIZE),
        source = source_label(policy, &words),
    ));
    out.push_str(&format!(
        "    node [fontname={}, fontsize=11, shape=box, style=filled, fillcolor=white, \
         color=\"#333333\", margin=\"0.15,0.08\"]\n",
        quote(FONT)
    ));
    out.push_str(&format!(
        "    edge [fontname={}, fontsize=10, color=\"#333333\", arrowsize=0.8]\n",
        quote(FONT)
    ));

    // The flowchart is one borderless cluster, so that the title and intro, as its label,
    // are centred above all of it.
    out.push_str(&format!(
        "    subgraph \"cluster:flowchart\" {{\n    graph [peripheries=0, labelloc=t, fontsize=11, \
         label=<{}<BR/> >]\n",
        title_label(policy)
    ));

    // The nodes, in flow order.
    let order = flow::order(policy);
    for &id in &order {
        let Some(node) = policy.node(id) else { continue };
        let group = if on_line(id) { ", group=main" } else { "" };
        out.push_str(&format!(
            "    {} [{}{group}, label=<{}>]\n",
            node_ref(policy, id),
            node_style(node),
            node_label(policy, node, &words)
        ));
    }

    // The edges: along the main line straight down, others labelled beside it.
    for &id in &order {
        let Some(node) = policy.node(id) else { continue };
        let answers = policy.answer_set_of(id).map(|set| &set.answers);
        for (answer, branch) in node.branches() {
            let Some(target) = branch.target else { continue };
            let label = answers
                .and_then(|answers| answers.get(answer))
                .map_or(String::new(), |answer| format!(", label=<{}>", lines(&answer.label, 20)));
            let next_on_line =
                position.get(id.0).copied().flatten().and_then(|at| line.get(at + 1));
            let follows = next_on_line == Some(&target);
            let weight = if follows { ", weight=100" } else { "" };
            out.push_str(&format!(
                "    {} -> {} [class=\"branch\"{weight}{label}]\n",
                node_ref(policy, id),
                node_ref(policy, target)
            ));
        }
    }

    // Outcomes beside the main line, each level with the lowest node on the line that leads
    // to it.
    for (id, beside) in beside_line(policy, &line, &position) {
        out.push_str(&format!(
            "    {{ rank=same; {}; {} }}\n",
            node_ref(policy, beside),
            node_ref(policy, id)
        ));
    }

    legend(policy, &line, &words, &mut out);
    out.push_str("    }\n}\n");
    out
}

/// The main line: from the start, at each node the first edge that leads on to a node that
/// is not an outcome, or else the first edge; it ends at an outcome or where every edge
/// leads back onto the line.
fn main_line(policy: &Policy) -> Vec<NodeId> {
    let mut line = Vec::new();
    let mut on_line = vec![false; policy.nodes.len()];
    let mut at = policy.start;
    while let Some(id) = at {
        match on_line.get_mut(id.0) {
            Some(flag) if !*flag => *flag = true,
            _ => break,
        }
        line.push(id);
        let Some(node) = policy.node(id) else { break };
        let fresh: Vec<NodeId> =
            node.successors().filter(|next| on_line.get(next.0) == Some(&false)).collect();
        let goes_on = |next: &&NodeId| policy.node(**next).is_some_and(|node| !node.is_outcome());
        at = fresh.iter().find(goes_on).or(fresh.first()).copied();
    }
    line
}

/// For every node index, its position on the main line, if it is on it.
fn positions(policy: &Policy, line: &[NodeId]) -> Vec<Option<usize>> {
    let mut position = vec![None; policy.nodes.len()];
    for (at, id) in line.iter().enumerate() {
        if let Some(slot) = position.get_mut(id.0) {
            *slot = Some(at);
        }
    }
    position
}

/// The outcomes off the main line that only nodes on the line lead to, each with the lowest
/// of those nodes, in the order of the line; `position` is the line's [`positions`].
fn beside_line(
    policy: &Policy,
    line: &[NodeId],
    position_of: &[Option<usize>],
) -> Vec<(NodeId, NodeId)> {
    // For every node, the position on the line of the lowest node leading to it, or `None`
    // once a node off the line leads to it too.
    let mut lowest: Vec<Option<Option<usize>>> = vec![Some(None); policy.nodes.len()];
    for from in policy.node_ids() {
        let Some(node) = policy.node(from) else { continue };
        let position = position_of.get(from.0).copied().flatten();
        for next in node.successors() {
            if let Some(slot) = lowest.get_mut(next.0) {
                *slot = match (*slot, position) {
                    (Some(before), Some(position)) => Some(before.max(Some(position))),
                    _ => None,
                };
            }
        }
    }

    let mut beside: Vec<(usize, NodeId)> = policy
        .node_ids()
        .filter(|id| position_of.get(id.0).copied().flatten().is_none())
        .filter(|id| policy.node(*id).is_some_and(Node::is_outcome))
        .filter_map(|id| Some((lowest.get(id.0).copied().flatten().flatten()?, id)))
        .collect();
    beside.sort();
    beside.into_iter().filter_map(|(position, id)| Some((id, *line.get(position)?))).collect()
}

/// The attributes that give `node` its shape and look, with its class for SVG styling.
fn node_style(node: &Node) -> String {
    match node.kind {
        NodeKind::Question { .. } => {
            "class=\"question\", style=\"rounded,filled\", penwidth=1.5".to_string()
        }
        NodeKind::Recall { .. } => {
            "class=\"recall\", style=\"rounded,filled,dashed\", penwidth=1.5".to_string()
        }
        NodeKind::Step { .. } => "class=\"step\", penwidth=1.2".to_string(),
        NodeKind::Outcome { verdict: Some(verdict) } => {
            format!("class=\"outcome\", {}", outcome_style(verdict::look(verdict)))
        }
        NodeKind::Outcome { verdict: None } => "class=\"outcome\"".to_string(),
    }
}

/// The fill and border of an outcome with the look `look`.
fn outcome_style(look: Look) -> String {
    let border = match look.border {
        Border::Solid => "style=filled, penwidth=1.2",
        Border::Dashed => "style=\"filled,dashed\", penwidth=2.2",
        Border::Bold => "style=filled, penwidth=3.5",
        Border::Dotted => "style=\"filled,dotted\", penwidth=2.8",
        Border::Double => "style=filled, penwidth=1.2, peripheries=2",
    };
    format!("fillcolor=\"{}\", color=\"{}\", {border}", look.fill, look.stroke)
}

/// The label of `node`: its text, and under it a question's explanation, a recall's mark or
/// an outcome's notes.
fn node_label(policy: &Policy, node: &Node, words: &Words) -> String {
    let text = lines(&node.text, NODE_WIDTH);
    let extra = match &node.kind {
        NodeKind::Question { .. } | NodeKind::Step { .. } => node
            .explanation
            .as_ref()
            .map(|explanation| format!("<I>{}</I>", lines(explanation, NODE_WIDTH + 6))),
        NodeKind::Recall { .. } => Some(format!("<I>{}</I>", escape(words.recall_mark))),
        NodeKind::Outcome { .. } if node.notes.is_empty() => None,
        NodeKind::Outcome { .. } => {
            let notes: Vec<String> = node
                .notes
                .iter()
                .map(|note| format!("• {}", lines_left(note, NODE_WIDTH + 4)))
                .collect();
            Some(format!(
                "<B>{}:</B><BR ALIGN=\"LEFT\"/>{}<BR ALIGN=\"LEFT\"/>",
                escape(words.note),
                notes.join("<BR ALIGN=\"LEFT\"/>")
            ))
        }
    };
    let _ = policy;
    match extra {
        None => text,
        Some(extra) => format!(
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">\
             <TR><TD>{text}</TD></TR><HR/>\
             <TR><TD><FONT POINT-SIZE=\"10\">{extra}</FONT></TD></TR></TABLE>"
        ),
    }
}

/// The title in bold and the intro under it.
fn title_label(policy: &Policy) -> String {
    let title = format!(
        "<FONT POINT-SIZE=\"18\"><B>{}</B></FONT>",
        lines(&policy.header.title, TITLE_WIDTH)
    );
    match &policy.header.intro {
        Some(intro) => format!("{title}<BR/><BR/>{}", lines(intro, INTRO_WIDTH)),
        None => title,
    }
}

/// The source, as the graph's label at the bottom; empty without one.
fn source_label(policy: &Policy, words: &Words) -> String {
    match &policy.header.source {
        Some(source) => lines(&format!("{}: {source}", words.source), INTRO_WIDTH),
        None => String::new(),
    }
}

/// The legend: for each verdict that some outcome has, a swatch with its fill and border
/// and its label, in one table beside the last node of the main line.
fn legend(policy: &Policy, line: &[NodeId], words: &Words, out: &mut String) {
    let used = verdict::used(policy);
    if used.is_empty() {
        return;
    }
    let mut rows =
        format!("<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>{}</B></TD></TR>", escape(words.legend));
    for verdict in used {
        let Some(entry) = policy.verdict(verdict) else { continue };
        rows.push_str(&format!(
            "<TR><TD>{}</TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            swatch(verdict::look(verdict)),
            lines(&entry.label, 30)
        ));
    }
    out.push_str(&format!(
        "    \"legend:\" [class=\"legend\", shape=plaintext, style=\"\", label=<<TABLE \
         BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"2\">{rows}</TABLE>>]\n"
    ));

    // To the right of the end of the main line, where the flow is narrowest; a row of its
    // own would make the page taller. An edge within a rank runs from left to right.
    if let Some(&last) = line.last() {
        let last = node_ref(policy, last);
        out.push_str(&format!("    {{ rank=same; {last}; \"legend:\" }}\n"));
        out.push_str(&format!("    {last} -> \"legend:\" [style=invis]\n"));
    }
}

/// A small box with the fill and border of `look`, as a table cell's content.
fn swatch(look: Look) -> String {
    let cell = |border: &str, style: &str| {
        format!(
            "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD WIDTH=\"36\" \
             HEIGHT=\"18\" BGCOLOR=\"{}\" COLOR=\"{}\" BORDER=\"{border}\"\
             {style}></TD></TR></TABLE>",
            look.fill, look.stroke
        )
    };
    match look.border {
        Border::Solid => cell("1", ""),
        Border::Dashed => cell("2", " STYLE=\"dashed\""),
        Border::Bold => cell("3", ""),
        Border::Dotted => cell("3", " STYLE=\"dotted\""),
        Border::Double => format!(
            "<TABLE BORDER=\"1\" COLOR=\"{}\" CELLSPACING=\"2\" CELLPADDING=\"0\"><TR><TD \
             WIDTH=\"30\" HEIGHT=\"12\" BGCOLOR=\"{}\" COLOR=\"{}\" \
             BORDER=\"1\"></TD></TR></TABLE>",
            look.stroke, look.fill, look.stroke
        ),
    }
}

/// The quoted DOT id of node `id`.
fn node_ref(policy: &Policy, id: NodeId) -> String {
    match policy.node(id) {
        Some(node) => quote(&node.id),
        None => quote(&format!("node:{}", id.0)),
    }
}

/// `text` wrapped to `width` and escaped, its lines centred.
fn lines(text: &str, width: usize) -> String {
    let lines: Vec<String> = text::wrap(text, width).iter().map(|line| escape(line)).collect();
    lines.join("<BR/>")
}

/// `text` wrapped to `width` and escaped, its lines aligned left, without a break after the
/// last line.
fn lines_left(text: &str, width: usize) -> String {
    let lines: Vec<String> = text::wrap(text, width).iter().map(|line| escape(line)).collect();
    lines.join("<BR ALIGN=\"LEFT\"/>  ")
}

/// `text` as a DOT quoted string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text::clean(text).chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` escaped for an HTML-like label: the characters that HTML gives a meaning, and `]`,
/// become entities.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text::clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Graphviz 2.43 drops a line of text that is a lone `]`; as a character
            // reference it is kept.
            ']' => out.push_str("&#93;"),
            // Graphviz reads backslash escapes even in HTML-like labels, after decoding
            // character references, so `\\n` would lose a backslash; a doubled backslash
            // stands for one.
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("<BR/>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_characters_become_entities() {
        assert_eq!(
            escape("a & <b> \"c\" \\ | {d} [e] é"),
            "a &amp; &lt;b&gt; &quot;c&quot; \\\\ | {d} [e&#93; é"
        );
    }

    #[test]
    fn quoted_ids_escape_quotes_and_backslashes() {
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
