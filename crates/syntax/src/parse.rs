//! The parser: pest matches the grammar in `grammar.pest`, and this module turns the matched
//! pairs into the syntax tree of [`crate::ast`], and pest's errors into [`SyntaxError`]s.

use pest::Parser as _;
use pest::iterators::Pair;

use crate::ast::{
    AnswersDecl, Arm, Assignment, Condition, ConditionKind, Declaration, Expectation, File,
    HeaderField, HeaderValue, Ident, InvariantDecl, Item, Labelled, Next, OutcomeDecl, PolicyDecl,
    QuestionDecl, RecallDecl, ScenarioDecl, ScenarioItem, StepDecl, Text, VerdictsDecl,
};
use crate::error::{Context, SyntaxError, SyntaxErrorKind};
use crate::{Span, lexical};

/// The pest parser generated from `grammar.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// Parses the text of a policy file into its syntax tree.
///
/// A byte-order mark at the start is accepted, and spans count it, so that they are offsets
/// into `source` as given. On failure, every lexical mistake is returned, or else the first
/// place where the text stops matching the grammar.
pub fn parse(source: &str) -> Result<File, Vec<SyntaxError>> {
    let lexical_errors = lexical::scan(source);
    if !lexical_errors.is_empty() {
        return Err(lexical_errors);
    }

    let mut pairs =
        Grammar::parse(Rule::file, source).map_err(|error| vec![syntax_error(source, &error)])?;

    let declarations = pairs
        .next()
        .into_iter()
        .flat_map(Pair::into_inner)
        .filter(|pair| pair.as_rule() != Rule::EOI)
        .map(declaration)
        .collect();
    Ok(File { declarations })
}

fn declaration(pair: Pair<'_, Rule>) -> Declaration {
    let span = Span::from(pair.as_span());
    let rule = pair.as_rule();
    let mut parts = Parts::new(pair);

    match rule {
        Rule::policy_decl => {
            let id = parts.ident();
            let fields = parts.rest().filter_map(header_field).collect();
            Declaration::Policy(PolicyDecl { id, fields, span })
        }
        Rule::answers_decl => {
            let id = parts.ident();
            let answers = parts.rest().filter_map(labelled).collect();
            Declaration::Answers(AnswersDecl { id, answers, span })
        }
        Rule::verdicts_decl => {
            let keyword = parts.keyword;
            let verdicts = parts.rest().filter_map(labelled).collect();
            Declaration::Verdicts(VerdictsDecl { verdicts, keyword, span })
        }
        Rule::question_decl => {
            let id = parts.ident();
            let answer_set = parts.kind();
            let text = parts.text();
            let items = parts.items();
            Declaration::Question(QuestionDecl { id, answer_set, text, items, span })
        }
        Rule::step_decl => {
            let id = parts.ident();
            let text = parts.text();
            let items = parts.items();
            Declaration::Step(StepDecl { id, text, items, span })
        }
        Rule::outcome_decl => {
            let id = parts.ident();
            let verdict = parts.kind();
            let text = parts.text();
            let items = parts.items();
            Declaration::Outcome(OutcomeDecl { id, verdict, text, items, span })
        }
        Rule::scenario_decl => {
            let id = parts.ident();
            let items = parts.rest().filter_map(scenario_item).collect();
            Declaration::Scenario(ScenarioDecl { id, items, span })
        }
        Rule::invariant_decl => {
            let id = parts.ident();
            let mut when = None;
            let mut then = None;
            for item in parts.rest() {
                let is_when = item.as_rule() == Rule::when_item;
                let condition = item.into_inner().nth(1).map(condition);
                if is_when { when = condition } else { then = condition }
            }
            let then = then.unwrap_or(Condition { kind: ConditionKind::All(Vec::new()), span });
            Declaration::Invariant(InvariantDecl { id, when, then, span })
        }
        _ => {
            let id = parts.ident();
            let question = parts.ident();
            let items = parts.items();
            Declaration::Recall(RecallDecl { id, question, items, span })
        }
    }
}

fn scenario_item(pair: Pair<'_, Rule>) -> Option<ScenarioItem> {
    let rule = pair.as_rule();
    let span = Span::from(pair.as_span());
    let mut inner = pair.into_inner().skip(1).peekable();
    match rule {
        Rule::given_item => {
            let assignments = inner
                .filter_map(|assignment| {
                    let mut parts = assignment.into_inner();
                    let question = ident(parts.next()?);
                    let answer = ident(parts.next()?);
                    Some(Assignment { question, answer })
                })
                .collect();
            Some(ScenarioItem::Given(assignments))
        }
        _ => {
            let next = inner.next_if(|pair| pair.as_rule() == Rule::kw_next).is_some();
            let target = ident(inner.next()?);
            Some(ScenarioItem::Expect(Expectation { next, target, span }))
        }
    }
}

/// Builds a condition. Nesting only comes from parentheses, whose depth the lexical pass
/// bounds, so this recursion is shallow.
fn condition(pair: Pair<'_, Rule>) -> Condition {
    let span = Span::from(pair.as_span());
    let rule = pair.as_rule();
    let mut inner =
        pair.into_inner().filter(|pair| !matches!(pair.as_rule(), Rule::kw_and | Rule::kw_or));

    let kind = match rule {
        Rule::condition | Rule::conjunction => {
            let mut parts: Vec<Condition> = inner.map(condition).collect();
            if parts.len() == 1
                && let Some(only) = parts.pop()
            {
                return only;
            }
            if rule == Rule::condition {
                ConditionKind::Any(parts)
            } else {
                ConditionKind::All(parts)
            }
        }
        Rule::negation => {
            let mut negations = 0;
            let mut primary = None;
            for part in inner {
                if part.as_rule() == Rule::kw_not {
                    negations += 1;
                } else {
                    primary = Some(condition(part));
                }
            }
            let primary = primary.unwrap_or(Condition { kind: ConditionKind::All(vec![]), span });
            // Two negations cancel, so a long run of `not` never builds a deep tree.
            if negations % 2 == 0 {
                return primary;
            }
            ConditionKind::Not(Box::new(primary))
        }
        Rule::asked | Rule::reaches => {
            let name = inner.nth(1).map(ident).unwrap_or_else(|| empty_ident(span));
            if rule == Rule::asked {
                ConditionKind::Asked(name)
            } else {
                ConditionKind::Reaches(name)
            }
        }
        _ => {
            let subject = inner.next();
            let equal = inner.next().is_none_or(|comparison| comparison.as_str() == "=");
            let object = inner.next().map(ident).unwrap_or_else(|| empty_ident(span));
            match (rule, subject) {
                (Rule::outcome_is, _) => ConditionKind::Outcome { outcome: object, equal },
                (Rule::verdict_is, _) => ConditionKind::Verdict { verdict: object, equal },
                (_, subject) => ConditionKind::Answer {
                    question: subject.map(ident).unwrap_or_else(|| empty_ident(span)),
                    answer: object,
                    equal,
                },
            }
        }
    };
    Condition { kind, span }
}

fn empty_ident(span: Span) -> Ident {
    Ident { name: String::new(), span }
}

/// Walks the inner pairs of a declaration, whose shape the grammar guarantees, skipping the
/// punctuation and keywords that carry no meaning of their own.
struct Parts<'i> {
    pairs: std::iter::Peekable<pest::iterators::Pairs<'i, Rule>>,
    keyword: Span,
}

impl<'i> Parts<'i> {
    fn new(pair: Pair<'i, Rule>) -> Parts<'i> {
        let mut pairs = pair.into_inner().peekable();
        let keyword = pairs.next().map(|pair| Span::from(pair.as_span())).unwrap_or_default();
        Parts { pairs, keyword }
    }

    /// The next meaningful pair.
    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.pairs.find(|pair| !is_punctuation(pair.as_rule()))
    }

    fn ident(&mut self) -> Ident {
        self.next().map(ident).unwrap_or_else(|| Ident { name: String::new(), span: self.keyword })
    }

    fn text(&mut self) -> Text {
        self.next().map(text).unwrap_or_else(|| Text { value: String::new(), span: self.keyword })
    }

    fn kind(&mut self) -> Option<Ident> {
        let is_kind = self.pairs.peek().is_some_and(|pair| pair.as_rule() == Rule::kind);
        if !is_kind {
            return None;
        }
        self.pairs.next().and_then(|kind| kind.into_inner().next()).map(ident)
    }

    fn rest(self) -> impl Iterator<Item = Pair<'i, Rule>> {
        self.pairs.filter(|pair| !is_punctuation(pair.as_rule()))
    }

    fn items(self) -> Vec<Item> {
        self.rest().filter_map(item).collect()
    }
}

fn is_punctuation(rule: Rule) -> bool {
    matches!(rule, Rule::open | Rule::close | Rule::arrow | Rule::kw_on)
}

fn header_field(pair: Pair<'_, Rule>) -> Option<HeaderField> {
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    let keyword = Span::from(inner.next()?.as_span());
    let value_pair = inner.next()?;
    let value = match rule {
        Rule::title_field => HeaderValue::Title(text(value_pair)),
        Rule::intro_field => HeaderValue::Intro(text(value_pair)),
        Rule::source_field => HeaderValue::Source(text(value_pair)),
        Rule::language_field => HeaderValue::Language(ident(value_pair)),
        Rule::start_field => HeaderValue::Start(ident(value_pair)),
        _ => return None,
    };
    Some(HeaderField { value, keyword })
}

fn labelled(pair: Pair<'_, Rule>) -> Option<Labelled> {
    let mut inner = pair.into_inner();
    let id = ident(inner.next()?);
    let label = inner.next().map(text);
    Some(Labelled { id, label })
}

fn item(pair: Pair<'_, Rule>) -> Option<Item> {
    let rule = pair.as_rule();
    let span = Span::from(pair.as_span());
    let mut inner = pair.into_inner().filter(|pair| !is_punctuation(pair.as_rule()));
    let first = inner.next()?;
    Some(match rule {
        Rule::explain_item => Item::Explain(text(inner.next()?)),
        Rule::law_item => Item::Law(text(inner.next()?)),
        Rule::note_item => Item::Note(text(inner.next()?)),
        Rule::arm => Item::Arm(Arm { answer: ident(first), target: ident(inner.next()?) }),
        Rule::next_item => Item::Next(Next { target: ident(first), span }),
        _ => return None,
    })
}

fn ident(pair: Pair<'_, Rule>) -> Ident {
    Ident { name: pair.as_str().to_string(), span: Span::from(pair.as_span()) }
}

/// Decodes a text: its string literals, unescaped and joined with one space.
fn text(pair: Pair<'_, Rule>) -> Text {
    // The pair of the whole text can take in the white space after its last string, so the
    // span is taken from the strings themselves.
    let strings: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
    let span = match (strings.first(), strings.last()) {
        (Some(first), Some(last)) => Span::from(first.as_span()).to(Span::from(last.as_span())),
        _ => Span::default(),
    };
    let parts: Vec<String> = strings
        .into_iter()
        .filter_map(|string| string.into_inner().next())
        .map(|content| lexical::unescape(content.as_str()))
        .collect();
    Text { value: parts.join(" "), span }
}

/// Turns pest's error into words for authors: what could have stood at the failing place,
/// what stands there instead, and in which declaration.
fn syntax_error(source: &str, error: &pest::error::Error<Rule>) -> SyntaxError {
    let at = match error.location {
        pest::error::InputLocation::Pos(at) => at,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    let (found, span) = found_at(source, at);

    let mut expected: Vec<&str> = match &error.variant {
        // Pest names the whole file when nothing of it matches; what could start it is any
        // declaration.
        pest::error::ErrorVariant::ParsingError { positives, .. }
            if positives.contains(&Rule::file) =>
        {
            DECLARATION_KEYWORDS.to_vec()
        }
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|rule| describe(*rule)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.dedup();
    // The end of the file is the least likely thing the author meant, so it goes last.
    expected.sort_by_key(|description| *description == "the end of the file");

    let suggestion = source.get(span.range()).and_then(|word| suggest_keyword(word, &expected));
    let context =
        if expected.contains(&"`question`") { Context::TopLevel } else { context_at(source, at) };
    let expected = expected.into_iter().map(str::to_string).collect();
    SyntaxError::new(SyntaxErrorKind::Unexpected { expected, found, context, suggestion }, span)
}

/// The keywords a declaration can start with, as [`describe`] words them.
const DECLARATION_KEYWORDS: [&str; 9] = [
    "`policy`",
    "`answers`",
    "`verdicts`",
    "`question`",
    "`step`",
    "`outcome`",
    "`recall`",
    "`scenario`",
    "`invariant`",
];

/// Describes a rule of the grammar in an author's words; `None` for rules an author never
/// needs to hear about.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the file",
        Rule::kw_policy => "`policy`",
        Rule::kw_answers => "`answers`",
        Rule::kw_verdicts => "`verdicts`",
        Rule::kw_question => "`question`",
        Rule::kw_step => "`step`",
        Rule::kw_outcome => "`outcome`",
        Rule::kw_recall => "`recall`",
        Rule::kw_on => "`on`",
        Rule::kw_title => "`title`",
        Rule::kw_intro => "`intro`",
        Rule::kw_source => "`source`",
        Rule::kw_language => "`language`",
        Rule::kw_start => "`start`",
        Rule::kw_explain => "`explain`",
        Rule::kw_law => "`law`",
        Rule::kw_note => "`note`",
        Rule::kw_scenario => "`scenario`",
        Rule::kw_invariant => "`invariant`",
        Rule::kw_given => "`given`",
        Rule::kw_expect => "`expect`",
        Rule::kw_next => "`next`",
        Rule::kw_when => "`when`",
        Rule::kw_then => "`then`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_asked => "`asked`",
        Rule::kw_reaches => "`reaches`",
        Rule::kw_verdict => "`verdict`",
        Rule::comparison => "`=` or `!=`",
        Rule::condition | Rule::conjunction | Rule::negation => "a condition",
        Rule::given_item => "`given`",
        Rule::expect_item => "`expect`",
        Rule::when_item => "`when`",
        Rule::then_item => "`then`",
        Rule::assignment => "an answer such as `question = answer`",
        Rule::ident | Rule::labelled | Rule::arm => "a name",
        Rule::language => "a language tag such as `nl`",
        Rule::text | Rule::string => "a text in double quotes",
        Rule::open => "`{`",
        Rule::close => "`}`",
        Rule::arrow | Rule::next_item => "`->`",
        Rule::kind => "`(`",
        _ => return None,
    })
}

/// What stands at `at`, in words, and the span to point at: a whole word, one character,
/// or the empty span at the end of the file.
fn found_at(source: &str, at: usize) -> (String, Span) {
    let rest = source.get(at..).unwrap_or_default();
    let Some(first) = rest.chars().next() else {
        return ("the end of the file".to_string(), Span::new(at, at));
    };

    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    if is_word(first) {
        let length = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        let word = rest.get(..length).unwrap_or_default();
        return (format!("`{word}`"), Span::new(at, at + length));
    }

    let span = Span::new(at, at + first.len_utf8());
    let found = match first {
        '"' => "a text".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    };
    (found, span)
}

/// The keyword among `expected` that `word` is most likely a misspelling of.
fn suggest_keyword(word: &str, expected: &[&str]) -> Option<String> {
    expected
        .iter()
        .filter_map(|description| description.strip_prefix('`')?.strip_suffix('`'))
        .filter(|keyword| keyword.chars().all(char::is_alphabetic))
        .map(|keyword| (strsim::damerau_levenshtein(word, keyword), keyword))
        .filter(|(distance, keyword)| *distance > 0 && *distance <= keyword.len() / 3 + 1)
        .min()
        .map(|(_, keyword)| keyword.to_string())
}

/// The declaration that `at` is in, judged from the last declaration keyword that starts a
/// line before it. Only the help line depends on this.
fn context_at(source: &str, at: usize) -> Context {
    let before = source.get(..at).unwrap_or_default();
    before
        .lines()
        .rev()
        .find_map(|line| match line.split_whitespace().next()? {
            "policy" => Some(Context::Policy),
            "answers" | "verdicts" => Some(Context::LabelledList),
            "question" => Some(Context::Question),
            "step" => Some(Context::Step),
            "outcome" => Some(Context::Outcome),
            "recall" => Some(Context::Recall),
            "scenario" => Some(Context::Scenario),
            "invariant" => Some(Context::Invariant),
            "}" => Some(Context::TopLevel),
            _ => None,
        })
        .unwrap_or(Context::TopLevel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_question(source: &str) -> QuestionDecl {
        match parse(source).unwrap().declarations.into_iter().next() {
            Some(Declaration::Question(question)) => question,
            other => panic!("expected a question, got {other:?}"),
        }
    }

    #[test]
    fn adjacent_strings_join_with_one_space() {
        let question = only_question("question q \"Is dit\"\n  \"één vraag?\" { }");
        assert_eq!(question.text.value, "Is dit één vraag?");
        assert_eq!(question.text.span, Span::new(11, 36));
    }

    #[test]
    fn text_span_ends_at_the_closing_quote() {
        let question = only_question("question q \"Q?\"   \n { }");
        assert_eq!(question.text.span, Span::new(11, 15));
    }

    #[test]
    fn byte_order_mark_is_accepted_and_counted_in_spans() {
        let question = only_question("\u{feff}question q \"Q?\" { }");
        assert_eq!(question.id.span, Span::new(12, 13));
    }

    #[test]
    fn keywords_do_not_swallow_the_start_of_a_name() {
        let errors = parse("questionq \"Q?\" { }").unwrap_err();
        assert!(matches!(errors[0].kind, SyntaxErrorKind::Unexpected { .. }));
    }

    #[test]
    fn answer_named_like_a_keyword_is_an_arm() {
        let question = only_question("question q \"Q?\" { law -> x note -> y }");
        let answers: Vec<&str> = question
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Arm(arm) => Some(arm.answer.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(answers, ["law", "note"]);
    }

    #[test]
    fn misspelled_keyword_gets_a_suggestion() {
        let errors = parse("questoin q \"Q?\" { }").unwrap_err();
        let SyntaxErrorKind::Unexpected { suggestion, context, .. } = &errors[0].kind else {
            panic!("unexpected {:?}", errors[0].kind);
        };
        assert_eq!(suggestion.as_deref(), Some("question"));
        assert_eq!(*context, Context::TopLevel);
        assert_eq!(errors[0].span, Span::new(0, 8));
    }

    #[test]
    fn error_at_the_end_points_at_the_end() {
        let source = "question q \"Q?\" {";
        let errors = parse(source).unwrap_err();
        assert_eq!(errors[0].span, Span::new(source.len(), source.len()));
    }
}
