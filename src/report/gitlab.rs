//! `--format gitlab`: GitLab's Code Quality report (a JSON array of Code Climate issues), for
//! `artifacts: reports: codequality:`.
//!
//! GitLab requires `description`, `check_name`, `fingerprint`, `severity`, `location.path` and
//! `location.lines.begin`; it compares fingerprints between the merge request's base and head,
//! so each one is unique in the report and stable across runs ([`super::locate::fingerprints`]).
//! A finding with no file is placed on the planning folder, line 1, and its description names
//! the commit or plan.

use serde::Serialize;

use super::locate::{file_of, fingerprints, location_text, region};
use super::Options;
use crate::finding::{Finding, Severity};
use crate::outcome::Outcome;

pub fn render(opts: &Options, outcome: &Outcome) -> String {
    super::pretty_json(&document(outcome, &opts.planning_dir))
}

/// One Code Climate issue (typed: see the note on memory in `sarif.rs`).
#[derive(Serialize)]
pub struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'static str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn document<'a>(outcome: &'a Outcome, fallback: &'a str) -> Vec<Issue<'a>> {
    let prints = fingerprints(&outcome.findings);
    outcome
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fp)| issue(f, fp, fallback))
        .collect()
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Blocker => "blocker",
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// Code Climate's categories; GitLab shows none of them but the spec asks for one.
fn category(rule: &str) -> &'static str {
    match rule.split('/').next() {
        Some("msg") => "Style",
        Some("scan") => "Bug Risk",
        _ => "Clarity",
    }
}

fn issue<'a>(f: &'a Finding, fingerprint: String, fallback: &'a str) -> Issue<'a> {
    let (path, begin, end) = match (file_of(f), region(f)) {
        (Some(p), Some(r)) => (p, r.start_line, r.end_line.unwrap_or(r.start_line)),
        (Some(p), None) => (p, 1, 1),
        (None, _) => (fallback, 1, 1),
    };
    let mut description = f.message.clone();
    if file_of(f).is_none() {
        let place = location_text(f);
        if !place.is_empty() {
            description = format!("{place}: {description}");
        }
    }
    Issue {
        kind: "issue",
        check_name: f.rule,
        description,
        content: f.help.as_deref().map(|body| Content { body }),
        categories: [category(f.rule)],
        severity: severity(f.severity),
        fingerprint,
        location: IssueLocation {
            path,
            lines: Lines { begin, end },
        },
    }
}
