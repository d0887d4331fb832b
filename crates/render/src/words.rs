//! The fixed words of generated documents, such as headings and the legend's title, in the
//! language of the policy.
//!
//! Only the policy's own texts are in its language by nature; every word a document adds
//! comes from here. Dutch is used for `nl` and its regional variants, English for `en` and
//! as the fallback for every other language.

/// The fixed words of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    /// The heading of the list of questions.
    pub questions: &'static str,
    /// The heading of the list of outcomes.
    pub outcomes: &'static str,
    /// The heading of the decision table.
    pub decision_table: &'static str,
    /// The heading of the source of the policy.
    pub source: &'static str,
    /// The title of the legend of verdicts.
    pub legend: &'static str,
    /// What stands before the notes of an outcome.
    pub note: &'static str,
    /// What stands before legal references.
    pub laws: &'static str,
    /// What stands before an explanation.
    pub explanation: &'static str,
    /// The heading of the column of answers.
    pub answer: &'static str,
    /// The heading of the column of where an answer leads, and what stands before the node
    /// after a step.
    pub next: &'static str,
    /// What stands before the verdict of an outcome.
    pub verdict: &'static str,
    /// The heading of the column of outcomes in the decision table.
    pub outcome: &'static str,
    /// A reference to a question by its number, in running text.
    pub question_ref: &'static str,
    /// A reference to a step by its number, in running text.
    pub step_ref: &'static str,
    /// A reference to an outcome by its number, in running text.
    pub outcome_ref: &'static str,
    /// How the decision table is read.
    pub table_intro: &'static str,
    /// What a recall shows beside the recalled question in a diagram.
    pub recall_mark: &'static str,
    /// The sentence under a recall in the list of questions; `{}` is replaced by the number
    /// of the recalled question.
    recall_sentence: &'static str,
    /// The sentence under a decision table cut short; `{}` is replaced by the number of rows.
    cut_short_sentence: &'static str,
}

/// The Dutch words.
const DUTCH: Words = Words {
    questions: "Vragen",
    outcomes: "Uitkomsten",
    decision_table: "Beslistabel",
    source: "Bron",
    legend: "Legenda",
    note: "Let op",
    laws: "Wetgeving",
    explanation: "Toelichting",
    answer: "Antwoord",
    next: "Daarna",
    verdict: "Oordeel",
    outcome: "Uitkomst",
    question_ref: "vraag",
    step_ref: "stap",
    outcome_ref: "uitkomst",
    table_intro: "Elke rij is één pad door het schema: de antwoorden op de genummerde vragen \
                  en de uitkomst waar ze toe leiden.",
    recall_mark: "(antwoord van eerder)",
    recall_sentence: "Hier telt het antwoord dat op vraag {} is gegeven; \
                      die vraag wordt niet opnieuw gesteld.",
    cut_short_sentence: "De tabel is ingekort: alleen de eerste {} paden staan erin.",
};

/// The English words, also used for every language without words of its own.
const ENGLISH: Words = Words {
    questions: "Questions",
    outcomes: "Outcomes",
    decision_table: "Decision table",
    source: "Source",
    legend: "Legend",
    note: "Note",
    laws: "Legal references",
    explanation: "Explanation",
    answer: "Answer",
    next: "Then",
    verdict: "Verdict",
    outcome: "Outcome",
    question_ref: "question",
    step_ref: "step",
    outcome_ref: "outcome",
    table_intro: "Each row is one path through the chart: the answers to the numbered questions \
                  and the outcome they lead to.",
    recall_mark: "(earlier answer)",
    recall_sentence: "The answer given to question {} counts here; that question is not asked \
                      again.",
    cut_short_sentence: "The table is cut short: it lists only the first {} paths.",
};

impl Words {
    /// The words for the language tag `language`, by its primary subtag: Dutch for `nl`,
    /// English otherwise.
    pub fn for_language(language: &str) -> Words {
        let primary = language.split('-').next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("nl") { DUTCH } else { ENGLISH }
    }

    /// The sentence saying that a recall uses the answer to question `number`.
    pub fn recall_sentence(&self, number: usize) -> String {
        self.recall_sentence.replacen("{}", &number.to_string(), 1)
    }

    /// The sentence saying that the decision table lists only its first `rows` paths.
    pub fn cut_short(&self, rows: usize) -> String {
        self.cut_short_sentence.replacen("{}", &rows.to_string(), 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_for_nl_and_its_regions_english_otherwise() {
        assert_eq!(Words::for_language("nl").questions, "Vragen");
        assert_eq!(Words::for_language("nl-BE").questions, "Vragen");
        assert_eq!(Words::for_language("NL").questions, "Vragen");
        assert_eq!(Words::for_language("en").questions, "Questions");
        assert_eq!(Words::for_language("de").questions, "Questions");
    }

    #[test]
    fn sentences_take_their_number() {
        let words = Words::for_language("en");
        assert_eq!(words.cut_short(3), "The table is cut short: it lists only the first 3 paths.");
        assert!(words.recall_sentence(2).starts_with("The answer given to question 2 counts"));
    }
}
