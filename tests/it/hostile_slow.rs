//! The slow rows of the hostile-input table: inputs that take seconds to build (10,000 plans,
//! a 1 GB file in a commit) and rows that measure memory. They are ignored in the normal run;
//! run them with a release build:
//!
//! ```text
//! cargo test --release --test it hostile_slow -- --ignored
//! ```
//!
//! Each run samples the binary's peak resident memory (`VmHWM` in `/proc/<pid>/status`) while
//! it runs: a file of 1 GB or a line of 50 MB must be skipped or refused by its size, never
//! loaded.

use crate::common;
use crate::hostile_support;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{planlint_std, TestRepo};
use hostile_support::*;

/// Peak memory of a run over inputs that are refused or skipped by their size. planlint itself
/// takes about 15 MB; a 1 GB file read whole would show as 1 GB.
const SMALL: u64 = 64 << 20;

/// What one run may take in a release build.
const SLOW: Duration = Duration::from_secs(60);

/// Runs planlint in `dir` and returns the run and its peak resident memory in bytes.
fn measure(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Ran, u64) {
    let what = format!("planlint {}", args.join(" "));
    let mut cmd = planlint_std(dir);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("planlint starts");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    // VmHWM is the high-water mark of the process's own memory since its exec (wait4's
    // ru_maxrss is not: it counts the test process the child was forked from), so a sample
    // taken after the peak still sees it. Only a run shorter than the sampling period goes
    // unsampled, and such a run cannot have touched much memory.
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = None::<u64>;
    let status = loop {
        if let Some(kb) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm_kb(&s))
        {
            peak = Some(peak.unwrap_or(0).max(kb * 1024));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > SLOW * 2 {
            let _ = child.kill();
            panic!("{what}: still running after {:?}", start.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let elapsed = start.elapsed();
    let stdout = out.join().expect("stdout reader");
    let stderr = err.join().expect("stderr reader");
    let Some(code) = status.code() else {
        panic!("{what}: killed ({status:?}) after {elapsed:?}\n{stderr}");
    };
    let peak = peak.unwrap_or_else(|| {
        assert!(
            elapsed < Duration::from_millis(20),
            "{what}: no memory sample in {elapsed:?}"
        );
        0
    });
    (
        Ran {
            what,
            code,
            stdout,
            stderr,
            elapsed,
            limit: SLOW,
        },
        peak,
    )
}

/// `VmHWM` of a `/proc/<pid>/status`, once the process is planlint: between fork and exec it
/// is still the test process, whose memory is not planlint's.
fn vm_hwm_kb(status: &str) -> Option<u64> {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    if field("Name:")? != "planlint" {
        return None;
    }
    field("VmHWM:")?.split_whitespace().next()?.parse().ok()
}

/// Asserts the peak memory of a run.
fn at_most(run: &(Ran, u64), limit: u64) -> &Ran {
    let (ran, peak) = run;
    assert!(
        *peak <= limit,
        "{}: peak memory {} MiB, over {} MiB\nstderr: {}",
        ran.what,
        peak >> 20,
        limit >> 20,
        ran.stderr
    );
    eprintln!("{}: {} MiB, {:?}", ran.what, peak >> 20, ran.elapsed);
    ran
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn one_gigabyte_files_are_never_loaded() {
    const GB: u64 = 1 << 30;
    let repo = TestRepo::new();
    let dir = repo.path();
    // A 1 GB file in a commit: git reads it once to hash it; planlint must not.
    sparse(&dir.join("data/huge.bin.js"), GB);
    repo.commit("feat(01-01): a huge file");
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: src/big.ts
      provides: a huge artifact
      min_lines: 10
      contains: "needle"
      exports: ["thing"]
  key_links:
    - from: src/big.ts
      to: src/small.ts
      pattern: 'needle'
"#;
    core_plan(&repo, "01", "src/big.ts, src/small.ts", must_haves);
    repo.write("src/small.ts", "export const small = 1;\n");
    sparse(&dir.join("src/big.ts"), GB);
    sparse(&dir.join(".planning/phases/01-core/01-02-PLAN.md"), GB);
    sparse(&dir.join(".planning/phases/01-core/01-01-SUMMARY.md"), GB);
    sparse(&dir.join("src/huge.js"), GB);
    let outside = tempfile::tempdir().unwrap();
    let message = outside.path().join("MSG");
    let event = outside.path().join("event.json");
    sparse(&message, GB);
    sparse(&event, GB);

    at_most(
        &measure(dir, &["msg", message.to_str().unwrap()], &[]),
        SMALL,
    )
    .expect(2, "is 1073741824 bytes, over the limit");
    at_most(&measure(dir, &["scan"], &[]), SMALL)
        .ran()
        .has("src/huge.js");
    at_most(&measure(dir, &["plans"], &[]), SMALL)
        .ran()
        .has("01-02-PLAN.md");
    at_most(&measure(dir, &["verify", "01"], &[]), SMALL)
        .ran()
        .has("src/big.ts");
    at_most(
        &measure(dir, &["check", "--all", "--whole-files"], &[]),
        SMALL,
    )
    .ran();
    // The event payload is bounded at 64 MiB, read before it is refused.
    at_most(
        &measure(
            dir,
            &["ci"],
            &[
                ("GITHUB_EVENT_NAME", "pull_request"),
                ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
            ],
        ),
        SMALL + (64 << 20),
    )
    .expect(2, "event.json");
    sparse(&dir.join(".gitignore"), GB);
    at_most(&measure(dir, &["scan"], &[]), SMALL).expect(2, ".gitignore");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn fifty_megabyte_single_lines_are_never_loaded_by_default() {
    let line = vec![b'a'; 50 << 20];
    let repo = TestRepo::new();
    let dir = repo.path();
    repo.write("src/minified.js", &line);
    repo.commit("feat(01-01): minified bundle");
    core_plan(
        &repo,
        "01",
        "src/minified.js",
        "  truths: [\"ok\"]\n  artifacts:\n    - path: src/minified.js\n      provides: bundle\n      contains: \"needle\"\n",
    );
    let mut plan = b"---\nphase: 01-core\nplan: 02\nx: ".to_vec();
    plan.extend_from_slice(&line);
    repo.write(".planning/phases/01-core/01-02-PLAN.md", &plan);
    let outside = tempfile::tempdir().unwrap();
    let message = outside.path().join("MSG");
    std::fs::write(&message, &line).unwrap();

    at_most(
        &measure(dir, &["msg", message.to_str().unwrap()], &[]),
        SMALL,
    )
    .expect(2, "over the limit");
    at_most(&measure(dir, &["scan"], &[]), SMALL)
        .ran()
        .has("src/minified.js");
    at_most(
        &measure(dir, &["check", "--all", "--whole-files"], &[]),
        SMALL,
    )
    .ran();
    at_most(&measure(dir, &["plans"], &[]), SMALL)
        .ran()
        .has("01-02-PLAN.md");
    at_most(&measure(dir, &["verify", "01"], &[]), SMALL)
        .ran()
        .has("src/minified.js");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn fifty_megabyte_single_line_under_raised_limits_stays_within_three_times_its_size() {
    // Raised past the line, the limits let planlint read it whole: memory stays a small multiple
    // of it (the read buffer grows by doubling; the message is cleaned into a copy).
    let line = vec![b'a'; 50 << 20];
    let repo = TestRepo::new();
    let dir = repo.path();
    repo.write(
        "planlint.toml",
        "[message]\nmax-bytes = 67108864\n\n[scan]\nmax-file-size = 67108864\n",
    );
    repo.write("src/minified.js", &line);
    repo.commit("feat: minified bundle");
    let outside = tempfile::tempdir().unwrap();
    let message = outside.path().join("MSG");
    let mut text = b"feat: ".to_vec();
    text.extend_from_slice(&line);
    std::fs::write(&message, &text).unwrap();
    let limit = 3 * (50 << 20) + SMALL;
    at_most(&measure(dir, &["scan"], &[]), limit).ran();
    at_most(
        &measure(dir, &["check", "--all", "--whole-files"], &[]),
        limit,
    )
    .ran();
    at_most(
        &measure(dir, &["msg", message.to_str().unwrap()], &[]),
        limit,
    )
    // A warning by default: the header limit is commitlint's, not a rule GSD sets.
    .expect(0, "msg/header-length");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn ten_thousand_plans_lint_in_bounded_time_and_memory() {
    let repo = TestRepo::new();
    for phase in 1..=100 {
        let slug = format!("{phase:02}-p{phase}");
        for plan in 1..=100 {
            repo.plan(
                &slug,
                &format!("{phase:02}-{plan:02}"),
                &plan_with_must_haves(
                    &slug,
                    &format!("{plan:02}"),
                    &format!("src/p{phase}/f{plan}.ts"),
                    "  truths: [\"works\"]\n",
                ),
            );
        }
    }
    repo.commit("docs: 10,000 plans");
    repo.write("src/p50/f50.ts", "export const f = 1;\n");
    repo.commit("feat(50-50): one plan's work");
    let dir = repo.path();
    let limit = 256 << 20;
    at_most(&measure(dir, &["plans"], &[]), limit)
        .ran()
        .has("10000 plans checked");
    at_most(&measure(dir, &["plans", "--list"], &[]), limit).expect(0, "100-100");
    at_most(
        &measure(dir, &["--format", "json", "plans", "--list"], &[]),
        limit,
    )
    .expect(0, "100-100");
    let message = dir.join(".git/MSG");
    std::fs::write(&message, "feat(50-50): more\n").unwrap();
    at_most(&measure(dir, &["msg", ".git/MSG"], &[]), limit).expect(0, "");
    std::fs::write(&message, "feat(50-101): more\n").unwrap();
    at_most(&measure(dir, &["msg", ".git/MSG"], &[]), limit).expect(1, "50-101");
    at_most(&measure(dir, &["verify", "50"], &[]), limit).ran();
    at_most(&measure(dir, &["check", "HEAD~1..HEAD"], &[]), limit).ran();
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn a_sixty_megabyte_event_payload_takes_little_more_than_its_size() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    let base = repo.commit("feat: a");
    repo.write("b.txt", "b\n");
    let head = repo.commit("feat: b");
    // What GitHub sends for a pull request with a huge description and many commits' records.
    let filler: Vec<String> = (0..300_000)
        .map(|i| {
            format!("{{\"sha\":\"{i:040}\",\"message\":\"commit number {i} of many, with words\"}}")
        })
        .collect();
    let event = format!(
        "{{\"pull_request\":{{\"number\":7,\"body\":\"{}\",\"base\":{{\"sha\":\"{base}\"}},\
         \"head\":{{\"sha\":\"{head}\"}}}},\"commits\":[{}],\"repository\":{{\"default_branch\":\"main\"}}}}",
        "x".repeat(32 << 20),
        filler.join(",")
    );
    assert!(event.len() > 60 << 20, "{} bytes", event.len());
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("event.json");
    std::fs::write(&path, &event).unwrap();
    let env = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_EVENT_PATH", path.to_str().unwrap()),
    ];
    let limit = event.len() as u64 + (48 << 20);
    at_most(&measure(repo.path(), &["ci"], &env), limit).expect(0, "");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn a_plan_of_ten_thousand_globs_is_checked_in_bounded_time() {
    let repo = TestRepo::new();
    let globs: Vec<String> = (0..10_000)
        .map(|i| format!("src/gen/f{i}/**/*.ts"))
        .collect();
    core_plan(
        &repo,
        "01",
        &globs.join(", "),
        "  truths: [\"ok\"]\n  artifacts:\n    - path: src/gen/f1/a.ts\n      provides: a\n",
    );
    repo.commit("docs: plan");
    for i in 0..20 {
        repo.write(&format!("src/gen/f{i}/a.ts"), "export const a = 1;\n");
        repo.commit(&format!("feat(01-01): file {i}"));
    }
    let dir = repo.path();
    // Was 6.7 s and 365 MB for `check --all` (one automaton per glob, every glob compiled).
    for args in [&["check", "--all"][..], &["verify", "01"], &["plans"]] {
        let (ran, peak) = measure(dir, args, &[]);
        assert!(
            ran.elapsed < Duration::from_secs(3),
            "{args:?} took {:?}",
            ran.elapsed
        );
        at_most(&(ran, peak), SMALL).sane();
    }
    at_most(&measure(dir, &["plans"], &[]), SMALL)
        .expect(1, "plan/too-many-files")
        .has("only the first 1000 are matched");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn a_config_of_seventy_thousand_patterns_is_refused_at_once_by_line() {
    let repo = TestRepo::new();
    let patterns: Vec<String> = (0..70_000).map(|i| format!("'^R{i}'")).collect();
    repo.write(
        "planlint.toml",
        format!("[message]\nignore = [{}]\n", patterns.join(", ")),
    );
    std::fs::write(repo.path().join(".git/MSG"), "feat: x\n").unwrap();
    let (ran, peak) = measure(repo.path(), &["msg", ".git/MSG"], &[]);
    assert!(
        ran.elapsed < Duration::from_secs(2),
        "took {:?}",
        ran.elapsed
    );
    at_most(&(ran, peak), SMALL)
        .expect(2, "has 70000 patterns")
        .has("planlint.toml:2");
}

#[test]
#[ignore = "slow: cargo test --release --test it hostile_slow -- --ignored"]
fn a_long_gsd_history_is_checked_in_bounded_memory() {
    // 3,000 commits over 300 phases, each adding a plan or its code: 3,000 versions of the
    // planning folder. Every version once took a Planning of its own, kept: 2.9 GB, 9.7 s.
    let repo = TestRepo::new();
    let mut stream = String::new();
    let mut mark = 0;
    for i in 0..3000u32 {
        let phase = i % 300 + 1;
        let plan = i / 300 + 1;
        let (path, body, msg) = if i % 2 == 0 {
            (
                format!(".planning/phases/{phase:03}-p/{phase:03}-{plan:02}-PLAN.md"),
                plan_front(
                    &format!("{phase:03}-p"),
                    &format!("{plan:02}"),
                    "src/a.ts",
                    "",
                ),
                format!("docs({phase:03}-{plan:02}): plan"),
            )
        } else {
            (
                format!("src/p{phase}/f{plan}.ts"),
                format!("export const f = {i};\n"),
                format!("feat({phase:03}-{:02}): code", plan),
            )
        };
        let body = if path.ends_with("PLAN.md") {
            format!("---\n{body}---\n")
        } else {
            body
        };
        mark += 1;
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{mark}\ncommitter T <t@example.com> {} +0000\ndata {}\n{msg}\n",
            1_700_000_000 + i,
            msg.len() + 1
        ));
        if i > 0 {
            stream.push_str(&format!("from :{}\n", mark - 1));
        }
        stream.push_str(&format!(
            "M 100644 inline {path}\ndata {}\n{body}\n",
            body.len()
        ));
    }
    let mut child = common::git_command(repo.path())
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    repo.git(&["reset", "-q", "--hard", "main"]);
    let (ran, peak) = measure(repo.path(), &["check", "--all", "--no-scan"], &[]);
    assert!(
        ran.elapsed < Duration::from_secs(10),
        "took {:?}",
        ran.elapsed
    );
    at_most(&(ran, peak), 128 << 20).has("checked 3000 commits");
}
