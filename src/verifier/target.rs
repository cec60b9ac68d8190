//! What `verify` was asked about, resolved against the planning tree: a phase, one plan of it,
//! or a quick task. A plan can be named by id (`07-01`), by its phase folder and id
//! (`07-batch-rendering/07-01`, when two folders hold a `07-01`) or by its file's path; a quick
//! task by `quick-260630-uq4`, `260630-uq4` or `quick-13`. Without a name: the phase of the
//! newest plan a commit names, else STATE.md's current phase, else the newest phase.

use crate::error::{Error, Result};
use crate::planning::{
    Area, Lookup, Phase, PhaseId, PlanFile, PlanId, Planning, QuickId, QuickTask,
};

use super::history::History;

/// What `verify` was asked about: a phase (all its plans), one plan, or a quick task.
pub(super) struct Target<'p> {
    /// The phase, or for a quick task a phase-like stand-in: its folder and its one plan.
    pub(super) phase: Phase,
    pub(super) plans: Vec<&'p PlanFile>,
    /// Set when one plan was asked for.
    pub(super) plan: Option<&'p PlanFile>,
    pub(super) quick: Option<&'p QuickTask>,
}

impl<'p> Target<'p> {
    pub(super) fn resolve(
        planning: &'p Planning,
        arg: Option<&str>,
        history: &History,
    ) -> Result<Target<'p>> {
        match arg.map(str::trim) {
            None => Target::default_for(planning, history),
            Some(arg) => Target::named(planning, arg),
        }
    }

    /// The phase of the newest plan a commit names; else (history squash-merged, say) the
    /// phase STATE.md calls current; else the newest phase that has plans.
    fn default_for(planning: &'p Planning, history: &History) -> Result<Target<'p>> {
        if let Some(file) = history.newest_plan().and_then(|p| planning.plan_at_path(p)) {
            if let Some(task) = quick_of(planning, file) {
                return Ok(Target::quick(task, file));
            }
            return Target::phase_of(planning, file);
        }
        let current = planning
            .read(&format!("{}/STATE.md", planning.dir()))
            .ok()
            .and_then(|text| crate::planning::state::current_phase(&text))
            .and_then(|id| planning.find_phase(&id).found());
        let newest = || {
            planning
                .phases()
                .iter()
                .map(|p| &**p)
                .filter(|p| !p.area.is_archived() && !p.plans.is_empty())
                .max_by(|a, b| a.id.cmp(&b.id))
        };
        match current.or_else(newest) {
            Some(phase) => Ok(Target::whole(phase)),
            None => Err(Error::usage_help(
                "no phase to verify: no commit names a plan, STATE.md names no current phase, and phases/ holds no plans",
                "name one: `planlint verify 02` (a phase) or `planlint verify 02-01` (a plan)",
            )),
        }
    }

    fn named(planning: &'p Planning, arg: &str) -> Result<Target<'p>> {
        // A plan file's path.
        if let Some(file) =
            crate::fs::normalize_repo_path(arg).and_then(|p| planning.plan_at_path(&p))
        {
            return Ok(match quick_of(planning, file) {
                Some(task) => Target::quick(task, file),
                None => Target::one(planning, file)?,
            });
        }
        // A quick task.
        if arg.to_ascii_lowercase().starts_with("quick-")
            || crate::planning::layout::quick_id(arg).is_some()
        {
            if let Some(q) = QuickId::of_scope(arg) {
                return match planning
                    .find_quick(&q)
                    .and_then(|t| Some((t, t.plan.as_ref()?)))
                {
                    Some((task, file)) => Ok(Target::quick(task, file)),
                    None => Err(Error::usage_help(
                        format!("no quick task `{arg}` with a plan"),
                        format!(
                            "quick tasks live in {}/quick/; `planlint plans --list` lists them",
                            planning.dir()
                        ),
                    )),
                };
            }
        }
        // `07-batch-rendering/07-01`: a plan of one phase folder.
        if let Some((folder, plan)) = arg.rsplit_once('/') {
            let folder = folder.rsplit('/').next().unwrap_or(folder);
            if let (Some(phase), Some(id)) = (
                planning.find_phase_by_name(folder).found(),
                PlanId::parse(plan),
            ) {
                if let Some(file) = phase.plans.iter().find(|f| f.id == id) {
                    return Target::one(planning, file);
                }
            }
        }
        if let Some(id) = PlanId::parse(arg) {
            match planning.find_plan(&id) {
                Lookup::Found(file) => return Target::one(planning, file),
                Lookup::Ambiguous(c) => {
                    return Err(ambiguous(
                        arg,
                        c.iter().map(|f| format!("{}/{}", folder_name(f), f.id)),
                    ))
                }
                Lookup::NotFound => {}
            }
        }
        let phase = match PhaseId::parse(arg) {
            Some(id) => planning.find_phase(&id),
            None => planning.find_phase_by_name(arg),
        };
        let phase = match phase {
            Lookup::Found(p) => p,
            Lookup::Ambiguous(c) => return Err(ambiguous(arg, c.iter().map(|p| p.name.clone()))),
            Lookup::NotFound => match planning.find_phase_by_name(arg) {
                Lookup::Found(p) => p,
                _ => {
                    let help = planning
                        .suggest(arg)
                        .map(|s| {
                            format!("did you mean {s}? `planlint plans --list` lists the plans")
                        })
                        .unwrap_or_else(|| "`planlint plans --list` lists the plans".into());
                    return Err(Error::usage_help(format!("no phase or plan `{arg}`"), help));
                }
            },
        };
        Ok(Target::whole(phase))
    }

    fn whole(phase: &'p Phase) -> Target<'p> {
        Target {
            phase: phase.clone(),
            plans: phase.plans.iter().collect(),
            plan: None,
            quick: None,
        }
    }

    fn one(planning: &'p Planning, file: &'p PlanFile) -> Result<Target<'p>> {
        let mut t = Target::phase_of(planning, file)?;
        t.plans = vec![file];
        t.plan = Some(file);
        Ok(t)
    }

    fn quick(task: &'p QuickTask, file: &'p PlanFile) -> Target<'p> {
        let name = task.dir.rsplit('/').next().unwrap_or(&task.dir).to_string();
        Target {
            phase: Phase {
                id: PhaseId::none(),
                name,
                dir: task.dir.clone(),
                area: Area::Quick,
                plans: vec![file.clone()],
                verification: None,
                uat: None,
                orphan_summaries: Vec::new(),
                stray_plans: Vec::new(),
            },
            plans: vec![file],
            plan: None,
            quick: Some(task),
        }
    }

    fn phase_of(planning: &'p Planning, file: &PlanFile) -> Result<Target<'p>> {
        let phase = planning
            .phases()
            .iter()
            .find(|p| p.dir == file.phase_dir)
            .ok_or_else(|| Error::usage(format!("no phase folder for {}", file.path)))?;
        Ok(Target::whole(phase))
    }

    /// Every phase with plans outside `milestones/`, oldest first, and how many archived
    /// phases were left out.
    pub(super) fn every_phase(planning: &'p Planning) -> (Vec<Target<'p>>, usize) {
        let with_plans = planning
            .phases()
            .iter()
            .map(|p| &**p)
            .filter(|p| !p.plans.is_empty());
        let archived = with_plans.clone().filter(|p| p.area.is_archived()).count();
        let mut phases: Vec<&Phase> = with_plans.filter(|p| !p.area.is_archived()).collect();
        phases.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.name.cmp(&b.name)));
        (phases.into_iter().map(Target::whole).collect(), archived)
    }

    /// What the report calls the target (`02-auth`, `quick-260630-uq4`), its title and goal:
    /// a phase's from ROADMAP.md, a quick task's title from its folder's slug.
    pub(super) fn names(&self, roadmap: &str) -> (String, Option<String>, Option<String>) {
        let (title, goal) = crate::planning::roadmap::phase_title_and_goal(roadmap, &self.phase.id);
        let Some(q) = self.quick else {
            return (self.phase.name.clone(), title, goal);
        };
        let skip = match q.id {
            QuickId::Dated(_) => 2,
            QuickId::Numbered(_) => 1,
        };
        let slug = self
            .phase
            .name
            .splitn(skip + 1, '-')
            .nth(skip)
            .unwrap_or("");
        let slug = slug.replace('-', " ");
        let title = (!slug.trim().is_empty()).then(|| slug.trim().to_string());
        (q.id.to_string(), title, None)
    }

    pub(super) fn subject(&self) -> String {
        match (self.quick, self.plan) {
            (Some(q), _) => format!("quick task {}", q.id),
            (None, Some(p)) => format!("plan {}", p.name()),
            (None, None) => format!("phase {}", self.phase.name),
        }
    }

    /// `02-VERIFICATION.md` for a phase (GSD's name, with the folder's own spelling of the
    /// number), `02-03-VERIFICATION.md` for one plan, so a plan's report never replaces the
    /// phase's; a quick task's `260630-uq4-VERIFICATION.md` in its own folder.
    pub(super) fn report_name(&self) -> String {
        match (self.quick, self.plan) {
            (Some(q), _) => format!(
                "{}-VERIFICATION.md",
                q.id.to_string().trim_start_matches("quick-")
            ),
            (None, Some(p)) => format!("{}-VERIFICATION.md", p.id),
            (None, None) => format!("{}-VERIFICATION.md", self.phase.id.raw()),
        }
    }
}

/// The quick task whose plan `file` is.
fn quick_of<'p>(planning: &'p Planning, file: &PlanFile) -> Option<&'p QuickTask> {
    planning
        .quick_tasks()
        .iter()
        .find(|q| q.plan.as_ref().is_some_and(|p| p.path == file.path))
}

fn folder_name(file: &PlanFile) -> &str {
    file.phase_dir.rsplit('/').next().unwrap_or(&file.phase_dir)
}

fn ambiguous(arg: &str, candidates: impl Iterator<Item = String>) -> Error {
    let names: Vec<String> = candidates.collect();
    Error::usage_help(
        format!("`{arg}` is ambiguous"),
        format!(
            "it names {}; name one of them as written there",
            names.join(" and ")
        ),
    )
}
