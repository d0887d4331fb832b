//! Properties of the formatter on random policies: questions with two to four answers,
//! steps, outcomes, recalls, scenarios and invariants with nested conditions, written with
//! random white space and a uniquely numbered comment, line or block, between any two tokens.
//!
//! For each such file: formatting succeeds, formatting the result changes nothing, the result
//! compiles to the same policy, claims and problems, and the comments come out in the same
//! order, each once, between the same tokens and on a line of their own exactly when they
//! were. The number of cases is modest by default; `PROPTEST_CASES` raises it.
//!
//! A policy is drawn from a tape of random numbers, each choice taking the next number; when
//! proptest shrinks a failing tape towards zeros, the policy shrinks towards the simplest
//! choices.

use proptest::prelude::*;

use crate::format;
use crate::meaning;
use crate::token::{TokenKind, tokens};

/// The choices a policy is drawn from.
struct Tape {
    numbers: Vec<u32>,
    at: usize,
}

impl Tape {
    /// A number below `count`; 0 once the tape has run out.
    fn choose(&mut self, count: usize) -> usize {
        let number = self.numbers.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::try_from(number).unwrap_or(0) % count.max(1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.choose(100) < percent
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        let at = self.choose(choices.len());
        choices.get(at).copied().unwrap_or_default()
    }
}

/// The words and escapes the strings of a text are made of. None holds a `/`, so that the
/// comments can be found in the output by their marks alone.
const PIECES: [&str; 16] = [
    "ja",
    "Wanneer",
    "mag",
    "ik",
    "gegevens",
    "delen",
    "zorgprofessional,",
    "géén",
    "‘quoted’",
    "\\\"",
    "\\\\",
    "\\n",
    "\\t",
    "\\u{e9}",
    "tab\there",
    "Levensloopaanpak-medische-gegevens-zonder-spaties",
];

/// A policy as its tokens, in order.
struct Policy {
    tokens: Vec<String>,
}

impl Policy {
    fn push(&mut self, token: &str) {
        self.tokens.push(token.to_string());
    }

    fn text(&mut self, tape: &mut Tape) {
        let strings = 1 + tape.choose(3);
        for _ in 0..strings {
            let mut content = String::new();
            let words = if tape.chance(20) { tape.choose(30) } else { tape.choose(6) };
            for word in 0..words {
                if word > 0 || tape.chance(5) {
                    content.push_str(if tape.chance(10) { "  " } else { " " });
                }
                content.push_str(tape.pick(&PIECES));
            }
            if tape.chance(5) {
                content.push(' ');
            }
            self.push(&format!("\"{content}\""));
        }
    }
}

/// One answer set as drawn: its name, if declared, and its answers.
struct AnswerSet {
    name: Option<String>,
    answers: Vec<String>,
}

fn policy(tape: &mut Tape) -> Policy {
    let mut policy = Policy { tokens: Vec::new() };

    let sets: Vec<AnswerSet> = (0..1 + tape.choose(3))
        .map(|number| {
            let all = ["ja", "nee", "law", "note", "next", "misschien"];
            let count = 2 + tape.choose(3);
            let answers = all.iter().take(count).map(|answer| answer.to_string()).collect();
            AnswerSet { name: Some(format!("set_{number}")), answers }
        })
        .chain(std::iter::once(AnswerSet {
            name: None,
            answers: vec!["yes".to_string(), "no".to_string()],
        }))
        .collect();
    let questions = 1 + tape.choose(4);
    let steps = tape.choose(3);
    let outcomes = 1 + tape.choose(3);
    let recalls = tape.choose(3);
    let verdicts = ["share", "refuse", "advice"];

    let question_set: Vec<usize> = (0..questions).map(|_| tape.choose(sets.len())).collect();
    let mut nodes: Vec<String> = Vec::new();
    nodes.extend((0..questions).map(|number| format!("q{number}")));
    nodes.extend((0..steps).map(|number| format!("step_{number}")));
    nodes.extend((0..outcomes).map(|number| format!("o{number}")));
    nodes.extend((0..recalls).map(|number| format!("on{number}")));
    let names: Vec<&str> = nodes.iter().map(String::as_str).collect();
    let node = |tape: &mut Tape| tape.pick(&names).to_string();

    // The header, with its fields in a random order.
    policy.push("policy");
    policy.push("p");
    policy.push("{");
    let mut fields = vec!["title", "intro", "source", "language", "start"];
    for _ in 0..fields.len() {
        let field = fields.remove(tape.choose(fields.len()));
        match field {
            "language" => {
                policy.push("language");
                policy.push(tape.pick(&["nl", "en", "nl-BE"]));
            }
            "start" => {
                policy.push("start");
                let start = node(tape);
                policy.push(&start);
            }
            _ if field == "title" || tape.chance(70) => {
                policy.push(field);
                policy.text(tape);
            }
            _ => {}
        }
    }
    policy.push("}");

    for set in &sets {
        let Some(name) = &set.name else { continue };
        policy.push("answers");
        policy.push(name);
        policy.push("{");
        for answer in &set.answers {
            policy.push(answer);
            if tape.chance(70) {
                policy.text(tape);
            }
        }
        policy.push("}");
    }

    policy.push("verdicts");
    policy.push("{");
    for verdict in verdicts {
        policy.push(verdict);
        if tape.chance(70) {
            policy.text(tape);
        }
    }
    policy.push("}");

    for (number, &set) in question_set.iter().enumerate() {
        let Some(answers) = sets.get(set) else { continue };
        policy.push("question");
        policy.push(&format!("q{number}"));
        if let Some(name) = &answers.name {
            policy.push("(");
            policy.push(name);
            policy.push(")");
        }
        policy.text(tape);
        policy.push("{");
        items(&mut policy, tape, &["explain", "law"]);
        for answer in &answers.answers {
            policy.push(answer);
            policy.push("->");
            let target = node(tape);
            policy.push(&target);
        }
        items(&mut policy, tape, &["law"]);
        policy.push("}");
    }

    for number in 0..steps {
        policy.push("step");
        policy.push(&format!("step_{number}"));
        policy.text(tape);
        policy.push("{");
        items(&mut policy, tape, &["law", "explain"]);
        policy.push("->");
        let target = node(tape);
        policy.push(&target);
        policy.push("}");
    }

    for number in 0..outcomes {
        policy.push("outcome");
        policy.push(&format!("o{number}"));
        policy.push("(");
        policy.push(tape.pick(&verdicts));
        policy.push(")");
        policy.text(tape);
        if tape.chance(50) {
            policy.push("{");
            items(&mut policy, tape, &["note", "law", "explain"]);
            policy.push("}");
        }
    }

    for number in 0..recalls {
        let question = tape.choose(questions);
        let set = question_set.get(question).and_then(|&set| sets.get(set));
        policy.push("recall");
        policy.push(&format!("on{number}"));
        policy.push("on");
        policy.push(&format!("q{question}"));
        policy.push("{");
        for answer in set.map(|set| set.answers.as_slice()).unwrap_or_default() {
            if tape.chance(80) {
                policy.push(answer);
                policy.push("->");
                let target = node(tape);
                policy.push(&target);
            }
        }
        policy.push("}");
    }

    for number in 0..tape.choose(3) {
        policy.push("scenario");
        policy.push(&format!("scenario_{number}"));
        policy.push("{");
        for _ in 0..tape.choose(3) {
            policy.push("given");
            for assignment in 0..1 + tape.choose(3) {
                if assignment > 0 {
                    policy.push(",");
                }
                let question = tape.choose(questions);
                policy.push(&format!("q{question}"));
                policy.push("=");
                let set = question_set.get(question).and_then(|&set| sets.get(set));
                let answers: Vec<&str> = set
                    .map(|set| set.answers.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                policy.push(tape.pick(&answers));
            }
        }
        policy.push("expect");
        if tape.chance(30) {
            policy.push("next");
            policy.push(&format!("q{}", tape.choose(questions)));
        } else {
            policy.push(&format!("o{}", tape.choose(outcomes)));
        }
        policy.push("}");
    }

    for number in 0..tape.choose(3) {
        policy.push("invariant");
        policy.push(&format!("invariant_{number}"));
        policy.push("{");
        if tape.chance(60) {
            policy.push("when");
            condition(&mut policy, tape, &question_set, &sets, outcomes, 3);
        }
        policy.push("then");
        condition(&mut policy, tape, &question_set, &sets, outcomes, 3);
        policy.push("}");
    }

    policy
}

/// A few body items of the given kinds, each with a text.
fn items(policy: &mut Policy, tape: &mut Tape, kinds: &[&str]) {
    for _ in 0..tape.choose(3) {
        policy.push(tape.pick(kinds));
        policy.text(tape);
    }
}

/// A condition nested at most `depth` deep.
fn condition(
    policy: &mut Policy,
    tape: &mut Tape,
    question_set: &[usize],
    sets: &[AnswerSet],
    outcomes: usize,
    depth: usize,
) {
    let choice = if depth == 0 { tape.choose(5) } else { tape.choose(9) };
    match choice {
        0 => {
            policy.push("asked");
            policy.push(&format!("q{}", tape.choose(question_set.len())));
        }
        1 => {
            policy.push("reaches");
            policy.push(&format!("o{}", tape.choose(outcomes)));
        }
        2 => {
            policy.push("outcome");
            policy.push(tape.pick(&["=", "!="]));
            policy.push(&format!("o{}", tape.choose(outcomes)));
        }
        3 => {
            policy.push("verdict");
            policy.push(tape.pick(&["=", "!="]));
            policy.push(tape.pick(&["share", "refuse", "advice"]));
        }
        4 => {
            let question = tape.choose(question_set.len());
            policy.push(&format!("q{question}"));
            policy.push(tape.pick(&["=", "!="]));
            let set = question_set.get(question).and_then(|&set| sets.get(set));
            let answers: Vec<&str> =
                set.map(|set| set.answers.iter().map(String::as_str).collect()).unwrap_or_default();
            policy.push(tape.pick(&answers));
        }
        5 => {
            policy.push("not");
            condition(policy, tape, question_set, sets, outcomes, depth - 1);
        }
        6 => {
            policy.push("(");
            condition(policy, tape, question_set, sets, outcomes, depth - 1);
            policy.push(")");
        }
        _ => {
            let parts = 2 + tape.choose(3);
            let operator = tape.pick(&["and", "or"]);
            for part in 0..parts {
                if part > 0 {
                    policy.push(operator);
                }
                condition(policy, tape, question_set, sets, outcomes, depth - 1);
            }
        }
    }
}

/// Writes the tokens of `policy` with random white space and numbered comments between
/// them, and before the first and after the last.
fn written(policy: &Policy, tape: &mut Tape) -> String {
    let mut out = String::new();
    if tape.chance(10) {
        out.push('\u{feff}');
    }
    let mut comments = 0;
    let mut gap = |out: &mut String, tape: &mut Tape| {
        let mut comment = |out: &mut String, line: bool| {
            comments += 1;
            if line {
                out.push_str(&format!("// c{comments}\n"));
            } else {
                out.push_str(&format!("/*c{comments}*/"));
            }
        };
        match tape.choose(15) {
            0 => out.push_str("  "),
            1 => out.push('\n'),
            2 => out.push_str("\n\n"),
            3 => out.push('\t'),
            4 => out.push_str("\r\n"),
            5 => {
                out.push(' ');
                comment(out, false);
                out.push(' ');
            }
            6 => {
                out.push('\n');
                comment(out, false);
                out.push('\n');
            }
            7 => {
                out.push(' ');
                comment(out, true);
            }
            8 => {
                out.push('\n');
                comment(out, true);
            }
            9 => {
                out.push_str("\n\n");
                comment(out, true);
                out.push('\n');
                comment(out, false);
                out.push(' ');
            }
            10 => {
                out.push('\n');
                comment(out, false);
                out.push(' ');
            }
            11 => {
                // A block comment that spans lines, its second line indented its own way.
                comments += 1;
                out.push_str(&format!(" /*c{comments}\n   still c{comments} */ "));
            }
            _ => out.push(' '),
        }
    };

    for token in &policy.tokens {
        gap(&mut out, tape);
        out.push_str(token);
    }
    gap(&mut out, tape);
    out
}

/// The comments of `text` in order, found by their marks.
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("/*c").into_iter().chain(rest.find("// c")).min() {
        let tail = rest.get(at..).unwrap_or_default();
        let end = if tail.starts_with("/*") {
            tail.find("*/").map_or(tail.len(), |end| end + 2)
        } else {
            tail.find('\n').unwrap_or(tail.len())
        };
        found.push(tail.get(..end).unwrap_or_default().trim_end().to_string());
        rest = tail.get(end..).unwrap_or_default();
    }
    found
}

/// Where each comment of `text` stands: after how many tokens other than strings, after
/// which strings of a text (joined as written, so that splitting a string changes nothing),
/// and whether on a line of its own.
fn places(text: &str) -> Vec<(String, usize, String, bool)> {
    let text = text.replace("\r\n", "\n");
    let mut places = Vec::new();
    let mut before = 0;
    let mut strings: Vec<&str> = Vec::new();
    for token in tokens(text.trim_start_matches('\u{feff}')) {
        match token.kind {
            TokenKind::LineComment | TokenKind::BlockComment => {
                let content: Vec<&str> = strings
                    .iter()
                    .map(|s| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s))
                    .collect();
                places.push((
                    token.text.to_string(),
                    before,
                    content.join(" "),
                    token.starts_line(),
                ));
            }
            TokenKind::String => strings.push(token.text),
            _ => {
                before += 1;
                strings.clear();
            }
        }
    }
    places
}

/// The numbers a policy is drawn from.
fn choices() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 0..3000)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn formatting_keeps_meaning_and_comments(numbers in choices()) {
        let mut tape = Tape { numbers, at: 0 };
        let source = written(&policy(&mut tape), &mut tape);

        let once = format(&source);
        prop_assert!(once.is_ok(), "does not format: {once:?}\n{source}");
        let once = once.unwrap_or_default();

        let twice = format(&once).unwrap_or_default();
        prop_assert_eq!(&twice, &once, "not idempotent; the input was\n{}", source);
        prop_assert_eq!(meaning::of_policy(&once), meaning::of_policy(&source));
        prop_assert_eq!(comments(&once), comments(&source));
        prop_assert_eq!(places(&once), places(&source));
        prop_assert!(!once.contains('\r'));
        prop_assert!(once.ends_with('\n') && !once.ends_with("\n\n"));
    }
}
