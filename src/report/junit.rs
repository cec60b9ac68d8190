//! `--format junit`: JUnit XML, the lowest common denominator of CI test reports (GitLab
//! `reports: junit`, Jenkins, Azure Pipelines, CircleCI).
//!
//! One test suite per file (or commit, or plan), one test case per finding. A finding at or
//! above the `fail_on` threshold is a `<failure>`; one below it is a passing case whose text
//! goes to `<system-out>`, so warnings are visible without turning a green run red. A run
//! without findings is one passing case, so CI shows that planlint ran.

use std::collections::BTreeMap;

use super::locate::{file_of, location_text};
use super::Options;
use crate::finding::{Finding, Severity};
use crate::outcome::Outcome;

pub fn render(opts: &Options, outcome: &Outcome) -> String {
    document(outcome, opts.fail_on)
}

pub fn document(outcome: &Outcome, fail_on: Option<Severity>) -> String {
    // Suites keep the order in which their first finding appears.
    let mut order: Vec<String> = Vec::new();
    let mut suites: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in &outcome.findings {
        let name = suite_name(f);
        if !suites.contains_key(&name) {
            order.push(name.clone());
        }
        suites.entry(name).or_default().push(f);
    }
    let failing = |f: &Finding| fail_on.is_some_and(|t| f.severity >= t);
    let total = outcome.findings.len().max(1);
    let failures = outcome.findings.iter().filter(|f| failing(f)).count();
    let subject = if outcome.subject.is_empty() {
        "planlint".to_string()
    } else {
        format!("planlint: {}", outcome.subject)
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">\n",
        xml(&subject)
    ));
    if outcome.findings.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase name=\"no findings\" classname=\"planlint\"/>\n  </testsuite>\n",
            xml(&subject)
        ));
    }
    for name in &order {
        let cases = &suites[name];
        let n_fail = cases.iter().filter(|f| failing(f)).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n_fail}\" errors=\"0\" skipped=\"0\">\n",
            xml(name),
            cases.len()
        ));
        for f in cases {
            let place = location_text(f);
            let case_name = if place.is_empty() {
                f.rule.to_string()
            } else {
                format!("{} at {place}", f.rule)
            };
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml(&case_name),
                xml(&classname(f.rule))
            ));
            if let Some(p) = file_of(f) {
                out.push_str(&format!(" file=\"{}\"", xml(p)));
            }
            out.push_str(">\n");
            let body = body(f, &place);
            if failing(f) {
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    xml(&f.message),
                    f.severity,
                    xml(&body)
                ));
            } else {
                out.push_str(&format!("      <system-out>{}</system-out>\n", xml(&body)));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite_name(f: &Finding) -> String {
    if let Some(p) = file_of(f) {
        return p.to_string();
    }
    if let Some(c) = &f.location.commit {
        return format!("commit {}", super::human::short(c));
    }
    if let Some(p) = &f.location.plan {
        return format!("plan {p}");
    }
    "planlint".into()
}

/// `scan/debt-marker` -> `planlint.scan.debt-marker`, the dotted form CI tools group by.
fn classname(rule: &str) -> String {
    format!("planlint.{}", rule.replace('/', "."))
}

fn body(f: &Finding, place: &str) -> String {
    let mut s = format!("{}[{}]: {}", f.severity, f.rule, f.message);
    if !place.is_empty() {
        s.push_str(&format!("\n  at {place}"));
    }
    if let Some(h) = &f.help {
        s.push_str(&format!("\n  help: {h}"));
    }
    if let Some(sug) = &f.suggestion {
        s.push_str(&format!("\n  try: {sug}"));
    }
    s
}

/// Escapes text for an XML attribute or element, and drops characters XML 1.0 cannot carry at
/// all (control characters other than tab and newlines), which a commit message may hold.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("bell\u{7}"), "bell\u{FFFD}");
        assert_eq!(xml("tab\tnl\n"), "tab\tnl\n");
    }
}
