//! The compiled policy: the header, the answer sets, the verdicts and the decision graph,
//! with every name resolved to an index.
//!
//! Lowering builds this model even from a policy with errors, leaving a reference that could
//! not be resolved as `None`, so that every check can still run and report its own
//! problems. Only a policy without errors may be evaluated.

use stroom_syntax::Span;

/// The index of a node in [`Policy::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub usize);

/// The index of an answer set in [`Policy::answer_sets`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnswerSetId(pub usize);

/// The index of a verdict in [`Policy::verdicts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VerdictId(pub usize);

/// A compiled policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The machine id from the `policy` header.
    pub id: String,
    /// What the header says about the whole flowchart.
    pub header: Header,
    /// Every answer set, the built-in `yes_no` first.
    pub answer_sets: Vec<AnswerSet>,
    /// Every declared verdict, in declaration order.
    pub verdicts: Vec<Verdict>,
    /// Every node of the decision graph, in declaration order.
    pub nodes: Vec<Node>,
    /// The node the flow starts at.
    pub start: Option<NodeId>,
}

/// The fields of the `policy` header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// The title of the flowchart.
    pub title: String,
    /// The text shown before the flowchart, if any.
    pub intro: Option<String>,
    /// Where the flowchart was published, if said.
    pub source: Option<String>,
    /// The language tag of every text in the policy, such as `nl`.
    pub language: String,
}

/// A set of answers a question can have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerSet {
    /// The name of the set.
    pub id: String,
    /// The answers, in the order documents show them.
    pub answers: Vec<Answer>,
    /// Where the set is declared; `None` for the built-in `yes_no`.
    pub span: Option<Span>,
}

/// One answer of an answer set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The machine id, used in arms and on the command line.
    pub id: String,
    /// The label people read, such as "Ja".
    pub label: String,
}

/// A verdict an outcome can have, such as `share` or `no_share`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The machine id.
    pub id: String,
    /// The label people read, as in a legend.
    pub label: String,
    /// Where it is declared.
    pub span: Span,
}

/// A node of the decision graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The id other nodes refer to.
    pub id: String,
    /// Where the id is declared.
    pub span: Span,
    /// What the node does.
    pub kind: NodeKind,
    /// The text people read; for a recall, the text of the recalled question.
    pub text: String,
    /// The explanation, if any.
    pub explanation: Option<String>,
    /// Legal references, in source order.
    pub laws: Vec<String>,
    /// Points of attention on an outcome, in source order.
    pub notes: Vec<String>,
}

/// What a node does, with its outgoing edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Asks a question and branches on the answer.
    Question {
        /// The answer set of the question; `None` when its name is not defined.
        answer_set: Option<AnswerSetId>,
        /// For each answer of the set, by index, the branch written for it.
        branches: Vec<Option<Branch>>,
    },
    /// Branches on the answer an earlier question got on the way here.
    Recall {
        /// The question whose answer is reused.
        question: Option<NodeId>,
        /// For each answer of that question's set, by index, the branch written for it.
        branches: Vec<Option<Branch>>,
    },
    /// A box with exactly one next node.
    Step {
        /// The next node.
        next: Option<Branch>,
    },
    /// Ends the flow with a verdict.
    Outcome {
        /// The verdict of the outcome.
        verdict: Option<VerdictId>,
    },
}

/// An edge of the decision graph as the author wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Branch {
    /// The node it leads to; `None` when the name is not defined.
    pub target: Option<NodeId>,
    /// The arm, or the `-> next` of a step.
    pub span: Span,
}

impl Policy {
    /// The node with index `id`.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0)
    }

    /// The node whose id is `name`.
    pub fn node_named(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|node| node.id == name).map(NodeId)
    }

    /// The answer set with index `id`.
    pub fn answer_set(&self, id: AnswerSetId) -> Option<&AnswerSet> {
        self.answer_sets.get(id.0)
    }

    /// The verdict with index `id`.
    pub fn verdict(&self, id: VerdictId) -> Option<&Verdict> {
        self.verdicts.get(id.0)
    }

    /// The answer set a question or recall node branches on.
    pub fn answer_set_of(&self, id: NodeId) -> Option<&AnswerSet> {
        match &self.node(id)?.kind {
            NodeKind::Question { answer_set, .. } => self.answer_set((*answer_set)?),
            NodeKind::Recall { question: Some(question), .. } => self.answer_set_of(*question),
            _ => None,
        }
    }

    /// The ids of the nodes, by index.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).map(NodeId)
    }
}

impl Node {
    /// The resolved targets of the node's edges, in answer order.
    pub fn successors(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.branches().filter_map(|(_, branch)| branch.target)
    }

    /// The node's edges with the index of the answer each is for (0 for a step).
    pub fn branches(&self) -> impl Iterator<Item = (usize, &Branch)> + '_ {
        let (branches, next): (&[Option<Branch>], Option<&Branch>) = match &self.kind {
            NodeKind::Question { branches, .. } | NodeKind::Recall { branches, .. } => {
                (branches, None)
            }
            NodeKind::Step { next } => (&[], next.as_ref()),
            NodeKind::Outcome { .. } => (&[], None),
        };
        let arms = branches
            .iter()
            .enumerate()
            .filter_map(|(answer, branch)| Some((answer, branch.as_ref()?)));
        arms.chain(next.map(|branch| (0, branch)))
    }

    /// Whether the node ends the flow.
    pub fn is_outcome(&self) -> bool {
        matches!(self.kind, NodeKind::Outcome { .. })
    }

    /// The word for the kind of node, as authors write it.
    pub fn keyword(&self) -> &'static str {
        match self.kind {
            NodeKind::Question { .. } => "question",
            NodeKind::Recall { .. } => "recall",
            NodeKind::Step { .. } => "step",
            NodeKind::Outcome { .. } => "outcome",
        }
    }
}
