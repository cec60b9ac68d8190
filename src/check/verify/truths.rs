//! Observable truths: what evidence covers them, what is left to a person.

use super::*;

/// A truth is failed when the plan's artifacts or links have gaps; verified when a test changed
/// by the phase names it, or when the artifact checks the plan declares already prove it (every
/// name it states, `User`, `Note`, `POST`, is a `contains:`/`exports:` the plan checks in a file
/// the truth names); otherwise left to a person.
pub(super) fn check_truths(
    plan: &PlanInput,
    artifacts: &[ArtifactRow],
    links: &[LinkRow],
    tests: &[(String, String)],
) -> Vec<TruthRow> {
    let broken: Vec<String> = artifacts
        .iter()
        .filter(|a| a.status != ArtifactStatus::Verified)
        .map(|a| format!("{} {}", a.path, status_word(a.status)))
        .chain(
            links
                .iter()
                .filter(|l| l.status == LinkStatus::NotWired)
                .map(|l| format!("{} → {} NOT WIRED", l.from, l.to)),
        )
        .collect();
    plan.truths
        .iter()
        .map(|truth| {
            let (status, evidence) = if !broken.is_empty() {
                (TruthStatus::Failed, format!("depends on {}", broken.join(", ")))
            } else if let Some((path, line)) = test_naming(truth, tests) {
                (TruthStatus::Verified, format!("test at {path}:{line} names it"))
            } else if let Some(evidence) = proved_by_artifacts(truth, plan, artifacts) {
                (TruthStatus::Verified, evidence)
            } else if artifacts.is_empty() && links.is_empty() {
                (TruthStatus::Uncertain, "no artifact or link backs it; needs a person or a test run".into())
            } else {
                (
                    TruthStatus::Uncertain,
                    format!(
                        "{} artifact{} and {} link{} check out; behaviour needs a person or a test run",
                        artifacts.len(),
                        if artifacts.len() == 1 { "" } else { "s" },
                        links.len(),
                        if links.len() == 1 { "" } else { "s" }
                    ),
                )
            };
            TruthRow {
                truth: truth.clone(),
                plan: plan.id.clone(),
                status,
                evidence,
            }
        })
        .collect()
}

pub fn status_word(s: ArtifactStatus) -> &'static str {
    match s {
        ArtifactStatus::Verified => "VERIFIED",
        ArtifactStatus::Stub => "STUB",
        ArtifactStatus::Orphaned => "ORPHANED",
        ArtifactStatus::Missing => "MISSING",
        ArtifactStatus::NotRemoved => "NOT REMOVED",
    }
}

/// The first test line that spells out the truth (case, punctuation and spacing ignored).
pub(super) fn test_naming(truth: &str, tests: &[(String, String)]) -> Option<(String, u32)> {
    let flat = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let want = flat(truth);
    if want.split(' ').count() < 2 {
        return None;
    }
    tests.iter().find_map(|(path, text)| {
        text.lines()
            .position(|l| flat(l).contains(&want))
            .map(|i| (path.clone(), i as u32 + 1))
    })
}

/// The artifact checks that prove a truth, when they do: every name the truth states (a word
/// in backticks, a `CamelCase` or `snake_case` identifier, an all-capitals word such as `POST`,
/// a capitalised word past the first) is a `contains:` or `exports:` the plan checks, and
/// passed, in an artifact the truth names (by its file name or what it `provides`). A truth
/// that states no name ("sessions persist") is behaviour: never proved this way.
pub(super) fn proved_by_artifacts(
    truth: &str,
    plan: &PlanInput,
    artifacts: &[ArtifactRow],
) -> Option<String> {
    let names = stated_names(truth);
    if names.is_empty() {
        return None;
    }
    let truth_words = words(truth);
    let mut used: Vec<(String, Vec<String>)> = Vec::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for spec in &plan.artifacts {
        let passed = artifacts
            .iter()
            .any(|a| a.path == spec.path && a.exists && a.status != ArtifactStatus::Stub);
        let named = words(file_name(&spec.path).split('.').next().unwrap_or(""))
            .iter()
            .chain(
                spec.provides
                    .as_deref()
                    .map(words)
                    .unwrap_or_default()
                    .iter(),
            )
            .any(|w| truth_words.contains(w));
        if !passed || !named {
            continue;
        }
        let mut checks = Vec::new();
        for check in spec.contains.iter().chain(&spec.exports) {
            let words_of_check = raw_words(check);
            let hit: Vec<&String> = names
                .iter()
                .filter(|n| words_of_check.contains(&n.to_lowercase()))
                .collect();
            if !hit.is_empty() {
                covered.extend(hit.into_iter().cloned());
                checks.push(check.clone());
            }
        }
        if !checks.is_empty() {
            used.push((spec.path.clone(), checks));
        }
    }
    if covered.len() < names.len() {
        return None;
    }
    let shown: Vec<String> = used
        .iter()
        .map(|(path, checks)| {
            let list: Vec<String> = checks.iter().map(|c| format!("\"{c}\"")).collect();
            format!("{path} has {}", list.join(", "))
        })
        .collect();
    Some(format!("artifact checks prove it: {}", shown.join("; ")))
}

/// The names a truth states: words in backticks, identifiers (`refreshTokens`,
/// `session_store`), all-capitals words (`POST`), capitalised words past the first.
fn stated_names(truth: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = truth;
    while let Some((_, after)) = rest.split_once('`') {
        match after.split_once('`') {
            Some((code, tail)) => {
                out.extend(raw_words(code).into_iter().filter(|w| w.len() >= 2));
                rest = tail;
            }
            None => break,
        }
    }
    let plain: String = truth.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for (i, word) in plain
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let inner_upper = word.chars().skip(1).any(char::is_uppercase);
        let all_caps = word.len() >= 2
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let identifier =
            word.contains('_') || (inner_upper && word.chars().any(char::is_lowercase));
        if identifier {
            out.extend(raw_words(word));
        } else if all_caps || (first_upper && i > 0) {
            out.insert(word.to_lowercase());
        }
    }
    out
}
