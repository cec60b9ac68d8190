//! `planlint msg` end to end: the real `hooks/commit-msg` shim in a real repository with a
//! `.planning/` tree, driven by real `git commit`s; and the command's bad inputs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{git_command, TestRepo};
use predicates::prelude::*;

fn planlint_bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("planlint"))
}

/// A repository with a GSD planning tree, one commit, and `hooks/commit-msg` installed by hand.
fn gsd_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.plan("02-auth", "02-01", "phase: 02-auth\nplan: 1\n");
    repo.plan("02-auth", "02-03", "phase: 02-auth\nplan: 3\n");
    repo.write(".planning/phases/02-auth/02-01-SUMMARY.md", "# done\n");
    repo.commit("docs: start");
    let hook = repo.path().join(".git/hooks/commit-msg");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks/commit-msg"),
        &hook,
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    repo
}

/// `git commit` with the hook on; `editor` is a shell script body run as `$GIT_EDITOR "$1"`.
fn commit(repo: &TestRepo, git_args: &[&str], editor: Option<&str>) -> Output {
    repo.write("src/a.txt", format!("{}\n", repo.head()));
    repo.git(&["add", "-A"]);
    let mut cmd = git_command(repo.path());
    cmd.args(git_args)
        .env("PLANLINT_BIN", planlint_bin())
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1");
    if let Some(body) = editor {
        let script = repo.path().join(".git/test-editor.sh");
        std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
        cmd.env("GIT_EDITOR", format!("sh {}", script.display()));
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn last_message(repo: &TestRepo) -> String {
    repo.git(&["log", "-1", "--format=%B"])
        .trim_end()
        .to_string()
}

#[test]
fn bad_message_is_rejected_with_a_caret_and_good_one_accepted() {
    let repo = gsd_repo();
    let head = repo.head();
    let out = commit(&repo, &["commit", "-q", "-m", "feat(2-3) add x"], None);
    let err = stderr(&out);
    assert!(!out.status.success(), "bad message accepted:\n{err}");
    assert_eq!(repo.head(), head, "no commit may be recorded");
    assert!(err.contains("msg/missing-colon"), "{err}");
    // Every fault, the colon and the id as the files write it, fixed at once.
    assert!(err.contains("try: feat(02-03): add x"), "{err}");
    assert!(!err.contains("try: feat(2-3)"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    // The caret sits under the space after `)`, where the colon belongs.
    let lines: Vec<&str> = err.lines().collect();
    let block = lines
        .iter()
        .position(|l| l.contains("msg/missing-colon"))
        .unwrap();
    let src = block
        + lines[block..]
            .iter()
            .position(|l| l.ends_with("feat(2-3) add x"))
            .expect("source line");
    let col = |l: &str, pat: &str| l.find(pat).map(|b| l[..b].chars().count());
    let start = col(lines[src], "feat(2-3)").unwrap();
    let caret = col(lines[src + 1], "▲")
        .or_else(|| col(lines[src + 1], "┬"))
        .expect("caret line");
    assert_eq!(caret, start + "feat(2-3)".len(), "{err}");

    let out = commit(&repo, &["commit", "-q", "-m", "feat(02-03): add x"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(last_message(&repo), "feat(02-03): add x");
}

#[test]
fn unknown_plan_is_rejected_with_did_you_mean() {
    let repo = gsd_repo();
    let out = commit(&repo, &["commit", "-q", "-m", "feat(02-04): add x"], None);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("msg/plan-not-found"), "{err}");
    assert!(err.contains("did you mean 02-03?"), "{err}");
}

#[test]
fn editor_messages_with_comments_and_scissors_are_judged_as_git_records_them() {
    let repo = gsd_repo();
    // `git commit -v`: the editor puts a header above git's comments and the diff.
    let editor =
        r#"{ printf 'feat(02-03): from the editor\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1""#;
    let out = commit(&repo, &["commit", "-q", "-v"], Some(editor));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(last_message(&repo), "feat(02-03): from the editor");

    // Leaving only comments: git would abort; the hook says so first.
    let head = repo.head();
    let out = commit(&repo, &["commit", "-q"], Some(":"));
    let err = stderr(&out);
    assert!(!out.status.success());
    assert_eq!(repo.head(), head);
    assert!(err.contains("msg/empty-message"), "{err}");
    assert!(err.contains("abort"), "{err}");
}

#[test]
fn core_comment_char_is_honoured() {
    let repo = gsd_repo();
    // With `;` as the comment character, `#12: ...` is the header, not a comment.
    let editor = r#"{ printf '#12: from the editor\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1""#;
    for args in [
        &["-c", "core.commentChar=;", "commit", "-q"][..],
        &["commit", "-q"][..],
    ] {
        if args[0] == "commit" {
            repo.git(&["config", "core.commentChar", ";"]);
        }
        let out = commit(&repo, args, Some(editor));
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?}: {err}");
        assert!(err.contains("msg/header-format"), "{args:?}: {err}");
        // Line 1 is the header; with `#` as the comment character it would be line 2.
        assert!(err.contains("COMMIT_EDITMSG:1:1]"), "{args:?}: {err}");
    }
    // And `;` lines (git's comments) are not read as body: the header goes right above them.
    let editor =
        r#"{ printf 'feat(02-03): x\n'; sed '/./,$!d' "$1"; } > "$1.new" && mv "$1.new" "$1""#;
    repo.write(
        "planlint.toml",
        "[rules]\n\"msg/body-separation\" = \"error\"\n",
    );
    let out = commit(&repo, &["commit", "-q", "-v"], Some(editor));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn outside_a_repository_and_without_planning_it_lints_plain_conventional_commits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("MSG"), "feat(99-99): no plan to find\n").unwrap();
    common::planlint_in(dir.path())
        .args(["msg", "MSG"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not inside a git repository"));

    let repo = TestRepo::new();
    repo.write("MSG", "feat: plain\n");
    repo.planlint()
        .args(["msg", "MSG"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no .planning/ folder").not())
        .stderr(predicate::str::contains("missing-plan-scope").not());
    // The note comes when it explains the verdict: a plan scope that was not looked up.
    repo.write("MSG", "feat(02-01): plain\n");
    repo.planlint()
        .args(["msg", "MSG"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no .planning/ folder"));
    repo.write("MSG", "feat plain\n");
    repo.planlint()
        .args(["msg", "MSG"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("msg/missing-colon"));
}

#[test]
fn stdin_and_json() {
    let repo = gsd_repo();
    let out = repo
        .planlint()
        .args(["--format", "json", "msg", "-"])
        .write_stdin("feat(02-01):add\n")
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("msg/space-after-colon"), "{text}");
    assert!(text.contains("\"start\":12"), "{text}");
    assert!(text.contains("feat(02-01): add"), "{text}");
}

#[test]
fn bad_inputs_exit_2_with_one_clear_paragraph() {
    let repo = gsd_repo();
    let no_panic = || {
        predicate::str::contains("panicked")
            .or(predicate::str::contains("backtrace"))
            .not()
    };
    repo.write("BAD", b"feat: caf\xe9\n");
    repo.planlint()
        .args(["msg", "BAD"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8"))
        .stderr(no_panic());

    repo.write("HUGE", vec![b'a'; 10 << 20]);
    repo.planlint()
        .args(["msg", "HUGE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit"))
        .stderr(predicate::str::contains("max-bytes"))
        .stderr(no_panic());
    repo.planlint()
        .args(["msg", "-"])
        .write_stdin(vec![b'a'; 10 << 20])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("10485760 bytes"));

    repo.planlint()
        .args(["msg", "MISSING"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"))
        .stderr(no_panic());

    repo.write("OK", "feat(02-03): x\n");
    repo.write("planlint.toml", "[message]\nmax-header-length = \"long\"\n");
    repo.planlint()
        .args(["msg", "OK"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("planlint.toml"))
        .stderr(no_panic());
}
