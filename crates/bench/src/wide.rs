//! The wide shape: one question with as many answers as asked, the worst case for anything
//! quadratic in the answers of one question.

use crate::random::Random;
use crate::spec::Spec;
use crate::writer::{Set, Writer};

/// How many outcomes the answers share at most.
const OUTCOMES: usize = 16;

/// One question with `spec.size` answers (at least two), each leading to one of a few
/// outcomes. With recalls, every answer passes a step to a recall on the question that has
/// an arm for every answer.
pub(crate) fn wide(spec: &Spec) -> String {
    let mut writer = Writer::new(Random::new(spec.seed), spec.long_texts);
    let count = spec.size.max(2);
    let answers: Vec<String> = (0..count).map(|answer| format!("a{answer}")).collect();
    let set = Set { name: Some("many".into()), answers: answers.clone() };

    let outcomes: Vec<String> = (0..OUTCOMES.min(count)).map(|o| format!("o{o}")).collect();
    for outcome in &outcomes {
        writer.outcome(outcome);
    }
    let to_outcome = |answer: usize| outcomes.get(answer % OUTCOMES).cloned().unwrap_or_default();

    let targets: Vec<String> = if spec.recalls {
        let arms: Vec<(String, String)> =
            answers.iter().enumerate().map(|(index, id)| (id.clone(), to_outcome(index))).collect();
        writer.step("then", "again");
        writer.recall("again", "pick", &arms);
        vec!["then".to_string(); count]
    } else {
        (0..count).map(to_outcome).collect()
    };
    writer.question("pick", &set, &targets);

    let title = format!("one question with {count} answers, seed {}", spec.seed);
    writer.finish(&title, "pick")
}
