//! The `diff` command: what a change to a policy does to its decisions and its texts, for
//! people, for a pull-request comment in Markdown, or as JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use stroom_compiler::{Change, Constraint, Move, PolicyDiff, Word, WordTag};

use crate::diagnostics::Style;
use crate::error::{CliError, Status};

/// How `diff` prints its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DiffFormat {
    /// Text for a terminal.
    Human,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools, as documented in docs/cli.md.
    Json,
}

/// Compares two versions of a policy and prints what changes.
pub(crate) fn diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    exit_code: bool,
    style: Style,
) -> Result<Status, CliError> {
    let before = crate::run::load_clean(old, style)?;
    let after = crate::run::load_clean(new, style)?;
    let diff = stroom_compiler::diff(&before.policy, &after.policy)?;

    let out = match format {
        DiffFormat::Human => human(&diff),
        DiffFormat::Markdown => markdown(&diff),
        DiffFormat::Json => serde_json::to_string_pretty(&DiffJson::of(&diff))? + "\n",
    };
    print!("{out}");
    Ok(if exit_code && !diff.moves.is_empty() { Status::PolicyErrors } else { Status::Clean })
}

fn human(diff: &PolicyDiff) -> String {
    let mut out = String::new();
    if diff.moves.is_empty() {
        let _ = writeln!(out, "No decision changes ({} combinations compared).", diff.compared);
    } else {
        let moved: stroom_compiler::BigUint = diff.moves.iter().map(|m| &m.combinations).sum();
        let _ = writeln!(
            out,
            "Decisions that change: {moved} of {} combinations, in {} {}:",
            diff.compared,
            diff.moves.len(),
            if diff.moves.len() == 1 { "group" } else { "groups" },
        );
        for moved in &diff.moves {
            let _ = writeln!(
                out,
                "\n  {} ({}) -> {} ({}): {} {}",
                moved.old.outcome,
                moved.old.verdict,
                moved.new.outcome,
                moved.new.verdict,
                moved.combinations,
                if moved.combinations == 1u32.into() { "combination" } else { "combinations" },
            );
            for condition in &moved.conditions {
                let _ = writeln!(out, "    when {}", condition_text(condition, ""));
            }
            if moved.more_conditions > 0 {
                let _ = writeln!(out, "    and in {} more cases", moved.more_conditions);
            }
        }
    }

    if !diff.changes.is_empty() {
        let _ = writeln!(out, "\nTexts and declarations that change:");
        for change in &diff.changes {
            let line = match change {
                Change::Added { keyword, id, text } => format!("+ {keyword} {id}{}", quoted(text)),
                Change::Removed { keyword, id, text } => {
                    format!("- {keyword} {id}{}", quoted(text))
                }
                Change::Changed { keyword, id, field, words } => {
                    format!(
                        "~ {keyword} {id}, {field}: {}",
                        inline_words(words, "[-", "-]", "{+", "+}")
                    )
                }
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn quoted(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!(": \"{text}\"") }
}

/// A condition as text: `q = a`, `q != a`, `q is a or b`, joined with "and"; names are put
/// between `quote`s.
fn condition_text(condition: &[Constraint], quote: &str) -> String {
    if condition.is_empty() {
        return "always".to_string();
    }
    let parts: Vec<String> = condition
        .iter()
        .map(|constraint| {
            let question = format!("{quote}{}{quote}", constraint.question);
            match constraint.answers.as_slice() {
                [only] => format!("{question} = {only}"),
                answers if answers.len() + 1 == constraint.of.len() => {
                    let left_out = constraint.of.iter().find(|a| !answers.contains(a));
                    format!("{question} != {}", left_out.map_or("", |a| a.as_str()))
                }
                answers => format!("{question} is {}", answers.join(" or ")),
            }
        })
        .collect();
    parts.join(" and ")
}

/// A word-level change on one line, with the removed and added pieces marked.
fn inline_words(
    words: &[Word],
    remove: &str,
    end_remove: &str,
    add: &str,
    end_add: &str,
) -> String {
    words
        .iter()
        .map(|word| match word.tag {
            WordTag::Kept => word.text.clone(),
            WordTag::Removed => format!("{remove}{}{end_remove}", word.text),
            WordTag::Added => format!("{add}{}{end_add}", word.text),
        })
        .collect()
}

fn markdown(diff: &PolicyDiff) -> String {
    let escape = stroom_render::markdown_inline;
    let mut out = String::from("## Policy changes\n\n");
    if diff.moves.is_empty() {
        let _ = writeln!(out, "No decision changes ({} combinations compared).\n", diff.compared);
    } else {
        let _ = writeln!(out, "### Decisions that change\n");
        let _ = writeln!(out, "| Old decision | New decision | Combinations | When |");
        let _ = writeln!(out, "|---|---|---:|---|");
        for moved in &diff.moves {
            // Ids are letters, digits and underscores, safe inside code spans.
            let mut when: Vec<String> =
                moved.conditions.iter().map(|condition| condition_text(condition, "`")).collect();
            if moved.more_conditions > 0 {
                when.push(format!("and {} more cases", moved.more_conditions));
            }
            let _ = writeln!(
                out,
                "| `{}` ({}) | `{}` ({}) | {} | {} |",
                moved.old.outcome,
                escape(&moved.old.verdict),
                moved.new.outcome,
                escape(&moved.new.verdict),
                moved.combinations,
                when.join("<br>or "),
            );
        }
        let _ = writeln!(out, "\nOut of {} combinations of answers compared.\n", diff.compared);
    }

    if !diff.changes.is_empty() {
        let _ = writeln!(out, "### Texts and declarations that change\n");
        for change in &diff.changes {
            let line = match change {
                Change::Added { keyword, id, text } => {
                    format!("**added** {keyword} `{id}`{}", markdown_quoted(text))
                }
                Change::Removed { keyword, id, text } => {
                    format!("**removed** {keyword} `{id}`{}", markdown_quoted(text))
                }
                Change::Changed { keyword, id, field, words } => {
                    let escaped: Vec<Word> = words
                        .iter()
                        .map(|word| Word { tag: word.tag, text: escape_piece(&word.text) })
                        .collect();
                    let text = inline_words(&escaped, "~~", "~~", "**", "**");
                    format!("**changed** {keyword} `{id}`, {field}: {text}")
                }
            };
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// A piece of a sentence escaped for Markdown, keeping the spaces around it, which the
/// escaping of a whole text would take off.
fn escape_piece(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text.to_string();
    }
    let leading = text.get(..text.len() - text.trim_start().len()).unwrap_or_default();
    let trailing = text.get(text.trim_end().len()..).unwrap_or_default();
    format!("{leading}{}{trailing}", stroom_render::markdown_inline(trimmed))
}

fn markdown_quoted(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": {}", stroom_render::markdown_inline(text))
    }
}

/// The JSON form of a diff.
#[derive(Serialize)]
struct DiffJson<'a> {
    /// The number of combinations compared, as a decimal string (it can exceed 64 bits).
    compared: String,
    moves: Vec<MoveJson<'a>>,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    outcome: &'a str,
    verdict: &'a str,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    old: DecisionJson<'a>,
    new: DecisionJson<'a>,
    combinations: String,
    conditions: Vec<Vec<ConstraintJson<'a>>>,
    more_conditions: usize,
}

#[derive(Serialize)]
struct ConstraintJson<'a> {
    question: &'a str,
    answers: &'a [String],
}

#[derive(Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
enum ChangeJson<'a> {
    Added { keyword: &'a str, id: &'a str, text: &'a str },
    Removed { keyword: &'a str, id: &'a str, text: &'a str },
    Changed { keyword: &'a str, id: &'a str, field: &'a str, old: String, new: String },
}

impl<'a> DiffJson<'a> {
    fn of(diff: &'a PolicyDiff) -> DiffJson<'a> {
        DiffJson {
            compared: diff.compared.to_string(),
            moves: diff.moves.iter().map(MoveJson::of).collect(),
            changes: diff.changes.iter().map(ChangeJson::of).collect(),
        }
    }
}

impl<'a> MoveJson<'a> {
    fn of(moved: &'a Move) -> MoveJson<'a> {
        MoveJson {
            old: DecisionJson { outcome: &moved.old.outcome, verdict: &moved.old.verdict },
            new: DecisionJson { outcome: &moved.new.outcome, verdict: &moved.new.verdict },
            combinations: moved.combinations.to_string(),
            conditions: moved
                .conditions
                .iter()
                .map(|condition| {
                    condition
                        .iter()
                        .map(|c| ConstraintJson { question: &c.question, answers: &c.answers })
                        .collect()
                })
                .collect(),
            more_conditions: moved.more_conditions,
        }
    }
}

impl<'a> ChangeJson<'a> {
    fn of(change: &'a Change) -> ChangeJson<'a> {
        match change {
            Change::Added { keyword, id, text } => ChangeJson::Added { keyword, id, text },
            Change::Removed { keyword, id, text } => ChangeJson::Removed { keyword, id, text },
            Change::Changed { keyword, id, field, words } => {
                let side = |keep: WordTag| -> String {
                    words
                        .iter()
                        .filter(|w| w.tag == WordTag::Kept || w.tag == keep)
                        .map(|w| w.text.as_str())
                        .collect()
                };
                ChangeJson::Changed {
                    keyword,
                    id,
                    field,
                    old: side(WordTag::Removed),
                    new: side(WordTag::Added),
                }
            }
        }
    }
}
