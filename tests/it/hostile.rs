//! The hostile-input table: every row builds a real repository holding something an attacker, a
//! broken tool or bad luck could put there, runs the real binary on it, and asserts a clear
//! outcome: the exit code, a message that says what happened, a bounded run time, and no panic
//! (no `panicked`, no backtrace, no "internal error" line from the last-resort hook).
//!
//! Rows whose input is large but cheap to refuse (a 1 GB sparse file, a 10 MB message) run here;
//! rows that need a release build or measure memory live in `hostile_slow.rs`.

use crate::common;
use crate::hostile_support;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use common::{git_in, TestRepo};
use hostile_support::*;
use serde_json::Value;

// -------------------------------------------------------------------------------------------
// Commit messages

#[test]
fn message_that_is_not_utf8_is_refused_with_its_offset() {
    let repo = TestRepo::new();
    repo.write("msg", b"feat: caf\xe9 au lait\n");
    run(repo.path(), &["msg", "msg"]).expect(2, "not valid UTF-8 (first bad byte at offset 9)");
    run_stdin(repo.path(), &["msg", "-"], b"fix: \xff\xfe\n".to_vec())
        .expect(2, "<stdin> is not valid UTF-8");
}

#[test]
fn message_of_ten_megabytes_is_refused_by_the_size_limit() {
    let repo = TestRepo::new();
    let big = vec![b'a'; 10 << 20];
    repo.write("msg", &big);
    run(repo.path(), &["msg", "msg"]).expect(2, "over the limit of 1048576 bytes");
    run_stdin(repo.path(), &["msg", "-"], big).expect(2, "<stdin> is 10485760 bytes");
}

#[test]
fn message_file_of_one_gigabyte_is_refused_without_being_read() {
    let repo = TestRepo::new();
    sparse(&repo.path().join("msg"), 1 << 30);
    run(repo.path(), &["msg", "msg"]).expect(2, "is 1073741824 bytes, over the limit");
}

#[test]
fn message_of_ten_megabytes_under_a_raised_limit_is_linted_quickly() {
    let repo = TestRepo::new();
    repo.write("planlint.toml", "[message]\nmax-bytes = 20000000\n");
    // One 10 MB word where the type goes, then the same as a subject after a valid type.
    let word = "a".repeat(10 << 20);
    repo.write("word", format!("{word}: x\n"));
    let r = run(repo.path(), &["msg", "word"]);
    r.expect(1, "msg/");
    assert!(
        r.stderr.len() < 1 << 20,
        "the report quotes the 10 MB word: {} bytes of stderr",
        r.stderr.len()
    );
    repo.write("subject", format!("feat: {word}\n"));
    let r = run(repo.path(), &["msg", "subject"]);
    r.expect(0, "msg/header-length");
    assert!(
        r.stderr.len() < 1 << 20,
        "the report draws the 10 MB line: {} bytes of stderr",
        r.stderr.len()
    );
    let json = run(repo.path(), &["--format", "json", "msg", "subject"]);
    json.ran();
    assert!(rules(&json.json()).contains(&"msg/header-length".to_string()));
}

#[test]
fn terminal_escapes_in_a_message_never_reach_the_terminal() {
    let repo = TestRepo::new();
    // Clear the screen, set the window title, erase the line above, an OSC 8 hyperlink, and a
    // C1 control (CSI as one code point).
    repo.write(
        "msg",
        "fe\x1b[2Jat\x1b]0;pwned\x07\x1b[1A\x1b[2K\x1b]8;;http://evil\x1b\\x\u{9b}31m: hi\n",
    );
    for args in [&["msg", "msg"][..], &["--color", "always", "msg", "msg"]] {
        let r = run(repo.path(), args);
        r.expect(1, "msg/unknown-type");
        let from_input = [
            "\x1b[2J", "\x1b]0;", "\x07", "\x1b[1A", "\x1b[2K", "\x1b]8;;", "\u{9b}",
        ];
        for esc in from_input {
            assert!(
                !r.stderr.contains(esc),
                "{}: {esc:?} from the message reached stderr:\n{}",
                r.what,
                r.stderr.escape_debug()
            );
        }
    }
}

#[test]
fn annotation_injection_in_a_subject_stays_data() {
    let repo = TestRepo::new();
    // An unknown type makes the report quote the subject's first word; the rest is a forged
    // workflow command after an escaped newline, a carriage return, and a literal `%0A`.
    repo.write(
        "msg",
        "Feat%0A::error file=x.rs::forged\r::warning::cr: ::set-output name=a::b %25 done.\n",
    );
    let r = run(repo.path(), &["--format", "github", "msg", "msg"]);
    r.expect(1, "::error file=msg,");
    assert_annotations_are_ours(&r);
    assert!(
        r.stdout.contains("Feat%250A"),
        "`%` is not escaped:\n{}",
        r.stdout
    );
}

/// Every stdout line that starts with `::` (or `##[`) is one of planlint's own annotation
/// commands, with escaped properties, and no `\r` survives anywhere.
fn assert_annotations_are_ours(r: &Ran) {
    assert!(!r.stdout.contains('\r'), "{}: raw \\r on stdout", r.what);
    let mut ours = 0;
    for line in r.stdout.lines() {
        let t = line.trim_start();
        assert!(!t.starts_with("##["), "{}: {line}", r.what);
        if !t.starts_with("::") {
            continue;
        }
        assert_eq!(t, line, "{}: an annotation indented: {line}", r.what);
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|c| t.strip_prefix(c))
            .unwrap_or_else(|| panic!("{}: a line that is not ours: {line}", r.what));
        let (props, _data) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("{}: no `::` after the properties: {line}", r.what));
        for prop in props.split(',') {
            let (key, _) = prop
                .split_once('=')
                .unwrap_or_else(|| panic!("{}: property without `=`: {prop} in {line}", r.what));
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{}: forged property {key:?} in {line}",
                r.what
            );
        }
        ours += 1;
    }
    assert!(ours > 0, "{}: no annotation at all:\n{}", r.what, r.stdout);
}

// -------------------------------------------------------------------------------------------
// Files in the work tree and in commits

#[test]
fn non_utf8_file_names_are_scanned_and_named() {
    let repo = TestRepo::new();
    let name = non_utf8_name("src/", ".js");
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join(&name), "// FIXME: later\n").unwrap();
    repo.commit("feat: a file whose name is not UTF-8");
    run(dir, &["scan"])
        .expect(1, "scan/debt-marker")
        .has("src/caf");
    let doc = run(dir, &["--format", "json", "scan"]).json();
    assert_eq!(rules(&doc), vec!["scan/debt-marker"]);
    for format in ["sarif", "junit", "github", "gitlab", "markdown"] {
        run(dir, &["--format", format, "scan"]).expect(1, "caf");
    }
}

#[test]
fn non_utf8_plan_file_names_do_not_stop_plans() {
    let repo = TestRepo::new();
    core_plan(&repo, "01", "src/a.ts", TRUTHS);
    let odd = repo
        .path()
        .join(".planning/phases/01-core")
        .join(non_utf8_name("01-02-", "-PLAN.md"));
    std::fs::write(&odd, "---\nphase: 01\n---\n").unwrap();
    let odd_dir = repo
        .path()
        .join(".planning/phases")
        .join(non_utf8_name("02-", ""));
    mkdir(&odd_dir);
    std::fs::write(odd_dir.join("02-01-PLAN.md"), "---\nphase: 02\n---\n").unwrap();
    repo.commit("docs: plans with odd names");
    run(repo.path(), &["plans"]).ran();
    run(repo.path(), &["plans", "--list"]).expect(0, "01-01");
    run(repo.path(), &["--format", "json", "plans", "--list"]).json();
}

#[test]
fn a_binary_file_is_skipped_with_a_note() {
    let repo = TestRepo::new();
    let mut blob = b"// FIXME: not a comment, a binary\n".to_vec();
    blob.extend_from_slice(&[0, 1, 2, 0xff, 0xfe, 0]);
    blob.extend_from_slice(&vec![0u8; 64 << 10]);
    repo.write("src/blob.js", &blob);
    repo.write("src/ok.js", "export const ok = 1;\n");
    run(repo.path(), &["scan"])
        .expect(0, "not scanned: src/blob.js (binary file)")
        .lacks("scan/debt-marker");
    run(repo.path(), &["scan", "src/blob.js"]).expect(0, "binary file");
}

#[test]
fn a_one_gigabyte_file_is_skipped_by_its_size() {
    let repo = TestRepo::new();
    sparse(&repo.path().join("src/huge.js"), 1 << 30);
    repo.write("src/ok.js", "// FIXME: found\n");
    run(repo.path(), &["scan"])
        .expect(1, "src/huge.js")
        .has("over scan.max-file-size")
        .has("scan/debt-marker");
}

#[test]
fn a_fifty_megabyte_single_line_is_skipped_by_its_size() {
    let repo = TestRepo::new();
    let line = vec![b'x'; 50 << 20];
    repo.write("src/minified.js", &line);
    run(repo.path(), &["scan"]).expect(0, "src/minified.js (");
}

#[test]
fn an_oversized_ignore_file_is_refused_not_loaded() {
    // The `ignore` crate reads ignore files whole and compiles every line: a 10 MB `.gitignore`
    // took 750 MB, a 1 GB one was killed by the kernel.
    let repo = TestRepo::new();
    repo.write("src/a.js", "// FIXME: x\n");
    sparse(&repo.path().join(".gitignore"), 1 << 30);
    run(repo.path(), &["scan"])
        .expect(2, ".gitignore")
        .has("--no-ignore");
    run(repo.path(), &["scan", "--no-ignore"]).expect(1, "scan/debt-marker");
    std::fs::remove_file(repo.path().join(".gitignore")).unwrap();
    sparse(&repo.path().join("src/deep/.ignore"), 1 << 30);
    repo.write("src/deep/b.js", "// FIXME: y\n");
    run(repo.path(), &["scan"]).expect(2, "src/deep/.ignore");
    run(repo.path(), &["scan", "src/deep"]).expect(2, "src/deep/.ignore");
}

#[test]
fn verify_refuses_an_oversized_ignore_file_too() {
    // verify searches the work tree for references with the same walk as scan: its guard
    // must hold there as well, with an error rather than every artifact called unreferred.
    let repo = TestRepo::new();
    repo.plan(
        "01-a",
        "01-01",
        "phase: 01\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: [src/a.ts]\nautonomous: true\nmust_haves:\n  artifacts:\n    - path: src/a.ts\n      provides: a\n",
    );
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat(01-01): add a");
    sparse(&repo.path().join("src/.gitignore"), 1 << 30);
    run(repo.path(), &["verify", "01"])
        .expect(2, "src/.gitignore")
        .has("at most");
}

/// A folder outside the repository with content that must never show up in a report.
fn outside_secret() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("secret.js"), "// FIXME: SECRET-OUTSIDE\n").unwrap();
    std::fs::write(
        out.path().join("plan.md"),
        "---\nphase: 01\nplan: 09\nfiles_modified: [SECRET-OUTSIDE]\n---\n",
    )
    .unwrap();
    std::fs::write(
        out.path().join("artifact.ts"),
        "export const SECRET = 'SECRET-OUTSIDE';\n",
    )
    .unwrap();
    out
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed_by_scan() {
    let out = outside_secret();
    let repo = TestRepo::new();
    repo.write("src/ok.js", "export const ok = 1;\n");
    symlink(
        &out.path().join("secret.js"),
        &repo.path().join("src/evil.js"),
    );
    symlink(out.path(), &repo.path().join("src/evil-dir"));
    repo.commit("feat: links out");
    run(repo.path(), &["scan"])
        .expect(0, "")
        .lacks("SECRET")
        .lacks("evil");
    run(repo.path(), &["scan", "--hidden", "--no-ignore"])
        .expect(0, "")
        .lacks("evil");
    run(repo.path(), &["scan", "src/evil.js"]).expect(2, "outside the repository");
    run(repo.path(), &["scan", "src/evil-dir"]).expect(2, "outside the repository");
    run(repo.path(), &["scan", "../"]).expect(2, "outside the repository");
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed_by_plans() {
    let out = outside_secret();
    let repo = TestRepo::new();
    core_plan(&repo, "01", "src/a.ts", TRUTHS);
    symlink(
        &out.path().join("plan.md"),
        &repo.path().join(".planning/phases/01-core/01-09-PLAN.md"),
    );
    symlink(out.path(), &repo.path().join(".planning/phases/02-linked"));
    repo.commit("docs: plans");
    run(repo.path(), &["plans"]).ran().lacks("SECRET");
    run(repo.path(), &["plans", "--list"]).ran().lacks("SECRET");
    run(repo.path(), &["--format", "json", "plans", "--list"])
        .ran()
        .lacks("SECRET");
}

#[test]
fn a_planning_folder_that_is_a_symlink_out_is_not_read() {
    let out = outside_secret();
    let phase = out.path().join("phases/01-core");
    mkdir(&phase);
    std::fs::copy(out.path().join("plan.md"), phase.join("01-01-PLAN.md")).unwrap();
    let repo = TestRepo::new();
    symlink(out.path(), &repo.path().join(".planning"));
    repo.commit("chore: planning elsewhere");
    run(repo.path(), &["plans", "--list"]).ran().lacks("SECRET");
    run(repo.path(), &["--planning-dir", "/tmp", "plans"]).expect(2, "--planning-dir");
    run(repo.path(), &["--planning-dir", "../x", "plans"]).expect(2, "--planning-dir");
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed_by_verify() {
    let out = outside_secret();
    let repo = TestRepo::new();
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: src/link.ts
      provides: "a link"
      contains: "SECRET-OUTSIDE"
  key_links:
    - from: src/link.ts
      to: src/other.ts
      pattern: 'SECRET-OUTSIDE'
"#;
    core_plan(&repo, "01", "src/link.ts", must_haves);
    symlink(
        &out.path().join("artifact.ts"),
        &repo.path().join("src/link.ts"),
    );
    repo.write("src/other.ts", "export const other = 1;\n");
    repo.commit("feat(01-01): link");
    let r = run(repo.path(), &["verify", "01"]);
    r.expect(1, "src/link.ts");
    assert!(
        !r.stdout.contains("✓ EXISTS") && !r.stdout.contains("✓ WIRED"),
        "verify followed the link out:\n{}",
        r.stdout
    );
}

// -------------------------------------------------------------------------------------------
// Plans

#[test]
fn paths_out_of_the_repository_in_plans_are_refused_and_reported() {
    let repo = TestRepo::new();
    let files = r"../etc/passwd, /etc/shadow, 'src/../../x', 'C:\win', src/ok.ts";
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: /etc/passwd
      provides: x
    - path: ../../secret
      provides: y
"#;
    core_plan(&repo, "01", files, must_haves);
    repo.commit("docs(01-01): plan");
    let r = run(repo.path(), &["--format", "json", "plans"]);
    r.expect(1, "plan/path");
    let doc = r.json();
    let paths: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "plan/path")
        .collect();
    assert_eq!(paths.len(), 6, "{doc:#}");
    for bad in [
        "../etc/passwd",
        "/etc/shadow",
        "src/../../x",
        "C:\\\\win",
        "/etc/passwd",
        "../../secret",
    ] {
        assert!(
            doc.to_string().contains(bad),
            "{bad} is not reported:\n{doc:#}"
        );
    }
}

#[test]
fn paths_out_of_the_repository_are_refused_by_verify() {
    let repo = TestRepo::new();
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: /etc/passwd
      provides: x
      contains: "root"
    - path: ../../../../../../etc/hostname
      provides: y
  key_links:
    - from: /etc/passwd
      to: ../../../../../../etc/group
      pattern: 'root'
"#;
    core_plan(&repo, "01", "src/ok.ts", must_haves);
    repo.write("src/ok.ts", "export const ok = 1;\n");
    repo.commit("feat(01-01): ok");
    let r = run(repo.path(), &["verify", "01"]);
    r.expect(1, "/etc/passwd");
    assert!(
        !r.stdout.contains("✓ EXISTS")
            && !r.stdout.contains("✓ WIRED")
            && !r.stdout.contains("root:"),
        "verify read outside the repository:\n{}",
        r.stdout
    );
}

#[test]
fn a_yaml_alias_bomb_is_bounded() {
    // Billion laughs: 9^12 strings if expanded.
    let mut bomb = String::from(
        "lol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..12 {
        let p = format!("*a{}", i - 1);
        bomb.push_str(&format!(
            "lol{i}: &a{i} [{p},{p},{p},{p},{p},{p},{p},{p},{p}]\n"
        ));
    }
    let repo = TestRepo::new();
    core_plan(&repo, "01", "src/a.ts", &format!("{TRUTHS}{bomb}"));
    repo.write(
        ".planning/phases/01-core/01-01-SUMMARY.md",
        format!("---\nphase: 01-core\nplan: 01\n{bomb}---\n\n# Summary\n"),
    );
    repo.commit("docs: bomb");
    let r = run(repo.path(), &["--format", "json", "plans"]);
    r.ran().has("plan/invalid-yaml");
    run(repo.path(), &["plans", "--list"]).expect(0, "01-01");
}

#[test]
fn deeply_nested_yaml_does_not_overflow_the_stack() {
    let flow = format!("deep: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let maps = format!("deep: {}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    // Block style needs one more space per level: 1,000 levels is 500 KB already.
    let mut block = String::from("deep:\n");
    for i in 1..1_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    let repo = TestRepo::new();
    // 64 documents or more are read on worker threads, whose stacks are smaller than main's:
    // 64 levels of flow mappings overflowed one (an abort, not a panic).
    let mid = format!("deep: {}1{}\n", "{a: ".repeat(64), "}".repeat(64));
    for n in 4..70 {
        let nested = if n == 69 { mid.as_str() } else { "" };
        core_plan(
            &repo,
            &format!("{n:02}"),
            "src/a.ts",
            &format!("{TRUTHS}{nested}"),
        );
    }
    for (n, nested) in [&flow, &maps, &block].iter().enumerate() {
        repo.plan(
            "01-core",
            &format!("01-0{}", n + 1),
            &plan_with_must_haves(
                "01-core",
                &format!("0{}", n + 1),
                "src/a.ts",
                &format!("{TRUTHS}{nested}"),
            ),
        );
    }
    repo.write(
        ".planning/phases/01-core/01-01-SUMMARY.md",
        format!("---\nphase: 01-core\nplan: 01\n{flow}---\n"),
    );
    repo.write(
        ".planning/phases/01-core/01-VERIFICATION.md",
        format!("---\nphase: 01-core\nstatus: passed\n{maps}---\n"),
    );
    repo.commit("docs: nested");
    let r = run(repo.path(), &["--format", "json", "plans"]);
    r.ran().has("plan/invalid-yaml");
    run(repo.path(), &["plans", "--list"]).expect(0, "01-03");

    // The same depth in planlint.toml (TOML) and in a GitHub event payload (JSON).
    repo.write(
        "planlint.toml",
        format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    run(repo.path(), &["plans"]).expect(2, "planlint.toml");
    std::fs::remove_file(repo.path().join("planlint.toml")).unwrap();
    let event = repo.path().join(".git/event.json");
    std::fs::write(
        &event,
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    )
    .unwrap();
    run_env(
        repo.path(),
        &["ci", "--print-range"],
        &[
            ("GITHUB_EVENT_NAME", OsStr::new("pull_request")),
            ("GITHUB_EVENT_PATH", event.as_os_str()),
        ],
    )
    .expect(2, "event");
}

#[test]
fn a_plan_of_one_gigabyte_is_refused_without_being_read() {
    let repo = TestRepo::new();
    core_plan(&repo, "01", "src/a.ts", TRUTHS);
    sparse(
        &repo.path().join(".planning/phases/01-core/01-02-PLAN.md"),
        1 << 30,
    );
    sparse(
        &repo
            .path()
            .join(".planning/phases/01-core/01-01-SUMMARY.md"),
        1 << 30,
    );
    sparse(&repo.path().join("planlint.toml.big"), 1 << 30);
    run(repo.path(), &["plans"]).ran().has("01-02-PLAN.md");
    run(repo.path(), &["plans", "--list"]).expect(0, "01-01");
    run(repo.path(), &["--config", "planlint.toml.big", "plans"]).expect(2, "over the limit");
}

#[test]
fn a_catastrophic_regex_in_a_key_link_is_linear() {
    // `(a+)+$` on `aaaa…b` takes exponential time in a backtracking engine.
    let repo = TestRepo::new();
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: src/a.ts
      provides: a
  key_links:
    - from: src/a.ts
      to: src/b.ts
      via: redos
      pattern: '(a+)+$'
    - from: src/b.ts
      to: src/a.ts
      via: nested
      pattern: '^(([a-z])+.)+[A-Z]([a-z])+$'
"#;
    core_plan(&repo, "01", "src/a.ts, src/b.ts", must_haves);
    let mut a = "a".repeat(1 << 20);
    a.push_str("b\n");
    repo.write("src/a.ts", &a);
    repo.write("src/b.ts", format!("{}!\n", "abcdefghij".repeat(50_000)));
    repo.commit("feat(01-01): redos bait");
    let r = run(repo.path(), &["verify", "01"]);
    r.expect(1, "NOT WIRED");
    // Plans only compile the pattern; it must compile.
    run(repo.path(), &["plans"]).ran().lacks("plan/pattern");
}

// -------------------------------------------------------------------------------------------
// Repositories in odd states

/// A small history: `main` with two commits touching `src/`.
fn two_commits() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat: first");
    repo.write("src/a.ts", "export const a = 2;\n");
    repo.commit("fix: second");
    repo
}

/// Truncates the loose object file of `id` to half its size.
fn corrupt_object(repo: &TestRepo, id: &str) {
    let path = repo
        .path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..]);
    let len = std::fs::metadata(&path).expect("a loose object").len();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(len / 2))
        .expect("truncate");
}

/// A shallow clone (depth 2) of a five-commit history.
fn shallow_clone() -> (tempfile::TempDir, PathBuf) {
    let origin = two_commits();
    for i in 0..3 {
        origin.write("src/b.ts", format!("export const b = {i};\n"));
        origin.commit("feat: more");
    }
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_in(
        parent.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let dir = parent.path().join("shallow");
    (parent, dir)
}

#[test]
fn a_corrupt_commit_is_named_and_what_reads_no_objects_still_works() {
    let repo = two_commits();
    let head = repo.head();
    corrupt_object(&repo, &head);
    run(repo.path(), &["check", "--all"]).expect(2, &head[..8]);
    run(repo.path(), &["check", "HEAD~1..HEAD"]).expect(2, &head[..8]);
    run(
        repo.path(),
        &["ci", "--base", "HEAD", "--head", &head, "--print-range"],
    )
    .expect(2, &format!("cannot read object {head}"))
    .has("git fsck");
    repo.write("msg", "feat: fine\n");
    run(repo.path(), &["msg", "msg"]).expect(0, "");
    run(repo.path(), &["scan"]).expect(0, "");
    run(repo.path(), &["plans"]).expect(0, "no .planning/");
}

#[test]
fn a_corrupt_blob_is_named() {
    let repo = two_commits();
    let blob = repo.git(&["rev-parse", "HEAD:src/a.ts"]).trim().to_string();
    corrupt_object(&repo, &blob);
    run(repo.path(), &["check", "--all"]).expect(2, &blob[..8]);
}

#[test]
fn a_shallow_clone_is_checked_and_says_what_it_lacks() {
    let (_parent, dir) = shallow_clone();
    run(&dir, &["check", "--all"]).ran().has("shallow");
    run(&dir, &["check", "HEAD~5..HEAD"]).expect(2, "shallow");
    run(&dir, &["ci", "--base", "HEAD~1", "--print-range"]).expect(0, "..");
    run(&dir, &["ci", "--base", "HEAD~3", "--print-range"])
        .expect(2, "`HEAD~3` is not a commit in this clone")
        .has("git fetch --unshallow");
    run(&dir, &["scan"]).expect(0, "");
    std::fs::write(dir.join("msg"), "feat: shallow\n").unwrap();
    run(&dir, &["msg", "msg"]).expect(0, "");
}

#[test]
fn an_empty_repository_is_served_or_refused_clearly() {
    let repo = TestRepo::new();
    repo.write("msg", "feat: the first commit\n");
    run(repo.path(), &["msg", "msg"]).expect(0, "");
    run(repo.path(), &["plans"]).expect(0, "no .planning/");
    run(repo.path(), &["scan"]).expect(0, "");
    run(repo.path(), &["config"]).expect(0, "planning-dir");
    run(repo.path(), &["check"]).expect(2, "no commits yet");
    run(repo.path(), &["check", "--all"]).expect(2, "no commits yet");
    run_stdin(
        repo.path(),
        &["pre-push", "origin", "file:///nowhere"],
        Vec::new(),
    )
    .expect(0, "");
    run(repo.path(), &["ci", "--base", "HEAD", "--print-range"])
        .expect(2, "the repository has no commits yet");
    run(repo.path(), &["verify"]).expect(2, "");
}

#[test]
fn a_detached_head_is_checked() {
    let repo = two_commits();
    let head = repo.head();
    repo.git(&["checkout", "-q", "--detach", &head]);
    repo.write("msg", "feat: detached\n");
    run(repo.path(), &["msg", "msg"]).expect(0, "");
    run(repo.path(), &["check", "--all"]).ran();
    run(repo.path(), &["check", "HEAD~1..HEAD"]).ran();
    let r = run(repo.path(), &["check"]);
    r.sane();
    assert!(
        r.code != 2 || r.stderr.contains("upstream") || r.stderr.contains("detached"),
        "{}: exit 2 without saying why:\n{}",
        r.what,
        r.stderr
    );
    run(
        repo.path(),
        &["ci", "--base", "HEAD~1", "--head", "HEAD", "--print-range"],
    )
    .expect(0, &format!("..{head}"));
}

#[test]
fn annotation_injection_in_commit_subjects_stays_data() {
    let repo = TestRepo::new();
    repo.write("src/a.ts", "export const a = 1;\n");
    repo.commit("feat: base");
    let base = repo.head();
    for subject in [
        "Feat%0A::error file=x.rs::forged",
        "fix: ::set-output name=status::passed",
        "fix:\r::warning::carriage",
        "##[error]forged: x",
        "fix(01-01)::error::double colon%25",
    ] {
        repo.write("src/a.ts", format!("export const a = {:?};\n", subject));
        repo.commit(subject);
    }
    let range = format!("{base}..HEAD");
    let r = run(
        repo.path(),
        &["--format", "github", "check", &range, "--messages-only"],
    );
    r.ran();
    assert_annotations_are_ours(&r);
    assert!(
        r.stdout.contains("%25"),
        "`%` is not escaped:\n{}",
        r.stdout
    );
    let r = run(
        repo.path(),
        &[
            "--format",
            "github",
            "ci",
            "--base",
            &base,
            "--messages-only",
        ],
    );
    r.ran();
    assert_annotations_are_ours(&r);
}

#[test]
fn annotation_injection_in_file_names_stays_data() {
    let repo = TestRepo::new();
    repo.write(
        "src/x\n::error file=forged.rs::pwned\r,title=t.js",
        "// FIXME: x\n",
    );
    repo.write("src/%0A::warning::y.js", "// FIXME: y\n");
    let r = run(repo.path(), &["--format", "github", "scan"]);
    r.expect(1, "::error file=src/x%0A%3A%3Aerror");
    assert_annotations_are_ours(&r);
}

#[test]
fn a_closed_stdout_or_stderr_is_not_a_panic() {
    // `planlint scan | head -1`, or a hook runner that closed stderr: writes fail with EPIPE
    // once the pipe buffer (64 KiB) is full, and the print macros would panic there.
    let repo = TestRepo::new();
    let many: String = (0..3000).map(|i| format!("// FIXME: item {i}\n")).collect();
    repo.write("src/many.js", many);
    for (format, close_stdout) in [("json", true), ("human", false)] {
        let mut cmd = common::planlint_std(repo.path());
        cmd.args(["--format", format, "scan"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("planlint starts");
        // Close one end before planlint writes; keep reading the other.
        let mut kept = if close_stdout {
            drop(child.stdout.take());
            child
                .stderr
                .take()
                .map(|e| Box::new(e) as Box<dyn std::io::Read>)
        } else {
            drop(child.stderr.take());
            child
                .stdout
                .take()
                .map(|o| Box::new(o) as Box<dyn std::io::Read>)
        }
        .expect("the other stream");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut kept, &mut text).expect("read");
        let status = child.wait().expect("wait");
        assert_eq!(
            status.code(),
            Some(1),
            "--format {format} with {} closed: {status:?}\n{text}",
            if close_stdout { "stdout" } else { "stderr" }
        );
        for m in PANIC_MARKERS {
            assert!(!text.contains(m), "{m:?}:\n{text}");
        }
    }
}

// -------------------------------------------------------------------------------------------
// planlint never writes to the repository

/// Every path under `root` (the `.git` folder included), with its kind, mode and a hash of its
/// content or link target.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            let what = if meta.file_type().is_symlink() {
                format!("link {mode:o} -> {:?}", std::fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                stack.push(path.clone());
                format!("dir {mode:o}")
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&path).expect("read").hash(&mut h);
                format!("file {mode:o} {} {:x}", meta.len(), h.finish())
            };
            out.insert(rel, what);
        }
    }
    out
}

fn assert_same(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>, what: &str) {
    let mut diffs = Vec::new();
    for (p, v) in before {
        match after.get(p) {
            None => diffs.push(format!("removed {}", p.display())),
            Some(w) if w != v => diffs.push(format!("changed {} ({v} -> {w})", p.display())),
            _ => {}
        }
    }
    for p in after.keys().filter(|p| !before.contains_key(*p)) {
        diffs.push(format!("created {}", p.display()));
    }
    assert!(
        diffs.is_empty(),
        "{what} modified the repository:\n{}",
        diffs.join("\n")
    );
}

/// A repository holding a bit of everything above.
fn hostile_repo(outside: &Path) -> TestRepo {
    let repo = TestRepo::new();
    let must_haves = r#"  truths: ["ok"]
  artifacts:
    - path: src/link.ts
      provides: link
  key_links:
    - from: src/a.ts
      to: src/link.ts
      pattern: '(a+)+$'
"#;
    core_plan(
        &repo,
        "01",
        "src/a.ts, ../escape.ts, /etc/passwd",
        must_haves,
    );
    core_plan(
        &repo,
        "02",
        "src/b.ts",
        &format!(
            "  truths: [\"ok\"]\nbomb: &a [\"x\", \"x\"]\nmore: [*a, *a, *a]\ndeep: {}{}\n",
            "[".repeat(5_000),
            "]".repeat(5_000)
        ),
    );
    repo.write("src/a.ts", format!("{}b\n", "a".repeat(10_000)));
    repo.write("src/bin.js", b"\x00\x01FIXME\x00");
    repo.write("src/todo.js", "// FIXME: x\n// TODO: y\n");
    std::fs::write(
        repo.path().join(non_utf8_name("src/", ".js")),
        "// FIXME: z\n",
    )
    .unwrap();
    symlink(&outside.join("secret.js"), &repo.path().join("src/link.ts"));
    repo.commit("feat(01-01): base");
    repo.write("src/b.ts", "export const b = 1;\n");
    repo.commit("feat(01-02)::error file=x::forged%0A");
    repo.write("src/a.ts", "export const a = 1; // FIXME\n");
    repo.commit("Fix: \x1b[2J bad subject");
    // A half-written state: something staged, something modified, something untracked.
    repo.write("src/staged.ts", "export const s = 1;\n");
    repo.git(&["add", "src/staged.ts"]);
    repo.write("src/b.ts", "export const b = 2;\n");
    repo.write("src/untracked.ts", "// TODO: untracked\n");
    repo.git(&["remote", "add", "origin", "file:///nowhere"]);
    repo.git(&["update-ref", "refs/remotes/origin/main", "HEAD~2"]);
    repo.git(&["config", "branch.main.remote", "origin"]);
    repo.git(&["config", "branch.main.merge", "refs/heads/main"]);
    repo
}

#[test]
fn read_only_commands_never_modify_the_repository() {
    let outside = outside_secret();
    let repo = hostile_repo(outside.path());
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("report.out");
    let report = report.to_str().unwrap();
    let msg = reports.path().join("MSG");
    std::fs::write(&msg, "feat(01-01): a message\n").unwrap();
    let msg = msg.to_str().unwrap();
    let head = repo.head();
    let base = repo.git(&["rev-parse", "HEAD~2"]).trim().to_string();
    let push = format!("refs/heads/main {head} refs/heads/main {base}\n");
    let commands: Vec<Vec<&str>> = vec![
        vec!["msg", msg],
        vec!["msg", ".git/COMMIT_EDITMSG"],
        vec!["check"],
        vec!["check", "--all", "--whole-files"],
        vec!["check", "HEAD~2..HEAD"],
        vec!["pre-push", "origin", "file:///nowhere"],
        vec!["ci", "--base", "HEAD~2"],
        vec!["ci", "--base", "HEAD~2", "--print-range"],
        vec!["verify"],
        vec!["verify", "01"],
        vec!["verify", "01-01"],
        vec!["scan"],
        vec!["scan", "--hidden", "--no-ignore"],
        vec!["plans"],
        vec!["plans", "--list"],
        vec!["config"],
        vec!["rules"],
        vec!["explain", "plan/path"],
    ];
    let before = snapshot(repo.path());
    for command in &commands {
        // The human report on stderr, the annotations on stdout, and a JSON copy in a file.
        for format in [
            &["--format", "human"][..],
            &["--format", "github", "--output", report],
        ] {
            let mut args = format.to_vec();
            args.extend(command);
            let r = run_stdin(repo.path(), &args, push.clone().into_bytes());
            r.sane();
            assert_same(&before, &snapshot(repo.path()), &r.what);
        }
    }
}

// -------------------------------------------------------------------------------------------
// Special files: FIFOs and devices where files are read, ignore files above the repository.

#[test]
fn a_fifo_as_a_plan_summary_or_artifact_never_hangs() {
    let repo = TestRepo::new();
    let artifacts =
        "  truths: [\"ok\"]\n  artifacts:\n    - path: src/pipe.ts\n      provides: x\n";
    core_plan(&repo, "01", "src/pipe.ts", artifacts);
    repo.write("src/pipe.ts", "export const x = 1;\n");
    repo.commit("feat(01-01): pipe");
    std::fs::remove_file(repo.path().join("src/pipe.ts")).unwrap();
    fifo(&repo.path().join("src/pipe.ts"));
    fifo(&repo.path().join(".planning/phases/01-core/01-02-PLAN.md"));
    fifo(
        &repo
            .path()
            .join(".planning/phases/01-core/01-01-SUMMARY.md"),
    );
    for args in [
        &["plans"][..],
        &["verify", "01"],
        &["check", "--all"],
        &["scan"],
    ] {
        let r = run(repo.path(), args);
        r.sane();
        assert!(r.elapsed < FAST, "{args:?} took {:?}", r.elapsed);
    }
    run(repo.path(), &["plans"])
        .has("01-02-PLAN.md")
        .has("a FIFO");
    run(repo.path(), &["verify", "01"]).has("src/pipe.ts");
}

#[test]
fn ignore_files_above_the_repository_are_not_read() {
    let outer = tempfile::tempdir().unwrap();
    // Above the repository: a rule that would hide the FIFO-free FIXME, a FIFO and a sparse GB.
    std::fs::write(outer.path().join(".ignore"), "*.js\n").unwrap();
    fifo(&outer.path().join(".gitignore"));
    let repo_dir = outer.path().join("repo");
    mkdir(&repo_dir);
    git_in(&repo_dir, &["init", "-q", "-b", "main"]);
    std::fs::write(repo_dir.join("a.js"), "// FIXME hidden from above?\n").unwrap();
    git_in(&repo_dir, &["add", "-A"]);
    git_in(&repo_dir, &["commit", "-qm", "feat: a"]);
    run(&repo_dir, &["scan"])
        .expect(1, "scan/debt-marker")
        .has("a.js");
    std::fs::remove_file(outer.path().join(".ignore")).unwrap();
    sparse(&outer.path().join(".ignore"), 1 << 30);
    let r = run(&repo_dir, &["scan"]);
    r.expect(1, "scan/debt-marker");
    assert!(r.elapsed < FAST, "scan took {:?}", r.elapsed);
}

#[test]
fn ignore_files_that_are_fifos_or_devices_are_refused_by_name() {
    type Make = fn(&Path);
    let cases: [(&str, Make); 4] = [
        (".gitignore", fifo),
        ("src/.ignore", fifo),
        (".git/info/exclude", fifo),
        (".gitignore", |p| symlink(Path::new("/dev/zero"), p)),
    ];
    for (rel, make) in cases {
        let repo = TestRepo::new();
        // An artifact, so that verify walks the tree for what refers to it.
        let artifact = "  artifacts:\n    - path: src/a.js\n      provides: a\n";
        core_plan(&repo, "01", "src/a.js", artifact);
        repo.write("src/a.js", "export const a = 1;\n");
        repo.commit("feat(01-01): a");
        let _ = std::fs::remove_file(repo.path().join(rel));
        make(&repo.path().join(rel));
        for args in [&["scan"][..], &["verify", "01"]] {
            let r = run(repo.path(), args);
            r.expect(2, rel).has("cannot be read as an ignore file");
            assert!(r.elapsed < FAST, "{rel}: {args:?} took {:?}", r.elapsed);
        }
        // Without ignore files, nothing is read and the scan goes on.
        run(repo.path(), &["scan", "--no-ignore"]).expect(0, "");
    }
    // `.git/info/exclude` as a link to /dev/zero too: refused, not read for ever.
    let repo = TestRepo::new();
    repo.write("a.js", "export const a = 1;\n")
        .commit("feat: a");
    let exclude = repo.path().join(".git/info/exclude");
    let _ = std::fs::remove_file(&exclude);
    symlink(Path::new("/dev/zero"), &exclude);
    run(repo.path(), &["scan"]).expect(2, ".git/info/exclude");
}

#[test]
fn git_s_own_excludes_file_is_honoured() {
    let repo = TestRepo::new();
    repo.write("gen/out.js", "// FIXME generated\n");
    repo.write("src/a.js", "export const a = 1;\n");
    repo.commit("feat: a");
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("git")).unwrap();
    std::fs::write(home.path().join("git/ignore"), "gen/\n").unwrap();
    run(repo.path(), &["scan"]).expect(1, "gen/out.js");
    run_env(
        repo.path(),
        &["scan"],
        &[("XDG_CONFIG_HOME", home.path().as_os_str())],
    )
    .expect(0, "")
    .lacks("gen/out.js");
}

#[test]
fn ci_event_and_summary_fifos_never_hang() {
    let repo = two_commits();
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event.json");
    fifo(&event);
    let r = run_env(
        repo.path(),
        &["ci"],
        &[
            ("GITHUB_ACTIONS", OsStr::new("true")),
            ("GITHUB_EVENT_NAME", OsStr::new("push")),
            ("GITHUB_EVENT_PATH", event.as_os_str()),
        ],
    );
    r.expect(2, "a FIFO");
    assert!(r.elapsed < FAST, "ci took {:?}", r.elapsed);
    let summary = dir.path().join("summary.md");
    fifo(&summary);
    let r = run_env(
        repo.path(),
        &["--format", "github", "check", "--all"],
        &[("GITHUB_STEP_SUMMARY", summary.as_os_str())],
    );
    r.ran().has("cannot write the job summary");
    assert!(r.elapsed < FAST, "check took {:?}", r.elapsed);
}

#[test]
fn reports_are_never_written_through_a_symlink() {
    let repo = TestRepo::new();
    repo.write("src/a.ts", "export const keep = 1;\n");
    repo.commit("feat: a");
    symlink(
        &repo.path().join("src/a.ts"),
        &repo.path().join("report.json"),
    );
    run(repo.path(), &["--output", "report.json", "check", "--all"])
        .expect(2, "report.json")
        .has("symbolic link");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("src/a.ts")).unwrap(),
        "export const keep = 1;\n"
    );
    // GITHUB_STEP_SUMMARY inside the repository, a link to a tracked file: a warning, and the
    // file is unchanged.
    symlink(
        &repo.path().join("src/a.ts"),
        &repo.path().join("summary.md"),
    );
    run_env(
        repo.path(),
        &["--format", "github", "check", "--all"],
        &[(
            "GITHUB_STEP_SUMMARY",
            repo.path().join("summary.md").as_os_str(),
        )],
    )
    .ran()
    .has("cannot write the job summary");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("src/a.ts")).unwrap(),
        "export const keep = 1;\n"
    );
}

#[test]
fn a_config_or_phases_folder_leading_out_is_refused_without_quoting_it() {
    let out = outside_secret();
    std::fs::write(
        out.path().join("passwd"),
        "root:x:0:0:SECRET-OUTSIDE:/root:/bin/sh\n",
    )
    .unwrap();
    let repo = TestRepo::new();
    symlink(
        &out.path().join("passwd"),
        &repo.path().join("planlint.toml"),
    );
    repo.write("a.txt", "a\n").commit("feat: a");
    for args in [&["check", "--all"][..], &["plans"]] {
        run(repo.path(), args)
            .expect(2, "leading out of the repository")
            .lacks("SECRET");
    }
    run_stdin(repo.path(), &["msg", "-"], b"feat: x\n".to_vec())
        .expect(2, "planlint.toml")
        .lacks("SECRET");

    let repo = TestRepo::new();
    let phases = out.path().join("phases/01-core");
    mkdir(&phases);
    std::fs::copy(out.path().join("plan.md"), phases.join("01-01-PLAN.md")).unwrap();
    mkdir(&repo.path().join(".planning"));
    symlink(
        &out.path().join("phases"),
        &repo.path().join(".planning/phases"),
    );
    repo.write(".planning/ROADMAP.md", "# Roadmap\n")
        .commit("docs: plans");
    for args in [
        &["plans"][..],
        &["plans", "--list"],
        &["verify", "01"],
        &["check", "--all"],
    ] {
        run(repo.path(), args).sane().lacks("SECRET").lacks("01-09");
    }
    run(repo.path(), &["plans"]).has("leading out of the repository");
}

#[test]
fn installs_at_once_never_lose_the_user_s_hook() {
    const USER_HOOK: &str = "#!/bin/sh\necho user-hook\n";
    for round in 0..25 {
        let repo = TestRepo::new();
        repo.write("a.txt", "a\n").commit("feat: a");
        let hook = repo.path().join(".git/hooks/commit-msg");
        mkdir(hook.parent().unwrap());
        std::fs::write(&hook, USER_HOOK).unwrap();
        let children: Vec<_> = (0..4)
            .map(|_| {
                common::planlint_std(repo.path())
                    .args(["install", "--hook", "commit-msg"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(!repo.path().join(".git/planlint-install.lock").exists());
        run(repo.path(), &["uninstall", "--hook", "commit-msg"]).expect(0, "restored");
        assert_eq!(
            std::fs::read_to_string(&hook).unwrap(),
            USER_HOOK,
            "round {round}: the user's hook was lost"
        );
    }
    // The race is rare; the lock that prevents it is not: while one is held, nothing changes.
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n").commit("feat: a");
    let hook = repo.path().join(".git/hooks/commit-msg");
    mkdir(hook.parent().unwrap());
    std::fs::write(&hook, USER_HOOK).unwrap();
    std::fs::write(repo.path().join(".git/planlint-install.lock"), "").unwrap();
    for args in [&["install"][..], &["uninstall"]] {
        run(repo.path(), args).expect(2, "planlint-install.lock exists");
    }
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), USER_HOOK);
    assert!(!repo
        .path()
        .join(".git/hooks/commit-msg.planlint-chained")
        .exists());
}

#[test]
fn a_phase_with_no_plan_read_never_passes() {
    let repo = TestRepo::new();
    mkdir(&repo.path().join(".planning/phases/04-empty"));
    mkdir(&repo.path().join(".planning/phases/05-dir/05-01-PLAN.md"));
    symlink(
        Path::new("/dev/zero"),
        &repo.path().join(".planning/phases/06-zero/06-01-PLAN.md"),
    );
    repo.write("a.txt", "a\n").commit("feat: a");
    for phase in ["04", "05", "06"] {
        run(repo.path(), &["verify", phase])
            .expect(1, "verify/no-plan")
            .has("status: gaps_found")
            .lacks("status: passed");
        run(repo.path(), &["verify", phase, "--write"]).expect(1, "verify/no-plan");
        let report = std::fs::read_dir(repo.path().join(".planning/phases"))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(phase))
            .map(|e| e.path().join(format!("{phase}-VERIFICATION.md")))
            .unwrap();
        let saved = std::fs::read_to_string(&report).unwrap();
        assert!(saved.contains("status: gaps_found"), "{saved}");
    }
}

#[test]
fn key_link_patterns_that_prove_nothing_are_said_so_by_plans_and_verify() {
    let cases = [
        ("pattern: ''", "an empty pattern matches any file"),
        ("pattern: ['a', 'b']", "it is a list, not one regex"),
        ("pattern: '(a{1000}){1000}'", "exceeds size limit"),
    ];
    for (pattern, reason) in cases {
        let repo = TestRepo::new();
        let links =
            format!("  key_links:\n    - from: src/a.ts\n      to: src/b.ts\n      {pattern}\n");
        core_plan(&repo, "01", "src/a.ts, src/b.ts", &links);
        repo.write("src/a.ts", "import { b } from './b';\n");
        repo.write("src/b.ts", "export const b = 1;\n");
        repo.commit("feat(01-01): a and b");
        run(repo.path(), &["plans"])
            .expect(1, "plan/pattern")
            .has(reason);
        let r = run(repo.path(), &["verify", "01"]);
        r.expect(1, "verify/pattern-invalid").has(reason);
        assert!(!r.stdout.contains("✓ WIRED"), "{pattern}: {}", r.stdout);
    }
}

#[test]
fn a_huge_pre_push_line_is_quoted_in_part() {
    let repo = two_commits();
    let line = format!("refs/heads/main {}\n", "z".repeat(4 << 20));
    let r = run_stdin(
        repo.path(),
        &["pre-push", "origin", "url"],
        line.into_bytes(),
    );
    r.expect(2, "cannot read line 1 of the pre-push input");
    assert!(r.stderr.len() < 4096, "{} bytes of stderr", r.stderr.len());
}

/// A repository with a plan whose commits add a FIXME and an undeclared file, served for
/// partial clones (`uploadpack.allowFilter`), and a `--filter=blob:none` clone of it.
fn partial_clone() -> (TestRepo, tempfile::TempDir, PathBuf) {
    let origin = TestRepo::new();
    core_plan(&origin, "01", "src/a.ts", TRUTHS);
    origin.commit("docs(01): plan");
    origin.write("src/a.ts", "// FIXME later\n");
    origin.write("src/b.ts", "export const b = 1;\n");
    origin.commit("feat(01-01): a");
    origin.write("src/a.ts", "// FIXME later\nexport const a = 2;\n");
    origin.commit("feat(01-01): more");
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    origin.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git_in(
        parent.path(),
        &["clone", "-q", "--filter=blob:none", &url, "partial"],
    );
    let dir = parent.path().join("partial");
    (origin, parent, dir)
}

#[test]
fn a_partial_clone_fetches_what_the_range_needs_in_one_batch() {
    let (origin, _parent, dir) = partial_clone();
    let whole = run(origin.path(), &["--format", "json", "check", "--all"]);
    let partial = run(&dir, &["--format", "json", "check", "--all"]);
    assert_eq!(rules(&partial.json()), rules(&whole.json()));
    assert!(rules(&whole.json()).contains(&"scan/debt-marker".to_string()));
    partial.has("a partial clone: fetched");
    // Fetched once: the next run has everything.
    run(&dir, &["check", "--all"])
        .expect(1, "scan/debt-marker")
        .lacks("partial clone");
    run(&dir, &["verify", "01"])
        .ran()
        .lacks("cannot read object");
}

#[test]
fn a_partial_clone_whose_remote_is_gone_is_checked_without_the_missing_files() {
    let (origin, _parent, dir) = partial_clone();
    drop(origin);
    let r = run(&dir, &["check", "--all"]);
    r.expect(0, "could not be fetched")
        .has("diff/undeclared")
        .has("whose content is not in this clone")
        .lacks("cannot read object");
    run(&dir, &["verify", "01"])
        .ran()
        .lacks("cannot read object");
}

#[test]
fn a_deleted_blob_is_skipped_with_a_note() {
    let repo = two_commits();
    let blob = repo
        .git(&["rev-parse", "HEAD~1:src/a.ts"])
        .trim()
        .to_string();
    std::fs::remove_file(
        repo.path()
            .join(".git/objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    run(repo.path(), &["check", "--all"])
        .expect(0, "whose content is not in this clone")
        .lacks("cannot read object");
}
