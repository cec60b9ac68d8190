//! The decisions of verification, on plain inputs.

use super::*;

#[test]
fn wiring_descriptions_parse() {
    let l = LinkSpec::described("refresh endpoint -> token storage").unwrap();
    assert_eq!(
        (l.from.as_str(), l.to.as_str(), l.described),
        ("refresh endpoint", "token storage", true)
    );
    assert!(LinkSpec::described("no arrow").is_none());
    assert!(LinkSpec::described(" -> x").is_none());
}

#[test]
fn references_are_imports_and_module_paths_not_any_word() {
    let re = reference_regex("src/db/schema/refreshTokens.ts").unwrap();
    assert!(re.is_match("import { refreshTokens } from '../db/schema/refreshTokens';"));
    assert!(re.is_match("import x from \"./refreshTokens.js\""));
    assert!(!re.is_match("const refreshTokens = 1;"));
    let py = reference_regex("backend/services/auth.py").unwrap();
    assert!(py.is_match("from backend.services.auth import hash_password"));
    assert!(py.is_match("from .auth import x"));
    assert!(!py.is_match("auth = None"));
    let idx = reference_regex("src/api/auth/index.ts").unwrap();
    assert!(idx.is_match("import { login } from '../api/auth'"));
    let rs = reference_regex("src/report/sarif.rs").unwrap();
    assert!(rs.is_match("pub mod sarif;"));
    assert!(rs.is_match("use crate::report::sarif::render;"));
}

#[test]
fn referrers_skip_the_file_itself_and_record_the_line() {
    let targets = vec!["src/a/util.ts".to_string()];
    let mut r = Referrers::new(&targets);
    r.scan("src/a/util.ts", "import x from './util'\n");
    assert_eq!(r.of("src/a/util.ts"), None);
    r.scan("src/main.ts", "// hi\nimport { f } from './a/util';\n");
    assert_eq!(r.of("src/a/util.ts"), Some(&("src/main.ts".to_string(), 2)));
    assert!(!Referrers::considers(
        ".planning/phases/01/01-01-PLAN.md",
        ".planning"
    ));
    assert!(!Referrers::considers("README.md", ".planning"));
    assert!(Referrers::considers("src/main.ts", ".planning"));
}

#[test]
fn words_split_camel_case_and_punctuation() {
    let w: Vec<String> = words("refreshTokens_v2-API").into_iter().collect();
    assert_eq!(w, ["api", "refresh", "token", "v2"]);
    assert!(words("access").contains("access"));
}

#[test]
fn anti_patterns_are_judged_on_the_work_tree() {
    use crate::scan::rules::{DEBT_MARKER, DEBUG_OUTPUT, STUB_BODY, TODO_COMMENT};
    let at = |rule: &'static Rule, path: &str, line: u32, code: &str| {
        Finding::new(rule, code)
            .at(Location::at(path, line, 1))
            .snippet(code)
    };
    let past = |f: Finding| {
        let mut f = f;
        f.location.commit = Some("c1".into());
        f
    };
    let history = vec![
        past(at(
            &STUB_BODY,
            "src/a.ts",
            10,
            "throw new Error(\"not implemented\");",
        )),
        past(at(&TODO_COMMENT, "src/log.ts", 2, "// TODO: rotate")),
        past(at(&DEBUG_OUTPUT, "src/log.ts", 3, "console.log(msg);")),
        past(at(&DEBT_MARKER, "src/big.bin.ts", 7, "// FIXME")),
        Finding::new(&SUMMARY_MISSING, "no SUMMARY").at(Location::plan("02-01")),
    ];
    let scanned = BTreeMap::from([
        // The artifact is clean now; an older FIXME in it counts all the same.
        (
            "src/a.ts".to_string(),
            vec![at(&DEBT_MARKER, "src/a.ts", 1, "// FIXME")],
        ),
        // The TODO moved down two lines, the console.log is gone, an older one stays out.
        (
            "src/log.ts".to_string(),
            vec![
                at(&TODO_COMMENT, "src/log.ts", 4, "// TODO: rotate"),
                at(&DEBUG_OUTPUT, "src/log.ts", 9, "console.log(old);"),
            ],
        ),
    ]);
    let now = as_it_stands(history, &scanned, &["src/a.ts".to_string()]);
    let seen: Vec<(&str, Option<&str>, Option<u32>, bool)> = now
        .iter()
        .map(|f| {
            (
                f.rule,
                f.location.path.as_deref(),
                f.location.line,
                f.location.commit.is_some(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            // Not scanned now (unreadable): the range's finding stands.
            ("scan/debt-marker", Some("src/big.bin.ts"), Some(7), true),
            ("verify/summary-missing", None, None, false),
            ("scan/debt-marker", Some("src/a.ts"), Some(1), false),
            ("scan/todo-comment", Some("src/log.ts"), Some(4), false),
        ]
    );
    let rows = anti_patterns(&now);
    assert_eq!(rows[0].pattern, "// FIXME");
    assert_eq!(rows[2].pattern, "// TODO: rotate");
}

#[test]
fn truths_map_to_tests_that_spell_them_out() {
    let tests = vec![(
        "t/refresh.test.ts".to_string(),
        "x\nit('Refresh token extends session', () => {\n".to_string(),
    )];
    assert_eq!(
        test_naming("Refresh token extends session", &tests),
        Some(("t/refresh.test.ts".to_string(), 2))
    );
    assert_eq!(test_naming("Old token invalidated", &tests), None);
}
