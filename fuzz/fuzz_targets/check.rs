//! Feeds arbitrary bytes to every stage that reads a policy: the parser, the whole compile
//! with its diagnostics rendered as the command renders them, and, for a policy without
//! errors, the exact analysis, the scenarios and invariants, evaluation, a bounded path
//! listing and the three text documents. A panic, a stack overflow, a hang or running out
//! of memory is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};
use stroom_compiler::{Analysis, Answers, compile, evaluate, paths, verify};

fuzz_target!(|bytes: &[u8]| {
    // The command refuses bytes that are not UTF-8 before parsing; so does this target.
    let Ok(text) = std::str::from_utf8(bytes) else { return };

    let _ = stroom_syntax::parse(text);
    let compiled = match compile(text) {
        Ok(compiled) => compiled,
        Err(errors) => {
            assert!(!errors.is_empty(), "a parse failed without saying why");
            render(text, &errors);
            return;
        }
    };
    render(text, &compiled.problems);
    if compiled.has_errors() {
        return;
    }

    let policy = &compiled.policy;
    let _ = Analysis::new(policy);
    let _ = verify(policy, &compiled.claims);
    let mut answers = Answers::new(policy);
    evaluate(policy, &answers).expect("a policy without errors evaluates");
    for id in policy.node_ids() {
        answers.set(id, Some(0));
    }
    evaluate(policy, &answers).expect("a policy without errors evaluates");
    paths(policy, 20).expect("a policy without errors lists its paths");
    stroom_render::markdown(policy).expect("a policy without errors renders");
    stroom_render::mermaid(policy);
    stroom_render::dot(policy);
});

/// Renders diagnostics with miette's graphical handler, as the command does, so that every
/// span the compiler produces is checked against the text it points into.
fn render<D>(text: &str, diagnostics: &[D])
where
    D: miette::Diagnostic + Clone + Send + Sync + 'static,
{
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    for diagnostic in diagnostics {
        let source = NamedSource::new("fuzz.policy", text.to_string());
        let report = miette::Report::new(diagnostic.clone()).with_source_code(source);
        let mut out = String::new();
        handler.render_report(&mut out, report.as_ref()).expect("rendering into a string");
    }
}
