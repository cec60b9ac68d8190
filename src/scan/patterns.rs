//! The per-language pattern tables: what to look for, in which class of bytes, and which check
//! confirms it.
//!
//! Each language's patterns compile into one multi-pattern regex (ASCII mode: Unicode-aware
//! `\b` is 40-100x slower). Every pattern starts with a literal, so the regex engine's literal
//! prefilter rejects most of a file before any language-aware work; a match is only a
//! candidate, which the lexer (is it in code, a comment, a string?) and a [`Check`] confirm.
//! Structures spanning lines (an empty block after `catch`, a Python suite) are found by a
//! short anchor plus a check, so the same anchors run line by line in ripgrep for the
//! benchmark (`bench/scan-patterns.txt`, kept in sync by a test).

use regex_automata::meta::Regex;
use regex_automata::util::syntax;

use super::lang::Lang;
use super::lexer::Class;
use super::rules::*;
use crate::finding::Rule;

/// Which class of bytes a match must start in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Code,
    Comment,
    Str,
    /// A string, or code: JSX text is code to the lexer, and a phrase with spaces in JS code
    /// can only be JSX text.
    Content,
}

impl On {
    pub fn accepts(self, class: Class) -> bool {
        matches!(
            (self, class),
            (On::Code, Class::Code)
                | (On::Comment, Class::Comment)
                | (On::Str, Class::Str)
                | (On::Content, Class::Str | Class::Code)
        )
    }
}

/// What confirms a candidate, beyond its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    None,
    /// A debt marker used as one (not mentioned in prose), whose line cites no `#123` or
    /// `DEF-...`.
    Marker,
    /// `placeholder` as content, not as an attribute name, a lower-case key or a mention.
    PlaceholderWord,
    /// Not a phrase quoted in prose or part of a regex alternation.
    NotMention,
    /// The block after the anchor is empty (a comment inside makes it deliberate).
    EmptyBlock,
    /// Rust `Err(_) =>` followed by `{}` or `()`.
    RustErrArm,
    /// Python `def`: a body of only `pass`/`...` (stub) or `return None/[]/{}`.
    PyDef,
    /// Python `except ...:` whose suite is only `pass`/`...`.
    PyExcept,
    /// Ruby `rescue` followed directly by `end`/`ensure`/`else`.
    RubyRescue,
    /// `return null;` is the whole body of a function.
    ReturnOnly,
    /// A print call outside scripts and entry points, and not a method.
    Print,
    /// Not a method call or member (`.print(`, `->dump(`).
    NotMethod,
    /// A skip marker without a reason in parentheses.
    SkipReason,
    /// `raise NotImplementedError` without a message, as the first statement of a
    /// non-abstract function.
    NotAbstract,
    /// A raise without a message (or with filler as its message).
    BareRaise,
    /// Followed by `(`: Kotlin's `TODO()`.
    CallNext,
    /// A standalone operator (Scala `???`), not part of a longer one.
    NotOperator,
    /// Rust `#[cfg(test)]`: the rest of the file is test code.
    TestsFrom,
    /// A `planlint-allow(...)` directive.
    Allow,
}

/// One way a match becomes a finding.
#[derive(Debug)]
pub struct Arm {
    pub on: On,
    pub rule: &'static Rule,
    pub check: Check,
}

/// A pattern and the arms tried, in order, on each of its matches.
#[derive(Debug)]
pub struct Pat {
    pub re: &'static str,
    pub arms: &'static [Arm],
}

const fn code(rule: &'static Rule, check: Check) -> Arm {
    Arm {
        on: On::Code,
        rule,
        check,
    }
}

/// A `Pat` literal (a macro, so that the arm slice gets a `'static` lifetime in a const).
macro_rules! pat {
    ($re:expr, $arms:expr $(,)?) => {
        Pat {
            re: $re,
            arms: $arms,
        }
    };
}

const MARKERS: &[Pat] = &[
    pat!(
        r"\b(?:FIXME|XXX|TBD)\b",
        &[Arm {
            on: On::Comment,
            rule: &DEBT_MARKER,
            check: Check::Marker,
        }],
    ),
    pat!(
        r"planlint-allow\b",
        &[Arm {
            on: On::Comment,
            rule: &ALLOW_WITHOUT_REASON,
            check: Check::Allow,
        }],
    ),
];

const TODO_RE: &str = r"\b(?:TODO|HACK)\b";
const TODO_ARM: Arm = Arm {
    on: On::Comment,
    rule: &TODO_COMMENT,
    check: Check::Marker,
};
const TODOS: &[Pat] = &[pat!(TODO_RE, &[TODO_ARM])];
/// Kotlin: `TODO()` in code is the standard library's stub.
const TODOS_KOTLIN: &[Pat] = &[pat!(
    TODO_RE,
    &[TODO_ARM, code(&STUB_BODY, Check::CallNext)],
)];

const PLACEHOLDER_WORD: Pat = pat!(
    r"\b(?:[Pp]laceholder|PLACEHOLDER)\b",
    &[Arm {
        on: On::Str,
        rule: &PLACEHOLDER,
        check: Check::PlaceholderWord,
    }],
);
const PHRASES: &str = r"\b(?:[Cc]oming [Ss]oon|COMING SOON|[Ll]orem [Ii]psum|LOREM IPSUM|[Nn]ot yet implemented|NOT YET IMPLEMENTED|[Ww]ill be here)\b";
const PLACEHOLDERS: &[Pat] = &[
    PLACEHOLDER_WORD,
    pat!(
        PHRASES,
        &[Arm {
            on: On::Str,
            rule: &PLACEHOLDER,
            check: Check::NotMention,
        }],
    ),
];
const PLACEHOLDERS_JSX: &[Pat] = &[
    PLACEHOLDER_WORD,
    pat!(
        PHRASES,
        &[Arm {
            on: On::Content,
            rule: &PLACEHOLDER,
            check: Check::NotMention,
        }],
    ),
];

/// The message of a stub exception, after its opening quote.
macro_rules! stub_message {
    () => {
        r"(?i:todo\b|not (?:yet )?implemented|unimplemented)"
    };
}

const CATCH: Pat = pat!(r"\bcatch\b", &[code(&EMPTY_HANDLER, Check::EmptyBlock)]);
const RETURN_ONLY: Pat = pat!(
    r"\breturn\s+(?:null|undefined|\{\s*\}|\[\s*\])\s*;?",
    &[code(&EMPTY_IMPLEMENTATION, Check::ReturnOnly)],
);
const JVM_DISABLED: Pat = pat!(
    r"@(?:Disabled|Ignore)\b",
    &[code(&DISABLED_TEST, Check::SkipReason)],
);

const RUST: &[Pat] = &[
    pat!(
        r"\b(?:todo|unimplemented)!\s*[(\[{]",
        &[code(&STUB_BODY, Check::None)],
    ),
    pat!(
        r"\bErr\(\s*(?:\w+|\.\.)\s*\)\s*=>",
        &[code(&EMPTY_HANDLER, Check::RustErrArm)],
    ),
    pat!(r"\bdbg!\s*\(", &[code(&DEBUG_OUTPUT, Check::None)]),
    pat!(
        r"\be?print(?:ln)?!\s*\(",
        &[code(&DEBUG_OUTPUT, Check::Print)]
    ),
    pat!(r"#\[ignore\]", &[code(&DISABLED_TEST, Check::None)]),
    pat!(
        r"#\[cfg\(test\)\]",
        &[code(&DEBUG_OUTPUT, Check::TestsFrom)]
    ),
];

const JS: &[Pat] = &[
    pat!(
        concat!(r#"\bthrow\s+(?:new\s+)?Error\(\s*["'`]"#, stub_message!()),
        &[code(&STUB_BODY, Check::None)],
    ),
    pat!(
        r"\.catch\(\s*(?:\(\s*\w*\s*\)|\w+)\s*=>\s*\{\s*\}\s*\)",
        &[code(&EMPTY_HANDLER, Check::None)],
    ),
    pat!(
        r"\.catch\(\s*function\s*\w*\s*\(\s*\w*\s*\)\s*\{\s*\}\s*\)",
        &[code(&EMPTY_HANDLER, Check::None)],
    ),
    CATCH,
    pat!(r"=>\s*\{\s*\}", &[code(&EMPTY_IMPLEMENTATION, Check::None)]),
    RETURN_ONLY,
    pat!(
        r"\bconsole\.(?:log|debug|trace|dir)\s*\(",
        &[code(&DEBUG_OUTPUT, Check::Print)],
    ),
    pat!(r"\bdebugger\b", &[code(&DEBUG_OUTPUT, Check::NotMethod)]),
    pat!(
        r"\b(?:it|describe|test|context|suite)\.skip\b",
        &[code(&DISABLED_TEST, Check::None)],
    ),
    pat!(
        r"\bx(?:it|describe|test)\s*\(",
        &[code(&DISABLED_TEST, Check::NotMethod)],
    ),
    pat!(
        r"=\{\s*(?:\[\s*\]|\{\s*\}|null|undefined)\s*\}",
        &[code(&EMPTY_VALUE, Check::None)],
    ),
];

const MARKUP: &[Pat] = &[pat!(
    r#":[\w.-]+="\s*(?:\[\s*\]|\{\s*\}|null)\s*""#,
    &[code(&EMPTY_VALUE, Check::None)],
)];

const PYTHON: &[Pat] = &[
    pat!(
        r"\braise\s+NotImplemented(?:Error)?\b",
        &[code(&STUB_BODY, Check::NotAbstract)],
    ),
    pat!(r"\bdef\s+\w+", &[code(&STUB_BODY, Check::PyDef)]),
    pat!(r"\bexcept\b", &[code(&EMPTY_HANDLER, Check::PyExcept)]),
    pat!(r"\bprint\s*\(", &[code(&DEBUG_OUTPUT, Check::Print)]),
    pat!(
        r"\b(?:breakpoint\(\)|i?pdb\.set_trace\(\)|import i?pdb\b)",
        &[code(&DEBUG_OUTPUT, Check::None)],
    ),
    pat!(
        r"@(?:pytest\.mark|unittest)\.skip\b",
        &[code(&DISABLED_TEST, Check::SkipReason)],
    ),
];

const GO: &[Pat] = &[
    pat!(
        concat!(r#"\bpanic\(\s*""#, stub_message!()),
        &[code(&STUB_BODY, Check::None)],
    ),
    pat!(
        r"\bif\s+err\s*!=\s*nil\b",
        &[code(&EMPTY_HANDLER, Check::EmptyBlock)],
    ),
    pat!(
        r"\bfmt\.Print(?:ln|f)?\(",
        &[code(&DEBUG_OUTPUT, Check::Print)]
    ),
    pat!(r"\bprintln\(", &[code(&DEBUG_OUTPUT, Check::NotMethod)]),
    pat!(
        r"\bt\.Skip(?:Now)?\(",
        &[code(&DISABLED_TEST, Check::SkipReason)],
    ),
];

const JAVA: &[Pat] = &[
    pat!(
        concat!(
            r#"\bthrow\s+new\s+\w*(?:Exception|Error)\(\s*""#,
            stub_message!()
        ),
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    RETURN_ONLY,
    pat!(
        r"\bSystem\.(?:out|err)\.print(?:ln|f)?\(",
        &[code(&DEBUG_OUTPUT, Check::Print)],
    ),
    pat!(
        r"\.printStackTrace\(\s*\)",
        &[code(&DEBUG_OUTPUT, Check::None)]
    ),
    JVM_DISABLED,
];

const KOTLIN: &[Pat] = &[
    pat!(
        r"\bthrow\s+(?:\w+\.)*NotImplementedError\b",
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    RETURN_ONLY,
    pat!(r"\bprintln\(", &[code(&DEBUG_OUTPUT, Check::Print)]),
    JVM_DISABLED,
];

const SWIFT: &[Pat] = &[
    pat!(
        concat!(r#"\bfatalError\(\s*""#, stub_message!()),
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    pat!(
        r"\b(?:print|debugPrint|dump)\(",
        &[code(&DEBUG_OUTPUT, Check::Print)],
    ),
];

const CPP: &[Pat] = &[
    pat!(
        concat!(r#"\bthrow\s+(?:std::)?\w+\(\s*""#, stub_message!()),
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
];

const CSHARP: &[Pat] = &[
    pat!(
        r"\bthrow\s+new\s+NotImplementedException\b",
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    RETURN_ONLY,
    pat!(
        r"\bConsole\.Write(?:Line)?\(",
        &[code(&DEBUG_OUTPUT, Check::Print)],
    ),
    pat!(r"\[Ignore\]", &[code(&DISABLED_TEST, Check::None)]),
];

const RUBY: &[Pat] = &[
    pat!(
        r"\braise\s+NotImplementedError\b",
        &[code(&STUB_BODY, Check::BareRaise)],
    ),
    pat!(r"\brescue\b", &[code(&EMPTY_HANDLER, Check::RubyRescue)]),
    pat!(
        r"\b(?:binding\.(?:pry|irb)|byebug)\b",
        &[code(&DEBUG_OUTPUT, Check::None)],
    ),
    pat!(
        r"\bx(?:it|describe|context|specify)\b",
        &[code(&DISABLED_TEST, Check::NotMethod)],
    ),
];

const PHP: &[Pat] = &[
    pat!(
        concat!(
            r#"\bthrow\s+new\s+\\?(?:\w+\\)*\w*Exception\(\s*['"]"#,
            stub_message!()
        ),
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    RETURN_ONLY,
    pat!(
        r"\b(?:var_dump|print_r|var_export|dd|dump)\s*\(",
        &[code(&DEBUG_OUTPUT, Check::NotMethod)],
    ),
    pat!(
        r"\bmarkTestSkipped\(\s*\)",
        &[code(&DISABLED_TEST, Check::None)],
    ),
];

const DART: &[Pat] = &[
    pat!(
        r"\bthrow\s+UnimplementedError\b",
        &[code(&STUB_BODY, Check::None)],
    ),
    CATCH,
    RETURN_ONLY,
    pat!(
        r"\b(?:print|debugPrint)\(",
        &[code(&DEBUG_OUTPUT, Check::Print)],
    ),
    pat!(r"\bskip:\s*true\b", &[code(&DISABLED_TEST, Check::None)]),
    pat!(
        r"\bon[A-Z]\w*:\s*\(\)\s*\{\s*\}",
        &[code(&EMPTY_IMPLEMENTATION, Check::None)],
    ),
];

const SCALA: &[Pat] = &[
    pat!(r"\?\?\?", &[code(&STUB_BODY, Check::NotOperator)]),
    pat!(
        r"\bcatch\s*\{\s*case\s+[^=>{}]*=>\s*(?:\(\)\s*)?\}",
        &[code(&EMPTY_HANDLER, Check::None)],
    ),
    pat!(r"\bprintln\(", &[code(&DEBUG_OUTPUT, Check::Print)]),
    pat!(r#"\bignore\s*\(\s*""#, &[code(&DISABLED_TEST, Check::None)]),
];

const LUA: &[Pat] = &[pat!(
    concat!(r#"\berror\(\s*["']"#, stub_message!()),
    &[code(&STUB_BODY, Check::None)],
)];

const SQL: &[Pat] = &[pat!(
    r"(?i:\bwhen\s+others\s+then\s+null\s*;)",
    &[code(&EMPTY_HANDLER, Check::None)],
)];

/// The pattern groups of a language, in priority order (earlier wins when two patterns match
/// at the same position).
pub fn family(lang: Lang) -> &'static [&'static [Pat]] {
    match lang {
        Lang::Rust => &[MARKERS, TODOS, PLACEHOLDERS, RUST],
        Lang::Js => &[MARKERS, TODOS, PLACEHOLDERS_JSX, JS],
        Lang::Markup => &[MARKERS, TODOS, PLACEHOLDERS_JSX, JS, MARKUP],
        Lang::Python => &[MARKERS, TODOS, PLACEHOLDERS, PYTHON],
        Lang::Go => &[MARKERS, TODOS, PLACEHOLDERS, GO],
        Lang::Java => &[MARKERS, TODOS, PLACEHOLDERS, JAVA],
        Lang::Kotlin => &[MARKERS, TODOS_KOTLIN, PLACEHOLDERS, KOTLIN],
        Lang::Swift => &[MARKERS, TODOS, PLACEHOLDERS, SWIFT],
        Lang::Cpp => &[MARKERS, TODOS, PLACEHOLDERS, CPP],
        Lang::CSharp => &[MARKERS, TODOS, PLACEHOLDERS, CSHARP],
        Lang::Ruby => &[MARKERS, TODOS, PLACEHOLDERS, RUBY],
        Lang::Php => &[MARKERS, TODOS, PLACEHOLDERS, PHP],
        Lang::Dart => &[MARKERS, TODOS, PLACEHOLDERS, DART],
        Lang::Scala => &[MARKERS, TODOS, PLACEHOLDERS, SCALA],
        Lang::Lua => &[MARKERS, TODOS, PLACEHOLDERS, LUA],
        Lang::Sql => &[MARKERS, TODOS, PLACEHOLDERS, SQL],
        Lang::C | Lang::Shell | Lang::Yaml | Lang::Toml | Lang::Css => {
            &[MARKERS, TODOS, PLACEHOLDERS]
        }
    }
}

/// A language's patterns compiled into one regex; `pats[i]` belongs to pattern id `i`.
#[derive(Debug)]
pub struct Compiled {
    pub re: Regex,
    pub pats: Vec<&'static Pat>,
}

impl Compiled {
    pub fn new(lang: Lang) -> Result<Compiled, String> {
        let pats: Vec<&'static Pat> = family(lang).iter().flat_map(|g| g.iter()).collect();
        let res: Vec<&str> = pats.iter().map(|p| p.re).collect();
        let re = Regex::builder()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .build_many(&res)
            .map_err(|e| format!("{} patterns: {e}", lang.name()))?;
        Ok(Compiled { re, pats })
    }
}

/// Every distinct pattern of every language: the regex set ripgrep runs in the benchmark.
pub fn all_patterns() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for lang in Lang::ALL {
        for group in family(lang) {
            for p in group.iter() {
                if !out.contains(&p.re) {
                    out.push(p.re);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_compiles() {
        for lang in Lang::ALL {
            let c = Compiled::new(lang).unwrap();
            assert_eq!(c.re.pattern_len(), c.pats.len());
        }
    }

    #[test]
    fn every_pattern_has_a_literal_prefix_for_the_prefilter() {
        // A pattern starting with a class or a repetition would defeat the literal prefilter
        // for the whole set.
        for re in all_patterns() {
            let first = re.trim_start_matches(r"\b").trim_start_matches("(?i:");
            let first = first.trim_start_matches(r"\b").trim_start_matches("(?:");
            let c = first.chars().next().unwrap();
            assert!(
                c.is_ascii_alphanumeric() || "@#.=:\\[?_".contains(c),
                "{re} starts with {c:?}"
            );
        }
    }

    /// `bench/scan-patterns.txt` and `bench/scan-globs.txt` are what ripgrep runs in the
    /// benchmark: the same regex set over the same file types. `PLANLINT_BLESS=1 cargo test`
    /// rewrites them.
    #[test]
    fn bench_files_are_current() {
        let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
        let globs: Vec<String> = Lang::ALL
            .iter()
            .flat_map(|l| l.extensions())
            .map(|e| format!("*.{e}"))
            .collect();
        for (name, lines) in [
            (
                "scan-patterns.txt",
                all_patterns().iter().map(|p| p.to_string()).collect(),
            ),
            ("scan-globs.txt", globs),
        ] {
            let path = bench.join(name);
            let want = lines.join("\n") + "\n";
            if std::env::var_os("PLANLINT_BLESS").is_some() {
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                have, want,
                "run PLANLINT_BLESS=1 cargo test --lib bench_files"
            );
        }
    }
}
