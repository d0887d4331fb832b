//! The semantic diff of two versions of a policy: which decisions change, grouped into
//! readable conditions on the answers, and which texts were added, removed or reworded.
//!
//! Questions, outcomes and answers are matched by id. Both versions are analysed in one
//! shared encoding, so that the combinations where the old version decides one thing and the
//! new another are a single set, computed symbolically: no combination is enumerated.

use std::collections::HashMap;

use biodivine_lib_bdd::{Bdd, BddPathIterator};
use num_bigint::BigUint;

use crate::analysis::{Analysis, AnalysisError, Code, Encoding};
use crate::policy::{Node, NodeId, NodeKind, Policy};

/// How many conditions a move lists at most; the rest are counted.
pub const CONDITION_LIMIT: usize = 16;

/// What changed between two versions of a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDiff {
    /// The decisions that change, largest group first.
    pub moves: Vec<Move>,
    /// The texts and declarations that changed, in declaration order.
    pub changes: Vec<Change>,
    /// How many combinations of answers both versions were compared on.
    pub compared: BigUint,
}

/// A decision: the outcome and its verdict.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decision {
    /// The outcome id.
    pub outcome: String,
    /// The verdict id.
    pub verdict: String,
}

/// The combinations whose decision changes from one decision to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// The decision of the old version.
    pub old: Decision,
    /// The decision of the new version.
    pub new: Decision,
    /// How many combinations of answers move so.
    pub combinations: BigUint,
    /// Conditions that together describe exactly those combinations: each is a conjunction
    /// of constraints on answers, and they do not overlap.
    pub conditions: Vec<Vec<Constraint>>,
    /// How many further conditions [`CONDITION_LIMIT`] left out.
    pub more_conditions: usize,
}

/// A question whose answer must be one of `answers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The question id.
    pub question: String,
    /// The answer ids allowed, in answer-set order.
    pub answers: Vec<String>,
    /// The answers the question has in both versions, in answer-set order.
    pub of: Vec<String>,
}

/// A change to a declaration that people read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A node, answer set or verdict that only the new version has.
    Added {
        /// What it is, such as `question`.
        keyword: &'static str,
        /// Its id.
        id: String,
        /// Its text, if it has one.
        text: String,
    },
    /// A node, answer set or verdict that only the old version has.
    Removed {
        /// What it is, such as `question`.
        keyword: &'static str,
        /// Its id.
        id: String,
        /// Its text, if it has one.
        text: String,
    },
    /// One field of a declaration both versions have.
    Changed {
        /// What it is, such as `outcome`.
        keyword: &'static str,
        /// Its id.
        id: String,
        /// Which field, such as `text` or `verdict`.
        field: &'static str,
        /// The field word by word, as removed, added or kept.
        words: Vec<Word>,
    },
}

/// A piece of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Whether the piece was kept, removed or added.
    pub tag: WordTag,
    /// The words and the spaces between them.
    pub text: String,
}

/// What happened to a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordTag {
    /// In both versions.
    Kept,
    /// Only in the old version.
    Removed,
    /// Only in the new version.
    Added,
}

/// Compares two versions of a policy, both without errors.
pub fn diff(old: &Policy, new: &Policy) -> Result<PolicyDiff, AnalysisError> {
    let encoding = Encoding::of(&[old, new])?;
    let before = Analysis::with_encoding(old, encoding.clone())?;
    let after = Analysis::with_encoding(new, encoding.clone())?;
    let both = before.domain().and(after.domain());

    let mut moves = Vec::new();
    for (old_id, old_decision) in decisions(old) {
        let was = before.reach(old_id).and(&both);
        if was.is_false() {
            continue;
        }
        for (new_id, new_decision) in decisions(new) {
            if new_decision == old_decision {
                continue;
            }
            let moved = was.and(&after.reach(new_id));
            if moved.is_false() {
                continue;
            }
            let (conditions, more_conditions) = conditions(&encoding, old, new, &moved);
            moves.push(Move {
                old: old_decision.clone(),
                new: new_decision,
                combinations: moved.exact_cardinality(),
                conditions,
                more_conditions,
            });
        }
    }
    moves.sort_by(|a, b| b.combinations.cmp(&a.combinations).then(a.old.cmp(&b.old)));

    Ok(PolicyDiff { moves, changes: changes(old, new), compared: both.exact_cardinality() })
}

/// Every outcome with its decision.
fn decisions(policy: &Policy) -> Vec<(NodeId, Decision)> {
    policy
        .node_ids()
        .filter_map(|id| {
            let node = policy.node(id)?;
            let NodeKind::Outcome { verdict } = node.kind else { return None };
            let verdict = verdict.and_then(|v| policy.verdict(v)).map_or("", |v| v.id.as_str());
            Some((id, Decision { outcome: node.id.clone(), verdict: verdict.to_string() }))
        })
        .collect()
}

/// The set `moved` as non-overlapping conditions, one per path of its decision diagram, and
/// how many were left out past [`CONDITION_LIMIT`].
///
/// Limitation: the paths of a decision diagram are not the fewest possible conditions; two
/// conditions that differ only in one answer are not merged.
fn conditions(
    encoding: &Encoding,
    old: &Policy,
    new: &Policy,
    moved: &Bdd,
) -> (Vec<Vec<Constraint>>, usize) {
    let valid: Vec<Vec<(usize, String)>> = encoding
        .questions()
        .map(|(question, code)| valid_answers(old, new, question, code))
        .collect();
    let mut listed = Vec::new();
    let mut more = 0;
    for cube in BddPathIterator::new(moved) {
        if listed.len() == CONDITION_LIMIT {
            more += 1;
            continue;
        }
        let constraints = encoding
            .questions()
            .zip(&valid)
            .filter_map(|((question, code), valid)| {
                let allowed: Vec<String> = valid
                    .iter()
                    .filter(|(value, _)| {
                        code.bits.iter().enumerate().all(|(bit, variable)| {
                            cube.get_value(*variable)
                                .is_none_or(|set| set == (value >> bit & 1 == 1))
                        })
                    })
                    .map(|(_, answer)| answer.clone())
                    .collect();
                (allowed.len() < valid.len()).then(|| Constraint {
                    question: question.to_string(),
                    answers: allowed,
                    of: valid.iter().map(|(_, answer)| answer.clone()).collect(),
                })
            })
            .collect();
        listed.push(constraints);
    }
    (listed, more)
}

/// The answers of `question` that both versions that ask it accept, with their encoded
/// values.
fn valid_answers(old: &Policy, new: &Policy, question: &str, code: &Code) -> Vec<(usize, String)> {
    let accepts = |policy: &Policy, answer: &str| {
        let Some(id) = policy.node_named(question) else { return true };
        policy.answer_set_of(id).is_none_or(|set| set.answers.iter().any(|a| a.id == answer))
    };
    code.answers
        .iter()
        .enumerate()
        .filter(|(_, answer)| accepts(old, answer) && accepts(new, answer))
        .map(|(value, answer)| (value, answer.clone()))
        .collect()
}

/// The changes people can read, in declaration order: the header, answer sets, verdicts and
/// nodes.
fn changes(old: &Policy, new: &Policy) -> Vec<Change> {
    let old_nodes: HashMap<&str, &Node> = old.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let new_nodes: HashMap<&str, &Node> = new.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut changes = Vec::new();
    let policy_id = new.id.clone();
    let field = |changes: &mut Vec<Change>, keyword, id: &str, field, before: &str, after: &str| {
        if before != after {
            let words = word_diff(before, after);
            changes.push(Change::Changed { keyword, id: id.to_string(), field, words });
        }
    };

    field(&mut changes, "policy", &policy_id, "title", &old.header.title, &new.header.title);
    let intro = |policy: &Policy| policy.header.intro.clone().unwrap_or_default();
    field(&mut changes, "policy", &policy_id, "intro", &intro(old), &intro(new));
    let source = |policy: &Policy| policy.header.source.clone().unwrap_or_default();
    field(&mut changes, "policy", &policy_id, "source", &source(old), &source(new));

    for set in &old.answer_sets {
        let Some(other) = new.answer_sets.iter().find(|other| other.id == set.id) else {
            changes.push(Change::Removed {
                keyword: "answers",
                id: set.id.clone(),
                text: String::new(),
            });
            continue;
        };
        let list = |answers: &[crate::Answer]| {
            answers
                .iter()
                .map(|a| format!("{} \"{}\"", a.id, a.label))
                .collect::<Vec<_>>()
                .join(", ")
        };
        field(
            &mut changes,
            "answers",
            &set.id,
            "answers",
            &list(&set.answers),
            &list(&other.answers),
        );
    }
    for set in new.answer_sets.iter().filter(|set| old.answer_sets.iter().all(|o| o.id != set.id)) {
        changes.push(Change::Added { keyword: "answers", id: set.id.clone(), text: String::new() });
    }

    for verdict in &old.verdicts {
        match new.verdicts.iter().find(|other| other.id == verdict.id) {
            Some(other) => {
                field(&mut changes, "verdict", &verdict.id, "label", &verdict.label, &other.label)
            }
            None => changes.push(Change::Removed {
                keyword: "verdict",
                id: verdict.id.clone(),
                text: verdict.label.clone(),
            }),
        }
    }
    for verdict in new.verdicts.iter().filter(|v| old.verdicts.iter().all(|o| o.id != v.id)) {
        changes.push(Change::Added {
            keyword: "verdict",
            id: verdict.id.clone(),
            text: verdict.label.clone(),
        });
    }

    for node in &old.nodes {
        let Some(other) = new_nodes.get(node.id.as_str()).copied() else {
            changes.push(Change::Removed {
                keyword: node.keyword(),
                id: node.id.clone(),
                text: node.text.clone(),
            });
            continue;
        };
        let keyword = other.keyword();
        field(&mut changes, keyword, &node.id, "kind", node.keyword(), other.keyword());
        field(&mut changes, keyword, &node.id, "text", &node.text, &other.text);
        let explanation = |node: &Node| node.explanation.clone().unwrap_or_default();
        field(
            &mut changes,
            keyword,
            &node.id,
            "explanation",
            &explanation(node),
            &explanation(other),
        );
        field(
            &mut changes,
            keyword,
            &node.id,
            "laws",
            &node.laws.join("; "),
            &other.laws.join("; "),
        );
        field(
            &mut changes,
            keyword,
            &node.id,
            "notes",
            &node.notes.join("; "),
            &other.notes.join("; "),
        );
        let verdict = |policy: &Policy, node: &Node| match node.kind {
            NodeKind::Outcome { verdict: Some(v) } => policy.verdict(v).map(|v| v.id.clone()),
            _ => None,
        };
        let (before, after) = (verdict(old, node), verdict(new, other));
        field(
            &mut changes,
            keyword,
            &node.id,
            "verdict",
            &before.unwrap_or_default(),
            &after.unwrap_or_default(),
        );
    }
    for node in new.nodes.iter().filter(|node| !old_nodes.contains_key(node.id.as_str())) {
        changes.push(Change::Added {
            keyword: node.keyword(),
            id: node.id.clone(),
            text: node.text.clone(),
        });
    }
    changes
}

/// The word-level differences between two texts.
fn word_diff(old: &str, new: &str) -> Vec<Word> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut words: Vec<Word> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            similar::ChangeTag::Equal => WordTag::Kept,
            similar::ChangeTag::Delete => WordTag::Removed,
            similar::ChangeTag::Insert => WordTag::Added,
        };
        match words.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(change.value()),
            _ => words.push(Word { tag, text: change.value().to_string() }),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flyer() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../policies/levensloopaanpak-medische-gegevens.policy"
        ))
        .unwrap()
    }

    fn compiled(source: &str) -> Policy {
        let compiled = crate::compile(source).unwrap();
        assert!(!compiled.has_errors(), "{:?}", compiled.problems);
        compiled.policy
    }

    fn constraint(question: &str, answer: &str) -> Constraint {
        Constraint {
            question: question.to_string(),
            answers: vec![answer.to_string()],
            of: vec!["ja".to_string(), "nee".to_string()],
        }
    }

    #[test]
    fn an_unchanged_policy_has_no_diff() {
        let policy = compiled(&flyer());
        let diff = diff(&policy, &policy).unwrap();
        assert_eq!(diff.moves, vec![]);
        assert_eq!(diff.changes, vec![]);
        assert_eq!(diff.compared, BigUint::from(128u32));
    }

    #[test]
    fn one_changed_edge_moves_exactly_the_combinations_through_it() {
        let old = compiled(&flyer());
        let changed = flyer().replace(
            "    ja  -> conflict_van_plichten\n    nee -> beroepsgeheim",
            "    ja  -> conflict_van_plichten\n    nee -> conflict_van_plichten",
        );
        let new = compiled(&changed);

        let diff = diff(&old, &new).unwrap();
        assert_eq!(diff.changes, vec![]);
        let [moved] = diff.moves.as_slice() else { panic!("{:?}", diff.moves) };
        assert_eq!(moved.old.outcome, "beroepsgeheim");
        assert_eq!(moved.new.outcome, "conflict_van_plichten");
        assert_eq!(moved.combinations, BigUint::from(1u32));
        assert_eq!(
            moved.conditions,
            vec![vec![
                constraint("zorgprofessional", "ja"),
                constraint("in_behandeling", "ja"),
                constraint("toestemming", "nee"),
                constraint("zorgmachtiging", "nee"),
                constraint("strafrechtelijke_voorwaarde", "nee"),
                constraint("gewetensnood", "ja"),
                constraint("schade_te_voorkomen", "nee"),
            ]]
        );
    }

    #[test]
    fn a_reworded_outcome_is_only_a_wording_change() {
        let old = compiled(&flyer());
        let new = compiled(&flyer().replace(
            "Hier geldt het medisch beroepsgeheim: je mag géén gegevens delen.",
            "Hier geldt het medisch beroepsgeheim: je mag geen gegevens delen.",
        ));
        let diff = diff(&old, &new).unwrap();
        assert_eq!(diff.moves, vec![]);
        let [Change::Changed { id, field, words, .. }] = diff.changes.as_slice() else {
            panic!("{:?}", diff.changes);
        };
        assert_eq!((id.as_str(), *field), ("beroepsgeheim", "text"));
        let removed: Vec<&str> = words
            .iter()
            .filter(|word| word.tag == WordTag::Removed)
            .map(|word| word.text.as_str())
            .collect();
        let added: Vec<&str> = words
            .iter()
            .filter(|word| word.tag == WordTag::Added)
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!((removed, added), (vec!["géén"], vec!["geen"]));
    }

    #[test]
    fn an_added_question_splits_an_outcome() {
        let old = compiled(&flyer());
        let rewired = flyer().replace(
            "    ja  -> delen_met_toestemming\n    nee -> zorgmachtiging",
            "    ja  -> schriftelijk\n    nee -> zorgmachtiging",
        );
        let new = compiled(&format!(
            "{rewired}question schriftelijk (ja_nee) \"Is de toestemming schriftelijk?\" {{\n\
             ja -> delen_met_toestemming\n    nee -> beroepsgeheim\n}}\n"
        ));
        let diff = diff(&old, &new).unwrap();
        assert!(matches!(
            diff.changes.as_slice(),
            [Change::Added { keyword: "question", id, .. }] if id == "schriftelijk"
        ));
        let [moved] = diff.moves.as_slice() else { panic!("{:?}", diff.moves) };
        assert_eq!(
            (moved.old.outcome.as_str(), moved.new.outcome.as_str()),
            ("delen_met_toestemming", "beroepsgeheim")
        );
        // The eight new combinations of schriftelijk = nee under consent, out of 256.
        assert_eq!(moved.combinations, BigUint::from(16u32));
        assert_eq!(diff.compared, BigUint::from(256u32));
    }
}
