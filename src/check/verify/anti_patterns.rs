//! Anti-patterns as the work tree has them now, and their table.

use super::*;

/// The findings verification judges a phase by: the range check's findings about commits and
/// plans as they are, and for anti-patterns the work tree as it is now, not past commits.
///
/// `history` is the range check over the phase's commits; `scanned` holds, for each file of the
/// phase that could be read now, its whole-file scan (a deleted file scans to nothing). Every
/// anti-pattern in an artifact counts, whoever added it; elsewhere only those on code the
/// phase's commits added: the same rule on the same line of code (its snippet), so a fixed line
/// is gone and a moved one is reported where it is now. A file that could not be scanned now
/// keeps the range's findings: nothing says they are gone.
pub fn as_it_stands(
    history: Vec<Finding>,
    scanned: &BTreeMap<String, Vec<Finding>>,
    artifacts: &[String],
) -> Vec<Finding> {
    let is_scan = |f: &Finding| f.rule.starts_with("scan/") && f.location.path.is_some();
    let added: BTreeSet<(&str, &str, Option<&str>)> = history
        .iter()
        .filter(|f| is_scan(f))
        .filter_map(|f| Some((f.location.path.as_deref()?, f.rule, f.snippet.as_deref())))
        .collect();
    let added = &added;
    let now: Vec<Finding> = scanned
        .iter()
        .flat_map(|(path, found)| {
            let whole = artifacts.contains(path);
            found.iter().filter(move |f| {
                whole || added.contains(&(path.as_str(), f.rule, f.snippet.as_deref()))
            })
        })
        .cloned()
        .collect();
    let mut out: Vec<Finding> = history
        .into_iter()
        .filter(|f| {
            !is_scan(f)
                || f.location
                    .path
                    .as_ref()
                    .is_some_and(|p| !scanned.contains_key(p))
        })
        .collect();
    out.extend(now);
    out
}

/// Anti-pattern findings as table rows, one per file, line and rule. The pattern shown is the
/// code the finding is about (its snippet; GSD's table shows code), else its span, else the
/// rule: never a line read again from a file that may have changed since.
pub(super) fn anti_patterns(findings: &[Finding]) -> Vec<AntiPatternRow> {
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for f in findings.iter().filter(|f| f.rule.starts_with("scan/")) {
        let Some(path) = f.location.path.clone() else {
            continue;
        };
        if !seen.insert((path.clone(), f.location.line, f.rule)) {
            continue;
        }
        let span_text = match (&f.source, f.location.span) {
            (Some(src), Some(span)) if src.name == path => src.text.get(span.start..span.end),
            _ => None,
        };
        let pattern = f
            .snippet
            .as_deref()
            .or(span_text)
            .map(|s| clip(s.trim(), 60))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| f.rule.to_string());
        rows.push(AntiPatternRow {
            path,
            line: f.location.line,
            pattern,
            rule: f.rule.to_string(),
            severity: f.severity,
            impact: f.message.clone(),
        });
    }
    rows
}
