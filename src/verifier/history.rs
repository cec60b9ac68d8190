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
use crate::range;

/// What git says about the plans: the commits that name each plan and, once
/// [`History::check`] ran, the range check over those commits. Everything comes from the
/// range engine ([`crate::range`]), the pipeline every door shares.
pub(super) struct History {
    repo: Repo,
    /// Plan file path (as the commit's own tree had it) -> ids of the commits naming it.
    commits: BTreeMap<String, Vec<String>>,
    /// Plan file path of the newest commit that names a plan.
    newest: Option<String>,
    /// Ids of the commits naming plans, oldest first.
    order: Vec<String>,
    checked: Option<range::Checked>,
}

/// What the range check says about one target's plans.
#[derive(Default)]
pub(super) struct Slice {
    /// Plan key -> the paths its commits changed, minus what any plan may change.
    touched: BTreeMap<String, Vec<String>>,
    /// Plan key -> how many commits name it.
    counts: BTreeMap<String, usize>,
    pub(super) findings: Vec<Finding>,
    pub(super) notes: Vec<String>,
}

impl Slice {
    /// The paths the commits of the plan at `keys` (its path now, and where it was written)
    /// changed.
    pub(super) fn touched(&self, keys: &[String]) -> Vec<String> {
        keys.iter()
            .filter_map(|k| self.touched.get(k))
            .flatten()
            .cloned()
            .collect()
    }

    pub(super) fn count(&self, keys: &[String]) -> usize {
        keys.iter().filter_map(|k| self.counts.get(k)).sum()
    }
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
            checked: None,
        })
    }

    /// Runs the range check once, from the oldest commit naming any of `keys` (plan paths) to
    /// HEAD; [`History::slice`] then picks out each target's part. No commit names them: no
    /// walk.
    pub(super) fn check(&mut self, root: &Path, config: &Config, keys: &[String]) -> Result<()> {
        let mine: BTreeSet<&String> = keys
            .iter()
            .filter_map(|k| self.commits.get(k))
            .flatten()
            .collect();
        let Some(oldest) = self.order.iter().find(|c| mine.contains(c)).cloned() else {
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
        self.checked = Some(range::check(
            root,
            config,
            &RangeSpec::new(revisions),
            &range::Options::default(),
            &mut |_| {},
        )?);
        Ok(())
    }

    /// What the range check found about the plans at `keys` (ids `ids`): their commits'
    /// paths, and the findings about those plans or commits. `what` names them in the note.
    pub(super) fn slice(
        &self,
        config: &Config,
        keys: &[String],
        ids: &BTreeSet<String>,
        what: &str,
    ) -> Result<Slice> {
        let mut slice = Slice::default();
        for k in keys {
            if let Some(c) = self.commits.get(k) {
                slice.counts.insert(k.clone(), c.len());
            }
        }
        let Some(checked) = &self.checked else {
            slice.notes.push(format!("no commit names {what} yet"));
            return Ok(slice);
        };
        let keys: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
        // What any plan may change without declaring it (SPEC §4) is not worth a row.
        let rules = DiffRules::new(
            &config.planning_dir,
            &config.diff.allowed,
            config.diff.attribute_merges,
        )
        .map_err(|e| Error::usage(format!("invalid glob in diff.allowed: {e}")))?;
        let mut mine: BTreeSet<&str> = BTreeSet::new();
        for c in &checked.commits {
            for plan in c.plans.iter().filter(|p| keys.contains(&***p)) {
                mine.insert(&c.id);
                slice.touched.entry(plan.to_string()).or_default().extend(
                    c.paths
                        .iter()
                        .map(|t| t.path.to_string())
                        .filter(|p| !rules.is_allowed(p)),
                );
            }
        }
        if mine.is_empty() {
            slice.notes.push(format!("no commit names {what} yet"));
            return Ok(slice);
        }
        slice.findings = checked
            .findings
            .iter()
            .filter(|f| {
                f.location.plan.as_ref().is_some_and(|p| ids.contains(p))
                    || f.location
                        .commit
                        .as_deref()
                        .is_some_and(|c| mine.contains(c))
            })
            .cloned()
            .collect();
        slice.notes.extend(
            checked
                .notes
                .iter()
                .filter(|n| !n.starts_with("checked "))
                .cloned(),
        );
        slice.notes.push(format!(
            "checked {} commit{} of {what}",
            mine.len(),
            if mine.len() == 1 { "" } else { "s" },
        ));
        Ok(slice)
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
}
