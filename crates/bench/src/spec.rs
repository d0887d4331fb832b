//! What to generate: the shape of a policy, its size, its seed and its options.

use std::fmt;
use std::str::FromStr;

/// The shape of a generated policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Blocks that each start with one question every later node depends on, then layers of
    /// questions wired at random to the next layer, to outcomes and through steps. Sub-flows
    /// are shared heavily, so the number of paths grows exponentially with the size while the
    /// file grows linearly. With recalls, each block ends in a recall on the question that
    /// opened it or an earlier block. The size is the number of nodes, roughly.
    Layered,
    /// One chain of yes/no questions: `yes` asks the next one, `no` ends in one of a few
    /// shared outcomes. The size is the number of questions.
    Chain,
    /// One question with many answers, each leading to one of a few outcomes; with recalls,
    /// every answer passes a step and a recall with as many arms. The size is the number of
    /// answers.
    Wide,
    /// Layers of two to four questions in which every question leads to every question of the
    /// next layer, so every node but the start has several predecessors; with recalls, some
    /// layers are a recall on the start question. The size is the number of nodes, roughly.
    Shared,
}

impl Shape {
    /// Every shape, in the order they are documented.
    pub const ALL: [Shape; 4] = [Shape::Layered, Shape::Chain, Shape::Wide, Shape::Shared];

    /// The name of the shape on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Layered => "layered",
            Shape::Chain => "chain",
            Shape::Wide => "wide",
            Shape::Shared => "shared",
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// The error of parsing an unknown shape name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown shape `{0}`; the shapes are layered, chain, wide and shared")]
pub struct UnknownShape(pub String);

impl FromStr for Shape {
    type Err = UnknownShape;

    fn from_str(name: &str) -> Result<Shape, UnknownShape> {
        Shape::ALL
            .into_iter()
            .find(|shape| shape.name() == name)
            .ok_or_else(|| UnknownShape(name.to_string()))
    }
}

/// Everything that decides a generated policy: the same spec always gives the same text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    /// The shape.
    pub shape: Shape,
    /// The size, whose meaning depends on the shape (see [`Shape`]).
    pub size: usize,
    /// The seed of the random choices.
    pub seed: u64,
    /// Whether to add recalls.
    pub recalls: bool,
    /// Whether texts are long: many string literals, explanations, legal references and
    /// notes, with escapes and text that is not ASCII.
    pub long_texts: bool,
}

impl Spec {
    /// A spec of `shape` and `size` with seed 1, recalls and short texts.
    pub fn new(shape: Shape, size: usize) -> Spec {
        Spec { shape, size, seed: 1, recalls: true, long_texts: false }
    }

    /// The same spec with another seed.
    pub fn seed(self, seed: u64) -> Spec {
        Spec { seed, ..self }
    }

    /// The same spec with or without recalls.
    pub fn recalls(self, recalls: bool) -> Spec {
        Spec { recalls, ..self }
    }

    /// The same spec with long or short texts.
    pub fn long_texts(self, long_texts: bool) -> Spec {
        Spec { long_texts, ..self }
    }
}
