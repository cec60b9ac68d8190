//! `--format json`: a documented, versioned document (see `docs/json.md`).
//!
//! `schema` is bumped on any incompatible change; fields are only ever added within one version.

use serde::Serialize;

use crate::check::verify::Verification;
use crate::finding::{Counts, Finding, Location, Severity, Span, Tally};
use crate::outcome::{self, Outcome};

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// What follows the findings: the counts and notes are known only once every finding is.
#[derive(Serialize)]
struct Tail<'a> {
    subject: &'a str,
    counts: Counts,
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'a Verification>,
    /// `verify --all`: each phase's verification and where its report belongs.
    #[serde(skip_serializing_if = "Option::is_none")]
    phases: Option<Vec<JsonPhase<'a>>>,
}

/// The document written as it goes: the head, each finding as it comes, then the rest. The
/// text is serde_json's pretty form of the whole document, field for field, so a report
/// written at once and one written while a history is walked read the same.
pub struct Writer<W: std::io::Write> {
    out: W,
    /// Whether the head is out: it waits for the first finding, so a run that fails before
    /// it found anything leaves stdout empty.
    started: bool,
    prints: super::locate::Fingerprints,
    tally: Tally,
    scratch: Vec<u8>,
}

impl<W: std::io::Write> Writer<W> {
    pub fn start(out: W) -> std::io::Result<Writer<W>> {
        Ok(Writer {
            out,
            started: false,
            prints: super::locate::Fingerprints::default(),
            tally: Tally::default(),
            scratch: Vec::new(),
        })
    }

    fn head(&mut self) -> std::io::Result<()> {
        if std::mem::replace(&mut self.started, true) {
            return Ok(());
        }
        let tool = Tool {
            name: "planlint",
            version: env!("CARGO_PKG_VERSION"),
        };
        write!(
            self.out,
            "{{\n  \"schema\": {SCHEMA_VERSION},\n  \"tool\": "
        )?;
        self.scratch.clear();
        pretty(&tool, &mut self.scratch)?;
        indented(&mut self.out, &self.scratch, "  ", false)?;
        self.out.write_all(b",\n  \"findings\": [")
    }

    pub fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
        self.head()?;
        let print = self.prints.next(f);
        let first = self.tally.total == 0;
        self.tally.add(f);
        self.scratch.clear();
        pretty(&JsonFinding::new(f, &print), &mut self.scratch)?;
        self.out.write_all(if first { b"\n" } else { b",\n" })?;
        indented(&mut self.out, &self.scratch, "    ", true)
    }

    /// Ends the document with what `outcome` says besides its findings (which must have gone
    /// through [`Writer::finding`]); returns the count of every finding written.
    pub fn finish(mut self, outcome: &Outcome) -> std::io::Result<Tally> {
        self.head()?;
        self.out.write_all(if self.tally.total == 0 {
            b"]"
        } else {
            b"\n  ]"
        })?;
        let tail = Tail {
            subject: &outcome.subject,
            counts: self.tally.counts,
            notes: &outcome.notes,
            verification: match &outcome.document {
                Some(outcome::Document::Verification { verification, .. }) => Some(verification),
                _ => None,
            },
            phases: match &outcome.document {
                Some(outcome::Document::Phases(rows)) => Some(
                    rows.iter()
                        .map(|r| JsonPhase {
                            report: &r.report_path,
                            written: r.written,
                            verification: &r.verification,
                        })
                        .collect(),
                ),
                _ => None,
            },
        };
        self.scratch.clear();
        pretty(&tail, &mut self.scratch)?;
        // `{` and `}` of the tail's own object go; its fields join the document's.
        let inner = &self.scratch[1..self.scratch.len() - 1];
        self.out.write_all(b",")?;
        self.out.write_all(inner)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()?;
        Ok(self.tally)
    }
}

fn pretty(value: &impl Serialize, buf: &mut Vec<u8>) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *buf, value).map_err(std::io::Error::other)
}

/// `text` (pretty JSON, whose strings hold no raw newline) with every line after the first,
/// and the first too when `first` is set, indented by `prefix`.
fn indented(
    out: &mut impl std::io::Write,
    text: &[u8],
    prefix: &str,
    first: bool,
) -> std::io::Result<()> {
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || first {
            out.write_all(prefix.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonPhase<'a> {
    report: &'a str,
    written: bool,
    verification: &'a Verification,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// A finding plus its fingerprint (the same one SARIF and GitLab carry), borrowed: a history
/// of twenty thousand findings is written without copying one. The fields and their order are
/// [`Finding`]'s; `location.path` is kept for real files only, and a commit message's name
/// (`commit 1a2b3c4`) moves to `source`.
#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
    location: JsonLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    fingerprint: &'a str,
}

/// [`Location`], with the path only when it is a file.
#[derive(Serialize)]
struct JsonLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
}

impl<'a> JsonFinding<'a> {
    fn new(f: &'a Finding, fingerprint: &'a str) -> JsonFinding<'a> {
        let file = super::locate::file_of(f);
        let source = f
            .source
            .as_ref()
            .map(|s| s.name.as_str())
            .filter(|name| Some(*name) != file);
        let l: &'a Location = &f.location;
        JsonFinding {
            rule: f.rule,
            severity: f.severity,
            message: &f.message,
            help: f.help.as_deref(),
            suggestion: f.suggestion.as_deref(),
            location: JsonLocation {
                commit: l.commit.as_deref(),
                path: file,
                line: l.line,
                column: l.column,
                end_line: l.end_line,
                plan: l.plan.as_deref(),
                span: l.span,
            },
            label: f.label.as_deref(),
            source,
            fingerprint,
        }
    }
}

/// Writes the whole document to `out`.
pub fn write(outcome: &Outcome, out: &mut impl std::io::Write) -> std::io::Result<Tally> {
    let mut w = Writer::start(out)?;
    for f in &outcome.findings {
        w.finding(f)?;
    }
    w.finish(outcome)
}

/// The document as a string (for `--output`, the job summary's neighbours and tests).
pub fn render(outcome: &Outcome) -> String {
    let mut out = Vec::new();
    if let Err(e) = write(outcome, &mut out) {
        return format!("{{\"schema\":{SCHEMA_VERSION},\"error\":\"cannot serialise: {e}\"}}\n");
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}
