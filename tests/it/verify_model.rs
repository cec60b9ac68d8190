//! The verification decisions and the VERIFICATION.md rendering, from plain values (no git, no
//! files): every status an artifact, a link, a truth and a SUMMARY claim can get.

use std::collections::BTreeMap;

use planlint::check::verify::{
    self, ArtifactSpec, ArtifactStatus, CitedCommit, FileStatus, FileText, Inputs, KeyFile,
    LinkSpec, LinkStatus, PlanInput, Referrers, RequirementStatus, Status, SummaryInput,
    TruthStatus, UnreadMustHaves,
};
use planlint::finding::{Finding, Location, Rule, Severity};

static DEBUG: Rule = Rule {
    id: "scan/debug-output",
    severity: Severity::Warning,
    summary: "s",
    explanation: "e",
};
static STUB: Rule = Rule {
    id: "scan/stub-body",
    severity: Severity::Blocker,
    summary: "s",
    explanation: "e",
};

const LOGIN: &str = "import { createTokens } from '../../lib/tokens';\n\nexport async function login(req) {\n  console.log(req.body);\n  const user = await findUser(req.body.email);\n  return createTokens(user);\n}\n";
const TOKENS: &str = "export function createTokens(user) {\n  return { access: sign(user), refresh: random() };\n}\n";
const ROUTES: &str = "import { login } from './api/auth/login';\napp.post('/login', login);\n";
const SESSION: &str = "export function session() {\n  throw new Error('not implemented');\n}\n";

fn plans() -> Vec<PlanInput> {
    vec![
        PlanInput {
            id: "02-01".into(),
            path: ".planning/phases/02-auth/02-01-PLAN.md".into(),
            files_modified: vec!["src/api/auth/login.ts".into(), "src/lib/tokens.ts".into()],
            truths: vec!["User can log in with email/password".into()],
            artifacts: vec![ArtifactSpec {
                path: "src/api/auth/login.ts".into(),
                provides: Some("Login endpoint".into()),
                min_lines: Some(5),
                contains: vec![],
                exports: vec!["login".into()],
                must_not_exist: false,
            }],
            key_links: vec![LinkSpec {
                from: "src/api/auth/login.ts".into(),
                to: "src/lib/tokens.ts".into(),
                via: Some("createTokens".into()),
                pattern: Some(r"createTokens\(".into()),
                pattern_problem: None,
                described: false,
            }],
            summary: Some(SummaryInput {
                path: ".planning/phases/02-auth/02-01-SUMMARY.md".into(),
                commits: vec![
                    CitedCommit {
                        hash: "12c6487".into(),
                        found: true,
                    },
                    CitedCommit {
                        hash: "deadbee".into(),
                        found: false,
                    },
                ],
                key_files: vec![KeyFile {
                    path: "src/api/auth/login.ts".into(),
                    description: Some("Login endpoint".into()),
                }],
                self_check: Some(true),
                pending_human: vec!["Cookie flags in production".into()],
                requirements_completed: Some(vec!["AUTH-01".into()]),
            }),
            touched: vec![
                "src/api/auth/login.ts".into(),
                "src/lib/tokens.ts".into(),
                "src/util/debug.ts".into(),
            ],
            commits: 2,
            requirements: vec!["AUTH-01".into()],
            unread: None,
        },
        PlanInput {
            id: "02-02".into(),
            path: ".planning/phases/02-auth/02-02-PLAN.md".into(),
            files_modified: vec!["src/middleware/auth.ts".into(), "src/lib/session.ts".into()],
            truths: vec!["Expired tokens rejected".into()],
            artifacts: vec![
                ArtifactSpec::path("src/middleware/auth.ts"),
                ArtifactSpec::path("src/lib/session.ts"),
            ],
            key_links: vec![LinkSpec::described("auth middleware -> rate limiter").unwrap()],
            summary: None,
            touched: vec!["src/lib/session.ts".into()],
            commits: 1,
            requirements: vec!["AUTH-02".into()],
            unread: None,
        },
    ]
}

fn files() -> BTreeMap<String, FileText> {
    let mut m = BTreeMap::new();
    for (p, t) in [
        ("src/api/auth/login.ts", LOGIN),
        ("src/lib/tokens.ts", TOKENS),
        ("src/routes.ts", ROUTES),
        ("src/lib/session.ts", SESSION),
    ] {
        m.insert(p.to_string(), FileText::Text(t.to_string()));
    }
    m.insert("src/middleware/auth.ts".into(), FileText::Missing);
    m
}

fn findings() -> Vec<Finding> {
    vec![
        Finding::new(&DEBUG, "leftover debug output")
            .at(Location::at("src/api/auth/login.ts", 4, 3))
            .snippet("console.log(req.body);"),
        Finding::new(&STUB, "stub body: throws not implemented")
            .at(Location::at("src/lib/session.ts", 2, 3))
            .snippet("throw new Error('not implemented');"),
    ]
}

/// Verifies `plans` against the fixed files, with no range findings unless given.
fn decide(
    plans: &[PlanInput],
    referrers: &Referrers,
    findings: &[Finding],
    tests: &[(String, String)],
) -> (verify::Verification, Vec<Finding>) {
    verify::verify(&Inputs {
        phase: "02-auth",
        title: None,
        goal: None,
        verified: "2026-01-01T00:00:00Z",
        plans,
        files: &files(),
        referrers,
        findings,
        tests,
        requirement_texts: &[("AUTH-01".to_string(), "Users log in".to_string())]
            .into_iter()
            .collect(),
        phase_complete: false,
    })
}

fn run() -> (verify::Verification, Vec<Finding>) {
    let plans = plans();
    let files = files();
    let targets: Vec<String> = plans
        .iter()
        .flat_map(|p| p.artifacts.iter().map(|a| a.path.clone()))
        .collect();
    let mut referrers = Referrers::new(&targets);
    for (path, text) in &files {
        if let FileText::Text(t) = text {
            referrers.scan(path, t);
        }
    }
    let findings = findings();
    let tests = vec![(
        "tests/login.test.ts".to_string(),
        "describe('login', () => {\n  it('user can log in with email/password', async () => {});\n});\n"
            .to_string(),
    )];
    decide(&plans, &referrers, &findings, &tests)
}

#[test]
fn artifacts_get_missing_stub_and_verified() {
    let (v, _) = run();
    let status: Vec<(&str, ArtifactStatus)> = v
        .artifacts
        .iter()
        .map(|a| (a.path.as_str(), a.status))
        .collect();
    assert_eq!(
        status,
        [
            ("src/api/auth/login.ts", ArtifactStatus::Verified),
            ("src/middleware/auth.ts", ArtifactStatus::Missing),
            ("src/lib/session.ts", ArtifactStatus::Stub),
        ]
    );
    let login = &v.artifacts[0];
    assert!(
        login
            .details
            .iter()
            .any(|d| d == "referred to by src/routes.ts:1"),
        "{:?}",
        login.details
    );
    assert!(login.details.iter().any(|d| d == "exports login"));
}

#[test]
fn links_wired_by_pattern_and_unresolved_descriptions_go_to_a_person() {
    let (v, _) = run();
    assert_eq!(v.key_links[0].status, LinkStatus::Wired);
    assert_eq!(
        v.key_links[0].evidence,
        "login.ts:6: return createTokens(user);"
    );
    assert_eq!(v.key_links[1].status, LinkStatus::Unchecked);
    assert!(v
        .human
        .iter()
        .any(|h| h.name == "auth middleware reaches rate limiter"));
}

#[test]
fn truths_summary_claims_files_and_status() {
    let (v, findings) = run();
    // 02-01's truth is spelled out by a test; 02-02's fails with its artifacts.
    assert_eq!(v.truths[0].status, TruthStatus::Verified);
    assert_eq!(
        v.truths[0].evidence,
        "test at tests/login.test.ts:2 names it"
    );
    assert_eq!(v.truths[1].status, TruthStatus::Failed);
    // Claims: one real commit, one missing, a key file, the self-check, and 02-02 unfinished.
    let claims: Vec<(&str, bool)> = v
        .claims
        .iter()
        .map(|c| (c.claim.as_str(), c.holds))
        .collect();
    assert_eq!(
        claims,
        [
            ("commit 12c6487", true),
            ("commit deadbee", false),
            ("key-file src/api/auth/login.ts", true),
            ("Self-Check", true),
            ("SUMMARY", false),
        ]
    );
    let files: Vec<(&str, FileStatus)> = v
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.status))
        .collect();
    assert_eq!(
        files,
        [
            ("src/api/auth/login.ts", FileStatus::Kept),
            ("src/lib/tokens.ts", FileStatus::Kept),
            ("src/util/debug.ts", FileStatus::Undeclared),
            // 02-02 has a commit but no SUMMARY: it may still touch the file.
            ("src/middleware/auth.ts", FileStatus::Pending),
            ("src/lib/session.ts", FileStatus::Kept),
        ]
    );
    assert_eq!(v.status, Status::GapsFound);
    // Truths 1/2, artifacts 1/3, links 1/2.
    assert_eq!((v.score.verified, v.score.total), (3, 7));
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            "verify/summary-commit-missing",
            "verify/artifact-missing",
            "verify/artifact-stub",
            "verify/summary-missing",
        ]
    );
    assert_eq!(v.anti_patterns.len(), 2);
    assert!(v.gaps.iter().any(|g| g.truth == "Expired tokens rejected"));
    assert!(v
        .gaps
        .iter()
        .any(|g| g.truth == "02-01-SUMMARY.md is accurate"));
    assert!(v.gaps.iter().any(|g| g.truth == "plan 02-02 is finished"));
}

#[test]
fn the_report_has_gsd_frontmatter_and_every_table() {
    let (v, _) = run();
    let md =
        planlint::report::verification::render(&v).replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    insta::assert_snapshot!("verification_model", md);
}

#[test]
fn passed_and_human_needed() {
    let mut plans = plans();
    plans.truncate(1);
    plans[0].summary.as_mut().unwrap().commits.truncate(1);
    let mut referrers = Referrers::new(&["src/api/auth/login.ts".to_string()]);
    referrers.scan("src/routes.ts", ROUTES);
    let run =
        |plans: &[PlanInput], tests: &[(String, String)]| decide(plans, &referrers, &[], tests).0;
    let test = vec![(
        "t.test.ts".to_string(),
        "it('User can log in with email/password')".to_string(),
    )];
    // A person must still check the cookie flags the SUMMARY left open.
    assert_eq!(run(&plans, &test).status, Status::HumanNeeded);
    plans[0].summary.as_mut().unwrap().pending_human.clear();
    let v = run(&plans, &test);
    assert_eq!(v.status, Status::Passed, "{:?}", v.gaps);
    assert_eq!((v.score.verified, v.score.total), (3, 3));
    // Without a test naming the truth, it needs a person.
    assert_eq!(run(&plans, &[]).status, Status::HumanNeeded);
}

#[test]
fn a_failed_self_check_is_a_gap() {
    let mut plans = plans();
    plans.truncate(1);
    plans[0].summary.as_mut().unwrap().self_check = Some(false);
    let (v, findings) = decide(&plans, &Referrers::new(&[]), &[], &[]);
    assert_eq!(v.status, Status::GapsFound);
    let gap = v
        .gaps
        .iter()
        .find(|g| g.truth == "02-01-SUMMARY.md is accurate")
        .expect("a SUMMARY gap");
    assert!(gap.reason.contains("Self-Check: FAILED"), "{}", gap.reason);
    assert!(findings
        .iter()
        .any(|f| f.rule == "summary/self-check-failed"));
}

#[test]
fn must_haves_not_read_are_a_gap_and_none_declared_goes_to_a_person() {
    let mut plans = plans();
    plans.truncate(1);
    plans[0].summary.as_mut().unwrap().commits.truncate(1);
    plans[0].summary.as_mut().unwrap().pending_human.clear();
    let mut unread = plans[0].clone();
    unread.truths.clear();
    unread.artifacts.clear();
    unread.key_links.clear();
    unread.unread = Some(UnreadMustHaves {
        line: Some(20),
        column: Some(16),
        problem: "plan 02-01's frontmatter is not valid YAML: unknown escape character".into(),
        fix: Some("      pattern: 'app\\.use\\('".into()),
        help: None,
    });
    let (v, findings) = decide(&[unread.clone()], &Referrers::new(&[]), &[], &[]);
    assert_eq!(v.status, Status::GapsFound);
    assert_eq!(
        (v.score.verified, v.score.total),
        (0, 1),
        "never a complete 0/0"
    );
    assert_eq!(v.unread, ["02-01"]);
    let gap = &v.gaps[0];
    assert_eq!(gap.truth, "must_haves of plan 02-01 can be read");
    assert_eq!(
        gap.reason,
        ".planning/phases/02-auth/02-01-PLAN.md:20:16: plan 02-01's frontmatter is not valid YAML: \
         unknown escape character; its must_haves were not verified"
    );
    assert_eq!(
        gap.artifacts[0].issue,
        "write `pattern: 'app\\.use\\('` (single quotes keep backslashes as written)"
    );
    let f = findings
        .iter()
        .find(|f| f.rule == "verify/must-haves-unreadable")
        .expect("a finding");
    assert_eq!((f.location.line, f.location.column), (Some(20), Some(16)));
    let md = planlint::report::verification::render(&v);
    assert!(
        md.contains(
            "None read: the must_haves of plan 02-01 could not be read (see Gaps Summary)."
        ),
        "{md}"
    );

    // Read, but empty: nothing to check mechanically, so a person decides.
    unread.unread = None;
    let (v, findings) = decide(&[unread], &Referrers::new(&[]), &[], &[]);
    assert_eq!(v.status, Status::HumanNeeded);
    assert_eq!(v.human[0].name, "What plan 02-01 delivers");
    assert!(findings.iter().any(|f| f.rule == "verify/no-must-haves"));
}

/// One plan of phase 02 with `artifacts` and `links`, started (one commit) and finished.
fn one_plan(artifacts: Vec<ArtifactSpec>, links: Vec<LinkSpec>, truths: &[&str]) -> PlanInput {
    PlanInput {
        id: "02-01".into(),
        path: ".planning/phases/02-auth/02-01-PLAN.md".into(),
        truths: truths.iter().map(|t| t.to_string()).collect(),
        artifacts,
        key_links: links,
        summary: Some(SummaryInput {
            path: ".planning/phases/02-auth/02-01-SUMMARY.md".into(),
            ..SummaryInput::default()
        }),
        commits: 1,
        ..PlanInput::default()
    }
}

/// Verifies plans against `files` (path, text), every file referring to nothing.
fn decide_with(
    plans: &[PlanInput],
    files: &[(&str, &str)],
) -> (verify::Verification, Vec<Finding>) {
    let files: BTreeMap<String, FileText> = files
        .iter()
        .map(|(p, t)| (p.to_string(), FileText::Text(t.to_string())))
        .collect();
    verify::verify(&Inputs {
        phase: "02-auth",
        title: None,
        goal: None,
        verified: "2026-01-01T00:00:00Z",
        plans,
        files: &files,
        referrers: &Referrers::new(&[]),
        findings: &[],
        tests: &[],
        requirement_texts: &BTreeMap::new(),
        phase_complete: false,
    })
}

#[test]
fn the_report_follows_gsds_verifier_section_by_section() {
    let (v, _) = run();
    let md = planlint::report::verification::render(&v);
    let headings: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            l.split_once(' ').map_or(l, |(h, rest)| {
                if h.len() >= 3 && rest.starts_with(|c: char| c.is_ascii_digit()) {
                    h
                } else {
                    l
                }
            })
        })
        .collect();
    // GSD's verifier agent (agents/gsd-verifier.md) and the reports real projects keep, in
    // order: everything under `## Goal Achievement`; numbered human checks are `#### N.`;
    // planlint's own sections follow GSD's.
    let gsd = [
        "# Phase 2: Auth Verification Report",
        "## Goal Achievement",
        "### Observable Truths",
        "### Required Artifacts",
        "### Key Link Verification",
        "### Requirements Coverage",
        "### Anti-Patterns Found",
        "### Human Verification Required",
        "####",
        "####",
        "### Gaps Summary",
        "#### Critical Gaps (Block Progress)",
        "#### Non-Critical Gaps (Can Defer)",
        "### Files Modified vs Plan",
        "### SUMMARY Claims",
        "### Verification Metadata",
    ];
    assert_eq!(headings, gsd, "{md}");
    // GSD's human-check blocks, and its gaps in the frontmatter.
    assert!(
        md.contains("#### 1. Cookie flags in production\n\n**Test:** "),
        "{md}"
    );
    assert!(
        md.contains("**Expected:** ") && md.contains("**Why human:** "),
        "{md}"
    );
    assert!(md.starts_with("---\nphase: 02-auth\nverified: "), "{md}");
    let front = md.split("\n---\n").next().unwrap();
    assert!(front.contains("\ngaps:\n  - truth: "), "{front}");
    assert!(
        !front.contains("human_verification:"),
        "only with status: human_needed: {front}"
    );
}

#[test]
fn a_truth_the_artifact_checks_prove_is_verified_with_that_evidence() {
    let schema = "model User {\n  id Int\n}\nmodel Note {\n  id Int\n}\n";
    let artifact = |contains: &[&str]| ArtifactSpec {
        path: "prisma/schema.prisma".into(),
        provides: Some("Database schema".into()),
        contains: contains.iter().map(|c| c.to_string()).collect(),
        ..ArtifactSpec::default()
    };
    let truth = "Prisma schema defines User and Note";
    let both = one_plan(
        vec![artifact(&["model User", "model Note"])],
        vec![],
        &[truth],
    );
    let (v, _) = decide_with(&[both], &[("prisma/schema.prisma", schema)]);
    assert_eq!(v.truths[0].status, TruthStatus::Verified, "{:?}", v.truths);
    assert!(
        v.truths[0]
            .evidence
            .contains("prisma/schema.prisma has \"model User\", \"model Note\""),
        "{}",
        v.truths[0].evidence
    );
    // What the checks do not cover stays with a person: `User` is not checked here.
    let half = one_plan(vec![artifact(&["model Note"])], vec![], &[truth]);
    let (v, _) = decide_with(&[half], &[("prisma/schema.prisma", schema)]);
    assert_eq!(v.truths[0].status, TruthStatus::Uncertain);
    // A truth that states no name is behaviour: a person, whatever the checks.
    let behaviour = one_plan(
        vec![artifact(&["model Note"])],
        vec![],
        &["Notes survive a restart"],
    );
    let (v, _) = decide_with(&[behaviour], &[("prisma/schema.prisma", schema)]);
    assert_eq!(v.truths[0].status, TruthStatus::Uncertain);
}

#[test]
fn files_nothing_imports_by_nature_are_not_orphans() {
    let kinds = [
        ("prisma/schema.prisma", "a schema"),
        ("db/migrations/002_notes.sql", "a migration"),
        ("config/app.yaml", "configuration"),
        ("src/main.rs", "an entry point"),
        ("scripts/seed.sh", "a script"),
        (".github/workflows/ci.yml", "a CI workflow"),
    ];
    let plan = one_plan(
        kinds
            .iter()
            .map(|(p, _)| ArtifactSpec::path(*p))
            .chain([ArtifactSpec::path("src/lib/notes.ts")])
            .collect(),
        vec![],
        &[],
    );
    let files: Vec<(&str, &str)> = kinds
        .iter()
        .map(|(p, _)| (*p, "content\n"))
        .chain([("src/lib/notes.ts", "export const notes = [];\n")])
        .collect();
    let (v, findings) = decide_with(&[plan], &files);
    for (path, kind) in kinds {
        let row = v.artifacts.iter().find(|a| a.path == path).unwrap();
        assert_eq!(
            row.status,
            ArtifactStatus::Verified,
            "{path}: {:?}",
            row.details
        );
        assert!(
            row.details.iter().any(|d| d.starts_with(kind)),
            "{path}: {:?}",
            row.details
        );
    }
    // A module is wired by an import, and this one has none.
    let module = v
        .artifacts
        .iter()
        .find(|a| a.path == "src/lib/notes.ts")
        .unwrap();
    assert_eq!(module.status, ArtifactStatus::Orphaned);
    let orphaned: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "verify/artifact-orphaned")
        .filter_map(|f| f.location.path.as_deref())
        .collect();
    assert_eq!(orphaned, ["src/lib/notes.ts"]);
}

#[test]
fn a_key_link_written_as_a_description_is_said_to_be_one() {
    let link = |from: &str, to: &str| LinkSpec {
        from: from.into(),
        to: to.into(),
        via: Some("rotation".into()),
        ..LinkSpec::default()
    };
    let plan = one_plan(
        vec![ArtifactSpec::path("src/auth/keys.ts")],
        vec![
            link("rotate()", "src/auth/keys.ts"),
            // A bare file name resolves to the plan's file of that name.
            link("keys.ts", "src/db/tokens.ts"),
        ],
        &[],
    );
    let (v, findings) = decide_with(
        &[plan],
        &[
            (
                "src/auth/keys.ts",
                "import { tokens } from '../db/tokens';\n",
            ),
            ("src/db/tokens.ts", "export const tokens = 1;\n"),
        ],
    );
    assert_eq!(v.key_links[0].status, LinkStatus::Unchecked);
    assert!(
        v.key_links[0]
            .evidence
            .contains("`rotate()` is not a file path: read as a description"),
        "{}",
        v.key_links[0].evidence
    );
    assert_eq!(
        v.key_links[1].status,
        LinkStatus::Wired,
        "{}",
        v.key_links[1].evidence
    );
    assert!(v.key_links[1]
        .evidence
        .starts_with("keys.ts = src/auth/keys.ts; "));
    assert!(
        !findings.iter().any(|f| f.rule == "verify/link-not-wired"),
        "{findings:?}"
    );
}

#[test]
fn a_plan_not_started_is_one_gap_not_a_blocker_per_file() {
    let mut plan = one_plan(vec![ArtifactSpec::path("src/later.ts")], vec![], &[]);
    plan.commits = 0;
    plan.summary = None;
    let (v, findings) = decide_with(&[plan], &[]);
    assert!(
        !findings.iter().any(|f| f.rule == "verify/artifact-missing"),
        "{findings:?}"
    );
    let missing = findings
        .iter()
        .find(|f| f.rule == "verify/summary-missing")
        .unwrap();
    assert_eq!(missing.severity, planlint::finding::Severity::Warning);
    assert!(
        missing.message.contains("not started"),
        "{}",
        missing.message
    );
    assert_eq!(v.gaps.len(), 1, "{:?}", v.gaps);
    assert_eq!(v.gaps[0].truth, "plan 02-01 is finished");
    assert_eq!(v.status, Status::GapsFound);
}

#[test]
fn requirements_are_covered_by_the_plans_that_name_them() {
    let mut done = one_plan(vec![], vec![], &[]);
    done.requirements = vec!["AUTH-01".into(), "AUTH-02".into()];
    if let Some(s) = done.summary.as_mut() {
        s.requirements_completed = Some(vec!["AUTH-01".into()]);
    }
    let (v, _) = decide_with(&[done], &[]);
    let status: Vec<(&str, RequirementStatus)> = v
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    assert_eq!(
        status,
        [
            ("AUTH-01", RequirementStatus::Satisfied),
            ("AUTH-02", RequirementStatus::Blocked)
        ]
    );
    assert!(v.requirements[1]
        .evidence
        .contains("leaves it out of requirements-completed"));
}

#[test]
fn an_artifact_the_plan_removes_passes_when_it_is_gone_and_fails_while_it_is_there() {
    let removed = ArtifactSpec {
        path: "tests/test_old_refresh.m".into(),
        provides: Some("DELETED: added only for the rolled-back fix".into()),
        must_not_exist: true,
        ..ArtifactSpec::default()
    };
    let plan = one_plan(vec![removed], vec![], &[]);
    let (gone, findings) = decide_with(std::slice::from_ref(&plan), &[]);
    assert_eq!(
        gone.artifacts[0].status,
        ArtifactStatus::Verified,
        "{gone:?}"
    );
    assert!(findings.is_empty(), "{findings:?}");
    assert!(gone.gaps.is_empty(), "{:?}", gone.gaps);

    let (there, findings) = decide_with(&[plan], &[("tests/test_old_refresh.m", "x\n")]);
    assert_eq!(there.artifacts[0].status, ArtifactStatus::NotRemoved);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "verify/artifact-not-removed"),
        "{findings:?}"
    );
    assert_eq!(there.status, Status::GapsFound);
    let md = planlint::report::verification::render(&there);
    assert!(md.contains("✗ NOT REMOVED"), "{md}");
}
