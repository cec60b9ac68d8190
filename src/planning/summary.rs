//! SUMMARY.md read into data: what an executed plan claims (key files, completed
//! requirements, commits, its self-check, what waits for a person). Checks that concern the
//! document alone run here; checks against the plan run in `lint`. Pure: text in, model out.

use std::collections::BTreeMap;

use crate::finding::{Finding, Location, Rule, Span};

use super::frontmatter::{Doc, DocRules, FrontState};
use super::id::PlanId;
use super::layout::PlanKind;
use super::plan::strip_note;
use super::rules;
use super::yaml::{Node, Yaml};

/// An executed plan's record, `NN-MM-SUMMARY.md`.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The plan its file name names.
    pub id: PlanId,
    pub path: String,
    pub doc: Doc,
    pub phase: Option<String>,
    pub plan: Option<String>,
    /// `key-files` / `key_files`: repo-relative paths, whatever the shape
    /// (`{created: [...], modified: [...]}`, `- path: "what"`, plain strings).
    pub key_files: Vec<String>,
    /// `requirements-completed`, with the span of each entry.
    pub requirements_completed: Vec<(String, Span)>,
    /// Commit hashes the summary cites (7 to 40 hex digits; `hashes` says when one made
    /// only of digits or only of letters counts), in order of appearance.
    pub commits: Vec<String>,
    /// The last `Self-Check: PASSED|FAILED` line.
    pub self_check: Option<SelfCheck>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfCheck {
    pub passed: bool,
    pub span: Span,
}

pub const SUMMARY_RULES: DocRules = DocRules {
    invalid_yaml: &rules::SUMMARY_INVALID_YAML,
    no_frontmatter: &rules::SUMMARY_NO_FRONTMATTER,
};

/// A finding about a document, at `span` when given.
pub(super) fn at(doc: &Doc, rule: &'static Rule, message: String, span: Option<Span>) -> Finding {
    let f = Finding::new(rule, message).at(Location::path(&doc.source.name));
    match span {
        Some(s) => f.spanned(&doc.source, s),
        None => f,
    }
}

impl Summary {
    /// The SUMMARY of plan `id`, a plan of `kind`: a quick task's has no phase and plan
    /// numbers to write or to agree with, a phase's one plan no plan number.
    pub fn parse(id: &PlanId, kind: &PlanKind, path: &str, text: String) -> Summary {
        Summary::from_doc(id, kind, Doc::parse(path, text))
    }

    pub fn unreadable(id: &PlanId, kind: &PlanKind, path: &str, finding: Finding) -> Summary {
        let mut s = Summary::from_doc(id, kind, Doc::unreadable(path));
        s.findings = vec![finding];
        s
    }

    fn from_doc(id: &PlanId, kind: &PlanKind, doc: Doc) -> Summary {
        let name = match kind {
            PlanKind::Numbered => id.to_string(),
            PlanKind::Phase => id.phase.to_string(),
            PlanKind::Quick(q) => q.to_string(),
        };
        let numbered = matches!(kind, PlanKind::Numbered);
        let mut findings: Vec<Finding> = doc
            .finding(&SUMMARY_RULES, &format!("summary of {name}"))
            .into_iter()
            .collect();
        let text = doc.text();
        let readable = matches!(doc.state, FrontState::Valid | FrontState::Recovered);
        let key_files_node = doc.root.get_any(&["key-files", "key_files"]);
        if readable {
            let quick = matches!(kind, PlanKind::Quick(_));
            let missing: Vec<&str> = [
                ("phase", quick || doc.get("phase").is_some()),
                ("plan", quick || doc.get("plan").is_some()),
                ("key-files", key_files_node.is_some()),
            ]
            .into_iter()
            .filter_map(|(k, present)| (!present).then_some(k))
            .collect();
            if !missing.is_empty() {
                findings.push(
                    at(
                        &doc,
                        &rules::SUMMARY_MISSING_FIELD,
                        format!("summary of {name} lacks `{}`", missing.join("`, `")),
                        None,
                    )
                    .help("GSD summaries record phase, plan and the key files created or modified"),
                );
            }
        }
        let phase = doc.scalar(&["phase"]);
        let plan = doc.scalar(&["plan"]);
        if let Some(f) = id_mismatch(&doc, id, plan.as_deref()).filter(|_| numbered) {
            findings.push(f);
        }
        let mut key_files = Vec::new();
        if let Some(n) = key_files_node {
            collect_key_files(n, text, &mut key_files);
        }
        let key_files = key_files
            .into_iter()
            .filter_map(|(raw, span)| {
                let reduced = strip_note(&raw);
                let norm = crate::fs::normalize_repo_path(reduced);
                if norm.is_none() && !reduced.is_empty() {
                    findings.push(at(
                        &doc,
                        &rules::PLAN_PATH,
                        format!("summary of {id}: key file `{reduced}` is not a path inside the repository"),
                        Some(span),
                    ));
                }
                norm
            })
            .collect();
        let requirements_completed = doc
            .list(&["requirements-completed", "requirements_completed"])
            .into_iter()
            .filter(|(s, _)| !s.trim().is_empty())
            .collect();
        // Each entry of a `commits:` list is a claim by its place.
        let mut commits = doc
            .list(&["commits"])
            .into_iter()
            .flat_map(|(s, _)| hashes(&s, true))
            .collect::<Vec<_>>();
        commits.extend(hashes_in_body(doc.body()));
        dedup(&mut commits);
        let self_check = self_check(&doc);
        if let Some(sc) = self_check.filter(|s| !s.passed) {
            findings.push(
                at(
                    &doc,
                    &rules::SUMMARY_SELF_CHECK_FAILED,
                    format!("summary of {id} records `Self-Check: FAILED`"),
                    Some(sc.span),
                )
                .help(
                    "resolve what the self-check found missing, then record a passing self-check",
                ),
            );
        }
        for f in &mut findings {
            f.location.plan = Some(id.to_string());
        }
        Summary {
            id: id.clone(),
            path: doc.source.name.clone(),
            phase,
            plan,
            key_files,
            requirements_completed,
            commits,
            self_check,
            findings,
            doc,
        }
    }
}

impl Summary {
    /// `key-files` entries written `- path: "what it is"` or `path: what` carry a
    /// description, which resolves an older plan's wiring descriptions (`"token storage"`).
    pub fn key_file_descriptions(&self) -> BTreeMap<String, String> {
        key_file_descriptions(
            self.doc.root.get_any(&["key-files", "key_files"]),
            self.doc.text(),
        )
    }

    /// What the body says still waits for a person: `Pending human verification: ...` lines.
    pub fn pending_human(&self) -> Vec<String> {
        pending_human_in(self.doc.body())
    }
}

/// `key-files` entries written `- path: "what it is"` or `path: what` carry a description,
/// which resolves an older plan's wiring descriptions (`"token storage"`).
fn key_file_descriptions(node: Option<&Node>, text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |k: &str, v: &Node| {
        if let (Some(p), Some(d)) = (crate::fs::normalize_repo_path(k), v.scalar_text(text)) {
            out.entry(p).or_insert(d);
        }
    };
    match node.map(|n| &n.value) {
        Some(Yaml::Seq(items)) => {
            for item in items {
                if let Yaml::Map(entries) = &item.value {
                    if item.get("path").is_none() {
                        for (k, v) in entries {
                            add(k, v);
                        }
                    }
                }
            }
        }
        Some(Yaml::Map(entries)) => {
            for (k, v) in entries {
                add(k, v);
            }
        }
        _ => {}
    }
    out
}

/// `Pending human verification: Cookie flags in production` lines of a SUMMARY body.
fn pending_human_in(body: &str) -> Vec<String> {
    const KEY: &str = "pending human verification";
    body.lines()
        .filter_map(|l| {
            let lower = l.to_ascii_lowercase();
            let at = lower.find(KEY)?;
            let rest = l[at + KEY.len()..]
                .trim_start_matches([':', ' ', '*', '-'])
                .trim();
            (!rest.is_empty()).then(|| rest.to_string())
        })
        .collect()
}

fn id_mismatch(doc: &Doc, id: &PlanId, plan: Option<&str>) -> Option<Finding> {
    let written = plan?.trim().to_string();
    let n = written
        .parse::<u32>()
        .ok()
        .or_else(|| PlanId::parse(&written).map(|p| p.plan))?;
    (n != id.plan).then(|| {
        at(
            doc,
            &rules::SUMMARY_ID_MISMATCH,
            format!(
                "summary `{}` says `plan: {written}`, its file name says plan {:02}",
                doc.source.name, id.plan
            ),
            doc.get("plan").map(|n| n.span),
        )
    })
}

/// Every scalar in the key-files node, whatever its shape.
fn collect_key_files(n: &Node, text: &str, out: &mut Vec<(String, Span)>) {
    match &n.value {
        Yaml::Seq(items) => {
            for item in items {
                match &item.value {
                    // `- src/x.ts: "what it is"` or `- {path: src/x.ts, ...}`.
                    Yaml::Map(entries) => match item.get("path") {
                        Some(p) => out.extend(p.scalar_text(text).map(|s| (s, p.span))),
                        None => out.extend(entries.iter().map(|(k, _)| (k.clone(), item.span))),
                    },
                    _ => collect_key_files(item, text, out),
                }
            }
        }
        // `{created: [...], modified: [...]}`; what the plan deleted is not expected to exist.
        Yaml::Map(entries) => {
            for (k, v) in entries {
                if !matches!(k.to_ascii_lowercase().as_str(), "deleted" | "removed") {
                    collect_key_files(v, text, out);
                }
            }
        }
        _ => out.extend(n.scalar_text(text).map(|s| (s, n.span))),
    }
}

/// The commit ids one line of a SUMMARY cites. A hex word of 7 to 40 characters with both
/// digits and letters is a commit id wherever it stands. One made only of digits (about one
/// short hash in 25) or only of the letters a-f (`defaced`) could as well be a number or a word
/// of prose, and a cited hash that resolves to nothing is an error, so it counts only where the
/// text makes it a claim: a code span followed by an annotation, as GSD writes task commits
/// (`` `7807288` (feat) ``, `` `7807288` (Task 1: ...) — FOUND``), a bare word followed by a
/// commit type (`7807288 (feat)`), or, in a commits section (`in_commits`), a code span or the
/// first word of a line or list item.
fn hashes(line: &str, in_commits: bool) -> Vec<String> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &line[start..i];
        let hex = (7..=40).contains(&word.len())
            && word
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
        if !hex {
            continue;
        }
        let mixed = word.bytes().any(|c| c.is_ascii_digit())
            && word.bytes().any(|c| c.is_ascii_alphabetic());
        let code_span = start > 0 && b[start - 1] == b'`' && b.get(i) == Some(&b'`');
        let after = line[i + usize::from(code_span)..].trim_start();
        let claimed = mixed
            || (code_span && after.starts_with('('))
            || commit_type_note(after)
            || (in_commits && (code_span || leads_line(&line[..start])));
        if claimed {
            out.push(word.to_string());
        }
    }
    out
}

/// `(feat)` or `(fix)`: the commit-type note GSD puts after a task commit's hash.
fn commit_type_note(after: &str) -> bool {
    after
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .is_some_and(|(t, _)| crate::config::DEFAULT_TYPES.contains(&t.trim()))
}

/// Whether only a list marker (`-`, `*`, `+`, `1.`), blanks and an opening backtick come
/// before a word on its line.
fn leads_line(before: &str) -> bool {
    let t = before.trim_start();
    let unmarked = match t.strip_prefix(['-', '*', '+']) {
        Some(rest) => rest,
        None => {
            let n = t.trim_start_matches(|c: char| c.is_ascii_digit());
            match n.strip_prefix(['.', ')']) {
                Some(rest) if n.len() < t.len() => rest,
                _ => t,
            }
        }
    };
    matches!(unmarked.trim(), "" | "`")
}

/// The commit ids the Markdown body cites, outside code fences; lines under a heading that
/// names commits (`## Task Commits`) are a commits section until a heading of the same or a
/// higher level.
fn hashes_in_body(body: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut commits_level: Option<usize> = None;
    let mut out = Vec::new();
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let level = t.bytes().take_while(|&c| c == b'#').count();
        if (1..=6).contains(&level) && t[level..].starts_with([' ', '\t']) {
            if t.to_ascii_lowercase().contains("commit") {
                commits_level = Some(level);
            } else if commits_level.is_some_and(|l| level <= l) {
                commits_level = None;
            }
        }
        out.extend(hashes(line, commits_level.is_some()));
    }
    out
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

/// The last `Self-Check: PASSED` / `## Self-Check: FAILED` line of the body.
fn self_check(doc: &Doc) -> Option<SelfCheck> {
    let mut found = None;
    let mut offset = doc.body_start;
    for line in doc.body().split_inclusive('\n') {
        let t = line
            .trim()
            .trim_start_matches('#')
            .trim_start()
            .trim_start_matches('*');
        if let Some(rest) = t
            .strip_prefix("Self-Check:")
            .or_else(|| t.strip_prefix("Self-check:"))
        {
            let rest = rest.trim_start_matches('*').trim().to_ascii_uppercase();
            let passed = if rest.starts_with("PASSED") {
                Some(true)
            } else if rest.starts_with("FAILED") {
                Some(false)
            } else {
                None
            };
            if let Some(passed) = passed {
                let len = line.trim_end().len();
                found = Some(SelfCheck {
                    passed,
                    span: Span::new(offset, offset + len),
                });
            }
        }
        offset += line.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> PlanId {
        PlanId::parse("02-01").unwrap()
    }

    fn rules_of(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn reads_the_current_summary() {
        let text = "---\nphase: 02-users-authentication\nplan: 01\nkey-files:\n  created:\n    - backend/services/auth.py\n  modified:\n    - backend/config.py (settings)\n  deleted:\n    - backend/old_auth.py\nrequirements-completed: [AUTH-01, AUTH-07]\n---\n\
# Summary\n- Task 1: models - `12c6487` (feat)\n- Task 2: `9fc820d`\n```\nabcdef1234\n```\nNot a hash: deadbeef, 1234567.\n\n## Self-Check: PASSED\n";
        let s = Summary::parse(&id(), &PlanKind::Numbered, "s.md", text.into());
        assert!(s.findings.is_empty(), "{:#?}", s.findings);
        assert_eq!(
            s.key_files,
            ["backend/services/auth.py", "backend/config.py"]
        );
        let reqs: Vec<&str> = s
            .requirements_completed
            .iter()
            .map(|(r, _)| r.as_str())
            .collect();
        assert_eq!(reqs, ["AUTH-01", "AUTH-07"]);
        assert_eq!(s.commits, ["12c6487", "9fc820d"]);
        assert_eq!(s.self_check.map(|c| c.passed), Some(true));
    }

    #[test]
    fn hashes_of_digits_or_letters_only_count_where_they_are_claimed() {
        let text = "---\nphase: 02\nplan: 01\nkey-files: []\ncommits: [\"2345678\"]\n---\n\
# Summary\n\
Processed 1234567 rows in 7654321 ms; the page was defaced (not cited).\n\
Build `3141592` ran.\n\
- Task 1: models - `7807288` (feat)\n\
- Task 2: bare - 8807288 (fix)\n\
- Task 3: not a type - 9807288 (about a million)\n\
- Self-check: `deadbeef` (Task 2: handlers) — FOUND\n\
## Task Commits\n\
- 1111111 feat(02-01): first line of a list\n\
1. `abcdefa`\n\
Took 2222222 ms, mid-sentence.\n\
### Task 1 detail\n\
- 3333333 still in the commits section\n\
## Notes\n\
- 4444444 is a number again\n";
        let s = Summary::parse(&id(), &PlanKind::Numbered, "s.md", text.into());
        assert_eq!(
            s.commits,
            ["2345678", "7807288", "8807288", "deadbeef", "1111111", "abcdefa", "3333333"]
        );
    }

    #[test]
    fn reads_the_older_summary_and_a_failed_self_check() {
        let text = "---\nphase: 2\nplan: 1\nkey_files:\n  - src/api/auth/refresh.ts: \"Rotation endpoint\"\n  - src/db/schema/refreshTokens.ts: \"Token storage\"\n---\n\
Body\n## Self-Check: PASSED\n## Self-Check: FAILED\n";
        let s = Summary::parse(&id(), &PlanKind::Numbered, "s.md", text.into());
        assert_eq!(
            s.key_files,
            ["src/api/auth/refresh.ts", "src/db/schema/refreshTokens.ts"]
        );
        assert_eq!(rules_of(&s.findings), ["summary/self-check-failed"]);
        let f = &s.findings[0];
        assert_eq!(f.location.line, Some(10));
        assert_eq!(f.location.plan.as_deref(), Some("02-01"));
    }

    #[test]
    fn summary_problems() {
        let s = Summary::parse(
            &id(),
            &PlanKind::Numbered,
            "s.md",
            "---\nplan: 3\nkey-files: [../x]\n---\n".into(),
        );
        let mut r = rules_of(&s.findings);
        r.sort_unstable();
        assert_eq!(
            r,
            ["plan/path", "summary/id-mismatch", "summary/missing-field"]
        );
        let s = Summary::parse(
            &id(),
            &PlanKind::Numbered,
            "s.md",
            "# no frontmatter\n".into(),
        );
        assert_eq!(rules_of(&s.findings), ["summary/no-frontmatter"]);
    }

    #[test]
    fn pending_human_lines_are_found() {
        let body = "## Verification Status\n- New refresh token issued\n- Pending human verification: Cookie flags in production\n";
        assert_eq!(pending_human_in(body), ["Cookie flags in production"]);
    }
}
