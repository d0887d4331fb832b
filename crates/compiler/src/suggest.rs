//! "Did you mean" suggestions for names that are not declared.

use std::cell::Cell;

/// How many suggestions one compilation looks for at most.
///
/// Each search compares the name with every candidate, so without a bound a file full of
/// misspelled references would cost time quadratic in its size.
const SEARCH_BUDGET: usize = 64;

/// Finds the candidate a misspelled name most likely meant, within a bounded budget of
/// searches per compilation.
#[derive(Debug)]
pub(crate) struct Suggester {
    searches_left: Cell<usize>,
}

impl Suggester {
    /// A suggester with a fresh budget.
    pub(crate) fn new() -> Suggester {
        Suggester { searches_left: Cell::new(SEARCH_BUDGET) }
    }

    /// Whether any searches are left; callers can skip gathering candidates when not.
    pub(crate) fn has_budget(&self) -> bool {
        self.searches_left.get() > 0
    }

    /// The candidate closest to `name`, if one is close enough to be a likely misspelling.
    ///
    /// Limitation: once the budget is spent, later misspellings get no suggestion.
    pub(crate) fn closest<'a>(
        &self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let left = self.searches_left.get();
        if left == 0 {
            return None;
        }
        self.searches_left.set(left - 1);

        let limit = (name.chars().count() / 3).max(1);
        candidates
            .into_iter()
            .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
            .filter(|(distance, _)| *distance <= limit)
            .min()
            .map(|(_, candidate)| candidate.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        let suggester = Suggester::new();
        let names = ["toestemming", "zorgmachtiging", "gewetensnood"];
        assert_eq!(suggester.closest("toestemmign", names), Some("toestemming".to_string()));
        assert_eq!(suggester.closest("zorgmachtigng", names), Some("zorgmachtiging".to_string()));
    }

    #[test]
    fn suggests_nothing_for_a_name_far_from_all() {
        let suggester = Suggester::new();
        assert_eq!(suggester.closest("avg", ["toestemming", "gewetensnood"]), None);
    }

    #[test]
    fn stops_suggesting_when_the_budget_is_spent() {
        let suggester = Suggester::new();
        for _ in 0..SEARCH_BUDGET {
            assert!(suggester.closest("ja", ["ja"]).is_some());
        }
        assert_eq!(suggester.closest("ja", ["ja"]), None);
    }
}
