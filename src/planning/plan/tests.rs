//! Plans read from text: both must_haves shapes, bad values, invalid YAML.

use super::*;
use crate::planning::layout::Area;
use crate::planning::PlanKind;

fn file(name: &str, folder: &str) -> PlanFile {
    let (id, slug) = PlanId::parse_prefix(name.strip_suffix("-PLAN.md").unwrap()).unwrap();
    let phase = PhaseId::parse_prefix(folder).unwrap().0;
    PlanFile {
        kind: PlanKind::Numbered,
        id,
        slug: (!slug.is_empty()).then(|| slug.to_string()),
        path: format!(".planning/phases/{folder}/{name}"),
        file_name: name.into(),
        phase_dir: format!(".planning/phases/{folder}"),
        phase,
        area: Area::Phases,
        summary: None,
    }
}

fn plan(front: &str) -> Plan {
    Plan::parse(
        &file("02-03-PLAN.md", "02-auth"),
        format!("---\n{front}---\n\n<tasks>\n<task type=\"auto\">a</task>\n<task type=\"auto\">b</task>\n</tasks>\n"),
    )
}

fn rules_of(p: &Plan) -> Vec<&'static str> {
    p.findings.iter().map(|f| f.rule).collect()
}

const FULL: &str = "phase: 02-auth\nplan: 03\ntype: execute\nwave: 2\n\
depends_on: [\"02-01\", 2, \"02-02-login-PLAN\"]\nfiles_modified:\n  - src/api/auth/refresh.ts\n  \
- src/api/ (generated client)\n  - package.json (update)\n  - ./db/migrations/**\n\
autonomous: true\nrequirements: [AUTH-07]\nmust_haves:\n  truths: [\"Refresh token extends session\"]\n  \
artifacts:\n    - path: src/api/auth/refresh.ts\n      provides: \"Rotation endpoint\"\n      \
min_lines: 30\n      exports: [\"POST\"]\n      contains: \"rotate\"\n    - src/db/schema.ts\n    - path: src/old.ts\n      must_not_exist: true\n  \
key_links:\n    - from: src/api/auth/refresh.ts\n      to: src/db/schema.ts\n      via: storage\n      \
pattern: \"refreshTokens\"\n";

#[test]
fn reads_the_current_template() {
    let p = plan(FULL);
    assert_eq!(rules_of(&p), Vec::<&str>::new(), "{:#?}", p.findings);
    assert_eq!(p.phase.as_deref(), Some("02-auth"));
    assert_eq!(p.plan.as_deref(), Some("03"));
    assert_eq!(p.kind.as_deref(), Some("execute"));
    assert_eq!(p.wave, Some(2));
    assert_eq!(p.autonomous, Some(true));
    assert_eq!(
        p.files_modified,
        [
            "src/api/auth/refresh.ts",
            "src/api",
            "package.json",
            "db/migrations/**"
        ]
    );
    assert_eq!(p.requirements, ["AUTH-07"]);
    let deps: Vec<&DepTarget> = p.depends_on.iter().map(|d| &d.target).collect();
    assert_eq!(
        deps,
        [
            &DepTarget::Plan(PlanId::parse("02-01").unwrap()),
            &DepTarget::Bare(PhaseId::parse("2").unwrap()),
            &DepTarget::Plan(PlanId::parse("02-02").unwrap()),
        ]
    );
    assert_eq!(p.depends_on[1].raw, "2");
    let m = &p.must_haves;
    assert!(!m.legacy);
    assert_eq!(m.truths, ["Refresh token extends session"]);
    assert_eq!(
        m.artifacts[0],
        Artifact {
            path: "src/api/auth/refresh.ts".into(),
            provides: Some("Rotation endpoint".into()),
            min_lines: Some(30),
            exports: vec!["POST".into()],
            contains: vec!["rotate".into()],
            must_not_exist: false,
        }
    );
    assert_eq!(m.artifacts[1].path, "src/db/schema.ts");
    assert!(m.artifacts[2].must_not_exist, "{:?}", m.artifacts[2]);
    assert_eq!(m.key_links[0].pattern.as_deref(), Some("refreshTokens"));
    assert_eq!(m.key_links[0].via.as_deref(), Some("storage"));
    assert_eq!(p.tasks, 2);
}

#[test]
fn reads_the_older_shape() {
    let p = plan(
        "phase: 2\nplan: 3\ntype: execute\nwave: 1\ndepends_on: [2-2-PLAN]\nfiles_modified:\n\
- src/api/auth/refresh.ts\nautonomous: true\nrequirements: [A-1]\nmust_haves:\n  observable_truths:\n    \
- \"Old token invalidated\"\n  required_artifacts:\n    - src/api/auth/refresh.ts\n  required_wiring:\n    \
- \"refresh endpoint -> token storage\"\nuser_setup: []\n",
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.files_modified, ["src/api/auth/refresh.ts"]);
    assert!(p.must_haves.legacy);
    assert_eq!(p.must_haves.truths, ["Old token invalidated"]);
    assert_eq!(p.must_haves.artifacts[0].path, "src/api/auth/refresh.ts");
    assert_eq!(p.must_haves.key_links[0].from, "refresh endpoint");
    assert_eq!(p.must_haves.key_links[0].to, "token storage");
    assert_eq!(
        p.depends_on[0].target,
        DepTarget::Plan(PlanId::parse("02-02").unwrap())
    );
}

#[test]
fn bad_values_are_findings() {
    let p = plan(
        "phase: 02\nplan: x\ntype: build\nwave: -1\ndepends_on: {a: 1}\nfiles_modified: [../etc/passwd, /abs, ok.ts]\n\
autonomous: maybe\nrequirements: []\nmust_haves:\n  artifacts:\n    - provides: nothing\n",
    );
    let mut r = rules_of(&p);
    r.sort_unstable();
    assert_eq!(
        r,
        [
            "plan/invalid-value",
            "plan/invalid-value",
            "plan/invalid-value",
            "plan/invalid-value",
            "plan/invalid-value",
            "plan/invalid-value",
            "plan/path",
            "plan/path",
        ]
    );
    assert_eq!(p.files_modified, ["ok.ts"]);
    let wave = p
        .findings
        .iter()
        .find(|f| f.message.contains("`wave`"))
        .unwrap();
    assert_eq!(wave.location.line, Some(5));
    assert_eq!(wave.location.plan.as_deref(), Some("02-03"));
}

#[test]
fn wave_zero_is_gsds_scaffolding_wave() {
    let p = plan(
        "phase: 02\nplan: 03\ntype: execute\nwave: 0\ndepends_on: []\nfiles_modified: [a.ts]\nautonomous: true\nmust_haves:\n  truths: [x]\n",
    );
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert_eq!(p.wave, Some(0));
}

#[test]
fn missing_fields_and_id_mismatch() {
    let p = plan("phase: 03-other\nplan: 4\nwave: 1\nrequirements: [X]\n");
    let missing = p
        .findings
        .iter()
        .find(|f| f.rule == "plan/missing-field")
        .unwrap();
    assert!(
        missing
            .message
            .contains("`type`, `depends_on`, `files_modified`, `autonomous`, `must_haves`"),
        "{}",
        missing.message
    );
    let mism: Vec<&str> = p
        .findings
        .iter()
        .filter(|f| f.rule == "plan/id-mismatch")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(mism.len(), 2, "{mism:?}");
    let wrong_folder = Plan::parse(&file("03-01-PLAN.md", "02-auth"), "---\n---\n".into());
    assert!(wrong_folder
        .findings
        .iter()
        .any(|f| f.rule == "plan/id-mismatch" && f.message.contains("folder")));
}

#[test]
fn empty_must_haves_is_a_missing_field() {
    let front = "phase: 02\nplan: 03\ntype: execute\nwave: 1\ndepends_on:\nfiles_modified: []\n\
autonomous: true\nrequirements: [R-1]\nmust_haves:\n";
    let p = plan(front);
    let missing: Vec<&str> = p
        .findings
        .iter()
        .filter(|f| f.rule == "plan/missing-field")
        .map(|f| f.message.as_str())
        .collect();
    // An empty depends_on is "no dependencies"; an empty must_haves verifies nothing.
    assert_eq!(missing, ["plan 02-03 lacks the field `must_haves`"]);
    assert!(p.must_haves_unread().is_none());
}

#[test]
fn must_haves_are_unread_when_the_yaml_is_not_valid() {
    let p = plan(
        "phase: 02\nplan: 03\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: []\n\
autonomous: true\nrequirements: [R-1]\nmust_haves:\n  key_links:\n    - pattern: \"a\\.b\"\n",
    );
    let why = p.must_haves_unread().expect("unread");
    assert_eq!(why.rule, "plan/invalid-yaml");
    assert_eq!(why.location.line, Some(12));
    // Not valid YAML elsewhere, and no must_haves at all: nothing was lost.
    let p = plan("phase: 02\nplan: 03\nwave: \"1\\.\"\n");
    assert!(p.must_haves_unread().is_none());
    let p = Plan::parse(
        &file("02-03-PLAN.md", "02-auth"),
        "# no frontmatter\n".into(),
    );
    assert_eq!(p.must_haves_unread().unwrap().rule, "plan/no-frontmatter");
}

#[test]
fn invalid_yaml_still_yields_fields() {
    let p = plan(
        "phase: 02-auth\nplan: 03\ntype: execute\nwave: 2\ndepends_on: [\"02-01\"]\nfiles_modified: [src/a.ts, \"src/b.ts (new)\"]\n\
autonomous: false\nrequirements: [R-1]\nmust_haves:\n  key_links:\n    - pattern: \"a\\.b\"\n",
    );
    assert_eq!(rules_of(&p), ["plan/invalid-yaml"]);
    assert_eq!(p.wave, Some(2));
    assert_eq!(p.autonomous, Some(false));
    assert_eq!(p.files_modified, ["src/a.ts", "src/b.ts"]);
    assert_eq!(p.depends_on[0].raw, "02-01");
    assert_eq!(p.kind.as_deref(), Some("execute"));
    assert!(p.has_frontmatter());
}

#[test]
fn no_frontmatter_is_one_finding() {
    let p = Plan::parse(
        &file("02-03-PLAN.md", "02-auth"),
        "# Plan\n<task>x</task>\n".into(),
    );
    assert_eq!(rules_of(&p), ["plan/no-frontmatter"]);
    assert!(!p.has_frontmatter());
    assert_eq!(p.tasks, 1);
}

#[test]
fn notes_are_stripped_from_paths() {
    assert_eq!(strip_note("src/api/ (generated client)"), "src/api/");
    assert_eq!(strip_note("package.json (update)"), "package.json");
    assert_eq!(strip_note("`src/x.ts` (NEW)"), "src/x.ts");
    assert_eq!(strip_note("src/x.ts — Rotation endpoint"), "src/x.ts");
    assert_eq!(strip_note("src/x.ts: handler"), "src/x.ts");
    assert_eq!(strip_note("src/my-file.ts"), "src/my-file.ts");
    assert_eq!(
        note_of("src/x.ts (Rotation endpoint)"),
        Some("Rotation endpoint")
    );
    assert_eq!(note_of("src/x.ts"), None);
}

#[test]
fn tasks_are_counted_outside_fences() {
    assert_eq!(
        count_tasks("<task type=\"auto\">\n```\n<task>\n```\n<task>\n<tasks>\n"),
        2
    );
    assert_eq!(count_tasks("### Task 1: a\n### Task 2: b\n## Tasks\n"), 2);
    assert_eq!(count_tasks(""), 0);
}

#[test]
fn dependency_targets() {
    assert_eq!(
        dep_target("02-01-auth"),
        DepTarget::Plan(PlanId::parse("02-01").unwrap())
    );
    assert_eq!(
        dep_target("02-01-PLAN.md"),
        DepTarget::Plan(PlanId::parse("2-1").unwrap())
    );
    assert_eq!(
        dep_target("02"),
        DepTarget::Bare(PhaseId::parse("2").unwrap())
    );
    assert_eq!(dep_target("auth plan"), DepTarget::Invalid);
}
