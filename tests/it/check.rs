//! `planlint check` end to end on real repositories: ranges, the diff rules, and bad input.

use crate::common;

use common::{git_command, git_in, TestRepo};
use predicates::prelude::*;
use serde_json::Value;

/// A GSD repository with plan 01-01 declaring `files` (YAML list items), committed.
fn gsd(files: &[&str]) -> TestRepo {
    let repo = TestRepo::new();
    plan(&repo, "01-core", "01-01", files, "execute");
    repo.commit("docs(01): create phase plan");
    repo
}

fn plan(repo: &TestRepo, dir: &str, stem: &str, files: &[&str], kind: &str) {
    let list: String = files.iter().map(|f| format!("  - \"{f}\"\n")).collect();
    repo.plan(
        dir,
        stem,
        &format!(
            "phase: {dir}\nplan: {}\ntype: {kind}\nwave: 1\ndepends_on: []\nfiles_modified:\n{list}autonomous: true\nmust_haves:\n  truths: [\"works\"]\n",
            &stem[3..]
        ),
    );
}

/// Runs `planlint --format json check ARGS` and returns the document and the exit code.
fn check_json(repo: &TestRepo, args: &[&str]) -> (Value, i32) {
    let out = repo
        .planlint()
        .args(["--format", "json", "check"])
        .args(args)
        .output()
        .expect("planlint runs");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().unwrap_or(-1))
}

/// `(rule, path)` of every finding whose rule starts with `group`.
fn findings(doc: &Value, group: &str) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"].as_str().unwrap_or("").starts_with(group))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["location"]["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The first finding of `rule`.
fn finding<'d>(doc: &'d Value, rule: &str) -> &'d Value {
    doc["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["rule"] == rule))
        .unwrap_or_else(|| panic!("no {rule} finding in {doc}"))
}

fn notes(doc: &Value) -> String {
    doc["notes"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

fn pair(rule: &str, path: &str) -> (String, String) {
    (rule.to_string(), path.to_string())
}

#[test]
fn undeclared_files_of_a_plan_are_warnings_with_the_commit() {
    let repo = gsd(&["src/a.ts", "src/lib"]);
    repo.write("src/a.ts", "export const a = 1;\n")
        .write("src/lib/x.ts", "export const x = 1;\n")
        .write("src/libx.ts", "export const y = 1;\n")
        .write("Cargo.lock", "# lock\n");
    let feat = repo.commit("feat(01-01): add a");
    let (doc, code) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(code, 0, "warnings do not fail: {doc}");
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/libx.ts")]
    );
    let f = &doc["findings"][0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["location"]["commit"], feat.as_str());
    assert_eq!(f["location"]["plan"], "01-01");
    repo.planlint()
        .args(["--fail-on", "warning", "check", "--all", "--no-scan"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("diff/undeclared"));
}

#[test]
fn renames_are_declared_by_either_side_and_deletions_count() {
    let repo = gsd(&["src/old.ts", "src/gone.ts"]);
    repo.write(
        "src/old.ts",
        "export const value = 41;\nexport const other = 2;\n",
    )
    .write("src/gone.ts", "export const gone = 1;\n")
    .write("src/extra.ts", "export const extra = 1;\n");
    repo.commit("feat(01-01): add files");
    repo.git(&["mv", "src/old.ts", "src/new.ts"]);
    repo.git(&["rm", "-q", "src/gone.ts", "src/extra.ts"]);
    repo.commit("refactor(01-01): rename and clean up");
    let (doc, _) = check_json(&repo, &["HEAD~1..HEAD", "--no-scan"]);
    // The rename is declared through its old path; the deleted undeclared file is reported.
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/extra.ts")]
    );
}

#[test]
fn unkept_promises_are_reported_for_finished_plans_only() {
    let repo = gsd(&["src/a.ts", "src/b.ts"]);
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert!(findings(&doc, "diff/").is_empty(), "{doc}");
    repo.write(".planning/phases/01-core/01-01-SUMMARY.md", "# done\n");
    repo.commit("docs(01-01): complete core plan");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/unkept-promise", "src/b.ts")]
    );
}

#[test]
fn a_promise_kept_before_the_range_is_not_reported() {
    let repo = gsd(&["src/a.ts", "src/b.ts"]);
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    let base = repo.head();
    repo.write("src/b.ts", "export const b = 1;\n")
        .write(".planning/phases/01-core/01-01-SUMMARY.md", "# done\n");
    repo.commit("feat(01-01): add b and finish");
    let (doc, _) = check_json(&repo, &[&format!("{base}..HEAD"), "--no-scan"]);
    assert!(findings(&doc, "diff/").is_empty(), "{doc}");
}

#[test]
fn case_only_differences_are_one_finding() {
    let repo = gsd(&["src/Auth.ts"]);
    repo.write("src/auth.ts", "export const a = 1;\n")
        .write(".planning/phases/01-core/01-01-SUMMARY.md", "# done\n");
    repo.commit("feat(01-01): add auth");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/case-mismatch", "src/auth.ts")]
    );
}

#[test]
fn merges_are_diffed_against_the_first_parent_and_not_attributed() {
    let repo = gsd(&["src/a.ts"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("src/stray.ts", "export const s = 1;\n");
    repo.commit("feat(01-01): stray file");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    let mut merge = git_command(repo.path());
    merge.args([
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "feat(01-01): merge topic",
        "topic",
    ]);
    assert!(merge.status().unwrap().success());
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    // Once, from the branch commit; the merge (whose diff against main also holds it) is not
    // attributed by default.
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/stray.ts")]
    );
    // Along the first parent only the merge is seen, and it is not attributed.
    let (doc, _) = check_json(&repo, &["--all", "--first-parent", "--no-scan"]);
    assert!(findings(&doc, "diff/").is_empty(), "{doc}");
    // Attributed on request: the merge brings stray.ts into main.
    repo.write("planlint.toml", "[diff]\nattribute-merges = true\n");
    let (doc, _) = check_json(&repo, &["--all", "--first-parent", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/stray.ts")]
    );
}

#[test]
fn a_root_commit_is_diffed_against_the_empty_tree() {
    let repo = TestRepo::new();
    plan(&repo, "01-core", "01-01", &["src/a.ts"], "execute");
    repo.write("src/a.ts", "a\n").write("src/b.ts", "b\n");
    repo.commit("feat(01-01): everything at once");
    let (doc, _) = check_json(&repo, &["--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/b.ts")]
    );
    assert!(notes(&doc).contains("checked 1 commit"), "{doc}");
}

#[test]
fn detached_head_without_remotes_checks_its_history() {
    let repo = gsd(&["src"]);
    repo.write("src/a.ts", "a\n");
    repo.commit("feat(01-01): add a");
    repo.git(&["checkout", "-q", "--detach", "HEAD"]);
    let (doc, code) = check_json(&repo, &[]);
    assert_eq!(code, 0, "{doc}");
    let notes = notes(&doc);
    assert!(notes.contains("checked 2 commits"), "{notes}");
    assert!(notes.contains("no upstream"), "{notes}");
}

#[test]
fn default_range_stops_at_the_upstream() {
    let remote = TestRepo::new();
    remote.write("README.md", "x\n");
    remote.commit("chore: init");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", remote.path().display());
    git_in(clone.path(), &["clone", "-q", &url, "c"]);
    let dir = clone.path().join("c");
    std::fs::write(dir.join("b.txt"), "b\n").unwrap();
    git_in(&dir, &["add", "-A"]);
    git_in(&dir, &["commit", "-q", "-m", "Feat: not lower case"]);
    let out = common::planlint_in(&dir)
        .args(["--format", "json", "check"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["subject"], "commits of HEAD not on origin/main");
    assert!(notes(&doc).contains("checked 1 commit"), "{doc}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the type-case error fails: {doc}"
    );
    assert!(findings(&doc, "msg/")
        .iter()
        .any(|(r, _)| r == "msg/type-case"));
}

#[test]
fn message_findings_name_their_commit() {
    let repo = gsd(&["src"]);
    repo.write("src/a.ts", "a\n");
    let bad = repo.commit("Feat(01-01): shout");
    let (doc, code) = check_json(&repo, &["--all", "--messages-only"]);
    assert_eq!(code, 1);
    assert_eq!(
        finding(&doc, "msg/type-case")["location"]["commit"],
        bad.as_str()
    );
}

#[test]
fn a_message_that_is_not_utf8_is_checked_with_a_note() {
    let repo = gsd(&["src"]);
    repo.write("msg.txt", b"feat(01-01): caf\xe9 au lait\n".as_slice());
    let mut commit = git_command(repo.path());
    commit.args([
        "-c",
        "i18n.commitEncoding=ISO-8859-1",
        "commit",
        "-q",
        "--allow-empty",
        "-F",
        "msg.txt",
    ]);
    assert!(commit.status().unwrap().success());
    let (doc, code) = check_json(&repo, &["HEAD~1..HEAD", "--no-scan"]);
    assert_eq!(code, 0, "{doc}");
    assert!(
        notes(&doc).contains("1 commit message(s) are not valid UTF-8"),
        "{doc}"
    );
}

#[test]
fn an_empty_repository_is_a_clear_error() {
    let repo = TestRepo::new();
    repo.planlint()
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no commits yet"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unknown_revisions_and_unrelated_histories_are_errors() {
    let repo = gsd(&["src"]);
    repo.planlint()
        .args(["check", "nope..HEAD"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown revision `nope`"));
    repo.planlint()
        .args(["check", "--from", "mian"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `main`?"));
    repo.git(&["checkout", "-q", "--orphan", "other"]);
    repo.write("other.txt", "x\n");
    repo.commit("chore: unrelated");
    repo.planlint()
        .args(["check", "main..other"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("share no history"));
    repo.planlint()
        .args(["check", "a...b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("symmetric difference"));
}

#[test]
fn a_tag_of_a_tree_is_not_a_commit() {
    let repo = gsd(&["src"]);
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    repo.git(&["tag", "-a", "-m", "a tree", "treetag", tree.trim()]);
    repo.git(&["tag", "-a", "-m", "annotated", "v1", "HEAD"]);
    repo.planlint()
        .args(["check", "treetag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a commit"));
    // Annotated tags of commits are peeled.
    repo.planlint().args(["check", "v1"]).assert().code(0);
}

#[test]
fn a_corrupt_object_is_a_clear_error() {
    let repo = gsd(&["src"]);
    repo.write("src/a.ts", "a\n");
    repo.commit("feat(01-01): add a");
    // Corrupt the tree of HEAD, a loose object in a fresh repository.
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    let tree = tree.trim();
    let path = repo
        .path()
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"not zlib at all").unwrap();
    repo.planlint()
        .args(["check", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(tree))
        .stderr(predicate::str::contains("git fsck"))
        .stderr(predicate::str::contains("panicked").not());
    // Messages alone need the tree only for the plans it carried: they still work, judged by
    // the work tree's plans, and a note says why.
    repo.planlint()
        .args(["check", "--all", "--messages-only"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("could not be read"));
}

#[test]
fn a_shallow_clone_checks_what_is_there_and_says_how_to_fetch_the_rest() {
    let repo = gsd(&["src"]);
    for i in 0..4 {
        repo.write(&format!("src/f{i}.ts"), format!("{i}\n"));
        repo.commit(&format!("feat(01-01): step {i}"));
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git_in(clone.path(), &["clone", "-q", "--depth", "2", &url, "c"]);
    let dir = clone.path().join("c");
    let out = common::planlint_in(&dir)
        .args(["--format", "json", "check", "--all", "--no-scan"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = notes(&doc);
    assert!(notes.contains("checked 2 commits"), "{notes}");
    let lines = notes.lines().filter(|l| l.contains("shallow")).count();
    assert_eq!(lines, 1, "one note: {notes}");
    assert!(notes.contains("git fetch --unshallow"), "{notes}");
    // The boundary commit's changes are unknown, not "everything added".
    assert!(findings(&doc, "diff/").is_empty(), "{doc}");
    // A base that is not in the clone says the clone is shallow.
    common::planlint_in(&dir)
        .args([
            "check",
            &format!("{}..HEAD", repo.git(&["rev-parse", "HEAD~4"]).trim()),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shallow clone"));
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let repo = gsd(&["src/my file.ts", "docs/é/"]);
    repo.write("src/my file.ts", "a\n")
        .write("docs/é/naïve.md", "b\n")
        .write("src/naïve extra.ts", "c\n");
    repo.commit("feat(01-01): unicode");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/naïve extra.ts")]
    );
}

#[test]
fn submodule_entries_are_not_files() {
    let sub = TestRepo::new();
    sub.write("lib.txt", "x\n");
    sub.commit("chore: lib");
    let repo = gsd(&[".gitmodules"]);
    let mut add = git_command(repo.path());
    add.args(["-c", "protocol.file.allow=always", "submodule", "add", "-q"])
        .arg(sub.path())
        .arg("vendor/lib");
    let out = add.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo.commit("feat(01-01): add the lib as a submodule");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert!(findings(&doc, "diff/").is_empty(), "{doc}");
}

#[test]
fn a_plan_id_in_two_folders_resolves_to_the_current_one() {
    let repo = TestRepo::new();
    plan(&repo, "02-new", "02-01", &["src/new.ts"], "execute");
    let archived = ".planning/milestones/v1.0-phases/02-old/02-01-PLAN.md";
    repo.write(
        archived,
        "---\nphase: 02-old\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified:\n  - src/old.ts\nautonomous: true\nmust_haves:\n  truths: [\"x\"]\n---\n",
    );
    repo.commit("docs(02): plans");
    repo.write("src/new.ts", "n\n").write("src/old.ts", "o\n");
    repo.commit("feat(02-01): both");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/"),
        vec![pair("diff/undeclared", "src/old.ts")]
    );
    let help = finding(&doc, "diff/undeclared")["help"].to_string();
    assert!(
        help.contains(".planning/phases/02-new/02-01-PLAN.md"),
        "{help}"
    );
}

#[test]
fn tdd_plans_need_their_test_first() {
    let repo = TestRepo::new();
    plan(&repo, "01-core", "01-01", &["src", "tests"], "tdd");
    repo.commit("docs(01): plan");
    repo.write("src/a.ts", "a\n");
    let feat = repo.commit("feat(01-01): implement");
    repo.write("tests/a.test.ts", "t\n");
    repo.commit("test(01-01): cover");
    let (doc, code) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        finding(&doc, "diff/tdd-order")["location"]["commit"],
        feat.as_str()
    );
    assert_eq!(code, 1, "tdd-order is an error");
}

/// The order was wrong in commits pushed long ago: a later push for the same plan cannot
/// rewrite them, so it must not be refused for them.
#[test]
fn tdd_order_is_judged_only_on_commits_of_the_range() {
    let repo = TestRepo::new();
    plan(&repo, "01-core", "01-01", &["src", "tests"], "tdd");
    repo.commit("docs(01): plan");
    repo.write("src/a.ts", "a\n");
    repo.commit("feat(01-01): implement");
    repo.write("tests/a.test.ts", "t\n");
    let pushed = repo.commit("test(01-01): cover");
    repo.write("src/a.ts", "a2\n");
    repo.commit("fix(01-01): handle the empty case");
    let (doc, _) = check_json(&repo, &[&format!("{pushed}..HEAD"), "--no-scan"]);
    assert_eq!(findings(&doc, "diff/tdd"), vec![], "{doc}");
    // A feat of the range that comes before any test is still reported.
    repo.write("src/b.ts", "b\n");
    repo.commit("feat(01-01): second endpoint");
    let (doc, _) = check_json(&repo, &[&format!("{pushed}..HEAD"), "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/tdd"),
        vec![],
        "a test came before: {doc}"
    );
    let fresh = TestRepo::new();
    plan(&fresh, "01-core", "01-01", &["src", "tests"], "tdd");
    let base = fresh.commit("docs(01): plan");
    fresh.write("src/a.ts", "a\n");
    let first = fresh.commit("feat(01-01): implement");
    let (doc, _) = check_json(&fresh, &[&format!("{base}..HEAD"), "--no-scan"]);
    assert_eq!(
        finding(&doc, "diff/tdd-order")["location"]["commit"],
        first.as_str()
    );
}

#[test]
fn completion_commits_that_touch_code_are_reported() {
    let repo = gsd(&["src"]);
    repo.write(".planning/phases/01-core/01-01-SUMMARY.md", "# s\n")
        .write("src/sneaky.ts", "x\n")
        .write("CHANGELOG.md", "x\n");
    repo.commit("docs(01-01): complete core plan");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/docs"),
        vec![pair("diff/docs-commit-touches-code", "")]
    );
    let msg = finding(&doc, "diff/docs-commit-touches-code")["message"].to_string();
    assert!(
        msg.contains("src/sneaky.ts") && !msg.contains("CHANGELOG"),
        "{msg}"
    );
}

#[test]
fn planning_files_committed_against_commit_docs_false_or_gitignore() {
    let repo = gsd(&["src"]);
    repo.write(
        ".planning/config.json",
        "{\"planning\": {\"commit_docs\": false}}\n",
    );
    repo.commit("chore: planning config");
    let (doc, _) = check_json(&repo, &["HEAD~1..HEAD", "--no-scan"]);
    assert_eq!(
        findings(&doc, "diff/planning"),
        vec![pair("diff/planning-committed", "")]
    );

    let ignored = gsd(&["src"]);
    ignored.write(".gitignore", ".planning/\n");
    ignored.commit("chore: ignore planning");
    ignored.write(".planning/STATE.md", "s\n");
    ignored.git(&["add", "-f", ".planning/STATE.md"]);
    ignored.commit("docs(state): forced");
    let (doc, _) = check_json(&ignored, &["HEAD~1..HEAD", "--no-scan"]);
    assert_eq!(findings(&doc, "diff/planning").len(), 1, "{doc}");
    assert!(finding(&doc, "diff/planning-committed")["message"]
        .as_str()
        .unwrap_or("")
        .contains("ignored by git"));
    // Without a policy against it, committing plans is what GSD does.
    let plain = gsd(&["src"]);
    let (doc, _) = check_json(&plain, &["--all", "--no-scan"]);
    assert!(findings(&doc, "diff/planning").is_empty(), "{doc}");
}

#[test]
fn added_lines_are_scanned_with_their_commit() {
    let repo = gsd(&["src"]);
    repo.write("src/a.py", "def f():\n    return 1\n");
    repo.commit("feat(01-01): f");
    repo.write(
        "src/a.py",
        "def f():\n    return 1\n\n# FIXME later\ndef g():\n    return 2\n",
    )
    .write("src/blob.ts", b"\0\x01\x02 binary FIXME".as_slice());
    let second = repo.commit("feat(01-01): g");
    let (doc, _) = check_json(&repo, &["--all"]);
    assert_eq!(findings(&doc, "scan/").len(), 1, "{doc}");
    let found = &finding(&doc, "scan/debt-marker")["location"];
    assert_eq!(found["path"], "src/a.py");
    assert_eq!(found["line"], 4);
    assert_eq!(found["commit"], second.as_str());
    assert!(notes(&doc).contains("1 binary"), "{doc}");
    let (doc, _) = check_json(&repo, &["--all", "--no-scan"]);
    assert!(findings(&doc, "scan/").is_empty());
}

#[test]
fn whole_file_mode_reports_each_finding_once_in_the_newest_version() {
    let repo = gsd(&["src"]);
    repo.write("src/a.py", "# FIXME one\ndef f():\n    return 1\n");
    repo.commit("feat(01-01): f");
    repo.write("src/a.py", "# FIXME one\ndef f():\n    return 2\n");
    repo.commit("fix(01-01): f");
    let (doc, _) = check_json(&repo, &["--all", "--whole-files"]);
    let scan = findings(&doc, "scan/");
    assert_eq!(scan.len(), 1, "{doc}");
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let repo = gsd(&["src"]);
    repo.planlint()
        .args(["check", "--all"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("commits read").not());
}

/// Scan findings come back from the diff threads in whatever order they finish; the report
/// must still list them in walk order (newest commit first), the same on every run.
#[test]
fn scan_findings_are_in_walk_order_whatever_the_diff_threads_do() {
    use std::io::Write;
    let repo = TestRepo::new();
    // 160 commits, five batches for the diff threads, each adding one file with a TODO. Built
    // with fast-import (each commit continues the branch): 160 `git commit`s take seconds.
    let mut stream = String::new();
    for i in 0..160 {
        let msg = format!("feat: module {i}\n");
        let body = format!("export const m{i} = {i}; // TODO: name it\n");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter T <t@example.com> {} +0000\ndata {}\n{msg}",
            1_767_225_600 + i,
            msg.len()
        ));
        stream.push_str(&format!(
            "M 100644 inline src/m{i:03}.ts\ndata {}\n{body}\n",
            body.len()
        ));
    }
    let mut fi = git_command(repo.path())
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    fi.stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("stream written");
    assert!(fi.wait().expect("fast-import ends").success());
    repo.git(&["reset", "-q", "--hard", "main"]);

    let expected: Vec<(String, String)> = (0..160)
        .rev()
        .map(|i| pair("scan/todo-comment", &format!("src/m{i:03}.ts")))
        .collect();
    let (first, _) = check_json(&repo, &["--all"]);
    assert_eq!(findings(&first, "scan/"), expected);
    for _ in 0..3 {
        let (again, _) = check_json(&repo, &["--all"]);
        assert_eq!(again, first, "a second run reports differently");
    }
}

/// A range adds what survives to its end: a stub that one commit adds and a later commit of
/// the range removes is not reported, and a line that survives is reported where it is now,
/// with the commit that added it.
#[test]
fn scan_reports_what_the_range_adds_by_its_end() {
    let repo = TestRepo::new();
    repo.write("src/login.ts", "export const a = 1;\n");
    let base = repo.commit("feat: start");
    repo.write(
        "src/login.ts",
        "export const a = 1;\n// FIXME: hash the password\nconsole.log(a);\n// TODO: rate limit\n",
    );
    let added = repo.commit("feat: login");
    repo.write(
        "src/login.ts",
        "import { hash } from \"./hash\";\n\nexport const a = 1;\n// TODO: rate limit\n",
    );
    repo.commit("fix: hash the password, drop the debug line");
    let (doc, _) = check_json(&repo, &[&format!("{base}..HEAD")]);
    assert_eq!(
        findings(&doc, "scan/"),
        vec![pair("scan/todo-comment", "src/login.ts")],
        "{doc}"
    );
    let todo = finding(&doc, "scan/todo-comment");
    assert_eq!(todo["location"]["line"], 4, "{todo}");
    assert_eq!(todo["location"]["commit"], added.as_str());
    // Checked on its own, the commit that added them still answers for all three.
    let (doc, _) = check_json(&repo, &[&format!("{base}..{added}")]);
    assert_eq!(findings(&doc, "scan/").len(), 3, "{doc}");
}

/// A file renamed later in the range carries its findings to its new name; one deleted by the
/// end of the range takes them with it.
#[test]
fn scan_findings_follow_renames_and_go_with_deletions() {
    let repo = TestRepo::new();
    repo.write("keep.ts", "k\n");
    let base = repo.commit("feat: start");
    repo.write("src/old.ts", "x\n// TODO: later\n")
        .write("src/tmp.ts", "// TODO: remove this file\n");
    repo.commit("feat: add");
    repo.git(&["mv", "src/old.ts", "src/new.ts"]);
    repo.git(&["rm", "-q", "src/tmp.ts"]);
    repo.commit("refactor: rename, drop the scratch file");
    let (doc, _) = check_json(&repo, &[&format!("{base}..HEAD")]);
    assert_eq!(
        findings(&doc, "scan/"),
        vec![pair("scan/todo-comment", "src/new.ts")],
        "{doc}"
    );
    assert_eq!(finding(&doc, "scan/todo-comment")["location"]["line"], 2);
}

/// A rename only carries the findings of commits older than it: a file made again under the
/// old name is another file, and its finding is not found in the renamed one's copy of the
/// same line.
#[test]
fn a_rename_carries_only_the_findings_of_older_commits() {
    let repo = TestRepo::new();
    repo.write("keep.ts", "k\n");
    let base = repo.commit("feat: start");
    repo.write("src/a.ts", "x\n// TODO: later\n");
    let first = repo.commit("feat: add a");
    repo.git(&["mv", "src/a.ts", "src/b.ts"]);
    repo.commit("refactor: a is b now");
    repo.write("src/a.ts", "y\n// TODO: later\n");
    repo.commit("feat: a new a");
    repo.write("src/a.ts", "y\n");
    repo.commit("fix: done later");
    let (doc, _) = check_json(&repo, &[&format!("{base}..HEAD")]);
    assert_eq!(
        findings(&doc, "scan/"),
        vec![pair("scan/todo-comment", "src/b.ts")],
        "{doc}"
    );
    let todo = finding(&doc, "scan/todo-comment");
    assert_eq!(todo["location"]["commit"], first.as_str(), "{todo}");
    assert_eq!(todo["location"]["line"], 2);
}

/// What a range ends with is its tips' trees, not the last commit of the walk that touched a
/// file: a merge brings other branches' versions, and the walk interleaves branches by date.
#[test]
fn scan_findings_are_held_against_the_tips_of_the_range() {
    let repo = TestRepo::new();
    let body: String = (1..=9).map(|i| format!("fn f{i}() {{}}\n")).collect();
    repo.write("a.rs", &body);
    let base = repo.commit("feat: start");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("a.rs", format!("// header\n// more\n// and more\n{body}"));
    repo.commit("feat: header on the side");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "a.rs",
        body.replace("fn f5() {}\n", "fn f5() {}\n// FIXME: x\n"),
    );
    repo.commit("feat: a fixme on main");
    repo.git(&["merge", "-q", "--no-edit", "side"]);
    // The FIXME is in HEAD, three lines lower than where main's commit put it.
    let (doc, code) = check_json(&repo, &[&format!("{base}..HEAD")]);
    assert_eq!(
        findings(&doc, "scan/"),
        vec![pair("scan/debt-marker", "a.rs")],
        "{doc}"
    );
    assert_eq!(finding(&doc, "scan/debt-marker")["location"]["line"], 9);
    assert_eq!(code, 1);

    // A file renamed, and a new one made under the old name: the finding follows the rename.
    repo.write("old.rs", "fn a() {}\n// FIXME: y\n");
    let before = repo.commit("feat: old");
    repo.git(&["mv", "old.rs", "new.rs"]);
    repo.commit("refactor: rename");
    repo.write("old.rs", "fn fresh() {}\n");
    repo.commit("feat: a new old.rs");
    let (doc, _) = check_json(&repo, &[&format!("{}~1..HEAD", before)]);
    assert_eq!(
        findings(&doc, "scan/"),
        vec![pair("scan/debt-marker", "new.rs")],
        "{doc}"
    );
}

/// A commit dated before the one that brought the planning folder is left out as from before
/// GSD, its scan findings with it, in a report written at the end as in one written as it goes.
#[test]
fn scan_findings_of_a_commit_left_out_before_gsd_go_too() {
    let repo = TestRepo::new();
    repo.write("src/a.ts", "a\n");
    repo.commit_at("Initial import", "2024-01-01T00:00:00Z");
    repo.write(
        ".planning/phases/01-a/01-01-PLAN.md",
        "---\nphase: 01\nplan: 01\nfiles_modified: [src/a.ts]\n---\n",
    );
    repo.commit_at("docs(01-01): plan a", "2025-01-01T00:00:00Z");
    repo.git(&["rm", "-rq", ".planning"]);
    repo.write("src/b.ts", "// TODO: fix me\n");
    repo.commit_at("Add b", "2024-06-01T00:00:00Z");
    let out = repo.path().join("report.json");
    let (_, _, err) = repo.run(&[
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
        "check",
        "--all",
    ]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(notes(&doc).contains("left out"), "{doc}\n{err}");
    assert_eq!(
        findings(&doc, "scan/"),
        Vec::<(String, String)>::new(),
        "{doc}"
    );
}
