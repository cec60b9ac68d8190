//! Properties of the message linter on arbitrary input: it never panics, every span lies inside
//! the text on character boundaries, and a corrected header, when offered, passes itself.

use planlint::config::MessageConfig;
use planlint::message::{self, Comments, MessageContext};
use planlint::planning::resolve::Plans;
use planlint::planning::Planning;
use proptest::prelude::*;

/// Discovered once; linting reads no file, so the folder can go right after.
fn planning() -> &'static Planning {
    static PLANNING: std::sync::OnceLock<Planning> = std::sync::OnceLock::new();
    PLANNING.get_or_init(|| Planning::discover(tree().path(), ".planning"))
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        ".planning/phases/02-auth/02-01-PLAN.md",
        ".planning/phases/02-auth/02-03-PLAN.md",
        ".planning/quick/260630-uq4-x/260630-uq4-PLAN.md",
    ] {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "").unwrap();
    }
    dir
}

/// Text built from the pieces messages are made of, so the grammar's corners are reached often.
fn message_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("feat".to_string()),
        Just("Fix".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("02-01".to_string()),
        Just("2-3".to_string()),
        Just("12-05,06".to_string()),
        Just("quick-260630-uq4".to_string()),
        Just("!".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("# ".to_string()),
        Just("# ------------------------ >8 ------------------------\n".to_string()),
        Just("BREAKING CHANGE: ".to_string()),
        Just("Signed-off-by:".to_string()),
        Just(".".to_string()),
        Just("ü".to_string()),
        Just("\u{feff}".to_string()),
        "[a-zA-Z0-9 ]{0,8}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_stay_inside_the_text(text in message_like(), hook in any::<bool>()) {
        let config = MessageConfig::default();
        let comments = if hook { Comments::hook_default() } else { Comments::Keep };
        let cx = MessageContext::new(&config, Some(Plans::only(planning())), comments).unwrap();
        for f in message::lint(&text, &cx) {
            if let Some(span) = f.location.span {
                prop_assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{f:?}");
            }
            if let Some(fixed) = &f.suggestion {
                if f.rule.starts_with("msg/") && !f.rule.contains("footer") && !f.rule.contains("plan") {
                    let again = message::lint(fixed, &cx);
                    prop_assert!(
                        again.iter().all(|g| g.severity < planlint::finding::Severity::Error
                            || ["msg/header-length", "msg/plan-not-found", "msg/plan-ambiguous"]
                                .contains(&g.rule)),
                        "{text:?} -> {fixed:?} -> {again:?}"
                    );
                }
            }
        }
        let _ = message::plan_scopes(&message::parse(&text));
    }
}
