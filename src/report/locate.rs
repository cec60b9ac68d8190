//! What every machine format needs to know about a finding's place: whether it names a real
//! file, its region in lines and columns, a short text for tables, and a stable fingerprint.
//!
//! Kept in one place so SARIF, GitLab, JUnit, Markdown and GitHub annotations agree on where a
//! finding is and on its identity across runs.

use crate::finding::Finding;

/// A region in 1-based lines and columns (columns in characters; `end_column` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start_line: u32,
    pub start_column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
}

/// The repository file a finding is in, if it is in one.
///
/// A commit-message finding carries its source's name as its path (`commit 1a2b3c4`, `-`,
/// `<stdin>`): that is not a file, and a code host must not be told it is.
pub fn file_of(f: &Finding) -> Option<&str> {
    let path = f.location.path.as_deref()?;
    // `commit 1a2b3c4`, a message's name: the common case in a history's report.
    if let Some(id) = path.strip_prefix("commit ") {
        if id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
    }
    let is_pseudo = path == "-"
        || path.starts_with('<')
        || path
            .strip_prefix("commit ")
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_pseudo || crate::fs::normalize_repo_path(path).as_deref() != Some(path) {
        return None;
    }
    Some(path)
}

/// Where in its file a finding is. A span into the file's text is the most precise (SARIF needs
/// line and column, miette only knows bytes); else the line and column the check recorded.
pub fn region(f: &Finding) -> Option<Region> {
    file_of(f)?;
    if let (Some(src), Some(span)) = (&f.source, f.location.span) {
        if Some(src.name.as_str()) == f.location.path.as_deref() {
            let (start_line, start_column) = src.line_col(span.start);
            let (end_line, end_column) = src.line_col(span.end);
            return Some(Region {
                start_line,
                start_column: Some(start_column),
                end_line: Some(end_line),
                end_column: (span.end > span.start).then_some(end_column),
            });
        }
    }
    let start_line = f.location.line?;
    Some(Region {
        start_line,
        start_column: f.location.column,
        end_line: f.location.end_line.filter(|&e| e >= start_line),
        end_column: None,
    })
}

/// `src/a.ts:3:5`, `commit 1a2b3c4`, `plan 02-01`, joined by `, ` when there are several.
pub fn location_text(f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(path) = file_of(f) {
        let mut s = path.to_string();
        if let Some(r) = region(f) {
            s.push_str(&format!(":{}", r.start_line));
            if let Some(c) = r.start_column {
                s.push_str(&format!(":{c}"));
            }
        }
        parts.push(s);
    }
    if let Some(c) = &f.location.commit {
        parts.push(format!("commit {}", super::human::short(c)));
    }
    if let Some(p) = &f.location.plan {
        parts.push(format!("plan {p}"));
    }
    parts.join(", ")
}

/// One fingerprint per finding, unique within the list and stable across runs.
///
/// The key leaves out line and column, so a finding keeps its identity when code above it
/// moves, and leaves out the commit for findings in files, so a rebase does not make every
/// finding new. Findings with equal keys are told apart by their order of appearance.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut prints = Fingerprints::default();
    findings.iter().map(|f| prints.next(f)).collect()
}

/// Fingerprints one finding after another, as [`fingerprints`] gives them for the list: a
/// report that writes findings as they come needs only the hashes seen so far.
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: std::collections::HashMap<u64, u32>,
}

impl Fingerprints {
    pub fn next(&mut self, f: &Finding) -> String {
        // FNV-1a over the parts, each ended by a NUL, without building the key.
        let file = file_of(f);
        let mut h = Fnv::new();
        for part in [
            f.rule,
            file.unwrap_or(""),
            if file.is_none() {
                f.location.commit.as_deref().unwrap_or("")
            } else {
                ""
            },
            f.location.plan.as_deref().unwrap_or(""),
            &f.message,
        ] {
            h.write(part.as_bytes());
            h.write(b"\0");
        }
        let base = h.0;
        let n = self.seen.entry(base).or_insert(0);
        let id = if *n == 0 {
            base
        } else {
            // The same finding again: the key followed by its count.
            h.write(n.to_string().as_bytes());
            h.0
        };
        *n += 1;
        format!("{id:016x}")
    }
}

/// FNV-1a, 64 bits, fed piece by piece: fixed by its definition, so fingerprints survive Rust
/// upgrades (std's hasher makes no such promise).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Location, Rule, Severity, SourceText, Span};

    static R: Rule = Rule {
        id: "test/rule",
        severity: Severity::Error,
        summary: "s",
        explanation: "e",
    };

    #[test]
    fn message_sources_are_not_files() {
        let src = SourceText::new("commit 1a2b3c4", "feat: x\n");
        let f = Finding::new(&R, "m").spanned(&src, Span::new(0, 4));
        assert_eq!(file_of(&f), None);
        assert_eq!(region(&f), None);
        let f = Finding::new(&R, "m").at(Location::path("../etc/passwd"));
        assert_eq!(file_of(&f), None);
        let f = Finding::new(&R, "m").at(Location::path("src/commit 1.ts"));
        assert_eq!(file_of(&f), Some("src/commit 1.ts"));
    }

    #[test]
    fn region_from_span_counts_lines_and_characters() {
        let src = SourceText::new("src/a.ts", "é\nab TODO x\n");
        // "TODO" starts at byte 6 (é is two bytes, then \n, then "ab ").
        let f = Finding::new(&R, "m").spanned(&src, Span::new(6, 10));
        let r = region(&f).unwrap();
        assert_eq!(
            (r.start_line, r.start_column, r.end_line, r.end_column),
            (2, Some(4), Some(2), Some(8))
        );
    }

    #[test]
    fn fingerprints_are_unique_and_ignore_lines() {
        let a = Finding::new(&R, "m").at(Location::at("a.ts", 1, 1));
        let b = Finding::new(&R, "m").at(Location::at("a.ts", 9, 1));
        let c = Finding::new(&R, "other").at(Location::at("a.ts", 1, 1));
        let fp = fingerprints(&[a.clone(), b, c]);
        assert_ne!(fp[0], fp[1]);
        assert_ne!(fp[0], fp[2]);
        assert_eq!(fingerprints(std::slice::from_ref(&a))[0], fp[0]);
        // Moving the finding does not change its identity.
        let moved = Finding::new(&R, "m").at(Location::at("a.ts", 40, 3));
        assert_eq!(fingerprints(&[moved])[0], fingerprints(&[a])[0]);
    }
}
