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

use serde::Serialize;

use super::locate::{file_of, fingerprints, region};
use super::Options;
use crate::finding::{Finding, Rule, Severity};
use crate::outcome::Outcome;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const BASE_ID: &str = "%SRCROOT%";

pub fn render(opts: &Options, outcome: &Outcome) -> String {
    let doc = document(outcome, &opts.planning_dir, crate::rules::get);
    super::pretty_json(&doc)
}

// The log is typed rather than a `serde_json::Value`: a map in a `Value` is a B-tree whose
// nodes cost about 600 bytes, and a whole-history check with 7,000 findings took 100 MB to
// render that way.

/// A SARIF log (the parts planlint fills in).
#[derive(Serialize)]
pub struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [String; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
struct LogicalLocation<'a> {
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints {
    /// Versioned, so that a change of the fingerprint's recipe can get a new key.
    #[serde(rename = "planlint/v1")]
    planlint_v1: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

/// The SARIF log. `fallback` is the path given to findings without a file; `lookup` finds a
/// rule's metadata (the registry in use; tests pass their own).
pub fn document<'a>(
    outcome: &'a Outcome,
    fallback: &'a str,
    lookup: impl Fn(&str) -> Option<&'static Rule>,
) -> Log<'a> {
    let mut ids: Vec<&str> = outcome.findings.iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    ids.dedup();
    let rules = ids.iter().map(|id| rule_descriptor(id, &lookup)).collect();
    let prints = fingerprints(&outcome.findings);
    let results = outcome
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fp)| {
            let index = ids.binary_search(&f.rule).unwrap_or(0);
            result(f, index, fp, fallback)
        })
        .collect();
    let notifications = outcome
        .notes
        .iter()
        .map(|n| Notification {
            level: "note",
            message: Message { text: n.into() },
        })
        .collect();
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "planlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Blocker | Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(id: &str, lookup: &impl Fn(&str) -> Option<&'static Rule>) -> RuleDescriptor {
    let group = id.split('/').next().unwrap_or(id);
    let rule = lookup(id);
    let text = |t: String| Some(Text { text: t });
    RuleDescriptor {
        id: id.to_string(),
        name: rule_name(id),
        short_description: rule.and_then(|r| text(r.summary.to_string())),
        full_description: rule.and_then(|r| text(r.explanation.trim().to_string())),
        help: rule.and_then(|r| {
            text(format!(
                "{}\n\nRun `planlint explain {id}` for details.",
                r.explanation.trim()
            ))
        }),
        default_configuration: rule.map(|r| Configuration {
            level: level(r.severity),
        }),
        properties: RuleProperties {
            tags: ["planlint".to_string(), group.to_string()],
        },
    }
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

fn result<'a>(
    f: &'a Finding,
    index: usize,
    fingerprint: String,
    fallback: &str,
) -> SarifResult<'a> {
    let text = match &f.help {
        Some(h) => format!("{}\n{h}", f.message).into(),
        None => f.message.as_str().into(),
    };
    let file = file_of(f);
    let region = region(f).map(|r| Region {
        start_line: r.start_line,
        start_column: r.start_column,
        end_line: r.end_line,
        end_column: r.end_column,
    });
    let mut logical = Vec::new();
    if file.is_none() {
        if let Some(c) = &f.location.commit {
            logical.push(LogicalLocation {
                name: c,
                kind: "commit",
            });
        }
        if let Some(p) = &f.location.plan {
            logical.push(LogicalLocation {
                name: p,
                kind: "plan",
            });
        }
    }
    SarifResult {
        rule_id: f.rule,
        rule_index: index,
        level: level(f.severity),
        message: Message { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: encode_uri(file.unwrap_or(fallback)),
                    uri_base_id: BASE_ID,
                },
                region,
            },
            logical_locations: logical,
        }],
        partial_fingerprints: Fingerprints {
            planlint_v1: fingerprint,
        },
        properties: ResultProperties {
            severity: f.severity.as_str(),
            commit: f.location.commit.as_deref(),
            plan: f.location.plan.as_deref(),
            suggestion: f.suggestion.as_deref(),
        },
    }
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
