//! The gaps of a plan, in GSD's shape: a truth, its status, why, and what is missing.

use super::*;

pub(super) fn plan_gaps(
    plan: &PlanInput,
    truths: &[TruthRow],
    artifacts: &[ArtifactRow],
    links: &[LinkRow],
) -> Vec<Gap> {
    // A plan not started yet is one gap ("plan NN-MM is finished", from its missing SUMMARY),
    // not a failure per file it has yet to make.
    if !plan.started() {
        return Vec::new();
    }
    let bad_artifacts: Vec<GapArtifact> = artifacts
        .iter()
        .filter(|a| a.status != ArtifactStatus::Verified)
        .map(|a| GapArtifact {
            path: a.path.clone(),
            issue: match a.status {
                ArtifactStatus::Missing => "missing".into(),
                ArtifactStatus::Orphaned => "orphaned: no other file refers to it".into(),
                ArtifactStatus::NotRemoved => {
                    "still exists: the plan removes it (`must_not_exist`)".into()
                }
                _ => format!("stub: {}", a.details[1..].join("; ")),
            },
        })
        .collect();
    let bad_links: Vec<&LinkRow> = links
        .iter()
        .filter(|l| l.status == LinkStatus::NotWired)
        .collect();
    if bad_artifacts.is_empty() && bad_links.is_empty() {
        return Vec::new();
    }
    let failed = artifacts.iter().any(|a| {
        matches!(
            a.status,
            ArtifactStatus::Missing | ArtifactStatus::NotRemoved
        )
    }) || !bad_links.is_empty();
    let mut missing: Vec<String> = artifacts
        .iter()
        .filter(|a| a.status == ArtifactStatus::Missing)
        .map(|a| match &a.provides {
            Some(p) => format!("{} ({p})", a.path),
            None => a.path.clone(),
        })
        .collect();
    missing.extend(
        bad_links
            .iter()
            .map(|l| format!("wiring {} → {}", l.from, l.to)),
    );
    let mut reasons: Vec<String> = bad_artifacts
        .iter()
        .map(|a| format!("{} is {}", a.path, a.issue.split(':').next().unwrap_or("")))
        .collect();
    reasons.extend(
        bad_links
            .iter()
            .map(|l| format!("{} → {} is not wired", l.from, l.to)),
    );
    let reason = reasons.join("; ");
    let status = if failed {
        GapStatus::Failed
    } else {
        GapStatus::Partial
    };
    let failed_truths: Vec<&TruthRow> = truths
        .iter()
        .filter(|t| t.status == TruthStatus::Failed)
        .collect();
    if failed_truths.is_empty() {
        return vec![Gap {
            truth: format!("must_haves of plan {}", plan.id),
            status,
            reason,
            artifacts: bad_artifacts,
            missing,
        }];
    }
    failed_truths
        .into_iter()
        .map(|t| Gap {
            truth: t.truth.clone(),
            status,
            reason: reason.clone(),
            artifacts: bad_artifacts.clone(),
            missing: missing.clone(),
        })
        .collect()
}
