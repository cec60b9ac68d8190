//! Observable truths: what evidence covers them, what is left to a person.

use super::*;

/// A truth is verified when a test changed by the phase names it, failed when the plan's
/// artifacts or links have gaps, and otherwise left to a person.
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
