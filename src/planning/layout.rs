//! Where the plans are: the `.planning/` tree from directory listings alone.
//!
//! Discovery reads no file, so the commit-msg hook can afford it on every commit. It knows
//! `phases/NN-slug/`, archived `milestones/vX.Y-phases/NN-slug/`, `quick/YYMMDD-xxx-slug/`
//! and the file names inside (`NN-MM[-slug]-PLAN.md`, `NN-MM-SUMMARY.md`,
//! `NN-VERIFICATION.md`). It never fails: a missing folder is an empty layout, an unreadable
//! entry is a finding, and everything else is still found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::finding::{Finding, Location};

use super::id::{PhaseId, PlanId};
use super::rules;

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

/// One `*-PLAN.md` file found on disk; reading it is [`super::Planning::load_plan`]'s job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    /// The id its file name gives.
    pub id: PlanId,
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

/// One quick task, `quick/260630-uq4-fix-login/`.
#[derive(Debug, Clone)]
pub struct QuickTask {
    /// `260630-uq4`.
    pub id: String,
    pub dir: String,
    pub plan: Option<String>,
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
#[derive(Debug, Clone, Default)]
pub struct Planning {
    root: PathBuf,
    dir: String,
    exists: bool,
    phases: Vec<Phase>,
    quick: Vec<QuickTask>,
    stray_dirs: Vec<String>,
    prp_plans: Vec<String>,
    problems: Vec<Finding>,
    by_id: HashMap<PlanId, Vec<(usize, usize)>>,
}

impl Planning {
    /// Lists `root/planning_dir`. Cheap (no file is read) and infallible.
    pub fn discover(root: &Path, planning_dir: &str) -> Planning {
        let mut p = Planning {
            root: root.to_path_buf(),
            dir: planning_dir.to_string(),
            ..Planning::default()
        };
        let mut scan = Scan { p: &mut p };
        scan.prp_plans();
        let Some(dir) = crate::fs::normalize_repo_path(planning_dir) else {
            p.problem(
                planning_dir,
                format!("the planning folder `{planning_dir}` is not a path inside the repository"),
            );
            return p;
        };
        p.dir = dir;
        let abs = root.join(&p.dir);
        if !abs.is_dir() {
            return p;
        }
        if crate::fs::join_inside(root, &p.dir).is_none() {
            let dir = p.dir.clone();
            p.problem(
                &dir,
                format!("`{dir}` is a symlink leading out of the repository and is not read"),
            );
            return p;
        }
        p.exists = true;
        let mut scan = Scan { p: &mut p };
        let phases_dir = format!("{}/phases", scan.p.dir);
        scan.phase_container(&phases_dir, &Area::Phases);
        scan.milestones();
        scan.quick();
        // `Area` orders `Phases` before any milestone.
        p.phases
            .sort_by(|a, b| (&a.area, &a.id, &a.name).cmp(&(&b.area, &b.id, &b.name)));
        p.quick.sort_by(|a, b| a.id.cmp(&b.id));
        for (pi, phase) in p.phases.iter().enumerate() {
            for (fi, plan) in phase.plans.iter().enumerate() {
                p.by_id.entry(plan.id.clone()).or_default().push((pi, fi));
            }
        }
        p
    }

    /// The repository root it was discovered under.
    pub fn root(&self) -> &Path {
        &self.root
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
    pub fn phases(&self) -> &[Phase] {
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
        let mut ids: Vec<&PlanId> = self.by_id.keys().collect();
        ids.sort();
        ids
    }

    /// Every plan file with this id, those under `phases/` first.
    pub fn candidates(&self, id: &PlanId) -> Vec<&PlanFile> {
        self.by_id
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
        prefer_current(self.phases.iter().filter(|p| &p.id == id).collect(), |p| {
            &p.area
        })
    }

    /// Resolves a phase by its folder name (`07-batch-rendering`), as GSD writes it in
    /// `docs(07-batch-rendering)`.
    pub fn find_phase_by_name(&self, name: &str) -> Lookup<'_, Phase> {
        prefer_current(
            self.phases.iter().filter(|p| p.name == name).collect(),
            |p| &p.area,
        )
    }

    /// The quick task with this id (`260630-uq4`).
    pub fn find_quick(&self, id: &str) -> Option<&QuickTask> {
        self.quick.iter().find(|q| q.id.eq_ignore_ascii_case(id))
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

/// A directory entry reduced to what discovery needs.
struct Entry {
    name: String,
    is_dir: bool,
}

struct Scan<'a> {
    p: &'a mut Planning,
}

impl Scan<'_> {
    /// Lists a repo-relative folder; `None` when it does not exist. Symlinked folders are not
    /// entered: they could lead out of the repository.
    fn list(&mut self, rel: &str) -> Option<Vec<Entry>> {
        let abs = self.p.root.join(rel);
        let rd = match std::fs::read_dir(&abs) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return None,
            Err(e) => {
                self.p.problem(rel, format!("cannot list `{rel}`: {e}"));
                return None;
            }
        };
        let mut out = Vec::new();
        for entry in rd {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.p.problem(rel, format!("cannot list `{rel}`: {e}"));
                    continue;
                }
            };
            let Ok(name) = entry.file_name().into_string() else {
                let lossy = entry.file_name().to_string_lossy().into_owned();
                self.p.problem(
                    &format!("{rel}/{lossy}"),
                    format!("`{rel}/{lossy}` has a name that is not UTF-8 and is skipped"),
                );
                continue;
            };
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => {
                    let path = format!("{rel}/{name}");
                    if crate::fs::join_inside(&self.p.root, &path).is_none() {
                        self.p.problem(
                            &path,
                            format!("`{path}` is a symlink leading out of the repository and is not read"),
                        );
                        continue;
                    }
                    self.p.root.join(&path).is_dir()
                }
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            out.push(Entry { name, is_dir });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Some(out)
    }

    /// A folder holding phase folders (`phases/`, `milestones/v1.0-phases/`).
    fn phase_container(&mut self, rel: &str, area: &Area) {
        let Some(entries) = self.list(rel) else {
            return;
        };
        for e in entries.into_iter().filter(|e| e.is_dir) {
            let dir = format!("{rel}/{}", e.name);
            let Some((id, _slug)) = PhaseId::parse_prefix(&e.name) else {
                if *area == Area::Phases {
                    self.p.stray_dirs.push(dir);
                }
                continue;
            };
            let phase = self.phase(id, e.name, dir, area.clone());
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
            if let Some(stem) = e.name.strip_suffix("-PLAN.md") {
                match PlanId::parse_prefix(stem) {
                    Some((id, slug)) => phase.plans.push(PlanFile {
                        id,
                        slug: (!slug.is_empty()).then(|| slug.to_string()),
                        path,
                        file_name: e.name,
                        phase_dir: phase.dir.clone(),
                        phase: phase.id.clone(),
                        area: phase.area.clone(),
                        summary: None,
                    }),
                    None => phase.stray_plans.push(path),
                }
            } else if e.name == "PLAN.md" {
                phase.stray_plans.push(path);
            } else if let Some(stem) = e.name.strip_suffix("-SUMMARY.md") {
                if let Some((id, slug)) = PlanId::parse_prefix(stem) {
                    summaries.push((id, (!slug.is_empty()).then(|| slug.to_string()), path));
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
            } else if self.p.root.join(&dir).join("phases").is_dir() {
                self.phase_container(&format!("{dir}/phases"), &Area::Milestone(e.name));
            }
        }
    }

    /// `quick/260630-uq4-slug/260630-uq4-PLAN.md`.
    fn quick(&mut self) {
        let rel = format!("{}/quick", self.p.dir);
        let Some(entries) = self.list(&rel) else {
            return;
        };
        for e in entries.into_iter().filter(|e| e.is_dir) {
            let Some(id) = quick_id(&e.name) else {
                continue;
            };
            let dir = format!("{rel}/{}", e.name);
            let files = self.list(&dir).unwrap_or_default();
            let pick = |suffix: &str| {
                files
                    .iter()
                    .find(|f| !f.is_dir && f.name.ends_with(suffix))
                    .map(|f| format!("{dir}/{}", f.name))
            };
            let task = QuickTask {
                id: id.to_string(),
                plan: pick("PLAN.md"),
                summary: pick("SUMMARY.md"),
                dir,
            };
            self.p.quick.push(task);
        }
    }
}

impl Scan<'_> {
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
        let names: Vec<String> = p.plans().map(|f| f.id.to_string()).collect();
        assert_eq!(
            names,
            ["01-01", "02-01", "02-02", "02.1-01", "12A-01", "CK-03-01", "01-01"]
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
        assert_eq!(phase.stray_plans, [".planning/phases/02-auth/PLAN.md"]);
        assert!(p.find_phase(&PhaseId::parse("12A").unwrap()).is_found());
        assert!(p.find_plan(&id("CK-03-01")).is_found());
        let q = p.find_quick("260630-uq4").unwrap();
        assert_eq!(
            q.plan.as_deref(),
            Some(".planning/quick/260630-uq4-fix-login/260630-uq4-PLAN.md")
        );
        assert!(q.summary.is_some());
        assert!(p.find_quick("260630-zzz").is_none());
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
