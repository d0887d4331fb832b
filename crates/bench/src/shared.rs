//! The shared shape: every node but the start has several predecessors, so that anything
//! that copies or revisits shared sub-flows pays for every path.

use crate::random::Random;
use crate::spec::Spec;
use crate::writer::{Set, Writer};

/// Every how many layers a layer of recalls stands, with recalls.
const RECALL_EVERY: usize = 8;

/// Layers of as many questions as their answer set has answers, each answer leading to a
/// different node of the next layer, about `spec.size` nodes in all. With recalls, every
/// eighth layer is made of recalls on the start question, which is asked on every path.
pub(crate) fn shared(spec: &Spec) -> String {
    let mut writer = Writer::new(Random::new(spec.seed), spec.long_texts);
    let width = writer.random.between(2, 4);
    let set = Set::usual(width, &mut writer.random);
    let layers = spec.size.saturating_sub(1 + width) / width;

    // Written from the end, so that each layer knows the names of the next.
    let mut next: Vec<String> = (0..width).map(|o| format!("end{o}")).collect();
    for name in &next {
        writer.outcome(name);
    }
    for layer in (1..=layers).rev() {
        let recalls = spec.recalls && layer % RECALL_EVERY == 0;
        let prefix = if recalls { "r" } else { "q" };
        let names: Vec<String> = (0..width).map(|k| format!("{prefix}{layer}_{k}")).collect();
        for (k, name) in names.iter().enumerate() {
            let targets: Vec<String> = (0..width)
                .map(|answer| next.get((answer + k) % width).cloned().unwrap_or_default())
                .collect();
            if recalls {
                let arms: Vec<(String, String)> =
                    set.answers.iter().cloned().zip(targets).collect();
                writer.recall(name, "start", &arms);
            } else {
                writer.question(name, &set, &targets);
            }
        }
        next = names;
    }
    writer.question("start", &set, &next);

    let title = format!("every node shared, {} nodes, seed {}", writer.nodes(), spec.seed);
    writer.finish(&title, "start")
}
