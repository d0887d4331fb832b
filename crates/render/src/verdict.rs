//! How each verdict looks in a diagram: a fill colour paired with a border style, so that
//! outcomes stay distinguishable when printed in grey.

use stroom_compiler::{NodeKind, Policy, VerdictId};

/// The style of the border of an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Border {
    /// A plain line.
    Solid,
    /// A dashed line.
    Dashed,
    /// A thick line.
    Bold,
    /// A dotted line.
    Dotted,
    /// Two plain lines.
    Double,
}

/// The look of one verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Look {
    /// The fill colour, as `#rrggbb`.
    pub(crate) fill: &'static str,
    /// The border colour, a darker shade of the fill.
    pub(crate) stroke: &'static str,
    /// The border style.
    pub(crate) border: Border,
}

/// Fill and border colours, light enough to print text on; their lightness differs too.
const COLOURS: [(&str, &str); 6] = [
    ("#c4e8bc", "#2e6b25"),
    ("#ffdc94", "#8a5a00"),
    ("#f3aaaa", "#8f1f1f"),
    ("#bcd7f3", "#24527f"),
    ("#e4e4e4", "#4a4a4a"),
    ("#e2c8ee", "#5c2d70"),
];

/// Border styles. There are five against six colours, so the first thirty verdicts all get a
/// different pair.
const BORDERS: [Border; 5] =
    [Border::Solid, Border::Dashed, Border::Bold, Border::Dotted, Border::Double];

/// The look of the verdict with index `verdict`.
pub(crate) fn look(verdict: VerdictId) -> Look {
    let (fill, stroke) =
        COLOURS.get(verdict.0 % COLOURS.len()).copied().unwrap_or(("#ffffff", "#000000"));
    let border = BORDERS.get(verdict.0 % BORDERS.len()).copied().unwrap_or(Border::Solid);
    Look { fill, stroke, border }
}

/// The verdicts that some outcome of `policy` has, in declaration order: the legend shows
/// only these.
pub(crate) fn used(policy: &Policy) -> Vec<VerdictId> {
    let mut used = vec![false; policy.verdicts.len()];
    for node in &policy.nodes {
        if let NodeKind::Outcome { verdict: Some(verdict) } = node.kind
            && let Some(flag) = used.get_mut(verdict.0)
        {
            *flag = true;
        }
    }
    (0..policy.verdicts.len())
        .filter(|&index| used.get(index) == Some(&true))
        .map(VerdictId)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_thirty_verdicts_look_different() {
        let looks: Vec<Look> = (0..30).map(|index| look(VerdictId(index))).collect();
        for (index, one) in looks.iter().enumerate() {
            for other in looks.iter().skip(index + 1) {
                assert!((one.fill, one.border) != (other.fill, other.border));
            }
        }
    }
}
