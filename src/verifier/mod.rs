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
use crate::planning::{Plan, Planning, Summary};

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
    let planning = Planning::discover(root, &config.planning_dir);
    if !planning.exists() {
        return Err(Error::usage_help(
            format!("no {}/ found: nothing to verify", config.planning_dir),
            "planlint verify checks a GSD phase's must_haves; run it in a repository with plans",
        ));
    }
    let mut history = History::read(root, config)?;
    let target = Target::resolve(&planning, target, &history)?;

    let loaded: Vec<(Plan, Option<Summary>)> = target
        .plans
        .iter()
        .map(|f| (planning.load_plan(f), planning.load_summary(f)))
        .collect();
    history.check_plans(root, config, &target.plans)?;
    let notes = history.notes.clone();

    let reroot = inputs::Reroot::new(planning.dir(), target.phase);
    let mut plans: Vec<PlanInput> = loaded
        .iter()
        .map(|(plan, summary)| inputs::plan_input(plan, summary.as_ref(), &history, &reroot))
        .collect();
    for p in &mut plans {
        p.touched.sort();
        p.touched.dedup();
    }
    let files = files::read_needed(root, &plans);
    let artifacts: Vec<String> = plans
        .iter()
        .flat_map(|p| p.artifacts.iter().map(|a| a.path.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let referrers = files::find_referrers(root, &config.planning_dir, &artifacts)?;
    let tests = files::read_tests(&config.scan, root, &plans);

    // The phase's commits went through the diff and anti-pattern checks; the anti-patterns are
    // then judged on the work tree: the artifacts and the files the phase touched, scanned whole.
    let scanner = crate::scan::Scanner::for_work_tree(&config.scan, root)?;
    let scanned = files::scan_work_tree(&scanner, &files, &artifacts, &plans);
    // Severities from `[rules]` before the report is built: a rule the project turned off must
    // not show up in its tables (the command's findings get the same treatment at the end).
    let findings = config.apply_severities(verify::as_it_stands(
        std::mem::take(&mut history.findings),
        &scanned,
        &artifacts,
    ));

    let verified = crate::clock::now_rfc3339();
    let roadmap = planning
        .read(&format!("{}/ROADMAP.md", planning.dir()))
        .ok()
        .unwrap_or_default();
    let (title, goal) = crate::planning::roadmap::phase_title_and_goal(&roadmap, &target.phase.id);
    let phase_complete = crate::planning::roadmap::phase_complete(&roadmap, &target.phase.id);
    let requirement_texts = planning
        .read(&format!("{}/REQUIREMENTS.md", planning.dir()))
        .map(|text| crate::planning::requirements::descriptions(&text))
        .unwrap_or_default();
    let (verification, mut verify_findings) = verify::verify(&Inputs {
        phase: &target.phase.name,
        title: title.as_deref(),
        goal: goal.as_deref(),
        verified: &verified,
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
    Ok(Verified {
        subject: target.subject(),
        report_path: format!("{}/{}", target.phase.dir, target.report_name()),
        verification,
        findings: all,
        notes,
    })
}
