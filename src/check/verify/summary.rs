//! A SUMMARY's claims: cited commits exist, key files exist, no failed self-check.

use super::*;

pub(super) fn check_summary(
    plan: &PlanInput,
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> Vec<ClaimRow> {
    let claim = |claim: String, holds: bool, evidence: String| ClaimRow {
        plan: plan.id.clone(),
        claim,
        holds,
        evidence,
    };
    let Some(s) = &plan.summary else {
        // Unstarted (deferred, or not reached) and a phase ROADMAP.md calls complete (a project
        // that stopped writing SUMMARYs) are worth knowing, not the error of work left undone.
        let (message, severity) = if !plan.started() {
            (
                format!(
                    "plan {} has no SUMMARY and no commit names it: not started, or its work went in under another name (a phase scope, a squash merge)",
                    plan.id
                ),
                Severity::Warning,
            )
        } else if inputs.phase_complete {
            (
                format!(
                    "plan {} has no SUMMARY, though ROADMAP.md marks the phase complete",
                    plan.id
                ),
                Severity::Warning,
            )
        } else {
            (
                format!("plan {} has no SUMMARY: it is unfinished", plan.id),
                Severity::Error,
            )
        };
        findings.push(
            Finding::new(&SUMMARY_MISSING, message)
                .severity(severity)
                .at(Location::path(&plan.path).with_plan(&plan.id))
                .help("GSD writes NN-MM-SUMMARY.md when a plan's execution ends"),
        );
        let evidence = if plan.started() {
            format!(
                "no SUMMARY: plan unfinished ({} commit{})",
                plan.commits,
                if plan.commits == 1 { "" } else { "s" }
            )
        } else {
            "no SUMMARY, and no commit names the plan".to_string()
        };
        return vec![claim("SUMMARY".into(), false, evidence)];
    };
    let at = Location::path(&s.path).with_plan(&plan.id);
    let mut rows = Vec::new();
    for c in &s.commits {
        if c.found {
            rows.push(claim(
                format!("commit {}", c.hash),
                true,
                "found in the repository".into(),
            ));
        } else {
            rows.push(claim(
                format!("commit {}", c.hash),
                false,
                "no such commit".into(),
            ));
            findings.push(
                Finding::new(
                    &SUMMARY_COMMIT_MISSING,
                    format!(
                        "{} cites commit {} which is not in the repository",
                        file_name(&s.path),
                        c.hash
                    ),
                )
                .at(at.clone()),
            );
        }
    }
    for k in &s.key_files {
        if exists(inputs, &k.path) {
            rows.push(claim(format!("key-file {}", k.path), true, "exists".into()));
        } else {
            rows.push(claim(
                format!("key-file {}", k.path),
                false,
                "does not exist".into(),
            ));
            findings.push(
                Finding::new(
                    &SUMMARY_KEY_FILE_MISSING,
                    format!(
                        "{} lists key file {} which does not exist",
                        file_name(&s.path),
                        k.path
                    ),
                )
                .at(at.clone()),
            );
        }
    }
    match s.self_check {
        Some(true) => rows.push(claim("Self-Check".into(), true, "PASSED".into())),
        Some(false) => {
            rows.push(claim("Self-Check".into(), false, "FAILED".into()));
            findings.push(
                Finding::new(
                    &crate::planning::rules::SUMMARY_SELF_CHECK_FAILED,
                    format!("{} reports `## Self-Check: FAILED`", file_name(&s.path)),
                )
                .at(at.clone()),
            );
        }
        None => {}
    }
    rows
}

pub(super) fn claim_gaps(plan: &PlanInput, claims: &[ClaimRow]) -> Vec<Gap> {
    let false_claims: Vec<&ClaimRow> = claims.iter().filter(|c| !c.holds).collect();
    if false_claims.is_empty() {
        return Vec::new();
    }
    let summary = plan.summary.as_ref();
    let unfinished = summary.is_none();
    Vec::from([Gap {
        truth: if unfinished {
            format!("plan {} is finished", plan.id)
        } else {
            format!(
                "{} is accurate",
                summary.map_or("SUMMARY", |s| file_name(&s.path))
            )
        },
        status: if unfinished {
            GapStatus::Partial
        } else {
            GapStatus::Failed
        },
        reason: false_claims
            .iter()
            .map(|c| {
                if c.claim == "SUMMARY" {
                    c.evidence.clone()
                } else {
                    format!("{}: {}", c.claim, c.evidence)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        artifacts: false_claims
            .iter()
            .filter_map(|c| c.claim.strip_prefix("key-file "))
            .map(|p| GapArtifact {
                path: p.to_string(),
                issue: "listed in key-files, does not exist".into(),
            })
            .collect(),
        missing: false_claims
            .iter()
            .map(|c| match c.claim.as_str() {
                // The SUMMARY beside the plan: `02-01-PLAN.md` -> `02-01-SUMMARY.md`.
                "SUMMARY" => {
                    let file = plan.path.rsplit('/').next().unwrap_or(&plan.path);
                    match file.strip_suffix("PLAN.md") {
                        Some(stem) => format!("{stem}SUMMARY.md"),
                        None => format!("{}-SUMMARY.md", plan.id),
                    }
                }
                other => other.to_string(),
            })
            .collect(),
    }])
}
