//! A plan's promise against what its commits changed, and the commit-level rules of a range.
//!
//! Inputs are plain values built by the command layer; commits come oldest first. Plans are
//! told apart by their file path (`key`), since the same plan id can exist in two folders.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::{
    CASE_MISMATCH, DOCS_COMMIT_TOUCHES_CODE, PLANNING_COMMITTED, TDD_ORDER, UNDECLARED,
    UNKEPT_PROMISE,
};
use crate::finding::{Finding, Location};
use crate::planning::declared::FilesModified;

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// How many undeclared files of one folder, changed by one commit, make one finding.
const FOLDER_AT: usize = 5;

/// One path a commit changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched {
    pub path: Box<str>,
    /// The path before a rename.
    pub from: Option<Box<str>>,
    pub deleted: bool,
}

impl Touched {
    pub fn new(path: impl Into<Box<str>>) -> Touched {
        Touched {
            path: path.into(),
            from: None,
            deleted: false,
        }
    }
}

/// What the checks need of one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitFacts {
    /// Full id.
    pub id: Box<str>,
    /// The Conventional Commit type (`feat`), when the header parsed.
    pub ty: Option<Box<str>>,
    /// The plans its scope names, as [`PlanFacts::key`]s (`feat(12-05,06)` names two).
    pub plans: Vec<Arc<str>>,
    /// The scope as written, for messages.
    pub scope: Option<Box<str>>,
    pub is_merge: bool,
    /// False for an older commit looked up only to know what its plan already did: it
    /// counts for promises and order, but its own paths were checked when it was pushed.
    pub in_range: bool,
    /// Changed files against the first parent; empty when unknown (shallow boundary).
    pub paths: Vec<Touched>,
    /// What the project said, at this commit, about committing planning files.
    pub docs: DocsPolicy,
}

/// What the checks need of one plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts {
    /// Tells plans apart: the plan file's path.
    pub key: Arc<str>,
    /// The plan id for messages (`02-01`).
    pub id: String,
    /// `None` when the frontmatter gave no usable list (reported by the plan rules instead).
    pub files_modified: Option<Vec<String>>,
    pub has_summary: bool,
    pub tdd: bool,
}

/// The project's wish about committing planning files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocsPolicy {
    /// `.planning/config.json` says `"commit_docs": false`.
    pub commit_docs_false: bool,
    /// The planning folder is ignored by git.
    pub gitignored: bool,
}

impl DocsPolicy {
    /// The project keeps its plans out of git.
    pub fn keeps_plans_out(&self) -> bool {
        self.commit_docs_false || self.gitignored
    }
}

/// Settings of the diff rules, compiled once.
#[derive(Debug, Clone)]
pub struct DiffRules {
    /// The planning folder with a trailing `/`.
    planning_prefix: String,
    allowed: GlobSet,
    /// Whether merge commits count for the plan in their scope.
    pub attribute_merges: bool,
}

impl DiffRules {
    /// `allowed` holds globs (lock files by default); an invalid one is an error.
    pub fn new(
        planning_dir: &str,
        allowed: &[String],
        attribute_merges: bool,
    ) -> Result<DiffRules, globset::Error> {
        let mut set = GlobSetBuilder::new();
        for g in allowed {
            set.add(Glob::new(g)?);
        }
        let dir =
            crate::fs::normalize_repo_path(planning_dir).unwrap_or_else(|| ".planning".into());
        Ok(DiffRules {
            planning_prefix: format!("{dir}/"),
            allowed: set.build()?,
            attribute_merges,
        })
    }

    /// The planning folder, repo-relative.
    pub fn planning_dir(&self) -> &str {
        self.planning_prefix.trim_end_matches('/')
    }

    /// Whether a path is inside the planning folder.
    pub fn in_planning(&self, path: &str) -> bool {
        path.starts_with(&self.planning_prefix)
    }

    /// Paths any plan may change without declaring them.
    pub fn is_allowed(&self, path: &str) -> bool {
        self.in_planning(path) || self.allowed.is_match(path)
    }

    /// Whether a commit's paths count for its plan.
    fn counts(&self, commit: &CommitFacts) -> bool {
        !commit.is_merge || self.attribute_merges
    }
}

/// A plan's `files_modified` as written, and compiled.
struct Declared<'a> {
    raw: &'a [String],
    files: FilesModified,
}

impl<'a> Declared<'a> {
    fn new(raw: &'a [String]) -> Declared<'a> {
        Declared {
            raw,
            files: FilesModified::new(raw),
        }
    }

    /// Indexes of the entries that cover `path`.
    fn covering(&self, path: &str) -> Vec<usize> {
        self.files.covering(path)
    }

    fn covering_folded(&self, path: &str) -> Vec<usize> {
        self.files.covering_folded(path)
    }
}

/// The plan-level rules: undeclared files, unkept promises, case mismatches, TDD order.
/// `commits` must be oldest first.
pub fn check_plans(
    plans: &[PlanFacts],
    commits: &[CommitFacts],
    rules: &DiffRules,
) -> Vec<Finding> {
    let declared: HashMap<&str, Declared<'_>> = plans
        .iter()
        .filter_map(|p| Some((&*p.key, Declared::new(p.files_modified.as_deref()?))))
        .collect();
    let mut by_plan: HashMap<&str, Vec<&CommitFacts>> = HashMap::new();
    for c in commits.iter().filter(|c| rules.counts(c)) {
        for key in &c.plans {
            by_plan.entry(&**key).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for plan in plans {
        let Some(own) = by_plan.get(&*plan.key) else {
            continue;
        };
        if !own.iter().any(|c| c.in_range) {
            continue;
        }
        if let Some(mine) = declared.get(&*plan.key) {
            out.extend(promise_findings(plan, mine, &declared, own, rules));
        }
        if plan.tdd {
            out.extend(tdd_finding(plan, own));
        }
    }
    out
}

/// Touched-not-declared, declared-never-touched and case mismatches of one plan.
fn promise_findings(
    plan: &PlanFacts,
    declared: &Declared<'_>,
    all: &HashMap<&str, Declared<'_>>,
    commits: &[&CommitFacts],
    rules: &DiffRules,
) -> Vec<Finding> {
    let mut kept = vec![false; declared.raw.len()];
    // path -> first commit that changed it; BTreeMap keeps findings in path order.
    let mut undeclared: BTreeMap<&str, &str> = BTreeMap::new();
    let mut case: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for commit in commits {
        // A move git did not see as a rename (the content changed too) is a deletion and an
        // addition: the plan that declares where the file went declares where it came from.
        let declared_names: HashSet<&str> = commit
            .paths
            .iter()
            .filter(|t| !t.deleted && !declared.covering(&t.path).is_empty())
            .map(|t| file_name(&t.path))
            .collect();
        for t in &commit.paths {
            let sides: Vec<&str> = std::iter::once(&*t.path).chain(t.from.as_deref()).collect();
            let mut hits: Vec<usize> = sides.iter().flat_map(|p| declared.covering(p)).collect();
            if !hits.is_empty() {
                hits.iter().for_each(|&i| kept[i] = true);
                continue;
            }
            if t.deleted && t.from.is_none() && declared_names.contains(file_name(&t.path)) {
                continue;
            }
            // Old commits only tell what the plan already kept; a commit naming several plans
            // reports an undeclared path once, under the first, and not at all when another
            // of its plans declares it.
            let others_declare = || {
                commit.plans.iter().filter(|k| **k != plan.key).any(|k| {
                    all.get(&**k)
                        .is_some_and(|d| sides.iter().any(|p| !d.covering(p).is_empty()))
                })
            };
            if !commit.in_range
                || sides.iter().any(|p| rules.is_allowed(p))
                || commit.plans.first() != Some(&plan.key)
                || others_declare()
            {
                continue;
            }
            hits = sides
                .iter()
                .flat_map(|p| declared.covering_folded(p))
                .collect();
            if let Some(&i) = hits.first() {
                hits.iter().for_each(|&i| kept[i] = true);
                case.entry(&*t.path).or_insert((i, &*commit.id));
            } else {
                undeclared.entry(&*t.path).or_insert(&*commit.id);
            }
        }
    }
    let plan_loc = |path: &str, commit: Option<&str>| {
        let mut loc = Location::path(path).with_plan(&plan.id);
        loc.commit = commit.map(str::to_string);
        loc
    };
    let mut out = Vec::new();
    for (path, (i, commit)) in case {
        out.push(
            Finding::new(
                &CASE_MISMATCH,
                format!(
                    "plan {} declares `{}` but its commits changed `{path}`: the paths differ only in letter case",
                    plan.id, declared.raw[i]
                ),
            )
            .at(plan_loc(path, Some(commit)))
            .help(format!(
                "use one spelling: fix files_modified in {}, or `git mv` the file",
                plan.key
            )),
        );
    }
    // Many files of one folder in one commit (a move, a generated set) are one act: one
    // finding for the folder, whose fix is one line of files_modified.
    let mut by_folder: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (&path, &commit) in &undeclared {
        let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        by_folder.entry((commit, folder)).or_default().push(path);
    }
    for ((commit, folder), paths) in &by_folder {
        if paths.len() < FOLDER_AT || folder.is_empty() {
            continue;
        }
        for p in paths {
            undeclared.remove(p);
        }
        out.push(
            Finding::new(
                &UNDECLARED,
                format!(
                    "{} files under `{folder}/` were changed by plan {} but are not in its files_modified (`{}`, ...)",
                    paths.len(),
                    plan.id,
                    paths[0]
                ),
            )
            .at(plan_loc(paths[0], Some(commit)))
            .help(format!(
                "add `{folder}/` to files_modified in {}, or make the change in the plan that owns those files",
                plan.key
            )),
        );
    }
    for (path, commit) in undeclared {
        out.push(
            Finding::new(
                &UNDECLARED,
                format!(
                    "`{path}` was changed by plan {} but is not in its files_modified",
                    plan.id
                ),
            )
            .at(plan_loc(path, Some(commit)))
            .help(format!(
                "add it to files_modified in {}, or make the change in the plan that owns the file",
                plan.key
            )),
        );
    }
    if plan.has_summary {
        for (i, entry) in declared.raw.iter().enumerate() {
            let usable = declared.files.usable(i);
            let norm = crate::fs::normalize_repo_path(entry).unwrap_or_default();
            if kept[i]
                || !usable
                || rules.in_planning(&format!("{norm}/"))
                || rules.in_planning(&norm)
            {
                continue;
            }
            out.push(
                Finding::new(
                    &UNKEPT_PROMISE,
                    format!(
                        "plan {} declares `{entry}` in files_modified, but none of its commits changed it",
                        plan.id
                    ),
                )
                .at(plan_loc(&norm, None))
                .help(format!(
                    "do the missing work, or correct files_modified in {} and say why in the SUMMARY",
                    plan.key
                )),
            );
        }
    }
    out
}

/// The plan's first `feat` against its first `test`, over all its commits, older ones included.
/// Only a first `feat` inside the range is reported: one pushed long ago cannot be reordered,
/// and every later push for the plan would be refused for it.
fn tdd_finding(plan: &PlanFacts, commits: &[&CommitFacts]) -> Option<Finding> {
    let of_type = |ty: &str| commits.iter().position(|c| c.ty.as_deref() == Some(ty));
    let feat = of_type("feat")?;
    if !commits[feat].in_range {
        return None;
    }
    match of_type("test") {
        Some(test) if test < feat => None,
        test => {
            let commit = commits[feat];
            let scope = commit.scope.as_deref().unwrap_or(&plan.id);
            let message = match test {
                Some(_) => format!(
                    "plan {} is type: tdd, but its first feat({scope}) commit comes before its first test({scope}) commit",
                    plan.id
                ),
                None => format!(
                    "plan {} is type: tdd, but it has a feat({scope}) commit and no test({scope}) commit before it",
                    plan.id
                ),
            };
            Some(
                Finding::new(&TDD_ORDER, message)
                    .at(Location::plan(&plan.id).with_commit(&*commit.id))
                    .help(
                        "commit the failing test first (test), then the code that passes it (feat)",
                    ),
            )
        }
    }
}

/// Documentation files a completion commit may touch.
const DOC_EXTENSIONS: [&str; 5] = [".md", ".mdx", ".rst", ".txt", ".adoc"];

/// How many paths a commit-level finding names before "and N more".
const MAX_LISTED: usize = 5;

/// The commit-level rules: completion commits touching code, planning files committed against
/// the wish the project stated at that commit.
/// A docs commit may change what its own plan declares: a docs plan's `mkdocs.yml`.
pub fn check_commits(
    commits: &[CommitFacts],
    plans: &[PlanFacts],
    rules: &DiffRules,
) -> Vec<Finding> {
    let declared: HashMap<&str, Declared<'_>> = plans
        .iter()
        .filter_map(|p| Some((&*p.key, Declared::new(p.files_modified.as_deref()?))))
        .collect();
    let mut out = Vec::new();
    for commit in commits.iter().filter(|c| !c.is_merge && c.in_range) {
        let policy = commit.docs;
        if commit.ty.as_deref() == Some("docs") && !commit.plans.is_empty() {
            // Named by its plan file by file, not by a folder the plan's code also lives in.
            let its_own = |p: &str| {
                commit.plans.iter().any(|k| {
                    declared.get(&**k).is_some_and(|d| {
                        d.covering(p).iter().any(|&i| {
                            crate::fs::normalize_repo_path(&d.raw[i]).as_deref() == Some(p)
                        })
                    })
                })
            };
            let code: Vec<&str> = commit
                .paths
                .iter()
                .filter(|t| !t.deleted || t.from.is_some())
                .map(|t| &*t.path)
                .filter(|p| !rules.in_planning(p) && !is_doc(p) && !its_own(p))
                .collect();
            if !code.is_empty() {
                let scope = commit.scope.as_deref().unwrap_or("plan");
                out.push(
                    Finding::new(
                        &DOCS_COMMIT_TOUCHES_CODE,
                        format!(
                            "docs({scope}) commit changes code outside the planning folder: {}",
                            listing(&code)
                        ),
                    )
                    .at(Location::default().with_commit(&*commit.id))
                    .help(format!(
                        "commit code separately as feat({scope}), fix({scope}) or refactor({scope})"
                    )),
                );
            }
        }
        if policy.commit_docs_false || policy.gitignored {
            let planning: Vec<&str> = commit
                .paths
                .iter()
                .filter(|t| !t.deleted)
                .map(|t| &*t.path)
                .filter(|p| rules.in_planning(p))
                .collect();
            if !planning.is_empty() {
                let why = if policy.commit_docs_false {
                    "config.json says commit_docs: false"
                } else {
                    "the planning folder is ignored by git"
                };
                out.push(
                    Finding::new(
                        &PLANNING_COMMITTED,
                        format!(
                            "commit puts planning files in git while {why}: {}",
                            listing(&planning)
                        ),
                    )
                    .at(Location::default().with_commit(&*commit.id))
                    .help(format!(
                        "`git rm -r --cached {}` keeps them local; or set commit_docs to true",
                        rules.planning_prefix.trim_end_matches('/')
                    )),
                );
            }
        }
    }
    out
}

fn is_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    DOC_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// `a, b, c and 4 more`.
fn listing(paths: &[&str]) -> String {
    let unique: BTreeSet<&str> = paths.iter().copied().collect();
    let shown: Vec<String> = unique
        .iter()
        .take(MAX_LISTED)
        .map(|p| format!("`{p}`"))
        .collect();
    let mut text = shown.join(", ");
    if unique.len() > MAX_LISTED {
        text.push_str(&format!(" and {} more", unique.len() - MAX_LISTED));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> DiffRules {
        DiffRules::new(".planning", &["**/Cargo.lock".into()], false).unwrap()
    }

    fn plan(files: &[&str], summary: bool) -> PlanFacts {
        PlanFacts {
            key: ".planning/phases/02-auth/02-01-PLAN.md".into(),
            id: "02-01".into(),
            files_modified: Some(files.iter().map(|s| s.to_string()).collect()),
            has_summary: summary,
            tdd: false,
        }
    }

    fn commit(id: &str, ty: &str, paths: &[&str]) -> CommitFacts {
        CommitFacts {
            id: id.into(),
            ty: Some(ty.into()),
            plans: vec![".planning/phases/02-auth/02-01-PLAN.md".into()],
            scope: Some("02-01".into()),
            is_merge: false,
            in_range: true,
            paths: paths.iter().map(|p| Touched::new(*p)).collect(),
            docs: DocsPolicy::default(),
        }
    }

    fn ids(findings: &[Finding]) -> Vec<(&str, String)> {
        findings
            .iter()
            .map(|f| (f.rule, f.location.path.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn exact_folder_and_glob_entries_cover_paths() {
        let p = plan(&["./src/auth", "lib\\util.ts", "tests/**/*.ts"], false);
        let c = commit(
            "c1",
            "feat",
            &[
                "src/auth/token.ts",
                "src/authz.ts",
                "lib/util.ts",
                "tests/a/b.ts",
                "tests/a/b.js",
                "Cargo.lock",
                ".planning/STATE.md",
            ],
        );
        let f = check_plans(&[p], &[c], &rules());
        assert_eq!(
            ids(&f),
            vec![
                ("diff/undeclared", "src/authz.ts".into()),
                ("diff/undeclared", "tests/a/b.js".into())
            ]
        );
        assert_eq!(f[0].location.commit.as_deref(), Some("c1"));
        assert_eq!(f[0].location.plan.as_deref(), Some("02-01"));
    }

    #[test]
    fn glob_star_does_not_cross_folders() {
        let p = plan(&["src/*.ts"], false);
        let f = check_plans(
            &[p],
            &[commit("c", "feat", &["src/a/b.ts", "src/c.ts"])],
            &rules(),
        );
        assert_eq!(ids(&f), vec![("diff/undeclared", "src/a/b.ts".into())]);
    }

    #[test]
    fn unkept_promises_only_for_finished_plans() {
        let c = commit("c", "feat", &["src/a.ts"]);
        let unfinished = check_plans(
            &[plan(&["src/a.ts", "src/b.ts"], false)],
            std::slice::from_ref(&c),
            &rules(),
        );
        assert!(unfinished.is_empty(), "{unfinished:?}");
        let finished = check_plans(
            &[plan(&["src/a.ts", "src/b.ts", ".planning/x.md"], true)],
            &[c],
            &rules(),
        );
        assert_eq!(
            ids(&finished),
            vec![("diff/unkept-promise", "src/b.ts".into())]
        );
    }

    #[test]
    fn case_only_difference_is_one_finding() {
        let p = plan(&["src/Auth.ts"], true);
        let f = check_plans(&[p], &[commit("c", "feat", &["src/auth.ts"])], &rules());
        assert_eq!(ids(&f), vec![("diff/case-mismatch", "src/auth.ts".into())]);
    }

    #[test]
    fn a_rename_is_declared_by_either_side() {
        let p = plan(&["src/old.ts"], true);
        let mut c = commit("c", "refactor", &[]);
        c.paths.push(Touched {
            path: "src/new.ts".into(),
            from: Some("src/old.ts".into()),
            deleted: false,
        });
        assert!(check_plans(&[p], &[c], &rules()).is_empty());
    }

    #[test]
    fn a_move_git_saw_as_delete_and_add_is_declared_by_its_destination() {
        let p = plan(&["src/offset/commit_task.rs"], false);
        let mut c = commit("c", "refactor", &["src/offset/commit_task.rs"]);
        c.paths.push(Touched {
            path: "src/coordinator/commit_task.rs".into(),
            from: None,
            deleted: true,
        });
        c.paths.push(Touched {
            path: "src/coordinator/other.rs".into(),
            from: None,
            deleted: true,
        });
        let f = check_plans(&[p], &[c], &rules());
        assert_eq!(
            ids(&f),
            vec![("diff/undeclared", "src/coordinator/other.rs".into())]
        );
    }

    #[test]
    fn merges_count_only_when_configured() {
        let p = plan(&["src/a.ts"], false);
        let mut m = commit("m", "feat", &["src/other.ts"]);
        m.is_merge = true;
        assert!(
            check_plans(std::slice::from_ref(&p), std::slice::from_ref(&m), &rules()).is_empty()
        );
        let with = DiffRules::new(".planning", &[], true).unwrap();
        assert_eq!(check_plans(&[p], &[m], &with).len(), 1);
    }

    #[test]
    fn a_commit_naming_two_plans_is_declared_by_either() {
        let a = plan(&["src/a.ts"], false);
        let mut b = plan(&["src/b.ts"], false);
        b.key = "B".into();
        b.id = "02-02".into();
        let mut c = commit("c", "feat", &["src/a.ts", "src/b.ts", "src/c.ts"]);
        c.plans.push("B".into());
        let f = check_plans(&[a, b], &[c], &rules());
        assert_eq!(ids(&f), vec![("diff/undeclared", "src/c.ts".into())]);
        assert_eq!(f[0].location.plan.as_deref(), Some("02-01"));
    }

    #[test]
    fn older_commits_keep_promises_but_report_nothing_themselves() {
        let p = plan(&["src/a.ts", "src/b.ts"], true);
        let mut old = commit("old", "feat", &["src/a.ts", "src/stray.ts"]);
        old.in_range = false;
        let new = commit("new", "feat", &["src/b.ts"]);
        assert!(check_plans(std::slice::from_ref(&p), &[old.clone(), new], &rules()).is_empty());
        // A plan with only older commits is not checked at all.
        assert!(check_plans(&[p], &[old.clone()], &rules()).is_empty());
        assert!(check_commits(&[old], &[], &rules()).is_empty());
    }

    #[test]
    fn plans_without_a_usable_list_are_skipped() {
        let mut p = plan(&[], true);
        p.files_modified = None;
        assert!(check_plans(&[p], &[commit("c", "feat", &["x"])], &rules()).is_empty());
    }

    #[test]
    fn tdd_plans_need_a_test_commit_first() {
        let mut p = plan(&["src", "tests"], false);
        p.tdd = true;
        let good = [
            commit("t", "test", &["tests/a"]),
            commit("f", "feat", &["src/a"]),
        ];
        assert!(check_plans(&[p.clone()], &good, &rules()).is_empty());
        let bad = [
            commit("f", "feat", &["src/a"]),
            commit("t", "test", &["tests/a"]),
        ];
        let f = check_plans(&[p.clone()], &bad, &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "diff/tdd-order");
        assert_eq!(f[0].location.commit.as_deref(), Some("f"));
        let none = check_plans(&[p], &[commit("f", "feat", &["src/a"])], &rules());
        assert!(
            none[0].message.contains("no test(02-01)"),
            "{}",
            none[0].message
        );
    }

    #[test]
    fn completion_commits_may_touch_planning_and_docs_only() {
        let ok = commit("d", "docs", &[".planning/STATE.md", "README.md"]);
        assert!(check_commits(&[ok], &[], &rules()).is_empty());
        let bad = commit("d", "docs", &[".planning/STATE.md", "src/a.ts"]);
        let f = check_commits(&[bad], &[], &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "diff/docs-commit-touches-code");
        assert!(f[0].message.contains("`src/a.ts`"));
        // A docs plan's own files: `mkdocs.yml` is its work.
        let docs_plan = plan(&["mkdocs.yml", "src"], false);
        let own = commit("d", "docs", &["mkdocs.yml", "docs/a.md"]);
        assert!(check_commits(&[own], std::slice::from_ref(&docs_plan), &rules()).is_empty());
        // A folder of the plan's code is no licence: the code belongs in a feat commit.
        let sneaky = commit("d", "docs", &["src/a.ts"]);
        assert_eq!(check_commits(&[sneaky], &[docs_plan], &rules()).len(), 1);
    }

    #[test]
    fn planning_files_committed_against_the_policy() {
        let mut c = commit("p", "docs", &[".planning/STATE.md"]);
        c.plans.clear();
        let mut deleting = commit("q", "chore", &[]);
        deleting.paths.push(Touched {
            path: ".planning/old.md".into(),
            from: None,
            deleted: true,
        });
        let mut all = [c, deleting];
        assert!(check_commits(&all, &[], &rules()).is_empty());
        let policy = DocsPolicy {
            commit_docs_false: true,
            gitignored: false,
        };
        for c in &mut all {
            c.docs = policy;
        }
        let f = check_commits(&all, &[], &rules());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "diff/planning-committed");
        assert_eq!(f[0].location.commit.as_deref(), Some("p"));
    }

    #[test]
    fn listing_caps_long_lists() {
        let many = ["a", "b", "c", "d", "e", "f", "g"];
        assert_eq!(listing(&many), "`a`, `b`, `c`, `d`, `e` and 2 more");
    }
}
