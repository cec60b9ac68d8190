//! Where the plans are: the `.planning/` tree from directory listings alone.
//!
//! Discovery reads no file, so the commit-msg hook can afford it on every commit, and the
//! range engine on every commit's own tree ([`super::source`]). It knows `phases/NN-slug/`,
//! archived `milestones/vX.Y-phases/NN-slug/`, quick tasks in all three of GSD's shapes
//! (`quick/YYMMDD-xxx-slug/`, `quick/NNN-slug/`, `quick/N-slug/`) and the file names inside:
//! `NN-MM[-slug]-PLAN.md`, `NN-<phase-slug>-MM-PLAN.md`, a phase's single `NN-PLAN.md` or
//! `PLAN.md` (GSD's tools count every `*-PLAN.md` of a phase as a plan), their SUMMARYs, and
//! `NN-VERIFICATION.md`. It never fails: a missing folder is an empty layout, an unreadable
//! entry is a finding, and everything else is still found.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::finding::{Finding, Location};

use super::id::{PhaseId, PlanId};
use super::rules;
use super::source::{Entry, Source, WorkTree};

/// Where PRP plans live, relative to the repository root.
pub const PRP_DIRS: [&str; 4] = [
    ".claude/PRPs/plans",
    ".claude/PRPs/plans/completed",
    "PRPs/plans",
    "PRPs/plans/completed",
];

/// Where a phase folder lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// `.planning/phases/`: the current work.
    Phases,
    /// `.planning/milestones/<name>-phases/` (or `milestones/<name>/phases/`): archived.
    Milestone(String),
    /// `.planning/quick/`: a quick task.
    Quick,
}

impl Area {
    pub fn is_archived(&self) -> bool {
        matches!(self, Area::Milestone(_))
    }
}

/// One phase folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub id: PhaseId,
    /// The folder name, `07-batch-rendering`.
    pub name: String,
    /// Repo-relative folder path with `/`.
    pub dir: String,
    pub area: Area,
    /// Plans in this folder, sorted by id.
    pub plans: Vec<PlanFile>,
    /// `NN-VERIFICATION.md`, repo-relative.
    pub verification: Option<String>,
    /// `NN-UAT.md`, repo-relative.
    pub uat: Option<String>,
    /// Summaries whose plan file is not in this folder, repo-relative.
    pub orphan_summaries: Vec<(PlanId, String)>,
    /// Files named like plans whose name holds no plan id (`PLAN.md`, `02-xx-PLAN.md`).
    pub stray_plans: Vec<String>,
}

/// What kind of plan a file is, which says how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanKind {
    /// `NN-MM-PLAN.md`: plan MM of phase NN.
    Numbered,
    /// `NN-PLAN.md` or `PLAN.md`: the phase's one plan, without a number.
    Phase,
    /// A quick task's plan.
    Quick(QuickId),
}

/// A quick task's id: `260630-uq4` (date and three base-36 characters, GSD's current form) or
/// a number (`13` for `quick/013-slug/`, older GSD), compared as a number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuickId {
    /// Older GSD's numbering; sorts before the dated ids, which came after it.
    Numbered(u32),
    Dated(String),
}

impl QuickId {
    /// The id at the start of a quick-task folder name (`260630-uq4-fix-login`, `013-fix`).
    pub fn of_folder(name: &str) -> Option<QuickId> {
        if let Some(id) = quick_id(name) {
            return Some(QuickId::Dated(id.to_ascii_lowercase()));
        }
        let digits = name.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &name[digits..];
        (digits > 0 && digits <= 4 && (rest.is_empty() || rest.starts_with('-')))
            .then(|| name[..digits].parse().ok().map(QuickId::Numbered))
            .flatten()
    }

    /// The id a scope writes after `quick-` (or alone, for a dated one): `260630-uq4`,
    /// `260630-uq4-01` (a plan of that task), `13`, `019`.
    pub fn of_scope(written: &str) -> Option<QuickId> {
        let body = written.trim();
        let body = body
            .get(..6)
            .filter(|p| p.eq_ignore_ascii_case("quick-"))
            .map_or(body, |_| &body[6..]);
        if let Some(id) = quick_id(body) {
            return Some(QuickId::Dated(id.to_ascii_lowercase()));
        }
        (!body.is_empty() && body.len() <= 4 && body.bytes().all(|b| b.is_ascii_digit()))
            .then(|| body.parse().ok().map(QuickId::Numbered))
            .flatten()
    }
}

impl std::fmt::Display for QuickId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuickId::Dated(id) => write!(f, "quick-{id}"),
            QuickId::Numbered(n) => write!(f, "quick-{n}"),
        }
    }
}

/// One `*-PLAN.md` file found on disk; reading it is [`super::Planning::load_plan`]'s job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    /// The id its file name gives; for a phase's unnumbered plan, plan 0 of the phase; for a
    /// quick task, a placeholder (`kind` says which).
    pub id: PlanId,
    pub kind: PlanKind,
    /// Repo-relative path with `/`.
    pub path: String,
    /// The file name.
    pub file_name: String,
    /// The slug between the id and `-PLAN.md`, if any (`auth` in `02-01-auth-PLAN.md`).
    pub slug: Option<String>,
    /// The phase folder it sits in (its id may disagree with the plan's: a lint rule's job).
    pub phase_dir: String,
    pub phase: PhaseId,
    pub area: Area,
    /// The matching `NN-MM-SUMMARY.md` (or `NN-MM-slug-SUMMARY.md`), repo-relative.
    pub summary: Option<String>,
}

impl PlanFile {
    /// What reports call the plan: `02-01`, `11` (a phase's only plan), `quick-260630-uq4`.
    pub fn name(&self) -> String {
        match &self.kind {
            PlanKind::Numbered => self.id.to_string(),
            PlanKind::Phase => self.phase.to_string(),
            PlanKind::Quick(q) => q.to_string(),
        }
    }

    pub fn is_quick(&self) -> bool {
        matches!(self.kind, PlanKind::Quick(_))
    }
}

/// One quick task, `quick/260630-uq4-fix-login/`.
#[derive(Debug, Clone)]
pub struct QuickTask {
    pub id: QuickId,
    pub dir: String,
    /// Its plan, when the folder holds one.
    pub plan: Option<PlanFile>,
    pub summary: Option<String>,
}

/// The result of a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a, T = PlanFile> {
    Found(&'a T),
    /// Several candidates of equal standing, all reported.
    Ambiguous(Vec<&'a T>),
    NotFound,
}

impl<'a, T> Lookup<'a, T> {
    pub fn found(&self) -> Option<&'a T> {
        match self {
            Lookup::Found(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_found(&self) -> bool {
        matches!(self, Lookup::Found(_))
    }
}

/// The planning tree of one repository, as directory listings show it.
#[derive(Clone)]
pub struct Planning {
    source: Arc<dyn Source>,
    dir: String,
    exists: bool,
    /// Shared with the other versions of the tree that hold the same phase folder.
    phases: Vec<Arc<Phase>>,
    quick: Vec<QuickTask>,
    stray_dirs: Vec<String>,
    prp_plans: Vec<String>,
    problems: Vec<Finding>,
    /// Plans by id, built once a tree is asked often ([`Planning::candidates`]).
    by_id: std::sync::OnceLock<HashMap<PlanId, Vec<(usize, usize)>>>,
    lookups: Lookups,
}

/// How often a tree was asked for a plan; a clone starts from the same count.
#[derive(Debug, Default)]
struct Lookups(std::sync::atomic::AtomicUsize);

impl Clone for Lookups {
    fn clone(&self) -> Lookups {
        Lookups(std::sync::atomic::AtomicUsize::new(
            self.0.load(std::sync::atomic::Ordering::Relaxed),
        ))
    }
}

/// Phase folders read from commit trees, by version and path, so that a history's thousands of
/// versions of the planning folder share what did not change: building each phase again for
/// each version was most of a long GSD history's check (and, kept, 9.8 GB).
/// A phase folder's version (its tree id's first 20 bytes) and the hash of its path.
type PhaseKey = ([u8; 20], u64);

#[derive(Debug, Default)]
pub struct PhaseCache {
    /// By the folder's version and a hash of its path (the path is part of a phase: its area,
    /// its files' paths).
    by_version: std::sync::Mutex<HashMap<PhaseKey, Arc<Phase>>>,
    /// Versions read since [`PhaseCache::take_new`] last asked.
    new: std::sync::Mutex<Vec<Arc<Phase>>>,
}

impl PhaseCache {
    /// Phases kept before the cache starts again: above one tree's (GSD projects have tens;
    /// the 900 of a synthetic history fit twice), bounded for a walk.
    const MAX: usize = 2_048;

    fn place(container: &str, name: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (container, name).hash(&mut h);
        h.finish()
    }

    fn get(&self, key: &PhaseKey) -> Option<Arc<Phase>> {
        self.by_version.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: PhaseKey, phase: Arc<Phase>) {
        if let Ok(mut map) = self.by_version.lock() {
            if map.len() >= Self::MAX {
                map.clear();
            }
            map.insert(key, Arc::clone(&phase));
        }
        if let Ok(mut new) = self.new.lock() {
            new.push(phase);
        }
    }

    /// The phase versions read since the last call: what a history has not seen before.
    pub fn take_new(&self) -> Vec<Arc<Phase>> {
        self.new
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Planning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planning")
            .field("dir", &self.dir)
            .field("exists", &self.exists)
            .field("phases", &self.phases.len())
            .field("quick", &self.quick.len())
            .finish_non_exhaustive()
    }
}

impl Planning {
    /// Lists `root/planning_dir` in the work tree. Cheap (no file is read) and infallible.
    pub fn discover(root: &Path, planning_dir: &str) -> Planning {
        Planning::discover_in(Arc::new(WorkTree::new(root)), planning_dir)
    }

    /// A planning tree of nothing: no folder, no plans.
    pub fn empty(planning_dir: &str) -> Planning {
        Planning::blank(Arc::new(super::source::Nothing), planning_dir)
    }

    fn blank(source: Arc<dyn Source>, planning_dir: &str) -> Planning {
        Planning {
            source,
            dir: planning_dir.to_string(),
            exists: false,
            phases: Vec::new(),
            quick: Vec::new(),
            stray_dirs: Vec::new(),
            prp_plans: Vec::new(),
            problems: Vec::new(),
            by_id: std::sync::OnceLock::new(),
            lookups: Lookups::default(),
        }
    }

    /// Lists `planning_dir` in `source` (the work tree, or a commit's tree).
    pub fn discover_in(source: Arc<dyn Source>, planning_dir: &str) -> Planning {
        Planning::discover_with(source, planning_dir, None, None)
    }

    /// [`Planning::discover_in`] for one of many versions of a tree (a history's commits):
    /// phase folders already read in another version are taken from `cache`.
    pub fn discover_shared(
        source: Arc<dyn Source>,
        planning_dir: &str,
        cache: &PhaseCache,
    ) -> Planning {
        Planning::discover_with(source, planning_dir, None, Some(cache))
    }

    /// The work tree's planning folder as far as `focus` asks: the folders of its phases
    /// (current and archived, so two of one number are both seen) and of its quick tasks;
    /// no other phase or quick task is listed. For the commit-msg hook, which names one plan
    /// and runs on every commit; a tree read this way answers only about what it was asked.
    pub fn discover_focused(root: &Path, planning_dir: &str, focus: &Focus) -> Planning {
        Planning::discover_with(
            Arc::new(WorkTree::new(root)),
            planning_dir,
            Some(focus),
            None,
        )
    }

    fn discover_with(
        source: Arc<dyn Source>,
        planning_dir: &str,
        focus: Option<&Focus>,
        cache: Option<&PhaseCache>,
    ) -> Planning {
        let mut p = Planning::blank(source, planning_dir);
        let mut scan = Scan {
            p: &mut p,
            focus: None,
            cache: None,
        };
        // Other planners' plan folders, and quick tasks, only where they are asked about.
        if focus.is_none() {
            scan.prp_plans();
        }
        let Some(dir) = crate::fs::normalize_repo_path(planning_dir) else {
            p.problem(
                planning_dir,
                format!("the planning folder `{planning_dir}` is not a path inside the repository"),
            );
            return p;
        };
        p.dir = dir;
        if !p.source.is_dir(&p.dir) {
            return p;
        }
        if p.source.leads_out(&p.dir) {
            let dir = p.dir.clone();
            p.problem(
                &dir,
                format!("`{dir}` is a symlink leading out of the repository and is not read"),
            );
            return p;
        }
        p.exists = true;
        let mut scan = Scan {
            p: &mut p,
            focus,
            cache,
        };
        let phases_dir = format!("{}/phases", scan.p.dir);
        scan.phase_container(&phases_dir, &Area::Phases);
        scan.milestones();
        if focus.is_none_or(|f| !f.quick.is_empty()) {
            scan.quick();
        }
        // `Area` orders `Phases` before any milestone.
        p.phases
            .sort_by(|a, b| (&a.area, &a.id, &a.name).cmp(&(&b.area, &b.id, &b.name)));
        p.quick.sort_by(|a, b| a.id.cmp(&b.id));
        p
    }

    /// Where the tree is read from.
    pub fn source(&self) -> &dyn Source {
        &*self.source
    }

    /// The planning folder, repo-relative (`.planning`).
    pub fn dir(&self) -> &str {
        &self.dir
    }

    /// Whether the planning folder exists at all.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// Every phase folder: current ones first, then archived, each sorted by id.
    pub fn phases(&self) -> &[Arc<Phase>] {
        &self.phases
    }

    /// Every plan file, in the order of [`Planning::phases`].
    pub fn plans(&self) -> impl Iterator<Item = &PlanFile> {
        self.phases.iter().flat_map(|p| p.plans.iter())
    }

    pub fn quick_tasks(&self) -> &[QuickTask] {
        &self.quick
    }

    /// Folders in `phases/` whose name does not start with a phase number, repo-relative.
    pub fn stray_dirs(&self) -> &[String] {
        &self.stray_dirs
    }

    /// PRP plans (`.claude/PRPs/plans/*.plan.md`, `PRPs/plans/*.plan.md`), repo-relative.
    pub fn prp_plans(&self) -> &[String] {
        &self.prp_plans
    }

    /// What could not be listed (unreadable folders, names that are not UTF-8).
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }

    /// Every distinct plan id, sorted.
    pub fn plan_ids(&self) -> Vec<&PlanId> {
        let mut ids: Vec<&PlanId> = self.plans().map(|p| &p.id).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Every plan file with this id, those under `phases/` first. The first few lookups scan:
    /// a history looks up a few ids in each of thousands of versions of the tree, where an
    /// index per version cost more than the lookups. A tree asked more often (`plans` asks for
    /// every plan) is indexed once.
    pub fn candidates(&self, id: &PlanId) -> Vec<&PlanFile> {
        const SCANS: usize = 16;
        let asked = self
            .lookups
            .0
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if asked < SCANS && self.by_id.get().is_none() {
            return self.plans().filter(|p| &p.id == id).collect();
        }
        let index = self.by_id.get_or_init(|| {
            let mut index: HashMap<PlanId, Vec<(usize, usize)>> = HashMap::new();
            for (pi, phase) in self.phases.iter().enumerate() {
                for (fi, plan) in phase.plans.iter().enumerate() {
                    index.entry(plan.id.clone()).or_default().push((pi, fi));
                }
            }
            index
        });
        index
            .get(id)
            .map(|v| v.iter().map(|&(p, f)| &self.phases[p].plans[f]).collect())
            .unwrap_or_default()
    }

    /// Resolves a plan id. `phases/` wins over `milestones/`; two files of equal standing are
    /// ambiguous. The archived files a `Found` hides are in [`Planning::shadowed`].
    pub fn find_plan(&self, id: &PlanId) -> Lookup<'_> {
        prefer_current(self.candidates(id), |p| &p.area)
    }

    /// The archived plans with this id that a current plan hides.
    pub fn shadowed(&self, id: &PlanId) -> Vec<&PlanFile> {
        let all = self.candidates(id);
        if all.iter().any(|p| !p.area.is_archived()) {
            all.into_iter().filter(|p| p.area.is_archived()).collect()
        } else {
            Vec::new()
        }
    }

    /// Resolves a phase id, with the same preference as [`Planning::find_plan`].
    pub fn find_phase(&self, id: &PhaseId) -> Lookup<'_, Phase> {
        prefer_current(
            self.phases
                .iter()
                .map(|p| &**p)
                .filter(|p| &p.id == id)
                .collect(),
            |p| &p.area,
        )
    }

    /// Resolves a phase by its folder name (`07-batch-rendering`), as GSD writes it in
    /// `docs(07-batch-rendering)`.
    pub fn find_phase_by_name(&self, name: &str) -> Lookup<'_, Phase> {
        prefer_current(
            self.phases
                .iter()
                .map(|p| &**p)
                .filter(|p| p.name == name)
                .collect(),
            |p| &p.area,
        )
    }

    /// The quick task with this id (`260630-uq4`).
    pub fn find_quick(&self, id: &QuickId) -> Option<&QuickTask> {
        self.quick.iter().find(|q| &q.id == id)
    }

    /// The plan file at a repo-relative path, if discovery found one there.
    pub fn plan_at_path(&self, path: &str) -> Option<&PlanFile> {
        self.plans()
            .chain(self.quick_plans())
            .find(|f| f.path == path)
    }

    /// The quick tasks' plans.
    pub fn quick_plans(&self) -> impl Iterator<Item = &PlanFile> {
        self.quick.iter().filter_map(|q| q.plan.as_ref())
    }

    /// The existing plan id closest to `written`, for "did you mean 02-01?": the fewest typos
    /// (as [`crate::suggest`] counts them), then the same phase, then the nearest plan number.
    pub fn suggest(&self, written: &str) -> Option<String> {
        let parsed = PlanId::parse(written);
        let wanted = parsed
            .as_ref()
            .map_or_else(|| written.to_string(), PlanId::to_string);
        closest_by(&wanted, self.plan_ids(), |id| match &parsed {
            Some(w) => (w.phase != id.phase, w.plan.abs_diff(id.plan)),
            None => (false, 0),
        })
    }

    /// The current phase closest to `written` (`09` -> `07` when 07 is the nearest of equal
    /// typos), for "did you mean 07?". A phase whose number is not near the one written is no
    /// suggestion (`9` -> `04` is one edit but no one's typo).
    pub fn suggest_phase(&self, written: &str) -> Option<String> {
        let parsed = PhaseId::parse(written);
        let wanted = parsed
            .as_ref()
            .map_or_else(|| written.to_string(), PhaseId::to_string);
        let phases = self
            .phases
            .iter()
            .filter(|p| !p.area.is_archived())
            .map(|p| &p.id)
            .filter(|id| {
                parsed
                    .as_ref()
                    .is_none_or(|w| crate::suggest::near_number(w.number(), id.number()))
            });
        closest_by(&wanted, phases, |id| {
            parsed
                .as_ref()
                .map_or(0, |w| w.number().abs_diff(id.number()))
        })
    }

    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(
            Finding::new(&rules::UNREADABLE, message)
                .at(Location::path(path))
                .help("check the permissions and the name of this entry; the rest of the tree is still checked"),
        );
    }
}

/// The candidate with the fewest typos from `wanted` (within [`crate::suggest::closest`]'s
/// limit), ties broken by `tie`, smallest first.
fn closest_by<'a, T, K, I>(wanted: &str, candidates: I, tie: impl Fn(&T) -> K) -> Option<String>
where
    T: std::fmt::Display + 'a,
    K: Ord,
    I: IntoIterator<Item = &'a T>,
{
    let names: Vec<(String, &T)> = candidates.into_iter().map(|c| (c.to_string(), c)).collect();
    let best = crate::suggest::closest(wanted, names.iter().map(|(n, _)| n.as_str()))?;
    let typos = crate::suggest::distance(wanted, best);
    names
        .iter()
        .filter(|(n, _)| crate::suggest::distance(wanted, n) == typos)
        .min_by_key(|(_, c)| tie(c))
        .map(|(n, _)| n.clone())
}

/// `phases/` first: one current candidate is found whatever the archive holds; several of the
/// best standing are ambiguous.
fn prefer_current<'a, T>(all: Vec<&'a T>, area: impl Fn(&T) -> &Area) -> Lookup<'a, T> {
    let current: Vec<&T> = all
        .iter()
        .copied()
        .filter(|t| !area(t).is_archived())
        .collect();
    let best = if current.is_empty() { all } else { current };
    match best.len() {
        0 => Lookup::NotFound,
        1 => Lookup::Found(best[0]),
        _ => Lookup::Ambiguous(best),
    }
}

struct Scan<'a> {
    p: &'a mut Planning,
    focus: Option<&'a Focus>,
    cache: Option<&'a PhaseCache>,
}

/// The phases and quick tasks a focused discovery lists ([`Planning::discover_focused`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus {
    pub phases: Vec<PhaseId>,
    pub quick: Vec<QuickId>,
}

impl Scan<'_> {
    /// Lists a repo-relative folder; `None` when it does not exist. What could not be listed
    /// becomes a problem of the tree.
    fn list(&mut self, rel: &str) -> Option<Vec<Entry>> {
        let listing = self.p.source.list(rel);
        for problem in listing.problems {
            self.p.problem(&problem.path, problem.message);
        }
        listing.entries
    }

    /// A folder holding phase folders (`phases/`, `milestones/v1.0-phases/`).
    fn phase_container(&mut self, rel: &str, area: &Area) {
        let Some(entries) = self.list(rel) else {
            return;
        };
        for e in entries.into_iter().filter(|e| e.is_dir) {
            // Looked up before anything is parsed or built: most folders of most versions of
            // a history hit, and only phase folders are kept in the cache.
            let key = self
                .cache
                .zip(e.version)
                .map(|(c, v)| (c, (v, PhaseCache::place(rel, &e.name))));
            let hit = key.as_ref().and_then(|(c, k)| c.get(k));
            if let Some(focus) = self.focus {
                let wanted = match &hit {
                    Some(phase) => focus.phases.contains(&phase.id),
                    None => PhaseId::parse_prefix(&e.name)
                        .is_some_and(|(id, _)| focus.phases.contains(&id)),
                };
                if !wanted {
                    continue;
                }
            }
            if let Some(hit) = hit {
                self.p.phases.push(hit);
                continue;
            }
            let Some((id, _slug)) = PhaseId::parse_prefix(&e.name) else {
                if *area == Area::Phases {
                    self.p.stray_dirs.push(format!("{rel}/{}", e.name));
                }
                continue;
            };
            let dir = format!("{rel}/{}", e.name);
            let phase = Arc::new(self.phase(id, e.name.to_string(), dir, area.clone()));
            if let Some((cache, key)) = key {
                cache.put(key, Arc::clone(&phase));
            }
            self.p.phases.push(phase);
        }
    }

    fn phase(&mut self, id: PhaseId, name: String, dir: String, area: Area) -> Phase {
        let mut phase = Phase {
            id,
            name,
            dir,
            area,
            plans: Vec::new(),
            verification: None,
            uat: None,
            orphan_summaries: Vec::new(),
            stray_plans: Vec::new(),
        };
        let entries = self.list(&phase.dir).unwrap_or_default();
        let mut summaries: Vec<(PlanId, Option<String>, String)> = Vec::new();
        for e in entries.into_iter().filter(|e| !e.is_dir) {
            let path = format!("{}/{}", phase.dir, e.name);
            if let Some(stem) = doc_stem(&e.name, "PLAN.md") {
                match plan_name(stem, &phase) {
                    Some((id, kind, slug)) => phase.plans.push(PlanFile {
                        id,
                        kind,
                        slug,
                        path,
                        file_name: e.name.to_string(),
                        phase_dir: phase.dir.clone(),
                        phase: phase.id.clone(),
                        area: phase.area.clone(),
                        summary: None,
                    }),
                    None => phase.stray_plans.push(path),
                }
            } else if let Some(stem) = doc_stem(&e.name, "SUMMARY.md") {
                if let Some((id, _, slug)) = plan_name(stem, &phase) {
                    summaries.push((id, slug, path));
                }
            } else if let Some(stem) = e.name.strip_suffix("-VERIFICATION.md") {
                if PhaseId::parse(stem).is_some() || phase.verification.is_none() {
                    phase.verification = Some(path);
                }
            } else if let Some(stem) = e.name.strip_suffix("-UAT.md") {
                if PhaseId::parse(stem).is_some() || phase.uat.is_none() {
                    phase.uat = Some(path);
                }
            }
        }
        phase
            .plans
            .sort_by(|a, b| (&a.id, &a.file_name).cmp(&(&b.id, &b.file_name)));
        for (id, slug, path) in summaries {
            // A summary pairs with the plan of its id, preferring the one with its slug when a
            // folder holds two plans of one id.
            let free = |p: &PlanFile| p.id == id && p.summary.is_none();
            let idx = (phase.plans.iter())
                .position(|p| free(p) && p.slug == slug)
                .or_else(|| phase.plans.iter().position(free));
            match idx {
                Some(i) => phase.plans[i].summary = Some(path),
                None => phase.orphan_summaries.push((id, path)),
            }
        }
        // A phase's one unnumbered plan (`07-PLAN.md`, `plan: 01` inside) and the one
        // numbered SUMMARY beside it (`07-01-SUMMARY.md`) are a pair.
        if let ([plan], [_]) = (
            phase.plans.as_mut_slice(),
            phase.orphan_summaries.as_slice(),
        ) {
            if plan.kind == PlanKind::Phase && plan.summary.is_none() {
                plan.summary = phase.orphan_summaries.pop().map(|(_, path)| path);
            }
        }
        phase
    }

    /// `milestones/v1.0-phases/NN-slug/` and `milestones/v1.0/phases/NN-slug/`.
    fn milestones(&mut self) {
        let rel = format!("{}/milestones", self.p.dir);
        let Some(entries) = self.list(&rel) else {
            return;
        };
        for e in entries.into_iter().filter(|e| e.is_dir) {
            let dir = format!("{rel}/{}", e.name);
            if let Some(name) = e.name.strip_suffix("-phases") {
                self.phase_container(&dir, &Area::Milestone(name.to_string()));
            } else if self.p.source.is_dir(&format!("{dir}/phases")) {
                self.phase_container(
                    &format!("{dir}/phases"),
                    &Area::Milestone(e.name.to_string()),
                );
            }
        }
    }

    /// `quick/260630-uq4-slug/260630-uq4-PLAN.md`, `quick/013-slug/013-PLAN.md`,
    /// `quick/1-slug/1-PLAN.md`.
    fn quick(&mut self) {
        let rel = format!("{}/quick", self.p.dir);
        let Some(entries) = self.list(&rel) else {
            return;
        };
        let none = PhaseId::none();
        for e in entries.into_iter().filter(|e| e.is_dir) {
            let Some(id) = QuickId::of_folder(&e.name) else {
                continue;
            };
            if self.focus.is_some_and(|f| !f.quick.contains(&id)) {
                continue;
            }
            let dir = format!("{rel}/{}", e.name);
            let files = self.list(&dir).unwrap_or_default();
            let pick = |suffix: &str| {
                files
                    .iter()
                    .filter(|f| !f.is_dir && f.name.ends_with(suffix))
                    .map(|f| f.name.to_string())
                    .min_by_key(|n| n.len())
            };
            let plan = pick("PLAN.md").map(|file_name| PlanFile {
                id: PlanId::new(none.clone(), 0),
                kind: PlanKind::Quick(id.clone()),
                path: format!("{dir}/{file_name}"),
                file_name,
                slug: None,
                phase_dir: dir.clone(),
                phase: none.clone(),
                area: Area::Quick,
                summary: pick("SUMMARY.md").map(|f| format!("{dir}/{f}")),
            });
            let task = QuickTask {
                id,
                plan,
                summary: pick("SUMMARY.md").map(|f| format!("{dir}/{f}")),
                dir,
            };
            self.p.quick.push(task);
        }
    }

    fn prp_plans(&mut self) {
        for dir in PRP_DIRS {
            for e in self.list(dir).unwrap_or_default() {
                if !e.is_dir && e.name.ends_with(".plan.md") {
                    self.p.prp_plans.push(format!("{dir}/{}", e.name));
                }
            }
        }
    }
}

/// `02-01-auth` of `02-01-auth-PLAN.md`, `""` of `PLAN.md`; `None` for other files.
fn doc_stem<'n>(name: &'n str, suffix: &str) -> Option<&'n str> {
    if name == suffix {
        return Some("");
    }
    name.strip_suffix(suffix)?.strip_suffix('-')
}

/// What a plan or summary file's stem names in `phase`: `02-01[-slug]`; `07-batch-rendering-01`
/// (the phase folder's name, then the plan); `07` or nothing (the phase's one plan).
fn plan_name(stem: &str, phase: &Phase) -> Option<(PlanId, PlanKind, Option<String>)> {
    let slug = |s: &str| (!s.is_empty()).then(|| s.to_string());
    if let Some((id, rest)) = PlanId::parse_prefix(stem) {
        return Some((id, PlanKind::Numbered, slug(rest)));
    }
    if let Some(rest) = stem
        .strip_prefix(phase.name.as_str())
        .and_then(|r| r.strip_prefix('-'))
    {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[digits..];
        if digits > 0 && (after.is_empty() || after.starts_with('-')) {
            let n = rest[..digits].parse().ok()?;
            let id = PlanId::new(phase.id.clone(), n);
            return Some((id, PlanKind::Numbered, slug(after.trim_start_matches('-'))));
        }
    }
    let whole_phase = stem.is_empty() || PhaseId::parse(stem).is_some_and(|p| p == phase.id);
    // Plan 0: it must not collide with a numbered plan 1 in the same folder.
    whole_phase.then(|| (PlanId::new(phase.id.clone(), 0), PlanKind::Phase, None))
}

/// The `YYMMDD-xxx` id at the start of a quick-task folder name.
pub fn quick_id(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    let ok = b.len() >= 10
        && b[..6].iter().all(u8::is_ascii_digit)
        && b[6] == b'-'
        && b[7..10].iter().all(u8::is_ascii_alphanumeric)
        && b.get(10).is_none_or(|&c| c == b'-');
    ok.then(|| &name[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        dir
    }

    fn id(s: &str) -> PlanId {
        PlanId::parse(s).unwrap()
    }

    #[test]
    fn missing_folder_is_an_empty_layout() {
        let dir = tempfile::tempdir().unwrap();
        let p = Planning::discover(dir.path(), ".planning");
        assert!(!p.exists());
        assert!(p.phases().is_empty());
        assert!(p.problems().is_empty());
        assert_eq!(p.find_plan(&id("01-01")), Lookup::NotFound);
        let p = Planning::discover(dir.path(), "../elsewhere");
        assert!(!p.exists());
        assert_eq!(p.problems()[0].rule, "plan/unreadable");
    }

    #[test]
    fn finds_every_layout() {
        let dir = tree(&[
            ".planning/phases/02-auth/02-01-PLAN.md",
            ".planning/phases/02-auth/02-01-SUMMARY.md",
            ".planning/phases/02-auth/02-02-login-PLAN.md",
            ".planning/phases/02-auth/02-VERIFICATION.md",
            ".planning/phases/02-auth/02-CONTEXT.md",
            ".planning/phases/02.1-hotfix/02.1-01-PLAN.md",
            ".planning/phases/1/1-1-PLAN.md",
            ".planning/phases/12A-extra/12A-01-PLAN.md",
            ".planning/phases/CK-03-api/CK-03-01-PLAN.md",
            ".planning/phases/notes/README.md",
            ".planning/phases/02-auth/PLAN.md",
            ".planning/milestones/v1.0-phases/01-setup/01-01-PLAN.md",
            ".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md",
            ".planning/quick/260630-uq4-fix-login/260630-uq4-SUMMARY.md",
            ".claude/PRPs/plans/jwt.plan.md",
            "PRPs/plans/completed/old.plan.md",
            "PRPs/plans/notes.md",
        ]);
        let p = Planning::discover(dir.path(), ".planning");
        assert!(p.exists());
        assert_eq!(p.stray_dirs(), [".planning/phases/notes"]);
        assert_eq!(
            p.prp_plans(),
            [
                ".claude/PRPs/plans/jwt.plan.md",
                "PRPs/plans/completed/old.plan.md"
            ]
        );
        let names: Vec<String> = p.plans().map(|f| f.name()).collect();
        assert_eq!(
            names,
            ["01-01", "02", "02-01", "02-02", "02.1-01", "12A-01", "CK-03-01", "01-01"]
        );
        let plan = p.find_plan(&id("2-1")).found().unwrap();
        assert_eq!(plan.path, ".planning/phases/02-auth/02-01-PLAN.md");
        assert_eq!(
            plan.summary.as_deref(),
            Some(".planning/phases/02-auth/02-01-SUMMARY.md")
        );
        let login = p.find_plan(&id("02-02")).found().unwrap();
        assert_eq!(login.slug.as_deref(), Some("login"));
        assert_eq!(login.summary, None);
        let phase = p.find_phase_by_name("02-auth").found().unwrap();
        assert_eq!(
            phase.verification.as_deref(),
            Some(".planning/phases/02-auth/02-VERIFICATION.md")
        );
        assert!(
            phase.stray_plans.is_empty(),
            "GSD counts PLAN.md as the phase's plan"
        );
        assert!(p.find_phase(&PhaseId::parse("12A").unwrap()).is_found());
        assert!(p.find_plan(&id("CK-03-01")).is_found());
        let q = p.find_quick(&QuickId::Dated("260630-uq4".into())).unwrap();
        let plan = q.plan.as_ref().unwrap();
        assert_eq!(
            plan.path,
            ".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md"
        );
        assert_eq!(plan.name(), "quick-260630-uq4");
        assert!(q.summary.is_some() && plan.summary == q.summary);
        assert!(p.find_quick(&QuickId::Dated("260630-zzz".into())).is_none());
    }

    #[test]
    fn every_plan_shape_gsd_writes_is_a_plan() {
        let dir = tree(&[
            ".planning/phases/07-batch-rendering/07-batch-rendering-01-PLAN.md",
            ".planning/phases/07-batch-rendering/07-batch-rendering-01-SUMMARY.md",
            ".planning/phases/07-batch-rendering/07-batch-rendering-02-PLAN.md",
            ".planning/phases/11-fan-out/11-PLAN.md",
            ".planning/phases/11-fan-out/11-SUMMARY.md",
            ".planning/phases/12-solo/PLAN.md",
            ".planning/phases/13-odd/13-xx-PLAN.md",
            ".planning/phases/14-one/14-PLAN.md",
            ".planning/phases/14-one/14-01-SUMMARY.md",
            ".planning/quick/013-fix-typo/013-PLAN.md",
            ".planning/quick/1-first/1-PLAN.md",
            ".planning/quick/1-first/1-SUMMARY.md",
            ".planning/quick/notes/README.md",
        ]);
        let p = Planning::discover(dir.path(), ".planning");
        let slugged = p.find_plan(&id("07-01")).found().unwrap();
        assert_eq!(slugged.kind, PlanKind::Numbered);
        assert!(
            slugged.summary.is_some(),
            "its summary pairs by the same name"
        );
        assert!(p.find_plan(&id("07-02")).is_found());
        let phase = p
            .find_phase(&PhaseId::parse("11").unwrap())
            .found()
            .unwrap();
        assert_eq!(phase.plans.len(), 1);
        assert_eq!(phase.plans[0].kind, PlanKind::Phase);
        assert_eq!(phase.plans[0].name(), "11");
        assert!(phase.plans[0].summary.is_some());
        let solo = p
            .find_phase(&PhaseId::parse("12").unwrap())
            .found()
            .unwrap();
        assert_eq!(solo.plans[0].file_name, "PLAN.md");
        let odd = p
            .find_phase(&PhaseId::parse("13").unwrap())
            .found()
            .unwrap();
        assert!(odd.plans.is_empty());
        assert_eq!(odd.stray_plans, [".planning/phases/13-odd/13-xx-PLAN.md"]);
        let one = p
            .find_phase(&PhaseId::parse("14").unwrap())
            .found()
            .unwrap();
        assert_eq!(
            one.plans[0].summary.as_deref(),
            Some(".planning/phases/14-one/14-01-SUMMARY.md"),
            "the phase's one plan and the one numbered SUMMARY pair"
        );
        assert!(one.orphan_summaries.is_empty());
        let numbered = p.find_quick(&QuickId::Numbered(13)).unwrap();
        assert_eq!(numbered.plan.as_ref().unwrap().name(), "quick-13");
        assert!(p
            .find_quick(&QuickId::Numbered(1))
            .unwrap()
            .summary
            .is_some());
        assert_eq!(
            p.quick_tasks().len(),
            2,
            "a folder without an id is no task"
        );
    }

    #[test]
    fn quick_ids_from_folders_and_scopes() {
        let dated = Some(QuickId::Dated("260630-uq4".into()));
        assert_eq!(QuickId::of_folder("260630-uq4-fix-login"), dated);
        assert_eq!(QuickId::of_scope("quick-260630-uq4"), dated);
        assert_eq!(QuickId::of_scope("quick-260630-uq4-01"), dated);
        assert_eq!(QuickId::of_scope("260630-UQ4"), dated);
        assert_eq!(QuickId::of_folder("019-x"), Some(QuickId::Numbered(19)));
        assert_eq!(QuickId::of_scope("quick-19"), Some(QuickId::Numbered(19)));
        assert_eq!(QuickId::of_scope("quick-abc"), None);
        assert_eq!(QuickId::of_folder("notes"), None);
    }

    #[test]
    fn phases_win_over_milestones_and_the_shadowed_plan_is_kept() {
        let dir = tree(&[
            ".planning/phases/01-next/01-01-PLAN.md",
            ".planning/milestones/v1.0-phases/01-setup/01-01-PLAN.md",
            ".planning/milestones/v1.0-phases/01-setup/01-02-PLAN.md",
            ".planning/milestones/v1.1/phases/01-again/01-02-PLAN.md",
        ]);
        let p = Planning::discover(dir.path(), ".planning");
        let found = p.find_plan(&id("01-01")).found().unwrap();
        assert_eq!(found.area, Area::Phases);
        let shadowed = p.shadowed(&id("01-01"));
        assert_eq!(
            shadowed[0].path,
            ".planning/milestones/v1.0-phases/01-setup/01-01-PLAN.md"
        );
        // Only archived copies, in two milestones: a real ambiguity.
        match p.find_plan(&id("01-02")) {
            Lookup::Ambiguous(v) => assert_eq!(v.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_current_plans_of_one_id_are_ambiguous() {
        let dir = tree(&[
            ".planning/phases/02-auth/02-01-PLAN.md",
            ".planning/phases/02-auth/02-01-redo-PLAN.md",
            ".planning/phases/02-auth/02-01-redo-SUMMARY.md",
        ]);
        let p = Planning::discover(dir.path(), ".planning");
        let Lookup::Ambiguous(v) = p.find_plan(&id("02-01")) else {
            panic!("expected ambiguity");
        };
        let paths: Vec<&str> = v.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                ".planning/phases/02-auth/02-01-PLAN.md",
                ".planning/phases/02-auth/02-01-redo-PLAN.md"
            ]
        );
        // The slugged summary belongs to the slugged plan.
        assert!(v[0].summary.is_none());
        assert!(v[1].summary.is_some());
    }

    #[test]
    fn suggests_the_closest_id() {
        let dir = tree(&[
            ".planning/phases/02-auth/02-01-PLAN.md",
            ".planning/phases/02-auth/02-03-PLAN.md",
        ]);
        let p = Planning::discover(dir.path(), ".planning");
        assert_eq!(p.suggest("02-04").as_deref(), Some("02-03"));
        assert_eq!(p.suggest("2-4").as_deref(), Some("02-03"));
        assert_eq!(p.suggest("77-77"), None);
        assert_eq!(p.plan_ids().len(), 2);
    }

    #[test]
    fn suggests_only_a_near_phase() {
        let dir = tree(&[".planning/phases/04-x/04-01-PLAN.md"]);
        let p = Planning::discover(dir.path(), ".planning");
        assert_eq!(p.suggest_phase("9"), None);
        assert_eq!(p.suggest_phase("05").as_deref(), Some("04"));
        assert_eq!(p.suggest_phase("40").as_deref(), Some("04"));
    }

    #[test]
    fn quick_ids() {
        assert_eq!(quick_id("260630-uq4-fix-login"), Some("260630-uq4"));
        assert_eq!(quick_id("260630-uq4"), Some("260630-uq4"));
        assert_eq!(quick_id("260630-uq"), None);
        assert_eq!(quick_id("2606x0-uq4"), None);
        assert_eq!(quick_id("260630-uq45"), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_repository_are_not_followed() {
        let outside = tree(&["01-x/01-01-PLAN.md"]);
        let dir = tree(&[".planning/phases/02-b/02-01-PLAN.md"]);
        std::os::unix::fs::symlink(
            outside.path().join("01-x"),
            dir.path().join(".planning/phases/01-x"),
        )
        .unwrap();
        let p = Planning::discover(dir.path(), ".planning");
        assert!(!p.find_plan(&id("01-01")).is_found());
        assert!(p.find_plan(&id("02-01")).is_found());
        assert_eq!(p.problems()[0].rule, "plan/unreadable");
        assert!(p.problems()[0].message.contains("symlink"));
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_problems_not_failures() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tree(&[
            ".planning/phases/01-a/01-01-PLAN.md",
            ".planning/phases/02-b/02-01-PLAN.md",
        ]);
        let locked = dir.path().join(".planning/phases/02-b");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let p = Planning::discover(dir.path(), ".planning");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(p.find_plan(&id("01-01")).is_found());
        // Root can read anything; the check only means something for other users.
        if !p.find_plan(&id("02-01")).is_found() {
            assert_eq!(p.problems().len(), 1);
            assert_eq!(p.problems()[0].rule, "plan/unreadable");
        }
    }
}
