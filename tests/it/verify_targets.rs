//! What `planlint verify` is asked about and where it finds it: every phase at once (`--all`),
//! plans named by folder or path when two phases share an id, quick tasks in GSD's shapes,
//! STATE.md's current phase when no commit names a plan, archived phases whose commits were
//! made under their old path, and reverts that redo a plan's work.

use crate::common;

use common::TestRepo;

fn plan(phase: &str, plan: &str, file: &str) -> String {
    format!(
        "phase: {phase}\nplan: {plan}\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: [{file}]\nautonomous: true\nmust_haves:\n  truths: [\"{file} holds `works`\"]\n  artifacts:\n    - path: {file}\n      provides: \"the code\"\n      contains: \"works\"\n"
    )
}

fn summary(phase: &str, plan: &str) -> String {
    format!("---\nphase: {phase}\nplan: {plan}\n---\n\n# Summary\n\n## Self-Check: PASSED\n")
}

/// Phase 01 done and kept, phase 02 with a stub, phase 00 archived under milestones/.
fn two_phases() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n");
    repo.commit("chore: init");
    repo.plan("01-core", "01-01", &plan("01-core", "01", "src/core.ts"));
    repo.commit("docs(01): plan core");
    repo.write("src/core.ts", "export const core = 'works';\n");
    repo.write(
        "src/main.ts",
        "import { core } from './core';\nconsole.info(core);\n",
    );
    repo.commit("feat(01-01): core");
    repo.write(
        ".planning/phases/01-core/01-01-SUMMARY.md",
        summary("01-core", "01"),
    );
    repo.commit("docs(01-01): summary");
    repo.plan("02-api", "02-01", &plan("02-api", "01", "src/api.ts"));
    repo.commit("docs(02): plan api");
    repo.write(
        "src/api.ts",
        "export function api() {\n  throw new Error('not implemented');\n}\n",
    );
    repo.commit("feat(02-01): api stub");
    repo.write(
        ".planning/milestones/v0.9-phases/00-setup/00-01-PLAN.md",
        format!("---\n{}---\n", plan("00-setup", "01", "src/setup.ts")),
    );
    repo.commit("chore: archive v0.9");
    repo
}

#[test]
fn all_verifies_every_phase_outside_milestones_in_one_table() {
    let repo = two_phases();
    let (code, out, err) = repo.run(&["verify", "--all"]);
    assert_eq!(code, 1, "a phase with gaps fails the run:\n{out}\n{err}");
    let core = out
        .lines()
        .find(|l| l.starts_with("| 01-core"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(core.contains("| passed | 2/2 | 0 |"), "{core}");
    let api = out
        .lines()
        .find(|l| l.starts_with("| 02-api"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(api.contains("| gaps_found |"), "{api}");
    assert!(
        !out.contains("00-setup"),
        "archived phases are left out:\n{out}"
    );
    assert!(
        out.contains("1 passed, 1 with gaps, 0 need a person."),
        "{out}"
    );
    assert!(
        err.contains("1 archived phase under .planning/milestones/ left out"),
        "{err}"
    );
    assert!(err.contains("verify/artifact-stub"), "{err}");

    let (_, json, _) = repo.run(&["--format", "json", "verify", "--all"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let phases = v["phases"].as_array().expect("phases");
    assert_eq!(phases.len(), 2);
    assert_eq!(
        phases[0]["report"],
        ".planning/phases/01-core/01-VERIFICATION.md"
    );
    assert_eq!(phases[0]["verification"]["status"], "passed");
    assert_eq!(phases[1]["verification"]["status"], "gaps_found");
}

#[test]
fn all_with_write_saves_each_report_and_keeps_existing_ones_unless_forced() {
    let repo = two_phases();
    let kept = ".planning/phases/01-core/01-VERIFICATION.md";
    repo.write(kept, "mine\n");
    let (_, out, err) = repo.run(&["verify", "--all", "--write"]);
    assert_eq!(
        std::fs::read_to_string(repo.path().join(kept)).unwrap(),
        "mine\n"
    );
    assert!(
        err.contains(&format!("kept 1 existing report ({kept})")),
        "{err}"
    );
    let written = repo
        .path()
        .join(".planning/phases/02-api/02-VERIFICATION.md");
    let report = std::fs::read_to_string(&written).expect("02's report written");
    assert!(report.starts_with("---\nphase: 02-api\n"), "{report}");
    assert!(out.contains("02-VERIFICATION.md (written)"), "{out}");

    repo.run(&["verify", "--all", "--write", "--force"]);
    let replaced = std::fs::read_to_string(repo.path().join(kept)).unwrap();
    assert!(replaced.contains("status: passed"), "{replaced}");
}

#[test]
fn all_conflicts_with_a_target() {
    let repo = two_phases();
    let (code, _, err) = repo.run(&["verify", "--all", "01"]);
    assert_eq!(code, 2, "{err}");
}

#[cfg(unix)]
#[test]
fn write_never_goes_through_a_symbolic_link() {
    let repo = two_phases();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("stolen.md");
    let link = repo
        .path()
        .join(".planning/phases/02-api/02-VERIFICATION.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = repo.run(&["verify", "02", "--write", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(!target.exists(), "wrote through the link");

    // A phase folder that is itself a link out of the repository.
    std::fs::remove_file(&link).unwrap();
    let dir = repo.path().join(".planning/phases/02-api");
    let moved = outside.path().join("02-api");
    std::fs::rename(&dir, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &dir).unwrap();
    repo.run(&["verify", "--all", "--write", "--force"]);
    repo.run(&["verify", "02-01", "--write", "--force"]);
    assert!(
        std::fs::read_dir(&moved).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("VERIFICATION")),
        "wrote through the folder link"
    );
}

#[test]
fn two_phases_sharing_an_id_are_told_apart_by_folder_or_path() {
    let repo = TestRepo::new();
    repo.plan("07-render", "07-01", &plan("07-render", "01", "src/a.ts"));
    repo.plan("07-export", "07-01", &plan("07-export", "01", "src/b.ts"));
    repo.commit("docs(07): two plans named 07-01");
    let (code, _, err) = repo.run(&["verify", "07-01"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("07-render/07-01") && err.contains("07-export/07-01"),
        "{err}"
    );

    let (_, by_folder, err) = repo.run(&["verify", "07-export/07-01"]);
    assert!(by_folder.contains("phase: 07-export"), "{by_folder}\n{err}");
    assert!(
        by_folder.contains("src/b.ts") && !by_folder.contains("src/a.ts"),
        "{by_folder}"
    );

    let (_, by_path, err) = repo.run(&["verify", ".planning/phases/07-render/07-01-PLAN.md"]);
    assert!(by_path.contains("phase: 07-render"), "{by_path}\n{err}");
    assert!(
        by_path.contains("src/a.ts") && !by_path.contains("src/b.ts"),
        "{by_path}"
    );
}

#[test]
fn a_quick_task_is_verified_by_any_name_gsd_gives_it() {
    let repo = TestRepo::new();
    let dir = ".planning/quick/260630-uq4-fix-login";
    repo.write(
        &format!("{dir}/260630-uq4-PLAN.md"),
        format!("---\n{}---\n", plan("quick", "01", "src/login.ts")),
    );
    repo.write("src/login.ts", "export const login = 'works';\n");
    repo.write("src/app.ts", "import { login } from './login';\n");
    repo.commit("fix(quick-260630-uq4): fix login");
    for name in [
        "quick-260630-uq4",
        "260630-uq4",
        &format!("{dir}/260630-uq4-PLAN.md"),
    ] {
        let (_, out, err) = repo.run(&["verify", name]);
        assert!(
            out.contains("# Quick Task 260630-uq4: fix login Verification Report"),
            "{name}:\n{out}\n{err}"
        );
        assert!(out.contains("src/login.ts"), "{name}:\n{out}");
    }
    repo.run(&["verify", "quick-260630-uq4", "--write"]);
    assert!(repo
        .path()
        .join(format!("{dir}/260630-uq4-VERIFICATION.md"))
        .is_file());

    let numbered = ".planning/quick/013-add-flag";
    repo.write(
        &format!("{numbered}/013-PLAN.md"),
        format!("---\n{}---\n", plan("quick", "01", "src/flag.ts")),
    );
    repo.commit("docs(quick-13): plan flag");
    let (_, out, err) = repo.run(&["verify", "quick-13"]);
    assert!(out.contains("# Quick Task 13: add flag"), "{out}\n{err}");
    let (code, _, err) = repo.run(&["verify", "quick-99"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no quick task `quick-99`"), "{err}");
}

#[test]
fn without_plan_commits_the_default_is_state_md_s_current_phase() {
    // A squash-merged history: no commit names a plan.
    let repo = TestRepo::new();
    repo.plan("01-core", "01-01", &plan("01-core", "01", "src/core.ts"));
    repo.plan("02-api", "02-01", &plan("02-api", "01", "src/api.ts"));
    repo.plan("03-ui", "03-01", &plan("03-ui", "01", "src/ui.ts"));
    repo.write(
        ".planning/STATE.md",
        "# Project State\n\n## Current Position\n\nPhase: 2 of 3 (API)\nPlan: 1 of 1\n",
    );
    repo.commit("Add the API (#12)");
    let (_, out, err) = repo.run(&["verify"]);
    assert!(out.starts_with("---\nphase: 02-api\n"), "{out}\n{err}");

    // No STATE.md: the newest phase with plans.
    std::fs::remove_file(repo.path().join(".planning/STATE.md")).unwrap();
    let (_, out, err) = repo.run(&["verify"]);
    assert!(out.starts_with("---\nphase: 03-ui\n"), "{out}\n{err}");
}

#[test]
fn an_archived_phase_counts_the_commits_made_before_it_moved() {
    let repo = TestRepo::new();
    repo.plan("04-sync", "04-01", &plan("04-sync", "01", "src/sync.ts"));
    repo.commit("docs(04): plan sync");
    repo.write("src/sync.ts", "export const sync = 'works';\n");
    repo.write("src/main.ts", "import { sync } from './sync';\n");
    repo.commit("feat(04-01): sync");
    repo.write(
        ".planning/phases/04-sync/04-01-SUMMARY.md",
        summary("04-sync", "01"),
    );
    repo.commit("docs(04-01): summary");
    std::fs::create_dir_all(repo.path().join(".planning/milestones/v1.0-phases")).unwrap();
    repo.git(&[
        "mv",
        ".planning/phases/04-sync",
        ".planning/milestones/v1.0-phases/04-sync",
    ]);
    repo.commit("chore: archive v1.0");
    let (_, out, err) = repo.run(&["verify", "04"]);
    assert!(out.contains("status: passed"), "{out}\n{err}");
    let files = out
        .lines()
        .find(|l| l.starts_with("| 04-01 | `src/sync.ts`"))
        .unwrap_or_else(|| panic!("no files row:\n{out}"));
    assert!(files.contains("✓ declared and touched"), "{files}");
    assert!(err.contains("checked 2 commits of the phase"), "{err}");
}

#[test]
fn a_reapplied_plan_commit_counts_for_its_plan() {
    let repo = TestRepo::new();
    repo.plan("05-cache", "05-01", &plan("05-cache", "01", "src/cache.ts"));
    repo.commit("docs(05): plan cache");
    repo.write("src/cache.ts", "export const cache = 'works';\n");
    // Not an artifact: only the commits tell the verifier that the phase touched it.
    repo.write(
        "src/main.ts",
        "import { cache } from './cache';\n// TODO: evict old entries\n",
    );
    let first = repo.commit("feat(05-01): cache");
    repo.git(&["revert", "--no-edit", &first]);
    let reverted = repo.head();
    repo.git(&["revert", "--no-edit", &reverted]);
    let subject = repo.git(&["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("Reapply \"feat(05-01)"), "{subject}");
    let (_, report, err) = repo.run(&["verify", "05"]);
    assert!(err.contains("checked 3 commits of the phase"), "{err}");
    // The anti-pattern the reapply brought back is the phase's again.
    let anti = report
        .split("### Anti-Patterns Found\n\n")
        .nth(1)
        .and_then(|r| r.split("\n### ").next())
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        anti.contains("src/main.ts") && anti.contains("TODO"),
        "{anti}"
    );
    let (_, _, err) = repo.run(&["verify", "05-01"]);
    assert!(err.contains("checked 3 commits of the plan"), "{err}");
}
