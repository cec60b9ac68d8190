//! The pre-push hook end to end: a real `git push` to a local bare remote runs hooks/pre-push,
//! which runs the real binary; and `planlint pre-push` fed by hand.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{git_command, git_in, TestRepo};
use predicates::prelude::*;

/// A repository with a bare `origin` beside it and the project's pre-push shim installed.
struct Pushing {
    repo: TestRepo,
    _remote: tempfile::TempDir,
}

impl Pushing {
    fn new() -> Pushing {
        let remote = tempfile::tempdir().unwrap();
        git_in(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
        let repo = TestRepo::new();
        repo.git(&[
            "remote",
            "add",
            "origin",
            &remote.path().display().to_string(),
        ]);
        let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks/pre-push");
        let hook = repo.path().join(".git/hooks/pre-push");
        std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
        std::fs::copy(&shim, &hook).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        repo.write("README.md", "# project\n");
        repo.commit("chore: initial commit");
        Pushing {
            repo,
            _remote: remote,
        }
    }

    /// `git push ARGS` with the hook finding the binary under test.
    fn push(&self, args: &[&str]) -> Output {
        let bin: PathBuf = assert_cmd::cargo::cargo_bin!("planlint").to_path_buf();
        let mut cmd = git_command(self.repo.path());
        cmd.arg("push")
            .args(args)
            .env("PLANLINT_BIN", bin)
            .env("NO_COLOR", "1");
        cmd.output().expect("git push runs")
    }
}

/// Pushes and expects git to accept, with exactly `checked` in planlint's notes.
fn accepted(p: &Pushing, args: &[&str], checked: &str) {
    let out = p.push(args);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(checked), "expected `{checked}`: {err}");
}

/// Pushes and expects the hook to refuse for `rule`, with `checked` in the notes.
fn refused(p: &Pushing, args: &[&str], rule: &str, checked: &str) {
    let out = p.push(args);
    let err = stderr(&out);
    assert!(!out.status.success(), "the push should be refused: {err}");
    assert!(err.contains(rule) && err.contains(checked), "{err}");
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_new_branch_update_and_delete_go_through_the_hook() {
    let p = Pushing::new();
    // New branch: the whole history is new to the remote, and clean.
    accepted(&p, &["-q", "origin", "main"], "checked 1 commit");

    // Update with a bad message: refused, naming the rule, checking only the new commit.
    p.repo.write("a.txt", "a\n");
    p.repo.commit("Feat: shouting type");
    refused(
        &p,
        &["-q", "origin", "main"],
        "msg/type-case",
        "checked 1 commit",
    );

    // Fixed: only the new commit is checked, the push goes through.
    p.repo
        .git(&["commit", "-q", "--amend", "-m", "feat: lower-case type"]);
    accepted(&p, &["-q", "origin", "main"], "checked 1 commit");

    // A new branch with one more commit: what origin already has is not checked again.
    p.repo.git(&["checkout", "-q", "-b", "topic"]);
    p.repo.write("b.txt", "b\n");
    p.repo.commit("fix: topic work");
    accepted(&p, &["-q", "origin", "topic"], "checked 1 commit");

    // Deleting a remote branch sends nothing to check.
    accepted(&p, &["-q", "origin", "--delete", "topic"], "only deletes");
}

#[test]
fn a_force_push_over_unknown_commits_checks_what_the_remote_lacks() {
    let p = Pushing::new();
    accepted(&p, &["-q", "origin", "main"], "checked 1 commit");
    // Someone else's commit lands on the remote; this clone never fetches it.
    let other = tempfile::tempdir().unwrap();
    let url = p.repo.git(&["remote", "get-url", "origin"]);
    git_in(other.path(), &["clone", "-q", url.trim(), "o"]);
    let o = other.path().join("o");
    std::fs::write(o.join("x.txt"), "x\n").unwrap();
    git_in(&o, &["add", "-A"]);
    git_in(&o, &["commit", "-q", "-m", "chore: theirs"]);
    git_in(&o, &["push", "-q", "--no-verify", "origin", "main"]);
    // Ours rewrites main; the remote's sha is not in this clone.
    p.repo.write("y.txt", "y\n");
    p.repo.commit("Feat: ours");
    refused(
        &p,
        &["-q", "--force", "origin", "main"],
        "msg/type-case",
        "checked 1 commit",
    );
}

#[test]
fn pre_push_by_hand_reads_gits_lines() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    let head = repo.commit("Feat: bad");
    let zero = "0".repeat(40);
    repo.planlint()
        .args(["pre-push", "origin", "https://example.invalid/x.git"])
        .write_stdin(format!("refs/heads/main {head} refs/heads/main {zero}\n"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("msg/type-case"));
    repo.planlint()
        .args(["pre-push", "origin"])
        .write_stdin(format!("(delete) {zero} refs/heads/old {head}\n"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("only deletes"));
    // No lines at all (stdin from /dev/null) is not a push of deletions.
    repo.planlint()
        .args(["pre-push", "origin", "https://example.invalid/x.git"])
        .write_stdin("")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "nothing to check: git sent no refs to push",
        ))
        .stderr(predicate::str::contains("deletes").not());
    repo.planlint()
        .args(["pre-push", "origin"])
        .write_stdin("refs/heads/main not-a-sha\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1"));
    let missing = "1".repeat(40);
    repo.planlint()
        .args(["pre-push", "origin"])
        .write_stdin(format!(
            "refs/heads/main {missing} refs/heads/main {zero}\n"
        ))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(&missing));
}

/// Two branches pushed at once: a line one of them adds and keeps is reported, whatever the
/// other branch did to the same file.
#[test]
fn a_push_of_two_branches_keeps_what_each_branch_adds() {
    let repo = TestRepo::new();
    let body: String = (1..=6).map(|i| format!("fn f{i}() {{}}\n")).collect();
    repo.write("a.rs", &body);
    repo.commit("feat: start");
    repo.git(&["checkout", "-q", "-b", "x"]);
    repo.write("a.rs", format!("{body}// FIXME: x\n"));
    let x = repo.commit("feat: x");
    repo.git(&["checkout", "-q", "-b", "y", "main"]);
    repo.write("a.rs", body.replace("fn f1() {}", "fn f1() { 1 }"));
    let y = repo.commit("feat: y");
    let zero = "0".repeat(40);
    for order in [[("y", &y), ("x", &x)], [("x", &x), ("y", &y)]] {
        let lines: String = order
            .iter()
            .map(|(b, id)| format!("refs/heads/{b} {id} refs/heads/{b} {zero}\n"))
            .collect();
        repo.planlint()
            .args(["pre-push", "origin", "https://example.invalid/x.git"])
            .write_stdin(lines)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("scan/debt-marker"));
    }
}
