//! Test helpers shared by every end-to-end test: a real git repository in a temp folder, built
//! with the git CLI under a config that ignores the machine's (no `~/.gitconfig`, no system
//! config, fixed identity and dates), and the real planlint binary run inside it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A config folder that does not exist: no machine-wide ignore list reaches a test.
pub const NO_CONFIG_HOME: &str = "/nonexistent/planlint-test-config";

/// Environment that makes git independent of the machine it runs on.
pub fn isolate_git(cmd: &mut Command) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        // git's own excludes file is `$XDG_CONFIG_HOME/git/ignore`: none.
        .env("XDG_CONFIG_HOME", NO_CONFIG_HOME)
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

/// A git repository in a temporary folder, removed on drop.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    /// `git init` with `main` as the initial branch.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = TestRepo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository and returns its stdout; panics with stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    /// Writes a file (creating folders), relative to the repository root.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &TestRepo {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write");
        self
    }

    /// Stages everything and commits with `message`; returns the new commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&[
            "commit",
            "-q",
            "--allow-empty",
            "--no-verify",
            "-m",
            message,
        ]);
        self.head()
    }

    /// [`TestRepo::commit`] at another time (`2025-06-01T00:00:00Z`): history with an order
    /// in time, for what depends on when a commit was made.
    pub fn commit_at(&self, message: &str, date: &str) -> String {
        self.git(&["add", "-A"]);
        let out = git_command(self.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .args([
                "commit",
                "-q",
                "--allow-empty",
                "--no-verify",
                "-m",
                message,
            ])
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// The planlint binary, run in the repository, with colour and backtraces out of the way.
    pub fn planlint(&self) -> assert_cmd::Command {
        planlint_in(self.path())
    }

    /// Runs planlint with `args` at a fixed time (`SOURCE_DATE_EPOCH`, 2026-01-01) and returns
    /// its exit code, stdout and stderr.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self
            .planlint()
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .args(args)
            .output()
            .expect("planlint runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// A minimal GSD plan at `.planning/phases/<phase_dir>/<stem>-PLAN.md`.
    pub fn plan(&self, phase_dir: &str, stem: &str, frontmatter: &str) -> PathBuf {
        let rel = format!(".planning/phases/{phase_dir}/{stem}-PLAN.md");
        self.write(&rel, format!("---\n{frontmatter}---\n\n# Plan {stem}\n"));
        self.path().join(rel)
    }
}

/// Runs git in `dir` with an isolated config; panics with stderr on failure.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = git_command(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {:?} failed: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// git in `dir` with an isolated config, not yet run: for tests that add environment (hooks)
/// or expect git to fail.
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    isolate_git(&mut cmd);
    cmd
}

/// The planlint binary run in `dir`, with a deterministic environment.
pub fn planlint_in(dir: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(planlint_std(dir))
}

/// [`planlint_in`] as a plain [`Command`], for tests that watch the process while it runs.
pub fn planlint_std(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("planlint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_GRAPHICS")
        .env_remove("PLANLINT_CONFIG")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_EVENT_NAME")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITLAB_CI")
        .env("RUST_BACKTRACE", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("XDG_CONFIG_HOME", NO_CONFIG_HOME);
    cmd
}
