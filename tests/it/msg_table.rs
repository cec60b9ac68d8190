//! The message rules, table-driven: every message is linted against one `.planning/` tree and
//! the exact set of findings (rule id and byte span each) is asserted.

use planlint::config::{MessageConfig, ScopePolicy};
use planlint::finding::{Finding, Span};
use planlint::message::{self, Comments, MessageContext};
use planlint::planning::resolve::Plans;
use planlint::planning::Planning;

/// Where a finding's span is expected.
#[derive(Debug, Clone, Copy)]
enum At {
    /// The first occurrence of this text in the message.
    Text(&'static str),
    /// Explicit byte offsets (zero-width spans, repeated text).
    Range(usize, usize),
    /// No span (a finding about the whole message).
    Whole,
}

use At::{Range, Text, Whole};

type Case = (&'static str, &'static [(&'static str, At)]);

const PLAN_FILES: &[&str] = &[
    ".planning/phases/02-auth/02-01-PLAN.md",
    ".planning/phases/02-auth/02-01-SUMMARY.md",
    ".planning/phases/02-auth/02-02-login-PLAN.md",
    ".planning/phases/02-auth/02-03-PLAN.md",
    ".planning/phases/02.1-hotfix/02.1-01-PLAN.md",
    ".planning/phases/03-dup/03-01-PLAN.md",
    ".planning/phases/03-dup/03-01-redo-PLAN.md",
    ".planning/phases/07-batch-rendering/07-01-PLAN.md",
    ".planning/phases/08-x/08-02-PLAN.md",
    ".planning/phases/12-multi/12-05-PLAN.md",
    ".planning/phases/12-multi/12-06-PLAN.md",
    ".planning/phases/12A-extra/12A-01-PLAN.md",
    ".planning/phases/100-big/100-02-PLAN.md",
    ".planning/phases/CK-02-api/CK-02-01-PLAN.md",
    ".planning/milestones/v1.0-phases/01-setup/01-01-PLAN.md",
    ".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md",
    ".planning/quick/260605-mvt-tidy/260605-mvt-PLAN.md",
];

fn planning_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in PLAN_FILES {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, "---\n---\n").expect("write");
    }
    dir
}

fn span_of(text: &str, at: At) -> Option<Span> {
    match at {
        Text(t) => {
            let i = text
                .find(t)
                .unwrap_or_else(|| panic!("`{t}` is not in {text:?}"));
            Some(Span::new(i, i + t.len()))
        }
        Range(a, b) => Some(Span::new(a, b)),
        Whole => None,
    }
}

fn check_table(cases: &[Case], cx: &MessageContext<'_>) -> usize {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got: Vec<(&str, Option<(usize, usize)>)> = message::lint(text, cx)
            .iter()
            .map(|f: &Finding| (f.rule, f.location.span.map(|s| (s.start, s.end))))
            .collect();
        let want: Vec<(&str, Option<(usize, usize)>)> = expected
            .iter()
            .map(|(rule, at)| (*rule, span_of(text, *at).map(|s| (s.start, s.end))))
            .collect();
        let mut g = got.clone();
        let mut w = want.clone();
        g.sort();
        w.sort();
        if g != w {
            failures.push(format!("{text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

const VALID: &[Case] = &[
    // Every plan-scope shape of SPEC §3.
    ("feat(02-03): add login", &[]),
    ("feat(02-01): add login", &[]),
    ("fix(02.1-01): patch the session", &[]),
    ("feat(100-02): big phase", &[]),
    ("feat(CK-02-01): project code", &[]),
    ("feat(12A-01): letter phase", &[]),
    ("feat(12-05,06): two plans", &[]),
    ("docs(12-05,12-06): two full ids", &[]),
    ("feat(02-02-login): plan with its slug", &[]),
    ("feat(01-01): archived plan still counts", &[]),
    // GSD's quick workflow: the plan number as the scope of a dated task's commits.
    ("docs(quick-01): complete 260630-uq4 plan summary", &[]),
    ("feat(quick-01): add the example", &[]),
    // Phases, folders, quick tasks, named scopes.
    ("docs(02): phase only", &[]),
    ("docs(phase-02): phase keyword", &[]),
    ("docs(02.1): inserted phase", &[]),
    ("docs(07-batch-rendering): phase folder", &[]),
    ("docs(quick-260630-uq4): quick task", &[]),
    ("feat(260605-mvt): bare quick id", &[]),
    ("fix(quick-260630-uq4): quick fix", &[]),
    ("docs(state): update state", &[]),
    ("docs(roadmap): update roadmap", &[]),
    ("docs(v1.2): milestone", &[]),
    ("chore(deps): bump serde", &[]),
    ("chore: no scope at all", &[]),
    ("ci: cache cargo", &[]),
    ("build: pin toolchain", &[]),
    ("style: rustfmt", &[]),
    ("wip: half done", &[]),
    ("revert: feat(02-01): add login", &[]),
    ("test(02-01): cover login", &[]),
    ("perf(02-01): faster login", &[]),
    ("refactor(02-01): split login", &[]),
    // Breaking changes.
    ("feat(02-01)!: drop the v1 api", &[]),
    (
        "feat(02-01): x\n\nBREAKING CHANGE: the v1 api is gone",
        &[],
    ),
    ("feat(02-01): x\n\nBREAKING-CHANGE: gone", &[]),
    // Bodies and trailers.
    (
        "feat(02-01): x\n\nWhy it changed.\n\nRefs: #12\nSigned-off-by: Ann <ann@example.com>",
        &[],
    ),
    ("fix(02-01): x\n\nCloses #12\nReviewed-by: Bo", &[]),
    (
        "feat(02-01): x\n\nNote: this paragraph is prose\nthat wraps onto a second line",
        &[],
    ),
    (
        "feat(02-01): x\n\nBREAKING CHANGE: gone\n  and explained on two lines",
        &[],
    ),
    ("feat(02-01): wait for it...", &[]),
    // Git hygiene: comments, scissors, CRLF, blanks, BOM.
    (
        "feat(02-01): x\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n",
        &[],
    ),
    ("feat(02-01): x\r\n\r\nbody\r\n", &[]),
    ("\n# leading comment\n\nfeat(02-01): x\n\n\n", &[]),
    ("feat(02-01): trailing blanks   \n", &[]),
    ("\u{feff}feat(02-01): x", &[]),
    // Messages git and forges write.
    ("Merge branch 'main' into feature", &[]),
    ("Merge pull request #12 from ann/login", &[]),
    ("Merge branch 'feature' into 'main'", &[]),
    ("Merge remote-tracking branch 'origin/main'", &[]),
    ("Merged in feature/login (pull request #3)", &[]),
    ("Merged PR 123: Add login", &[]),
    ("Revert \"feat(02-01): add login\"", &[]),
    ("Reapply \"feat(02-01): add login\"", &[]),
    ("fixup! feat(02-01): add login", &[]),
    ("squash! feat(02-01): add login", &[]),
    ("amend! feat(02-01): add login", &[]),
    ("fixup! Added stuff without any type", &[]),
];

const INVALID: &[Case] = &[
    // The header grammar, one primary cause each.
    (
        "feat(2-3) add x",
        &[
            ("msg/plan-id-style", Text("2-3")),
            ("msg/missing-colon", Range(9, 10)),
        ],
    ),
    ("feat(02-03) add x", &[("msg/missing-colon", Range(11, 12))]),
    ("feat(02-03)", &[("msg/missing-colon", Range(11, 11))]),
    (
        "feat(02-03) - add x",
        &[("msg/missing-colon", Range(11, 12))],
    ),
    (
        "feat add x",
        &[
            ("msg/missing-colon", Range(4, 5)),
            ("msg/missing-plan-scope", Text("feat")),
        ],
    ),
    (
        "FEAT add x",
        &[
            ("msg/missing-colon", Range(4, 5)),
            ("msg/missing-plan-scope", Text("FEAT")),
        ],
    ),
    ("Feat(02-01): add x", &[("msg/type-case", Text("Feat"))]),
    ("FIX(02-01): x", &[("msg/type-case", Text("FIX"))]),
    (
        "feature(02-01): add x",
        &[("msg/unknown-type", Text("feature"))],
    ),
    ("feta(02-01): add x", &[("msg/unknown-type", Text("feta"))]),
    (
        "banana(02-01): add x",
        &[("msg/unknown-type", Text("banana"))],
    ),
    (
        "security(02-01): x",
        &[("msg/unknown-type", Text("security"))],
    ),
    (
        "feat(02-01):add",
        &[("msg/space-after-colon", Range(12, 13))],
    ),
    (
        "feat(02-01):  add",
        &[("msg/space-after-colon", Range(12, 14))],
    ),
    (
        "feat(02-01):\tadd",
        &[("msg/space-after-colon", Range(12, 13))],
    ),
    ("feat(02-01):", &[("msg/empty-description", Range(11, 12))]),
    ("feat(02-01): ", &[("msg/empty-description", Range(11, 12))]),
    ("feat(02-01)!:", &[("msg/empty-description", Range(12, 13))]),
    ("feat(): x", &[("msg/empty-scope", Text("()"))]),
    ("feat( 02-01 ): x", &[("msg/header-format", Range(5, 6))]),
    ("feat (02-01): x", &[("msg/header-format", Range(4, 5))]),
    ("feat(02-01) : x", &[("msg/header-format", Range(11, 12))]),
    ("feat!(02-01): x", &[("msg/header-format", Range(4, 5))]),
    ("feat(02-01: x", &[("msg/header-format", Range(4, 5))]),
    ("(02-01): x", &[("msg/header-format", Range(0, 1))]),
    (": x", &[("msg/header-format", Range(0, 1))]),
    ("  feat(02-01): x", &[("msg/header-format", Range(0, 2))]),
    ("Added login form", &[("msg/header-format", Text("Added"))]),
    ("Initial commit", &[("msg/header-format", Text("Initial"))]),
    (
        "Merge sort into the parser",
        &[("msg/header-format", Text("Merge"))],
    ),
    (
        "feat(02-01)(api): x",
        &[("msg/missing-colon", Range(11, 12))],
    ),
    // Length and punctuation.
    (
        "feat(02-01): a description that is far too long for any header, really it is",
        &[("msg/header-length", Range(72, 76))],
    ),
    (
        "feat(02-01): ünïcödé counts characters not bytes in this long header line!!",
        &[("msg/header-length", Text("e!!"))],
    ),
    (
        "feat(02-01): add login.",
        &[("msg/trailing-period", Text("."))],
    ),
    // Body and footers.
    (
        "feat(02-01): x\nbody right away",
        &[("msg/body-separation", Text("body right away"))],
    ),
    (
        "feat(02-01): x\n\nbody\n\nSigned-off-by:Ann\nRefs: #1",
        &[("msg/footer-format", Text("Signed-off-by:Ann"))],
    ),
    (
        "feat(02-01): x\n\nBreaking change: removed the v1 api",
        &[(
            "msg/footer-format",
            Text("Breaking change: removed the v1 api"),
        )],
    ),
    (
        "feat(02-01): x\n\nRefs: #1\nbreaking-change: gone",
        &[("msg/footer-format", Text("breaking-change"))],
    ),
    (
        "feat(02-01): x\n\nRefs: #1\nReviewed by: Bo",
        &[("msg/footer-format", Text("Reviewed by: Bo"))],
    ),
    (
        "feat(02-01): x\n\nRefs: #1\nCo-authored-by Ann <a@b.c>",
        &[("msg/footer-format", Text("Co-authored-by Ann <a@b.c>"))],
    ),
    // Plan lookups.
    ("feat(02-07): x", &[("msg/plan-not-found", Text("02-07"))]),
    ("feat(2-7): x", &[("msg/plan-not-found", Text("2-7"))]),
    ("feat(8-2): x", &[("msg/plan-id-style", Text("8-2"))]),
    (
        "feat(02.2-01): x",
        &[("msg/plan-not-found", Text("02.2-01"))],
    ),
    (
        "feat(CK-02-09): x",
        &[("msg/plan-not-found", Text("CK-02-09"))],
    ),
    ("feat(12-05,07): x", &[("msg/plan-not-found", Text("07"))]),
    (
        "chore(02-07): any type is looked up",
        &[("msg/plan-not-found", Text("02-07"))],
    ),
    ("feat(03-01): x", &[("msg/plan-ambiguous", Text("03-01"))]),
    ("docs(04): x", &[("msg/plan-not-found", Text("04"))]),
    // Bare digits far past the last phase are an issue number.
    ("fix(262): x", &[]),
    (
        "docs(phase-04): x",
        &[("msg/plan-not-found", Text("phase-04"))],
    ),
    (
        "docs(09-missing-phase): x",
        &[("msg/plan-not-found", Text("09-missing-phase"))],
    ),
    (
        "docs(quick-260630-zzz): x",
        &[("msg/plan-not-found", Text("260630-zzz"))],
    ),
    (
        "feat(260601-abc): x",
        &[("msg/plan-not-found", Text("260601-abc"))],
    ),
    // Code types without a plan scope: a warning when the config asks for one.
    ("feat: x", &[("msg/missing-plan-scope", Text("feat"))]),
    ("fix: typo", &[("msg/missing-plan-scope", Text("fix"))]),
    ("feat!: x", &[("msg/missing-plan-scope", Text("feat"))]),
    (
        "feat(state): x",
        &[("msg/missing-plan-scope", Text("state"))],
    ),
    // A phase is what GSD attributes this work to (`test(07): complete UAT`): accepted.
    ("feat(02): x", &[]),
    ("refactor(07-batch-rendering): x", &[]),
    ("test(phase-2): complete UAT", &[]),
    // Release tools' bare versions and GSD's ship titles are not Conventional Commits.
    ("1.4.0", &[]),
    (
        "v2.0.0-rc.1\n\nAutomatically generated by python-semantic-release",
        &[],
    ),
    ("Phase 2: Auth (#42)", &[]),
    ("Phase two: Auth", &[("msg/header-format", Text("Phase"))]),
    // GitHub's ` (#123)` after a squash-merged title is not counted.
    (
        "feat(02-01): add the refresh token rotation endpoint with storage and te (#4242)",
        &[],
    ),
    (
        "feat(02-01): add the refresh token rotation endpoint with storage and tex",
        &[("msg/header-length", Text("x"))],
    ),
    // Empty messages.
    ("", &[("msg/empty-message", Whole)]),
    ("# only comments\n#\n", &[("msg/empty-message", Whole)]),
    ("\n\n  \n", &[("msg/empty-message", Whole)]),
    (
        "# ------------------------ >8 ------------------------\nfeat: below the scissors",
        &[("msg/empty-message", Whole)],
    ),
    // Spans still point into the original text through comments and CRLF.
    (
        "# comment\nfeat(02-01) x",
        &[("msg/missing-colon", Range(21, 22))],
    ),
    (
        "feat(02-01):add\r\n",
        &[("msg/space-after-colon", Range(12, 13))],
    ),
    (
        "\r\n# c\r\nfeat(02-07): x\r\n",
        &[("msg/plan-not-found", Text("02-07"))],
    ),
];

/// The table's config: code types asked to name a plan and git's 72-character header, what a
/// team of agents executing plans would set (`planlint.toml`: `scopes = { feat =
/// "plan-preferred", ... }`, `max-header-length = 72`), so those rules are in the table too.
fn strict() -> MessageConfig {
    let mut config = MessageConfig {
        max_header_length: 72,
        ..MessageConfig::default()
    };
    for ty in ["feat", "fix", "test", "refactor", "perf"] {
        config
            .scopes
            .insert(ty.into(), planlint::config::ScopePolicy::PlanPreferred);
    }
    config
}

/// The hook's context over a whole planning tree.
fn hook_context<'a>(config: &'a MessageConfig, planning: &'a Planning) -> MessageContext<'a> {
    MessageContext::new(
        config,
        Some(Plans::only(planning)),
        Comments::hook_default(),
    )
    .unwrap()
}

#[test]
fn table_of_messages() {
    let tree = planning_tree();
    let planning = Planning::discover(tree.path(), ".planning");
    let config = strict();
    let cx = hook_context(&config, &planning);
    let n = check_table(VALID, &cx) + check_table(INVALID, &cx);
    assert!(n >= 80, "only {n} messages");
}

#[test]
fn by_default_any_scope_goes_and_headers_reach_a_hundred_characters() {
    let tree = planning_tree();
    let planning = Planning::discover(tree.path(), ".planning");
    let config = MessageConfig::default();
    let cx = MessageContext::new(
        &config,
        Some(Plans::only(&planning)),
        Comments::hook_default(),
    )
    .unwrap();
    // The table holds `&'static str`s.
    let ninety: &'static str = Box::leak(format!("fix(ci): {}", "x".repeat(81)).into_boxed_str());
    let over: &'static str = Box::leak(format!("fix(ci): {}", "x".repeat(92)).into_boxed_str());
    check_table(
        &[
            ("feat: x", &[]),
            ("fix(ci): pin the runner", &[]),
            (ninety, &[]),
            (over, &[("msg/header-length", Range(100, 101))]),
            // What looks like a plan is still looked up.
            ("feat(02-07): x", &[("msg/plan-not-found", Text("02-07"))]),
        ],
        &cx,
    );
}

#[test]
fn without_a_planning_folder_nothing_is_looked_up() {
    let empty = tempfile::tempdir().unwrap();
    let planning = Planning::discover(empty.path(), ".planning");
    let config = MessageConfig::default();
    for planning in [None, Some(&planning)] {
        let cx = MessageContext::new(&config, planning.map(Plans::only), Comments::hook_default())
            .unwrap();
        check_table(
            &[
                ("feat: x", &[]),
                ("feat(99-99): no plan to look up", &[]),
                ("docs(phase-42): x", &[]),
                ("feat(2-3) add x", &[("msg/missing-colon", Range(9, 10))]),
            ],
            &cx,
        );
    }
}

#[test]
fn config_changes_types_policies_and_limits() {
    let tree = planning_tree();
    let planning = Planning::discover(tree.path(), ".planning");
    let mut config = MessageConfig::default();
    config.types.push("security".into());
    config.scopes.insert("feat".into(), ScopePolicy::Plan);
    config.scopes.insert("style".into(), ScopePolicy::None);
    config.max_header_length = 20;
    config.ignore = vec!["^Release v".into()];
    let cx = MessageContext::new(
        &config,
        Some(Plans::only(&planning)),
        Comments::hook_default(),
    )
    .unwrap();
    check_table(
        &[
            ("security(02-01): x", &[]),
            ("feat: x", &[("msg/missing-plan-scope", Text("feat"))]),
            (
                "style(02-01): x",
                &[("msg/scope-not-allowed", Text("(02-01)"))],
            ),
            (
                "docs: twenty-one chars",
                &[("msg/header-length", Range(20, 22))],
            ),
            ("Release v1.2.3", &[]),
        ],
        &cx,
    );
    let plan = message::lint("feat: x", &cx);
    assert_eq!(plan[0].severity, planlint::finding::Severity::Error);
}

#[test]
fn custom_comment_characters() {
    let config = MessageConfig::default();
    let semi = MessageContext::new(&config, None, Comments::Strip(";".into())).unwrap();
    check_table(
        &[
            ("feat: x\n; a comment\n", &[]),
            (
                "feat: x\n# not a comment here\n",
                &[("msg/body-separation", Text("# not a comment here"))],
            ),
        ],
        &semi,
    );
    let auto = MessageContext::new(&config, None, Comments::Auto).unwrap();
    check_table(
        &[("feat: x\n\n#12 is the issue\n\n; Please enter\n;\n", &[])],
        &auto,
    );
    // A recorded commit keeps `#` lines: they are message text.
    let keep = MessageContext::new(&config, None, Comments::Keep).unwrap();
    check_table(&[("#12: x", &[("msg/header-format", Range(0, 3))])], &keep);
}

#[test]
fn corrected_headers_are_suggested() {
    let tree = planning_tree();
    let planning = Planning::discover(tree.path(), ".planning");
    let config = MessageConfig::default();
    let cx = MessageContext::new(
        &config,
        Some(Plans::only(&planning)),
        Comments::hook_default(),
    )
    .unwrap();
    for (text, rule, fixed) in [
        ("feat(2-3) add x", "msg/missing-colon", "feat(02-03): add x"),
        ("Feat(02-01): add x", "msg/type-case", "feat(02-01): add x"),
        (
            "feature(02-01): add x",
            "msg/unknown-type",
            "feat(02-01): add x",
        ),
        ("FEAT add x", "msg/missing-colon", "feat: add x"),
        (
            "feat(02-01):add",
            "msg/space-after-colon",
            "feat(02-01): add",
        ),
        ("feat(): x", "msg/empty-scope", "feat: x"),
        ("feat!(02-01): x", "msg/header-format", "feat(02-01)!: x"),
        ("feat(02-01: x", "msg/header-format", "feat(02-01): x"),
        ("feat(02-01): x.", "msg/trailing-period", "feat(02-01): x"),
        (
            "Added login form",
            "msg/header-format",
            "feat: added login form",
        ),
        ("feat(02-07): x", "msg/plan-not-found", "feat(02-03): x"),
        ("feat(8-2): x", "msg/plan-id-style", "feat(08-02): x"),
        (
            "feat(02-01): x\n\nBreaking change: gone",
            "msg/footer-format",
            "BREAKING CHANGE: gone",
        ),
    ] {
        let findings = message::lint(text, &cx);
        let f = findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{text}: no {rule} in {findings:?}"));
        assert_eq!(f.suggestion.as_deref(), Some(fixed), "{text}");
        assert!(f.help.is_some(), "{text}: {rule} has no help");
    }
    // Nothing to infer: no suggestion rather than a wrong one.
    let f = &message::lint("Initial commit", &cx)[0];
    assert_eq!(f.suggestion, None);
}

/// The hook reads only the folders a scope names (and the whole tree when the scope is found
/// nowhere): through the binary, every message of the table gets the findings the library gives
/// with the whole tree listed, `did you mean`, archived plans and ambiguity included.
#[test]
fn the_hook_answers_as_the_whole_tree_does() {
    let repo = crate::common::TestRepo::new();
    for f in PLAN_FILES {
        repo.write(f, "---\n---\n");
    }
    repo.write(
        "planlint.toml",
        "[message]\nmax-header-length = 72\n\n[message.scopes]\nfeat = \"plan-preferred\"\n\
         fix = \"plan-preferred\"\ntest = \"plan-preferred\"\nrefactor = \"plan-preferred\"\n\
         perf = \"plan-preferred\"\n",
    );
    let planning = Planning::discover(repo.path(), ".planning");
    let config = strict();
    let cx = hook_context(&config, &planning);
    let mut failures = Vec::new();
    for (text, _) in VALID.iter().chain(INVALID) {
        let mut want: Vec<(String, String)> = message::lint(text, &cx)
            .iter()
            .map(|f| (f.rule.to_string(), f.message.to_string()))
            .collect();
        let out = repo
            .planlint()
            .args(["msg", "--format", "json", "-"])
            .write_stdin(*text)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{text:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        let mut got: Vec<(String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        if want != got {
            failures.push(format!(
                "{text:?}\n  whole tree {want:?}\n  hook       {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn numbered_quick_scopes_in_a_tree_of_numbered_tasks_are_looked_up() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        ".planning/quick/001-fix-login/001-PLAN.md",
        ".planning/quick/260630-uq4-tidy/260630-uq4-PLAN.md",
    ] {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "---\n---\n").unwrap();
    }
    let planning = Planning::discover(dir.path(), ".planning");
    let config = MessageConfig::default();
    let cx = hook_context(&config, &planning);
    check_table(
        &[
            ("fix(quick-01): the login", &[]),
            ("fix(quick-1): the login", &[]),
            ("fix(quick-02): x", &[("msg/plan-not-found", Range(10, 12))]),
        ],
        &cx,
    );
}
