//! Machine-readable diagnostics: `check` and `test` with `--format json` and `--format sarif`.

use crate::support::{Scratch, flyer};

/// A policy with one error (an undefined node) and one warning (no source).
const FLAWED: &str = "policy p {\n    title \"T\"\n    language en\n    start q\n}\n\
                      verdicts { ok }\n\
                      question q \"Één vraag?\" {\n    yes -> done\n    no -> gone\n}\n\
                      outcome done (ok) \"Done\"\n";

#[test]
fn check_json_has_one_object_per_diagnostic() {
    let scratch = Scratch::new();
    scratch.write("flawed.policy", FLAWED);
    let run = scratch.run(["check", "--format", "json", "flawed.policy"]).code(1);
    run.stderr_has("checked 1 policy: 1 error, 1 warning");

    let json = run.json();
    let found = json.as_array().unwrap();
    assert_eq!(found.len(), 2);
    let undefined = found.iter().find(|d| d["code"] == "stroom::names::undefined").unwrap();
    assert_eq!(undefined["severity"], "error");
    assert_eq!(undefined["message"], "no node is named `gone`");
    assert_eq!(undefined["help"], "did you mean `done`?");
    assert_eq!(undefined["file"], "flawed.policy");
    assert_eq!((undefined["line"].as_u64(), undefined["column"].as_u64()), (Some(9), Some(11)));
    let start = undefined["start"].as_u64().unwrap() as usize;
    let end = undefined["end"].as_u64().unwrap() as usize;
    assert_eq!(&FLAWED[start..end], "gone");
    assert_eq!(undefined["labels"][0]["message"], "unknown node");

    let warning = found.iter().find(|d| d["code"] == "stroom::lint::missing_source").unwrap();
    assert_eq!(warning["severity"], "warning");
}

#[test]
fn columns_count_characters_not_bytes() {
    let scratch = Scratch::new();
    scratch.write(
        "accents.policy",
        FLAWED.replace("no -> gone", "no -> done").replace("\"Één vraag?\"", "\"Één vraag\""),
    );
    let run = scratch.run(["check", "--format", "json", "accents.policy"]).code(0);
    let json = run.json();
    let mark = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "stroom::lint::question_mark")
        .unwrap();
    // `question q "Één vraag"`: the text starts at the twelfth character.
    assert_eq!(mark["column"], 12);
    assert_eq!(mark["end_column"], 23);
}

#[test]
fn check_sarif_is_a_sarif_log_with_rules_and_regions() {
    let scratch = Scratch::new();
    scratch.write("flawed.policy", FLAWED);
    let run = scratch.run(["check", "--format", "sarif", "flawed.policy"]).code(1);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif"));
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "stroom");
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["stroom::lint::missing_source", "stroom::names::undefined"]);

    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index]);
        assert!(matches!(result["level"].as_str(), Some("error" | "warning")));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "flawed.policy");
        let region = &location["region"];
        for field in ["startLine", "startColumn", "endLine", "endColumn", "byteOffset"] {
            assert!(region[field].as_u64().is_some(), "{field} missing in {region}");
        }
    }
}

#[test]
fn clean_check_gives_an_empty_array() {
    let flyer = flyer();
    let run = crate::support::stroom([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        flyer.as_os_str(),
    ])
    .code(0);
    assert_eq!(run.json(), serde_json::json!([]));
}

#[test]
fn test_json_reports_failures_and_keeps_results_on_standard_error() {
    let scratch = Scratch::new();
    scratch.write("flyer.policy", std::fs::read_to_string(flyer()).unwrap());
    scratch.write(
        "flyer.tests",
        "scenario fout {\n    given zorgprofessional = nee\n    expect beroepsgeheim\n}\n",
    );
    let run = scratch.run(["test", "--format", "json", "flyer.policy"]).code(1);
    run.stderr_has("  FAILED  scenario fout");
    run.stderr_has("7 passed, 1 failed");
    let json = run.json();
    let [failure] = json.as_array().unwrap().as_slice() else { panic!("{json}") };
    assert_eq!(failure["code"], "stroom::test::scenario_failed");
    assert_eq!(failure["file"], "flyer.tests");
    assert_eq!(failure["line"], 3);
}
