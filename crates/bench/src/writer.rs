//! Writing a policy as text, one declaration at a time. The writer remembers which answer
//! sets and verdicts the nodes use and declares only those, so that a generated policy has
//! no warnings about unused declarations.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::random::Random;
use crate::text::text;

/// An answer set a generated question can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Set {
    /// The name written in parentheses after the question; `None` for the built-in `yes_no`.
    pub(crate) name: Option<String>,
    /// The answers, in order.
    pub(crate) answers: Vec<String>,
}

impl Set {
    /// The built-in `yes_no`.
    pub(crate) fn yes_no() -> Set {
        Set { name: None, answers: vec!["yes".into(), "no".into()] }
    }

    /// A declared set named `name` with the answers `answers`.
    pub(crate) fn named(name: &str, answers: &[&str]) -> Set {
        Set { name: Some(name.into()), answers: answers.iter().map(|&a| a.into()).collect() }
    }

    /// One of the usual sets with `count` answers, from two to four; any other count gives
    /// the closest of them.
    pub(crate) fn usual(count: usize, random: &mut Random) -> Set {
        match count {
            0..=2 if random.chance(50) => Set::yes_no(),
            0..=2 => Set::named("two", &["left", "right"]),
            3 => Set::named("three", &["low", "medium", "high"]),
            _ => Set::named("four", &["north", "east", "south", "west"]),
        }
    }
}

/// The verdicts outcomes get, with their labels.
const VERDICTS: [(&str, &str); 4] =
    [("grant", "Granted"), ("refuse", "Refused"), ("refer", "Referred"), ("defer", "Deferred")];

/// A policy being written.
pub(crate) struct Writer {
    /// The random choices of texts and verdicts.
    pub(crate) random: Random,
    long_texts: bool,
    body: String,
    nodes: usize,
    sets: Vec<Set>,
    verdicts: BTreeSet<usize>,
    names: usize,
}

impl Writer {
    /// An empty policy.
    pub(crate) fn new(random: Random, long_texts: bool) -> Writer {
        Writer {
            random,
            long_texts,
            body: String::new(),
            nodes: 0,
            sets: Vec::new(),
            verdicts: BTreeSet::new(),
            names: 0,
        }
    }

    /// A name no node has yet, starting with `prefix`.
    pub(crate) fn fresh(&mut self, prefix: &str) -> String {
        self.names += 1;
        format!("{prefix}{}", self.names)
    }

    /// How many nodes have been written.
    pub(crate) fn nodes(&self) -> usize {
        self.nodes
    }

    /// Writes a question `id` on `set` whose answers lead, in order, to `targets`.
    pub(crate) fn question(&mut self, id: &str, set: &Set, targets: &[String]) {
        self.nodes += 1;
        let _ = write!(self.body, "question {id}");
        if let Some(name) = &set.name {
            let _ = write!(self.body, " ({name})");
            if !self.sets.contains(set) {
                self.sets.push(set.clone());
            }
        }
        let question = text(&mut self.random, self.long_texts, "?");
        self.literals(&question, " ");
        self.body.push_str(" {\n");
        self.items(false);
        for (answer, target) in set.answers.iter().zip(targets) {
            let _ = writeln!(self.body, "    {answer} -> {target}");
        }
        self.body.push_str("}\n\n");
    }

    /// Writes a step `id` leading to `target`.
    pub(crate) fn step(&mut self, id: &str, target: &str) {
        self.nodes += 1;
        let _ = write!(self.body, "step {id}");
        let says = text(&mut self.random, self.long_texts, ".");
        self.literals(&says, " ");
        self.body.push_str(" {\n");
        self.items(false);
        let _ = writeln!(self.body, "    -> {target}\n}}\n");
    }

    /// Writes an outcome `id` with a random verdict.
    pub(crate) fn outcome(&mut self, id: &str) {
        self.nodes += 1;
        let verdict = self.random.below(VERDICTS.len());
        self.verdicts.insert(verdict);
        let name = VERDICTS.get(verdict).map_or("grant", |(name, _)| name);
        let _ = write!(self.body, "outcome {id} ({name})");
        let says = text(&mut self.random, self.long_texts, ".");
        self.literals(&says, " ");
        if self.long_texts {
            self.body.push_str(" {\n");
            self.items(true);
            self.body.push('}');
        }
        self.body.push_str("\n\n");
    }

    /// Writes a recall `id` on `question` with the arms `arms`, each an answer and a target.
    pub(crate) fn recall(&mut self, id: &str, question: &str, arms: &[(String, String)]) {
        self.nodes += 1;
        let _ = writeln!(self.body, "recall {id} on {question} {{");
        for (answer, target) in arms {
            let _ = writeln!(self.body, "    {answer} -> {target}");
        }
        self.body.push_str("}\n\n");
    }

    /// The whole policy: header, the answer sets and verdicts used, and the nodes.
    pub(crate) fn finish(self, title: &str, start: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 1024);
        let _ = writeln!(out, "// A generated policy: {title}.\n");
        let _ = writeln!(out, "policy generated {{\n    title \"{title}\"");
        let _ =
            writeln!(out, "    source \"stroom-bench\"\n    language en\n    start {start}\n}}\n");
        for set in &self.sets {
            let _ = writeln!(out, "answers {} {{", set.name.as_deref().unwrap_or("set"));
            for answer in &set.answers {
                let _ = writeln!(out, "    {answer} \"{answer}\"");
            }
            out.push_str("}\n\n");
        }
        out.push_str("verdicts {\n");
        for verdict in &self.verdicts {
            if let Some((name, label)) = VERDICTS.get(*verdict) {
                let _ = writeln!(out, "    {name} \"{label}\"");
            }
        }
        out.push_str("}\n\n");
        out.push_str(&self.body);
        out
    }

    /// Writes string literals, the first after `before` and the others on lines of their own.
    fn literals(&mut self, literals: &[String], before: &str) {
        self.body.push_str(before);
        for (index, literal) in literals.iter().enumerate() {
            if index > 0 {
                self.body.push_str("\n    ");
            }
            let _ = write!(self.body, "\"{literal}\"");
        }
    }

    /// With long texts, writes an explanation and legal references, and notes on outcomes.
    fn items(&mut self, outcome: bool) {
        if !self.long_texts {
            return;
        }
        if self.random.chance(50) {
            let explanation = text(&mut self.random, true, ".");
            self.literals(&explanation, "    explain ");
            self.body.push('\n');
        }
        for _ in 0..self.random.below(3) {
            let _ = writeln!(self.body, "    law \"art. {} lid 1\"", self.random.between(1, 999));
        }
        if outcome {
            for _ in 0..self.random.below(3) {
                let note = text(&mut self.random, true, ".");
                self.literals(&note, "    note ");
                self.body.push('\n');
            }
        }
    }
}
