//! A PLAN.md read into data: the frontmatter fields GSD defines, interpreted leniently (plan as
//! int or string, depends_on as strings or ints, both must_haves shapes, files_modified with
//! trailing notes), and the findings about the plan alone. Pure: text in, model out.

use std::sync::Arc;

use crate::finding::{Finding, Location, SourceText, Span};

use super::frontmatter::{Doc, DocRules, FrontState};
use super::id::{PhaseId, PlanId};
use super::layout::{PlanFile, PlanKind};
use super::rules;
use super::yaml::{Node, Yaml};

mod reader;
#[cfg(test)]
mod tests;

use reader::{locate, Reader, WithPlan};

/// A plan and what its frontmatter says.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Where it was found and the id its file name gives.
    pub file: PlanFile,
    pub doc: Doc,
    /// `phase:` as written (`02-auth`, `2`).
    pub phase: Option<String>,
    /// `plan:` as written (`01`, `3`).
    pub plan: Option<String>,
    /// `type:` (`execute`, `tdd`).
    pub kind: Option<String>,
    pub wave: Option<u32>,
    pub depends_on: Vec<Dependency>,
    /// Repo-relative paths, folders or globs, normalised, trailing notes removed.
    pub files_modified: Vec<String>,
    pub autonomous: Option<bool>,
    pub requirements: Vec<String>,
    pub must_haves: MustHaves,
    /// `<task ...>` elements in the body (or `### Task N` headings in older plans).
    pub tasks: usize,
    /// What is wrong with this plan on its own (frontmatter, values, paths).
    pub findings: Vec<Finding>,
    /// Spans of the `files_modified` entries, parallel to `files_modified`.
    pub files_spans: Vec<Span>,
}

/// One `depends_on` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// As written: `02-01`, `02-01-auth`, `2-2-PLAN`, `1`.
    pub raw: String,
    pub span: Span,
    pub target: DepTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepTarget {
    /// A plan id, from `02-01` or a stem such as `02-01-auth-PLAN`.
    Plan(PlanId),
    /// A bare number or phase id (`1`, `02`, `02.1`): a plan of the same phase when one has
    /// that number, else the whole phase.
    Bare(PhaseId),
    /// Not a plan reference at all.
    Invalid,
}

/// `must_haves`, in either shape (`truths/artifacts/key_links` or the older
/// `observable_truths/required_artifacts/required_wiring`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MustHaves {
    pub truths: Vec<String>,
    pub artifacts: Vec<Artifact>,
    pub key_links: Vec<KeyLink>,
    /// True when the older key names were used.
    pub legacy: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Artifact {
    /// Repo-relative, normalised.
    pub path: String,
    pub provides: Option<String>,
    pub min_lines: Option<u64>,
    /// Substrings the file must contain (`exports: ["POST"]`).
    pub exports: Vec<String>,
    /// Substrings the file must contain (`contains: "rotate"`).
    pub contains: Vec<String>,
    /// `must_not_exist: true`: the plan removes the file (a rollback, a teardown).
    pub must_not_exist: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLink {
    /// A path in the current shape, a description in the older `a -> b` strings.
    pub from: String,
    pub to: String,
    pub via: Option<String>,
    /// A regex searched in `from`, then in `to` (as written, when it is not one string).
    pub pattern: Option<String>,
    pub pattern_span: Option<Span>,
    /// Why `pattern` cannot be used as written, when that is known from its shape (a list).
    pub pattern_problem: Option<String>,
}

/// The largest compiled key_link pattern: far above any real one, far below what a hostile
/// plan could make the verifier build.
const MAX_PATTERN_BYTES: usize = 1 << 20;

/// Compiles a key_link `pattern` for `verify` to search with. [`link_pattern_problem`] is the
/// same judgement without the search engine, for `plans`; both say the same of a pattern: an
/// empty one proves nothing, and one that does not compile says why in one line.
pub fn link_regex(pattern: &str) -> Result<regex::Regex, String> {
    if let Some(problem) = empty_pattern(pattern) {
        return Err(problem);
    }
    regex::RegexBuilder::new(pattern)
        .size_limit(MAX_PATTERN_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => too_big(),
            other => last_line(&other.to_string()),
        })
}

/// Why `pattern` cannot serve as a key_link pattern, judged as [`link_regex`] judges it (the
/// syntax, then the compiled size) without building what searches: `plans` reads thousands of
/// plans, and a full regex per pattern (its DFA included) was most of its time.
pub fn link_pattern_problem(pattern: &str) -> Option<String> {
    use regex_automata::nfa::thompson;
    if let Some(problem) = empty_pattern(pattern) {
        return Some(problem);
    }
    let hir = match regex_automata::util::syntax::parse(pattern) {
        Ok(hir) => hir,
        Err(e) => return Some(last_line(&e.to_string())),
    };
    thread_local! {
        // One compiler for every pattern: its first build allocates what later ones reuse.
        static COMPILER: thompson::Compiler = {
            let mut c = thompson::Compiler::new();
            c.configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(MAX_PATTERN_BYTES))
                    .shrink(false),
            );
            c
        };
    }
    COMPILER
        .with(|c| c.build_from_hir(&hir).err())
        .map(|_| too_big())
}

fn empty_pattern(pattern: &str) -> Option<String> {
    pattern
        .trim()
        .is_empty()
        .then(|| "an empty pattern matches any file, so it proves nothing".into())
}

fn too_big() -> String {
    format!("Compiled regex exceeds size limit of {MAX_PATTERN_BYTES} bytes")
}

/// The last line of a regex error: the reason, after the pattern and its caret.
fn last_line(text: &str) -> String {
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid");
    last.trim()
        .trim_start_matches("error: ")
        .trim_end_matches('.')
        .to_string()
}

/// Fields a plan must declare.
pub const REQUIRED: [&str; 8] = [
    "phase",
    "plan",
    "type",
    "wave",
    "depends_on",
    "files_modified",
    "autonomous",
    "must_haves",
];

pub const PLAN_RULES: DocRules = DocRules {
    invalid_yaml: &rules::PLAN_INVALID_YAML,
    no_frontmatter: &rules::PLAN_NO_FRONTMATTER,
};

impl Plan {
    /// Reads a plan from its text. Never fails: problems become findings.
    pub fn parse(file: &PlanFile, text: String) -> Plan {
        Plan::from_doc(file, Doc::parse(&file.path, text))
    }

    /// A plan whose file could not be read: only the finding says anything.
    pub fn unreadable(file: &PlanFile, finding: Finding) -> Plan {
        let mut plan = Plan::from_doc(file, Doc::unreadable(&file.path));
        plan.findings = vec![finding.with_plan(file.name())];
        plan
    }

    fn from_doc(file: &PlanFile, doc: Doc) -> Plan {
        let mut r = Reader {
            doc: &doc,
            file,
            findings: Vec::new(),
        };
        if let Some(f) = doc.finding(&PLAN_RULES, &format!("plan {}", file.name())) {
            r.findings.push(f.with_plan(file.name()));
        }
        let readable = matches!(doc.state, FrontState::Valid | FrontState::Recovered);
        if readable {
            r.missing_fields();
        }
        let phase = doc.scalar(&["phase"]);
        let plan = doc.scalar(&["plan"]);
        r.id_agreement(phase.as_deref(), plan.as_deref());
        let kind = r.kind();
        let wave = r.wave();
        let autonomous = r.autonomous();
        let depends_on = r.depends_on();
        let (files_modified, files_spans) = r.files_modified();
        let requirements: Vec<String> = doc
            .list(&["requirements"])
            .into_iter()
            .map(|(s, _)| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let must_haves = r.must_haves();
        let tasks = count_tasks(doc.body());
        let findings = r.findings;
        Plan {
            file: file.clone(),
            phase,
            plan,
            kind,
            wave,
            depends_on,
            files_modified,
            files_spans,
            autonomous,
            requirements,
            must_haves,
            tasks,
            findings,
            doc,
        }
    }

    pub fn id(&self) -> &PlanId {
        &self.file.id
    }

    pub fn path(&self) -> &str {
        &self.file.path
    }

    pub fn source(&self) -> &Arc<SourceText> {
        &self.doc.source
    }

    /// Whether the frontmatter could be read at all (valid or recovered).
    pub fn has_frontmatter(&self) -> bool {
        matches!(self.doc.state, FrontState::Valid | FrontState::Recovered)
    }

    /// The finding that says why `must_haves` could not be read, when it could not: the file or
    /// its frontmatter is unreadable, or the frontmatter is not valid YAML and has the key (the
    /// tolerant reader recovers top-level scalars and lists, never the nested must_haves).
    /// `None` when must_haves was read, or is plainly absent.
    pub fn must_haves_unread(&self) -> Option<&Finding> {
        let unread = match self.doc.state {
            FrontState::Valid => false,
            FrontState::Recovered => self.doc.get("must_haves").is_some(),
            FrontState::Missing | FrontState::Unterminated | FrontState::Unreadable => true,
        };
        let why = [
            rules::PLAN_INVALID_YAML.id,
            rules::PLAN_NO_FRONTMATTER.id,
            rules::UNREADABLE.id,
        ];
        self.findings
            .iter()
            .find(|f| unread && why.contains(&f.rule))
    }

    /// The span of a top-level field's value, for findings about it.
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.doc.get(key).map(|n| n.span)
    }

    /// A finding about this plan, located at `span` when given, else at the file.
    pub fn finding(
        &self,
        rule: &'static crate::finding::Rule,
        message: String,
        span: Option<Span>,
    ) -> Finding {
        locate(Finding::new(rule, message), &self.doc, &self.file, span)
    }
}

/// Reads a `depends_on` entry: a plan id, a plan stem (`02-01-auth`, `2-2-PLAN.md`, a path to
/// one), or a bare number.
pub fn dep_target(raw: &str) -> DepTarget {
    let s = raw.trim();
    let s = s.rsplit('/').next().unwrap_or(s);
    let s = s.strip_suffix(".md").unwrap_or(s);
    if let Some((id, _rest)) = PlanId::parse_prefix(s) {
        return DepTarget::Plan(id);
    }
    match PhaseId::parse(s) {
        Some(p) => DepTarget::Bare(p),
        None => DepTarget::Invalid,
    }
}

/// Two phases agree when they are equal, or when the written one has no project code and
/// otherwise matches (`phase: 02-auth` in `CK-02-01-PLAN.md`).
fn same_phase(written: &PhaseId, actual: &PhaseId) -> bool {
    written == actual
        || (written.code().is_none()
            && (written.number(), written.letter(), written.decimals())
                == (actual.number(), actual.letter(), actual.decimals()))
}

/// Reduces a declared path to the path itself: `src/api/ (generated client)` -> `src/api/`,
/// `package.json (update)` -> `package.json`, `` `src/x.ts` — new `` -> `src/x.ts`.
pub fn strip_note(raw: &str) -> &str {
    let s = raw.trim().trim_start_matches('`');
    // One pass over the bytes: this runs for every declared path of every plan. Every
    // separator starts with an ASCII byte, so any index found is a char boundary.
    let b = s.as_bytes();
    let end = (0..b.len())
        .find(|&i| {
            let next = &b[i + 1..];
            match b[i] {
                b' ' => ["(", "#", "— ", "– ", "- ", "-- "]
                    .iter()
                    .any(|sep| next.starts_with(sep.as_bytes())),
                b':' | b'`' => next.first() == Some(&b' '),
                _ => false,
            }
        })
        .unwrap_or(b.len());
    s[..end].trim().trim_matches('`').trim()
}

/// The note after a declared path, if any (`Rotation endpoint` in `src/x.ts — Rotation endpoint`).
fn note_of(raw: &str) -> Option<&str> {
    let path = strip_note(raw);
    let start = raw.find(path)? + path.len();
    let note = raw[start..]
        .trim()
        .trim_start_matches(['`', ':', '-', '—', '–', '#'])
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    (!note.is_empty()).then_some(note)
}

/// Counts `<task ...>` elements outside code fences; older plans have `### Task N:` headings.
pub fn count_tasks(body: &str) -> usize {
    let mut in_fence = false;
    let (mut elements, mut headings) = (0, 0);
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        // Most lines hold neither a tag nor a heading: skip them with one memchr.
        if in_fence || (!t.starts_with('#') && !t.contains('<')) {
            continue;
        }
        let mut rest = t;
        while let Some(i) = rest.find("<task") {
            let after = rest.as_bytes().get(i + 5);
            if after.is_none_or(|&c| c == b' ' || c == b'>' || c == b'\t') {
                elements += 1;
            }
            rest = &rest[i + 5..];
        }
        let h = t.trim_start_matches('#');
        if h.len() < t.len() && t.len() - h.len() <= 4 {
            let h = h.trim_start();
            if h.strip_prefix("Task ")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            {
                headings += 1;
            }
        }
    }
    if elements > 0 {
        elements
    } else {
        headings
    }
}
