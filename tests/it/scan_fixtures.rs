//! Per-language fixtures for the anti-pattern scanner.
//!
//! Every file under `tests/fixtures/scan/` is scanned with the default configuration, as if it
//! sat at its path relative to that folder (so `rust/tests/it.rs` is test code and
//! `go/api.pb.go` is generated). Its findings must be exactly those listed, as `LINE RULE`,
//! in the `.expected` file beside it (`skipped: <why>` for a file that is not scanned).
//! `PLANLINT_BLESS=1` rewrites the `.expected` files from the current results, for review.

use std::path::{Path, PathBuf};

use planlint::config::ScanConfig;
use planlint::scan::Scanner;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_none_or(|e| e != "expected") {
            out.push(p);
        }
    }
}

/// The scan result of a fixture, in the `.expected` format.
fn actual(scanner: &Scanner, rel: &str, content: &[u8]) -> String {
    let out = scanner.scan(rel, content, None);
    let mut s = String::new();
    if let Some(why) = out.skipped {
        s.push_str(&format!("skipped: {why}\n"));
    }
    for f in out.findings {
        s.push_str(&format!("{} {}\n", f.location.line.unwrap_or(0), f.rule));
    }
    s
}

fn expected(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let root = fixtures_root();
    let scanner = Scanner::new(&ScanConfig::default()).unwrap();
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(all.len() >= 30, "fixtures missing: {}", all.len());
    let bless = std::env::var_os("PLANLINT_BLESS").is_some();
    let mut failures = Vec::new();
    for path in all {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let content = std::fs::read(&path).unwrap();
        let got = actual(&scanner, &rel, &content);
        let exp_path = PathBuf::from(format!("{}.expected", path.display()));
        if bless {
            std::fs::write(&exp_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&exp_path)
            .map(|t| expected(&t))
            .unwrap_or_else(|_| format!("(no {})\n", exp_path.display()));
        if got != want {
            failures.push(format!("{rel}\n--- expected\n{want}--- actual\n{got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Each language family has at least one fixture with a finding, and every rule of SPEC §5 is
/// exercised somewhere.
#[test]
fn fixtures_cover_every_language_and_rule() {
    let root = fixtures_root();
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut text = String::new();
    for p in &all {
        text.push_str(
            &std::fs::read_to_string(format!("{}.expected", p.display())).unwrap_or_default(),
        );
    }
    for rule in planlint::scan::RULES {
        assert!(text.contains(rule.id), "no fixture exercises {}", rule.id);
    }
    for dir in [
        "rust", "js", "python", "go", "java", "kotlin", "swift", "c", "cpp", "csharp", "ruby",
        "php", "shell", "dart", "scala", "lua", "sql", "yaml", "toml", "markup",
    ] {
        assert!(root.join(dir).is_dir(), "no fixtures for {dir}");
    }
}
