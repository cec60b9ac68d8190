//! `planlint install` / `uninstall` against real repositories, with real `git commit` and
//! `git push` running the installed hooks. A stub planlint (a shell script that records its
//! arguments and stdin) stands in where the test is about the shims' mechanics; the real
//! binary is used where the test is about what planlint decides.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{git_command, git_in, TestRepo};
use predicates::prelude::*;

const COMMIT_MSG_SHIM: &str = include_str!("../../hooks/commit-msg");
const PRE_PUSH_SHIM: &str = include_str!("../../hooks/pre-push");

/// A fake planlint that logs each call's arguments (and a pre-push's stdin) into `dir`, and
/// exits with the code in `dir/exit` (0 when absent).
struct Stub {
    dir: tempfile::TempDir,
}

impl Stub {
    fn new() -> Stub {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{d}/args'\nif [ \"$1\" = pre-push ]; then cat > '{d}/stdin'; fi\n\
             code=0\n[ -f '{d}/exit' ] && code=$(cat '{d}/exit')\nexit \"$code\"\n"
        );
        let bin = dir.path().join("planlint");
        std::fs::write(&bin, script).unwrap();
        make_executable(&bin);
        Stub { dir }
    }

    fn bin(&self) -> PathBuf {
        self.dir.path().join("planlint")
    }

    fn exit_with(&self, code: i32) {
        std::fs::write(self.dir.path().join("exit"), code.to_string()).unwrap();
    }

    fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("args"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn stdin(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stdin")).unwrap_or_default()
    }
}

fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The hooks folder according to git itself.
fn git_hooks_dir(repo_dir: &Path) -> PathBuf {
    let rel = git_in(repo_dir, &["rev-parse", "--git-path", "hooks"]);
    repo_dir.join(rel.trim())
}

/// `git commit` with the hooks enabled (unlike `TestRepo::commit`).
fn commit_with_hooks(repo: &TestRepo, file: &str, message: &str, planlint: &Path) -> Output {
    repo.write(file, message);
    repo.git(&["add", "-A"]);
    git_command(repo.path())
        .args(["commit", "-q", "-m", message])
        .env("PLANLINT_BIN", planlint)
        .output()
        .unwrap()
}

fn install(repo: &TestRepo, args: &[&str]) -> assert_cmd::assert::Assert {
    repo.planlint().arg("install").args(args).assert()
}

fn with_first_commit() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n");
    repo.commit("docs: start");
    repo
}

#[test]
fn install_writes_both_shims_where_git_looks_and_is_idempotent() {
    let repo = with_first_commit();
    install(&repo, &[])
        .success()
        .stderr(predicate::str::contains(".git/hooks/commit-msg: installed"))
        .stderr(predicate::str::contains(".git/hooks/pre-push: installed"));
    let hooks = git_hooks_dir(repo.path());
    for (name, shim) in [("commit-msg", COMMIT_MSG_SHIM), ("pre-push", PRE_PUSH_SHIM)] {
        let p = hooks.join(name);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), shim, "{name}");
        assert_eq!(mode(&p), 0o755, "{name}");
    }
    let before: Vec<_> = std::fs::read_dir(&hooks)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    install(&repo, &[])
        .success()
        .stderr(predicate::str::contains(
            "already installed, nothing changed",
        ));
    let after: Vec<_> = std::fs::read_dir(&hooks)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "a second install adds no files");
}

#[test]
fn one_hook_can_be_chosen() {
    let repo = with_first_commit();
    install(&repo, &["--hook", "pre-push"]).success();
    let hooks = git_hooks_dir(repo.path());
    assert!(hooks.join("pre-push").is_file());
    assert!(!hooks.join("commit-msg").exists());
}

#[test]
fn installed_commit_msg_hook_passes_the_message_file_and_its_verdict_decides() {
    let repo = with_first_commit();
    install(&repo, &["--hook", "commit-msg"]).success();
    let stub = Stub::new();
    let head = repo.head();

    stub.exit_with(1);
    let out = commit_with_hooks(&repo, "a.txt", "bad message", &stub.bin());
    assert!(!out.status.success(), "a failing hook must stop the commit");
    assert_eq!(repo.head(), head);

    stub.exit_with(0);
    let out = commit_with_hooks(&repo, "a.txt", "feat: fine", &stub.bin());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(repo.head(), head);
    let calls = stub.calls();
    assert_eq!(calls.len(), 2);
    for call in calls {
        assert!(
            call.starts_with("msg -- ") && call.ends_with("COMMIT_EDITMSG"),
            "{call}"
        );
    }
}

/// The real planlint binary, as the hook finds it through PLANLINT_BIN.
fn real_planlint() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("planlint")
}

/// A repository with one GSD plan, 02-01.
fn with_a_plan() -> TestRepo {
    let repo = TestRepo::new();
    repo.plan("02-x", "02-01", "phase: 02-x\nplan: 01\n");
    repo.commit("docs(02): plan 02-01");
    repo
}

#[test]
fn real_commits_a_bad_message_is_rejected_with_the_diagnostic_and_a_good_one_accepted() {
    let repo = with_a_plan();
    install(&repo, &[]).success();
    let head = repo.head();

    let out = commit_with_hooks(&repo, "src/x.rs", "feat(02-09): add x", real_planlint());
    assert!(
        !out.status.success(),
        "a plan scope naming no plan stops the commit"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("msg/plan-not-found"), "{stderr}");
    assert!(stderr.contains("did you mean 02-01?"), "{stderr}");
    assert_eq!(repo.head(), head);

    let out = commit_with_hooks(&repo, "src/x.rs", "feat(2-1): add x", real_planlint());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(repo.head(), head);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "feat(2-1): add x"
    );
}

#[test]
fn real_commits_a_chained_hook_edits_the_message_and_planlint_lints_the_result() {
    let repo = with_a_plan();
    let hooks = git_hooks_dir(repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    // Like Gerrit's hook: appends a trailer to the message file.
    std::fs::write(
        hooks.join("commit-msg"),
        "#!/bin/sh\nprintf '\\nChange-Id: I0123456789abcdef\\n' >> \"$1\"\n",
    )
    .unwrap();
    make_executable(&hooks.join("commit-msg"));
    install(&repo, &["--hook", "commit-msg"]).success();

    let out = commit_with_hooks(&repo, "src/x.rs", "feat(02-01): add x", real_planlint());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = repo.git(&["log", "-1", "--format=%B"]);
    assert!(body.contains("Change-Id: I0123456789abcdef"), "{body}");

    let head = repo.head();
    let out = commit_with_hooks(&repo, "src/y.rs", "Feat: add y", real_planlint());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("msg/type-case"));
    assert_eq!(repo.head(), head);
}

#[test]
fn hook_fails_closed_when_planlint_is_missing() {
    let repo = with_first_commit();
    install(&repo, &["--hook", "commit-msg"]).success();
    let head = repo.head();
    let out = commit_with_hooks(
        &repo,
        "a.txt",
        "feat: x",
        Path::new("/nonexistent/planlint"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not found"));
    assert_eq!(repo.head(), head);
}

#[test]
fn an_existing_commit_msg_hook_is_kept_runs_first_and_comes_back_on_uninstall() {
    let repo = with_first_commit();
    let hooks = git_hooks_dir(repo.path());
    let log = repo.path().join("foreign.log");
    let foreign = format!(
        "#!/bin/sh\necho \"foreign $1\" >> '{}'\ngrep -q forbidden \"$1\" && exit 3\nexit 0\n",
        log.display()
    );
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("commit-msg"), &foreign).unwrap();
    make_executable(&hooks.join("commit-msg"));

    install(&repo, &["--hook", "commit-msg"])
        .success()
        .stderr(predicate::str::contains(
            "runs first, from .git/hooks/commit-msg.planlint-chained",
        ));
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg.planlint-chained")).unwrap(),
        foreign
    );

    let stub = Stub::new();
    let out = commit_with_hooks(&repo, "a.txt", "feat: both run", &stub.bin());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&log).unwrap().contains("foreign "));
    assert_eq!(stub.calls().len(), 1);

    // The chained hook's verdict counts: it stops the commit before planlint runs.
    let head = repo.head();
    let out = commit_with_hooks(&repo, "b.txt", "feat: forbidden", &stub.bin());
    assert_eq!(out.status.code(), Some(1), "git reports a failed hook as 1");
    assert_eq!(repo.head(), head);
    assert_eq!(
        stub.calls().len(),
        1,
        "planlint does not run after the chained hook fails"
    );

    // A second install leaves the chain as it is.
    install(&repo, &["--hook", "commit-msg"])
        .success()
        .stderr(predicate::str::contains("already installed"));

    repo.planlint()
        .args(["uninstall", "--hook", "commit-msg"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "restored the hook that was there before",
        ));
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg")).unwrap(),
        foreign
    );
    assert_eq!(mode(&hooks.join("commit-msg")), 0o755);
    assert!(!hooks.join("commit-msg.planlint-chained").exists());
}

#[test]
fn force_parks_the_existing_hook_and_uninstall_brings_it_back() {
    let repo = with_first_commit();
    let hooks = git_hooks_dir(repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    let foreign = "#!/bin/sh\nexit 7\n";
    std::fs::write(hooks.join("commit-msg"), foreign).unwrap();
    make_executable(&hooks.join("commit-msg"));

    install(&repo, &["--hook", "commit-msg", "--force"])
        .success()
        .stderr(predicate::str::contains("no longer runs"));
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg")).unwrap(),
        COMMIT_MSG_SHIM
    );
    let stub = Stub::new();
    let out = commit_with_hooks(&repo, "a.txt", "feat: alone", &stub.bin());
    assert!(
        out.status.success(),
        "the parked hook (exit 7) no longer runs"
    );

    repo.planlint()
        .args(["uninstall", "--hook", "commit-msg"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg")).unwrap(),
        foreign
    );
    assert!(!hooks.join("commit-msg.planlint-replaced").exists());
}

#[test]
fn uninstall_without_an_earlier_hook_removes_only_planlints() {
    let repo = with_first_commit();
    let hooks = git_hooks_dir(repo.path());
    install(&repo, &[]).success();
    repo.planlint().arg("uninstall").assert().success();
    assert!(!hooks.join("commit-msg").exists());
    assert!(!hooks.join("pre-push").exists());

    // Somebody else's hook is not planlint's to remove.
    std::fs::write(hooks.join("pre-push"), "#!/bin/sh\nexit 0\n").unwrap();
    repo.planlint()
        .args(["uninstall", "--hook", "pre-push"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "not planlint's hook: left as it is",
        ));
    assert!(hooks.join("pre-push").exists());
}

#[test]
fn a_foreign_hook_next_to_a_kept_one_is_a_conflict_not_a_guess() {
    let repo = with_first_commit();
    let hooks = git_hooks_dir(repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("commit-msg"), "#!/bin/sh\n# new\n").unwrap();
    std::fs::write(
        hooks.join("commit-msg.planlint-chained"),
        "#!/bin/sh\n# old\n",
    )
    .unwrap();
    install(&repo, &["--hook", "commit-msg"])
        .code(2)
        .stderr(predicate::str::contains("an earlier one is kept beside it"));
    assert_eq!(
        std::fs::read_to_string(hooks.join("commit-msg")).unwrap(),
        "#!/bin/sh\n# new\n",
        "nothing was touched"
    );
}

#[test]
fn core_hooks_path_is_honoured() {
    let repo = with_first_commit();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    install(&repo, &["--hook", "commit-msg"])
        .success()
        .stderr(predicate::str::contains(".githooks/commit-msg: installed"));
    assert_eq!(git_hooks_dir(repo.path()), repo.path().join(".githooks"));
    assert!(repo.path().join(".githooks/commit-msg").is_file());
    assert!(!repo.path().join(".git/hooks/commit-msg").exists());

    let stub = Stub::new();
    stub.exit_with(1);
    let head = repo.head();
    let out = commit_with_hooks(&repo, "a.txt", "feat: x", &stub.bin());
    assert!(!out.status.success());
    assert_eq!(repo.head(), head);
    assert_eq!(
        stub.calls().len(),
        1,
        "git ran the hook from core.hooksPath"
    );
}

#[test]
fn a_hooks_path_outside_the_repository_is_not_written() {
    let repo = with_first_commit();
    let elsewhere = tempfile::tempdir().unwrap();
    repo.git(&[
        "config",
        "core.hooksPath",
        elsewhere.path().to_str().unwrap(),
    ]);
    install(&repo, &[])
        .code(2)
        .stderr(predicate::str::contains("points outside this repository"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn linked_worktrees_share_the_main_hooks_folder() {
    let repo = with_first_commit();
    let wt_parent = tempfile::tempdir().unwrap();
    let wt = wt_parent.path().join("wt");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()]);
    common::planlint_in(&wt)
        .args(["install", "--hook", "commit-msg"])
        .assert()
        .success();
    assert_eq!(
        git_hooks_dir(&wt).canonicalize().unwrap(),
        repo.path().join(".git/hooks").canonicalize().unwrap()
    );
    assert!(repo.path().join(".git/hooks/commit-msg").is_file());

    let stub = Stub::new();
    std::fs::write(wt.join("w.txt"), "x").unwrap();
    git_in(&wt, &["add", "-A"]);
    let out = git_command(&wt)
        .args(["commit", "-q", "-m", "feat: from the worktree"])
        .env("PLANLINT_BIN", stub.bin())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stub.calls().len(), 1);
}

#[test]
fn husky_and_lefthook_get_a_snippet_and_nothing_is_written() {
    let repo = with_first_commit();
    std::fs::create_dir_all(repo.path().join(".husky")).unwrap();
    install(&repo, &[])
        .success()
        .stdout(predicate::str::contains(
            "# .husky/commit-msg\nplanlint msg \"$1\"",
        ))
        .stdout(predicate::str::contains("planlint pre-push \"$1\" \"$2\""))
        .stderr(predicate::str::contains(
            "husky manages this repository's hooks",
        ));
    assert!(!git_hooks_dir(repo.path()).join("commit-msg").exists());

    let repo = with_first_commit();
    repo.write("lefthook.yml", "pre-commit:\n  commands: {}\n");
    install(&repo, &["--hook", "pre-push"])
        .success()
        .stdout(predicate::str::contains("run: planlint pre-push {1} {2}"))
        .stdout(predicate::str::contains("use_stdin: true"))
        .stdout(predicate::str::contains("commit-msg").not());
    assert!(!git_hooks_dir(repo.path()).join("pre-push").exists());
}

#[test]
fn pre_push_gives_git_s_lines_to_the_chained_hook_and_to_planlint() {
    let repo = with_first_commit();
    let remote = tempfile::tempdir().unwrap();
    git_in(remote.path(), &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);

    let hooks = git_hooks_dir(repo.path());
    let seen = repo.path().join("chained.stdin");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(
        hooks.join("pre-push"),
        format!(
            "#!/bin/sh\necho \"$1 $2\" > '{0}'\ncat >> '{0}'\n",
            seen.display()
        ),
    )
    .unwrap();
    make_executable(&hooks.join("pre-push"));
    install(&repo, &["--hook", "pre-push"]).success();

    let stub = Stub::new();
    let out = git_command(repo.path())
        .args(["push", "-q", "origin", "main"])
        .env("PLANLINT_BIN", stub.bin())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let head = repo.head();
    let line = format!("refs/heads/main {head} refs/heads/main ");
    let chained = std::fs::read_to_string(&seen).unwrap();
    assert!(chained.starts_with("origin "), "{chained}");
    assert!(chained.contains(&line), "{chained}");
    assert!(stub.stdin().contains(&line), "{}", stub.stdin());
    assert_eq!(
        stub.calls(),
        vec![format!("pre-push -- origin {}", remote.path().display())]
    );

    // A failing planlint blocks the push.
    stub.exit_with(1);
    repo.write("b.txt", "b");
    repo.commit("feat: more");
    let out = git_command(repo.path())
        .args(["push", "-q", "origin", "main"])
        .env("PLANLINT_BIN", stub.bin())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let remote_head = git_in(remote.path(), &["rev-parse", "main"]);
    assert_eq!(remote_head.trim(), head, "the remote did not move");
}

#[test]
fn install_needs_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    common::planlint_in(dir.path())
        .arg("install")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not inside a git repository"));
}

#[test]
fn real_push_is_blocked_by_a_blocker_and_passes_once_fixed() {
    let repo = with_a_plan();
    let remote = tempfile::tempdir().unwrap();
    git_in(remote.path(), &["init", "-q", "--bare"]);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    install(&repo, &["--hook", "pre-push"]).success();
    let pushed = repo.head();

    let push = || {
        git_command(repo.path())
            .args(["push", "-q", "origin", "main"])
            .env("PLANLINT_BIN", real_planlint())
            .output()
            .unwrap()
    };
    repo.write("src/lib.rs", "pub fn f() -> u32 {\n    todo!()\n}\n");
    repo.commit("feat(02-01): add f");
    let out = push();
    assert!(!out.status.success(), "a stub body is a blocker");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("scan/stub-body"), "{stderr}");
    assert_eq!(git_in(remote.path(), &["rev-parse", "main"]).trim(), pushed);

    repo.write("src/lib.rs", "pub fn f() -> u32 {\n    42\n}\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--amend", "--no-edit", "--no-verify"]);
    let out = push();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        git_in(remote.path(), &["rev-parse", "main"]).trim(),
        repo.head()
    );
}
