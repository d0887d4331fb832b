//! The chain shape: one line of questions as deep as asked, the worst case for anything
//! that recurses along the flow.

use crate::random::Random;
use crate::spec::Spec;
use crate::writer::{Set, Writer};

/// How many outcomes the `no` arms share.
const STOPS: usize = 4;

/// A chain of `spec.size` yes/no questions (at least one). With recalls, the chain ends in
/// a recall on its first question, which by then can only be `yes`.
pub(crate) fn chain(spec: &Spec) -> String {
    let mut writer = Writer::new(Random::new(spec.seed), spec.long_texts);
    let count = spec.size.max(1);
    let set = Set::yes_no();

    let stops: Vec<String> = (0..STOPS.min(count)).map(|stop| format!("stop{stop}")).collect();
    for stop in &stops {
        writer.outcome(stop);
    }
    writer.outcome("done");
    let end = if spec.recalls { "again" } else { "done" };
    if spec.recalls {
        writer.recall("again", "q0", &[("yes".into(), "done".into())]);
    }

    for question in 0..count {
        let next =
            if question + 1 == count { end.to_string() } else { format!("q{}", question + 1) };
        let stop = stops.get(question % STOPS).cloned().unwrap_or_default();
        writer.question(&format!("q{question}"), &set, &[next, stop]);
    }

    let title = format!("chain of {count} questions, seed {}", spec.seed);
    writer.finish(&title, "q0")
}
