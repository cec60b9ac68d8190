//! `--format sarif`: SARIF 2.1.0, the format code-scanning services read (GitHub code scanning,
//! Azure DevOps, VS Code's SARIF viewer).
//!
//! Choices a reader may wonder about:
//! - `tool.driver.rules` lists the rules that have results, sorted by id, each with the
//!   registry's summary and explanation; `ruleIndex` points into that list.
//! - URIs are repository-relative with `uriBaseId: %SRCROOT%`, percent-encoded, never absolute,
//!   so an upload matches files whatever folder CI checked out into.
//! - Columns are characters (`columnKind: unicodeCodePoints`), as planlint counts them.
//! - A finding with no file (a commit message, a plan as a whole) still needs a physical
//!   location for GitHub to accept the upload: it points at the planning folder and names the
//!   commit or plan as a logical location.
//! - `partialFingerprints["planlint/v1"]` is the stable identity of [`super::locate::fingerprints`].

use serde_json::{json, Map, Value};

use super::locate::{file_of, fingerprints, region};
use crate::commands::{Context, Outcome};
use crate::finding::{Finding, Rule, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const FINGERPRINT_KEY: &str = "planlint/v1";
const BASE_ID: &str = "%SRCROOT%";

pub fn render(ctx: &Context, outcome: &Outcome) -> String {
    let doc = document(outcome, &ctx.config.planning_dir, crate::finding::rule);
    super::pretty_json(&doc)
}

/// The SARIF log. `fallback` is the path given to findings without a file; `lookup` finds a
/// rule's metadata (the registry in use; tests pass their own).
pub fn document(
    outcome: &Outcome,
    fallback: &str,
    lookup: impl Fn(&str) -> Option<&'static Rule>,
) -> Value {
    let mut ids: Vec<&str> = outcome.findings.iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    ids.dedup();
    let rules: Vec<Value> = ids.iter().map(|id| rule_descriptor(id, &lookup)).collect();
    let prints = fingerprints(&outcome.findings);
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .zip(&prints)
        .map(|(f, fp)| {
            let index = ids.binary_search(&f.rule).unwrap_or(0);
            result(f, index, fp, fallback)
        })
        .collect();
    let notifications: Vec<Value> = outcome
        .notes
        .iter()
        .map(|n| json!({ "level": "note", "message": { "text": n } }))
        .collect();
    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "planlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Blocker | Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(id: &str, lookup: &impl Fn(&str) -> Option<&'static Rule>) -> Value {
    let mut d = json!({ "id": id, "name": rule_name(id) });
    let group = id.split('/').next().unwrap_or(id);
    d["properties"] = json!({ "tags": ["planlint", group] });
    if let Some(r) = lookup(id) {
        d["shortDescription"] = json!({ "text": r.summary });
        d["fullDescription"] = json!({ "text": r.explanation.trim() });
        d["help"] = json!({
            "text": format!("{}\n\nRun `planlint explain {id}` for details.", r.explanation.trim())
        });
        d["defaultConfiguration"] = json!({ "level": level(r.severity) });
    }
    d
}

/// `scan/debt-marker` -> `ScanDebtMarker`: SARIF wants a name readable as one identifier.
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn result(f: &Finding, index: usize, fingerprint: &str, fallback: &str) -> Value {
    let mut text = f.message.clone();
    if let Some(h) = &f.help {
        text.push('\n');
        text.push_str(h);
    }
    let mut physical = Map::new();
    let uri = file_of(f).unwrap_or(fallback);
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": encode_uri(uri), "uriBaseId": BASE_ID }),
    );
    if let Some(r) = region(f) {
        let mut reg = Map::new();
        reg.insert("startLine".into(), r.start_line.into());
        if let Some(c) = r.start_column {
            reg.insert("startColumn".into(), c.into());
        }
        if let Some(l) = r.end_line {
            reg.insert("endLine".into(), l.into());
        }
        if let Some(c) = r.end_column {
            reg.insert("endColumn".into(), c.into());
        }
        physical.insert("region".into(), Value::Object(reg));
    }
    let mut location = json!({ "physicalLocation": physical });
    let mut logical = Vec::new();
    if file_of(f).is_none() {
        if let Some(c) = &f.location.commit {
            logical.push(json!({ "name": c, "kind": "commit" }));
        }
        if let Some(p) = &f.location.plan {
            logical.push(json!({ "name": p, "kind": "plan" }));
        }
    }
    if !logical.is_empty() {
        location["logicalLocations"] = Value::Array(logical);
    }
    let mut props = json!({ "severity": f.severity.as_str() });
    if let Some(c) = &f.location.commit {
        props["commit"] = json!(c);
    }
    if let Some(p) = &f.location.plan {
        props["plan"] = json!(p);
    }
    let mut res = json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
        "properties": props,
    });
    if let Some(s) = &f.suggestion {
        res["properties"]["suggestion"] = json!(s);
    }
    res
}

/// Percent-encodes a relative path for a URI reference: unreserved characters and `/` stay,
/// everything else (spaces, `%`, `#`, `?`, non-ASCII bytes) is escaped.
pub fn encode_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri("src/a b%#?.ts"), "src/a%20b%25%23%3F.ts");
        assert_eq!(encode_uri("é.md"), "%C3%A9.md");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(rule_name("scan/debt-marker"), "ScanDebtMarker");
        assert_eq!(rule_name("msg/type-case"), "MsgTypeCase");
    }
}
