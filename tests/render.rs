//! The documents `stroom render` and `stroom docs` generate: snapshots of the Markdown,
//! Mermaid and DOT of the flyer and of small policies with every construct; properties of
//! random policies (the diagram has one node per node and one edge per branch, every text
//! survives escaping, the Markdown keeps its structure, Graphviz accepts the diagram); the
//! flyer's SVG; and the commands' files and exit codes.
//!
//! The tests that draw with Graphviz need its `dot` program, which `.ci/run` installs.

use std::path::Path;

use proptest::prelude::*;
use stroom_compiler::{NodeKind, Policy};

use crate::support::{RECALL, Run, Scratch, flyer, stroom};

/// The example of the language reference: English, a three-answer question with an
/// explanation, a step with a legal reference, a recall, and an outcome with a note.
const STAFF_SHELF: &str = r#"policy staff_shelf {
    title "May I borrow from the staff shelf?"
    intro "Staff shelf books are lent on the conditions below."
    source "House rules of the library, section 4"
    language en
    start member
}

answers membership {
    adult "Adult member"
    youth "Youth member"
    none  "Not a member"
}

verdicts {
    lend   "Lend"
    refuse "Refuse"
}

question member (membership) "What membership does the visitor have?" {
    explain "Ask for the library card."
    adult -> reference_only
    youth -> reference_only
    none  -> refused
}

question reference_only "Is the book marked \"reference only\"?" {
    yes -> refused
    no  -> scan_card
}

step scan_card "Scan the card and note the due date." {
    law "House rules, art. 4.2"
    -> by_membership
}

recall by_membership on member {
    adult -> lent
    youth -> lent_with_consent
}

outcome lent (lend) "Lend the book for three weeks."

outcome lent_with_consent (lend)
    "Lend the book for one week,"
    "with the consent of a parent."
{
    note "Ask for the signed consent form."
}

outcome refused (refuse) "The book stays in the library."
"#;

/// The same constructs in Dutch, with the built-in `yes_no` labelled "Ja" and "Nee", a
/// regional language tag, explanations and laws on every kind of node that takes them, and
/// an outcome with two notes.
const BIBLIOTHEEK: &str = r#"policy bibliotheek {
    title "Mag ik een boek van de personeelsplank lenen?"
    intro "Boeken van de personeelsplank worden onder deze voorwaarden uitgeleend."
    source "Huisregels van de bibliotheek, artikel 4"
    language nl-BE
    start lid
}

answers lidmaatschap {
    volwassen "Volwassen lid"
    jeugd     "Jeugdlid"
    geen      "Geen lid"
}

verdicts {
    lenen    "Uitlenen"
    weigeren "Weigeren"
}

question lid (lidmaatschap) "Wat voor lid is de bezoeker?" {
    explain "Vraag naar de bibliotheekpas."
    law "Huisregels, art. 2"
    volwassen -> naslagwerk
    jeugd     -> naslagwerk
    geen      -> geweigerd
}

question naslagwerk "Staat er ‘alleen inzage’ op het boek?" {
    yes -> geweigerd
    no  -> pas_scannen
}

step pas_scannen "Scan de pas en noteer de inleverdatum." {
    explain "De datum staat op het bonnetje."
    law "Huisregels, art. 4.2"
    -> per_lid
}

recall per_lid on lid {
    volwassen -> uitgeleend
    jeugd     -> uitgeleend_met_toestemming
}

outcome uitgeleend (lenen) "Leen het boek drie weken uit."

outcome uitgeleend_met_toestemming (lenen)
    "Leen het boek één week uit,"
    "met toestemming van een ouder."
{
    note "Vraag om het getekende toestemmingsformulier."
    note "Noteer de naam van de ouder."
    law "Huisregels, art. 5"
    explain "Jeugdleden lenen korter."
}

outcome geweigerd (weigeren) "Het boek blijft in de bibliotheek."
"#;

/// Texts with every character that Markdown, HTML, Mermaid or DOT could read as markup.
const ESCAPES: &str = r#"policy escapes {
    title "A \"quoted\" <b>title</b> & a \\ backslash"
    intro "- not a list\n# not a heading\n1. not a numbered list | not a cell"
    source "https://example.org/a_b*c*?x=1&y=<2>"
    language de
    start first
}

answers odd {
    pipe  "A | B"
    brace "{C} [D]"
}

verdicts {
    fine "`code` *emphasis* _under_"
    odd  "%%{init: {}}%% #35; &amp;"
}

question first (odd) "Is <script>alert(1)</script> here?" {
    explain "Line one\nline two\twith a tab"
    law "Art. 1 $x$ ~strike~ ![image](x)"
    pipe  -> second
    brace -> done
}

question second "Does it say \"end\"; end --> x?" {
    yes -> done
    no  -> other
}

outcome done (fine) "Zürich ✓ 中文 — done"
outcome other (odd) "=== not an underline" {
    note "*** not a rule"
}
"#;

/// Runs `stroom render` on the policy `text` in a temporary folder, with `format`, and
/// returns standard output.
fn render_text(text: &str, format: &str) -> String {
    let scratch = Scratch::new();
    scratch.write("p.policy", text);
    scratch.run(["render", "p.policy", "--format", format]).code(0).stdout
}

/// Runs `stroom render` on the flyer with `format`.
fn render_flyer(format: &str) -> Run {
    let flyer = flyer();
    stroom(["render".as_ref(), flyer.as_os_str(), "--format".as_ref(), format.as_ref()])
}

/// Runs `stroom render` on the flyer with `format` and returns standard output as bytes.
fn render_flyer_bytes(format: &str) -> Vec<u8> {
    let output = assert_cmd::Command::cargo_bin("stroom")
        .unwrap()
        .args(["render".as_ref(), flyer().as_os_str(), "--format".as_ref(), format.as_ref()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// Compiles `source`, which must have no errors.
fn compile(source: &str) -> Policy {
    let compiled = stroom_compiler::compile(source).unwrap();
    assert!(!compiled.has_errors(), "{:?}\n{source}", compiled.problems);
    compiled.policy
}

/// Whether Graphviz's `dot` can be run.
fn dot_installed() -> bool {
    std::process::Command::new("dot").arg("-V").output().is_ok_and(|out| out.status.success())
}

/// Fails with a hint when Graphviz is missing, for the tests that must draw.
fn require_dot() {
    assert!(dot_installed(), "these tests need Graphviz: apt-get install graphviz");
}

/// `text` with every run of white space made one space, and trimmed.
fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// Snapshots

#[test]
fn flyer_documents() {
    for format in ["markdown", "mermaid", "dot"] {
        let run = render_flyer(format).code(0);
        assert_eq!(run.stderr, "");
        insta::assert_snapshot!(format!("flyer_{format}"), run.stdout);
    }
}

#[test]
fn small_policy_documents() {
    let policies = [
        ("staff_shelf", STAFF_SHELF),
        ("bibliotheek", BIBLIOTHEEK),
        ("recall", RECALL),
        ("escapes", ESCAPES),
    ];
    for (name, text) in policies {
        for format in ["markdown", "mermaid", "dot"] {
            insta::assert_snapshot!(format!("{name}_{format}"), render_text(text, format));
        }
    }
}

#[test]
fn documents_are_deterministic() {
    for format in ["markdown", "mermaid", "dot", "svg", "png"] {
        if format == "svg" || format == "png" {
            require_dot();
        }
        let first = render_flyer_bytes(format);
        assert!(first == render_flyer_bytes(format), "{format} differs between runs");
    }
}

#[test]
fn fixed_words_follow_the_language() {
    let dutch = render_text(BIBLIOTHEEK, "markdown");
    for word in ["## Vragen", "## Uitkomsten", "## Beslistabel", "## Bron", "**Let op:**"] {
        assert!(dutch.contains(word), "no {word:?} in:\n{dutch}");
    }
    assert!(dutch.contains("| Ja |") && dutch.contains("**Wetgeving:**"));
    // German has no words of its own: English is the fallback.
    let german = render_text(ESCAPES, "markdown");
    for word in ["## Questions", "## Outcomes", "## Decision table", "## Source", "**Note:**"] {
        assert!(german.contains(word), "no {word:?} in:\n{german}");
    }
    assert!(render_text(BIBLIOTHEEK, "dot").contains("<B>Legenda</B>"));
    assert!(render_text(STAFF_SHELF, "dot").contains("<B>Legend</B>"));
}

#[test]
fn decision_table_says_when_it_is_cut_short() {
    // Nine questions of three answers, each answer leading to the next: 3^9 paths.
    let mut text = String::from(
        "policy wide { title \"W\" language en source \"s\" start q0 }\n\
         verdicts { v }\nanswers three { a b c }\noutcome end (v) \"End\"\n",
    );
    for index in 0..9 {
        let next = if index == 8 { "end".to_string() } else { format!("q{}", index + 1) };
        text.push_str(&format!(
            "question q{index} (three) \"Q{index}?\" {{ a -> {next} b -> {next} c -> {next} }}\n"
        ));
    }
    let markdown = render_text(&text, "markdown");
    let rows = markdown.lines().filter(|line| line.ends_with("| v |")).count();
    assert_eq!(rows, stroom_render::TABLE_LIMIT);
    assert!(markdown.contains("The table is cut short: it lists only the first 500 paths."));
}

// Random policies

/// Pieces of text, among them every character some output format treats specially.
const PIECES: &[&str] = &[
    "a", "word", " ", " ", "é", "Zürich", "✓", "中文", "\"", "\\", "<", ">", "<b>", "&", "&amp;",
    "|", "{", "}", "[", "]", "(", ")", "*", "_", "#", "`", "```", "$", "~", "%%", "!", "-", "1.",
    "\n", "#quot;", "<BR/>", ";", "->", "-->", "\\n",
];

/// A random text: never empty, since an empty one is only warned about and says nothing.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..8)
        .prop_map(|pieces| format!("T{}", pieces.concat()))
}

/// `text` as a string literal of the policy language.
fn literal(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// A random policy and what its diagram must show.
#[derive(Debug, Clone)]
struct Generated {
    source: String,
    title: String,
    /// Every node: id and text.
    nodes: Vec<(String, String)>,
    /// Every edge: from, to and the answer label, if any.
    edges: Vec<(String, String, Option<String>)>,
    /// The notes of the outcomes.
    notes: Vec<String>,
    /// The labels of the verdicts that outcomes have.
    verdicts: Vec<String>,
}

/// The number of outcomes a random policy may lead to.
const OUTCOMES: usize = 3;

/// A random policy: questions of two or three answers and steps, each leading by its first
/// edge to the next node (so every node is reachable), the other edges to any later node or
/// outcome; with random texts everywhere.
fn generated() -> impl Strategy<Value = Generated> {
    let node = (0usize..3, text(), proptest::collection::vec(any::<prop::sample::Index>(), 3));
    let outcome = (text(), proptest::collection::vec(text(), 0..3));
    (
        proptest::collection::vec(node, 1..=5),
        proptest::collection::vec(outcome, OUTCOMES),
        proptest::collection::vec(text(), 5),
        proptest::collection::vec(text(), 2),
        text(),
    )
        .prop_map(|(nodes, outcomes, labels, verdict_labels, title)| {
            let count = nodes.len();
            let mut body = String::new();
            let mut used = [false; OUTCOMES];
            let mut expected_nodes = Vec::new();
            let mut edges = Vec::new();
            let target = |index: usize, pick: usize, used: &mut [bool; OUTCOMES]| {
                if index + 1 + pick < count {
                    format!("n{}", index + 1 + pick)
                } else {
                    let outcome = index + 1 + pick - count;
                    used[outcome] = true;
                    format!("o{outcome}")
                }
            };
            for (index, (kind, text, picks)) in nodes.iter().enumerate() {
                let id = format!("n{index}");
                expected_nodes.push((id.clone(), text.clone()));
                if *kind == 0 {
                    let next = target(index, 0, &mut used);
                    body.push_str(&format!("step {id} {} {{ -> {next} }}\n", literal(text)));
                    edges.push((id, next, None));
                    continue;
                }
                let (set, answers) = if *kind == 1 { ("two", 2) } else { ("three", 3) };
                body.push_str(&format!("question {id} ({set}) {} {{\n", literal(text)));
                for (arm, answer) in ["a", "b", "c"].iter().take(answers).enumerate() {
                    let later = count - index - 1 + OUTCOMES;
                    let pick = if arm == 0 { 0 } else { picks[arm].index(later) };
                    let next = target(index, pick, &mut used);
                    body.push_str(&format!("    {answer} -> {next}\n"));
                    let label = if set == "two" { &labels[arm] } else { &labels[2 + arm] };
                    edges.push((id.clone(), next, Some(label.clone())));
                }
                body.push_str("}\n");
            }
            let mut notes = Vec::new();
            let mut verdicts = Vec::new();
            for (index, (text, outcome_notes)) in outcomes.iter().enumerate() {
                if !used[index] {
                    continue;
                }
                let id = format!("o{index}");
                let verdict = index % 2;
                body.push_str(&format!("outcome {id} (v{verdict}) {} {{\n", literal(text)));
                for note in outcome_notes {
                    body.push_str(&format!("    note {}\n", literal(note)));
                }
                body.push_str("}\n");
                expected_nodes.push((id, text.clone()));
                notes.extend(outcome_notes.iter().cloned());
                verdicts.push(verdict_labels[verdict].clone());
            }
            let source = format!(
                "policy p {{ title {} language en source \"s\" start n0 }}\n\
                 verdicts {{ v0 {} v1 {} }}\n\
                 answers two {{ a {} b {} }}\n\
                 answers three {{ a {} b {} c {} }}\n{body}",
                literal(&title),
                literal(&verdict_labels[0]),
                literal(&verdict_labels[1]),
                literal(&labels[0]),
                literal(&labels[1]),
                literal(&labels[2]),
                literal(&labels[3]),
                literal(&labels[4]),
            );
            Generated { source, title, nodes: expected_nodes, edges, notes, verdicts }
        })
}

/// A token of the DOT language.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// A name, number or quoted string, unquoted.
    Id(String),
    /// An HTML-like label, without its outer angle brackets.
    Html(String),
    /// `->`.
    Arrow,
    /// One of `{ } [ ] = ; ,`.
    Punct(char),
}

/// The tokens of `dot`. Panics on text that is not DOT.
fn tokens(dot: &str) -> Vec<Token> {
    let chars: Vec<char> = dot.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c.is_whitespace() {
            at += 1;
        } else if c == '"' {
            let mut value = String::new();
            at += 1;
            while chars[at] != '"' {
                if chars[at] == '\\' && chars[at + 1] == '"' {
                    at += 1;
                }
                value.push(chars[at]);
                at += 1;
            }
            at += 1;
            tokens.push(Token::Id(value));
        } else if c == '<' {
            let (mut depth, start) = (0, at);
            loop {
                match chars[at] {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    _ => {}
                }
                at += 1;
                if depth == 0 {
                    break;
                }
            }
            tokens.push(Token::Html(chars[start + 1..at - 1].iter().collect()));
        } else if c == '-' && chars.get(at + 1) == Some(&'>') {
            tokens.push(Token::Arrow);
            at += 2;
        } else if "{}[]=;,".contains(c) {
            tokens.push(Token::Punct(c));
            at += 1;
        } else {
            let start = at;
            while at < chars.len() && (chars[at].is_alphanumeric() || "_.".contains(chars[at])) {
                at += 1;
            }
            assert!(at > start, "unexpected {c:?} in DOT");
            tokens.push(Token::Id(chars[start..at].iter().collect()));
        }
    }
    tokens
}

/// A statement of a DOT graph.
#[derive(Debug)]
enum Statement {
    /// A node with its attributes.
    Node(String, Vec<(String, Token)>),
    /// An edge with its attributes.
    Edge(String, String, Vec<(String, Token)>),
    /// Defaults for the graph, nodes or edges.
    Defaults(Vec<(String, Token)>),
}

/// The statements of the DOT graph `dot`, of its subgraphs included.
fn statements(dot: &str) -> Vec<Statement> {
    let tokens = tokens(dot);
    let mut statements = Vec::new();
    let mut at = 0;
    let attributes = |at: &mut usize| {
        let mut list = Vec::new();
        if tokens.get(*at) != Some(&Token::Punct('[')) {
            return list;
        }
        *at += 1;
        while tokens[*at] != Token::Punct(']') {
            match (&tokens[*at], &tokens[*at + 1], &tokens[*at + 2]) {
                (Token::Id(key), Token::Punct('='), value) => {
                    list.push((key.clone(), value.clone()))
                }
                other => panic!("not an attribute: {other:?}"),
            }
            *at += 3;
            if tokens[*at] == Token::Punct(',') {
                *at += 1;
            }
        }
        *at += 1;
        list
    };
    while at < tokens.len() {
        match (&tokens[at], tokens.get(at + 1)) {
            (Token::Id(keyword), Some(Token::Id(_)))
                if keyword == "digraph" || keyword == "subgraph" =>
            {
                at += 2;
            }
            (Token::Id(keyword), Some(Token::Punct('[')))
                if ["graph", "node", "edge"].contains(&keyword.as_str()) =>
            {
                at += 1;
                statements.push(Statement::Defaults(attributes(&mut at)));
            }
            (Token::Id(_), Some(Token::Punct('='))) => at += 3,
            (Token::Id(from), Some(Token::Arrow)) => {
                let Token::Id(to) = &tokens[at + 2] else { panic!("edge to {:?}", tokens[at + 2]) };
                let (from, to) = (from.clone(), to.clone());
                at += 3;
                statements.push(Statement::Edge(from, to, attributes(&mut at)));
            }
            (Token::Id(id), _) => {
                let id = id.clone();
                at += 1;
                statements.push(Statement::Node(id, attributes(&mut at)));
            }
            (Token::Punct(_), _) => at += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    statements
}

/// The value of attribute `key`, if given.
fn attribute<'a>(attributes: &'a [(String, Token)], key: &str) -> Option<&'a Token> {
    attributes.iter().find(|(name, _)| name == key).map(|(_, value)| value)
}

/// The text a label shows: tags dropped, entities decoded, white space made single spaces.
fn shown(label: Option<&Token>) -> String {
    let Some(Token::Html(html)) = label else { return String::new() };
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    // Graphviz reads a doubled backslash as one.
    let decoded = text
        .replace("\\\\", "\\")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#93;", "]")
        .replace("&amp;", "&");
    normal(&decoded)
}

/// The classes of the nodes the policy declares, as the diagram marks them.
const NODE_CLASSES: [&str; 4] = ["question", "step", "recall", "outcome"];

proptest! {
    #[test]
    fn diagram_has_one_node_per_node_and_one_edge_per_branch(generated in generated()) {
        let policy = compile(&generated.source);
        let dot = stroom_render::dot(&policy);
        let statements = statements(&dot);

        let mut nodes: Vec<(String, String)> = statements
            .iter()
            .filter_map(|statement| match statement {
                Statement::Node(id, attributes) => {
                    let class = attribute(attributes, "class")?;
                    let is_node = matches!(
                        class,
                        Token::Id(class) if NODE_CLASSES.contains(&class.as_str())
                    );
                    is_node.then(|| (id.clone(), shown(attribute(attributes, "label"))))
                }
                _ => None,
            })
            .collect();
        nodes.sort();
        let mut expected = generated.nodes.clone();
        expected.sort();
        prop_assert_eq!(nodes.len(), expected.len());
        for ((id, label), (expected_id, text)) in nodes.iter().zip(&expected) {
            prop_assert_eq!(id, expected_id);
            prop_assert!(label.contains(&normal(text)), "{:?} not in {:?}", text, label);
        }

        let mut edges: Vec<(String, String, String)> = statements
            .iter()
            .filter_map(|statement| match statement {
                Statement::Edge(from, to, attributes)
                    if attribute(attributes, "class") == Some(&Token::Id("branch".into())) =>
                {
                    Some((from.clone(), to.clone(), shown(attribute(attributes, "label"))))
                }
                _ => None,
            })
            .collect();
        edges.sort();
        let mut expected: Vec<(String, String, String)> = generated
            .edges
            .iter()
            .map(|(from, to, label)| {
                (from.clone(), to.clone(), normal(label.as_deref().unwrap_or("")))
            })
            .collect();
        expected.sort();
        prop_assert_eq!(edges, expected);

        // The title, the notes and the verdicts in the legend are shown somewhere.
        let everything: Vec<String> = statements
            .iter()
            .flat_map(|statement| match statement {
                Statement::Node(_, attributes)
                | Statement::Edge(_, _, attributes)
                | Statement::Defaults(attributes) => attributes.clone(),
            })
            .filter(|(key, _)| key == "label")
            .map(|(_, value)| shown(Some(&value)))
            .collect();
        let everything = everything.join(" ");
        let shown_texts = generated.notes.iter().chain(&generated.verdicts);
        for text in std::iter::once(&generated.title).chain(shown_texts) {
            prop_assert!(everything.contains(&normal(text)), "{:?} not shown", text);
        }
    }

    #[test]
    fn markdown_keeps_its_structure_and_every_text(generated in generated()) {
        use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

        let policy = compile(&generated.source);
        let markdown = stroom_render::markdown(&policy).unwrap();
        let paths = stroom_compiler::paths(&policy, usize::MAX).unwrap().paths.len();

        let mut headings: Vec<(HeadingLevel, String)> = Vec::new();
        let mut heading: Option<(HeadingLevel, String)> = None;
        let (mut rows, mut tables, mut code_blocks) = (0, 0, Vec::new());
        let mut code = None;
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
        for event in Parser::new_ext(&markdown, options) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    prop_assert_eq!(html.as_ref(), "<br>");
                    if let Some((_, text)) = heading.as_mut() {
                        text.push(' ');
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
                Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
                Event::Text(text) => {
                    if let Some((_, heading)) = heading.as_mut() {
                        heading.push_str(&text);
                    }
                    if let Some(code) = code.as_mut() {
                        let code: &mut String = code;
                        code.push_str(&text);
                    }
                }
                Event::Start(Tag::Table(_)) => tables += 1,
                Event::Start(Tag::TableRow) => rows += 1,
                Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
                Event::End(TagEnd::CodeBlock) => code_blocks.extend(code.take()),
                Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                    prop_assert!(false, "author text became markup in:\n{}", markdown);
                }
                Event::Start(
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Strikethrough
                    | Tag::List(_)
                    | Tag::BlockQuote(_),
                )
                    if heading.is_some() =>
                {
                    prop_assert!(false, "markup in a heading of:\n{}", markdown);
                }
                _ => {}
            }
        }

        // One title, the three sections and the source; one heading per node, with its text.
        let level = |wanted| headings.iter().filter(|(level, _)| *level == wanted).count();
        prop_assert_eq!(level(HeadingLevel::H1), 1);
        prop_assert_eq!(&normal(&headings[0].1), &normal(&generated.title));
        prop_assert_eq!(level(HeadingLevel::H2), 4);
        prop_assert_eq!(level(HeadingLevel::H3), generated.nodes.len());
        for (_, text) in &generated.nodes {
            let found = headings.iter().any(|(level, heading)| {
                *level == HeadingLevel::H3 && normal(heading).ends_with(&normal(text))
            });
            prop_assert!(found, "no heading for {:?} in:\n{}", text, markdown);
        }

        // A table of answers per question with a row per answer, and the decision table with
        // a row per path; header rows are not counted.
        let is_question = |node: &&stroom_compiler::Node| {
            matches!(node.kind, NodeKind::Question { .. })
        };
        let questions = policy.nodes.iter().filter(is_question).count();
        let arms: usize =
            policy.nodes.iter().filter(is_question).map(|node| node.branches().count()).sum();
        prop_assert_eq!(tables, questions + 1);
        prop_assert_eq!(rows, arms + paths);

        // The diagram is the one code block, exactly as `mermaid` generates it.
        prop_assert_eq!(code_blocks, vec![stroom_render::mermaid(&policy)]);
    }

    #[test]
    fn mermaid_labels_keep_every_text(generated in generated()) {
        let policy = compile(&generated.source);
        let mermaid = stroom_render::mermaid(&policy);
        prop_assert!(!mermaid.contains("%%") && !mermaid.contains('`'));
        let mut labels = Vec::new();
        for line in mermaid.lines() {
            // Every label is one quoted string on its line: no quote inside survives.
            let quotes = line.matches('"').count();
            let edge_label = quotes == 4 && line.contains("-->|");
            prop_assert!(quotes == 0 || quotes == 2 || edge_label, "{}", line);
            let (start, end) = (line.find('"'), line.rfind('"'));
            if let (Some(start), Some(end)) = (start, end)
                && start < end
                && !line.contains("-->")
            {
                let label = &line[start + 1..end];
                let decoded = label
                    .replace("<br>", " ")
                    .replace("#quot;", "\"")
                    .replace("#35;", "#")
                    .replace("#lt;", "<")
                    .replace("#gt;", ">")
                    .replace("#96;", "`")
                    .replace("#37;", "%")
                    .replace("#124;", "|")
                    .replace("#amp;", "&");
                labels.push(normal(&decoded));
            }
        }
        for (_, text) in &generated.nodes {
            let kept = labels.iter().any(|label| label.contains(&normal(text)));
            prop_assert!(kept, "{:?} lost in:\n{}", text, mermaid);
        }
    }
}

proptest! {
    // Graphviz takes some milliseconds per drawing, so a few cases suffice.
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn graphviz_accepts_every_diagram(generated in generated()) {
        if dot_installed() {
            let policy = compile(&generated.source);
            let dot = stroom_render::dot(&policy);
            let svg = stroom_render::draw(&dot, stroom_render::Image::Svg).unwrap();
            let svg = String::from_utf8(svg).unwrap();
            let text = svg_text(&svg);
            for (_, node) in &generated.nodes {
                prop_assert!(text.contains(&normal(node)), "{:?} not in the SVG", node);
            }
        }
    }
}

/// The text of every `<text>` element of `svg`, entities decoded, in document order and
/// joined by spaces. Panics if `svg` is not well-formed XML.
fn svg_text(svg: &str) -> String {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(svg);
    let mut text = String::new();
    let mut depth = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(element) if element.name().as_ref() == "text" => depth += 1,
            Event::End(element) if element.name().as_ref() == "text" => {
                depth -= 1;
                text.push(' ');
            }
            Event::Text(content) if depth > 0 => text.push_str(&content.xml10_content()),
            Event::GeneralRef(reference) if depth > 0 => {
                let decoded = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => match reference.xml10_content().as_ref() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => panic!("unknown entity {other}"),
                    },
                };
                text.push_str(&decoded);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    normal(&text)
}

// The flyer's pictures

#[test]
fn flyer_svg_is_xml_with_every_question_and_outcome() {
    require_dot();
    let run = render_flyer("svg").code(0);
    let text = svg_text(&run.stdout);
    let policy = compile(&std::fs::read_to_string(flyer()).unwrap());
    for node in &policy.nodes {
        assert!(text.contains(&normal(&node.text)), "{:?} is not in the SVG:\n{text}", node.text);
        for note in &node.notes {
            assert!(text.contains(&normal(note)), "{note:?} is not in the SVG");
        }
    }
    for verdict in &policy.verdicts {
        assert!(text.contains(&verdict.label), "the legend lacks {:?}", verdict.label);
    }
    assert!(text.contains(&policy.header.title) && text.contains("Legenda"));
}

#[test]
fn flyer_pdf_and_png_are_drawn() {
    require_dot();
    assert!(render_flyer_bytes("pdf").starts_with(b"%PDF"));
    assert!(render_flyer_bytes("png").starts_with(b"\x89PNG\r\n\x1a\n"));
}

// The commands

#[test]
fn render_writes_the_file_named_by_output() {
    let scratch = Scratch::new();
    scratch.write("shelf.policy", STAFF_SHELF);
    let run = scratch.run(["render", "shelf.policy", "--format", "markdown", "-o", "shelf.md"]);
    let run = run.code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let written = std::fs::read_to_string(scratch.path().join("shelf.md")).unwrap();
    assert_eq!(written, render_text(STAFF_SHELF, "markdown"));
    // Nothing else is left behind: the temporary file was renamed.
    assert_eq!(scratch.files(), ["shelf.md", "shelf.policy"]);
}

#[test]
fn render_into_a_missing_folder_fails_and_writes_nothing() {
    let scratch = Scratch::new();
    scratch.write("shelf.policy", STAFF_SHELF);
    let run = scratch.run(["render", "shelf.policy", "--format", "dot", "-o", "nowhere/shelf.dot"]);
    run.code(2).stderr_has("stroom::io::write");
    assert_eq!(scratch.files(), ["shelf.policy"]);
}

#[test]
fn render_refuses_a_policy_with_errors() {
    let scratch = Scratch::new();
    scratch.write("broken.policy", STAFF_SHELF.replace("start member", "start membr"));
    let run = scratch.run(["render", "broken.policy", "--format", "markdown", "-o", "out.md"]);
    let run = run.code(1);
    run.stderr_has("stroom::names::undefined");
    run.stderr_has("stroom::render::policy_has_errors");
    assert_eq!(run.stdout, "");
    assert_eq!(scratch.files(), ["broken.policy"]);
}

#[test]
fn drawing_without_graphviz_is_a_usage_error_with_the_install_hint() {
    let scratch = Scratch::new();
    scratch.write("shelf.policy", STAFF_SHELF);
    std::fs::create_dir(scratch.path().join("empty")).unwrap();
    let output = assert_cmd::Command::cargo_bin("stroom")
        .unwrap()
        .current_dir(scratch.path())
        .env("NO_COLOR", "1")
        .env("PATH", scratch.path().join("empty"))
        .args(["render", "shelf.policy", "--format", "svg", "-o", "shelf.svg"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stroom::render::graphviz_missing"), "{stderr}");
    assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
    assert_eq!(scratch.files(), ["empty", "shelf.policy"]);
}

#[test]
fn committed_documents_are_up_to_date() {
    require_dot();
    let run = stroom(["docs", "--check"]).code(0);
    assert_eq!(run.stdout, "");
    run.stderr_has("checked 6 documents of 1 policy");
}

#[test]
fn docs_writes_every_document_and_check_finds_stale_ones() {
    require_dot();
    let scratch = Scratch::new();
    scratch.write("policies/flyer.policy", std::fs::read(flyer()).unwrap());
    scratch.run(["docs"]).code(0).stderr_has("wrote 6 documents of 1 policy");
    let documents = ["flyer.dot", "flyer.md", "flyer.mmd", "flyer.pdf", "flyer.png", "flyer.svg"];
    assert_eq!(scratch.files_in("docs/policies"), documents);
    scratch.run(["docs", "--check"]).code(0);
    // Writing again changes nothing.
    scratch.run(["docs"]).code(0).stderr_has("wrote 0 documents of 1 policy; 6 already up to date");

    let folder = scratch.path().join("docs/policies");
    let markdown = std::fs::read_to_string(folder.join("flyer.md")).unwrap();
    std::fs::write(folder.join("flyer.md"), markdown.replace("Vragen", "Vraagjes")).unwrap();
    std::fs::remove_file(folder.join("flyer.svg")).unwrap();
    let run = scratch.run(["docs", "--check"]).code(1);
    run.stderr_has("out of date: docs/policies/flyer.md (differs)");
    run.stderr_has("out of date: docs/policies/flyer.svg (missing)");
    run.stderr_has("stroom::docs::stale");
    assert!(!run.stderr.contains("flyer.dot"), "{}", run.stderr);
    // The check wrote nothing.
    assert!(!folder.join("flyer.svg").exists());

    scratch.run(["docs"]).code(0).stderr_has("wrote 2 documents of 1 policy; 4 already up to date");
    scratch.run(["docs", "--check"]).code(0);
}

#[test]
fn docs_refuses_two_policies_with_one_name() {
    let scratch = Scratch::new();
    scratch.write("policies/a/shelf.policy", STAFF_SHELF);
    scratch.write("policies/b/shelf.policy", STAFF_SHELF);
    scratch.run(["docs"]).code(2).stderr_has("stroom::docs::same_name");
    assert!(!scratch.path().join("docs").exists());
}

#[test]
fn docs_skips_a_policy_with_errors_and_fails() {
    require_dot();
    let scratch = Scratch::new();
    scratch.write("policies/broken.policy", STAFF_SHELF.replace("start member", "start membr"));
    scratch.write("policies/shelf.policy", STAFF_SHELF);
    let run = scratch.run(["docs"]).code(1);
    run.stderr_has("stroom::render::policy_has_errors");
    assert_eq!(scratch.files_in("docs/policies").len(), 6);
    assert!(!Path::new(&scratch.path().join("docs/policies/broken.md")).exists());
}

#[test]
fn texts_with_markup_survive_graphviz_unchanged() {
    require_dot();
    let policy = compile(ESCAPES);
    let svg = stroom_render::render(&policy, stroom_render::Format::Svg).unwrap();
    let text = svg_text(&String::from_utf8(svg).unwrap());
    let mut texts = vec![policy.header.title.clone(), policy.header.intro.clone().unwrap()];
    texts.extend(policy.nodes.iter().map(|node| node.text.clone()));
    texts.extend(policy.verdicts.iter().map(|verdict| verdict.label.clone()));
    texts.extend(["A | B".to_string(), "{C} [D]".to_string()]);
    for expected in texts {
        assert!(text.contains(&normal(&expected)), "{expected:?} is not in:\n{text}");
    }
}
