//! Examples of the layout: small files with comments everywhere, the flyer's policy and its
//! tests file, and the edges of the contract (refusal, byte-order mark, line endings).

use super::*;
use crate::meaning;

const FLYER: &str = include_str!("../../../policies/levensloopaanpak-medische-gegevens.policy");
const FLYER_TESTS: &str =
    include_str!("../../../policies/levensloopaanpak-medische-gegevens.tests");

/// Formats `source`, and checks that formatting again changes nothing and that the meaning
/// stays the same.
fn formatted(source: &str) -> String {
    let once = match format(source) {
        Ok(formatted) => formatted,
        Err(errors) => panic!("{source:?} does not parse: {errors:?}"),
    };
    assert_eq!(format(&once).as_deref(), Ok(once.as_str()), "formatting again changed it");
    assert_eq!(meaning::of_policy(&once), meaning::of_policy(source));
    once
}

#[test]
fn flyer_policy_is_in_the_canonical_layout() {
    let out = formatted(FLYER);
    insta::assert_snapshot!(out);
    assert_eq!(out, FLYER);
}

#[test]
fn flyer_tests_file_is_in_the_canonical_layout_and_means_the_same() {
    let out = format(FLYER_TESTS).unwrap();
    insta::assert_snapshot!(out);
    assert_eq!(format(&out).unwrap(), out);
    let policy = stroom_compiler::compile(FLYER).unwrap().policy;
    assert_eq!(meaning::of_tests(&policy, &out), meaning::of_tests(&policy, FLYER_TESTS));
}

#[test]
fn header_and_lists_one_entry_to_a_line_with_labels_lined_up() {
    insta::assert_snapshot!(formatted(
        "policy p{title \"T\" intro \"I\" \"J\"  language nl-BE start q}\n\
         answers kleur{rood \"Rood\" groen blauw_of_paars \"Blauw of paars\"}\
         verdicts{ok \"Goed\" weigeren\"Weigeren\"}"
    ));
}

#[test]
fn nodes_with_arms_lined_up_and_steps_on_lines_of_their_own() {
    insta::assert_snapshot!(formatted(
        "question q(kleur)\"Welke kleur?\"{explain \"Kijk goed.\" rood->s groen ->o \
         blauw_of_paars-> o law \"art. 1\"}\n\
         step s \"Doe iets.\"{->o}outcome o(ok)\"Klaar.\"\n\
         outcome leeg (ok) \"Leeg.\" {}\n\
         recall r on q{rood->o groen->o}"
    ));
}

#[test]
fn comments_everywhere_stay_in_place() {
    insta::assert_snapshot!(formatted(
        "// Bovenaan.\n\
         \n\
         /* blok */ policy /*a*/ p /*b*/ { // na de accolade\n\
         title /*c*/ \"T\" /*d*/ // na de titel\n\
         // voor language\n\
         language nl start /*e*/ q\n\
         /* voor de sluiting */\n\
         }\n\
         // tussen twee declaraties\n\
         \n\
         // vlak voor de vraag\n\
         question q \"Q?\" {\n\
         yes // na het antwoord\n\
         -> o\n\
         no /* midden */ -> o // achteraan\n\
         }\n\
         outcome o (v) \"O\" /* na de tekst */ verdicts { v /* na v */ }\n\
         // aan het eind\n"
    ));
}

#[test]
fn long_texts_go_on_lines_of_their_own_and_long_strings_are_split() {
    let long = "Dit is een lange zin die niet op een regel past, en daarom over meer regels \
                wordt verdeeld zonder dat de tekst verandert, ook niet als er heel veel woorden \
                in staan.";
    insta::assert_snapshot!(formatted(&format!(
        "policy p {{ title \"{long}\" language nl start q }}\n\
         question q \"{long}\" {{ yes -> o no -> o law \"kort\" \"en nog kort\" }}\n\
         outcome o (v) \"Kort.\" \"Twee stukken.\"\n\
         verdicts {{ v \"{long}\" }}"
    )));
}

#[test]
fn conditions_are_normalised_and_long_ones_break_before_and_or() {
    insta::assert_snapshot!(formatted(
        "policy p { title \"T\" language nl start q }\n\
         question q \"Q?\" { yes -> o no -> o }\n\
         question heel_lange_vraagnaam \"Q?\" { yes -> o no -> o }\n\
         outcome o (v) \"O\" verdicts { v }\n\
         invariant kort { when   q=yes   and(not asked q or reaches o)then verdict!=v }\n\
         invariant lang { then heel_lange_vraagnaam = yes and heel_lange_vraagnaam = yes and \
         heel_lange_vraagnaam = yes or not (q = yes and q = no) }\n\
         scenario s { given q=yes ,heel_lange_vraagnaam= no given q = no expect   next q }"
    ));
}

#[test]
fn a_file_that_does_not_parse_is_refused_with_its_errors() {
    let errors = format("question q \"Q?\" { yes -> }").unwrap_err();
    assert_eq!(errors, stroom_syntax::parse("question q \"Q?\" { yes -> }").unwrap_err());
    assert!(format("policy p { title \"open }").is_err());
}

#[test]
fn a_byte_order_mark_is_kept_and_carriage_returns_go() {
    let out = formatted("\u{feff}policy p {\r\n  title \"T\" /* a\r\n b */\r\n}\r\n");
    assert_eq!(out, "\u{feff}policy p {\n    title \"T\" /* a\n b */\n}\n");
}

#[test]
fn the_result_ends_with_one_line_break() {
    assert_eq!(formatted("verdicts { v }\n\n\n"), "verdicts {\n    v\n}\n");
    assert_eq!(formatted("verdicts { v } // end"), "verdicts {\n    v\n} // end\n");
    assert_eq!(formatted(""), "");
    assert_eq!(formatted(" \n// alleen commentaar\n\n"), "// alleen commentaar\n");
}

#[test]
fn a_string_is_split_only_at_a_single_space_and_keeps_its_value() {
    let words = ["aaaa"; 30].join(" ");
    let source = format!("policy p {{ title \"{words}  x\\u{{20}} y\" language nl start q }}");
    let out = formatted(&source);
    assert!(out.lines().all(|line| line.chars().count() <= layout::WIDTH), "{out}");
    assert!(out.contains("aaaa aaaa  x\\u{20} y\""), "{out}");
}

#[test]
fn a_brace_that_a_comment_pushes_down_goes_under_the_declaration() {
    let out = formatted("scenario s // waarom\n{ expect o }\n\nscenario t /* x */ { expect o }");
    insta::assert_snapshot!(out);
}
