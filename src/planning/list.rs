//! The plan list of `planlint plans --list`: one row per plan file, as plain data. Which
//! columns a table shows and how JSON spells them is the report's business.

use serde::Serialize;

use super::frontmatter::FrontState;
use super::id::PhaseId;
use super::layout::{Area, Planning};
use super::load::Loaded;

/// Every plan of a planning tree (or one phase's), with what `--list` shows of each.
#[derive(Debug, Clone, Serialize)]
pub struct PlanList {
    pub planning_dir: String,
    pub plans: Vec<PlanRow>,
    /// PRP plans; empty when the list is of one phase.
    pub prp_plans: Vec<PrpRow>,
}

/// One plan file.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: String,
    pub path: String,
    /// The milestone an archived plan belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    pub wave: Option<u32>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub files: usize,
    pub tasks: usize,
    pub summary: bool,
    pub verification: bool,
    pub frontmatter: FrontState,
}

/// One PRP plan.
#[derive(Debug, Clone, Serialize)]
pub struct PrpRow {
    pub path: String,
    pub title: Option<String>,
    pub files: usize,
}

impl PlanList {
    /// The rows of `loaded`, in discovery order; only `phase`'s when one is given.
    pub fn new(planning: &Planning, loaded: &Loaded, phase: Option<&PhaseId>) -> PlanList {
        let mut plans = Vec::new();
        for ph in planning.phases() {
            if phase.is_some_and(|p| *p != ph.id) {
                continue;
            }
            for file in &ph.plans {
                let Some(plan) = loaded.plan(file) else {
                    continue;
                };
                plans.push(PlanRow {
                    id: file.name(),
                    path: file.path.clone(),
                    archived: match &ph.area {
                        Area::Milestone(m) => Some(m.clone()),
                        Area::Phases | Area::Quick => None,
                    },
                    wave: plan.wave,
                    kind: plan.kind.clone(),
                    files: plan.files_modified.len(),
                    tasks: plan.tasks,
                    summary: file.summary.is_some(),
                    verification: ph.verification.is_some(),
                    frontmatter: plan.doc.state,
                });
            }
        }
        if phase.is_none() {
            for file in planning.quick_plans() {
                let Some(plan) = loaded.plan(file) else {
                    continue;
                };
                plans.push(PlanRow {
                    id: file.name(),
                    path: file.path.clone(),
                    archived: None,
                    wave: plan.wave,
                    kind: plan.kind.clone(),
                    files: plan.files_modified.len(),
                    tasks: plan.tasks,
                    summary: file.summary.is_some(),
                    verification: false,
                    frontmatter: plan.doc.state,
                });
            }
        }
        let prp_plans = if phase.is_some() {
            Vec::new()
        } else {
            loaded
                .prp
                .iter()
                .map(|p| PrpRow {
                    path: p.path.clone(),
                    title: p.title.clone(),
                    files: p.files_modified.len(),
                })
                .collect()
        };
        PlanList {
            planning_dir: planning.dir().to_string(),
            plans,
            prp_plans,
        }
    }
}
