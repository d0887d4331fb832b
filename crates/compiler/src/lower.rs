//! Lowering: from the syntax tree to the [`Policy`] model, resolving every name on the way
//! and reporting the names, answers and header fields that are wrong.
//!
//! Lowering never stops at a problem. A reference that cannot be resolved is left as `None`
//! in the model, so that the checks after it still see the rest of the graph.

use std::collections::HashMap;

use stroom_syntax::Span;
use stroom_syntax::ast::{self, Declaration, HeaderValue, Item};

use crate::policy::{
    Answer, AnswerSet, AnswerSetId, Branch, Header, Node, NodeId, NodeKind, Policy, Verdict,
    VerdictId,
};
use crate::problem::{Problem, ProblemKind};
use crate::suggest::Suggester;

/// The name of the built-in answer set.
pub const YES_NO: &str = "yes_no";

/// Lowers a parsed file to a policy, adding every problem found on the way to `problems`.
pub(crate) fn lower(file: &ast::File, problems: &mut Vec<Problem>) -> Policy {
    let mut lowering = Lowering { problems, suggester: Suggester::new() };

    let policy_decl = lowering.policy_decl(file);
    let language = policy_decl.and_then(header_language).unwrap_or_default();
    let answer_sets = lowering.answer_sets(file, &language);
    let verdicts = lowering.verdicts(file);
    let declared = lowering.declared_nodes(file);

    let scope = Scope {
        answer_sets: index_by_id(answer_sets.iter().map(|set| set.id.as_str())),
        verdicts: index_by_id(verdicts.iter().map(|verdict| verdict.id.as_str())),
        nodes: index_by_id(declared.iter().map(|(id, _)| id.name.as_str())),
        answer_set_list: &answer_sets,
        declared: &declared,
    };
    let nodes = declared.iter().map(|(id, decl)| lowering.node(id, decl, &scope)).collect();

    let (id, header, start) = match policy_decl {
        Some(decl) => lowering.header(decl, &scope),
        None => (String::new(), Header::default(), None),
    };
    Policy { id, header, answer_sets, verdicts, nodes, start }
}

/// The names that references resolve against.
struct Scope<'a> {
    answer_sets: HashMap<&'a str, usize>,
    verdicts: HashMap<&'a str, usize>,
    nodes: HashMap<&'a str, usize>,
    answer_set_list: &'a [AnswerSet],
    declared: &'a [(&'a ast::Ident, &'a Declaration)],
}

struct Lowering<'p> {
    problems: &'p mut Vec<Problem>,
    suggester: Suggester,
}

impl Lowering<'_> {
    fn report(&mut self, kind: ProblemKind, span: Span) {
        self.problems.push(Problem::new(kind, span));
    }

    /// The first `policy` header; any further one is reported.
    fn policy_decl<'f>(&mut self, file: &'f ast::File) -> Option<&'f ast::PolicyDecl> {
        let mut headers = file.declarations.iter().filter_map(|decl| match decl {
            Declaration::Policy(header) => Some(header),
            _ => None,
        });

        let Some(first) = headers.next() else {
            let span = file
                .declarations
                .first()
                .map_or(Span::default(), |decl| Span::new(decl.span().start, decl.span().start));
            self.report(ProblemKind::MissingHeader, span);
            return None;
        };
        for extra in headers {
            let problem = Problem::new(ProblemKind::DuplicateHeader, extra.id.span)
                .with_related(first.id.span, "first header");
            self.problems.push(problem);
        }
        Some(first)
    }

    /// The header fields, each checked for presence and for duplicates.
    fn header(
        &mut self,
        decl: &ast::PolicyDecl,
        scope: &Scope<'_>,
    ) -> (String, Header, Option<NodeId>) {
        let mut header = Header::default();
        let mut start = None;
        let mut seen: HashMap<&'static str, Span> = HashMap::new();

        for field in &decl.fields {
            let name = field_name(&field.value);
            if let Some(first) = seen.insert(name, field.keyword) {
                let problem =
                    Problem::new(ProblemKind::DuplicateField { field: name }, field.keyword)
                        .with_related(first, "first given here");
                self.problems.push(problem);
                continue;
            }
            match &field.value {
                HeaderValue::Title(text) => header.title.clone_from(&text.value),
                HeaderValue::Intro(text) => header.intro = Some(text.value.clone()),
                HeaderValue::Source(text) => header.source = Some(text.value.clone()),
                HeaderValue::Language(tag) => {
                    if !is_language_tag(&tag.name) {
                        self.report(
                            ProblemKind::InvalidLanguage { tag: tag.name.clone() },
                            tag.span,
                        );
                    }
                    header.language.clone_from(&tag.name);
                }
                HeaderValue::Start(node) => start = self.node_ref(node, scope),
            }
        }

        for field in ["title", "language", "start"] {
            if !seen.contains_key(field) {
                self.report(ProblemKind::MissingField { field }, decl.id.span);
            }
        }
        if !seen.contains_key("source") {
            self.report(ProblemKind::MissingSource, decl.id.span);
        }
        (decl.id.name.clone(), header, start)
    }

    /// The built-in `yes_no` set followed by every declared set.
    fn answer_sets(&mut self, file: &ast::File, language: &str) -> Vec<AnswerSet> {
        let (yes, no) = match language.split('-').next() {
            Some("nl") => ("Ja", "Nee"),
            _ => ("Yes", "No"),
        };
        let builtin = AnswerSet {
            id: YES_NO.to_string(),
            answers: vec![
                Answer { id: "yes".to_string(), label: yes.to_string() },
                Answer { id: "no".to_string(), label: no.to_string() },
            ],
            span: None,
        };
        let mut sets = vec![builtin];
        let mut seen: HashMap<&str, Span> = HashMap::new();

        for decl in &file.declarations {
            let Declaration::Answers(decl) = decl else { continue };
            if decl.id.name == YES_NO {
                self.report(ProblemKind::Reserved { name: decl.id.name.clone() }, decl.id.span);
                continue;
            }
            if !self.first_declaration(&mut seen, &decl.id, "answer set") {
                continue;
            }
            if decl.answers.is_empty() {
                let kind = ProblemKind::EmptyAnswerSet { set: decl.id.name.clone() };
                self.report(kind, decl.id.span);
            }
            let answers = self.labelled(&decl.answers, "answer");
            let answers = answers.into_iter().map(|(id, label, _)| Answer { id, label }).collect();
            sets.push(AnswerSet { id: decl.id.name.clone(), answers, span: Some(decl.id.span) });
        }
        sets
    }

    /// Every declared verdict, from all `verdicts` blocks together.
    fn verdicts(&mut self, file: &ast::File) -> Vec<Verdict> {
        let entries: Vec<ast::Labelled> = file
            .declarations
            .iter()
            .filter_map(|decl| match decl {
                Declaration::Verdicts(decl) => Some(decl.verdicts.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        self.labelled(&entries, "verdict")
            .into_iter()
            .map(|(id, label, span)| Verdict { id, label, span })
            .collect()
    }

    /// The entries of a labelled list without duplicates, as `(id, label, span)`.
    fn labelled(
        &mut self,
        entries: &[ast::Labelled],
        what: &'static str,
    ) -> Vec<(String, String, Span)> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut unique = Vec::new();
        for entry in entries {
            if self.first_declaration(&mut seen, &entry.id, what) {
                let label = entry.label.as_ref().map_or(&entry.id.name, |label| &label.value);
                unique.push((entry.id.name.clone(), label.clone(), entry.id.span));
            }
        }
        unique
    }

    /// The node declarations with their ids, without the ones whose id is taken already.
    fn declared_nodes<'f>(
        &mut self,
        file: &'f ast::File,
    ) -> Vec<(&'f ast::Ident, &'f Declaration)> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut nodes = Vec::new();
        for decl in &file.declarations {
            let Some(id) = decl.node_id() else { continue };
            if self.first_declaration(&mut seen, id, "node") {
                nodes.push((id, decl));
            }
        }
        nodes
    }

    /// Records `id` as declared and returns `true`, or reports it as a duplicate of the
    /// earlier declaration and returns `false`.
    fn first_declaration<'n>(
        &mut self,
        seen: &mut HashMap<&'n str, Span>,
        id: &'n ast::Ident,
        what: &'static str,
    ) -> bool {
        match seen.get(id.name.as_str()) {
            Some(&first) => {
                let kind = ProblemKind::Duplicate { what, name: id.name.clone() };
                let problem =
                    Problem::new(kind, id.span).with_related(first, "first declared here");
                self.problems.push(problem);
                false
            }
            None => {
                seen.insert(&id.name, id.span);
                true
            }
        }
    }

    /// Lowers one node declaration.
    fn node(&mut self, id: &ast::Ident, decl: &Declaration, scope: &Scope<'_>) -> Node {
        let items = decl.items();
        let mut node = Node {
            id: id.name.clone(),
            span: id.span,
            kind: NodeKind::Step { next: None },
            text: String::new(),
            explanation: None,
            laws: Vec::new(),
            notes: Vec::new(),
        };
        self.details(&mut node, decl.keyword(), items);

        node.kind = match decl {
            Declaration::Question(question) => {
                let answer_set = self.answer_set_ref(question.answer_set.as_ref(), scope);
                node.text.clone_from(&question.text.value);
                let set = answer_set.and_then(|set| scope.answer_set_list.get(set.0));
                let branches = self.arms(items, set, scope);
                NodeKind::Question { answer_set, branches }
            }
            Declaration::Recall(recall) => {
                let question = self.question_ref(&recall.question, scope);
                let question_decl =
                    question.and_then(|question| scope.declared.get(question.0)).map(|(_, d)| *d);
                if let Some(Declaration::Question(question_decl)) = question_decl {
                    node.text.clone_from(&question_decl.text.value);
                }
                let set = question_decl
                    .and_then(|decl| match decl {
                        Declaration::Question(question) => {
                            self.quiet_answer_set_ref(question.answer_set.as_ref(), scope)
                        }
                        _ => None,
                    })
                    .and_then(|set| scope.answer_set_list.get(set.0));
                let branches = self.arms(items, set, scope);
                NodeKind::Recall { question, branches }
            }
            Declaration::Step(step) => {
                node.text.clone_from(&step.text.value);
                NodeKind::Step { next: self.next(step, scope) }
            }
            Declaration::Outcome(outcome) => {
                node.text.clone_from(&outcome.text.value);
                let verdict = match &outcome.verdict {
                    Some(verdict) => self.verdict_ref(verdict, scope),
                    None => {
                        let kind = ProblemKind::MissingVerdict { outcome: id.name.clone() };
                        self.report(kind, id.span);
                        None
                    }
                };
                NodeKind::Outcome { verdict }
            }
            _ => NodeKind::Step { next: None },
        };
        node
    }

    /// Fills in the explanation, laws and notes, and reports the items this kind of node
    /// cannot have.
    fn details(&mut self, node: &mut Node, keyword: &'static str, items: &[Item]) {
        for item in items {
            let misplaced = match item {
                Item::Explain(_) | Item::Law(_) => keyword == "recall",
                Item::Note(_) => keyword != "outcome",
                Item::Arm(_) => keyword == "step" || keyword == "outcome",
                Item::Next(_) => keyword != "step",
            };
            if misplaced {
                let (name, span) = item_name_and_span(item);
                self.report(ProblemKind::MisplacedItem { item: name, keyword }, span);
                continue;
            }
            match item {
                Item::Explain(text) if node.explanation.is_some() => {
                    self.report(ProblemKind::DuplicateExplanation, text.span);
                }
                Item::Explain(text) => node.explanation = Some(text.value.clone()),
                Item::Law(text) => node.laws.push(text.value.clone()),
                Item::Note(text) => node.notes.push(text.value.clone()),
                Item::Arm(_) | Item::Next(_) => {}
            }
        }
    }

    /// The branches of a question or recall by answer index, reporting unknown and doubled
    /// answers.
    ///
    /// Without a known answer set the answers cannot be checked; the branches are then kept
    /// in written order, so that the nodes they lead to still count as reached.
    fn arms(
        &mut self,
        items: &[Item],
        set: Option<&AnswerSet>,
        scope: &Scope<'_>,
    ) -> Vec<Option<Branch>> {
        let mut branches: Vec<Option<Branch>> = vec![None; set.map_or(0, |set| set.answers.len())];
        // A map pays off only for large answer sets; most have two or three answers.
        let index_of: HashMap<&str, usize> = set
            .filter(|set| set.answers.len() > 16)
            .map(|set| set.answers.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect())
            .unwrap_or_default();
        let find = |set: &AnswerSet, name: &str| match index_of.get(name) {
            Some(&index) => Some(index),
            None if index_of.is_empty() => set.answers.iter().position(|a| a.id == name),
            None => None,
        };
        for item in items {
            let Item::Arm(arm) = item else { continue };
            let target = self.node_ref(&arm.target, scope);
            let Some(set) = set else {
                branches.push(Some(Branch { target, span: arm.span() }));
                continue;
            };

            let Some(index) = find(set, &arm.answer.name) else {
                let suggestion = self
                    .suggester
                    .closest(&arm.answer.name, set.answers.iter().map(|answer| answer.id.as_str()));
                let kind = ProblemKind::UnknownAnswer {
                    answer: arm.answer.name.clone(),
                    set: set.id.clone(),
                    suggestion,
                };
                self.report(kind, arm.answer.span);
                continue;
            };
            match branches.get_mut(index) {
                Some(Some(first)) => {
                    let kind = ProblemKind::DuplicateArm { answer: arm.answer.name.clone() };
                    let problem = Problem::new(kind, arm.span())
                        .with_related(first.span, "first handled here");
                    self.problems.push(problem);
                }
                Some(slot) => *slot = Some(Branch { target, span: arm.span() }),
                None => {}
            }
        }
        branches
    }

    /// The one next node of a step.
    fn next(&mut self, step: &ast::StepDecl, scope: &Scope<'_>) -> Option<Branch> {
        let mut nexts = step.items.iter().filter_map(|item| match item {
            Item::Next(next) => Some(next),
            _ => None,
        });
        let Some(first) = nexts.next() else {
            self.report(ProblemKind::MissingNext { step: step.id.name.clone() }, step.id.span);
            return None;
        };
        for extra in nexts {
            let problem = Problem::new(ProblemKind::DuplicateNext, extra.span)
                .with_related(first.span, "first next node");
            self.problems.push(problem);
        }
        Some(Branch { target: self.node_ref(&first.target, scope), span: first.span })
    }

    fn node_ref(&mut self, name: &ast::Ident, scope: &Scope<'_>) -> Option<NodeId> {
        let found = scope.nodes.get(name.name.as_str()).copied().map(NodeId);
        if found.is_none() {
            self.undefined("node", name, scope.nodes.keys().copied());
        }
        found
    }

    fn question_ref(&mut self, name: &ast::Ident, scope: &Scope<'_>) -> Option<NodeId> {
        let id = self.node_ref(name, scope)?;
        match scope.declared.get(id.0) {
            Some((_, Declaration::Question(_))) => Some(id),
            Some((_, other)) => {
                let keyword = other.keyword();
                let kind = ProblemKind::NotAQuestion { name: name.name.clone(), keyword };
                self.report(kind, name.span);
                None
            }
            None => None,
        }
    }

    fn answer_set_ref(
        &mut self,
        name: Option<&ast::Ident>,
        scope: &Scope<'_>,
    ) -> Option<AnswerSetId> {
        let found = self.quiet_answer_set_ref(name, scope);
        if let (Some(name), None) = (name, found) {
            self.undefined("answer set", name, scope.answer_sets.keys().copied());
        }
        found
    }

    /// Resolves an answer set without reporting a failure, which the question's own
    /// lowering reports.
    fn quiet_answer_set_ref(
        &self,
        name: Option<&ast::Ident>,
        scope: &Scope<'_>,
    ) -> Option<AnswerSetId> {
        let name = name.map_or(YES_NO, |name| name.name.as_str());
        scope.answer_sets.get(name).copied().map(AnswerSetId)
    }

    fn verdict_ref(&mut self, name: &ast::Ident, scope: &Scope<'_>) -> Option<VerdictId> {
        let found = scope.verdicts.get(name.name.as_str()).copied().map(VerdictId);
        if found.is_none() {
            self.undefined("verdict", name, scope.verdicts.keys().copied());
        }
        found
    }

    fn undefined<'a>(
        &mut self,
        what: &'static str,
        name: &ast::Ident,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let suggestion = if self.suggester.has_budget() {
            let mut candidates: Vec<&str> = candidates.into_iter().collect();
            // Sorted, so that a tie between two candidates always goes the same way.
            candidates.sort_unstable();
            self.suggester.closest(&name.name, candidates)
        } else {
            None
        };
        let kind = ProblemKind::Undefined { what, name: name.name.clone(), suggestion };
        self.report(kind, name.span);
    }
}

fn header_language(decl: &ast::PolicyDecl) -> Option<String> {
    decl.fields.iter().find_map(|field| match &field.value {
        HeaderValue::Language(tag) => Some(tag.name.clone()),
        _ => None,
    })
}

/// Whether `tag` has the shape of a language tag: a primary language of two or three letters,
/// then subtags of one to eight letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn field_name(value: &HeaderValue) -> &'static str {
    match value {
        HeaderValue::Title(_) => "title",
        HeaderValue::Intro(_) => "intro",
        HeaderValue::Source(_) => "source",
        HeaderValue::Language(_) => "language",
        HeaderValue::Start(_) => "start",
    }
}

fn index_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    ids.enumerate().map(|(index, id)| (id, index)).collect()
}

fn item_name_and_span(item: &Item) -> (&'static str, Span) {
    match item {
        Item::Explain(text) => ("explain", text.span),
        Item::Law(text) => ("law", text.span),
        Item::Note(text) => ("note", text.span),
        Item::Arm(arm) => ("arm", arm.span()),
        Item::Next(next) => ("->", next.span),
    }
}
