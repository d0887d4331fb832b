//! The exact analysis: for every node, the set of answer combinations whose decision passes
//! it, held symbolically as a binary decision diagram (BDD).
//!
//! Each question's answer is encoded in binary over as few BDD variables as its answer set
//! needs, ordered as the questions appear in the flow. One pass over the acyclic graph in
//! topological order builds every node's set from its predecessors' sets; no path and no
//! single combination is ever enumerated. With these sets an invariant is proved for all
//! combinations or refuted with one that breaks it, the combinations that reach an outcome
//! are counted, and the recall checks become exact.
//!
//! Limitation: a BDD can grow exponentially in the worst case, and in a deep policy the sets
//! grow with the depth, so their total grows with its square. Every operation is bounded by
//! [`NODE_LIMIT`] and all sets together by [`TOTAL_LIMIT`]; a policy past either is refused
//! with [`AnalysisError::TooLarge`] instead of exhausting time and memory, and the checker
//! then falls back on the linear recall pass.

use std::collections::{HashMap, HashSet};

use biodivine_lib_bdd::{Bdd, BddVariable, BddVariableSet, op_function};
use num_bigint::BigUint;

use crate::check::graph::Adjacency;
use crate::eval::Answers;
use crate::invariant::{Condition, Invariant};
use crate::policy::{NodeId, NodeKind, Policy};

/// The most BDD nodes any one set may have.
pub const NODE_LIMIT: usize = 1 << 21;

/// The most BDD nodes the sets of all nodes together may have. Each set is built from its
/// predecessors' sets, so this bounds the work of the whole analysis, not only its memory:
/// in a deep policy the sets grow with the depth, and their total with its square.
pub const TOTAL_LIMIT: usize = 1 << 20;

/// Why a policy cannot be analysed exactly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum AnalysisError {
    /// The policy has errors that leave the flow incomplete.
    #[error("the policy has errors, so it cannot be analysed")]
    #[diagnostic(code(stroom::analysis::incomplete), help("run `stroom check` and fix its errors"))]
    Incomplete,
    /// More answer bits than the BDD library can number.
    #[error("the answers need {needed} variables, more than the {limit} the analysis can hold")]
    #[diagnostic(code(stroom::analysis::too_many_variables), help("split the policy"))]
    TooManyVariables {
        /// How many variables the policy needs.
        needed: usize,
        /// How many there can be.
        limit: usize,
    },
    /// A set, or all sets together, grew past their node limit.
    #[error("its sets of answer combinations need more than {limit} diagram nodes")]
    #[diagnostic(code(stroom::analysis::too_large), help("split the policy"))]
    TooLarge {
        /// The node limit.
        limit: usize,
    },
}

/// How the answers of questions are encoded in BDD variables, by question id, so that two
/// versions of a policy can share one encoding.
#[derive(Clone, Debug)]
pub(crate) struct Encoding {
    variables: BddVariableSet,
    codes: HashMap<String, Code>,
    /// The question ids in variable order.
    order: Vec<String>,
}

/// The encoding of one question: its bits, least significant first, and the answer ids in
/// the order of the values they are encoded as.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    /// The BDD variables of the answer.
    pub(crate) bits: Vec<BddVariable>,
    /// The answer ids, by encoded value.
    pub(crate) answers: Vec<String>,
}

impl Encoding {
    /// One encoding for the questions of all `policies`, matched by id; a question's answers
    /// are the union of its answers in each policy. Questions come in flow order, so that
    /// related answers sit close together in the variable order.
    pub(crate) fn of(policies: &[&Policy]) -> Result<Encoding, AnalysisError> {
        // Each policy alone needs at least its own bits; refuse at once when that is too many.
        let limit = usize::from(u16::MAX);
        for policy in policies {
            let needed: usize = policy
                .node_ids()
                .filter(|&id| {
                    policy.node(id).is_some_and(|n| matches!(n.kind, NodeKind::Question { .. }))
                })
                .map(|id| bits_for(policy.answer_set_of(id).map_or(0, |set| set.answers.len())))
                .sum();
            if needed > limit {
                return Err(AnalysisError::TooManyVariables { needed, limit });
            }
        }

        let mut order: Vec<String> = Vec::new();
        let mut answers: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for policy in policies {
            for id in topological_order(policy).ok_or(AnalysisError::Incomplete)? {
                let Some(node) = policy.node(id) else { continue };
                if !matches!(node.kind, NodeKind::Question { .. }) {
                    continue;
                }
                let set = policy.answer_set_of(id).ok_or(AnalysisError::Incomplete)?;
                let known = answers.entry(node.id.clone()).or_insert_with(|| {
                    order.push(node.id.clone());
                    Vec::new()
                });
                for answer in &set.answers {
                    if seen.insert((node.id.as_str(), answer.id.as_str())) {
                        known.push(answer.id.clone());
                    }
                }
            }
        }

        let needed: usize =
            order.iter().map(|id| bits_for(answers.get(id).map_or(0, Vec::len))).sum();
        let limit = usize::from(u16::MAX);
        let count =
            u16::try_from(needed).map_err(|_| AnalysisError::TooManyVariables { needed, limit })?;
        let variables = BddVariableSet::new_anonymous(count);
        let all = variables.variables();
        let mut codes = HashMap::new();
        let mut next = 0;
        for id in order.clone() {
            let answers = answers.remove(&id).unwrap_or_default();
            let width = bits_for(answers.len());
            let bits = all.get(next..next + width).map(<[BddVariable]>::to_vec).unwrap_or_default();
            next += width;
            codes.insert(id, Code { bits, answers });
        }
        Ok(Encoding { variables, codes, order })
    }

    /// The questions in variable order, with their encodings.
    pub(crate) fn questions(&self) -> impl Iterator<Item = (&str, &Code)> {
        self.order.iter().filter_map(|id| Some((id.as_str(), self.codes.get(id)?)))
    }

    /// The encoding of the question `id`.
    pub(crate) fn code(&self, id: &str) -> Option<&Code> {
        self.codes.get(id)
    }

    /// The variables every set of this encoding is over.
    pub(crate) fn variables(&self) -> &BddVariableSet {
        &self.variables
    }

    /// The combinations in which the question's encoded answer is `value`.
    fn value_is(&self, code: &Code, value: usize) -> Bdd {
        let literals: Vec<(BddVariable, bool)> = code
            .bits
            .iter()
            .enumerate()
            .map(|(bit, &variable)| (variable, value >> bit & 1 == 1))
            .collect();
        self.variables.mk_true().select(&literals)
    }
}

/// The sets of answer combinations that reach each node of a policy.
pub struct Analysis {
    encoding: Encoding,
    /// For each node index that is a question, its code and, by answer index, the value that
    /// answer is encoded as.
    questions: Vec<Option<(Code, Vec<usize>)>>,
    /// Every valid combination: each question's encoded answer is one of its answers.
    domain: Bdd,
    /// For each node index, the combinations whose decision passes the node.
    reach: Vec<Bdd>,
}

impl Analysis {
    /// Analyses `policy`, which must be acyclic with every reference resolved.
    pub fn new(policy: &Policy) -> Result<Analysis, AnalysisError> {
        Analysis::with_encoding(policy, Encoding::of(&[policy])?)
    }

    /// Analyses `policy` in `encoding`, which must cover its questions and answers.
    pub(crate) fn with_encoding(
        policy: &Policy,
        encoding: Encoding,
    ) -> Result<Analysis, AnalysisError> {
        let order = topological_order(policy).ok_or(AnalysisError::Incomplete)?;
        let mut questions = vec![None; policy.nodes.len()];
        for id in policy.node_ids() {
            let Some(node) = policy.node(id) else { continue };
            if !matches!(node.kind, NodeKind::Question { .. }) {
                continue;
            }
            let code = encoding.code(&node.id).cloned().ok_or(AnalysisError::Incomplete)?;
            let set = policy.answer_set_of(id).ok_or(AnalysisError::Incomplete)?;
            let value_of: HashMap<&str, usize> =
                code.answers.iter().enumerate().map(|(value, id)| (id.as_str(), value)).collect();
            let values = set
                .answers
                .iter()
                .map(|answer| value_of.get(answer.id.as_str()).copied())
                .collect::<Option<Vec<usize>>>()
                .ok_or(AnalysisError::Incomplete)?;
            if let Some(slot) = questions.get_mut(id.0) {
                *slot = Some((code, values));
            }
        }

        let variables = encoding.variables().clone();
        let mut analysis = Analysis {
            domain: variables.mk_true(),
            reach: vec![variables.mk_false(); policy.nodes.len()],
            encoding,
            questions,
        };
        analysis.domain = analysis.build_domain(policy)?;
        analysis.propagate(policy, &order)?;
        Ok(analysis)
    }

    /// Every valid combination of answers to this policy's questions.
    pub(crate) fn domain(&self) -> &Bdd {
        &self.domain
    }

    /// Every valid combination of answers.
    ///
    /// Each question constrains only its own variables, so the constraints are joined in a
    /// balanced tree: joining them one by one would copy the growing whole every time.
    fn build_domain(&self, policy: &Policy) -> Result<Bdd, AnalysisError> {
        let mut parts = Vec::new();
        for id in policy.node_ids() {
            let Some(NodeKind::Question { branches, .. }) = policy.node(id).map(|n| &n.kind) else {
                continue;
            };
            let mut valid = self.encoding.variables().mk_false();
            for answer in 0..branches.len() {
                valid = or(&valid, &self.answer_is(id, answer))?;
            }
            if !valid.is_true() {
                parts.push(valid);
            }
        }

        while parts.len() > 1 {
            let mut joined = Vec::with_capacity(parts.len().div_ceil(2));
            let mut pairs = parts.into_iter();
            while let Some(left) = pairs.next() {
                joined.push(match pairs.next() {
                    Some(right) => and(&left, &right)?,
                    None => left,
                });
            }
            parts = joined;
        }
        let domain = parts.pop().unwrap_or_else(|| self.encoding.variables().mk_true());
        if domain.size() > TOTAL_LIMIT {
            return Err(AnalysisError::TooLarge { limit: TOTAL_LIMIT });
        }
        Ok(domain)
    }

    /// Builds each node's set from its predecessors', in topological order.
    fn propagate(&mut self, policy: &Policy, order: &[NodeId]) -> Result<(), AnalysisError> {
        let start = policy.start.ok_or(AnalysisError::Incomplete)?;
        if let Some(slot) = self.reach.get_mut(start.0) {
            *slot = self.domain.clone();
        }

        let mut total = 0usize;
        for &id in order {
            let node = policy.node(id).ok_or(AnalysisError::Incomplete)?;
            let here = self.reach.get(id.0).cloned().ok_or(AnalysisError::Incomplete)?;
            if here.is_false() {
                continue;
            }
            // The node's set is final now: every predecessor came before it in the order.
            total += here.size();
            if total > TOTAL_LIMIT {
                return Err(AnalysisError::TooLarge { limit: TOTAL_LIMIT });
            }
            let asked = match node.kind {
                NodeKind::Question { .. } => Some(id),
                NodeKind::Recall { question, .. } => {
                    Some(question.ok_or(AnalysisError::Incomplete)?)
                }
                NodeKind::Step { .. } | NodeKind::Outcome { .. } => None,
            };
            for (answer, branch) in node.branches() {
                let target = branch.target.ok_or(AnalysisError::Incomplete)?;
                let passing = match asked {
                    Some(question) => and(&here, &self.answer_is(question, answer))?,
                    None => here.clone(),
                };
                let slot = self.reach.get_mut(target.0).ok_or(AnalysisError::Incomplete)?;
                *slot = or(slot, &passing)?;
            }
        }
        Ok(())
    }

    /// The combinations in which `question` has the answer with index `answer`.
    pub(crate) fn answer_is(&self, question: NodeId, answer: usize) -> Bdd {
        match self.questions.get(question.0) {
            Some(Some((code, values))) => match values.get(answer) {
                Some(&value) => self.encoding.value_is(code, value),
                None => self.encoding.variables().mk_false(),
            },
            _ => self.encoding.variables().mk_false(),
        }
    }

    /// The combinations whose decision passes `node`.
    pub(crate) fn reach(&self, node: NodeId) -> Bdd {
        self.reach.get(node.0).cloned().unwrap_or_else(|| self.encoding.variables().mk_false())
    }

    /// The number of combinations of answers to all questions.
    pub fn total(&self) -> BigUint {
        self.domain.exact_cardinality()
    }

    /// The number of combinations whose decision passes `node`.
    pub fn combinations(&self, node: NodeId) -> BigUint {
        self.reach(node).exact_cardinality()
    }

    /// Whether some combination's decision passes `node`.
    pub fn is_reachable(&self, node: NodeId) -> bool {
        !self.reach(node).is_false()
    }

    /// The combinations for which `condition` holds of the decision.
    pub fn condition(&self, policy: &Policy, condition: &Condition) -> Result<Bdd, AnalysisError> {
        // The combinations that end in an outcome `keep` accepts.
        let outcomes = |keep: &dyn Fn(NodeId, &NodeKind) -> bool| -> Result<Bdd, AnalysisError> {
            let mut set = self.encoding.variables().mk_false();
            for id in policy.node_ids() {
                let Some(node) = policy.node(id) else { continue };
                if node.is_outcome() && keep(id, &node.kind) {
                    set = or(&set, &self.reach(id))?;
                }
            }
            Ok(set)
        };
        Ok(match condition {
            Condition::Any(parts) => {
                let mut set = self.encoding.variables().mk_false();
                for part in parts {
                    set = or(&set, &self.condition(policy, part)?)?;
                }
                set
            }
            Condition::All(parts) => {
                let mut set = self.domain.clone();
                for part in parts {
                    set = and(&set, &self.condition(policy, part)?)?;
                }
                set
            }
            Condition::Not(part) => self.domain.and_not(&self.condition(policy, part)?),
            Condition::Reaches(node) | Condition::Asked(node) => self.reach(*node),
            Condition::Answer { question, answer, equal: true } => {
                and(&self.reach(*question), &self.answer_is(*question, *answer))?
            }
            Condition::Answer { question, answer, equal: false } => {
                self.reach(*question).and_not(&self.answer_is(*question, *answer))
            }
            Condition::Outcome { outcome, equal } => outcomes(&|id, _| (id == *outcome) == *equal)?,
            Condition::Verdict { verdict, equal } => outcomes(&|_, kind| {
                let NodeKind::Outcome { verdict: Some(v) } = kind else { return false };
                (*v == *verdict) == *equal
            })?,
            Condition::Unresolved => self.encoding.variables().mk_false(),
        })
    }

    /// A combination of answers for which `invariant` does not hold, or `None` when it
    /// holds for all of them.
    pub fn refute(
        &self,
        policy: &Policy,
        invariant: &Invariant,
    ) -> Result<Option<Answers>, AnalysisError> {
        let when = match &invariant.when {
            Some(when) => self.condition(policy, when)?,
            None => self.domain.clone(),
        };
        let broken = when.and_not(&self.condition(policy, &invariant.then)?);
        Ok(self.witness(policy, &broken))
    }

    /// One combination in `set`, as answers to every question.
    pub(crate) fn witness(&self, policy: &Policy, set: &Bdd) -> Option<Answers> {
        let valuation = set.sat_witness()?;
        let mut answers = Answers::new(policy);
        for (index, question) in self.questions.iter().enumerate() {
            let Some((code, values)) = question else { continue };
            let value: usize = code
                .bits
                .iter()
                .enumerate()
                .map(|(bit, &variable)| usize::from(valuation.value(variable)) << bit)
                .sum();
            answers.set(NodeId(index), values.iter().position(|&known| known == value));
        }
        Some(answers)
    }
}

/// The number of bits that can number `count` answers.
fn bits_for(count: usize) -> usize {
    let mut bits = 0;
    while (1usize << bits) < count {
        bits += 1;
    }
    bits
}

/// The nodes in topological order, or `None` when the graph has a cycle.
pub(crate) fn topological_order(policy: &Policy) -> Option<Vec<NodeId>> {
    let adjacency = Adjacency::of(policy);
    let components = adjacency.components(policy.start);
    let mut order = Vec::with_capacity(policy.nodes.len());
    for component in components.iter().rev() {
        let [node] = component.as_slice() else { return None };
        if adjacency.successors(*node).contains(node) {
            return None;
        }
        order.push(*node);
    }
    Some(order)
}

fn and(left: &Bdd, right: &Bdd) -> Result<Bdd, AnalysisError> {
    Bdd::binary_op_with_limit(NODE_LIMIT, left, right, op_function::and)
        .ok_or(AnalysisError::TooLarge { limit: NODE_LIMIT })
}

fn or(left: &Bdd, right: &Bdd) -> Result<Bdd, AnalysisError> {
    Bdd::binary_op_with_limit(NODE_LIMIT, left, right, op_function::or)
        .ok_or(AnalysisError::TooLarge { limit: NODE_LIMIT })
}
