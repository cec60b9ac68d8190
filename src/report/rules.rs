//! `planlint rules` and `planlint explain`: the registry as a table or JSON, one rule in full.

use crate::finding::Rule;

pub fn table(rules: &[&Rule]) -> String {
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{:width$}  {:8} {}\n",
            r.id,
            r.severity.as_str(),
            r.summary
        ));
    }
    out
}

pub fn json(rules: &[&Rule]) -> String {
    let rows: Vec<_> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "severity": r.severity,
                "summary": r.summary,
            })
        })
        .collect();
    super::pretty_json(&rows)
}

pub fn explanation(r: &Rule) -> String {
    format!(
        "{} ({} by default)\n\n{}\n\n{}\n\nTo change its severity or turn it off, in planlint.toml:\n\n    [rules]\n    \"{}\" = \"off\"   # or info, warning, error, blocker\n",
        r.id,
        r.severity,
        r.summary,
        r.explanation.trim(),
        r.id
    )
}
