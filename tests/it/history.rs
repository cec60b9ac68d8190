//! Each commit judged by what it carried: its own planning folder, `.gitignore` and
//! `config.json`, plans committed later in the same range, the work tree for the local doors,
//! and history from before the project adopted GSD left out.

use crate::common;

use common::TestRepo;
use serde_json::Value;

/// A plan at `.planning/<dir>/<stem>-PLAN.md` declaring `files`.
fn plan_at(repo: &TestRepo, dir: &str, stem: &str, files: &[&str]) {
    let list: String = files.iter().map(|f| format!("  - {f}\n")).collect();
    repo.write(
        &format!(".planning/{dir}/{stem}-PLAN.md"),
        format!(
            "---\nphase: 01\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified:\n{list}autonomous: true\nmust_haves:\n  truths: [\"works\"]\n---\n"
        ),
    );
}

fn json(repo: &TestRepo, args: &[&str]) -> (Value, i32) {
    let out = repo
        .planlint()
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("planlint runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().unwrap_or(-1))
}

fn rules(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn notes(doc: &Value) -> String {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_plan_id_reused_later_does_not_take_the_old_commits() {
    let repo = TestRepo::new();
    plan_at(&repo, "phases/01-setup", "01-01", &["src/setup.ts"]);
    repo.commit("docs(01-01): plan setup");
    repo.write("src/setup.ts", "export const s = 1;\n");
    repo.commit("feat(01-01): set up");
    // The milestone is archived and a new one restarts at phase 01 with other files.
    std::fs::create_dir_all(repo.path().join(".planning/milestones/v1.0-phases")).unwrap();
    repo.git(&[
        "mv",
        ".planning/phases/01-setup",
        ".planning/milestones/v1.0-phases/01-setup",
    ]);
    plan_at(&repo, "phases/01-next", "01-01", &["src/next.ts"]);
    repo.commit("docs: start milestone v2.0");
    let (doc, code) = json(&repo, &["check", "--all"]);
    assert_eq!(code, 0, "{doc}");
    assert!(
        rules(&doc).is_empty(),
        "the old commit is not charged to the new plan: {doc}"
    );
}

#[test]
fn a_plan_deleted_since_is_found_for_its_own_commits() {
    let repo = TestRepo::new();
    plan_at(&repo, "phases/01-a", "01-01", &["src/a.ts"]);
    repo.commit("docs(01-01): plan a");
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    repo.git(&["rm", "-r", "-q", ".planning/phases"]);
    repo.write(".planning/STATE.md", "cleaned up\n");
    repo.commit("chore: drop finished plans");
    let (doc, _) = json(&repo, &["check", "--all"]);
    assert!(
        !rules(&doc).contains(&"msg/plan-not-found".to_string()),
        "{doc}"
    );
}

#[test]
fn a_plan_committed_later_in_the_range_counts_and_one_only_in_the_work_tree_warns() {
    let repo = TestRepo::new();
    repo.write(".planning/STATE.md", "x\n");
    let base = repo.commit("docs: start");
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    plan_at(&repo, "phases/01-a", "01-01", &["src/a.ts"]);
    repo.commit("docs(01-01): the plan, written after");
    let range = format!("{base}..HEAD");
    let (doc, code) = json(&repo, &["check", &range]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");

    // A plan that only the work tree has: found here, with a warning that CI will not see it.
    repo.write("src/b.ts", "export const b = 1;\n");
    repo.commit("feat(02-01): add b");
    plan_at(&repo, "phases/02-b", "02-01", &["src/b.ts"]);
    let (doc, code) = json(&repo, &["check", &range]);
    assert_eq!(code, 0, "a warning: {doc}");
    assert_eq!(rules(&doc), ["msg/plan-uncommitted"], "{doc}");
    // CI reads the commits only: there the scope names nothing.
    let (doc, code) = json(&repo, &["ci", "--base", &base, "--head", "HEAD"]);
    assert_eq!(code, 1, "{doc}");
    assert!(
        rules(&doc).contains(&"msg/plan-not-found".to_string()),
        "{doc}"
    );
}

#[test]
fn planning_files_are_judged_by_the_ignore_rules_of_their_time() {
    let repo = TestRepo::new();
    plan_at(&repo, "phases/01-a", "01-01", &["src/a.ts"]);
    repo.commit("docs(01-01): plan a");
    repo.write(".planning/STATE.md", "one\n");
    repo.commit("docs(state): update");
    repo.write(".gitignore", ".planning/\n");
    repo.commit("chore: keep plans local");
    // Tracked files stay tracked: this change is committed against the new rule.
    repo.write(".planning/STATE.md", "two\n");
    repo.git(&["add", "-f", ".planning/STATE.md"]);
    let late = repo.commit("docs(state): update again");
    let (doc, _) = json(&repo, &["check", "--all"]);
    let committed: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "diff/planning-committed")
        .collect();
    assert_eq!(committed.len(), 1, "{doc}");
    assert_eq!(committed[0]["location"]["commit"], late.as_str());
}

#[test]
fn scopes_of_commits_that_keep_their_plans_out_of_git_are_not_called_missing() {
    let repo = TestRepo::new();
    repo.write(".planning/config.json", "{\"commit_docs\": false}\n");
    repo.write(".planning/STATE.md", "x\n");
    repo.commit("docs: set up planning");
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(03-02): add a");
    // The plan lives on the author's machine only, or is long gone: nothing to say.
    let (doc, code) = json(&repo, &["ci", "--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
}

#[test]
fn history_from_before_gsd_is_left_out_with_a_note() {
    let repo = TestRepo::new();
    repo.write("src/old.ts", "old\n");
    repo.commit_at("Initial import of the old code", "2024-01-01T00:00:00Z");
    repo.commit_at("Fix photo URL handling", "2024-02-01T00:00:00Z");
    plan_at(&repo, "phases/01-a", "01-01", &["src/a.ts"]);
    let adopted = repo.commit_at("docs(01-01): plan a", "2025-01-01T00:00:00Z");
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit_at("feat(01-01): add a", "2025-01-02T00:00:00Z");
    let (doc, code) = json(&repo, &["check", "--all"]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
    let n = notes(&doc);
    assert!(n.contains("left out 2 commits from before"), "{n}");
    assert!(n.contains(&adopted[..8]), "{n}");
    assert!(n.contains("checked 2 commits"), "{n}");
    // The user's choice: check them too.
    repo.write("planlint.toml", "[history]\nbefore-gsd = \"check\"\n");
    repo.commit_at("chore: check all history", "2025-01-03T00:00:00Z");
    let (doc, code) = json(&repo, &["check", "--all"]);
    assert_eq!(code, 1, "{doc}");
    assert!(
        rules(&doc).contains(&"msg/header-format".to_string()),
        "{doc}"
    );
    assert!(!notes(&doc).contains("left out"), "{doc}");
}

#[test]
fn a_two_parent_commit_is_a_merge_whatever_its_subject() {
    let repo = TestRepo::new();
    repo.write("a", "a\n");
    repo.commit("chore: start");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("b", "b\n");
    repo.commit("chore: side work");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("c", "c\n");
    repo.commit("chore: main work");
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "--no-edit",
        "-m",
        "Merge 1a2b3c4 into 5d6e7f8",
        "side",
    ]);
    let (doc, code) = json(&repo, &["check", "--all"]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
}

#[test]
fn fixup_commits_are_refused_where_work_is_shared_not_in_history() {
    let repo = TestRepo::new();
    repo.write("a", "a\n");
    let base = repo.commit("chore: start");
    repo.write("a", "b\n");
    repo.commit("fixup! chore: start");
    let (doc, code) = json(&repo, &["ci", "--base", &base, "--head", "HEAD"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(rules(&doc), ["msg/autosquash"], "{doc}");
    let (doc, code) = json(&repo, &["check", &format!("{base}..HEAD")]);
    assert_eq!(code, 0, "{doc}");
    assert!(rules(&doc).is_empty(), "{doc}");
}

#[test]
fn quick_tasks_are_plans_their_commits_are_held_to() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md",
        "---\nfiles_modified: [src/login.ts]\n---\n# Fix login\n",
    );
    repo.write(
        ".planning/quick/13-old-fix/13-PLAN.md",
        "# an older quick task\n",
    );
    let base = repo.commit("docs(quick-260630-uq4): plan the login fix");
    repo.write("src/login.ts", "export const l = 1;\n");
    repo.write("src/other.ts", "export const o = 1;\n");
    repo.commit("fix(quick-260630-uq4-01): fix login");
    repo.commit("fix(quick-13): old fix");
    let (doc, code) = json(&repo, &["check", &format!("{base}..HEAD")]);
    assert_eq!(code, 0, "{doc}");
    let undeclared: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "diff/undeclared")
        .collect();
    assert_eq!(undeclared.len(), 1, "{doc}");
    assert_eq!(undeclared[0]["location"]["path"], "src/other.ts");
    assert_eq!(undeclared[0]["location"]["plan"], "quick-260630-uq4");
    assert!(
        !rules(&doc).contains(&"msg/plan-not-found".to_string()),
        "{doc}"
    );
    assert!(
        !rules(&doc).contains(&"msg/missing-plan-scope".to_string()),
        "{doc}"
    );
}

#[test]
fn a_scope_naming_a_plan_another_commit_of_the_range_carried_is_not_missing() {
    let repo = TestRepo::new();
    repo.write(".planning/STATE.md", "x\n");
    repo.commit("docs: start");
    // Executed while the plan was local, committed with the milestone's archive, and
    // removed again when the archive was pruned: the commit's own tree never had it.
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(07-02): add a");
    plan_at(&repo, "milestones/v1.0-phases/07-a", "07-02", &["src/a.ts"]);
    repo.commit("docs: archive milestone v1.0");
    repo.git(&["rm", "-r", "-q", ".planning/milestones"]);
    repo.commit("chore: prune the archive");
    repo.write("src/b.ts", "export const b = 1;\n");
    repo.commit("fix(07-03): a plan no commit ever had");
    let (doc, _) = json(&repo, &["check", "--all"]);
    let missing: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "msg/plan-not-found")
        .collect();
    assert_eq!(missing.len(), 1, "{doc}");
    assert_eq!(missing[0]["location"]["plan"], "07-03");
}

#[test]
fn finished_plans_no_commit_names_are_pointed_at_their_pull_requests() {
    let repo = TestRepo::new();
    plan_at(&repo, "phases/01-a", "01-01", &["src/a.ts"]);
    repo.write(
        ".planning/phases/01-a/01-01-SUMMARY.md",
        "---\nplan: 1\n---\n",
    );
    repo.write("src/a.ts", "export const a = 1;\n");
    // What a squash merge of the plan's pull request leaves on main.
    repo.commit("Add feature a (#12)");
    let (doc, _) = json(&repo, &["check", "--all"]);
    let n = notes(&doc);
    assert!(
        n.contains("1 finished plan has no commit on this branch"),
        "{n}"
    );
    assert!(n.contains("planlint ci"), "{n}");
    // A range that is not the whole history says nothing of plans outside it.
    let (doc, _) = json(&repo, &["check", "HEAD~0..HEAD"]);
    assert!(!notes(&doc).contains("finished plan"), "{doc}");
}
