//! Hostile input: huge, deep, wide, broken and strange files. Every one gets a clear
//! diagnostic or a clean refusal, never a panic, a hang, a stack overflow or a half-written
//! file. The command is run with a time limit, so that a hang fails the test instead of
//! stalling it; the limits are generous multiples of the measured times, which are printed
//! (`cargo test hostile -- --nocapture`) and not asserted.
//!
//! The property tests at the end feed arbitrary text and mutations of valid policies to every
//! stage in the process. Their case counts are small enough for CI; `PROPTEST_CASES` raises
//! them.

use std::path::Path;
use std::time::{Duration, Instant};

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};
use proptest::prelude::*;
use stroom_bench::{FLYER, Shape, Spec, generate};
use stroom_compiler::{Analysis, AnalysisError, Answers, compile, evaluate, paths, verify};

use crate::support::{Run, Scratch};

/// How long one run of the command may take before it counts as hung. The slowest run here,
/// the check of a chain of 100 000 questions, took 13 s in a debug build on a busy machine of
/// two cores, and 1.2 s in a release build.
const HANG: Duration = Duration::from_secs(120);

/// Runs `stroom` in `dir` with `args` and the environment `env`, killed after [`HANG`].
/// Asserts that it ended by itself with exit code 0, 1 or 2, and without a panic.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = Instant::now();
    let output = assert_cmd::Command::cargo_bin("stroom")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args)
        .timeout(HANG)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    println!("stroom {}: {elapsed:.2?}", args.join(" "));

    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(elapsed < HANG, "`stroom {}` was stopped after {HANG:?}", args.join(" "));
    assert!(
        matches!(run.code, 0..=2) && !run.stderr.contains("panicked"),
        "`stroom {}` ended with {:?} (a signal is -1)\n{}",
        args.join(" "),
        output.status,
        run.stderr
    );
    run
}

/// Writes `text` to `name` in a fresh folder and runs `stroom check name` there.
fn check(name: &str, text: impl AsRef<[u8]>, env: &[(&str, &str)]) -> Run {
    let scratch = Scratch::new();
    scratch.write(name, text);
    run(scratch.path(), &["check", name], env)
}

/// Renders every diagnostic as the command does, to make sure that rendering copes with
/// every span the compiler produces, such as one at the very end of a truncated file.
fn render_diagnostics<D>(text: &str, diagnostics: &[D]) -> String
where
    D: miette::Diagnostic + Clone + Send + Sync + 'static,
{
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let source = NamedSource::new("hostile.policy", text.to_string());
        let report = miette::Report::new(diagnostic.clone()).with_source_code(source);
        handler.render_report(&mut out, report.as_ref()).unwrap();
    }
    out
}

/// Runs every stage on `text`: parsing and compiling with their diagnostics rendered, the
/// exact analysis, evaluation, a bounded path listing, the scenarios and invariants, and the
/// three text documents. Stages that need a policy without errors must succeed on one; on a
/// policy with errors they may refuse, but not panic. Returns whether `text` compiled
/// without errors.
fn exercise(text: &str) -> bool {
    let parsed = stroom_syntax::parse(text);
    let compiled = match compile(text) {
        Err(errors) => {
            assert!(!errors.is_empty() && parsed.is_err(), "a failed parse without errors");
            render_diagnostics(text, &errors);
            return false;
        }
        Ok(compiled) => compiled,
    };
    render_diagnostics(text, &compiled.problems);

    let policy = &compiled.policy;
    let analysis = Analysis::new(policy);
    let first_answers = {
        let mut answers = Answers::new(policy);
        for id in policy.node_ids() {
            answers.set(id, Some(0));
        }
        answers
    };
    if compiled.has_errors() {
        let _ = evaluate(policy, &Answers::new(policy));
        let _ = evaluate(policy, &first_answers);
        let _ = paths(policy, 20);
        let _ = stroom_render::markdown(policy);
        let _ = stroom_render::mermaid(policy);
        let _ = stroom_render::dot(policy);
        return false;
    }

    assert!(!matches!(analysis, Err(AnalysisError::Incomplete)), "{text}");
    evaluate(policy, &Answers::new(policy)).unwrap();
    evaluate(policy, &first_answers).unwrap();
    assert!(!paths(policy, 20).unwrap().paths.is_empty());
    let _ = verify(policy, &compiled.claims);
    stroom_render::markdown(policy).unwrap();
    stroom_render::mermaid(policy);
    stroom_render::dot(policy);
    true
}

// Scale: the shapes that break naive code, through the command.

#[test]
fn a_chain_of_100_000_questions_checks_clean() {
    let text = generate(&Spec::new(Shape::Chain, 100_000));
    let run = check("chain.policy", &text, &[]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn a_question_with_10_000_answers_checks_clean() {
    let text = generate(&Spec::new(Shape::Wide, 10_000));
    let run = check("wide.policy", &text, &[]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn a_flow_in_which_every_node_is_shared_checks_clean() {
    // With recalls every eighth layer, so that `check` runs the exact analysis on it. This
    // flow once took minutes, when the analysis grew with the square of the depth; its total
    // budget now makes it give up, and the linear pass decides.
    let text = generate(&Spec::new(Shape::Shared, 2_000).long_texts(true));
    let run = check("shared.policy", &text, &[]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn a_deep_chain_with_an_error_at_its_end_is_reported_there() {
    let text = generate(&Spec::new(Shape::Chain, 50_000).recalls(false))
        .replace("    yes -> done\n", "    yes -> done\n    yes -> nowhere\n");
    let run = check("chain.policy", &text, &[]).code(1);
    run.stderr_has("stroom::answers::duplicate_arm");
    run.stderr_has("stroom::names::undefined");
}

#[test]
fn conditions_nested_100_000_deep_are_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    let text = format!(
        "{FLYER}\ninvariant deep {{ then {}toestemming = ja{} }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let run = check("deep.policy", &text, &[]).code(1);
    run.stderr_has("stroom::syntax::too_deep");
}

#[test]
fn a_string_literal_of_ten_megabytes_is_read_and_checked() {
    let long = "ab ".repeat(10 << 20 >> 2);
    let text = FLYER.replacen("\"Ben je zorgprofessional?\"", &format!("\"{long}?\""), 1);
    let run = check("long.policy", &text, &[]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

// Encodings and odd bytes.

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
    // A Latin-1 `é` (0xE9) in place of the first `é` of the flyer: its offset, line and
    // column are counted here independently of the command.
    let offset = FLYER.find('é').unwrap();
    let mut bytes = FLYER.as_bytes()[..offset].to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(&FLYER.as_bytes()[offset + 'é'.len_utf8()..]);
    let before = &FLYER[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;

    let run = check("latin1.policy", bytes, &[]).code(1);
    run.stderr_has("stroom::input::not_utf8");
    run.stderr_has(&format!("the byte at offset {offset} (line {line}, column {column})"));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let run = check("bom.policy", format!("\u{feff}{FLYER}"), &[]).code(0);
    assert_eq!(run.stderr.trim(), "checked 1 policy: no problems");
}

#[test]
fn crlf_line_ends_keep_spans_and_columns_right() {
    // The same mistake with LF and CRLF line ends: the span covers the same text, and the
    // command names the same line and column.
    let broken = FLYER.replacen("ja  -> in_behandeling", "ja  -> in_behandling", 1);
    let crlf = broken.replace('\n', "\r\n");
    let span_text = |text: &str| {
        let compiled = compile(text).unwrap();
        let problem = compiled.problems.iter().find(|p| p.is_error()).unwrap();
        text[problem.span.start..problem.span.end].to_string()
    };
    assert_eq!(span_text(&broken), "in_behandling");
    assert_eq!(span_text(&crlf), "in_behandling");

    let line = broken[..broken.find("in_behandling").unwrap()].matches('\n').count() + 1;
    let heading = format!("[crlf.policy:{line}:12]");
    let run = check("crlf.policy", &crlf, &[]).code(1);
    run.stderr_has(&heading);
    run.stderr_has("did you mean `in_behandeling`?");
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}

#[test]
fn nul_bytes_are_a_syntax_error_between_tokens_and_harmless_in_comments() {
    let between = FLYER.replacen("question zorgprofessional", "question \0zorgprofessional", 1);
    let run = check("nul.policy", &between, &[]).code(1);
    run.stderr_has("stroom::syntax::unexpected");

    let in_comment = format!("// a NUL \0 in a comment\n{FLYER}");
    check("nul.policy", &in_comment, &[]).code(0);

    // Any character but a quote, a backslash and a line end may stand in a string, NUL
    // included; the renderers make control characters harmless.
    let in_string = FLYER.replacen("Ben je zorgprofessional?", "Ben je\0 zorgprofessional?", 1);
    let run = check("nul.policy", &in_string, &[]).code(0);
    assert!(!run.stderr.contains('\0'));
    assert!(exercise(&in_string));
}

// Files and folders.

#[test]
fn a_file_over_the_size_limit_is_refused_naming_its_size_and_the_limit() {
    let run = check("flyer.policy", FLYER, &[("STROOM_MAX_FILE_SIZE", "1K")]).code(2);
    run.stderr_has("stroom::io::read");
    run.stderr_has(&format!("the file is {} bytes", FLYER.len()));
    run.stderr_has("more than the limit of 1024 bytes (1.0 KiB)");
    run.stderr_has("STROOM_MAX_FILE_SIZE");

    let exact = FLYER.len().to_string();
    check("flyer.policy", FLYER, &[("STROOM_MAX_FILE_SIZE", &exact)]).code(0);
    let one_less = (FLYER.len() - 1).to_string();
    check("flyer.policy", FLYER, &[("STROOM_MAX_FILE_SIZE", &one_less)]).code(2);
}

#[test]
fn a_size_limit_that_is_not_a_size_is_refused() {
    let run = check("flyer.policy", FLYER, &[("STROOM_MAX_FILE_SIZE", "lots")]).code(2);
    run.stderr_has("STROOM_MAX_FILE_SIZE is `lots`, which is not a number of bytes");
}

#[test]
fn a_device_without_a_size_is_read_no_further_than_the_limit() {
    // `/dev/zero` has size 0 in its metadata and never ends; the bounded read stops one byte
    // past the limit.
    let scratch = Scratch::new();
    let env = [("STROOM_MAX_FILE_SIZE", "64K")];
    let run = run(scratch.path(), &["check", "/dev/zero"], &env).code(2);
    run.stderr_has("the file grew while it was read, more than the limit of 65536 bytes");
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error() {
    let scratch = Scratch::new();
    let run = run(scratch.path(), &["check", "missing/nowhere.policy"], &[]).code(2);
    run.stderr_has("stroom::io::read");
    run.stderr_has("cannot read `missing/nowhere.policy`");
    let run = self::run(scratch.path(), &["eval", "nowhere.policy"], &[]).code(2);
    run.stderr_has("cannot read `nowhere.policy`");
}

#[test]
fn a_folder_without_policies_is_a_usage_error() {
    let scratch = Scratch::new();
    scratch.write("empty/readme.txt", "no policies here").write("empty/deeper/x.polic", "");
    let run = run(scratch.path(), &["check", "empty"], &[]).code(2);
    run.stderr_has("stroom::io::no_policies");
}

#[test]
fn an_unreadable_file_is_reported_unless_the_user_may_read_anything() {
    use std::os::unix::fs::PermissionsExt as _;

    let scratch = Scratch::new();
    scratch.write("locked.policy", FLYER);
    let path = scratch.path().join("locked.policy");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();

    // Root (as in CI containers) reads a file whatever its mode, so there the check passes;
    // anyone else gets a read error naming the file. Which of the two holds is found out by
    // trying, not by asking who the user is.
    let readable = std::fs::read(&path).is_ok();
    let run = run(scratch.path(), &["check", "locked.policy"], &[]);
    if readable {
        run.code(0);
    } else {
        run.code(2).stderr_has("cannot read `locked.policy`");
    }
}

#[test]
fn a_failed_render_leaves_the_output_as_it_was_and_no_temporary_file() {
    let scratch = Scratch::new();
    let broken = &FLYER[..FLYER.len() / 2];
    scratch.write("broken.policy", broken).write("out.dot", "before");
    let args = ["render", "broken.policy", "--format", "dot", "-o", "out.dot"];
    run(scratch.path(), &args, &[]).code(1);
    assert_eq!(std::fs::read_to_string(scratch.path().join("out.dot")).unwrap(), "before");
    assert_eq!(scratch.files(), ["broken.policy", "out.dot"]);
}

// Truncations and corruptions of the flyer.

#[test]
fn every_truncation_of_the_flyer_gives_diagnostics_and_never_panics() {
    let mut clean = 0;
    for end in (0..=FLYER.len()).filter(|&end| FLYER.is_char_boundary(end)) {
        let text = &FLYER[..end];
        if exercise(text) {
            clean += 1;
        } else {
            // A text that does not compile cleanly has said why.
            let said = match compile(text) {
                Err(errors) => !errors.is_empty(),
                Ok(compiled) => compiled.problems.iter().any(|problem| problem.is_error()),
            };
            assert!(said, "no diagnostic for the first {end} bytes");
        }
    }
    // Only cuts inside the trailing comments and invariants leave a policy that compiles.
    assert!(clean > 0 && clean < FLYER.len() / 4, "{clean} clean truncations");
}

#[test]
fn truncations_through_the_command_exit_with_a_diagnostic() {
    let scratch = Scratch::new();
    // Every 97th byte offset, including offsets inside multi-byte characters, which the
    // command refuses as not UTF-8.
    for end in (0..=FLYER.len()).step_by(97).chain([FLYER.find('é').unwrap() + 1]) {
        scratch.write("cut.policy", &FLYER.as_bytes()[..end]);
        let run = run(scratch.path(), &["check", "cut.policy"], &[]);
        assert!(run.code <= 1, "{end}: {}", run.stderr);
        assert!(run.stderr.contains("checked 1 policy"), "{end}: {}", run.stderr);
        if run.code == 1 {
            assert!(run.stderr.contains("stroom::"), "{end}: {}", run.stderr);
        }
    }
}

/// The flyer with the bytes at `flips` replaced, each an offset and a new value.
fn flipped(flips: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = FLYER.as_bytes().to_vec();
    for &(offset, value) in flips {
        let len = bytes.len();
        bytes[offset % len] = value;
    }
    bytes
}

#[test]
fn random_byte_flips_of_the_flyer_never_panic() {
    // A fixed sequence, so that a failure can be repeated; the property test below varies it.
    let mut state = 0x5eed_u64;
    let mut next = move || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let scratch = Scratch::new();
    for round in 0..600 {
        let flips: Vec<(usize, u8)> = (0..1 + next() % 4).map(|_| (next(), next() as u8)).collect();
        let bytes = flipped(&flips);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            exercise(text);
        }
        if round % 20 == 0 {
            scratch.write("flipped.policy", &bytes);
            let run = run(scratch.path(), &["check", "flipped.policy"], &[]);
            assert!(run.stderr.contains("checked 1 policy"), "{flips:?}: {}", run.stderr);
        }
    }
}

// Properties: no input makes any stage panic.

/// The proptest configuration: `cases` cases unless `PROPTEST_CASES` says otherwise.
fn cases(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// Pieces of policy text that mutations insert: keywords, punctuation, names used by the
/// flyer and the generator, and characters that lexers get wrong.
const PIECES: &[&str] = &[
    "policy",
    "question",
    "step",
    "outcome",
    "recall",
    "answers",
    "verdicts",
    "scenario",
    "invariant",
    "on",
    "explain",
    "law",
    "note",
    "title",
    "start",
    "language",
    "given",
    "expect",
    "when",
    "then",
    "not",
    "and",
    "or",
    "asked",
    "reaches",
    "verdict",
    "{",
    "}",
    "(",
    ")",
    "->",
    "=",
    "!=",
    ",",
    "\"",
    "\\",
    "\\u{",
    "\\u{d800}",
    "\\u{110000}",
    "/*",
    "*/",
    "//",
    "\n",
    "\r",
    "\t",
    "\u{feff}",
    "\0",
    "\u{a0}",
    "é",
    "yes",
    "no",
    "ja",
    "nee",
    "q1",
    "q2",
    "o3",
    "r4",
    "yes_no",
    "share",
    "zorgprofessional",
    "toestemming",
    "ja -> avg",
    "-> q1",
];

/// One change to a text, at a position taken modulo its length.
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes up to this many characters.
    Delete(usize, usize),
    /// Inserts a piece of [`PIECES`].
    Insert(usize, usize),
    /// Copies up to this many characters from one place to another.
    Copy(usize, usize, usize),
    /// Replaces a character by an arbitrary one.
    Replace(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<usize>(), any::<usize>()).prop_map(|(at, piece)| Mutation::Insert(at, piece)),
        (any::<usize>(), any::<usize>(), 1..200usize)
            .prop_map(|(from, to, len)| Mutation::Copy(from, to, len)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
    ]
}

/// `text` with `mutations` applied, on characters so that the result stays UTF-8.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for mutation in mutations {
        let len = chars.len().max(1);
        match *mutation {
            Mutation::Delete(at, count) => {
                let at = at % len;
                let end = (at + count).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Mutation::Insert(at, piece) => {
                let at = (at % len).min(chars.len());
                let piece = PIECES[piece % PIECES.len()];
                chars.splice(at..at, piece.chars());
            }
            Mutation::Copy(from, to, count) => {
                let from = (from % len).min(chars.len());
                let copied: Vec<char> = chars[from..(from + count).min(chars.len())].to_vec();
                let to = (to % len).min(chars.len());
                chars.splice(to..to, copied);
            }
            Mutation::Replace(at, c) => {
                if let Some(slot) = chars.get_mut(at % len) {
                    *slot = c;
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// A valid policy to mutate: the flyer, or a small generated policy of any shape.
fn valid_policy() -> impl Strategy<Value = String> {
    let shape = prop_oneof![
        Just(Shape::Layered),
        Just(Shape::Chain),
        Just(Shape::Wide),
        Just(Shape::Shared)
    ];
    prop_oneof![
        Just(FLYER.to_string()),
        (shape, 1..80usize, any::<u64>(), any::<bool>(), any::<bool>()).prop_map(
            |(shape, size, seed, recalls, long_texts)| {
                let spec = Spec::new(shape, size).seed(seed).recalls(recalls);
                generate(&spec.long_texts(long_texts))
            }
        ),
    ]
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn policy_shaped_text_never_panics(
        pieces in prop::collection::vec(0..PIECES.len(), 0..60),
        names in prop::collection::vec("[a-z_][a-z0-9_]{0,6}", 0..20),
    ) {
        let mut text = String::new();
        for (index, piece) in pieces.iter().enumerate() {
            text.push_str(PIECES[*piece]);
            text.push(' ');
            if let Some(name) = names.get(index % names.len().max(1)) {
                text.push_str(name);
                text.push(' ');
            }
        }
        exercise(&text);
    }

    #[test]
    fn mutations_of_valid_policies_never_panic(
        text in valid_policy(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        exercise(&mutate(&text, &mutations));
    }

    #[test]
    fn byte_flips_of_the_flyer_never_panic(
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let bytes = flipped(&flips);
        exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn generated_policies_pass_every_stage(
        text in valid_policy(),
    ) {
        prop_assert!(exercise(&text));
    }
}
