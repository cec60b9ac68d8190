//! The planning models of a phase's plans and SUMMARYs, as the verifier's plain inputs.

use crate::check::verify::{
    ArtifactSpec, CitedCommit, KeyFile, LinkSpec, PlanInput, SummaryInput, UnreadMustHaves,
};
use crate::planning::{Plan, Summary};

use super::history::{History, Slice};

/// Where a path a plan wrote lives now: a phase archived under `milestones/` keeps the files it
/// made in its own folder (`.planning/phases/04-x/uat.py`, now
/// `.planning/milestones/v1.1-phases/04-x/uat.py`).
pub(super) struct Reroot {
    /// `.planning/phases/04-x/` and the folder the phase is in now, when they differ.
    moved: Option<(String, String)>,
}

impl Reroot {
    pub(super) fn new(planning_dir: &str, phase: &crate::planning::Phase) -> Reroot {
        let written = format!("{planning_dir}/phases/{}/", phase.name);
        let now = format!("{}/", phase.dir);
        Reroot {
            moved: (written != now).then_some((written, now)),
        }
    }

    /// The names a commit may know the file at `p` by: its path now and, for an archived
    /// phase, the path it had when the phase was worked on.
    pub(super) fn keys(&self, p: &str) -> Vec<String> {
        let mut keys = vec![p.to_string()];
        if let Some((written, now)) = &self.moved {
            if let Some(rest) = p.strip_prefix(now.as_str()) {
                keys.push(format!("{written}{rest}"));
            }
        }
        keys
    }

    pub(super) fn path(&self, p: &str) -> String {
        match &self.moved {
            Some((written, now)) if p.starts_with(written.as_str()) => {
                format!("{now}{}", &p[written.len()..])
            }
            _ => p.to_string(),
        }
    }
}

/// A loaded plan and its SUMMARY, as the verifier's plain input.
pub(super) fn plan_input(
    plan: &Plan,
    summary: Option<&Summary>,
    history: &History,
    slice: &Slice,
    reroot: &Reroot,
) -> PlanInput {
    let m = &plan.must_haves;
    let artifacts = m
        .artifacts
        .iter()
        .map(|a| ArtifactSpec {
            path: reroot.path(&a.path),
            provides: a.provides.clone(),
            min_lines: a.min_lines,
            contains: a.contains.clone(),
            exports: a.exports.clone(),
            must_not_exist: a.must_not_exist,
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
                    pattern_problem: l.pattern_problem.clone(),
                    described: true,
                }
            } else {
                let norm = |end: &str| {
                    crate::fs::normalize_repo_path(end)
                        .map_or_else(|| end.to_string(), |p| reroot.path(&p))
                };
                LinkSpec {
                    from: norm(&l.from),
                    to: norm(&l.to),
                    via: l.via.clone(),
                    pattern: l.pattern.clone(),
                    pattern_problem: l.pattern_problem.clone(),
                    described: false,
                }
            }
        })
        .collect();
    let path = plan.path().to_string();
    PlanInput {
        id: plan.file.name(),
        path: path.clone(),
        files_modified: plan.files_modified.clone(),
        truths: m.truths.clone(),
        artifacts,
        key_links,
        summary: summary.map(|s| summary_input(s, history, reroot)),
        touched: slice.touched(&reroot.keys(&path)),
        commits: slice.count(&reroot.keys(&path)),
        requirements: plan.requirements.clone(),
        unread: plan.must_haves_unread().map(|f| UnreadMustHaves {
            line: f.location.line,
            column: f.location.column,
            problem: f.message.clone(),
            fix: f.suggestion.clone(),
            help: f.help.as_deref().map(str::to_string),
        }),
    }
}

fn summary_input(s: &Summary, history: &History, reroot: &Reroot) -> SummaryInput {
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
                path: reroot.path(p),
                description: described.get(p).cloned(),
            })
            .collect(),
        self_check: s.self_check.map(|c| c.passed),
        pending_human: s.pending_human(),
        requirements_completed: s
            .doc
            .root
            .get_any(&["requirements-completed", "requirements_completed"])
            .map(|_| {
                s.requirements_completed
                    .iter()
                    .map(|(r, _)| r.trim().to_string())
                    .collect()
            }),
    }
}
