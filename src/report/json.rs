//! `--format json`: a documented, versioned document (see `docs/json.md`).
//!
//! `schema` is bumped on any incompatible change; fields are only ever added within one version.

use serde::Serialize;

use crate::check::verify::Verification;
use crate::finding::{Counts, Finding};
use crate::outcome::{self, Outcome};

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    tool: Tool,
    subject: &'a str,
    counts: Counts,
    notes: &'a [String],
    findings: Vec<JsonFinding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'a Verification>,
    /// `verify --all`: each phase's verification and where its report belongs.
    #[serde(skip_serializing_if = "Option::is_none")]
    phases: Option<Vec<JsonPhase<'a>>>,
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

/// A finding plus its fingerprint (the same one SARIF and GitLab carry). `location.path` is
/// kept for real files only; a commit message's name (`commit 1a2b3c4`) moves to `source`.
#[derive(Serialize)]
struct JsonFinding {
    #[serde(flatten)]
    finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    fingerprint: String,
}

impl JsonFinding {
    fn new(f: &Finding, fingerprint: String) -> JsonFinding {
        let file = super::locate::file_of(f).map(str::to_string);
        let source = f
            .source
            .as_ref()
            .map(|s| s.name.clone())
            .filter(|name| Some(name) != file.as_ref());
        let mut finding = f.clone();
        finding.location.path = file;
        JsonFinding {
            finding,
            source,
            fingerprint,
        }
    }
}

pub fn render(outcome: &Outcome) -> String {
    let prints = super::locate::fingerprints(&outcome.findings);
    let doc = Document {
        schema: SCHEMA_VERSION,
        tool: Tool {
            name: "planlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        subject: &outcome.subject,
        counts: Counts::of(&outcome.findings),
        notes: &outcome.notes,
        findings: outcome
            .findings
            .iter()
            .zip(prints)
            .map(|(f, fingerprint)| JsonFinding::new(f, fingerprint))
            .collect(),
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
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        format!("{{\"schema\":{SCHEMA_VERSION},\"error\":\"cannot serialise: {e}\"}}")
    });
    s.push('\n');
    s
}
