//! `planlint ci` picks its range from real CI event payloads, resolved in a real repository.
//!
//! History used throughout:
//! ```text
//! c1 ── c2              main, origin/main
//!   └── f1 ── f2        feature
//! ```

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::TestRepo;
use predicates::prelude::*;
use serde_json::{json, Value};

const ZERO: &str = "0000000000000000000000000000000000000000";

struct History {
    repo: TestRepo,
    c1: String,
    c2: String,
    f1: String,
    f2: String,
    events: tempfile::TempDir,
}

/// A file, its content and the message of the commit that writes it.
type Change<'a> = (&'a str, &'a str, &'a str);

/// The history above, each commit made of one change.
fn history_of(c1: Change, f1: Change, f2: Change, c2: Change) -> History {
    let repo = TestRepo::new();
    let commit = |(file, content, message): Change| {
        repo.write(file, content);
        repo.commit(message)
    };
    let c1 = commit(c1);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let f1 = commit(f1);
    let f2 = commit(f2);
    repo.git(&["checkout", "-q", "main"]);
    let c2 = commit(c2);
    repo.git(&["update-ref", "refs/remotes/origin/main", &c2]);
    repo.git(&["checkout", "-q", "feature"]);
    History {
        repo,
        c1,
        c2,
        f1,
        f2,
        events: tempfile::tempdir().unwrap(),
    }
}

fn history() -> History {
    history_of(
        ("a.txt", "1", "feat: one"),
        ("f.txt", "1", "feat: f one"),
        ("f.txt", "2", "feat: f two"),
        ("a.txt", "2", "feat: two"),
    )
}

impl History {
    /// `planlint ci --print-range` as GitHub Actions would run it for `event`.
    fn github(&self, event: &str, payload: Value) -> assert_cmd::assert::Assert {
        let path = self.event_file(payload);
        self.repo
            .planlint()
            .args(["ci", "--print-range"])
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_EVENT_PATH", path)
            .assert()
    }

    fn event_file(&self, payload: Value) -> PathBuf {
        let path = self.events.path().join("event.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&payload).unwrap()).unwrap();
        path
    }

    fn pull_request(&self, head_repo: &str) -> Value {
        json!({
            "action": "synchronize",
            "number": 12,
            "pull_request": {
                "number": 12,
                "base": {"ref": "main", "sha": self.c2, "repo": {"full_name": "acme/app"}},
                "head": {"ref": "feature", "sha": self.f2, "repo": {"full_name": head_repo}},
            },
            "repository": {"full_name": "acme/app", "default_branch": "main"}
        })
    }

    fn push(&self, git_ref: &str, before: &str, after: &str) -> Value {
        json!({
            "ref": git_ref,
            "before": before,
            "after": after,
            "created": before == ZERO,
            "deleted": after == ZERO,
            "repository": {"full_name": "acme/app", "default_branch": "main"}
        })
    }
}

fn stdout_is(expected: String) -> impl predicates::Predicate<[u8]> {
    predicate::eq(format!("{expected}\n").into_bytes())
}

#[test]
fn pull_request_checks_from_the_merge_base_to_the_head() {
    let h = history();
    h.github("pull_request", h.pull_request("acme/app"))
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c1, h.f2)))
        .stderr(predicate::str::contains(
            "range from GitHub pull_request #12",
        ));
}

#[test]
fn fork_pull_request_is_resolved_by_commit_ids() {
    let h = history();
    // The fork's branch name means nothing here: only its commits are present.
    h.repo.git(&["checkout", "-q", "--detach", &h.f2]);
    h.repo.git(&["branch", "-q", "-D", "feature"]);
    h.github("pull_request_target", h.pull_request("alice/app"))
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c1, h.f2)))
        .stderr(predicate::str::contains("(from fork alice/app)"));
}

#[test]
fn pull_request_whose_head_is_not_fetched_says_how_to_fix_it() {
    let h = history();
    let mut payload = h.pull_request("alice/app");
    payload["pull_request"]["head"]["sha"] = json!("1234567890123456789012345678901234567890");
    h.github("pull_request_target", payload)
        .code(2)
        .stderr(predicate::str::contains("is not a commit in this clone"))
        .stderr(predicate::str::contains("fetch-depth: 0"));
}

#[test]
fn push_checks_before_to_after() {
    let h = history();
    h.github("push", h.push("refs/heads/feature", &h.f1, &h.f2))
        .success()
        .stdout(stdout_is(format!("{}..{}", h.f1, h.f2)));
}

#[test]
fn push_of_a_new_branch_checks_what_the_default_branch_lacks() {
    let h = history();
    h.github("push", h.push("refs/heads/feature", ZERO, &h.f2))
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c2, h.f2)))
        .stderr(predicate::str::contains("(new branch)"));
}

#[test]
fn first_push_of_the_default_branch_checks_its_whole_history() {
    let h = history();
    h.github("push", h.push("refs/heads/main", ZERO, &h.c2))
        .success()
        .stdout(stdout_is(h.c2.clone()));
}

#[test]
fn force_push_whose_before_is_gone_falls_back_to_the_default_branch() {
    let h = history();
    let gone = "1111111111111111111111111111111111111111";
    h.github("push", h.push("refs/heads/feature", gone, &h.f2))
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c2, h.f2)))
        .stderr(predicate::str::contains(
            "is not in this clone (a force push?)",
        ));
}

#[test]
fn deleted_branch_needs_nothing() {
    let h = history();
    h.github("push", h.push("refs/heads/feature", &h.f2, ZERO))
        .success()
        .stdout("")
        .stderr(predicate::str::contains("nothing to check"));
}

#[test]
fn merge_group_checks_base_sha_to_head_sha() {
    let h = history();
    let payload = json!({
        "action": "checks_requested",
        "merge_group": {"base_sha": h.c2, "head_sha": h.f2, "base_ref": "refs/heads/main",
                        "head_ref": "refs/heads/gh-readonly-queue/main/pr-12-abc"},
        "repository": {"default_branch": "main"}
    });
    h.github("merge_group", payload)
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c2, h.f2)));
}

#[test]
fn a_crafted_payload_cannot_pass_revision_syntax() {
    let h = history();
    h.github("push", h.push("refs/heads/feature", "HEAD~1", &h.f2))
        .code(2)
        .stderr(predicate::str::contains("not a full commit id"));
}

#[test]
fn gitlab_merge_request_uses_the_diff_base() {
    let h = history();
    h.repo
        .planlint()
        .args(["ci", "--print-range"])
        .env("GITLAB_CI", "true")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &h.c1)
        .env("CI_COMMIT_SHA", &h.f2)
        .env("CI_MERGE_REQUEST_IID", "4")
        .assert()
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c1, h.f2)))
        .stderr(predicate::str::contains("GitLab merge request !4"));
}

#[test]
fn pre_commit_refs_are_resolved() {
    let h = history();
    h.repo
        .planlint()
        .args(["ci", "--print-range"])
        .env("PRE_COMMIT_FROM_REF", "main")
        .env("PRE_COMMIT_TO_REF", "feature")
        .assert()
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c2, h.f2)));
}

#[test]
fn base_and_head_work_in_any_ci() {
    let h = history();
    h.repo
        .planlint()
        .args([
            "ci",
            "--print-range",
            "--base",
            "main",
            "--head",
            "feature~1",
        ])
        .assert()
        .success()
        .stdout(stdout_is(format!("{}..{}", h.c2, h.f1)));
}

#[test]
fn outside_ci_without_base_is_a_usage_error() {
    let h = history();
    h.repo
        .planlint()
        .args(["ci", "--print-range"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no CI event found"))
        .stderr(predicate::str::contains("--base"));
}

#[test]
fn step_outputs_are_written_for_the_action() {
    let h = history();
    let out = h.events.path().join("github_output");
    std::fs::write(&out, "earlier=1\n").unwrap();
    let path = h.event_file(h.push("refs/heads/feature", &h.f1, &h.f2));
    h.repo
        .planlint()
        .args(["ci", "--print-range"])
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_EVENT_PATH", path)
        .env("GITHUB_OUTPUT", &out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("earlier=1\n"),
        "appended, not overwritten: {text}"
    );
    assert!(text.contains("status=passed\n"), "{text}");
    assert!(text.contains("blockers=0\n"), "{text}");
}

/// History where the commit before the fork point and one pull request commit break rules:
/// only the pull request's must be reported.
fn history_with_bad_commits() -> (History, String) {
    let h = history_of(
        ("a.txt", "1", "Feat: outside the pull request"),
        ("f.txt", "1", "feat: fine"),
        (
            "src/lib.rs",
            "pub fn f() -> u32 {\n    todo!()\n}\n",
            "Feat: inside the pull request",
        ),
        ("a.txt", "2", "feat: two"),
    );
    let f2 = h.f2.clone();
    (h, f2)
}

#[test]
fn ci_checks_only_the_commits_of_the_range_it_chose() {
    let (h, f2) = history_with_bad_commits();
    let path = h.event_file(h.pull_request("alice/app"));
    let out = h
        .repo
        .planlint()
        .args(["ci", "--format", "json"])
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", path)
        .assert()
        .code(1);
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        doc["subject"],
        format!("range {}..{}", &h.c1[..8], &f2[..8])
    );
    let findings = doc["findings"].as_array().unwrap();
    let rules: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, BTreeSet::from(["msg/type-case", "scan/stub-body"]));
    for f in findings {
        let commit = f["location"]["commit"].as_str().unwrap_or_default();
        assert!(f2.starts_with(commit) && !commit.is_empty(), "{f}");
    }
    assert!(doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("(from fork alice/app)")));
    assert!(h.f1 != f2 && h.c2 != f2);
}

#[test]
fn on_github_actions_ci_annotates_summarises_and_sets_outputs() {
    let (h, _) = history_with_bad_commits();
    let path = h.event_file(h.pull_request("acme/app"));
    let summary = h.events.path().join("summary.md");
    let outputs = h.events.path().join("outputs");
    h.repo
        .planlint()
        .arg("ci")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", path)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("::error file=src/lib.rs,line=2"));
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("scan/stub-body"));
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    for line in ["status=failed", "findings=2", "blockers=1", "errors=1"] {
        assert!(outputs.lines().any(|l| l == line), "{line} in {outputs}");
    }
}

#[test]
fn on_gitlab_ci_the_report_file_is_code_quality() {
    let (h, f2) = history_with_bad_commits();
    let report = h.events.path().join("gl-code-quality-report.json");
    h.repo
        .planlint()
        .args(["ci", "--output"])
        .arg(&report)
        .env("GITLAB_CI", "true")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &h.c1)
        .env("CI_COMMIT_SHA", &f2)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("scan/stub-body"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let issues = doc.as_array().expect("code quality is a JSON array");
    assert_eq!(issues.len(), 2);
    assert!(issues.iter().all(|i| i["fingerprint"].is_string()));
}
