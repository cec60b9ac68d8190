//! `--format github`: GitHub Actions workflow commands (`::error file=...::message`) that the
//! runner turns into annotations on the pull request, plus the Markdown job summary.
//!
//! The runner parses every stdout line that starts with `::`, so anything planlint prints from
//! the repository (a commit subject, a path) could otherwise smuggle in a command of its own.
//! Escaping follows the runner exactly (actions/toolkit `escapeData` / `escapeProperty`):
//! data escapes `%`, `\r`, `\n`; properties escape those plus `:` and `,`. A line of ours
//! therefore never ends early and a property never gains a sibling. Lines that are not
//! commands are sanitised so they never start with `::` or `##[`.
//!
//! GitHub shows at most 10 annotations of each kind per step and drops the rest silently: we
//! print 10 per kind and count the rest in a closing line (the job summary lists them all).

use super::locate::{file_of, location_text, region};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity, Tally};
use crate::outcome::{Document, Outcome};

/// Annotations of one kind GitHub shows per step.
pub const MAX_PER_KIND: usize = 10;

/// GitHub's limit on a step's summary (the whole file, all writers together).
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

pub fn render(outcome: &Outcome) -> String {
    document(outcome)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    fn of(s: Severity) -> Kind {
        match s {
            Severity::Blocker | Severity::Error => Kind::Error,
            Severity::Warning => Kind::Warning,
            Severity::Info => Kind::Notice,
        }
    }

    fn command(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::Notice => "notice",
        }
    }
}

pub fn document(outcome: &Outcome) -> String {
    let mut out = String::new();
    for note in &outcome.notes {
        out.push_str(&plain_line(&format!("planlint: note: {note}")));
    }
    let kinds = [Kind::Error, Kind::Warning, Kind::Notice];
    let mut shown = [0usize; 3];
    let mut hidden = [0usize; 3];
    for f in &outcome.findings {
        let k = Kind::of(f.severity);
        let i = kinds.iter().position(|&x| x == k).unwrap_or(0);
        if shown[i] < MAX_PER_KIND {
            shown[i] += 1;
            out.push_str(&annotation(k, f));
        } else {
            hidden[i] += 1;
        }
    }
    let mut summary = super::human::summary_line(&outcome.findings);
    if outcome.findings.is_empty() {
        summary = "planlint: no findings".into();
    }
    let hidden_parts: Vec<String> = kinds
        .iter()
        .zip(hidden)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", plural(k.command(), n)))
        .collect();
    if !hidden_parts.is_empty() {
        summary.push_str(&format!(
            "; {} not annotated (GitHub shows at most {MAX_PER_KIND} annotations of each kind per step; the job summary lists every finding)",
            hidden_parts.join(", ")
        ));
    }
    out.push_str(&plain_line(&summary));
    out
}

fn plural(word: &str, n: usize) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn annotation(kind: Kind, f: &Finding) -> String {
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(path) = file_of(f) {
        props.push(("file", path.to_string()));
        if let Some(r) = region(f) {
            props.push(("line", r.start_line.to_string()));
            if let Some(c) = r.start_column {
                props.push(("col", c.to_string()));
            }
            if let Some(l) = r.end_line {
                props.push(("endLine", l.to_string()));
                if let (Some(c), true) = (r.end_column, l == r.start_line) {
                    props.push(("endColumn", c.to_string()));
                }
            }
        }
    }
    props.push(("title", format!("planlint {}", f.rule)));
    let mut data = String::new();
    if file_of(f).is_none() {
        let place = location_text(f);
        if !place.is_empty() {
            data.push_str(&place);
            data.push_str(": ");
        }
    }
    data.push_str(&f.message);
    if let Some(h) = &f.help {
        data.push_str("\nhelp: ");
        data.push_str(h);
    }
    if let Some(s) = &f.suggestion {
        data.push_str("\ntry: ");
        data.push_str(s);
    }
    let props = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect::<Vec<_>>()
        .join(",");
    format!("::{} {props}::{}\n", kind.command(), escape_data(&data))
}

/// The runner's `escapeData`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The runner's `escapeProperty`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A line that is not a workflow command and cannot become one.
pub fn plain_line(s: &str) -> String {
    let one = s.replace(['\r', '\n'], " ");
    let trimmed = one.trim_start();
    if trimmed.starts_with("::") || trimmed.starts_with("##[") {
        format!("planlint: {trimmed}\n")
    } else {
        format!("{one}\n")
    }
}

/// The job summary: the Markdown report cut to fit in what is left of GitHub's limit once
/// `already` bytes are in the summary file.
pub fn step_summary(outcome: &Outcome, already: u64) -> String {
    let left = SUMMARY_LIMIT.saturating_sub(usize::try_from(already).unwrap_or(usize::MAX));
    // Leave a margin for the newline we prepend and for rounding in GitHub's own accounting.
    let budget = left.saturating_sub(1024);
    match &outcome.document {
        Some(Document::Verification { verification, .. }) => {
            cut_at_line(super::verification::render(verification), budget)
        }
        Some(Document::Phases(rows)) => cut_at_line(super::verification::phases(rows), budget),
        _ => super::markdown::document(outcome, budget),
    }
}

/// Cuts a report at the last whole line that fits, with a notice.
fn cut_at_line(text: String, budget: usize) -> String {
    if text.len() <= budget {
        return text;
    }
    const NOTICE: &str = "\n_Truncated: the rest of the report did not fit in the 1 MiB job summary. Run `planlint verify --write` to save it whole._\n";
    let mut keep = budget.saturating_sub(NOTICE.len()).min(text.len());
    while !text.is_char_boundary(keep) {
        keep -= 1;
    }
    let end = text[..keep].rfind('\n').map_or(0, |i| i + 1);
    let mut out = text[..end].to_string();
    out.push_str(NOTICE);
    out
}

/// Step outputs for the GitHub Action (`$GITHUB_OUTPUT`, when the runner provides it): the
/// finding counts and `status` = `passed` or `failed` (findings at or above `--fail-on`).
pub fn write_outputs(reported: &Tally, failed: bool) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let text = outputs(reported, failed);
    let path = std::path::PathBuf::from(path);
    use std::io::Write;
    crate::fs::open_append(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| Error::write(&path, e))
}

fn outputs(reported: &Tally, failed: bool) -> String {
    let c = reported.counts;
    let status = if failed { "failed" } else { "passed" };
    format!(
        "status={status}\nfindings={}\nblockers={}\nerrors={}\nwarnings={}\ninfos={}\n",
        reported.total, c.blocker, c.error, c.warning, c.info
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner() {
        assert_eq!(escape_data("50%\r\n::x"), "50%25%0D%0A::x");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn reports_are_cut_at_a_line_with_a_notice() {
        let text = "line one\nline two é\nline three\n".repeat(100);
        let cut = cut_at_line(text.clone(), 400);
        assert!(cut.len() <= 400, "{}", cut.len());
        assert!(cut.contains("Truncated"));
        assert!(cut.starts_with("line one\n"));
        assert_eq!(cut_at_line("short\n".into(), 400), "short\n");
    }

    #[test]
    fn plain_lines_never_become_commands() {
        assert_eq!(plain_line("  ::set-output x"), "planlint: ::set-output x\n");
        assert_eq!(plain_line("a\n::error::x"), "a ::error::x\n");
        assert_eq!(plain_line("##[error]x"), "planlint: ##[error]x\n");
    }
}
