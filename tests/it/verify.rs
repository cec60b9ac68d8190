//! `planlint verify` end to end: a real repository with a phase whose plans declare
//! must_haves, commits that honour some and break others, and a SUMMARY citing one real and one
//! missing commit. The VERIFICATION report's frontmatter and every table row are asserted, and
//! so are `--write`, `--force`, the default target and the JSON model.

use crate::common;

use common::TestRepo;
use predicates::prelude::*;

const PHASE: &str = ".planning/phases/03-billing";

const PLAN_1: &str = r#"phase: 03-billing
plan: 01
type: execute
wave: 1
depends_on: []
files_modified:
  - src/billing/invoice.ts
  - src/billing/tax.ts
  - src/billing/pdf.ts
  - src/api/invoices.ts
autonomous: true
requirements: [BILL-01]
must_haves:
  truths:
    - "Invoices can be created"
    - "Invoice totals include tax"
  artifacts:
    - path: src/billing/invoice.ts
      provides: "Invoice model"
      min_lines: 5
      exports: ["createInvoice"]
      contains: "total"
    - path: src/billing/tax.ts
      provides: "Tax rules"
      exports: ["taxFor"]
    - path: src/billing/pdf.ts
      provides: "PDF export"
  key_links:
    - from: src/api/invoices.ts
      to: src/billing/invoice.ts
      via: "route handler"
      pattern: 'createInvoice\('
    - from: src/billing/invoice.ts
      to: src/billing/tax.ts
      via: "tax lookup"
"#;

const PLAN_2: &str = r#"phase: 03-billing
plan: 02
type: execute
wave: 2
depends_on: ["03-01"]
files_modified:
  - src/billing/payments.ts
autonomous: true
requirements: [BILL-02]
must_haves:
  truths:
    - "Payments settle invoices"
  artifacts:
    - path: src/billing/payments.ts
      provides: "Payment settlement"
      exports: ["settle"]
  key_links: []
"#;

const INVOICE: &str = "export interface Invoice { id: string; total: number }\n\nexport function createInvoice(lines: Line[]): Invoice {\n  const total = lines.reduce((s, l) => s + l.amount, 0);\n  return { id: newId(), total };\n}\n";
const API: &str = "import { createInvoice } from '../billing/invoice';\n\nexport async function post(req, res) {\n  res.json(createInvoice(req.body.lines));\n}\n";
const TAX: &str = "export function taxFor(region: string): number {\n  throw new Error(\"not implemented\");\n}\n";
const LOG: &str =
    "export function log(msg: string) {\n  // TODO: rotate logs\n  process.stdout.write(msg);\n}\n";
const PAYMENTS: &str = "export function settle(invoiceId: string, amount: number) {\n  return ledger.record(invoiceId, amount);\n}\n";

struct Built {
    repo: TestRepo,
    real: String,
}

fn build() -> Built {
    let repo = TestRepo::new();
    repo.write("src/app.ts", "export const app = 1;\n");
    repo.commit("chore: skeleton");
    repo.plan("03-billing", "03-01", PLAN_1);
    repo.plan("03-billing", "03-02", PLAN_2);
    repo.commit("docs(03): plan billing");
    repo.write("src/billing/invoice.ts", INVOICE);
    repo.write("src/api/invoices.ts", API);
    let real = repo.commit("feat(03-01): invoice model and route");
    repo.write("src/billing/tax.ts", TAX);
    repo.commit("feat(03-01): tax rules");
    repo.write("src/util/log.ts", LOG);
    repo.commit("fix(03-01): log invoice creation");
    repo.write(
        &format!("{PHASE}/03-01-SUMMARY.md"),
        format!(
            "---\nphase: 03-billing\nplan: 01\nkey-files:\n  created:\n    - src/billing/invoice.ts\n    - src/billing/pdf.ts\n---\n\n# Summary\n\n## Task Commits\n\n1. Invoice model - `{}` (feat)\n2. Tax rules - `a1b2c3d` (feat)\n\n## Self-Check: PASSED\n",
            &real[..7]
        ),
    );
    repo.commit("docs(03-01): complete invoice plan");
    repo.write("src/billing/payments.ts", PAYMENTS);
    repo.commit("feat(03-02): settle payments");
    Built { repo, real }
}

/// The table row that starts with `start`, or a panic showing the report.
fn row<'a>(report: &'a str, start: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no row starting {start:?} in\n{report}"))
}

#[test]
fn phase_report_frontmatter_and_every_table_row() {
    let b = build();
    let (code, report, stderr) = b.repo.run(&["verify", "03"]);
    assert_eq!(code, 1, "gaps make verify exit 1\n{stderr}");

    // Frontmatter.
    let front = report.split("\n---\n").next().unwrap();
    assert!(
        front.starts_with(
            "---\nphase: 03-billing\nverified: 2026-01-01T00:00:00Z\nstatus: gaps_found\n"
        ),
        "{front}"
    );
    // Truths 0/3 (every plan has a gap), artifacts 1/4, links 1/2.
    assert!(front.contains("score: 2/9 must-haves verified"), "{front}");
    for truth in [
        "Invoices can be created",
        "Invoice totals include tax",
        "Payments settle invoices",
    ] {
        assert!(
            front.contains(&format!("  - truth: \"{truth}\"\n    status: ")),
            "{truth}\n{front}"
        );
    }
    assert!(
        front.contains("      - path: src/billing/pdf.ts\n        issue: missing"),
        "{front}"
    );
    assert!(
        front.contains("      - \"src/billing/pdf.ts (PDF export)\""),
        "{front}"
    );
    assert!(front.contains("  - truth: \"03-01-SUMMARY.md is accurate\"\n    status: failed\n    reason: \"commit a1b2c3d: no such commit; key-file src/billing/pdf.ts: does not exist\""), "{front}");
    assert!(
        front.contains("  - truth: \"plan 03-02 is finished\"\n    status: partial"),
        "{front}"
    );

    // Observable Truths.
    let first = row(&report, "| 1 | Invoices can be created | ✗ FAILED |");
    assert!(first.contains("src/billing/pdf.ts MISSING") && first.contains("(plan 03-01)"));
    row(&report, "| 2 | Invoice totals include tax | ✗ FAILED |");
    let third = row(&report, "| 3 | Payments settle invoices | ✗ FAILED |");
    assert!(third.contains("src/billing/payments.ts ORPHANED") && third.contains("(plan 03-02)"));

    // Required Artifacts.
    let invoice = row(
        &report,
        "| `src/billing/invoice.ts` | Invoice model | ✓ VERIFIED |",
    );
    assert!(
        invoice.contains("contains \"total\"")
            && invoice.contains("exports createInvoice")
            && invoice.contains("referred to by src/api/invoices.ts:1"),
        "{invoice}"
    );
    let tax = row(&report, "| `src/billing/tax.ts` | Tax rules | ✗ STUB |");
    assert!(tax.contains("line 2"), "{tax}");
    row(
        &report,
        "| `src/billing/pdf.ts` | PDF export | ✗ MISSING | file does not exist (plan 03-01) |",
    );
    row(
        &report,
        "| `src/billing/payments.ts` | Payment settlement | ⚠️ ORPHANED |",
    );

    // Key Link Verification.
    row(&report, "| `src/api/invoices.ts` | `src/billing/invoice.ts` | route handler | ✓ WIRED | invoices.ts:4: res.json(createInvoice(req.body.lines)); |");
    row(&report, "| `src/billing/invoice.ts` | `src/billing/tax.ts` | tax lookup | ✗ NOT WIRED | invoice.ts does not mention tax.ts |");

    // Files Modified vs Plan.
    for (plan, file, status) in [
        ("03-01", "src/billing/invoice.ts", "✓ declared and touched"),
        ("03-01", "src/billing/tax.ts", "✓ declared and touched"),
        ("03-01", "src/billing/pdf.ts", "✗ declared, not touched"),
        ("03-01", "src/api/invoices.ts", "✓ declared and touched"),
        ("03-01", "src/util/log.ts", "⚠️ touched, not declared"),
        ("03-02", "src/billing/payments.ts", "✓ declared and touched"),
    ] {
        row(&report, &format!("| {plan} | `{file}` | {status} |"));
    }

    // SUMMARY claims: one real hash, one missing.
    row(
        &report,
        &format!(
            "| 03-01 | commit {} | ✓ HOLDS | found in the repository |",
            &b.real[..7]
        ),
    );
    row(
        &report,
        "| 03-01 | commit a1b2c3d | ✗ FALSE | no such commit |",
    );
    row(
        &report,
        "| 03-01 | key-file src/billing/invoice.ts | ✓ HOLDS | exists |",
    );
    row(
        &report,
        "| 03-01 | key-file src/billing/pdf.ts | ✗ FALSE | does not exist |",
    );
    row(&report, "| 03-01 | Self-Check | ✓ HOLDS | PASSED |");
    row(
        &report,
        "| 03-02 | SUMMARY | ✗ FALSE | no SUMMARY: plan unfinished (1 commit) |",
    );

    // Anti-Patterns Found: the stub (whole-file scan of an artifact) and the TODO the phase added.
    row(
        &report,
        "| `src/billing/tax.ts` | 2 | `throw new Error(\"not implemented\");` | 🛑 Blocker |",
    );
    row(
        &report,
        "| `src/util/log.ts` | 2 | `// TODO: rotate logs` | ⚠️ Warning |",
    );

    // Human Verification Required: nothing (every truth already failed mechanically).
    assert!(
        report.contains("### Human Verification Required\n\nNone"),
        "{report}"
    );

    // The Gaps Summary lists the same gaps as the frontmatter, the failed ones as critical.
    let gaps = report.split("### Gaps Summary\n\n").nth(1).unwrap();
    let (critical, rest) = gaps
        .split_once("#### Non-Critical Gaps (Can Defer)")
        .unwrap_or((gaps, ""));
    assert!(
        critical.starts_with("#### Critical Gaps (Block Progress)"),
        "{gaps}"
    );
    assert!(
        critical.contains("**03-01-SUMMARY.md is accurate**"),
        "{gaps}"
    );
    assert!(critical.contains("`src/billing/pdf.ts`: missing"), "{gaps}");
    assert!(
        critical.contains("**No blocker anti-patterns in the phase's code**"),
        "{gaps}"
    );
    assert!(rest.contains("**plan 03-02 is finished**"), "{gaps}");

    // The findings go to stderr, the report to stdout.
    assert!(stderr.contains("verify/artifact-missing"), "{stderr}");
    assert!(stderr.contains("verify/summary-commit-missing"), "{stderr}");
}

#[test]
fn default_target_is_the_phase_of_the_newest_plan_with_commits() {
    let b = build();
    // A later phase with a plan but no commits does not take the default.
    b.repo.plan("04-reports", "04-01", "phase: 04\nplan: 01\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: [src/r.ts]\nautonomous: true\nmust_haves:\n  truths: []\n");
    b.repo.commit("docs(04): plan reports");
    let (_, report, stderr) = b.repo.run(&["verify"]);
    assert!(
        report.starts_with("---\nphase: 03-billing\n"),
        "{report}\n{stderr}"
    );
}

#[test]
fn one_plan_and_json() {
    let b = build();
    let (code, out, stderr) = b.repo.run(&["--format", "json", "verify", "03-02"]);
    assert_eq!(code, 1, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["subject"], "plan 03-02");
    let m = &v["verification"];
    assert_eq!(m["status"], "gaps_found");
    assert_eq!(m["plans"], serde_json::json!(["03-02"]));
    assert_eq!(m["score"], serde_json::json!({"verified": 0, "total": 2}));
    assert_eq!(m["artifacts"][0]["status"], "ORPHANED");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "verify/artifact-orphaned"));
}

#[test]
fn a_summary_hash_of_digits_only_is_checked_like_any_other() {
    let b = build();
    let summary = b.repo.path().join(PHASE).join("03-01-SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap().replace(
        "2. Tax rules",
        "3. Logging - `1234567` (fix)\n\nIt took 7654321 ms.\n\n2. Tax rules",
    );
    std::fs::write(&summary, text).unwrap();
    b.repo.commit("docs(03-01): cite the logging commit");
    let (_, _, stderr) = b.repo.run(&["verify", "03"]);
    assert!(
        stderr.contains("03-01-SUMMARY.md cites commit 1234567 which is not in the repository"),
        "{stderr}"
    );
    // A number in prose is not a claim.
    assert!(!stderr.contains("7654321"), "{stderr}");
}

#[test]
fn write_saves_into_the_phase_folder_and_never_overwrites_without_force() {
    let b = build();
    let target = b.repo.path().join(PHASE).join("03-VERIFICATION.md");
    let (_, stdout, stderr) = b.repo.run(&["verify", "03", "--write"]);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(
            "wrote .planning/phases/03-billing/03-VERIFICATION.md: status gaps_found, score 2/9"
        ),
        "{stderr}"
    );
    let first = std::fs::read_to_string(&target).unwrap();
    assert!(first.starts_with("---\nphase: 03-billing\n"));
    std::fs::write(&target, "hand edits\n").unwrap();
    b.repo
        .planlint()
        .args(["verify", "03", "--write"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("03-VERIFICATION.md exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "hand edits\n");
    b.repo.run(&["verify", "03", "--write", "--force"]);
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("---\nphase: 03-billing\n"));
}

#[test]
fn a_report_that_cannot_be_written_says_write() {
    let b = build();
    // A folder where the report goes: even root cannot write a file there.
    std::fs::create_dir_all(b.repo.path().join(PHASE).join("03-VERIFICATION.md")).unwrap();
    let (code, _, stderr) = b.repo.run(&["verify", "03", "--write", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot write "), "{stderr}");
    assert!(!stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn unknown_target_is_a_usage_error_with_a_suggestion() {
    let b = build();
    b.repo
        .planlint()
        .args(["verify", "03-07"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no phase or plan `03-07`"));
}

#[test]
fn markdown_format_is_the_verification_report_and_sarif_carries_the_findings() {
    let b = build();
    let (_, md, _) = b.repo.run(&["--format", "markdown", "verify", "03"]);
    assert!(md.starts_with("---\nphase: 03-billing\n"), "{md}");
    let (_, sarif, _) = b.repo.run(&["--format", "sarif", "verify", "03"]);
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "verify/artifact-missing"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "src/billing/pdf.ts"));
}

#[test]
fn github_format_annotates_and_appends_the_report_to_the_job_summary() {
    let b = build();
    let summary = b.repo.path().join("step-summary.md");
    std::fs::write(&summary, "# earlier step output\n").unwrap();
    let out = b
        .repo
        .planlint()
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--format", "github", "verify", "03"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with(
            "::error file=src/billing/pdf.ts,title=planlint verify/artifact-missing::"
        )),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("# earlier step output\n"),
        "appended, not replaced"
    );
    assert!(written.contains("\n---\nphase: 03-billing\n"), "{written}");
    assert!(written.contains("### Gaps Summary"));
}

#[test]
fn output_writes_the_format_to_a_file_and_the_human_report_still_prints() {
    let b = build();
    let (_, stdout, stderr) = b.repo.run(&[
        "--format",
        "sarif",
        "--output",
        "verify.sarif",
        "verify",
        "03",
    ]);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("verify/artifact-missing"), "{stderr}");
    let sarif = std::fs::read_to_string(b.repo.path().join("verify.sarif")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
}

#[test]
fn output_without_format_saves_json_and_prints_the_report() {
    let b = build();
    let (_, stdout, _) = b.repo.run(&["--output", "verify.json", "verify", "03"]);
    assert!(stdout.starts_with("---\nphase: 03-billing\n"), "{stdout}");
    let json = std::fs::read_to_string(b.repo.path().join("verify.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["verification"]["phase"], "03-billing");
}

const LOGIN_PLAN: &str = r#"phase: 02-auth
plan: 01
type: execute
wave: 1
depends_on: []
files_modified:
  - src/api/auth/login.ts
  - src/routes.ts
  - src/util/log.ts
autonomous: true
requirements: [AUTH-01]
must_haves:
  truths:
    - "User can log in"
  artifacts:
    - path: src/api/auth/login.ts
      provides: "Login endpoint"
      exports: ["login"]
  key_links: []
"#;

const LOGIN_STUB: &str = "import { findUser } from '../../db/users';\n\nexport async function login(req) {\n  const user = await findUser(req.body.email);\n  console.log(user);\n  return issue(user);\n}\n\nfunction issue(user) {\n  throw new Error(\"not implemented\");\n}\n// FIXME: rate limit\n";
const LOGIN_DONE: &str = "import { findUser } from '../../db/users';\nimport { sign } from '../../lib/jwt';\n\nexport async function login(req) {\n  const user = await findUser(req.body.email);\n  return issue(user);\n}\n\nfunction issue(user) {\n  return sign(user);\n}\n";

/// Bug: verify judged the work tree by the findings of past commits. Commit A adds a stub, a
/// FIXME and a console.log; commit B of the same plan removes them. The artifact on disk is
/// clean, so it must not be a STUB, and the Anti-Patterns table must list only what is still
/// there, with its own text at its current line.
#[test]
fn the_work_tree_is_judged_as_it_is_now_not_by_past_commits() {
    let repo = TestRepo::new();
    repo.write("src/app.ts", "export const app = 1;\n");
    repo.plan("02-auth", "02-01", LOGIN_PLAN);
    repo.commit("docs(02): plan auth");
    repo.write("src/api/auth/login.ts", LOGIN_STUB);
    repo.write(
        "src/routes.ts",
        "import { login } from './api/auth/login';\n",
    );
    repo.write(
        "src/util/log.ts",
        "export function log(msg: string) {\n  // TODO: rotate logs\n  console.log(msg);\n}\n",
    );
    repo.commit("feat(02-01): login endpoint");
    repo.write("src/api/auth/login.ts", LOGIN_DONE);
    // The TODO stays, two lines lower; the console.log goes.
    repo.write(
        "src/util/log.ts",
        "import { out } from './out';\n\nexport function log(msg: string) {\n  // TODO: rotate logs\n  out.write(msg);\n}\n",
    );
    repo.commit("feat(02-01): finish login");
    repo.write(
        ".planning/phases/02-auth/02-01-SUMMARY.md",
        "---\nphase: 02-auth\nplan: 01\n---\n\n# Summary\n\n## Self-Check: PASSED\n",
    );
    repo.commit("docs(02-01): complete login plan");

    let (code, _, _) = repo.run(&["scan", "src/api/auth/login.ts"]);
    assert_eq!(code, 0, "the artifact on disk is clean");

    let (code, report, stderr) = repo.run(&["verify", "02"]);
    row(
        &report,
        "| `src/api/auth/login.ts` | Login endpoint | ✓ VERIFIED |",
    );
    for gone in ["STUB", "not implemented", "FIXME", "console.log"] {
        assert!(!report.contains(gone), "{gone} is history\n{report}");
    }
    let table = report
        .split("### Anti-Patterns Found\n\n")
        .nth(1)
        .and_then(|t| t.split("\n\n**").next())
        .unwrap();
    assert_eq!(
        table,
        "| File | Line | Pattern | Severity | Impact |\n|------|------|---------|----------|--------|\n\
| `src/util/log.ts` | 4 | `// TODO: rotate logs` | ⚠️ Warning | \\`TODO\\` comment, with no issue reference |",
        "{report}"
    );
    assert!(report.contains("status: human_needed\n"), "{report}");
    for gone in ["scan/stub-body", "scan/debt-marker", "scan/debug-output"] {
        assert!(!stderr.contains(gone), "{gone} is history\n{stderr}");
    }
    assert!(stderr.contains("src/util/log.ts:4:"), "{stderr}");
    assert_eq!(code, 0, "{stderr}");

    // A rule the project turned off is not in the report either.
    repo.write(
        "planlint.toml",
        "[rules]\n\"scan/todo-comment\" = \"off\"\n",
    );
    let (_, report, stderr) = repo.run(&["verify", "02"]);
    assert!(!report.contains("rotate logs"), "{report}");
    assert!(!stderr.contains("scan/todo-comment"), "{stderr}");
}

const SESSION_PLAN: &str = r#"phase: 01-setup
plan: 01
type: execute
wave: 1
depends_on: []
files_modified:
  - src/app.ts
autonomous: true
requirements: [SET-01]
must_haves:
  truths:
    - "Sessions are configured"
  artifacts:
    - path: src/does-not-exist.ts
      provides: "Session store"
  key_links:
    - from: src/app.ts
      to: src/does-not-exist.ts
      pattern: "app\.use\(session"
"#;

/// Bug: a plan whose frontmatter is not valid YAML (a regex in double quotes, SPEC §2) lost its
/// must_haves silently and verify said `passed`, `0/0`. It is a gap naming the plan, the place
/// and the fix; a plan with an empty `must_haves:` is said to declare none.
#[test]
fn must_haves_that_cannot_be_read_are_a_gap_and_none_declared_needs_a_person() {
    let repo = TestRepo::new();
    repo.write("src/app.ts", "export const app = 1;\n");
    repo.plan("01-setup", "01-01", SESSION_PLAN);
    repo.plan(
        "01-setup",
        "01-02",
        &SESSION_PLAN
            .replace("plan: 01", "plan: 02")
            .replace("wave: 1", "wave: 2")
            .split("must_haves:")
            .next()
            .map(|head| format!("{head}must_haves:\n"))
            .unwrap(),
    );
    repo.commit("docs(01): plan setup");
    repo.write("src/app.ts", "export const app = createApp();\n");
    repo.commit("feat(01-01): app");
    repo.write(
        "src/app.ts",
        "export const app = createApp({ session: true });\n",
    );
    repo.commit("feat(01-02): app");
    for plan in ["01-01", "01-02"] {
        repo.write(
            &format!(".planning/phases/01-setup/{plan}-SUMMARY.md"),
            format!(
                "---\nphase: 01-setup\nplan: {}\n---\n\n## Self-Check: PASSED\n",
                &plan[3..]
            ),
        );
    }
    repo.commit("docs(01): complete setup");

    let (code, report, stderr) = repo.run(&["verify", "01-01"]);
    assert_eq!(code, 1, "{stderr}");
    let front = report.split("\n---\n").next().unwrap();
    assert!(front.contains("status: gaps_found\n"), "{front}");
    assert!(
        front.contains("score: 0/1 must-haves verified\n"),
        "{front}"
    );
    assert!(
        front.contains("  - truth: \"must_haves of plan 01-01 can be read\"\n    status: failed\n"),
        "{front}"
    );
    assert!(
        front.contains(".planning/phases/01-setup/01-01-PLAN.md:20:"),
        "the place of the YAML error\n{front}"
    );
    assert!(
        front.contains(r"pattern: 'app\\.use\\(session'"),
        "the fix, in single quotes\n{front}"
    );
    assert!(!report.contains("None declared"), "{report}");
    assert!(stderr.contains("verify/must-haves-unreadable"), "{stderr}");

    let (_, _, stderr) = repo.run(&["verify", "01-01", "--write"]);
    let written = std::fs::read_to_string(
        repo.path()
            .join(".planning/phases/01-setup/01-01-VERIFICATION.md"),
    )
    .unwrap();
    assert!(
        written.contains("status: gaps_found\n"),
        "{stderr}\n{written}"
    );

    let (code, report, stderr) = repo.run(&["verify", "01-02"]);
    assert!(report.contains("status: human_needed\n"), "{report}");
    // GSD's list in the frontmatter, and its numbered blocks in the body.
    assert!(
        report.contains("human_verification:\n  - test: "),
        "{report}"
    );
    row(&report, "#### 1. What plan 01-02 delivers");
    assert!(
        row(&report, "**Why human:** ").contains("the plan declares no must\\_haves"),
        "{report}"
    );
    assert!(stderr.contains("verify/no-must-haves"), "{stderr}");
    assert_eq!(code, 0, "{stderr}");
}
/// Bug: the Files Modified table marked every file of a plan with no commits `✗ declared, not
/// touched`, while the diff rule rightly stays silent for unfinished plans.
#[test]
fn files_table_shows_plans_not_started_and_unfinished_without_a_cross() {
    let b = build();
    b.repo.plan(
        "03-billing",
        "03-03",
        "phase: 03-billing\nplan: 03\ntype: execute\nwave: 3\ndepends_on: [\"03-02\"]\nfiles_modified:\n  - src/billing/refunds.ts\nautonomous: true\nrequirements: [BILL-03]\nmust_haves:\n  truths: [\"Refunds work\"]\n",
    );
    b.repo.plan(
        "03-billing",
        "03-02",
        &PLAN_2.replace(
            "  - src/billing/payments.ts\n",
            "  - src/billing/payments.ts\n  - src/billing/receipts.ts\n",
        ),
    );
    b.repo.commit("docs(03): plan refunds");
    let (_, report, _) = b.repo.run(&["verify", "03"]);
    row(
        &report,
        "| 03-03 | `src/billing/refunds.ts` | ○ no commit names the plan |",
    );
    row(
        &report,
        "| 03-02 | `src/billing/receipts.ts` | ○ not touched yet (plan unfinished) |",
    );
    row(
        &report,
        "| 03-01 | `src/billing/pdf.ts` | ✗ declared, not touched |",
    );
    assert!(
        !report.lines().any(
            |l| (l.starts_with("| 03-02 |") || l.starts_with("| 03-03 |"))
                && l.contains('✗')
                && l.contains("declared")
        ),
        "{report}"
    );
}
