//! What git says about a phase's plans, from the range engine: which commits name each plan,
//! what they changed, and the range checks' findings about them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::check::DiffRules;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::git::range::Revisions;
use crate::git::{RangeSpec, Repo};
use crate::planning::PlanFile;
use crate::range;

/// What git says about the plans: the commits that name each plan, the paths they touched,
/// and the range check's findings over the phase's commits. Everything comes from the range
/// engine ([`crate::range`]), the pipeline every door shares.
pub(super) struct History {
    repo: Repo,
    /// Plan file path -> ids of the commits naming it, oldest first.
    commits: BTreeMap<String, Vec<String>>,
    /// Plan file path of the newest commit that names a plan.
    newest: Option<String>,
    /// Ids of the commits naming plans, oldest first.
    order: Vec<String>,
    touched: BTreeMap<String, Vec<String>>,
    pub(super) findings: Vec<Finding>,
    pub(super) notes: Vec<String>,
}

impl History {
    /// One message-only walk of HEAD's history: which commits name which plans.
    pub(super) fn read(root: &Path, config: &Config) -> Result<History> {
        let repo = Repo::open(root)?;
        let options = range::Options {
            messages_only: true,
            keep_facts: true,
            ..range::Options::default()
        };
        let facts = range::check(
            root,
            config,
            &RangeSpec::new(Revisions::All),
            &options,
            &mut |_| {},
        )?
        .commits;
        let mut commits: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut newest = None;
        let mut order = Vec::new();
        for c in &facts {
            for plan in &c.plans {
                commits
                    .entry(plan.to_string())
                    .or_default()
                    .push(c.id.to_string());
            }
            if let Some(first) = c.plans.first() {
                newest = Some(first.to_string());
                order.push(c.id.to_string());
            }
        }
        Ok(History {
            repo,
            commits,
            newest,
            order,
            touched: BTreeMap::new(),
            findings: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// Runs the range check from the oldest commit of `plans` to HEAD and keeps what concerns
    /// them: their commits' paths, and the findings about those plans or commits.
    pub(super) fn check_plans(
        &mut self,
        root: &Path,
        config: &Config,
        plans: &[&PlanFile],
    ) -> Result<()> {
        let keys: BTreeSet<&str> = plans.iter().map(|p| p.path.as_str()).collect();
        let ids: BTreeSet<String> = plans.iter().map(|p| p.id.to_string()).collect();
        let mine: BTreeSet<&String> = keys
            .iter()
            .filter_map(|k| self.commits.get(*k))
            .flatten()
            .collect();
        let Some(oldest) = self.order.iter().find(|c| mine.contains(c)).cloned() else {
            self.notes.push("no commit names these plans yet".into());
            return Ok(());
        };
        let parent = format!("{oldest}^");
        let revisions = if self.repo.rev_commit(&parent).is_ok() {
            Revisions::Between {
                from: Some(parent),
                to: "HEAD".into(),
            }
        } else {
            Revisions::All
        };
        let checked = range::check(
            root,
            config,
            &RangeSpec::new(revisions),
            &range::Options::default(),
            &mut |_| {},
        )?;
        // What any plan may change without declaring it (SPEC §4) is not worth a row.
        let rules = DiffRules::new(
            &config.planning_dir,
            &config.diff.allowed,
            config.diff.attribute_merges,
        )
        .map_err(|e| Error::usage(format!("invalid glob in diff.allowed: {e}")))?;
        let mut in_phase: BTreeSet<&str> = BTreeSet::new();
        for c in &checked.commits {
            for plan in c.plans.iter().filter(|p| keys.contains(&***p)) {
                in_phase.insert(&c.id);
                self.touched.entry(plan.to_string()).or_default().extend(
                    c.paths
                        .iter()
                        .map(|t| t.path.to_string())
                        .filter(|p| !rules.is_allowed(p)),
                );
            }
        }
        self.findings = checked
            .findings
            .into_iter()
            .filter(|f| {
                f.location.plan.as_ref().is_some_and(|p| ids.contains(p))
                    || f.location
                        .commit
                        .as_deref()
                        .is_some_and(|c| in_phase.contains(c))
            })
            .collect();
        self.notes.extend(
            checked
                .notes
                .into_iter()
                .filter(|n| !n.starts_with("checked ")),
        );
        self.notes.push(format!(
            "checked {} commit{} of {}",
            in_phase.len(),
            if in_phase.len() == 1 { "" } else { "s" },
            if plans.len() == 1 {
                "the plan"
            } else {
                "the phase"
            }
        ));
        Ok(())
    }

    pub(super) fn newest_plan(&self) -> Option<&str> {
        self.newest.as_deref()
    }

    /// Whether a hash a SUMMARY cites names a commit of this repository.
    pub(super) fn has_commit(&self, hash: &str) -> bool {
        let hash = hash.to_ascii_lowercase();
        self.repo
            .rev_commit(&hash)
            .is_ok_and(|id| id.to_string().starts_with(&hash))
    }

    pub(super) fn touched(&self, plan: &str) -> Vec<String> {
        self.touched.get(plan).cloned().unwrap_or_default()
    }

    pub(super) fn count(&self, plan: &str) -> usize {
        self.commits.get(plan).map_or(0, Vec::len)
    }
}
