//! GSD's verifier's legwork, for `planlint verify`: picks the phase or plan asked about, reads
//! its plans, SUMMARYs and the files the checks look into (bounded, never outside the
//! repository), runs the range engine over the phase's commits, looks for references to each
//! artifact in the work tree, and hands all of it to [`crate::check::verify`], which decides.
//! It knows no command line and prints nothing: the report is the caller's to render or save.

use std::collections::BTreeSet;
use std::path::Path;

use crate::check::verify::{self, Inputs, PlanInput, Verification};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::planning::Planning;

mod files;
mod history;
mod inputs;
mod target;

use history::History;
use target::Target;

/// One verification, ready to report.
#[derive(Debug)]
pub struct Verified {
    /// `phase 02-auth` or `plan 02-01`.
    pub subject: String,
    /// Where the report belongs, repo-relative: `{phase dir}/02-VERIFICATION.md`.
    pub report_path: String,
    pub verification: Verification,
    /// The range checks' findings about the phase and the verifier's own.
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

/// Verifies `target` (a phase, a plan, or by default the phase of the newest plan with
/// commits) in the repository at `root`.
pub fn verify(root: &Path, config: &Config, target: Option<&str>) -> Result<Verified> {
    let planning = open(root, config)?;
    let mut history = History::read(root, config)?;
    let target = Target::resolve(&planning, target, &history)?;
    let mut verified = verify_targets(root, config, &planning, &mut history, vec![target])?;
    verified
        .pop()
        .ok_or_else(|| Error::Internal("one target gave no verification".into()))
}

/// Every phase of the current milestone (the phases with plans outside `milestones/`),
/// oldest first, in one walk of the history.
pub struct Phases {
    pub verified: Vec<Verified>,
    pub notes: Vec<String>,
}

/// Verifies every phase with plans that is not archived.
pub fn verify_all(root: &Path, config: &Config) -> Result<Phases> {
    let planning = open(root, config)?;
    let mut history = History::read(root, config)?;
    let (targets, archived) = Target::every_phase(&planning);
    let mut notes = Vec::new();
    if archived > 0 {
        notes.push(format!(
            "{archived} archived phase{} under {}/milestones/ left out; name one to verify it",
            if archived == 1 { "" } else { "s" },
            planning.dir()
        ));
    }
    if targets.is_empty() {
        return Err(Error::usage_help(
            format!("no phase with plans under {}/phases/", planning.dir()),
            "name an archived phase to verify it: `planlint verify 02`",
        ));
    }
    let verified = verify_targets(root, config, &planning, &mut history, targets)?;
    Ok(Phases { verified, notes })
}

fn open(root: &Path, config: &Config) -> Result<Planning> {
    let planning = Planning::discover(root, &config.planning_dir);
    if !planning.exists() {
        return Err(Error::usage_help(
            format!("no {}/ found: nothing to verify", config.planning_dir),
            "planlint verify checks a GSD phase's must_haves; run it in a repository with plans",
        ));
    }
    Ok(planning)
}

/// A target with its plans read and what git says about them.
struct Prepared<'p> {
    target: Target<'p>,
    plans: Vec<PlanInput>,
    findings: Vec<Finding>,
    notes: Vec<String>,
}

/// The targets' verifications. The range check runs once over the commits of them all, and
/// the work tree is searched once for references to all their artifacts.
fn verify_targets(
    root: &Path,
    config: &Config,
    planning: &Planning,
    history: &mut History,
    targets: Vec<Target<'_>>,
) -> Result<Vec<Verified>> {
    let keys: Vec<String> = targets
        .iter()
        .flat_map(|t| {
            let reroot = inputs::Reroot::new(planning.dir(), &t.phase);
            t.plans
                .iter()
                .flat_map(|f| reroot.keys(&f.path))
                .collect::<Vec<_>>()
        })
        .collect();
    history.check(root, config, &keys)?;

    let mut prepared = Vec::with_capacity(targets.len());
    for target in targets {
        let reroot = inputs::Reroot::new(planning.dir(), &target.phase);
        let keys: Vec<String> = target
            .plans
            .iter()
            .flat_map(|f| reroot.keys(&f.path))
            .collect();
        let ids: BTreeSet<String> = target.plans.iter().map(|p| p.id.to_string()).collect();
        let what = match (target.quick, target.plan) {
            (Some(_), _) => "the quick task",
            (None, Some(_)) => "the plan",
            (None, None) => "the phase",
        };
        let slice = history.slice(config, &keys, &ids, what)?;
        let mut plans: Vec<PlanInput> = target
            .plans
            .iter()
            .map(|f| {
                let (plan, summary) = (planning.load_plan(f), planning.load_summary(f));
                inputs::plan_input(&plan, summary.as_ref(), history, &slice, &reroot)
            })
            .collect();
        for p in &mut plans {
            p.touched.sort();
            p.touched.dedup();
        }
        prepared.push(Prepared {
            target,
            plans,
            findings: slice.findings,
            notes: slice.notes,
        });
    }

    let artifacts_of = |plans: &[PlanInput]| -> Vec<String> {
        plans
            .iter()
            .flat_map(|p| p.artifacts.iter().map(|a| a.path.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let every_artifact: Vec<String> = artifacts_of(
        &prepared
            .iter()
            .flat_map(|p| p.plans.iter().cloned())
            .collect::<Vec<_>>(),
    );
    let referrers = files::find_referrers(root, &config.planning_dir, &every_artifact)?;
    // The scripts a phase keeps in the planning folder (UAT runs, spikes) are not its code.
    let scanner = crate::scan::Scanner::for_work_tree(&config.scan, root)?
        .without_planning(&config.planning_dir);
    let roadmap = planning
        .read(&format!("{}/ROADMAP.md", planning.dir()))
        .ok()
        .unwrap_or_default();
    let requirement_texts = planning
        .read(&format!("{}/REQUIREMENTS.md", planning.dir()))
        .map(|text| crate::planning::requirements::descriptions(&text))
        .unwrap_or_default();
    let verified_at = crate::clock::now_rfc3339();

    let mut out = Vec::with_capacity(prepared.len());
    for Prepared {
        target,
        plans,
        findings,
        notes,
    } in prepared
    {
        let artifacts = artifacts_of(&plans);
        let files = files::read_needed(root, &plans);
        let tests = files::read_tests(&config.scan, root, &plans);
        // The phase's commits went through the diff and anti-pattern checks; the
        // anti-patterns are then judged on the work tree: the artifacts and the files the
        // phase touched, scanned whole.
        let scanned = files::scan_work_tree(&scanner, &files, &artifacts, &plans);
        // Severities from `[rules]` before the report is built: a rule the project turned off
        // must not show up in its tables (the command's findings get the same treatment at
        // the end).
        let findings =
            config.apply_severities(verify::as_it_stands(findings, &scanned, &artifacts));
        let (label, title, goal) = target.names(&roadmap);
        let phase_complete = crate::planning::roadmap::phase_complete(&roadmap, &target.phase.id);
        let (verification, mut verify_findings) = verify::verify(&Inputs {
            phase: &label,
            title: title.as_deref(),
            goal: goal.as_deref(),
            verified: &verified_at,
            plans: &plans,
            files: &files,
            referrers: &referrers,
            findings: &findings,
            tests: &tests,
            requirement_texts: &requirement_texts,
            phase_complete,
        });
        let mut all = findings;
        all.append(&mut verify_findings);
        out.push(Verified {
            subject: target.subject(),
            report_path: format!("{}/{}", target.phase.dir, target.report_name()),
            verification,
            findings: all,
            notes,
        });
    }
    Ok(out)
}
