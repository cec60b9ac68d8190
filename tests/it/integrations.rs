//! The files other tools read — action.yml, .pre-commit-hooks.yaml, the hook shims — hold
//! together with the CLI they call; completions and the man page come out of that same CLI.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use clap::Parser;
use planlint::cli::{Cli, Command as Sub};
use predicates::prelude::*;
use serde_json::Value;

fn manifest_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn yaml(rel: &str) -> Value {
    serde_saphyr::from_str(&manifest_file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every string in the document with the key path leading to it.
fn strings<'a>(v: &'a Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a str)>) {
    match v {
        Value::String(s) => out.push((path.clone(), s)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                strings(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(k.clone());
                strings(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Parses `planlint <words>` with the real CLI definition.
fn parse(words: &[&str]) -> Cli {
    Cli::try_parse_from(std::iter::once("planlint").chain(words.iter().copied()))
        .unwrap_or_else(|e| panic!("`planlint {}` does not parse: {e}", words.join(" ")))
}

fn action_steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps")
}

#[test]
fn action_inputs_reach_scripts_only_through_env() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs: BTreeSet<&str> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        inputs,
        BTreeSet::from(["version", "args", "format", "fail-on", "working-directory"])
    );

    let mut all = Vec::new();
    strings(&action, &mut Vec::new(), &mut all);
    for (path, text) in &all {
        if path.last().map(String::as_str) == Some("run") {
            assert!(!text.contains("${{"), "expression inside run: at {path:?}");
        }
    }
    for input in &inputs {
        let expr = format!("${{{{ inputs.{input} }}}}");
        let uses: Vec<_> = all.iter().filter(|(_, t)| t.contains(&expr)).collect();
        assert!(!uses.is_empty(), "input {input} is never used");
        for (path, _) in uses {
            let key = path.iter().rev().nth(1).map(String::as_str);
            let last = path.last().map(String::as_str);
            assert!(
                key == Some("env") || last == Some("working-directory"),
                "input {input} used at {path:?}: only env: or working-directory may read inputs"
            );
        }
    }
}

#[test]
fn action_outputs_come_from_the_run_step() {
    let action = yaml("action.yml");
    let outputs = action["outputs"].as_object().expect("outputs");
    for name in [
        "status", "findings", "blockers", "errors", "warnings", "infos",
    ] {
        assert_eq!(
            outputs[name]["value"],
            format!("${{{{ steps.run.outputs.{name} }}}}"),
            "{name}"
        );
    }
    assert!(action_steps(&action).iter().any(|s| s["id"] == "run"
        && s["run"]
            .as_str()
            .unwrap()
            .contains("planlint \"${args[@]}\"")));
}

#[test]
fn action_installs_its_own_ref_with_a_cache() {
    let action = yaml("action.yml");
    let steps = action_steps(&action);
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("an actions/cache step");
    assert!(cache["with"]["path"]
        .as_str()
        .unwrap()
        .contains("~/.cargo/bin/planlint"));
    let install = steps
        .iter()
        .find(|s| s["name"] == "Install planlint")
        .expect("an install step");
    assert_eq!(install["if"], "steps.cache.outputs.cache-hit != 'true'");
    let script = install["run"].as_str().unwrap();
    assert!(script.contains("cargo install --locked"));
    assert!(script.contains("--path \"$GITHUB_ACTION_PATH\""));
}

#[test]
fn action_defaults_are_valid_cli_values() {
    let action = yaml("action.yml");
    let format = action["inputs"]["format"]["default"].as_str().unwrap();
    let fail_on = action["inputs"]["fail-on"]["default"].as_str().unwrap();
    let cli = parse(&["ci", "--format", format, "--fail-on", fail_on]);
    assert!(matches!(cli.command, Sub::Ci(_)));
}

#[test]
fn action_scripts_are_valid_bash() {
    let action = yaml("action.yml");
    for step in action_steps(&action) {
        if let Some(script) = step["run"].as_str() {
            let out = Command::new("bash")
                .args(["-n", "-c", script])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                step["name"],
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Runs the action's `planlint ci` step with a stub planlint that records its arguments.
fn run_step(extra_args: &str, stub_exit: i32) -> (i32, Vec<String>, String) {
    let action = yaml("action.yml");
    let step = action_steps(&action)
        .iter()
        .find(|s| s["id"] == "run")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("args");
    let stub = dir.path().join("planlint");
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> '{}'; done\nexit {stub_exit}\n",
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.path().join("glob-bait"), "").unwrap();
    let output = dir.path().join("github_output");
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("bash")
        .args(["-e", "-c", step["run"].as_str().unwrap()])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("PLANLINT_ARGS", extra_args)
        .env("PLANLINT_FORMAT", "json")
        .env("PLANLINT_FAIL_ON", "warning")
        .env("GITHUB_OUTPUT", &output)
        .status()
        .unwrap();
    let args = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let outputs = std::fs::read_to_string(&output).unwrap_or_default();
    (status.code().unwrap_or(-1), args, outputs)
}

#[test]
fn action_run_step_passes_inputs_as_arguments_without_shell_tricks() {
    let (code, args, outputs) = run_step("--no-scan  --head $(id) *", 0);
    assert_eq!(code, 0);
    assert_eq!(
        args,
        [
            "ci",
            "--format",
            "json",
            "--fail-on",
            "warning",
            "--no-scan",
            "--head",
            "$(id)",
            "*"
        ]
    );
    assert_eq!(
        outputs, "",
        "planlint itself writes the outputs when it runs"
    );
}

#[test]
fn action_run_step_reports_error_when_planlint_cannot_run() {
    let (code, _, outputs) = run_step("", 2);
    assert_eq!(code, 2);
    assert_eq!(outputs, "status=error\n");
    let (code, _, outputs) = run_step("", 1);
    assert_eq!(code, 1, "findings fail the step");
    assert_eq!(outputs, "");
}

#[test]
fn pre_commit_hooks_match_the_cli() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "planlint-msg",
            "planlint-push",
            "planlint-msg-src",
            "planlint-push-src"
        ]
    );
    for hook in hooks {
        // The prebuilt wheel from PyPI (no Rust needed), or a build from source.
        let src = hook["id"].as_str().unwrap().ends_with("-src");
        let language = if src { "rust" } else { "python" };
        assert_eq!(hook["language"], language, "{}", hook["id"]);
        let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
        assert_eq!(entry[0], "planlint");
        let stages = hook["stages"].as_array().unwrap();
        match hook["id"].as_str().unwrap().trim_end_matches("-src") {
            "planlint-msg" => {
                assert_eq!(stages, &[Value::from("commit-msg")]);
                // pre-commit appends the message file.
                let mut words = entry[1..].to_vec();
                words.push(".git/COMMIT_EDITMSG");
                assert!(matches!(parse(&words).command, Sub::Msg(_)));
            }
            _ => {
                assert_eq!(stages, &[Value::from("pre-push")]);
                assert_eq!(hook["pass_filenames"], false);
                assert_eq!(hook["always_run"], true);
                assert!(matches!(parse(&entry[1..]).command, Sub::Ci(_)));
            }
        }
    }
}

#[test]
fn hook_shims_call_commands_the_cli_knows() {
    for (file, expect_msg) in [("hooks/commit-msg", true), ("hooks/pre-push", false)] {
        let text = manifest_file(file);
        let exec = text
            .lines()
            .rev()
            .find(|l| l.starts_with("exec \"$planlint\""))
            .unwrap_or_else(|| panic!("{file} ends by exec'ing planlint"));
        let words: Vec<&str> = exec
            .trim_start_matches("exec \"$planlint\"")
            .split_whitespace()
            .map(|w| match w {
                "\"$1\"" => "origin",
                "\"$2\"" => "https://example.com/repo.git",
                w => w,
            })
            .collect();
        let cli = parse(&words);
        assert_eq!(matches!(cli.command, Sub::Msg(_)), expect_msg, "{file}");
        assert_eq!(
            matches!(cli.command, Sub::PrePush(_)),
            !expect_msg,
            "{file}"
        );
        let out = Command::new("sh")
            .args(["-n", file])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{file} is not valid sh");
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_planlint()"),
        ("zsh", "#compdef planlint"),
        ("fish", "complete -c planlint"),
        ("elvish", "planlint"),
        ("powershell", "planlint"),
    ] {
        common::planlint_in(dir.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("pre-push"))
            .stdout(predicate::str::contains("print-range"));
    }
    common::planlint_in(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn man_page_is_roff_naming_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::planlint_in(dir.path())
        .arg("man")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with(".ie") || text.starts_with(".TH"),
        "{}",
        &text[..40.min(text.len())]
    );
    assert!(text.contains(".TH planlint 1"), "has a title header");
    for sub in [
        "msg",
        "check",
        "pre\\-push",
        "ci",
        "install",
        "uninstall",
        "explain",
    ] {
        assert!(text.contains(sub), "man page names {sub}");
    }
}
