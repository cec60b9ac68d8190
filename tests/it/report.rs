//! Every report format, rendered from one fixed set of findings: snapshots (insta), the SARIF
//! 2.1.0 structure code-scanning services require, and GitHub annotations fed hostile text.

use planlint::finding::{Finding, Location, Rule, Severity, SourceText, Span};
use planlint::outcome::Outcome;
use planlint::report::{self, Format};
use serde_json::Value;

static TYPE_CASE: Rule = Rule {
    id: "msg/type-case",
    severity: Severity::Error,
    summary: "The commit type is lower case.",
    explanation: "Conventional Commits types are lower case: `feat`, not `Feat`.",
};
static DEBT: Rule = Rule {
    id: "scan/debt-marker",
    severity: Severity::Blocker,
    summary: "FIXME, XXX or TBD without a reference.",
    explanation: "A debt marker must cite an issue (#123) or a deferral (DEF-...).",
};
static UNDECLARED: Rule = Rule {
    id: "diff/undeclared",
    severity: Severity::Warning,
    summary: "A commit touched a file its plan does not declare.",
    explanation: "GSD treats files_modified as the plan's promise of scope.",
};
static WAVE: Rule = Rule {
    id: "plan/wave-order",
    severity: Severity::Error,
    summary: "A plan's wave is not after its dependencies' waves.",
    explanation: "wave >= max(wave of depends_on) + 1.",
};
static EMPTY: Rule = Rule {
    id: "scan/empty-value",
    severity: Severity::Info,
    summary: "A hard-coded empty value.",
    explanation: "`= []` flowing into props often marks unfinished wiring.",
};
static NO_SUMMARY: Rule = Rule {
    id: "verify/summary-missing",
    severity: Severity::Warning,
    summary: "A plan has no SUMMARY.",
    explanation: "A plan without SUMMARY.md has not finished.",
};

fn lookup(id: &str) -> Option<&'static Rule> {
    [&TYPE_CASE, &DEBT, &UNDECLARED, &WAVE, &EMPTY, &NO_SUMMARY]
        .into_iter()
        .find(|r| r.id == id)
}

const COMMIT: &str = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

/// The one fixed set: a commit message with a span, a file position, a whole file, a plan file
/// line, a path with a space and non-ASCII, and a plan with no file.
fn outcome() -> Outcome {
    let msg = SourceText::new("commit 1a2b3c4", "Feat(02-03): add refresh endpoint\n");
    let file = SourceText::new(
        "src/api/auth/refresh.ts",
        "import { db } from '../db';\n\nexport async function POST() {\n  // FIXME rotate\n}\n",
    );
    let findings = vec![
        Finding::new(&TYPE_CASE, "type `Feat` is not lower case")
            .at(Location::default().with_commit(COMMIT))
            .spanned(&msg, Span::new(0, 4))
            .label("here")
            .help("commit types are lower case")
            .suggestion("feat(02-03): add refresh endpoint"),
        Finding::new(&DEBT, "`FIXME` without a reference")
            .at(Location::default().with_commit(COMMIT).with_plan("02-03"))
            .spanned(&file, Span::new(65, 70))
            .help("cite an issue (`FIXME(#12)`) or resolve it"),
        Finding::new(
            &UNDECLARED,
            "src/util/log.ts is not in 02-03's files_modified",
        )
        .at(Location::path("src/util/log.ts").with_plan("02-03")),
        Finding::new(
            &WAVE,
            "wave 1 but depends on 02-02 (wave 1): expected wave >= 2",
        )
        .at(Location::at(".planning/phases/02-auth/02-03-PLAN.md", 4, 7)),
        Finding::new(&EMPTY, "`= []` passed as `items`").at(Location::at(
            "src/ui/Pañel view.tsx",
            3,
            9,
        )),
        Finding::new(
            &NO_SUMMARY,
            "02-04 has no SUMMARY.md: the plan is unfinished",
        )
        .at(Location::plan("02-04")),
    ];
    Outcome {
        findings,
        notes: vec!["checked 5 commits in main..HEAD".into()],
        subject: "range main..HEAD".into(),
        ..Outcome::default()
    }
}

fn options(format: Format) -> report::Options {
    report::Options {
        format,
        ..report::Options::default()
    }
}

fn render(format: Format, outcome: &Outcome) -> String {
    report::render(format, &options(format), outcome)
        .expect("every format renders")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

/// SARIF rendered with the test's rule table, so snapshots do not move when the real
/// registry's wording does.
fn sarif(outcome: &Outcome) -> Value {
    serde_json::to_value(report::sarif::document(outcome, ".planning", lookup))
        .expect("a SARIF log serialises")
}

#[test]
fn snapshot_human() {
    insta::assert_snapshot!("human", render(Format::Human, &outcome()));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("json", render(Format::Json, &outcome()));
}

#[test]
fn snapshot_sarif() {
    let text =
        serde_json::to_string_pretty(&report::sarif::document(&outcome(), ".planning", lookup))
            .unwrap()
            .replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    insta::assert_snapshot!("sarif", text);
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!("gitlab", render(Format::Gitlab, &outcome()));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("junit", render(Format::Junit, &outcome()));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!("markdown", render(Format::Markdown, &outcome()));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!("github", render(Format::Github, &outcome()));
}

#[test]
fn sarif_through_the_registry_is_the_same_shape() {
    let text = render(Format::Sarif, &outcome());
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_sarif_structure(&v);
}

#[test]
fn sarif_has_the_required_2_1_0_structure() {
    let v = sarif(&outcome());
    assert_sarif_structure(&v);
    let run = &v["runs"][0];
    // Metadata came from the rule table, and the region from the span (line 4, col 6..11).
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let debt = rules
        .iter()
        .find(|r| r["id"] == "scan/debt-marker")
        .unwrap();
    assert_eq!(
        debt["shortDescription"]["text"],
        "FIXME, XXX or TBD without a reference."
    );
    assert_eq!(debt["defaultConfiguration"]["level"], "error");
    let res = &run["results"][1];
    assert_eq!(res["ruleId"], "scan/debt-marker");
    let region = &res["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 6);
    assert_eq!(region["endColumn"], 11);
    // The commit-message finding names no file: it points at the planning folder and names the
    // commit logically.
    let msg = &run["results"][0]["locations"][0];
    assert_eq!(
        msg["physicalLocation"]["artifactLocation"]["uri"],
        ".planning"
    );
    assert_eq!(msg["logicalLocations"][0]["name"], COMMIT);
    // Paths with spaces and non-ASCII are percent-encoded.
    let ui = &run["results"][4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(ui, "src/ui/Pa%C3%B1el%20view.tsx");
}

/// What the SARIF 2.1.0 schema requires (and GitHub code scanning on top of it).
fn assert_sarif_structure(v: &Value) {
    assert_eq!(v["version"], "2.1.0");
    let schema = v["$schema"].as_str().expect("$schema");
    assert!(schema.contains("sarif-2.1.0"), "{schema}");
    let runs = v["runs"].as_array().expect("runs[]");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "planlint");
    let rules = driver["rules"].as_array().expect("tool.driver.rules[]");
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "rule ids are unique");
    for r in rules {
        let id = r["id"].as_str().expect("reportingDescriptor.id");
        assert!(id.contains('/'), "stable group/name id: {id}");
    }
    let results = run["results"].as_array().expect("results[]");
    assert_eq!(results.len(), outcome().findings.len());
    let mut prints = Vec::new();
    for res in results {
        let id = res["ruleId"].as_str().expect("ruleId");
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], id, "ruleIndex points at its rule");
        let level = res["level"].as_str().expect("level");
        assert!(["none", "note", "warning", "error"].contains(&level));
        assert!(!res["message"]["text"]
            .as_str()
            .expect("message.text")
            .is_empty());
        let locs = res["locations"].as_array().expect("locations[]");
        assert!(
            !locs.is_empty(),
            "GitHub rejects results without a location"
        );
        for loc in locs {
            let art = &loc["physicalLocation"]["artifactLocation"];
            let uri = art["uri"].as_str().expect("artifactLocation.uri");
            assert!(!uri.is_empty() && !uri.starts_with('/') && !uri.contains("://"));
            assert!(!uri.contains(' '), "encoded: {uri}");
            assert_eq!(art["uriBaseId"], "%SRCROOT%");
            let region = &loc["physicalLocation"]["region"];
            if !region.is_null() {
                assert!(region["startLine"].as_u64().unwrap() >= 1);
                if let Some(c) = region["startColumn"].as_u64() {
                    assert!(c >= 1);
                }
            }
        }
        let fp = res["partialFingerprints"]["planlint/v1"]
            .as_str()
            .expect("partialFingerprints");
        prints.push(fp.to_string());
    }
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints are unique");
}

#[test]
fn gitlab_fingerprints_are_unique_even_for_identical_findings() {
    let mut o = outcome();
    let dup = o.findings[2].clone();
    o.findings.push(dup.clone());
    o.findings.push(dup);
    let v: Value = serde_json::from_str(&render(Format::Gitlab, &o)).unwrap();
    let issues = v.as_array().unwrap();
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len());
    for i in issues {
        assert!(i["location"]["path"]
            .as_str()
            .is_some_and(|p| !p.is_empty()));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap()));
    }
    // And stable: the same findings give the same fingerprints on the next run.
    assert_eq!(render(Format::Gitlab, &o), render(Format::Gitlab, &o));
}

#[test]
fn junit_fails_only_at_the_threshold() {
    let text = render(Format::Junit, &outcome());
    // fail_on defaults to error: the blocker, two errors fail; the warnings and the info pass.
    assert!(text.contains("tests=\"6\" failures=\"3\""), "{text}");
    let empty = render(Format::Junit, &Outcome::default());
    assert!(empty.contains("<testcase name=\"no findings\""));
}

// ---- GitHub annotations with hostile text ----

/// Parses a line the way the Actions runner does (`ActionCommand.TryParseV2`): `::cmd
/// k=v,k=v::data`, the properties end at the first `::` after the command.
type Command = (String, Vec<(String, String)>, String);

fn parse_command(line: &str) -> Option<Command> {
    let body = line.trim().strip_prefix("::")?;
    let end = body.find("::")?;
    let (info, data) = (&body[..end], &body[end + 2..]);
    let (cmd, props) = info.split_once(' ').unwrap_or((info, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), unescape(v))
        })
        .collect();
    Some((cmd.to_string(), props, unescape(data)))
}

fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

static HOSTILE: Rule = Rule {
    id: "scan/todo-comment",
    severity: Severity::Warning,
    summary: "s",
    explanation: "e",
};

fn hostile_outcome() -> Outcome {
    let evil_msg = "100% done\n::set-env name=PATH::/tmp/evil\r\n::add-mask::x %0A";
    let evil_path = "src/a,line=1,title=x::y/weird:name,%0A.ts";
    let msg_src = SourceText::new("commit 1a2b3c4", "feat: x\n\n::error file=evil::injected\n");
    Outcome {
        findings: vec![
            Finding::new(&HOSTILE, evil_msg)
                .at(Location::at(evil_path, 3, 2))
                .help("line one\n::warning::two"),
            Finding::new(&HOSTILE, "subject: ::stop-commands::token")
                .severity(Severity::Error)
                .at(Location::default().with_commit(COMMIT))
                .spanned(&msg_src, Span::new(9, 20)),
            Finding::new(&HOSTILE, "##[error]legacy").severity(Severity::Info),
        ],
        notes: vec!["note with\n::error::newline".into()],
        subject: "x".into(),
        ..Outcome::default()
    }
}

#[test]
fn hostile_text_cannot_inject_a_workflow_command() {
    let o = hostile_outcome();
    let text = report::github::document(&o);
    let lines: Vec<&str> = text.lines().collect();
    let commands: Vec<_> = lines.iter().filter_map(|l| parse_command(l)).collect();
    // Exactly one command per finding, nothing else became one.
    assert_eq!(commands.len(), o.findings.len(), "{text}");
    for l in &lines {
        let t = l.trim_start();
        let ours =
            t.starts_with("::warning ") || t.starts_with("::error ") || t.starts_with("::notice ");
        assert!(
            ours || (!t.starts_with("::") && !t.starts_with("##[")),
            "{l}"
        );
    }
    let allowed = ["file", "line", "col", "endLine", "endColumn", "title"];
    for (cmd, props, _) in &commands {
        assert!(["error", "warning", "notice"].contains(&cmd.as_str()));
        for (k, _) in props {
            assert!(allowed.contains(&k.as_str()), "injected property {k}");
        }
    }
    // The path and the message survive the round trip unchanged.
    let (cmd, props, data) = &commands[0];
    assert_eq!(cmd, "warning");
    let get = |k: &str| props.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    assert_eq!(
        get("file"),
        Some("src/a,line=1,title=x::y/weird:name,%0A.ts")
    );
    assert_eq!(get("line"), Some("3"));
    assert_eq!(get("col"), Some("2"));
    assert_eq!(props.iter().filter(|(k, _)| k == "line").count(), 1);
    assert_eq!(
        data,
        "100% done\n::set-env name=PATH::/tmp/evil\r\n::add-mask::x %0A\nhelp: line one\n::warning::two"
    );
    // The commit-message finding is not placed on a file called "commit 1a2b3c4".
    assert_eq!(commands[1].0, "error");
    assert!(commands[1].1.iter().all(|(k, _)| k != "file"));
    assert!(commands[1]
        .2
        .starts_with("commit 1a2b3c4: subject: ::stop-commands::"));
    assert_eq!(commands[2].0, "notice");
}

#[test]
fn at_most_ten_annotations_per_kind_and_the_rest_counted() {
    let mut o = Outcome::default();
    for i in 0..13 {
        o.findings
            .push(Finding::new(&HOSTILE, format!("w{i}")).at(Location::at("a.ts", i + 1, 1)));
    }
    for i in 0..11 {
        o.findings.push(
            Finding::new(&HOSTILE, format!("e{i}"))
                .severity(Severity::Error)
                .at(Location::at("b.ts", i + 1, 1)),
        );
    }
    let text = report::github::document(&o);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::warning ")).count(),
        10
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    let last = text.lines().last().unwrap();
    assert!(last.contains("1 error, 3 warnings not annotated"), "{last}");
}

#[test]
fn step_summary_stays_under_one_mebibyte_with_a_notice() {
    let mut o = Outcome::default();
    let long = "x".repeat(2000);
    for i in 0..1000u32 {
        o.findings
            .push(Finding::new(&HOSTILE, long.clone()).at(Location::at("a.ts", i + 1, 1)));
    }
    let limit = report::github::SUMMARY_LIMIT;
    let fresh = report::github::step_summary(&o, 0);
    assert!(fresh.len() < limit, "{}", fresh.len());
    assert!(fresh.contains("Truncated:"));
    assert!(fresh.contains("more findings not shown"));
    // What is already in the summary file counts against the limit.
    let later = report::github::step_summary(&o, 900 * 1024);
    assert!(later.len() + 900 * 1024 < limit);
    assert!(later.len() < fresh.len());
    // A small report is not truncated.
    let small = report::github::step_summary(&outcome(), 0);
    assert!(!small.contains("Truncated"));
    let (table, breakdown) = small.split_once("### By rule").unwrap();
    assert_eq!(table.matches("\n| ").count(), outcome().findings.len() + 1);
    assert!(breakdown.contains("### By plan"), "{breakdown}");
    // The cut report still ends with where its findings come from.
    assert!(
        fresh.trim_end().ends_with("| 1000 |"),
        "{}",
        &fresh[fresh.len() - 200..]
    );
}
