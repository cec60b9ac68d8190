//! Laws that must hold for every input, checked with proptest: plan ids print and parse back to
//! themselves and order by their numbers; path normalisation is idempotent and never leaves the
//! repository.

use planlint::fs::normalize_repo_path;
use planlint::planning::id::{PhaseId, PlanId};
use proptest::prelude::*;

/// A phase as its parts: (project code, number, letter, decimal segments).
fn phase_parts() -> impl Strategy<Value = (Option<String>, u32, Option<char>, Vec<u32>)> {
    (
        proptest::option::of("[A-Z]{2,4}"),
        0u32..1000,
        proptest::option::of(proptest::char::range('A', 'Z')),
        proptest::collection::vec(0u32..100, 0..3),
    )
}

fn phase_text(
    code: &Option<String>,
    n: u32,
    letter: Option<char>,
    decimals: &[u32],
    pad: usize,
) -> String {
    let mut s = String::new();
    if let Some(c) = code {
        s.push_str(c);
        s.push('-');
    }
    s.push_str(&format!("{n:0pad$}"));
    if let Some(l) = letter {
        s.push(l);
    }
    for d in decimals {
        s.push_str(&format!(".{d}"));
    }
    s
}

proptest! {
    #[test]
    fn plan_ids_round_trip_and_ignore_padding(
        (code, n, letter, decimals) in phase_parts(),
        plan in 0u32..1000,
        pad in 1usize..4,
    ) {
        let written = format!("{}-{plan:0pad$}", phase_text(&code, n, letter, &decimals, pad));
        let id = PlanId::parse(&written).expect("a well-formed id parses");
        prop_assert_eq!(id.raw(), written.as_str());
        prop_assert_eq!(id.plan, plan);
        prop_assert_eq!(id.phase.number(), n);
        let printed = id.to_string();
        let again = PlanId::parse(&printed).expect("the printed form parses");
        prop_assert_eq!(&again, &id);
        prop_assert_eq!(again.to_string(), printed.clone());
        prop_assert!(again.is_canonical());
        let padded = format!("{}-{plan:03}", phase_text(&code, n, letter, &decimals, 3));
        prop_assert_eq!(PlanId::parse(&padded).expect("padded parses"), id);
    }

    #[test]
    fn phase_order_is_numeric(a in 0u32..500, b in 0u32..500, da in 0u32..20, db in 0u32..20) {
        let pa = PhaseId::parse(&format!("{a}.{da}")).unwrap();
        let pb = PhaseId::parse(&format!("{b:03}.{db}")).unwrap();
        prop_assert_eq!(pa.cmp(&pb), (a, da).cmp(&(b, db)));
        // An inserted phase sorts after its parent and before the next one.
        let parent = PhaseId::parse(&a.to_string()).unwrap();
        let next = PhaseId::parse(&(a + 1).to_string()).unwrap();
        prop_assert!(parent < pa && pa < next);
    }

    #[test]
    fn normalised_paths_are_idempotent_and_stay_inside(raw in "[a-zA-Z0-9 ._/\\\\-]{0,40}") {
        if let Some(n) = normalize_repo_path(&raw) {
            let again = normalize_repo_path(&n);
            prop_assert_eq!(again.as_deref(), Some(n.as_str()));
            prop_assert!(!n.starts_with('/'));
            prop_assert!(!n.contains('\\'));
            prop_assert!(n.split('/').all(|c| !c.is_empty() && c != "." && c != ".."));
            let dotted = format!("./{}", n.replace('/', "\\"));
            prop_assert_eq!(normalize_repo_path(&dotted), Some(n));
        } else {
            let t = raw.trim().replace('\\', "/");
            prop_assert!(
                t.is_empty()
                    || t.starts_with('/')
                    || t.split('/').any(|c| c.trim() == "..")
                    || t.split('/').all(|c| c.trim().is_empty() || c.trim() == ".")
                    || t.as_bytes().get(1) == Some(&b':'),
                "refused a harmless path: {:?}", raw
            );
        }
    }
}

/// Pieces that open and close every kind of region, so random sequences of them reach the
/// lexers' tricky states (unterminated strings, nested comments, raw strings, heredocs).
const LEX_PIECES: &[&str] = &[
    "\"",
    "'",
    "`",
    "/*",
    "*/",
    "//",
    "#",
    "--",
    "<!--",
    "-->",
    "r#\"",
    "\"#",
    "\"\"\"",
    "'''",
    "${",
    "}",
    "{",
    "\n",
    "\\",
    "<<EOF\n",
    "EOF\n",
    "/",
    "=~ /",
    "<script>",
    "</script>",
    "x",
    " ",
    "TODO",
    "é",
    "\u{0}",
];

fn lexer_input() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(LEX_PIECES).prop_map(|s| s.as_bytes().to_vec()),
            proptest::collection::vec(any::<u8>(), 0..3),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every language's lexer yields regions that cover the input exactly once, in order.
    #[test]
    fn lexer_regions_cover_the_input_exactly_once(src in lexer_input()) {
        use planlint::scan::lang::Lang;
        use planlint::scan::lexer::Lexer;
        for lang in Lang::ALL {
            let mut lx = Lexer::new(lang.syntax(), &src);
            let mut at = 0;
            while let Some(r) = lx.next_region() {
                prop_assert_eq!(r.start, at, "{:?}: gap or overlap", lang);
                prop_assert!(r.end > r.start, "{:?}: empty region at {}", lang, r.start);
                at = r.end;
            }
            prop_assert_eq!(at, src.len(), "{:?}: input not covered", lang);
        }
    }
}
