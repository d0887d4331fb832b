//! The layered shape: blocks of questions with heavy sharing of sub-flows and, optionally, a
//! recall closing each block.
//!
//! A block opens with one question, its *entry*, through which every later path passes, so
//! that the entry is asked on every path to anything after it: a recall on it is always
//! answered. Then come a few layers of two to four questions. Every arm of a layer leads to
//! a question of the next layer (each of which gets at least one), to an outcome, or through
//! a step; the arms of the last layer lead to the block's exit. Because every question leads
//! on to the next layer, every answer of the entry reaches the exit, which keeps the arms of
//! a recall there exactly those its question can still have.

use crate::random::Random;
use crate::spec::Spec;
use crate::writer::{Set, Writer};

/// How many layers of questions a block has after its entry.
const LAYERS: usize = 3;

/// Roughly how many nodes a block adds, to decide when the last one starts.
const BLOCK_NODES: usize = 20;

/// In how many arms out of a hundred a layer leads to an outcome instead of the next layer.
const OUTCOME_PERCENT: usize = 35;

/// In how many arms out of a hundred an edge passes a step.
const STEP_PERCENT: usize = 10;

/// In how many cases out of a hundred an arm that ends reuses an earlier outcome.
const REUSE_PERCENT: usize = 70;

/// The entry question of a block, remembered for the recalls of later blocks.
struct Entry {
    name: String,
    set: Set,
    /// For each answer, whether the question can still have it after the recalls so far.
    possible: Vec<bool>,
}

/// Where an arm of a layer leads, before it is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The question of the next layer with this index.
    Next(usize),
    /// Some outcome.
    End,
}

/// The state of one generation.
struct Layered {
    writer: Writer,
    recalls: bool,
    entries: Vec<Entry>,
    outcomes: Vec<String>,
}

/// A layered policy of about `spec.size` nodes.
pub(crate) fn layered(spec: &Spec) -> String {
    let writer = Writer::new(Random::new(spec.seed), spec.long_texts);
    let mut state =
        Layered { writer, recalls: spec.recalls, entries: Vec::new(), outcomes: Vec::new() };

    let start = state.writer.fresh("q");
    let mut entry = start.clone();
    loop {
        let last = state.writer.nodes() + BLOCK_NODES >= spec.size;
        let after = state.writer.fresh(if last { "o" } else { "q" });
        state.block(&entry, &after);
        if last {
            state.writer.outcome(&after);
            break;
        }
        entry = after;
    }

    let title = format!("layered, {} nodes, seed {}", state.writer.nodes(), spec.seed);
    state.writer.finish(&title, &start)
}

impl Layered {
    /// Writes the block entered at `entry` whose paths go on to `after`.
    fn block(&mut self, entry: &str, after: &str) {
        let count = self.writer.random.between(2, 4);
        let set = Set::usual(count, &mut self.writer.random);

        // The layers, each a list of questions with their answer sets; the first has one
        // question per answer of the entry.
        let mut layers: Vec<Vec<(String, Set)>> = Vec::with_capacity(LAYERS);
        for layer in 0..LAYERS {
            let width =
                if layer == 0 { set.answers.len() } else { self.writer.random.between(2, 4) };
            let questions = (0..width)
                .map(|_| {
                    let count = self.writer.random.between(2, 4);
                    (self.writer.fresh("q"), Set::usual(count, &mut self.writer.random))
                })
                .collect();
            layers.push(questions);
        }
        let exit = if self.recalls { self.writer.fresh("r") } else { after.to_string() };

        let first: Vec<String> = layers.first().map_or_else(Vec::new, |layer| names(layer));
        let targets = self.wire(&[(entry.to_string(), set.clone())], &first);
        for targets in targets {
            self.writer.question(entry, &set, &targets);
        }
        let possible = vec![true; set.answers.len()];
        self.entries.push(Entry { name: entry.to_string(), set, possible });

        for (index, layer) in layers.iter().enumerate() {
            let next = layers.get(index + 1).map_or_else(|| vec![exit.clone()], |next| names(next));
            let targets = self.wire(layer, &next);
            for ((name, set), targets) in layer.iter().zip(targets) {
                self.writer.question(name, set, &targets);
            }
        }

        if self.recalls {
            self.recall(&exit, after);
        }
    }

    /// The targets of every arm of `questions`, which lead on to the nodes `next`: every node
    /// of `next` gets an arm, every question leads to `next` at least once, and no question
    /// leads everywhere to the same node.
    fn wire(&mut self, questions: &[(String, Set)], next: &[String]) -> Vec<Vec<String>> {
        let mut slots: Vec<(usize, usize)> = Vec::new();
        for (question, (_, set)) in questions.iter().enumerate() {
            slots.extend((0..set.answers.len()).map(|answer| (question, answer)));
        }
        shuffle(&mut slots, &mut self.writer.random);

        let mut plan: Vec<Vec<Target>> =
            questions.iter().map(|(_, set)| vec![Target::End; set.answers.len()]).collect();
        for (index, &(question, answer)) in slots.iter().enumerate() {
            let target = if index < next.len() {
                Target::Next(index)
            } else if self.writer.random.chance(OUTCOME_PERCENT) {
                Target::End
            } else {
                Target::Next(self.writer.random.below(next.len()))
            };
            if let Some(slot) = plan.get_mut(question).and_then(|arms| arms.get_mut(answer)) {
                *slot = target;
            }
        }

        for arms in &mut plan {
            if !arms.iter().any(|target| matches!(target, Target::Next(_))) {
                // Only arms that end were chosen here, none of which covers a next node.
                if let Some(first) = arms.first_mut() {
                    *first = Target::Next(self.writer.random.below(next.len()));
                }
            }
            if arms.windows(2).all(|pair| pair.first() == pair.get(1)) {
                // Every arm leads to the same node, which is still covered by the others.
                if let Some(last) = arms.last_mut() {
                    *last = Target::End;
                }
            }
        }

        plan.into_iter()
            .map(|arms| arms.into_iter().map(|target| self.materialise(target, next)).collect())
            .collect()
    }

    /// The name an arm leads to, writing the step or the new outcome it needs.
    fn materialise(&mut self, target: Target, next: &[String]) -> String {
        match target {
            Target::Next(index) => {
                let to = next.get(index).cloned().unwrap_or_default();
                self.via_step(to)
            }
            Target::End => self.outcome(),
        }
    }

    /// `to`, or now and then a new step leading to it.
    fn via_step(&mut self, to: String) -> String {
        if self.writer.random.chance(STEP_PERCENT) {
            let step = self.writer.fresh("s");
            self.writer.step(&step, &to);
            step
        } else {
            to
        }
    }

    /// An earlier outcome, or a new one.
    fn outcome(&mut self) -> String {
        if !self.outcomes.is_empty()
            && self.writer.random.chance(REUSE_PERCENT)
            && let Some(name) = self.writer.random.pick(&self.outcomes)
        {
            return name.clone();
        }
        let name = self.writer.fresh("o");
        self.writer.outcome(&name);
        self.outcomes.push(name.clone());
        name
    }

    /// Writes the recall `name` on the entry of this block or an earlier one, whose arms
    /// lead on to `after` or end, and narrows what that entry can still be afterwards.
    fn recall(&mut self, name: &str, after: &str) {
        let newest = self.entries.len().saturating_sub(1);
        let index = if self.writer.random.chance(50) {
            newest
        } else {
            self.writer.random.below(self.entries.len())
        };
        let Some(entry) = self.entries.get(index) else { return };
        let question = entry.name.clone();
        let answers: Vec<(usize, String)> = entry
            .set
            .answers
            .iter()
            .enumerate()
            .filter(|(answer, _)| entry.possible.get(*answer).copied().unwrap_or(false))
            .map(|(answer, id)| (answer, id.clone()))
            .collect();

        let mut arms = Vec::with_capacity(answers.len());
        let mut ended = Vec::new();
        for (position, (answer, id)) in answers.into_iter().enumerate() {
            // The first arm always goes on, so that the flow after the recall is reached.
            let target = if position > 0 && self.writer.random.chance(25) {
                ended.push(answer);
                self.outcome()
            } else {
                self.via_step(after.to_string())
            };
            arms.push((id, target));
        }
        self.writer.recall(name, &question, &arms);

        if let Some(entry) = self.entries.get_mut(index) {
            for answer in ended {
                if let Some(possible) = entry.possible.get_mut(answer) {
                    *possible = false;
                }
            }
        }
    }
}

/// The names of the questions of a layer.
fn names(layer: &[(String, Set)]) -> Vec<String> {
    layer.iter().map(|(name, _)| name.clone()).collect()
}

/// Puts `items` in a random order (Fisher and Yates).
fn shuffle<T>(items: &mut [T], random: &mut Random) {
    for high in (1..items.len()).rev() {
        items.swap(high, random.below(high + 1));
    }
}
