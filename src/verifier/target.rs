//! What `verify` was asked about, resolved against the planning tree: a phase or one plan.

use crate::error::{Error, Result};
use crate::planning::{Lookup, Phase, PhaseId, PlanFile, PlanId, Planning};

use super::history::History;

/// What `verify` was asked about: a phase (all its plans) or one plan.
pub(super) struct Target<'p> {
    pub(super) phase: &'p Phase,
    pub(super) plans: Vec<&'p PlanFile>,
    /// Set when one plan was asked for.
    pub(super) plan: Option<&'p PlanFile>,
}

impl<'p> Target<'p> {
    pub(super) fn resolve(
        planning: &'p Planning,
        arg: Option<&str>,
        history: &History,
    ) -> Result<Target<'p>> {
        let Some(arg) = arg.map(str::trim) else {
            let newest = history.newest_plan().ok_or_else(|| {
                Error::usage_help(
                    "no commit names a plan, so there is no phase to verify by default",
                    "name one: `planlint verify 02` (a phase) or `planlint verify 02-01` (a plan)",
                )
            })?;
            let file = planning
                .plans()
                .find(|f| f.path == newest)
                .ok_or_else(|| Error::usage(format!("the plan {newest} is gone")))?;
            return Target::phase_of(planning, file);
        };
        if let Some(id) = PlanId::parse(arg) {
            match planning.find_plan(&id) {
                Lookup::Found(file) => {
                    let mut t = Target::phase_of(planning, file)?;
                    t.plans = vec![file];
                    t.plan = Some(file);
                    return Ok(t);
                }
                Lookup::Ambiguous(c) => {
                    return Err(ambiguous(arg, c.iter().map(|f| f.path.as_str())))
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
            Lookup::Ambiguous(c) => return Err(ambiguous(arg, c.iter().map(|p| p.dir.as_str()))),
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
        Ok(Target {
            phase,
            plans: phase.plans.iter().collect(),
            plan: None,
        })
    }

    fn phase_of(planning: &'p Planning, file: &PlanFile) -> Result<Target<'p>> {
        let phase = planning
            .phases()
            .iter()
            .find(|p| p.dir == file.phase_dir)
            .ok_or_else(|| Error::usage(format!("no phase folder for {}", file.path)))?;
        Ok(Target {
            phase,
            plans: phase.plans.iter().collect(),
            plan: None,
        })
    }

    pub(super) fn subject(&self) -> String {
        match self.plan {
            Some(p) => format!("plan {}", p.id),
            None => format!("phase {}", self.phase.name),
        }
    }

    /// `02-VERIFICATION.md` for a phase (GSD's name, with the folder's own spelling of the
    /// number), `02-03-VERIFICATION.md` for one plan, so a plan's report never replaces the
    /// phase's.
    pub(super) fn report_name(&self) -> String {
        match self.plan {
            Some(p) => format!("{}-VERIFICATION.md", p.id),
            None => format!("{}-VERIFICATION.md", self.phase.id.raw()),
        }
    }
}

fn ambiguous<'a>(arg: &str, candidates: impl Iterator<Item = &'a str>) -> Error {
    Error::usage_help(
        format!("`{arg}` is ambiguous"),
        format!(
            "it names {}; name the folder instead",
            candidates.collect::<Vec<_>>().join(" and ")
        ),
    )
}
