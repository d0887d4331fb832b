//! Policies for measuring Stroom at scale and for feeding it hostile input: a deterministic
//! generator of valid `.policy` files of any size and of the shapes that break naive code
//! (deep chains, wide questions, sub-flows shared by every path), and the bundled flyer.
//!
//! The same [`Spec`] always gives the same text. Every generated policy compiles without
//! errors or warnings; the tests below check that for small sizes of every shape.

mod chain;
mod layered;
mod random;
mod shared;
mod spec;
mod text;
mod wide;
mod writer;

pub use spec::{Shape, Spec, UnknownShape};

/// The bundled flyer policy, the real example Stroom was designed on.
pub const FLYER: &str = include_str!("../../../policies/levensloopaanpak-medische-gegevens.policy");

/// The text of the policy `spec` describes.
pub fn generate(spec: &Spec) -> String {
    match spec.shape {
        Shape::Layered => layered::layered(spec),
        Shape::Chain => chain::chain(spec),
        Shape::Wide => wide::wide(spec),
        Shape::Shared => shared::shared(spec),
    }
}

#[cfg(test)]
mod tests {
    use super::{Shape, Spec, generate};

    /// Compiles `spec`'s policy and asserts that it has no problem at all.
    fn assert_clean(spec: &Spec) {
        let text = generate(spec);
        let compiled = match stroom_compiler::compile(&text) {
            Ok(compiled) => compiled,
            Err(errors) => panic!("{spec:?} does not parse: {errors:?}\n{text}"),
        };
        let codes: Vec<_> = compiled
            .problems
            .iter()
            .map(|problem| format!("{} at {:?}", problem.kind, problem.span))
            .collect();
        assert!(codes.is_empty(), "{spec:?} has problems: {codes:#?}\n{text}");
    }

    #[test]
    fn every_shape_is_clean_at_small_sizes_with_every_option() {
        for shape in Shape::ALL {
            for size in [0, 1, 2, 3, 5, 20, 60, 200] {
                for seed in 0..2 {
                    for recalls in [false, true] {
                        for long_texts in [false, true] {
                            let spec = Spec::new(shape, size)
                                .seed(seed)
                                .recalls(recalls)
                                .long_texts(long_texts);
                            assert_clean(&spec);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn many_seeds_of_the_layered_shape_are_clean() {
        for seed in 0..100 {
            assert_clean(&Spec::new(Shape::Layered, 120).seed(seed));
        }
    }

    #[test]
    fn the_same_spec_gives_the_same_text_and_another_seed_another() {
        let spec = Spec::new(Shape::Layered, 500);
        assert_eq!(generate(&spec), generate(&spec));
        assert_ne!(generate(&spec), generate(&spec.clone().seed(2)));
    }

    /// The number of nodes declared in `text`, each at the start of a line.
    fn nodes(text: &str) -> usize {
        let keywords = ["question ", "step ", "outcome ", "recall "];
        text.lines().filter(|line| keywords.iter().any(|k| line.starts_with(k))).count()
    }

    #[test]
    fn sizes_are_roughly_as_asked() {
        for size in [1_000, 10_000] {
            for shape in [Shape::Layered, Shape::Shared] {
                let nodes = nodes(&generate(&Spec::new(shape, size)));
                assert!(nodes >= size * 9 / 10 && nodes <= size * 11 / 10, "{shape}: {nodes}");
            }
        }
        let chain = generate(&Spec::new(Shape::Chain, 1_000).recalls(false));
        assert_eq!(nodes(&chain), 1_000 + 5);
        let wide = generate(&Spec::new(Shape::Wide, 1_000).recalls(false));
        assert_eq!(wide.matches(" -> ").count(), 1_000);
    }

    /// The number of paths from the start of a policy without recalls, counted over the
    /// graph in reverse topological order (declaration order is not one, so it repeats until
    /// nothing changes).
    fn count_paths(policy: &stroom_compiler::Policy) -> f64 {
        let mut paths = vec![0f64; policy.nodes.len()];
        loop {
            let mut changed = false;
            for (index, node) in policy.nodes.iter().enumerate() {
                let count = if node.is_outcome() {
                    1.0
                } else {
                    node.successors().map(|next| paths[next.0]).sum()
                };
                if count != paths[index] {
                    paths[index] = count;
                    changed = true;
                }
            }
            if !changed {
                return paths[policy.start.unwrap().0];
            }
        }
    }

    #[test]
    fn paths_grow_exponentially_while_the_text_grows_linearly() {
        let count = |size| {
            let text = generate(&Spec::new(Shape::Layered, size).recalls(false));
            (text.len(), count_paths(&stroom_compiler::compile(&text).unwrap().policy))
        };
        let (small_text, small_paths) = count(200);
        let (large_text, large_paths) = count(400);
        assert!(large_text < small_text * 3);
        assert!(large_paths > small_paths * 1000.0, "{small_paths} -> {large_paths}");
    }
}
