//! A PLAN.md read into data: the frontmatter fields GSD defines, interpreted leniently (plan as
//! int or string, depends_on as strings or ints, both must_haves shapes, files_modified with
//! trailing notes), and the findings about the plan alone. Pure: text in, model out.

use std::sync::Arc;

use crate::finding::{Finding, Location, SourceText, Span};

use super::frontmatter::{Doc, DocRules, FrontState};
use super::id::{PhaseId, PlanId};
use super::layout::PlanFile;
use super::rules;
use super::yaml::{Node, Yaml};

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
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLink {
    /// A path in the current shape, a description in the older `a -> b` strings.
    pub from: String,
    pub to: String,
    pub via: Option<String>,
    /// A regex searched in `from`, then in `to`.
    pub pattern: Option<String>,
    pub pattern_span: Option<Span>,
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
        plan.findings = vec![finding.with_plan(&file.id)];
        plan
    }

    fn from_doc(file: &PlanFile, doc: Doc) -> Plan {
        let mut r = Reader {
            doc: &doc,
            file,
            findings: Vec::new(),
        };
        if let Some(f) = doc.finding(&PLAN_RULES, &format!("plan {}", file.id)) {
            r.findings.push(f.with_plan(&file.id));
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
        if readable && requirements.is_empty() {
            let at = doc.get("requirements").map(|n| n.span);
            r.push(
                &rules::PLAN_NO_REQUIREMENTS,
                format!("plan {} names no requirements", file.id),
                at,
                "list the requirement ids this plan delivers, e.g. `requirements: [AUTH-07]`",
            );
        }
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

fn locate(f: Finding, doc: &Doc, file: &PlanFile, span: Option<Span>) -> Finding {
    let f = f.at(Location::path(&file.path).with_plan(file.id.to_string()));
    match span {
        Some(span) => f.spanned(&doc.source, span),
        None => f,
    }
}

trait WithPlan {
    fn with_plan(self, id: &PlanId) -> Self;
}

impl WithPlan for Finding {
    fn with_plan(mut self, id: &PlanId) -> Finding {
        self.location.plan = Some(id.to_string());
        self
    }
}

/// Interprets the frontmatter of one plan, collecting findings as it goes.
struct Reader<'a> {
    doc: &'a Doc,
    file: &'a PlanFile,
    findings: Vec<Finding>,
}

impl Reader<'_> {
    fn push(
        &mut self,
        rule: &'static crate::finding::Rule,
        msg: String,
        at: Option<Span>,
        help: &str,
    ) {
        let f = locate(Finding::new(rule, msg), self.doc, self.file, at).help(help);
        self.findings.push(f);
    }

    fn invalid(&mut self, key: &str, node: &Node, expected: &str) {
        let shown = node.raw(self.doc.text()).trim();
        let msg = format!(
            "plan {}: `{key}` is `{}`, expected {expected}",
            self.file.id,
            shorten(shown, 40)
        );
        let f = locate(
            Finding::new(&rules::PLAN_INVALID_VALUE, msg),
            self.doc,
            self.file,
            Some(node.span),
        )
        .label(format!("expected {expected}"));
        self.findings.push(f);
    }

    fn missing_fields(&mut self) {
        // An empty `must_haves:` declares nothing for the verifier, like no key at all; other
        // fields may be empty (no dependencies, no files). The tolerant reader shows nested
        // fields it could not read as empty, so only valid YAML says it is really empty.
        let valid = self.doc.state == FrontState::Valid;
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|k| {
                self.doc
                    .get(k)
                    .is_none_or(|n| *k == "must_haves" && valid && n.is_null())
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let plural = if missing.len() == 1 { "" } else { "s" };
        self.push(
            &rules::PLAN_MISSING_FIELD,
            format!("plan {} lacks the field{plural} {list}", self.file.id),
            None,
            "add them to the frontmatter; use `[]` for an empty list",
        );
    }

    fn id_agreement(&mut self, phase: Option<&str>, plan: Option<&str>) {
        let id = &self.file.id;
        if id.phase != self.file.phase {
            self.push(
                &rules::PLAN_ID_MISMATCH,
                format!(
                    "plan file `{}` names phase {} but sits in the folder of phase {}",
                    self.file.file_name, id.phase, self.file.phase
                ),
                None,
                "move the plan to its phase's folder or rename it",
            );
        }
        if let Some(written) = phase {
            match PhaseId::parse_prefix(written.trim()) {
                Some((p, _)) if same_phase(&p, &id.phase) => {}
                Some((p, _)) => {
                    let at = self.doc.get("phase").map(|n| n.span);
                    self.push(
                        &rules::PLAN_ID_MISMATCH,
                        format!("plan {id} says `phase: {written}` (phase {p}), its file name says phase {}", id.phase),
                        at,
                        "make the frontmatter and the file name agree",
                    );
                }
                None => {}
            }
        }
        if let Some(written) = plan {
            let w = written.trim();
            let number = w
                .parse::<u32>()
                .ok()
                .or_else(|| PlanId::parse(w).map(|p| p.plan));
            let node = self.doc.get("plan");
            match (number, node) {
                (Some(n), Some(node)) if n != id.plan => {
                    let at = Some(node.span);
                    self.push(
                        &rules::PLAN_ID_MISMATCH,
                        format!(
                            "plan {id} says `plan: {written}`, its file name says plan {:02}",
                            id.plan
                        ),
                        at,
                        "make the frontmatter and the file name agree",
                    );
                }
                (None, Some(node)) => {
                    let node = node.clone();
                    self.invalid("plan", &node, "a plan number such as `01`");
                }
                _ => {}
            }
        }
    }

    fn kind(&mut self) -> Option<String> {
        let node = self.doc.get("type")?;
        let text = node
            .scalar_text(self.doc.text())
            .map(|s| s.trim().to_string());
        match text.as_deref() {
            Some("execute" | "tdd") => text,
            _ => {
                let node = node.clone();
                self.invalid("type", &node, "`execute` or `tdd`");
                text
            }
        }
    }

    fn wave(&mut self) -> Option<u32> {
        let node = self.doc.get("wave")?;
        let n = match &node.value {
            Yaml::Int(i) => u32::try_from(*i).ok(),
            Yaml::Str(s) => s.trim().parse::<u32>().ok(),
            _ => None,
        };
        match n {
            Some(w) if w >= 1 => Some(w),
            _ => {
                let node = node.clone();
                self.invalid("wave", &node, "a whole number from 1");
                None
            }
        }
    }

    fn autonomous(&mut self) -> Option<bool> {
        let node = self.doc.get("autonomous")?;
        match &node.value {
            Yaml::Bool(b) => Some(*b),
            Yaml::Str(s) if s == "true" => Some(true),
            Yaml::Str(s) if s == "false" => Some(false),
            // Present but unread by the tolerant reader.
            Yaml::Null if self.doc.state == FrontState::Recovered => None,
            _ => {
                let node = node.clone();
                self.invalid("autonomous", &node, "true or false");
                None
            }
        }
    }

    fn depends_on(&mut self) -> Vec<Dependency> {
        let Some(node) = self.doc.get("depends_on") else {
            return Vec::new();
        };
        if matches!(node.value, Yaml::Map(_)) {
            let node = node.clone();
            self.invalid("depends_on", &node, "a list of plan ids");
            return Vec::new();
        }
        node.scalar_list(self.doc.text())
            .into_iter()
            .map(|(raw, span)| Dependency {
                target: dep_target(&raw),
                raw,
                span,
            })
            .collect()
    }

    fn files_modified(&mut self) -> (Vec<String>, Vec<Span>) {
        let Some(node) = self.doc.get("files_modified") else {
            return (Vec::new(), Vec::new());
        };
        let entries = match &node.value {
            // `{created: [...], modified: [...]}` is seen in the wild: take every list.
            Yaml::Map(groups) => groups
                .iter()
                .flat_map(|(_, n)| n.scalar_list(self.doc.text()))
                .collect(),
            _ => node.scalar_list(self.doc.text()),
        };
        let mut paths = Vec::new();
        let mut spans = Vec::new();
        for (raw, span) in entries {
            if let Some(p) = self.path("files_modified", &raw, span) {
                paths.push(p);
                spans.push(span);
            }
        }
        (paths, spans)
    }

    /// A declared path, reduced and normalised; an escaping path is reported and dropped.
    fn path(&mut self, key: &str, raw: &str, span: Span) -> Option<String> {
        let reduced = strip_note(raw);
        if reduced.is_empty() {
            return None;
        }
        match crate::fs::normalize_repo_path(reduced) {
            Some(p) => Some(p),
            None => {
                self.findings.push(
                    locate(
                        Finding::new(
                            &rules::PLAN_PATH,
                            format!(
                                "plan {}: {key} entry `{reduced}` is not a path inside the repository",
                                self.file.id
                            ),
                        ),
                        self.doc,
                        self.file,
                        Some(span),
                    )
                    .help("write paths relative to the repository root, without `..`"),
                );
                None
            }
        }
    }

    fn must_haves(&mut self) -> MustHaves {
        let Some(node) = self.doc.get("must_haves") else {
            return MustHaves::default();
        };
        let text = self.doc.text();
        let mut m = MustHaves {
            legacy: node
                .get_any(&["observable_truths", "required_artifacts", "required_wiring"])
                .is_some(),
            ..MustHaves::default()
        };
        if let Some(t) = node.get_any(&["truths", "observable_truths"]) {
            m.truths = items(t).filter_map(|n| truth_text(n, text)).collect();
        }
        if let Some(a) = node.get_any(&["artifacts", "required_artifacts"]) {
            for n in items(a) {
                if let Some(artifact) = self.artifact(n) {
                    m.artifacts.push(artifact);
                }
            }
        }
        if let Some(k) = node.get_any(&["key_links", "required_wiring"]) {
            m.key_links = items(k).filter_map(|n| key_link(n, text)).collect();
        }
        m
    }

    fn artifact(&mut self, n: &Node) -> Option<Artifact> {
        let text = self.doc.text();
        match &n.value {
            Yaml::Map(_) => {
                let Some(path_node) = n.get("path") else {
                    let n = n.clone();
                    self.invalid("must_haves.artifacts", &n, "an entry with a `path`");
                    return None;
                };
                let raw = path_node.scalar_text(text).unwrap_or_default();
                let path = self.path("must_haves.artifacts", &raw, path_node.span)?;
                let strings = |key: &str| {
                    n.get(key)
                        .map(|v| v.scalar_list(text).into_iter().map(|(s, _)| s).collect())
                        .unwrap_or_default()
                };
                Some(Artifact {
                    path,
                    provides: n.get("provides").and_then(|v| v.scalar_text(text)),
                    min_lines: n.get("min_lines").and_then(|v| match v.value {
                        Yaml::Int(i) => u64::try_from(i).ok(),
                        _ => v.scalar_text(text)?.trim().parse().ok(),
                    }),
                    exports: strings("exports"),
                    contains: strings("contains"),
                })
            }
            _ => {
                let raw = n.scalar_text(text)?;
                let path = self.path("must_haves.artifacts", &raw, n.span)?;
                let provides = note_of(&raw).map(str::to_string);
                Some(Artifact {
                    path,
                    provides,
                    ..Artifact::default()
                })
            }
        }
    }
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The entries of a list node (a lone value is a list of one).
fn items(n: &Node) -> Box<dyn Iterator<Item = &Node> + '_> {
    match &n.value {
        Yaml::Seq(v) => Box::new(v.iter()),
        Yaml::Null => Box::new(std::iter::empty()),
        _ => Box::new(std::iter::once(n)),
    }
}

/// A truth is a string; `- User sees: a message` parses as a one-entry mapping and is put
/// back together; `{truth: ...}` objects are read too.
fn truth_text(n: &Node, text: &str) -> Option<String> {
    match &n.value {
        Yaml::Map(entries) => {
            if let Some(t) = n.get_any(&["truth", "text", "description"]) {
                return t.scalar_text(text);
            }
            let (k, v) = entries.first()?;
            Some(match v.scalar_text(text) {
                Some(v) => format!("{k}: {v}"),
                None => k.clone(),
            })
        }
        _ => n.scalar_text(text),
    }
}

fn key_link(n: &Node, text: &str) -> Option<KeyLink> {
    match &n.value {
        Yaml::Map(_) => {
            let s = |k: &str| n.get(k).and_then(|v| v.scalar_text(text));
            let pattern = n.get("pattern");
            Some(KeyLink {
                from: s("from").unwrap_or_default(),
                to: s("to").unwrap_or_default(),
                via: s("via"),
                pattern: pattern.and_then(|p| p.scalar_text(text)),
                pattern_span: pattern.map(|p| p.span),
            })
        }
        _ => {
            // The older shape: `"refresh endpoint -> token storage"`.
            let s = n.scalar_text(text)?;
            let (from, to) = s
                .split_once("->")
                .or_else(|| s.split_once('→'))
                .unwrap_or((s.as_str(), ""));
            Some(KeyLink {
                from: from.trim().to_string(),
                to: to.trim().to_string(),
                ..KeyLink::default()
            })
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::layout::Area;

    fn file(name: &str, folder: &str) -> PlanFile {
        let (id, slug) = PlanId::parse_prefix(name.strip_suffix("-PLAN.md").unwrap()).unwrap();
        let phase = PhaseId::parse_prefix(folder).unwrap().0;
        PlanFile {
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
min_lines: 30\n      exports: [\"POST\"]\n      contains: \"rotate\"\n    - src/db/schema.ts\n  \
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
            }
        );
        assert_eq!(m.artifacts[1].path, "src/db/schema.ts");
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
            "phase: 02\nplan: x\ntype: build\nwave: 0\ndepends_on: {a: 1}\nfiles_modified: [../etc/passwd, /abs, ok.ts]\n\
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
                "plan/no-requirements",
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
        let front =
            "phase: 02\nplan: 03\ntype: execute\nwave: 1\ndepends_on:\nfiles_modified: []\n\
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
}
