//! What the hostile-input tables (`hostile.rs`, `hostile_slow.rs`) share: running the real
//! binary with a timeout, and asserting a clear outcome (exit code, message, time, no panic).

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{planlint_in, TestRepo};

/// Every row must finish far below this; a hang or a quadratic blow-up shows up as a timeout.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a row may take, debug build on a shared 2-core machine included.
pub const FAST: Duration = Duration::from_secs(10);

/// Text that only a panic, a Rust backtrace, a stack overflow or the last-resort hook print.
pub const PANIC_MARKERS: [&str; 6] = [
    "panicked",
    "RUST_BACKTRACE",
    "stack backtrace",
    "internal error",
    "overflowed its stack",
    "please report it",
];

/// One run of the binary.
pub struct Ran {
    pub what: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// What this run may take.
    pub limit: Duration,
}

pub fn run(dir: &Path, args: &[&str]) -> Ran {
    run_os(dir, args.iter().map(OsStr::new), None, &[])
}

pub fn run_stdin(dir: &Path, args: &[&str], stdin: Vec<u8>) -> Ran {
    run_os(dir, args.iter().map(OsStr::new), Some(stdin), &[])
}

pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Ran {
    run_os(dir, args.iter().map(OsStr::new), None, env)
}

pub fn run_os<'a>(
    dir: &Path,
    args: impl IntoIterator<Item = &'a OsStr>,
    stdin: Option<Vec<u8>>,
    env: &[(&str, &OsStr)],
) -> Ran {
    let args: Vec<&OsStr> = args.into_iter().collect();
    let what = format!("planlint {}", shown(&args));
    let mut cmd = planlint_in(dir);
    cmd.args(&args).timeout(TIMEOUT);
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let start = Instant::now();
    let out = cmd.output().expect("planlint runs");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let Some(code) = out.status.code() else {
        panic!(
            "{what}: killed ({:?}) after {elapsed:?} (timeout {TIMEOUT:?}, stack overflow or abort)\n{}",
            out.status,
            tail(&stderr)
        );
    };
    Ran {
        what,
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        elapsed,
        limit: FAST,
    }
}

pub fn shown(args: &[&OsStr]) -> String {
    args.iter()
        .map(|a| {
            let s = a.to_string_lossy();
            match s.char_indices().nth(60) {
                Some((i, _)) => format!("{}…", &s[..i]),
                None => s.into_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last 3,000 characters of a long output, for failure messages.
pub fn tail(s: &str) -> &str {
    let n = s.chars().count();
    match s.char_indices().nth(n.saturating_sub(3000)) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

impl Ran {
    /// Fails the row with the command and the end of its output.
    pub fn fail(&self, why: std::fmt::Arguments) -> ! {
        panic!(
            "{}: {why}\nstdout: {}\nstderr: {}",
            self.what,
            tail(&self.stdout),
            tail(&self.stderr)
        )
    }

    pub fn check(&self, ok: bool, why: std::fmt::Arguments) -> &Ran {
        if !ok {
            self.fail(why);
        }
        self
    }

    /// The exit code, a needle in stdout or stderr, a bounded time, and no panic.
    pub fn expect(&self, code: i32, needle: &str) -> &Ran {
        self.sane();
        self.check(
            self.code == code,
            format_args!("exit {} (wanted {code})", self.code),
        );
        self.has(needle)
    }

    /// Exit 0 or 1 (it ran; findings or not) and no panic.
    pub fn ran(&self) -> &Ran {
        self.sane();
        self.check(
            self.code == 0 || self.code == 1,
            format_args!("exit {} (wanted 0 or 1)", self.code),
        )
    }

    pub fn has(&self, needle: &str) -> &Ran {
        self.check(
            self.stdout.contains(needle) || self.stderr.contains(needle),
            format_args!("no {needle:?} in the output"),
        )
    }

    pub fn lacks(&self, needle: &str) -> &Ran {
        self.check(
            !self.stdout.contains(needle) && !self.stderr.contains(needle),
            format_args!("{needle:?} should not be in the output"),
        )
    }

    /// No panic, no backtrace, finished in time.
    pub fn sane(&self) -> &Ran {
        for m in PANIC_MARKERS {
            self.check(
                !self.stderr.contains(m) && !self.stdout.contains(m),
                format_args!("{m:?} in the output"),
            );
        }
        self.check(
            self.elapsed < self.limit,
            format_args!("took {:?} (limit {:?})", self.elapsed, self.limit),
        )
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| self.fail(format_args!("stdout is not JSON ({e})")))
    }
}

/// The rule ids of a JSON report's findings.
pub fn rules(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A plan's frontmatter with every required field; `extra` is appended (YAML lines).
pub fn plan_front(phase: &str, plan: &str, files: &str, extra: &str) -> String {
    format!(
        "phase: {phase}\nplan: {plan}\ntype: execute\nwave: 1\ndepends_on: []\n\
files_modified: [{files}]\nautonomous: true\nrequirements: [REQ-1]\n{extra}"
    )
}

/// A plan with `must_haves` made of `body` (indented YAML under `must_haves:`).
pub fn plan_with_must_haves(phase: &str, plan: &str, files: &str, body: &str) -> String {
    plan_front(phase, plan, files, &format!("must_haves:\n{body}"))
}

/// A `must_haves` with one truth and nothing else.
pub const TRUTHS: &str = "  truths: [\"ok\"]\n";

/// A plan `01-<plan>` in phase `01-core` whose `must_haves` is `body` (indented YAML).
pub fn core_plan(repo: &TestRepo, plan: &str, files: &str, body: &str) {
    repo.plan(
        "01-core",
        &format!("01-{plan}"),
        &plan_with_must_haves("01-core", plan, files, body),
    );
}

pub fn mkdir(p: &Path) {
    std::fs::create_dir_all(p).expect("mkdir");
}

pub fn symlink(target: &Path, link: &Path) {
    if let Some(parent) = link.parent() {
        mkdir(parent);
    }
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// A FIFO at `path`: opening it to read blocks until a writer comes, reading it never ends.
pub fn fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    if let Some(parent) = path.parent() {
        mkdir(parent);
    }
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo touches nothing else.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

/// A file of `size` bytes that takes no disk space (a hole), created instantly.
pub fn sparse(path: &Path, size: u64) {
    if let Some(parent) = path.parent() {
        mkdir(parent);
    }
    std::fs::File::create(path)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
}

pub fn non_utf8_name(prefix: &str, suffix: &str) -> OsString {
    let mut bytes = prefix.as_bytes().to_vec();
    bytes.extend_from_slice(b"caf\xe9-\xff\xfe");
    bytes.extend_from_slice(suffix.as_bytes());
    OsStr::from_bytes(&bytes).to_os_string()
}
