//! The seed's own example, end to end: the JWT phase of `gsd-execution-artifacts.txt` (three
//! plans in the older must_haves shape: `observable_truths`, `required_artifacts`,
//! `required_wiring`), built as a real repository, verified by the real binary. Its
//! VERIFICATION.md must read like the seed's: truths with evidence, artifacts that exist and
//! are wired, the wiring descriptions resolved to files, the console.log, and the cookie flags
//! left to a person.

use crate::common;

use common::TestRepo;

const PHASE: &str = ".planning/phases/02-jwt-implementation";

fn plan(plan: u32, truths: &[&str], artifacts: &[&str], wiring: &[&str], files: &[&str]) -> String {
    let list = |items: &[&str], indent: &str| {
        items
            .iter()
            .map(|i| format!("{indent}- \"{i}\"\n"))
            .collect::<String>()
    };
    format!(
        "---\nphase: 2\nplan: {plan}\ntype: execute\nwave: {plan}\ndepends_on: [{}]\nfiles_modified:\n{}autonomous: true\nrequirements: [AUTH-0{plan}]\nmust_haves:\n  observable_truths:\n{}  required_artifacts:\n{}  required_wiring:\n{}user_setup: []\n---\n\n# Phase 2, Plan {plan}\n",
        if plan > 1 { format!("2-{}-PLAN", plan - 1) } else { String::new() },
        list(files, "  "),
        list(truths, "    "),
        list(artifacts, "    "),
        list(wiring, "    "),
    )
}

fn summary(plan: u32, key_files: &[(&str, &str)], extra: &str) -> String {
    let keys: String = key_files
        .iter()
        .map(|(p, d)| format!("  - {p}: \"{d}\"\n"))
        .collect();
    format!(
        "---\nphase: 2\nplan: {plan}\nsubsystem: auth\nkey_files:\n{keys}---\n\n# Phase 2, Plan {plan} Summary\n\n{extra}\n"
    )
}

/// Builds the phase: each plan's files, its commits, its SUMMARY.
fn seed_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".planning/ROADMAP.md",
        "# Roadmap\n\n## Phases\n- [x] **Phase 1: Foundation** - setup\n- [ ] **Phase 2: JWT Implementation** - sessions\n\n## Phase Details\n\n### Phase 2: JWT Implementation\n**Goal**: Users log in with email and password and stay logged in securely\n",
    );
    repo.write("src/app.ts", "export const app = createApp();\n");
    repo.commit("chore: project skeleton");

    // 2-1: login.
    repo.write(
        &format!("{PHASE}/2-1-PLAN.md"),
        plan(
            1,
            &[
                "User can log in with email/password",
                "Sessions persist across page refresh",
            ],
            &["src/api/auth/login.ts"],
            &["login handler -> token generation"],
            &[
                "src/api/auth/login.ts",
                "src/lib/tokens.ts",
                "src/routes.ts",
            ],
        ),
    );
    repo.commit("docs(2-1): plan login");
    repo.write(
        "src/lib/tokens.ts",
        "import { SignJWT } from 'jose';\n\nexport async function createTokens(user) {\n  const access = await new SignJWT({ sub: user.id }).sign(key);\n  const refresh = crypto.randomUUID();\n  return { access, refresh };\n}\n",
    );
    repo.write(
        "src/api/auth/login.ts",
        "import { createTokens } from '../../lib/tokens';\nimport { users } from '../../db/users';\n\nexport async function login(req, res) {\n  const user = await users.verify(req.body.email, req.body.password);\n  if (!user) return res.status(401).end();\n  console.log('login', user.id);\n  const tokens = await createTokens(user);\n  res.cookie('refresh', tokens.refresh, { httpOnly: true, secure: true, sameSite: 'strict' });\n  return res.json({ access: tokens.access });\n}\n",
    );
    repo.write(
        "src/routes.ts",
        "import { login } from './api/auth/login';\nimport { refresh } from './api/auth/refresh';\nimport { requireAuth } from './middleware/auth';\n\napp.post('/api/auth/login', login);\napp.post('/api/auth/refresh', refresh);\napp.use('/api', requireAuth);\n",
    );
    repo.write(
        "tests/auth.test.ts",
        "describe('auth', () => {\n  it('user can log in with email/password', async () => {\n    expect((await post('/api/auth/login', creds)).status).toBe(200);\n  });\n  it('refresh token extends session', async () => {});\n  it('expired tokens rejected', async () => {});\n});\n",
    );
    let login = repo.commit("feat(2-1): login endpoint with token generation");
    repo.write(
        &format!("{PHASE}/2-1-SUMMARY.md"),
        summary(
            1,
            &[
                ("src/api/auth/login.ts", "Login endpoint"),
                ("src/lib/tokens.ts", "Token generation"),
                ("src/routes.ts", "Protected routes"),
            ],
            &format!(
                "## Task Commits\n\n- Task 1: login endpoint - `{}`\n\n## Self-Check: PASSED\n",
                &login[..7]
            ),
        ),
    );
    repo.commit("docs(2-1): complete login plan");

    // 2-2: middleware.
    repo.write(
        &format!("{PHASE}/2-2-PLAN.md"),
        plan(
            2,
            &["Expired tokens rejected"],
            &["src/middleware/auth.ts"],
            &[
                "auth middleware -> token validation",
                "protected routes -> auth middleware",
            ],
            &["src/middleware/auth.ts", "src/lib/verifyToken.ts"],
        ),
    );
    repo.write(
        "src/lib/verifyToken.ts",
        "import { jwtVerify } from 'jose';\n\nexport async function verifyToken(token) {\n  const { payload } = await jwtVerify(token, key);\n  return payload;\n}\n",
    );
    repo.write(
        "src/middleware/auth.ts",
        "import { verifyToken } from '../lib/verifyToken';\n\nexport async function requireAuth(req, res, next) {\n  try {\n    req.user = await verifyToken(req.headers.authorization?.slice(7));\n    next();\n  } catch {\n    res.status(401).end();\n  }\n}\n",
    );
    let mw = repo.commit("feat(2-2): auth middleware validates access tokens");
    repo.write(
        &format!("{PHASE}/2-2-SUMMARY.md"),
        summary(
            2,
            &[
                ("src/middleware/auth.ts", "Auth middleware"),
                ("src/lib/verifyToken.ts", "Token validation"),
            ],
            &format!(
                "## Task Commits\n\n- `{}` auth middleware\n\n## Self-Check: PASSED\n",
                &mw[..7]
            ),
        ),
    );
    repo.commit("docs(2-2): complete middleware plan");

    // 2-3: the seed's plan, as written there.
    repo.write(
        &format!("{PHASE}/2-3-PLAN.md"),
        plan(
            3,
            &[
                "Refresh token extends session",
                "Old token invalidated after rotation",
            ],
            &["src/api/auth/refresh.ts"],
            &["refresh endpoint -> token storage"],
            &[
                "src/api/auth/refresh.ts",
                "src/middleware/auth.ts",
                "db/migrations/002_refresh_tokens.sql",
            ],
        ),
    );
    repo.write(
        "db/migrations/002_refresh_tokens.sql",
        "CREATE TABLE refresh_tokens (\n  id uuid PRIMARY KEY,\n  user_id uuid REFERENCES users(id),\n  token_hash text NOT NULL,\n  family uuid NOT NULL,\n  expires_at timestamptz NOT NULL,\n  revoked_at timestamptz\n);\nCREATE INDEX ON refresh_tokens (token_hash);\n",
    );
    repo.write(
        "src/db/schema/refreshTokens.ts",
        "export const refreshTokens = table('refresh_tokens', {\n  id: uuid('id'),\n  tokenHash: text('token_hash'),\n  family: uuid('family'),\n});\n",
    );
    let t1 = repo.commit("feat(2-3): create refresh_tokens table and schema");
    repo.write(
        "src/api/auth/refresh.ts",
        "import { refreshTokens } from '../../db/schema/refreshTokens';\nimport { createTokens } from '../../lib/tokens';\n\nexport async function refresh(req, res) {\n  const old = await db.select(refreshTokens).where(hash(req.cookies.refresh));\n  if (!old || old.expiresAt < Date.now()) return res.status(401).end();\n  if (old.revokedAt) {\n    await revokeFamily(old.family);\n    return res.status(401).end();\n  }\n  const tokens = await createTokens(old.user);\n  await rotate(old, tokens.refresh);\n  res.cookie('refresh', tokens.refresh, { httpOnly: true, secure: true, sameSite: 'strict' });\n  return res.json({ access: tokens.access });\n}\n",
    );
    let t2 = repo.commit("feat(2-3): implement token rotation endpoint");
    repo.write(
        &format!("{PHASE}/2-3-SUMMARY.md"),
        summary(
            3,
            &[
                ("src/api/auth/refresh.ts", "Rotation endpoint"),
                ("src/db/schema/refreshTokens.ts", "Token storage"),
            ],
            &format!(
                "## Commits\n\n- `{}` feat(2-3): create refresh_tokens table and schema\n- `{}` feat(2-3): implement token rotation endpoint\n\n## Verification Status\n\n- New refresh token issued on rotation\n- Pending human verification: Cookie flags in production\n\n## Self-Check: PASSED\n",
                &t1[..7],
                &t2[..7]
            ),
        ),
    );
    repo.commit("docs(2-3): complete refresh token rotation plan");
    repo
}

#[test]
fn the_seed_phase_reads_like_the_seed_example() {
    let repo = seed_repo();
    let (code, report, stderr) = repo.run(&["verify", "2"]);
    // Print it: the report is what a person reads.
    println!("{report}");
    assert!(
        report.starts_with("---\nphase: 02-jwt-implementation\nverified: 2026-01-01T00:00:00Z\n"),
        "{report}\n{stderr}"
    );
    assert!(report.contains("# Phase 2: JWT Implementation Verification Report"));
    assert!(report.contains(
        "**Phase Goal:** Users log in with email and password and stay logged in securely"
    ));
    // Artifacts exist, have substance and are wired through routes.ts.
    for a in [
        "src/api/auth/login.ts",
        "src/middleware/auth.ts",
        "src/api/auth/refresh.ts",
    ] {
        assert!(
            report.contains(&format!("| `{a}` | "))
                && report.lines().any(|l| l.contains(a)
                    && l.contains("✓ VERIFIED")
                    && l.contains("referred to by src/routes.ts")),
            "{a}\n{report}"
        );
    }
    // The seed's wiring descriptions resolve to files and are wired.
    for (from, to, evidence) in [
        (
            "login handler",
            "token generation",
            "login.ts:1: import { createTokens } from '../../lib/tokens';",
        ),
        (
            "auth middleware",
            "token validation",
            "auth.ts:1: import { verifyToken } from '../lib/verifyToken';",
        ),
        (
            "protected routes",
            "auth middleware",
            "routes.ts:3: import { requireAuth } from './middleware/auth';",
        ),
        (
            "refresh endpoint",
            "token storage",
            "refresh.ts:1: import { refreshTokens } from '../../db/schema/refreshTokens';",
        ),
    ] {
        let row = report
            .lines()
            .find(|l| l.starts_with(&format!("| {from} | {to} |")))
            .unwrap_or_else(|| panic!("no row {from} -> {to}\n{report}"));
        assert!(row.contains("✓ WIRED"), "{row}");
        assert!(row.contains(evidence), "{row}");
    }
    // Truths a test names are verified; the others go to a person, with the SUMMARY's cookie flags.
    assert!(report.contains("| Refresh token extends session | ✓ VERIFIED | test at tests/auth.test.ts:5 names it (plan 02-03) |"), "{report}");
    assert!(report.contains("| Sessions persist across page refresh | ? UNCERTAIN |"));
    // GSD's Human Verification Required blocks, the SUMMARY's cookie flags among them.
    assert!(
        report.contains("\n#### 1. Sessions persist across page refresh\n"),
        "{report}"
    );
    assert!(
        report.contains("#### 3. Cookie flags in production\n"),
        "{report}"
    );
    assert!(
        report.contains(
            "**Why human:** the SUMMARY leaves it to a person (2-3-SUMMARY.md) (plan 02-03)"
        ),
        "{report}"
    );
    assert!(
        report.contains("human_verification:\n  - test: "),
        "{report}"
    );
    assert!(report.contains("status: human_needed"), "{report}");
    assert!(report.contains("gaps: []"));
    assert_eq!(code, 0, "{stderr}");
}
