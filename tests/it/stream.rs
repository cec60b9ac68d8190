//! The range doors write findings while the history is walked (human report on
//! stderr, JSON on stdout): what they write must be what a report rendered at the end says,
//! with the same counts, exit code and notes, and a run that fails before finding anything
//! leaves stdout empty.

use crate::common;

use common::TestRepo;
use serde_json::Value;

/// A history mixing plain-English headers (final at once), a scope no tree knows (settled
/// only at the end of the walk), a GSD plan and a scan finding.
fn mixed() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n");
    repo.commit("Initial commit");
    for i in 0..12 {
        repo.write("src/app.py", format!("x = {i}\n"));
        repo.commit(&format!("Update the app, take {i}"));
    }
    repo.write(".planning/phases/01-core/01-01-PLAN.md", "---\nphase: 01\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: [src/core.py]\nautonomous: true\nmust_haves:\n  truths: [\"works\"]\n---\n");
    repo.commit("docs(01): plan");
    repo.write("src/core.py", "def core():\n    print('debug')\n");
    repo.commit("feat(01-01): core");
    repo.write("src/core.py", "def core():\n    return 1\n");
    repo.commit("feat(07-09): a plan no tree has");
    repo.commit_at("fix stuff.", "2030-01-01T00:00:00Z");
    repo
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn json_written_during_the_walk_is_the_document_rendered_at_the_end() {
    let repo = mixed();
    let (code, streamed, err) = repo.run(&["--format", "json", "check", "--all"]);
    assert_eq!(code, 1, "{err}");
    let out = repo.path().join("report.json");
    let (code_file, _, _) = repo.run(&[
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
        "check",
        "--all",
    ]);
    assert_eq!(code_file, code);
    let whole = std::fs::read_to_string(&out).unwrap();
    let (a, b) = (json_of(&streamed), json_of(&whole));
    assert_eq!(a["counts"], b["counts"]);
    assert_eq!(a["notes"], b["notes"]);
    assert_eq!(a["subject"], b["subject"]);
    let key = |v: &Value| {
        let mut k: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.to_string())
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&a), key(&b), "the same findings, fingerprints and all");
    let rules: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "msg/header-format",
        "msg/plan-not-found",
        "msg/trailing-period",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
    assert_eq!(
        a["counts"]["error"].as_u64().unwrap() + a["counts"]["warning"].as_u64().unwrap(),
        rules.len() as u64
    );
}

#[test]
fn the_human_report_ends_with_the_notes_and_the_counts() {
    let repo = mixed();
    let (code, _, err) = repo.run(&["check", "--all"]);
    assert_eq!(code, 1, "{err}");
    let last_finding = err.rfind("[msg/").expect("findings");
    let note = err.find("note: checked").expect("the note");
    let counts = err.rfind("planlint: ").expect("the counts");
    assert!(last_finding < note && note < counts, "{err}");
    assert!(
        err.trim_end().ends_with("warnings") || err.trim_end().ends_with("warning"),
        "{err}"
    );
    assert!(err.contains("planlint: by rule: "), "{err}");
}

#[test]
fn a_run_that_fails_before_any_finding_writes_no_document() {
    let repo = mixed();
    let (code, out, err) = repo.run(&["--format", "json", "check", "nosuch..HEAD"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "stdout holds {out:?}");
}

#[test]
fn severities_from_the_config_apply_to_streamed_findings() {
    let repo = mixed();
    repo.write(
        "planlint.toml",
        "[rules]\n\"msg/header-format\" = \"off\"\n\"msg/trailing-period\" = \"error\"\n",
    );
    let (_, out, err) = repo.run(&["--format", "json", "check", "--all"]);
    let v = json_of(&out);
    let findings = v["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["rule"] == "msg/header-format"),
        "{err}"
    );
    let period = findings
        .iter()
        .find(|f| f["rule"] == "msg/trailing-period")
        .expect("trailing period");
    assert_eq!(period["severity"], "error");
}

/// Scan findings are written during the walk too, each with its commit's message findings,
/// newest commit first, and the same document comes out run after run however the diff
/// workers finish.
#[test]
fn each_commits_findings_are_written_together_newest_first() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n");
    repo.commit("feat: start");
    let mut ids = Vec::new();
    for i in 0..40 {
        repo.write(&format!("src/m{i}.ts"), format!("// TODO: part {i}\n"));
        ids.push(repo.commit(&format!("Add part {i}")));
    }
    let (code, first, err) = repo.run(&["--format", "json", "check", "--all"]);
    assert_eq!(code, 1, "{err}");
    let doc = json_of(&first);
    let order: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let commit = f["location"]["commit"].as_str().unwrap_or("").to_string();
            (commit, f["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let want: Vec<(String, String)> = ids
        .iter()
        .rev()
        .flat_map(|id| {
            [
                (id.clone(), "msg/header-format".to_string()),
                (id.clone(), "scan/todo-comment".to_string()),
            ]
        })
        .collect();
    assert_eq!(order, want, "{first}");
    for _ in 0..3 {
        let (_, again, _) = repo.run(&["--format", "json", "check", "--all"]);
        assert_eq!(again, first);
    }
}
