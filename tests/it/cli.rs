//! The CLI shell: rules, explain, config, exit codes for bad usage.

use crate::common;

use common::TestRepo;
use predicates::prelude::*;

#[test]
fn rules_lists_ids_and_explain_knows_them() {
    let repo = TestRepo::new();
    let out = repo.planlint().arg("rules").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = text.split_whitespace().next().expect("at least one rule");
    repo.planlint()
        .args(["explain", first])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(first));
}

#[test]
fn explain_unknown_rule_exits_2() {
    let repo = TestRepo::new();
    repo.planlint()
        .args(["explain", "nope/never"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `nope/never`"));
}

#[test]
fn explain_takes_the_short_names_allow_comments_take() {
    let repo = TestRepo::new();
    for (name, id) in [
        ("placeholder", "scan/placeholder"),
        ("todo", "scan/todo-comment"),
        ("FIXME", "scan/debt-marker"),
        ("debt", "scan/debt-marker"),
        ("debug-output", "scan/debug-output"),
    ] {
        repo.planlint()
            .args(["explain", name])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!("{id} (")));
    }
}

#[test]
fn explain_suggests_the_closest_rule_id() {
    let repo = TestRepo::new();
    for (name, id) in [
        ("plan/wave-conflic", "plan/wave-conflict"),
        ("wave-conflict", "plan/wave-conflict"),
        ("placeholdr", "scan/placeholder"),
        ("fixm", "scan/debt-marker"),
    ] {
        repo.planlint()
            .args(["explain", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("unknown rule `{name}`")))
            .stderr(predicate::str::contains(format!("did you mean `{id}`?")));
    }
}

#[test]
fn config_prints_defaults_without_a_file() {
    let repo = TestRepo::new();
    repo.planlint()
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains("no planlint.toml found"))
        .stdout(predicate::str::contains("planning-dir = \".planning\""));
}

#[test]
fn broken_config_is_exit_2_with_the_line() {
    let repo = TestRepo::new();
    repo.write("planlint.toml", "[message]\nmax-header-length = \"long\"\n");
    repo.planlint()
        .arg("config")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("planlint.toml"))
        .stderr(predicate::str::contains("max-header-length"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unknown_subcommand_is_usage_error() {
    let repo = TestRepo::new();
    repo.planlint().arg("frobnicate").assert().code(2);
}

#[test]
fn an_output_file_that_cannot_be_written_keeps_the_report_and_says_write() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    repo.commit("Added things");
    let target = repo.path().join("missing/dir/out.json");
    let (code, _, stderr) = repo.run(&["check", "--all", "--output", target.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    let error = format!("planlint: error: cannot write {}: ", target.display());
    let at = stderr
        .find(&error)
        .unwrap_or_else(|| panic!("no write error in\n{stderr}"));
    // The human report comes first, whole, and the failure after it.
    let report = &stderr[..at];
    assert!(report.contains("[msg/"), "{stderr}");
    assert!(report.contains("planlint: 1 error"), "{stderr}");
    assert!(!stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn fail_on_never_fails_nothing_in_junit_either() {
    let repo = TestRepo::new();
    repo.write("src/lib.rs", "// FIXME: wire this up\nfn main() {}\n");
    let (code, stdout, _) = repo.run(&["scan", "--format", "junit", "--fail-on", "never"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("failures=\"0\""), "{stdout}");
    assert!(!stdout.contains("<failure"), "{stdout}");
    // The same finding fails the run, and the JUnit case, at the default threshold.
    let (code, stdout, _) = repo.run(&["scan", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("<failure"), "{stdout}");
}

#[test]
fn errors_follow_the_color_flag() {
    let repo = TestRepo::new();
    let (code, _, plain) = repo.run(&["verify", "07"]);
    assert_eq!(code, 2);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (code, _, colored) = repo.run(&["--color", "always", "verify", "07"]);
    assert_eq!(code, 2);
    assert!(colored.contains("\u{1b}["), "{colored}");
    assert!(colored.contains("nothing to verify"), "{colored}");
}
