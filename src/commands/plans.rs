//! `planlint plans`: lint every current plan (or one phase's), or `--list` them.
//!
//! Reading is the planning model's job ([`crate::planning`]); this file picks the scope and
//! runs the checks, or hands the list to the report. A repository without a planning folder
//! is not an error: it gets one note and exit 0.

use crate::cli::PlansArgs;
use crate::error::{Error, Result};
use crate::outcome::{Document, Outcome};
use crate::planning::lint::{self, Scope};
use crate::planning::{PhaseId, PlanList, Planning};

use super::Context;

pub fn run(ctx: &Context, args: &PlansArgs) -> Result<Outcome> {
    let base = ctx.base();
    let planning = Planning::discover(base, &ctx.config.planning_dir);
    let mut outcome = Outcome {
        subject: "plans".into(),
        ..Outcome::default()
    };
    if !planning.exists() {
        outcome.notes.push(format!(
            "no {}/ found in {}; there are no GSD plans to lint",
            planning.dir(),
            base.display()
        ));
        if planning.prp_plans().is_empty() {
            outcome.findings = planning.problems().to_vec();
            return Ok(outcome);
        }
    }
    let phase = args
        .phase
        .as_deref()
        .map(|p| resolve_phase(&planning, p))
        .transpose()?;
    if let Some(p) = &phase {
        outcome.subject = format!("phase {p}");
    }
    let loaded = planning.load_all();
    if args.list {
        let list = PlanList::new(&planning, &loaded, phase.as_ref());
        outcome.document = Some(Document::Plans(list));
        return Ok(outcome);
    }
    outcome.findings = lint::lint(
        &planning,
        &loaded,
        &ctx.config.plans,
        Scope {
            phase: phase.as_ref(),
            plans_kept_out: plans_kept_out(ctx, &planning),
        },
    );
    let current = planning
        .phases()
        .iter()
        .filter(|p| !p.area.is_archived() && phase.as_ref().is_none_or(|id| *id == p.id))
        .map(|p| p.plans.len())
        .sum::<usize>();
    let archived = planning.plans().filter(|p| p.area.is_archived()).count();
    let mut note = format!("{current} plan{} checked", plural(current));
    if archived > 0 && phase.is_none() {
        note.push_str(&format!(
            "; {archived} archived plan{} in milestones/ {} used for lookups but not linted",
            plural(archived),
            if archived == 1 { "is" } else { "are" }
        ));
    }
    let quick = planning.quick_plans().count();
    if phase.is_none() && quick > 0 {
        note.push_str(&format!("; {quick} quick task{} read", plural(quick)));
    }
    if phase.is_none() && !loaded.prp.is_empty() {
        note.push_str(&format!(
            "; {} PRP plan{} read",
            loaded.prp.len(),
            plural(loaded.prp.len())
        ));
    }
    outcome.notes.push(note);
    Ok(outcome)
}

/// Whether the project keeps its plans out of git: `commit_docs: false`, or git ignoring the
/// planning folder.
fn plans_kept_out(ctx: &Context, planning: &Planning) -> bool {
    let no_docs = planning
        .read(&format!("{}/config.json", planning.dir()))
        .ok()
        .and_then(|text| crate::planning::project::commit_docs(&text))
        == Some(false);
    no_docs
        || ctx.root.as_deref().is_some_and(|root| {
            crate::git::Repo::open(root)
                .and_then(|repo| repo.is_ignored_dir(planning.dir()))
                .unwrap_or(false)
        })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `--phase 2`, `--phase 02.1`, `--phase 07-batch-rendering`, `--phase phase-03`.
fn resolve_phase(planning: &Planning, written: &str) -> Result<PhaseId> {
    let w = written.trim();
    if let Some(p) = planning.find_phase_by_name(w).found() {
        return Ok(p.id.clone());
    }
    let bare = w.strip_prefix("phase-").unwrap_or(w);
    if let Some(id) = PhaseId::parse(bare) {
        if planning.find_phase(&id) != crate::planning::Lookup::NotFound {
            return Ok(id);
        }
    }
    let known: Vec<String> = planning
        .phases()
        .iter()
        .filter(|p| !p.area.is_archived())
        .map(|p| p.id.to_string())
        .collect();
    let help = match planning.suggest_phase(bare) {
        Some(s) => format!("did you mean {s}? phases: {}", known.join(", ")),
        None if known.is_empty() => format!("{}/phases/ holds no phase folders", planning.dir()),
        None => format!("phases: {}", known.join(", ")),
    };
    Err(Error::usage_help(
        format!("no phase `{written}` in {}/phases/", planning.dir()),
        help,
    ))
}
