//! The planning trees of a range's commits: each commit is judged by the planning folder,
//! `.gitignore` and `config.json` it carried, not by today's. Trees are read from git through
//! [`Snapshots`] (listings kept by tree id), and a planning tree is discovered once for each
//! version of its `phases/`, `milestones/` and `quick/` folders, which most commits share.
//!
//! Also here: where the project adopted GSD (the oldest commit of the first-parent line whose
//! tree has a planning folder), so history from before it can be left out.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use gix::ObjectId;

use crate::check::DocsPolicy;
use crate::error::Result;
use crate::git::snapshot::{ItemKind, Snapshots};
use crate::git::Repo;
use crate::planning::layout::{Phase, PhaseCache, QuickTask};
use crate::planning::load::MAX_DOC_BYTES;
use crate::planning::resolve::{Found, Plans};
use crate::planning::source::{Entry, Listing, Problem, Source};
use crate::planning::{PlanFile, Planning};

/// A commit's tree as a planning source.
struct CommitTree {
    snapshots: Arc<Mutex<Snapshots>>,
    root: ObjectId,
}

impl Source for CommitTree {
    fn list(&self, rel: &str) -> Listing {
        let mut out = Listing::default();
        let Ok(mut snap) = self.snapshots.lock() else {
            return out;
        };
        let listed = snap.entry(self.root, rel).and_then(|item| match item {
            Some(item) if item.kind == ItemKind::Tree => snap.list(item.id).map(Some),
            _ => Ok(None),
        });
        match listed {
            Ok(Some(items)) => {
                // Links are not followed (their content is a path) and submodules hold no plans.
                let mut entries: Vec<Entry> = items
                    .iter()
                    .filter(|i| matches!(i.kind, ItemKind::Tree | ItemKind::Blob))
                    .map(|i| {
                        let mut version = [0u8; 20];
                        let bytes = i.id.as_bytes();
                        let n = bytes.len().min(20);
                        version[..n].copy_from_slice(&bytes[..n]);
                        Entry {
                            name: i.name.clone(),
                            is_dir: i.kind == ItemKind::Tree,
                            version: Some(version),
                        }
                    })
                    .collect();
                // Git's order puts `a/` after `a.b`; by name it is before. Mostly already so.
                if !entries.is_sorted_by(|a, b| a.name <= b.name) {
                    entries.sort_by(|a, b| a.name.cmp(&b.name));
                }
                out.entries = Some(entries);
            }
            Ok(None) => {}
            Err(e) => out.problems.push(Problem {
                path: rel.to_string(),
                message: format!("cannot list `{rel}` in the commit: {e}"),
            }),
        }
        out
    }

    fn read(&self, rel: &str, limit: u64) -> std::result::Result<String, String> {
        let mut snap = self
            .snapshots
            .lock()
            .map_err(|_| "the tree reader failed".to_string())?;
        match snap.entry(self.root, rel).map_err(|e| e.to_string())? {
            Some(item) if item.kind == ItemKind::Blob => {
                snap.text(item.id, limit).map_err(|e| e.to_string())?
            }
            Some(_) => Err("it is not a file in the commit".into()),
            None => Err("it is not in the commit".into()),
        }
    }

    fn is_dir(&self, rel: &str) -> bool {
        let Ok(mut snap) = self.snapshots.lock() else {
            return false;
        };
        matches!(snap.entry(self.root, rel), Ok(Some(i)) if i.kind == ItemKind::Tree)
    }
}

/// What identifies a planning tree's plans: the versions of its plan folders.
type Key = [Option<ObjectId>; 3];

/// Planning trees kept for the commits still to come.
const MAX_PLANNINGS: usize = 64;

/// The planning trees, ignore rules and configs of past commits.
pub(super) struct History {
    snapshots: Arc<Mutex<Snapshots>>,
    planning_dir: String,
    plannings: HashMap<Key, Arc<Planning>>,
    /// Phase folders by version, shared by every planning tree that holds them.
    phases: PhaseCache,
    folders: HashMap<ObjectId, Option<(ObjectId, Key)>>,
    policies: HashMap<(Option<ObjectId>, Option<ObjectId>), DocsPolicy>,
    /// What any planning tree read so far names: plans, phases and quick tasks, as a
    /// not-found finding writes them.
    known: HashSet<String>,
}

impl History {
    pub(super) fn new(repo: &Repo, planning_dir: &str) -> History {
        History {
            snapshots: Arc::new(Mutex::new(Snapshots::new(repo))),
            planning_dir: crate::fs::normalize_repo_path(planning_dir)
                .unwrap_or_else(|| ".planning".into()),
            plannings: HashMap::new(),
            phases: PhaseCache::default(),
            folders: HashMap::new(),
            policies: HashMap::new(),
            known: HashSet::new(),
        }
    }

    fn snapshots(&self) -> Result<std::sync::MutexGuard<'_, Snapshots>> {
        self.snapshots
            .lock()
            .map_err(|_| crate::error::Error::internal("the tree reader failed"))
    }

    /// The planning folder of a commit's tree and the key of its plan folders; `None` when
    /// the tree has none.
    fn folder(&mut self, tree: ObjectId) -> Result<Option<(ObjectId, Key)>> {
        if let Some(known) = self.folders.get(&tree) {
            return Ok(*known);
        }
        let found = {
            let mut snap = self.snapshots()?;
            match snap.entry(tree, &self.planning_dir)? {
                Some(dir) if dir.kind == ItemKind::Tree => {
                    let items = snap.list(dir.id)?;
                    let id = |name: &str| {
                        items
                            .iter()
                            .find(|i| &*i.name == name && i.kind == ItemKind::Tree)
                            .map(|i| i.id)
                    };
                    Some((dir.id, [id("phases"), id("milestones"), id("quick")]))
                }
                _ => None,
            }
        };
        // Root trees are new with almost every commit: a few thousand are kept, for the
        // neighbours that share one (merges, reverts) and the end of a short walk.
        if self.folders.len() > 4_096 {
            self.folders.clear();
        }
        self.folders.insert(tree, found);
        Ok(found)
    }

    /// Whether a commit's tree has a planning folder.
    pub(super) fn has_planning(&mut self, tree: ObjectId) -> Result<bool> {
        Ok(self.folder(tree)?.is_some())
    }

    /// The planning tree a commit carried; `None` when its tree has no planning folder.
    pub(super) fn planning_at(&mut self, tree: ObjectId) -> Result<Option<Arc<Planning>>> {
        let Some((_, key)) = self.folder(tree)? else {
            return Ok(None);
        };
        if let Some(p) = self.plannings.get(&key) {
            return Ok(Some(Arc::clone(p)));
        }
        let source = CommitTree {
            snapshots: Arc::clone(&self.snapshots),
            root: tree,
        };
        let planning = Arc::new(Planning::discover_shared(
            Arc::new(source),
            &self.planning_dir,
            &self.phases,
        ));
        let new_phases = self.phases.take_new();
        self.learn(&new_phases, planning.quick_tasks());
        // A walk meets each version of the planning folder in a run of neighbouring commits
        // and then never again: a few are kept, not all (a 20,000-commit GSD history has
        // thousands, and kept they took 9.8 GB).
        if self.plannings.len() >= MAX_PLANNINGS {
            self.plannings.clear();
        }
        self.plannings.insert(key, Arc::clone(&planning));
        Ok(Some(planning))
    }

    /// Remembers what the phase folders and quick tasks read so far name (each phase version
    /// once, as it is first read), so a scope a commit's own tree lacks but another commit of
    /// the range had is not called a scope that names nothing.
    fn learn(&mut self, phases: &[Arc<Phase>], quick: &[QuickTask]) {
        use std::fmt::Write;
        // Each version of the folder repeats almost every name of the one before: a name is
        // written into one buffer and copied only when it is new.
        let mut buf = String::new();
        let mut know = |known: &mut HashSet<String>, name: &dyn std::fmt::Display| {
            buf.clear();
            let _ = write!(buf, "{name}");
            if !known.contains(buf.as_str()) {
                known.insert(buf.clone());
            }
        };
        for phase in phases {
            know(&mut self.known, &phase.id);
            for plan in &phase.plans {
                know(&mut self.known, &plan.id);
                know(&mut self.known, &plan.name());
            }
            // A SUMMARY shows its plan existed, committed or not.
            for (id, _) in &phase.orphan_summaries {
                know(&mut self.known, id);
            }
        }
        for task in quick {
            know(&mut self.known, &task.id);
        }
    }

    /// Whether some planning tree read so far names `key` (`02-01`, `07`, `quick-13`).
    pub(super) fn knows(&self, key: &str) -> bool {
        self.known.contains(key)
    }

    /// The project's wish about committing planning files, as a commit's tree says it:
    /// `commit_docs: false` in its `config.json`, or its root `.gitignore` ignoring the
    /// planning folder.
    pub(super) fn policy_at(&mut self, tree: ObjectId) -> Result<DocsPolicy> {
        let config_path = format!("{}/config.json", self.planning_dir);
        let (config, ignore) = {
            let mut snap = self.snapshots()?;
            let blob = |snap: &mut Snapshots, path: &str| -> Result<Option<ObjectId>> {
                Ok(snap
                    .entry(tree, path)?
                    .filter(|i| i.kind == ItemKind::Blob)
                    .map(|i| i.id))
            };
            (
                blob(&mut snap, &config_path)?,
                blob(&mut snap, ".gitignore")?,
            )
        };
        if let Some(p) = self.policies.get(&(config, ignore)) {
            return Ok(*p);
        }
        let text = |id: Option<ObjectId>| -> Result<Option<String>> {
            match id {
                Some(id) => Ok(self.snapshots()?.text(id, MAX_DOC_BYTES)?.ok()),
                None => Ok(None),
            }
        };
        let policy = DocsPolicy {
            commit_docs_false: text(config)?
                .as_deref()
                .and_then(crate::planning::project::commit_docs)
                == Some(false),
            gitignored: text(ignore)?
                .as_deref()
                .is_some_and(|t| ignores_dir(t, &self.planning_dir)),
        };
        self.policies.insert((config, ignore), policy);
        Ok(policy)
    }
}

/// Whether a root `.gitignore` ignores the folder `dir`.
fn ignores_dir(gitignore: &str, dir: &str) -> bool {
    let mut b = ignore::gitignore::GitignoreBuilder::new("");
    for line in gitignore.lines() {
        let _ = b.add_line(None, line);
    }
    b.build()
        .is_ok_and(|g| g.matched_path_or_any_parents(dir, true).is_ignore())
}

/// The planning trees of one commit, owned: what [`Plans`] borrows for its lookups.
pub(super) struct Judged {
    /// The tree it is judged by (its own, or the work tree's when its tree has no planning
    /// folder).
    pub(super) at: Arc<Planning>,
    pub(super) later: Arc<[Arc<Planning>]>,
    pub(super) work_tree: Option<Arc<Planning>>,
    /// The commit does not carry its plans by design.
    pub(super) kept_out: bool,
}

impl Judged {
    pub(super) fn plans(&self) -> Plans<'_> {
        Plans {
            at: &self.at,
            later: &self.later,
            work_tree: self.work_tree.as_deref(),
            missing_ok: self.kept_out,
        }
    }

    /// The planning tree a found plan was read from, to load it from there.
    pub(super) fn owner(&self, found: &Found<'_, PlanFile>) -> Arc<Planning> {
        match found {
            Found::Later(file) => self
                .later
                .iter()
                .find(|p| p.plan_at_path(&file.path).is_some())
                .cloned()
                .unwrap_or_else(|| Arc::clone(&self.at)),
            Found::WorkTreeOnly(_) => self
                .work_tree
                .clone()
                .unwrap_or_else(|| Arc::clone(&self.at)),
            _ => Arc::clone(&self.at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_rules_for_the_planning_folder() {
        assert!(ignores_dir(".planning/\n", ".planning"));
        assert!(ignores_dir("node_modules\n.planning\n", ".planning"));
        assert!(ignores_dir("/.planning/\n", ".planning"));
        assert!(!ignores_dir("*.log\n", ".planning"));
        assert!(!ignores_dir(".planning/\n!.planning/\n", ".planning"));
    }
}
