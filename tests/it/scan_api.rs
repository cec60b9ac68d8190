//! The scanner's library API, as `check` / `pre-push` / `ci` use it with blob contents, and
//! its behaviour on hostile input: binaries, huge files, one enormous line, invalid UTF-8.

use std::time::{Duration, Instant};

use planlint::config::ScanConfig;
use planlint::fs::Skipped;
use planlint::scan::{LineSet, Scanner};

fn scanner() -> Scanner {
    Scanner::new(&ScanConfig::default()).unwrap()
}

fn lines_and_rules(out: &planlint::scan::ScanOutput) -> Vec<(u32, &'static str)> {
    out.findings
        .iter()
        .map(|f| (f.location.line.unwrap(), f.rule))
        .collect()
}

#[test]
fn scanner_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Scanner>();
}

#[test]
fn added_lines_restrict_findings_but_context_comes_from_the_file_start() {
    let src = b"/* a comment opened before the diff\nconsole.log('inside the comment');\n*/\nconsole.log('real');\n";
    let added: LineSet = [2, 4].into_iter().collect();
    let out = scanner().scan("src/a.js", src, Some(&added));
    assert_eq!(lines_and_rules(&out), vec![(4, "scan/debug-output")]);
    let only_two: LineSet = [2].into_iter().collect();
    assert!(scanner()
        .scan("src/a.js", src, Some(&only_two))
        .findings
        .is_empty());
}

#[test]
fn a_multi_line_finding_counts_when_any_of_its_lines_is_added() {
    let src = b"try {\n  run();\n} catch (e) {\n\n}\n";
    let closing: LineSet = [5].into_iter().collect();
    let out = scanner().scan("src/a.js", src, Some(&closing));
    assert_eq!(lines_and_rules(&out), vec![(3, "scan/empty-handler")]);
    assert_eq!(out.findings[0].location.end_line, Some(5));
    let elsewhere: LineSet = [1, 2].into_iter().collect();
    assert!(scanner()
        .scan("src/a.js", src, Some(&elsewhere))
        .findings
        .is_empty());
}

#[test]
fn findings_carry_path_line_column_label_and_help() {
    let out = scanner().scan(
        "src/lib.rs",
        "fn f() {\n    let é = 1; // FIXME: later\n}\n".as_bytes(),
        None,
    );
    let f = &out.findings[0];
    assert_eq!(f.rule, "scan/debt-marker");
    assert_eq!(f.location.path.as_deref(), Some("src/lib.rs"));
    // Columns count characters: `é` is one.
    assert_eq!((f.location.line, f.location.column), (Some(2), Some(19)));
    assert!(f.message.contains("`FIXME`"), "{}", f.message);
    assert!(f.label.is_some() && f.help.is_some());
}

#[test]
fn an_allow_suppresses_one_finding_on_its_line_or_the_next() {
    let src = b"// planlint-allow(todo): tracked in the roadmap\n// TODO: one\n// TODO: two\n";
    let out = scanner().scan("a.rs", src, None);
    assert_eq!(lines_and_rules(&out), vec![(3, "scan/todo-comment")]);
    let inline = b"dbg!(x); // planlint-allow(scan/debug-output): kept for the demo\n";
    assert!(scanner()
        .scan("src/lib.rs", inline, None)
        .findings
        .is_empty());
    // An allow inside a string is data, not a directive.
    let in_string = b"let s = \"planlint-allow(todo)\";\n";
    assert!(scanner()
        .scan("src/lib.rs", in_string, None)
        .findings
        .is_empty());
}

#[test]
fn binary_files_are_skipped() {
    let mut src = b"// FIXME: x\n".to_vec();
    src.push(0);
    let out = scanner().scan("src/a.rs", &src, None);
    assert_eq!(out.skipped, Some(Skipped::Binary));
    assert!(out.findings.is_empty());
}

#[test]
fn content_over_the_limit_is_skipped() {
    let config = ScanConfig {
        max_file_size: 100,
        ..ScanConfig::default()
    };
    let src = "// FIXME: x\n".repeat(20);
    let out = Scanner::new(&config)
        .unwrap()
        .scan("a.rs", src.as_bytes(), None);
    assert_eq!(
        out.skipped,
        Some(Skipped::TooLarge {
            size: 240,
            limit: 100
        })
    );
}

#[test]
fn invalid_utf8_is_scanned_without_panic() {
    let src =
        b"\xff\xfe// TODO: \xc3(broken) text\nlet s = \"\x80\x81\"; // FIXME: after bad bytes\n";
    let out = scanner().scan("a.rs", src, None);
    assert_eq!(
        lines_and_rules(&out),
        vec![(1, "scan/todo-comment"), (2, "scan/debt-marker")]
    );
    assert!(out.findings[0].message.contains("TODO"));
}

#[test]
fn unknown_languages_are_skipped_by_name() {
    let out = scanner().scan("notes.md", b"FIXME: not code", None);
    assert_eq!(out.skipped, Some(Skipped::Unsupported));
    let script = scanner().scan("bin/deploy", b"#!/bin/sh\n# FIXME: x\n", None);
    assert_eq!(lines_and_rules(&script), vec![(2, "scan/debt-marker")]);
}

#[test]
fn a_50_mb_line_is_lexed_but_not_matched() {
    let config = ScanConfig {
        max_file_size: 64 << 20,
        ..ScanConfig::default()
    };
    // One 50 MB line dense with candidates, then a normal line after it.
    let mut src = Vec::with_capacity(51 << 20);
    src.extend_from_slice(b"// ");
    while src.len() < 50 << 20 {
        src.extend_from_slice(b"TODO: x console.log( /* ");
    }
    src.extend_from_slice(b"\n// FIXME: on the next line\n");
    let start = Instant::now();
    let out = Scanner::new(&config).unwrap().scan("a.js", &src, None);
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.long_lines, 1);
    assert_eq!(lines_and_rules(&out), vec![(2, "scan/debt-marker")]);
}

#[test]
fn a_file_over_the_limit_on_disk_is_skipped_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.rs");
    std::fs::write(&path, "// FIXME: x\n".repeat(800_000)).unwrap();
    let mut buf = Vec::new();
    let out = scanner().scan_file("big.rs", &path, &mut buf);
    assert!(
        matches!(
            out.skipped,
            Some(Skipped::TooLarge {
                size: 9_600_000,
                ..
            })
        ),
        "{:?}",
        out.skipped
    );
    assert!(buf.is_empty(), "the file was read");
}

#[test]
fn a_1_gb_sparse_file_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.js");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    let mut buf = Vec::new();
    let start = Instant::now();
    let out = scanner().scan_file("huge.js", &path, &mut buf);
    assert_eq!(
        out.skipped,
        Some(Skipped::TooLarge {
            size: 1 << 30,
            limit: 8 << 20
        })
    );
    assert!(buf.capacity() == 0, "the file was read");
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn scan_file_reads_extensionless_scripts_by_shebang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deploy");
    std::fs::write(&path, "#!/usr/bin/env bash\n# FIXME: retry\n").unwrap();
    let out = scanner().scan_file("bin/deploy", &path, &mut Vec::new());
    assert_eq!(lines_and_rules(&out), vec![(2, "scan/debt-marker")]);
    let plain = dir.path().join("LICENSE");
    std::fs::write(&plain, "FIXME: not code\n").unwrap();
    let out = scanner().scan_file("LICENSE", &plain, &mut Vec::new());
    assert_eq!(out.skipped, Some(Skipped::Unsupported));
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    /// Fragments that open and close every construct the lexers and checks know.
    const PIECES: &[&str] = &[
        "\"",
        "'",
        "`",
        "/",
        "*",
        "#",
        "\\",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "$",
        "<",
        ">",
        "=",
        "-",
        ";",
        ":",
        "@",
        "?",
        "\n",
        "\r\n",
        " ",
        "\t",
        "r#\"",
        "\"#",
        "R\"x(",
        ")x\"",
        "@\"",
        "\"\"\"",
        "'''",
        "/*",
        "*/",
        "//",
        "<!--",
        "-->",
        "<<EOF\n",
        "\nEOF\n",
        "<<<X",
        "[[",
        "]]",
        "--[==[",
        "=begin\n",
        "\n=end",
        "${",
        "<script>",
        "</script>",
        "<style>",
        "TODO: ",
        "FIXME ",
        "catch",
        "except:",
        "pass",
        "rescue",
        "end",
        "def f",
        "return null",
        "=> {}",
        "Err(_) =>",
        "if err != nil",
        "println!(",
        "console.log(",
        "print(",
        "???",
        "planlint-allow(",
        "todo!()",
        "@pytest.mark.skip",
        "#[cfg(test)]",
        "\u{e9}",
        "\u{1f600}",
        "\u{ff}",
    ];

    const PATHS: &[&str] = &[
        "a.rs", "a.js", "a.tsx", "a.py", "a.go", "A.java", "a.kt", "a.swift", "a.c", "a.cpp",
        "a.cs", "a.rb", "a.php", "a.sh", "a.dart", "a.scala", "a.lua", "a.sql", "a.yml", "a.toml",
        "a.html", "a.vue", "a.css",
    ];

    fn source() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
                prop::collection::vec(any::<u8>(), 0..4),
            ],
            0..200,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_input_in_any_language_scans_without_panic(
            src in source(),
            path in prop::sample::select(PATHS),
        ) {
            let lines = 1 + src.iter().filter(|&&b| b == b'\n').count() as u32;
            let out = scanner().scan(path, &src, None);
            for f in &out.findings {
                let line = f.location.line.unwrap();
                prop_assert!(line >= 1 && line <= lines, "line {line} of {lines}");
                prop_assert!(f.location.end_line.unwrap_or(line) <= lines);
            }
            // Restricting to added lines only ever removes findings.
            let half: LineSet = (1..=lines / 2).collect();
            let restricted = scanner().scan(path, &src, Some(&half));
            prop_assert!(restricted.findings.len() <= out.findings.len());
        }
    }
}
