//! One type for everything a check can say.
//!
//! Every check, whatever door it was reached through, returns `Vec<Finding>`. A finding names
//! its rule by a stable id, carries a severity, a location (a commit, a file position, a plan,
//! or a byte span into a source text that the human report underlines) and a message with an
//! optional help line. Reports render findings; they never decide anything.
//!
//! A [`Rule`] is declared by the folder whose check reports it; [`crate::rules`] gathers them.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered: `Info < Warning < Error < Blocker`.
///
/// GSD speaks of blockers, warnings and info; conventional linters speak of errors. planlint keeps
/// both: `blocker` is what GSD would refuse to call done, `error` is a broken rule of form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
    Blocker,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Info,
        Severity::Warning,
        Severity::Error,
        Severity::Blocker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Blocker => "blocker",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A half-open byte range `[start, end)` into a [`SourceText`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The text a span points into: a commit message, a config file, a plan.
///
/// Shared behind an `Arc` so that many findings on one message or file cost one copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceText {
    /// What a person calls it: a path, `COMMIT_EDITMSG`, `commit 1a2b3c4`.
    pub name: String,
    pub text: String,
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceText> {
        Arc::new(SourceText {
            name: name.into(),
            text: text.into(),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        line_col(&self.text, offset)
    }
}

/// 1-based line and column (in characters) of a byte offset into `text`.
///
/// Offsets past the end or inside a UTF-8 sequence are clamped, never a panic.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line as u32, col as u32)
}

/// Where a finding is. Every part is optional: a commit-message finding has a commit (or none,
/// in a hook) and a span; a scan finding has a path, line and column; a plan finding has a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Full commit id, when the finding is about a commit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Repository-relative path with `/` separators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// 1-based, inclusive; for a finding that covers several lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// A plan id such as `02-01`, when the finding is about a plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Byte span into `Finding::source`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Location {
    pub fn path(path: impl Into<String>) -> Location {
        Location {
            path: Some(path.into()),
            ..Location::default()
        }
    }

    pub fn at(path: impl Into<String>, line: u32, column: u32) -> Location {
        Location {
            path: Some(path.into()),
            line: Some(line),
            column: Some(column),
            ..Location::default()
        }
    }

    pub fn plan(plan: impl Into<String>) -> Location {
        Location {
            plan: Some(plan.into()),
            ..Location::default()
        }
    }

    pub fn with_commit(mut self, commit: impl Into<String>) -> Location {
        self.commit = Some(commit.into());
        self
    }

    pub fn with_plan(mut self, plan: impl Into<String>) -> Location {
        self.plan = Some(plan.into());
        self
    }

    pub fn with_span(mut self, span: Span) -> Location {
        self.span = Some(span);
        self
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id such as `msg/type-case` or `scan/stub-body`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Most helps and labels are a rule's fixed words: those are not copied per finding.
    pub help: Option<Cow<'static, str>>,
    /// A corrected version of the offending text, when it can be inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    pub location: Location,
    /// A short label for the underlined span (`expected ':' here`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Cow<'static, str>>,
    /// The text `location.span` points into.
    #[serde(skip)]
    pub source: Option<Arc<SourceText>>,
    /// The code the finding is about, as it stood when it was found: the scanner's offending
    /// line, trimmed, its whitespace collapsed. Tables show it rather than re-reading a file
    /// that may have changed since, and it tells one version's finding from another's.
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl Finding {
    /// A finding with the rule's default severity. Config overrides are applied later, in one
    /// place ([`crate::config::Config::apply_severities`]), so checks never read config for this.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            help: None,
            suggestion: None,
            location: Location::default(),
            label: None,
            source: None,
            snippet: None,
        }
    }

    pub fn at(mut self, location: Location) -> Finding {
        self.location = location;
        self
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn suggestion(mut self, suggestion: impl Into<String>) -> Finding {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn label(mut self, label: impl Into<Cow<'static, str>>) -> Finding {
        self.label = Some(label.into());
        self
    }

    pub fn snippet(mut self, snippet: impl Into<String>) -> Finding {
        self.snippet = Some(snippet.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Attach a source and a span into it; line and column are filled from the span.
    pub fn spanned(mut self, source: &Arc<SourceText>, span: Span) -> Finding {
        let (line, column) = source.line_col(span.start);
        self.location.span = Some(span);
        self.location.line = Some(line);
        self.location.column = Some(column);
        if self.location.path.is_none() {
            self.location.path = Some(source.name.clone());
        }
        self.source = Some(Arc::clone(source));
        self
    }
}

/// A rule's entry in the registry.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id: `<group>/<name>`, never renamed once released.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, for `planlint rules` and SARIF `shortDescription`.
    pub summary: &'static str,
    /// Paragraphs, for `planlint explain` and SARIF `fullDescription`.
    pub explanation: &'static str,
}

/// Counts of findings by severity, for summaries and action outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub blocker: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Blocker => c.blocker += 1,
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }
}

/// How many findings each rule and each plan has, most first: the line a long report ends
/// with, so it can be read at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdown {
    pub by_rule: Vec<(&'static str, usize)>,
    /// Findings that name a plan (`02-01`, `quick-260630-uq4`), by plan.
    pub by_plan: Vec<(String, usize)>,
}

impl Breakdown {
    pub fn of(findings: &[Finding]) -> Breakdown {
        Tally::of(findings).breakdown()
    }
}

/// What a report has said so far, counted: by severity, by rule, by plan. A report that writes
/// its findings as they come (a history's) keeps this instead of the findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub counts: Counts,
    pub total: usize,
    rules: std::collections::HashMap<&'static str, usize>,
    plans: std::collections::HashMap<String, usize>,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            t.add(f);
        }
        t
    }

    pub fn add(&mut self, f: &Finding) {
        self.total += 1;
        match f.severity {
            Severity::Blocker => self.counts.blocker += 1,
            Severity::Error => self.counts.error += 1,
            Severity::Warning => self.counts.warning += 1,
            Severity::Info => self.counts.info += 1,
        }
        *self.rules.entry(f.rule).or_default() += 1;
        if let Some(p) = &f.location.plan {
            match self.plans.get_mut(p) {
                Some(n) => *n += 1,
                None => {
                    self.plans.insert(p.clone(), 1);
                }
            }
        }
    }

    /// The most severe finding's severity, if any.
    pub fn worst(&self) -> Option<Severity> {
        let c = &self.counts;
        [
            (c.blocker, Severity::Blocker),
            (c.error, Severity::Error),
            (c.warning, Severity::Warning),
            (c.info, Severity::Info),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map(|(_, s)| s)
    }

    pub fn breakdown(&self) -> Breakdown {
        let mut by_rule: Vec<(&'static str, usize)> =
            self.rules.iter().map(|(r, n)| (*r, *n)).collect();
        by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut by_plan: Vec<(String, usize)> =
            self.plans.iter().map(|(p, n)| (p.clone(), *n)).collect();
        by_plan.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Breakdown { by_rule, by_plan }
    }
}

/// At most `max` characters of text quoted in a message, with `…` when cut: a finding or an
/// error quotes what the person wrote, not 16 MB of it.
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_clamps() {
        let text = "ab\nçd\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'ç' is two bytes: offset 5 is after it, column 2.
        assert_eq!(line_col(text, 5), (2, 2));
        // Inside the two-byte char: clamped back to its start.
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn breakdown_counts_most_first() {
        static R: Rule = Rule {
            id: "x/a",
            severity: Severity::Warning,
            summary: "s",
            explanation: "e",
        };
        static Q: Rule = Rule {
            id: "x/b",
            severity: Severity::Error,
            summary: "s",
            explanation: "e",
        };
        let f = |r: &'static Rule, plan: Option<&str>| {
            let mut f = Finding::new(r, "m");
            f.location.plan = plan.map(str::to_string);
            f
        };
        let b = Breakdown::of(&[
            f(&R, Some("02-01")),
            f(&Q, Some("02-02")),
            f(&Q, Some("02-02")),
            f(&R, None),
            f(&Q, None),
        ]);
        assert_eq!(b.by_rule, [("x/b", 3), ("x/a", 2)]);
        assert_eq!(
            b.by_plan,
            [("02-02".to_string(), 2), ("02-01".to_string(), 1)]
        );
    }

    #[test]
    fn severities_order() {
        assert!(Severity::Info < Severity::Warning);
        assert!(Severity::Error < Severity::Blocker);
        assert_eq!(Severity::parse("warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("nope"), None);
    }
}
