//! `--format json`: a documented, versioned document (see `docs/json-schema.md`).
//!
//! `schema` is bumped on any incompatible change; fields are only ever added within one version.

use serde::Serialize;

use crate::commands::{Context, Outcome};
use crate::finding::{Counts, Finding};

/// Version of the JSON document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    tool: Tool,
    subject: &'a str,
    counts: Counts,
    notes: &'a [String],
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub fn render(_ctx: &Context, outcome: &Outcome) -> String {
    let doc = Document {
        schema: SCHEMA_VERSION,
        tool: Tool {
            name: "planlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        subject: &outcome.subject,
        counts: Counts::of(&outcome.findings),
        notes: &outcome.notes,
        findings: &outcome.findings,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        format!("{{\"schema\":{SCHEMA_VERSION},\"error\":\"cannot serialise: {e}\"}}")
    });
    s.push('\n');
    s
}
