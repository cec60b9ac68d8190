//! `planlint plans` end to end: real `.planning/` trees in temporary git repositories, the real
//! binary, its JSON findings and its `--list` document.

use crate::common;

use common::TestRepo;
use predicates::prelude::*;
use serde_json::Value;

/// A plan frontmatter with every required field; `extra` lines are appended.
fn front(phase: &str, plan: &str, wave: u32, deps: &str, files: &str, extra: &str) -> String {
    format!(
        "phase: {phase}\nplan: {plan}\ntype: execute\nwave: {wave}\ndepends_on: [{deps}]\n\
files_modified: [{files}]\nautonomous: true\nrequirements: [REQ-1]\nmust_haves:\n  truths: [\"it works\"]\n{extra}"
    )
}

/// Runs `planlint --format json plans [args]` and returns (exit code, document).
fn lint(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    let out = repo
        .planlint()
        .args(["--format", "json", "plans"])
        .args(args)
        .output()
        .expect("planlint runs");
    let code = out.status.code().expect("exit code");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, doc)
}

fn findings(doc: &Value) -> Vec<&Value> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect()
}

fn with_rule<'a>(doc: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(doc)
        .into_iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn rules(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// `plans --list --format json` rows.
fn list(repo: &TestRepo, args: &[&str]) -> Vec<Value> {
    let out = repo
        .planlint()
        .args(["--format", "json", "plans", "--list"])
        .args(args)
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("one JSON document");
    doc["plans"].as_array().expect("plans").clone()
}

fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id} in {rows:#?}"))
}

#[test]
fn a_repository_without_planning_gets_one_note_and_exit_0() {
    let repo = TestRepo::new();
    repo.planlint()
        .arg("plans")
        .assert()
        .success()
        .stderr(predicate::str::contains("no .planning/ found").count(1));
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 0);
    assert!(findings(&doc).is_empty());
    assert!(doc["notes"][0]
        .as_str()
        .unwrap()
        .contains("no .planning/ found"));
}

#[test]
fn a_clean_tree_passes() {
    let repo = TestRepo::new();
    repo.plan(
        "02-auth",
        "02-01",
        &front("02-auth", "01", 1, "", "src/a.ts", ""),
    );
    repo.plan(
        "02-auth",
        "02-02-login",
        &front("02-auth", "02", 2, "\"02-01\"", "src/a.ts, src/b.ts", ""),
    );
    repo.plan(
        "02.1-hotfix",
        "02.1-01",
        &front("02.1", "1", 1, "2", "src/c.ts", ""),
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(findings(&doc), Vec::<&Value>::new());
    assert_eq!(code, 0);
    assert_eq!(doc["notes"][0], "3 plans checked");
}

#[test]
fn invalid_yaml_is_located_and_the_recovered_fields_are_checked() {
    let repo = TestRepo::new();
    let broken = front(
        "02-auth",
        "01",
        1,
        "",
        "src/a.ts, \"src/api/ (generated client)\"",
        "  key_links:\n    - from: src/a.ts\n      to: src/b.ts\n      pattern: \"app\\.use\\(session\"\n",
    );
    repo.plan("02-auth", "02-01", &broken);
    repo.plan(
        "02-auth",
        "02-02",
        &front("02-auth", "02", 1, "", "src/api/client.ts", ""),
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let yaml = with_rule(&doc, "plan/invalid-yaml");
    assert_eq!(yaml.len(), 1);
    let loc = &yaml[0]["location"];
    assert_eq!(loc["path"], ".planning/phases/02-auth/02-01-PLAN.md");
    assert_eq!(
        (loc["line"].as_u64(), loc["column"].as_u64()),
        (Some(15), Some(16))
    );
    assert_eq!(loc["plan"], "02-01");
    assert_eq!(
        yaml[0]["suggestion"],
        "      pattern: 'app\\.use\\(session'"
    );
    assert!(yaml[0]["help"].as_str().unwrap().contains("single quotes"));
    assert_eq!(yaml[0]["severity"], "warning");
    // files_modified was recovered (note stripped): the wave conflict on src/api is found.
    let conflict = with_rule(&doc, "plan/wave-conflict");
    assert_eq!(conflict.len(), 1, "{doc:#}");
    assert!(conflict[0]["message"]
        .as_str()
        .unwrap()
        .contains("`src/api/client.ts`"));
    let rows = list(&repo, &[]);
    let r = row(&rows, "02-01");
    assert_eq!(r["frontmatter"], "recovered");
    assert_eq!(r["wave"], 1);
    assert_eq!(r["type"], "execute");
    assert_eq!(r["files"], 2);
}

#[test]
fn a_plain_scalar_with_a_colon_is_reported_with_its_fix() {
    let repo = TestRepo::new();
    repo.plan(
        "01-setup",
        "01-01",
        &front("1", "1", 1, "", "a.ts", "objective: Users can: log in\n"),
    );
    let (_, doc) = lint(&repo, &[]);
    let yaml = with_rule(&doc, "plan/invalid-yaml");
    assert_eq!(yaml[0]["location"]["line"], 12);
    assert_eq!(yaml[0]["suggestion"], "objective: 'Users can: log in'");
    let help = yaml[0]["help"].as_str().unwrap();
    assert!(
        help.starts_with(
            "quote the value with single quotes ('...'): unquoted, its `: ` starts a new key"
        ),
        "{help}"
    );
}

#[test]
fn a_tab_in_the_indentation_gets_the_help_for_tabs() {
    let repo = TestRepo::new();
    let tabbed = front("1", "1", 1, "", "a.ts", "").replace("  truths:", "\ttruths:");
    repo.plan("01-setup", "01-01", &tabbed);
    let (_, doc) = lint(&repo, &[]);
    let yaml = with_rule(&doc, "plan/invalid-yaml");
    assert_eq!(yaml.len(), 1, "{doc:#}");
    assert_eq!(yaml[0]["location"]["line"], 11);
    let help = yaml[0]["help"].as_str().unwrap();
    assert!(
        help.starts_with("indent with spaces: YAML does not allow tabs in indentation"),
        "{help}"
    );
    assert!(!help.contains("quote"), "{help}");
    // Quoting is not the fix, so no quoted line is offered.
    assert!(
        yaml[0].get("suggestion").is_none_or(Value::is_null),
        "{doc:#}"
    );
}

#[test]
fn a_plan_without_frontmatter_is_reported_and_the_rest_still_checked() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/03-api/03-01-PLAN.md",
        "# Plan 03-01\n\nNo frontmatter here.\n",
    );
    repo.write(".planning/phases/03-api/03-02-PLAN.md", "---\nphase: 3\n");
    // Wave 0 is GSD's scaffolding wave; a word is no wave.
    repo.plan(
        "03-api",
        "03-03",
        &front("3", "3", 1, "", "x.ts", "").replace("wave: 1", "wave: first"),
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let missing = with_rule(&doc, "plan/no-frontmatter");
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0]["location"]["plan"], "03-01");
    assert!(missing[1]["message"]
        .as_str()
        .unwrap()
        .contains("never closes"));
    let wave = with_rule(&doc, "plan/invalid-value");
    assert_eq!(wave.len(), 1);
    assert!(wave[0]["message"].as_str().unwrap().contains("`wave`"));
    assert_eq!(wave[0]["location"]["line"], 5);
}

#[test]
fn duplicate_ids_name_both_files() {
    let repo = TestRepo::new();
    repo.plan("03-dup", "03-01", &front("3", "1", 1, "", "a.ts", ""));
    repo.plan("03-dup", "03-01-redo", &front("3", "1", 2, "", "b.ts", ""));
    repo.plan("3-again", "03-01", &front("3", "1", 1, "", "c.ts", ""));
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let dup = with_rule(&doc, "plan/duplicate-id");
    assert_eq!(dup.len(), 1, "{doc:#}");
    let msg = dup[0]["message"].as_str().unwrap();
    for path in [
        ".planning/phases/03-dup/03-01-PLAN.md",
        ".planning/phases/03-dup/03-01-redo-PLAN.md",
        ".planning/phases/3-again/03-01-PLAN.md",
    ] {
        assert!(msg.contains(path), "{msg}");
    }
    assert!(
        rules(&doc).contains(&"plan/file-name".to_string()),
        "3-again is not padded"
    );
}

#[test]
fn archived_plans_shadowed_by_current_ones_are_info_and_not_linted() {
    let repo = TestRepo::new();
    repo.plan("01-next", "01-01", &front("1", "1", 1, "", "a.ts", ""));
    repo.write(
        ".planning/milestones/v1.0-phases/01-setup/01-01-PLAN.md",
        "no frontmatter in the archive",
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(rules(&doc), ["plan/shadowed-id"]);
    assert_eq!(findings(&doc)[0]["severity"], "info");
    assert!(doc["notes"][0]
        .as_str()
        .unwrap()
        .contains("1 archived plan in milestones/ is used for lookups but not linted"));
    let rows = list(&repo, &[]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["archived"], "v1.0");
}

#[test]
fn cycles_are_reported_once_with_the_whole_loop() {
    let repo = TestRepo::new();
    repo.plan(
        "04-loop",
        "04-01",
        &front("4", "1", 1, "\"04-03\"", "a.ts", ""),
    );
    repo.plan(
        "04-loop",
        "04-02",
        &front("4", "2", 2, "\"04-01\"", "b.ts", ""),
    );
    repo.plan("04-loop", "04-03", &front("4", "3", 3, "2", "c.ts", ""));
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let cycle = with_rule(&doc, "plan/depends-cycle");
    assert_eq!(cycle.len(), 1);
    assert_eq!(
        cycle[0]["message"],
        "depends_on forms a cycle: 04-01 -> 04-03 -> 04-02 -> 04-01"
    );
    // 04-01 (wave 1) depends on 04-03 (wave 3).
    let order = with_rule(&doc, "plan/wave-order");
    assert_eq!(order.len(), 1);
    assert_eq!(order[0]["location"]["plan"], "04-01");
    assert_eq!(order[0]["suggestion"], "wave: 4");
}

#[test]
fn a_plan_that_depends_on_itself_is_told_so() {
    let repo = TestRepo::new();
    repo.plan("04-self", "04-01", &front("4", "1", 1, "", "a.ts", ""));
    // `04` in phase 04 is plan 04-04 first: the plan itself.
    repo.plan(
        "04-self",
        "04-04",
        &front("4", "4", 2, "\"04-01\", \"04\"", "b.ts", ""),
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let cycle = with_rule(&doc, "plan/depends-cycle");
    assert_eq!(cycle.len(), 1, "{doc:#}");
    assert_eq!(
        cycle[0]["message"],
        "plan 04-04 depends on itself: its depends_on entry `04` includes 04-04"
    );
    assert_eq!(
        cycle[0]["help"],
        "remove `04` from depends_on, or name only the plans it waits for: a plan cannot wait for itself"
    );
    assert_eq!(cycle[0]["location"]["line"], 6);
    assert_eq!(cycle[0]["location"]["column"], 23);
    assert!(with_rule(&doc, "plan/wave-order").is_empty(), "{doc:#}");
}

#[test]
fn two_plans_of_one_wave_get_the_help_that_fits() {
    let repo = TestRepo::new();
    repo.plan("03-x", "03-01", &front("3", "1", 1, "", "a.ts", ""));
    repo.plan("03-x", "03-02", &front("3", "2", 1, "", "a.ts", ""));
    let (_, doc) = lint(&repo, &[]);
    let conflict = with_rule(&doc, "plan/wave-conflict");
    assert_eq!(
        conflict[0]["help"],
        "move plan 03-02 to a later wave and make it depend on 03-01"
    );
    // The first plan waits for the second through a third plan: the wave is what is wrong.
    repo.plan(
        "03-x",
        "03-01",
        &front("3", "1", 1, "\"03-03\"", "a.ts", ""),
    );
    repo.plan(
        "03-x",
        "03-03",
        &front("3", "3", 1, "\"03-02\"", "c.ts", ""),
    );
    let (_, doc) = lint(&repo, &[]);
    let conflict = with_rule(&doc, "plan/wave-conflict");
    assert_eq!(
        conflict[0]["help"],
        "plan 03-01 already depends on 03-02, so it must run in a later wave: raise its wave above 1"
    );
}

#[test]
fn wave_order_conflicts_and_unresolved_dependencies() {
    let repo = TestRepo::new();
    repo.plan(
        "05-waves",
        "05-01",
        &front("5", "1", 1, "", "src/shared.ts", ""),
    );
    repo.plan(
        "05-waves",
        "05-02",
        &front("5", "2", 1, "\"05-01\", \"05-07\", 3", "src/shared.ts", ""),
    );
    repo.plan("05-waves", "05-03", &front("5", "3", 2, "", "other.ts", ""));
    let (_, doc) = lint(&repo, &[]);
    let order = with_rule(&doc, "plan/wave-order");
    assert_eq!(order.len(), 1);
    assert!(order[0]["message"]
        .as_str()
        .unwrap()
        .contains("depends on 05-03 (wave 2)"));
    // 05-02 already depends on 05-01: its wave is what is wrong, not a missing dependency.
    let conflict = with_rule(&doc, "plan/wave-conflict");
    assert_eq!(conflict.len(), 1);
    assert_eq!(
        conflict[0]["help"],
        "plan 05-02 already depends on 05-01, so it must run in a later wave: raise its wave above 1"
    );
    let unresolved = with_rule(&doc, "plan/depends-unresolved");
    assert_eq!(unresolved.len(), 1);
    assert!(unresolved[0]["message"]
        .as_str()
        .unwrap()
        .contains("`05-07`"));
    assert_eq!(unresolved[0]["help"], "did you mean 05-03?");
    assert_eq!(unresolved[0]["location"]["line"], 6);
}

#[test]
fn values_ids_counts_and_patterns() {
    let repo = TestRepo::new();
    let body = "<task type=\"auto\">1</task>\n".repeat(5);
    repo.write(
        ".planning/phases/06-x/06-01-PLAN.md",
        format!(
            "---\n{}---\n{body}",
            front(
                "07-other",
                "2",
                1,
                "",
                "a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ../escape.ts",
                "  key_links:\n    - from: a1\n      to: a2\n      pattern: '(unclosed'\n"
            )
            .replace("type: execute", "type: build")
        ),
    );
    repo.plan("06-x", "07-01", &front("7", "1", 1, "", "b.ts", ""));
    let (_, doc) = lint(&repo, &[]);
    let r = rules(&doc);
    for rule in [
        "plan/invalid-value",
        "plan/too-many-tasks",
        "plan/too-many-files",
        "plan/pattern",
        "plan/path",
    ] {
        assert!(r.contains(&rule.to_string()), "{rule} missing in {r:?}");
    }
    assert_eq!(
        with_rule(&doc, "plan/too-many-tasks")[0]["severity"],
        "error"
    );
    assert_eq!(
        with_rule(&doc, "plan/too-many-files")[0]["severity"],
        "warning"
    );
    let mismatch: Vec<&str> = with_rule(&doc, "plan/id-mismatch")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(mismatch.len(), 3, "{mismatch:?}");
    assert!(mismatch
        .iter()
        .any(|m| m.contains("sits in the folder of phase 06")));
}

#[test]
fn limits_come_from_the_config() {
    let repo = TestRepo::new();
    repo.write(
        "planlint.toml",
        "[plans]\nmax-tasks-warning = 1\nmax-tasks-error = 9\n",
    );
    repo.write(
        ".planning/phases/01-a/01-01-PLAN.md",
        format!(
            "---\n{}---\n<task>a</task>\n",
            front("1", "1", 1, "", "a.ts", "")
        ),
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        with_rule(&doc, "plan/too-many-tasks")[0]["severity"],
        "warning"
    );
}

#[test]
fn summaries_are_checked_against_their_plans() {
    let repo = TestRepo::new();
    repo.plan("02-auth", "02-01", &front("2", "1", 1, "", "a.ts", ""));
    repo.write(
        ".planning/phases/02-auth/02-01-SUMMARY.md",
        "---\nphase: 02-auth\nplan: 01\nkey-files:\n  created: [a.ts]\nrequirements-completed: [REQ-1, REQ-9]\n---\n\
# Summary\nCommits: `12c6487`\n\n## Self-Check: FAILED\n",
    );
    repo.write(
        ".planning/phases/02-auth/02-05-SUMMARY.md",
        "---\nphase: 2\nplan: 5\nkey-files: []\n---\n",
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1);
    let unplanned = with_rule(&doc, "summary/unplanned-requirement");
    assert_eq!(unplanned.len(), 1);
    assert!(unplanned[0]["message"]
        .as_str()
        .unwrap()
        .contains("`REQ-9`"));
    assert_eq!(unplanned[0]["location"]["line"], 6);
    let failed = with_rule(&doc, "summary/self-check-failed");
    assert_eq!(failed[0]["location"]["line"], 11);
    assert_eq!(with_rule(&doc, "summary/orphan").len(), 1);
    let rows = list(&repo, &[]);
    assert_eq!(row(&rows, "02-01")["summary"], true);
}

#[test]
fn verification_reports_are_checked() {
    let repo = TestRepo::new();
    repo.plan("02-auth", "02-01", &front("2", "1", 1, "", "a.ts", ""));
    repo.write(
        ".planning/phases/02-auth/02-VERIFICATION.md",
        "---\nphase: 02-auth\nstatus: passed\nscore: 5/7 must-haves verified\ngaps:\n  - truth: x\n    status: failed\n---\n",
    );
    repo.plan("03-api", "03-01", &front("3", "1", 1, "", "b.ts", ""));
    repo.write(
        ".planning/phases/03-api/03-VERIFICATION.md",
        "---\nphase: 3\nstatus: PASS\n---\n",
    );
    let (_, doc) = lint(&repo, &[]);
    assert_eq!(with_rule(&doc, "verification/inconsistent").len(), 2);
    assert_eq!(with_rule(&doc, "verification/missing-field").len(), 1);
    let legacy = with_rule(&doc, "verification/status");
    assert_eq!(legacy[0]["severity"], "info");
    let rows = list(&repo, &[]);
    assert_eq!(row(&rows, "02-01")["verification"], true);
}

#[test]
fn phase_selects_one_phase_and_an_unknown_phase_is_a_usage_error() {
    let repo = TestRepo::new();
    repo.write(".planning/phases/01-a/01-01-PLAN.md", "broken");
    repo.plan(
        "07-batch-rendering",
        "07-01",
        &front("7", "1", 1, "", "a.ts", ""),
    );
    for phase in ["7", "07", "07-batch-rendering", "phase-07"] {
        let (code, doc) = lint(&repo, &["--phase", phase]);
        assert_eq!(code, 0, "--phase {phase}: {doc:#}");
        assert_eq!(doc["subject"], "phase 07");
    }
    let (code, _) = lint(&repo, &[]);
    assert_eq!(code, 1);
    repo.planlint()
        .args(["plans", "--phase", "09"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no phase `09`"))
        .stderr(predicate::str::contains("did you mean 07?"));
    // Phase 04 is one typo from 01 and 07, but no one means 01 or 07 by 04.
    repo.planlint()
        .args(["plans", "--phase", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no phase `4`"))
        .stderr(predicate::str::contains("help: phases: 01, 07"))
        .stderr(predicate::str::contains("did you mean").not());
    assert_eq!(list(&repo, &["--phase", "7"]).len(), 1);
}

#[test]
fn older_layouts_numbers_and_project_codes() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/1/1-1-PLAN.md",
        "---\nphase: 1\nplan: 1\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified:\n- src/a.ts\nautonomous: true\n\
requirements: [R]\nmust_haves:\n  observable_truths:\n    - \"works\"\n  required_artifacts:\n    - src/a.ts\n  required_wiring:\n    \
- \"a -> b\"\n---\n### Task 1: x\n### Task 2: y\n",
    );
    repo.plan(
        "CK-02-api",
        "CK-02-01",
        &front("CK-02", "1", 1, "", "b.ts", ""),
    );
    repo.plan(
        "CK-02-api",
        "CK-02-02",
        &front("02-api", "2", 2, "\"CK-02-01\"", "b.ts", ""),
    );
    let (_, doc) = lint(&repo, &[]);
    let r: Vec<String> = rules(&doc);
    assert_eq!(r, ["plan/file-name"], "only `1` is not padded: {doc:#}");
    let rows = list(&repo, &[]);
    assert_eq!(row(&rows, "01-01")["files"], 1);
    assert_eq!(row(&rows, "01-01")["tasks"], 2);
    assert_eq!(row(&rows, "CK-02-02")["wave"], 2);
}

#[test]
fn prp_plans_are_read_and_listed() {
    let repo = TestRepo::new();
    repo.write(
        ".claude/PRPs/plans/jwt.plan.md",
        "# JWT\n\n## Files to Change\n\n| File | Action |\n|---|---|\n| `src/lib/jwt.ts` | CREATE |\n| `src/app.ts` (update) | UPDATE |\n",
    );
    repo.write("PRPs/plans/empty.plan.md", "# Nothing\n");
    let out = repo
        .planlint()
        .args(["--format", "json", "plans", "--list"])
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let prp = doc["prp_plans"].as_array().unwrap();
    assert_eq!(prp.len(), 2);
    assert_eq!(prp[0]["path"], ".claude/PRPs/plans/jwt.plan.md");
    assert_eq!(prp[0]["files"], 2);
    let (_, doc) = lint(&repo, &[]);
    assert_eq!(rules(&doc), ["plan/prp-no-files"]);
    assert!(doc["notes"][0].as_str().unwrap().contains("no .planning/"));
}

#[test]
fn the_human_list_is_a_table() {
    let repo = TestRepo::new();
    repo.plan(
        "02-auth",
        "02-01",
        &front("2", "1", 1, "", "a.ts, b.ts", ""),
    );
    repo.write(
        ".planning/phases/02-auth/02-01-SUMMARY.md",
        "---\nplan: 1\n---\n",
    );
    repo.write(".planning/phases/02-auth/02-02-PLAN.md", "no frontmatter");
    let out = repo.planlint().args(["plans", "--list"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("ID     WAVE  TYPE     FILES  SUMMARY  VERIFICATION  PATH"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("02-01  1     execute  2      yes      no "),
        "{text}"
    );
    assert!(lines[2].contains("(no frontmatter)"), "{text}");
}

#[test]
fn hostile_input_never_breaks_planlint() {
    let repo = TestRepo::new();
    let dir = ".planning/phases/09-evil";
    repo.write(
        &format!("{dir}/09-01-PLAN.md"),
        b"---\n\xff\xfe\x00binary\n---\n",
    );
    repo.write(
        &format!("{dir}/09-02-PLAN.md"),
        "---\n".to_string() + &"- [".repeat(5000) + "\n---\n",
    );
    repo.write(
        &format!("{dir}/09-03-PLAN.md"),
        "---\na: &a [*a]\nwave: !!binary x\n---\n",
    );
    repo.write(
        &format!("{dir}/09-04-PLAN.md"),
        format!("---\nwave: 1\n---\n{}", "x".repeat(2 << 20)),
    );
    repo.write(&format!("{dir}/09-05-PLAN.md"), "---\n---\n");
    repo.write(
        &format!("{dir}/09-06-PLAN.md"),
        "---\nphase: [\nplan: {\n---\n",
    );
    repo.write(
        &format!("{dir}/09-07-PLAN.md"),
        "---\r\nwave: 1\r\ndepends_on: 09-07\r\n---\r\n",
    );
    repo.write(
        &format!("{dir}/09-VERIFICATION.md"),
        "---\nstatus: [passed\n---\n",
    );
    repo.write(&format!("{dir}/09-01-SUMMARY.md"), "\u{feff}");
    repo.write(
        ".planning/phases/10-x/10-01-PLAN.md",
        "---\ndepends_on: [\"10-01\"]\nwave: 99999999999999999999\n---\n",
    );
    let (code, doc) = lint(&repo, &[]);
    assert_eq!(code, 1, "findings, not a crash: {doc:#}");
    let unreadable = with_rule(&doc, "plan/unreadable");
    assert_eq!(unreadable.len(), 2, "not UTF-8, and too large: {doc:#}");
    assert!(with_rule(&doc, "plan/depends-cycle").len() >= 2, "{doc:#}");
    repo.planlint().args(["plans", "--list"]).assert().success();
}

#[test]
fn requirements_are_asked_for_only_where_the_project_traces_them() {
    let repo = TestRepo::new();
    let bare = front("1", "1", 1, "", "a.ts", "").replace("requirements: [REQ-1]\n", "");
    repo.plan("01-a", "01-01", &bare);
    repo.plan("01-a", "01-02", &bare.replace("plan: 1", "plan: 2"));
    let (_, doc) = lint(&repo, &[]);
    assert!(
        with_rule(&doc, "plan/no-requirements").is_empty(),
        "{doc:#}"
    );
    // One plan names one: the others are told.
    repo.plan("01-a", "01-03", &front("1", "3", 1, "", "c.ts", ""));
    let (_, doc) = lint(&repo, &[]);
    assert_eq!(with_rule(&doc, "plan/no-requirements").len(), 2, "{doc:#}");
}

#[test]
fn summaries_of_plans_kept_out_of_git_are_not_orphans() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/01-a/01-01-SUMMARY.md",
        "---\nphase: 1\nplan: 1\n---\n",
    );
    let (_, doc) = lint(&repo, &[]);
    assert_eq!(with_rule(&doc, "summary/orphan").len(), 1, "{doc:#}");
    repo.write(".gitignore", ".planning/\n");
    let (_, doc) = lint(&repo, &[]);
    assert!(with_rule(&doc, "summary/orphan").is_empty(), "{doc:#}");
}

#[test]
fn quick_tasks_are_read_listed_and_linted_leniently() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md",
        "# Fix login\n\nNo frontmatter: a quick plan may have none.\n",
    );
    repo.write(
        ".planning/quick/013-old/013-PLAN.md",
        "---\nfiles_modified: [\"a: b\"\n---\n",
    );
    let (_, doc) = lint(&repo, &[]);
    let all: Vec<(&str, &str)> = findings(&doc)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["location"]["plan"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        !all.iter().any(|(r, _)| *r == "plan/missing-field"),
        "quick plans need no fields: {all:?}"
    );
    assert!(
        all.iter().any(|(_, p)| *p == "quick-13"),
        "its broken YAML is still reported: {all:?}"
    );
    let out = repo
        .planlint()
        .args(["--format", "json", "plans", "--list"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["quick-13", "quick-260630-uq4"]);
}
