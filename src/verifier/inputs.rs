//! The planning models of a phase's plans and SUMMARYs, as the verifier's plain inputs.

use crate::check::verify::{
    ArtifactSpec, CitedCommit, KeyFile, LinkSpec, PlanInput, SummaryInput, UnreadMustHaves,
};
use crate::planning::{Plan, Summary};

use super::history::History;

/// A loaded plan and its SUMMARY, as the verifier's plain input.
pub(super) fn plan_input(plan: &Plan, summary: Option<&Summary>, history: &History) -> PlanInput {
    let m = &plan.must_haves;
    let artifacts = m
        .artifacts
        .iter()
        .map(|a| ArtifactSpec {
            path: a.path.clone(),
            provides: a.provides.clone(),
            min_lines: a.min_lines,
            contains: a.contains.clone(),
            exports: a.exports.clone(),
        })
        .collect();
    let key_links = m
        .key_links
        .iter()
        .map(|l| {
            if m.legacy {
                LinkSpec {
                    from: l.from.clone(),
                    to: l.to.clone(),
                    via: l.via.clone(),
                    pattern: l.pattern.clone(),
                    described: true,
                }
            } else {
                LinkSpec {
                    from: crate::fs::normalize_repo_path(&l.from).unwrap_or_else(|| l.from.clone()),
                    to: crate::fs::normalize_repo_path(&l.to).unwrap_or_else(|| l.to.clone()),
                    via: l.via.clone(),
                    pattern: l.pattern.clone(),
                    described: false,
                }
            }
        })
        .collect();
    let path = plan.path().to_string();
    PlanInput {
        id: plan.id().to_string(),
        path: path.clone(),
        files_modified: plan.files_modified.clone(),
        truths: m.truths.clone(),
        artifacts,
        key_links,
        summary: summary.map(|s| summary_input(s, history)),
        touched: history.touched(&path),
        commits: history.count(&path),
        unread: plan.must_haves_unread().map(|f| UnreadMustHaves {
            line: f.location.line,
            column: f.location.column,
            problem: f.message.clone(),
            fix: f.suggestion.clone(),
            help: f.help.clone(),
        }),
    }
}

fn summary_input(s: &Summary, history: &History) -> SummaryInput {
    let described = s.key_file_descriptions();
    SummaryInput {
        path: s.path.clone(),
        commits: s
            .commits
            .iter()
            .map(|h| CitedCommit {
                hash: h.clone(),
                found: history.has_commit(h),
            })
            .collect(),
        key_files: s
            .key_files
            .iter()
            .map(|p| KeyFile {
                path: p.clone(),
                description: described.get(p).cloned(),
            })
            .collect(),
        self_check: s.self_check.map(|c| c.passed),
        pending_human: s.pending_human(),
    }
}
