//! Shapes real GSD histories have that a linter must read right, each found in a real project
//! and judged there as noise: a quick task's PLAN.md committed after its code and deleted
//! later, a `docs(NN-MM)` commit in one of two folders of that id, a scope whose slug no folder
//! has, a move of many files, scripts kept in `.planning/`, GSD's own `spec(phase-N)` commits,
//! quick-task SUMMARYs, a phase's one plan beside `NN-01-SUMMARY.md`, backlog phases without
//! requirements, and a docs plan's own files.

use crate::common;

use common::TestRepo;
use serde_json::Value;

fn plan_text(files: &[&str], extra: &str) -> String {
    let list: String = files.iter().map(|f| format!("  - {f}\n")).collect();
    format!(
        "---\nphase: 01\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified:\n{list}autonomous: true\n{extra}must_haves:\n  truths: [\"works\"]\n---\n"
    )
}

fn json(repo: &TestRepo, args: &[&str]) -> Value {
    let out = repo
        .planlint()
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("planlint runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// (rule, path, plan) of every finding.
fn found(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |v: &Value| v.as_str().unwrap_or("").to_string();
            (
                s(&f["rule"]),
                s(&f["location"]["path"]),
                s(&f["location"]["plan"]),
            )
        })
        .collect()
}

fn rules(doc: &Value) -> Vec<String> {
    found(doc).into_iter().map(|(r, _, _)| r).collect()
}

#[test]
fn a_quick_task_s_code_counts_for_the_plan_committed_after_it_and_deleted_since() {
    let repo = TestRepo::new();
    repo.write(".planning/STATE.md", "# State\n");
    repo.commit("docs: start");
    repo.write("src/widget.ts", "export const w = 1;\n");
    repo.write("src/extra.ts", "export const e = 1;\n");
    repo.commit("feat(260405-tff): migrate the widget");
    let dir = ".planning/quick/260405-tff-migrate-widget";
    repo.write(
        &format!("{dir}/260405-tff-PLAN.md"),
        plan_text(&["src/widget.ts"], ""),
    );
    repo.write(
        &format!("{dir}/260405-tff-SUMMARY.md"),
        "---\nstatus: complete\nkey-files:\n  modified: [src/widget.ts]\n---\n\n# Summary\n",
    );
    repo.commit("docs(quick-260405-tff): complete the widget migration");
    repo.git(&["rm", "-r", "-q", ".planning/quick"]);
    repo.commit("chore: clear finished quick tasks");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    let f = found(&doc);
    assert!(
        !f.iter().any(|(r, _, _)| r == "diff/unkept-promise"),
        "the code commit kept the plan's promise: {f:?}"
    );
    assert!(
        f.contains(&(
            "diff/undeclared".into(),
            "src/extra.ts".into(),
            "quick-260405-tff".into()
        )),
        "and what it did beyond the plan is the plan's: {f:?}"
    );
}

#[test]
fn a_plan_commit_before_its_plan_md_counts_for_the_plan_committed_and_deleted_later() {
    let repo = TestRepo::new();
    repo.write(".planning/phases/37-docs/37-CONTEXT.md", "# Context\n");
    repo.commit("docs(37): context");
    repo.write("docs/guide.md", "x\n");
    repo.write("pyproject.toml", "x\n");
    repo.commit("feat(37-01): documentation and packaging");
    repo.write(
        ".planning/phases/37-docs/37-01-PLAN.md",
        plan_text(&["docs/guide.md", "pyproject.toml"], ""),
    );
    repo.write(".planning/phases/37-docs/37-01-SUMMARY.md", "# Summary\n");
    repo.commit("docs(37-01): plan and summary");
    repo.git(&["rm", "-q", ".planning/phases/37-docs/37-01-PLAN.md"]);
    repo.commit("chore: deleted plan");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    assert!(
        !rules(&doc).contains(&"diff/unkept-promise".to_string()),
        "{doc}"
    );
}

#[test]
fn an_id_two_folders_share_is_the_folder_the_commit_changed() {
    let repo = TestRepo::new();
    for dir in ["01-dashboard-perf", "01-alarm-bands"] {
        repo.write(
            &format!(".planning/phases/{dir}/01-03-PLAN.md"),
            plan_text(&["src/x.ts"], ""),
        );
    }
    repo.write(
        ".planning/phases/01-alarm-bands/01-03-SUMMARY.md",
        "# Summary\n",
    );
    repo.commit("docs(01): two plans 01-03, one done");
    repo.write(
        ".planning/phases/01-dashboard-perf/01-03-SUMMARY.md",
        "# Summary\n",
    );
    repo.commit("docs(01-03): complete plan");
    // Both finished now: a commit that changes neither folder leaves the question open.
    repo.write("NOTES.md", "x\n");
    let neither = repo.commit("docs(01-03): notes");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    let ambiguous: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "msg/plan-ambiguous")
        .collect();
    assert_eq!(
        ambiguous.len(),
        1,
        "the docs commit names its folder by changing it: {doc}"
    );
    assert_eq!(ambiguous[0]["location"]["commit"], neither.as_str());
}

#[test]
fn a_scope_whose_slug_no_folder_has_is_not_that_phase_s_work() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/01-extract-duplication/01-PLAN.md",
        plan_text(&["src/dedupe.rs"], ""),
    );
    repo.commit("docs(01): plan");
    repo.write("docs/architecture.md", "x\n");
    repo.write("mkdocs.yml", "x\n");
    repo.commit("feat(01-arch-doc): architecture documentation");
    repo.write("src/dedupe.rs", "x\n");
    repo.write("src/other.rs", "x\n");
    repo.commit("feat(01-extract-duplication): dedupe");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    let f = found(&doc);
    let undeclared: Vec<&str> = f
        .iter()
        .filter(|(r, _, _)| r == "diff/undeclared")
        .map(|(_, p, _)| p.as_str())
        .collect();
    assert_eq!(undeclared, ["src/other.rs"], "{f:?}");
}

#[test]
fn many_undeclared_files_of_one_folder_in_one_commit_are_one_finding() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/02-examples/02-01-PLAN.md",
        plan_text(&["examples/new_widget.m"], ""),
    );
    for i in 0..8 {
        repo.write(&format!("examples/old_{i}.m"), format!("{i}\n"));
    }
    repo.commit("docs(02): plan");
    std::fs::create_dir_all(repo.path().join("examples/01-basics")).unwrap();
    for i in 0..8 {
        repo.git(&[
            "mv",
            &format!("examples/old_{i}.m"),
            &format!("examples/01-basics/old_{i}.m"),
        ]);
    }
    repo.write("examples/new_widget.m", "w\n");
    repo.write("examples/stray.m", "s\n");
    repo.commit("feat(02-01): add the widget example");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    let undeclared: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "diff/undeclared")
        .collect();
    assert_eq!(undeclared.len(), 2, "{doc}");
    let folder = undeclared
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .starts_with("8 files under `examples/01-basics/`")
        })
        .unwrap_or_else(|| panic!("{doc}"));
    assert!(
        folder["help"]
            .as_str()
            .unwrap()
            .contains("add `examples/01-basics/`"),
        "{folder}"
    );
    assert!(undeclared
        .iter()
        .any(|f| f["location"]["path"] == "examples/stray.m"));
}

#[test]
fn scripts_kept_in_the_planning_folder_are_not_scanned_in_history() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/04-flow/uat_stream.py",
        "def wait(stop):\n    try:\n        stop.wait(5)\n    except TimeoutError:\n        pass\n",
    );
    repo.write(
        "src/app.py",
        "def run():\n    try:\n        go()\n    except Exception:\n        pass\n",
    );
    repo.commit("test(04): UAT script");
    let doc = json(&repo, &["check", "--all"]);
    let f = found(&doc);
    assert!(
        f.iter()
            .any(|(r, p, _)| r == "scan/empty-handler" && p == "src/app.py"),
        "the scan runs: {f:?}"
    );
    assert!(
        !f.iter().any(|(_, p, _)| p.starts_with(".planning/")),
        "{f:?}"
    );
}

#[test]
fn gsd_s_own_commit_types_and_quick_plans_are_accepted() {
    let repo = TestRepo::new();
    let dir = ".planning/quick/260508-n3u-info-button";
    repo.write(
        &format!("{dir}/260508-n3u-PLAN.md"),
        plan_text(&["src/info.ts"], "").replace("type: execute", "type: quick"),
    );
    repo.write(
        &format!("{dir}/260508-n3u-SUMMARY.md"),
        "---\nphase: 260508-n3u-info-button\nplan: 01\nkey-files:\n  modified: [src/info.ts]\n---\n\n# Summary\n",
    );
    repo.write(".planning/phases/06-themes/06-SPEC.md", "# Spec\n");
    repo.commit("spec(phase-6): add SPEC.md for Generated Theme Library — 9 requirements (#2213)");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    assert!(
        !rules(&doc).contains(&"msg/unknown-type".to_string()),
        "{doc}"
    );
    let doc = json(&repo, &["plans"]);
    assert_eq!(found(&doc), vec![], "{doc}");
}

#[test]
fn a_phase_s_one_plan_pairs_with_the_numbered_summary_beside_it() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/07-thread-pool/07-PLAN.md",
        plan_text(&["src/pool.rs"], ""),
    );
    repo.write(
        ".planning/phases/07-thread-pool/07-01-SUMMARY.md",
        "---\nphase: 07-thread-pool\nplan: 01\nkey-files:\n  created: [src/pool.rs]\n---\n\n# Summary\n",
    );
    repo.commit("docs(07): plan and summary");
    let doc = json(&repo, &["plans"]);
    assert!(
        !rules(&doc).iter().any(|r| r.starts_with("summary/")),
        "{doc}"
    );
}

#[test]
fn requirements_are_asked_for_only_where_the_roadmap_phase_names_some() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/ROADMAP.md",
        "# Roadmap\n\n### Phase 11: Fan-Out\n**Requirements:** FANOUT-01\n\n### Phase 12: Commit\n**Requirements:** FANOUT-04\n\n### Phase 1028: Tag perf — COMPLETE\n**Status:** promoted from the backlog\n",
    );
    let reqs = "requirements: [FANOUT-01]\n";
    repo.write(
        ".planning/phases/11-fan-out/11-01-PLAN.md",
        plan_text(&["src/a.rs"], reqs),
    );
    repo.write(
        ".planning/phases/12-commit/12-01-PLAN.md",
        plan_text(&["src/b.rs"], ""),
    );
    repo.write(
        ".planning/phases/1028-tag-perf/1028-01-PLAN.md",
        plan_text(&["src/c.rs"], "").replace("phase: 01\nplan: 01", "phase: 1028\nplan: 01"),
    );
    repo.commit("docs: plans");
    let doc = json(&repo, &["plans"]);
    let missing: Vec<String> = found(&doc)
        .into_iter()
        .filter(|(r, _, _)| r == "plan/no-requirements")
        .map(|(_, p, _)| p)
        .collect();
    assert_eq!(
        missing,
        [".planning/phases/12-commit/12-01-PLAN.md"],
        "{doc}"
    );
}

#[test]
fn a_docs_plan_s_docs_commit_may_change_the_files_it_lists() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/07-docs/07-03-PLAN.md",
        plan_text(&["docs/migration.md", "mkdocs.yml"], ""),
    );
    repo.commit("docs(07): plan");
    repo.write("docs/migration.md", "x\n");
    repo.write("mkdocs.yml", "nav: []\n");
    repo.commit("docs(07-03): add the migration page");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    assert!(
        !rules(&doc).contains(&"diff/docs-commit-touches-code".to_string()),
        "{doc}"
    );
}

#[test]
fn a_phase_number_used_again_gives_the_commit_to_the_plan_that_arrives_for_it() {
    let repo = TestRepo::new();
    repo.write(
        ".planning/phases/04-export-button/04-01-PLAN.md",
        plan_text(&["src/export.ts"], ""),
    );
    repo.write("src/export.ts", "x\n");
    repo.write(
        ".planning/phases/04-export-button/04-01-SUMMARY.md",
        "# Summary\n",
    );
    repo.commit("feat(04-01): export button, done");
    // The number again, for another phase: its folder first, its plan after the first test.
    repo.write(
        ".planning/phases/04-tag-foundation/04-CONTEXT.md",
        "# Context\n",
    );
    repo.commit("docs(04): tag foundation context");
    repo.write("tests/test_tag.m", "x\n");
    repo.write("libs/Tag.m", "x\n");
    repo.commit("test(04-01): add RED tests for the Tag base class");
    repo.write(
        ".planning/phases/04-tag-foundation/04-01-PLAN.md",
        plan_text(&["tests/test_tag.m", "libs/Tag.m"], ""),
    );
    repo.commit("docs(04-01): plan the tag base class");
    let doc = json(&repo, &["check", "--all", "--no-scan"]);
    let undeclared: Vec<(String, String)> = found(&doc)
        .into_iter()
        .filter(|(r, _, _)| r == "diff/undeclared")
        .map(|(_, p, plan)| (p, plan))
        .collect();
    assert_eq!(
        undeclared,
        [],
        "the tests are the new plan's, not the export button's: {doc}"
    );
}
