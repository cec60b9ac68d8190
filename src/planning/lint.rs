//! The checks of `planlint plans`: pure functions from the discovered layout and the loaded
//! documents to findings. Per-document findings were made when each document was read; this
//! module adds what needs several documents: ids that collide, depends_on that resolve (and do
//! not loop), waves that respect dependencies and do not share files, summaries that stay
//! within their plan's requirements, and the limits on tasks and files.
//!
//! Archived phases (`milestones/`) are history: they take part in lookups but are not linted.

use std::collections::{HashMap, HashSet};

use crate::config::PlansConfig;
use crate::finding::{Finding, Location, Severity};

use super::declared::{FilesModified, MAX_ENTRIES};
use super::id::{PhaseId, PlanId};
use super::layout::{Lookup, Phase, PlanFile, Planning};
use super::load::Loaded;
use super::plan::{DepTarget, Dependency, Plan};
use super::rules;

/// Which plans a run looks at: all current ones, or those of one phase.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub phase: Option<&'a PhaseId>,
    /// The project keeps its plans out of git (`.gitignore`, `commit_docs: false`): what is
    /// here may be a checkout of what was committed, SUMMARYs without their plans.
    pub plans_kept_out: bool,
}

impl Scope<'_> {
    fn covers(&self, phase: &Phase) -> bool {
        !phase.area.is_archived() && self.phase.is_none_or(|p| *p == phase.id)
    }
}

/// Lints the plans in `scope`.
pub fn lint(
    planning: &Planning,
    loaded: &Loaded,
    limits: &PlansConfig,
    scope: Scope<'_>,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = planning.problems().to_vec();
    let phases: Vec<&Phase> = planning
        .phases()
        .iter()
        .map(|p| &**p)
        .filter(|p| scope.covers(p))
        .collect();
    if scope.phase.is_none() {
        out.extend(planning.stray_dirs().iter().map(|d| {
            Finding::new(
                &rules::PLAN_FILE_NAME,
                format!(
                    "folder `{d}` does not start with a phase number; plans in it are not found"
                ),
            )
            .at(Location::path(d))
            .help("name phase folders `NN-slug`, e.g. `02-auth`")
        }));
        for prp in &loaded.prp {
            out.extend(prp.findings.iter().cloned());
        }
    }
    let current: Vec<&Plan> = planning
        .plans()
        .filter(|f| !f.area.is_archived())
        .filter_map(|f| loaded.plan(f))
        .collect();
    let graph = Graph::new(planning, &current);
    // `requirements:` is asked for only where the project traces plans to requirements: some
    // plan, current or archived, names one. A history that never used the field is not told
    // on every plan that it lacks it.
    // And a phase whose ROADMAP section names no requirement (one from the backlog, one of
    // decisions) has none to list.
    let traces = loaded.plans.iter().any(|p| !p.requirements.is_empty());
    let roadmap = planning
        .read(&format!("{}/ROADMAP.md", planning.dir()))
        .unwrap_or_default();
    for phase in &phases {
        layout_findings(planning, phase, scope.plans_kept_out, &mut out);
        for file in &phase.plans {
            let Some(plan) = loaded.plan(file) else {
                continue;
            };
            out.extend(plan.findings.iter().cloned());
            if !plan.has_frontmatter() {
                continue;
            }
            counts(plan, limits, &mut out);
            patterns(plan, &mut out);
            if traces
                && plan.requirements.is_empty()
                && !file.is_quick()
                && super::roadmap::phase_names_requirements(&roadmap, &phase.id) != Some(false)
            {
                out.push(no_requirements(plan));
            }
            graph.dependencies(planning, plan, &mut out);
            if let Some(summary) = loaded.summary_of(file) {
                out.extend(summary.findings.iter().cloned());
                requirements(plan, summary, &mut out);
            }
        }
        for (_, path) in &phase.orphan_summaries {
            if let Some(s) = loaded.summaries.iter().find(|s| &s.path == path) {
                out.extend(s.findings.iter().cloned());
            }
        }
        if let Some(v) = phase
            .verification
            .as_deref()
            .and_then(|p| loaded.verification(p))
        {
            out.extend(v.findings.iter().cloned());
        }
        wave_conflicts(phase, loaded, &graph, &mut out);
    }
    graph.cycles(&phases, &mut out);
    // Quick tasks' plans: their own frontmatter (when they have one), and their summaries.
    if scope.phase.is_none() {
        for file in planning.quick_plans() {
            if let Some(plan) = loaded.plan(file) {
                out.extend(plan.findings.iter().cloned());
            }
            if let Some(summary) = loaded.summary_of(file) {
                out.extend(summary.findings.iter().cloned());
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.location.path, a.location.line).cmp(&(&b.location.path, b.location.line))
    });
    out
}

/// Names and ids in one phase folder.
fn layout_findings(planning: &Planning, phase: &Phase, kept_out: bool, out: &mut Vec<Finding>) {
    if !phase.id.is_canonical() {
        let fixed = format!("{}{}", phase.id, &phase.name[phase.id.raw().len()..]);
        out.push(
            Finding::new(
                &rules::PLAN_FILE_NAME,
                format!(
                    "phase folder `{}` is not padded: GSD writes `{fixed}`",
                    phase.name
                ),
            )
            .at(Location::path(&phase.dir))
            .suggestion(fixed),
        );
    }
    for path in &phase.stray_plans {
        out.push(
            Finding::new(
                &rules::PLAN_FILE_NAME,
                format!("`{path}` is named like a plan but its name holds no plan id"),
            )
            .at(Location::path(path))
            .help("name plans `NN-MM-PLAN.md` (or `NN-MM-slug-PLAN.md`), e.g. `02-01-PLAN.md`"),
        );
    }
    let mut seen = HashSet::new();
    for file in &phase.plans {
        if !seen.insert(&file.id) {
            continue;
        }
        match planning.find_plan(&file.id) {
            Lookup::Ambiguous(all) if all.first().is_some_and(|f| f.path == file.path) => {
                let paths: Vec<String> = all.iter().map(|f| format!("`{}`", f.path)).collect();
                out.push(
                    Finding::new(
                        &rules::PLAN_DUPLICATE_ID,
                        format!(
                            "plan id {} is used by {} files: {}",
                            file.id,
                            all.len(),
                            paths.join(", ")
                        ),
                    )
                    .at(Location::path(&all[1].path).with_plan(file.id.to_string()))
                    .help("renumber one of them; commit scopes cannot tell them apart"),
                );
            }
            _ => {}
        }
        for old in planning.shadowed(&file.id) {
            out.push(
                Finding::new(
                    &rules::PLAN_SHADOWED_ID,
                    format!(
                        "plan {} also exists in the archive at `{}`; lookups use `{}`",
                        file.id, old.path, file.path
                    ),
                )
                .at(Location::path(&file.path).with_plan(file.id.to_string())),
            );
        }
    }
    // Where the project keeps plans out of git, GSD's tools may commit a SUMMARY alone: its
    // plan is on the author's machine, not missing.
    for (id, path) in phase.orphan_summaries.iter().filter(|_| !kept_out) {
        out.push(
            Finding::new(
                &rules::SUMMARY_ORPHAN,
                format!("`{path}` summarises plan {id}, which has no PLAN.md in this folder"),
            )
            .at(Location::path(path).with_plan(id.to_string())),
        );
    }
}

/// `plan/no-requirements` for one plan.
fn no_requirements(plan: &Plan) -> Finding {
    plan.finding(
        &rules::PLAN_NO_REQUIREMENTS,
        format!("plan {} names no requirements", plan.file.name()),
        plan.span_of("requirements"),
    )
    .help("list the requirement ids this plan delivers, e.g. `requirements: [AUTH-07]`; other plans of this project do")
}

/// Task and file counts against the configured limits.
fn counts(plan: &Plan, limits: &PlansConfig, out: &mut Vec<Finding>) {
    let checks = [
        (
            &rules::PLAN_TOO_MANY_TASKS,
            plan.tasks,
            limits.max_tasks_warning,
            limits.max_tasks_error,
            "tasks",
            None,
        ),
        (
            &rules::PLAN_TOO_MANY_FILES,
            plan.files_modified.len(),
            limits.max_files_warning,
            limits.max_files_error,
            "files in files_modified",
            plan.span_of("files_modified"),
        ),
    ];
    for (rule, n, warn, error, what, span) in checks {
        let severity = if n >= error {
            Severity::Error
        } else if n >= warn {
            Severity::Warning
        } else {
            continue;
        };
        let cut = if std::ptr::eq(rule, &rules::PLAN_TOO_MANY_FILES) && n > MAX_ENTRIES {
            format!("; only the first {MAX_ENTRIES} are matched against commits")
        } else {
            String::new()
        };
        out.push(
            plan.finding(
                rule,
                format!(
                    "plan {} has {n} {what} (warning from {warn}, error from {error}){cut}",
                    plan.id()
                ),
                span,
            )
            .severity(severity)
            .help("split the plan: GSD keeps plans small enough for one fresh context"),
        );
    }
}

/// `key_links[].pattern` must be a regex planlint (and the verifier) can run.
fn patterns(plan: &Plan, out: &mut Vec<Finding>) {
    for link in &plan.must_haves.key_links {
        let Some(pattern) = &link.pattern else {
            continue;
        };
        let problem = link
            .pattern_problem
            .clone()
            .or_else(|| super::plan::link_pattern_problem(pattern));
        if let Some(reason) = problem {
            out.push(
                plan.finding(
                    &rules::PLAN_PATTERN,
                    format!("plan {}: key_links pattern `{pattern}` is not a valid regex: {reason}", plan.id()),
                    link.pattern_span,
                )
                .label(reason)
                .help("escape regex metacharacters with `\\` inside single quotes; look-around and back-references are not supported"),
            );
        }
    }
}

/// `requirements-completed` within the plan's `requirements`.
fn requirements(plan: &Plan, summary: &super::summary::Summary, out: &mut Vec<Finding>) {
    if plan.requirements.is_empty() {
        return;
    }
    for (req, span) in &summary.requirements_completed {
        if !plan.requirements.iter().any(|r| r == req.trim()) {
            let f = Finding::new(
                &rules::SUMMARY_UNPLANNED_REQUIREMENT,
                format!(
                    "summary of {} completes `{req}`, which plan {} does not list (it lists {})",
                    plan.id(),
                    plan.id(),
                    plan.requirements.join(", ")
                ),
            )
            .at(Location::path(&summary.path).with_plan(plan.id().to_string()))
            .spanned(&summary.doc.source, *span);
            out.push(f);
        }
    }
}

/// Plans of one wave in one folder must not declare overlapping files.
fn wave_conflicts(phase: &Phase, loaded: &Loaded, graph: &Graph<'_>, out: &mut Vec<Finding>) {
    let mut by_wave: HashMap<u32, Vec<Declared<'_>>> = HashMap::new();
    for file in &phase.plans {
        let Some(plan) = loaded.plan(file) else {
            continue;
        };
        let Some(wave) = plan.wave else {
            continue;
        };
        let declared = FilesModified::new(&plan.files_modified);
        by_wave.entry(wave).or_default().push((plan, declared));
    }
    let mut waves: Vec<_> = by_wave.into_iter().collect();
    waves.sort_by_key(|(w, _)| *w);
    for (wave, plans) in waves {
        for (j, (later, later_files)) in plans.iter().enumerate() {
            for (earlier, earlier_files) in &plans[..j] {
                let mut shared = Vec::new();
                let mut first_span = None;
                for bi in later_files.overlapping(earlier_files) {
                    shared.push(format!("`{}`", later.files_modified[bi]));
                    first_span = first_span.or(later.files_spans.get(bi).copied());
                }
                if shared.is_empty() {
                    continue;
                }
                let shown = shared.len().min(5);
                let more = if shared.len() > shown {
                    format!(" and {} more", shared.len() - shown)
                } else {
                    String::new()
                };
                out.push(
                    later
                        .finding(
                            &rules::PLAN_WAVE_CONFLICT,
                            format!(
                                "plans {} and {} are both in wave {wave} and both modify {}{more}",
                                earlier.id(),
                                later.id(),
                                shared[..shown].join(", ")
                            ),
                            first_span,
                        )
                        .help(conflict_help(graph, earlier, later, wave)),
                );
            }
        }
    }
}

/// How to untangle two plans of one wave that share files. When one already depends on the
/// other, the dependency is there and only its wave is wrong (SPEC §2: a plan's wave is above
/// its dependencies'); telling it to add the dependency would send the person in a circle.
fn conflict_help(graph: &Graph<'_>, earlier: &Plan, later: &Plan, wave: u32) -> String {
    let waiting = if graph.reaches(later, earlier) {
        Some((later, earlier))
    } else if graph.reaches(earlier, later) {
        Some((earlier, later))
    } else {
        None
    };
    match waiting {
        Some((plan, dep)) => format!(
            "plan {} already depends on {}, so it must run in a later wave: raise its wave above {wave}",
            plan.id(),
            dep.id()
        ),
        None => format!(
            "move plan {} to a later wave and make it depend on {}",
            later.id(),
            earlier.id()
        ),
    }
}

/// A plan and its compiled files_modified.
type Declared<'a> = (&'a Plan, FilesModified);

/// The depends_on graph of the current plans.
struct Graph<'a> {
    plans: Vec<&'a Plan>,
    index: HashMap<&'a str, usize>,
    /// For each plan, the plans it depends on (indices into `plans`).
    edges: Vec<Vec<usize>>,
}

impl<'a> Graph<'a> {
    fn new(planning: &'a Planning, plans: &[&'a Plan]) -> Graph<'a> {
        let index: HashMap<&str, usize> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path(), i))
            .collect();
        // A plan naming itself is reported as such by `dependencies`, not as a loop.
        let edges = plans
            .iter()
            .enumerate()
            .map(|(me, p)| {
                p.depends_on
                    .iter()
                    .filter_map(|d| resolve(planning, p, d))
                    .flatten()
                    .filter_map(|f| index.get(f.path.as_str()).copied())
                    .filter(|&d| d != me)
                    .collect()
            })
            .collect();
        Graph {
            plans: plans.to_vec(),
            index,
            edges,
        }
    }

    /// Whether `from` depends on `to`, directly or through other plans.
    fn reaches(&self, from: &Plan, to: &Plan) -> bool {
        let (Some(&from), Some(&to)) = (self.index.get(from.path()), self.index.get(to.path()))
        else {
            return false;
        };
        let mut seen = vec![false; self.plans.len()];
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            for &next in &self.edges[at] {
                if next == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[next], true) {
                    stack.push(next);
                }
            }
        }
        false
    }

    /// Unresolved and self-naming entries, and wave order, for one plan.
    fn dependencies(&self, planning: &Planning, plan: &Plan, out: &mut Vec<Finding>) {
        for dep in &plan.depends_on {
            if let Some(files) = resolve(planning, plan, dep) {
                // `depends_on: ["04"]` in plan 04-04 (or in any plan of phase 04, read as the
                // phase) names the plan itself: a loop of one, said plainly.
                if files.iter().any(|f| f.path == plan.path()) {
                    out.push(
                        plan.finding(
                            &rules::PLAN_DEPENDS_CYCLE,
                            format!(
                                "plan {} depends on itself: its depends_on entry `{}` includes {}",
                                plan.id(),
                                dep.raw,
                                plan.id()
                            ),
                            Some(dep.span),
                        )
                        .help(format!(
                            "remove `{}` from depends_on, or name only the plans it waits for: a plan cannot wait for itself",
                            dep.raw
                        )),
                    );
                }
                continue;
            }
            let mut f = plan.finding(
                &rules::PLAN_DEPENDS_UNRESOLVED,
                match dep.target {
                    DepTarget::Invalid => format!(
                        "plan {}: depends_on entry `{}` is not a plan id",
                        plan.id(),
                        dep.raw
                    ),
                    _ => format!(
                        "plan {}: depends_on entry `{}` names no plan",
                        plan.id(),
                        dep.raw
                    ),
                },
                Some(dep.span),
            );
            let suggestion = planning
                .suggest(&dep.raw)
                .filter(|s| *s != plan.id().to_string());
            if let Some(s) = suggestion {
                f = f.help(format!("did you mean {s}?"));
            }
            out.push(f);
        }
        let (Some(wave), Some(&me)) = (plan.wave, self.index.get(plan.path())) else {
            return;
        };
        let blocking = self.edges[me]
            .iter()
            .map(|&d| self.plans[d])
            .filter(|d| d.file.phase_dir == plan.file.phase_dir && d.path() != plan.path())
            .filter_map(|d| d.wave.map(|w| (w, d)))
            .max_by_key(|(w, d)| (*w, d.id().clone()));
        if let Some((dep_wave, dep)) = blocking {
            if wave <= dep_wave {
                out.push(
                    plan.finding(
                        &rules::PLAN_WAVE_ORDER,
                        format!(
                            "plan {} is in wave {wave} but depends on {} (wave {dep_wave}): its wave must be at least {}",
                            plan.id(),
                            dep.id(),
                            dep_wave + 1
                        ),
                        plan.span_of("wave"),
                    )
                    .suggestion(format!("wave: {}", dep_wave + 1)),
                );
            }
        }
    }

    /// Every cycle once, reported at its first plan, when one of its plans is in scope.
    fn cycles(&self, phases: &[&Phase], out: &mut Vec<Finding>) {
        // Peel off plans that depend on nothing left; what remains is on or behind a cycle.
        let n = self.plans.len();
        let mut remaining: Vec<usize> = self.edges.iter().map(Vec::len).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (from, deps) in self.edges.iter().enumerate() {
            for &to in deps {
                dependents[to].push(from);
            }
        }
        let mut queue: Vec<usize> = (0..n).filter(|&i| remaining[i] == 0).collect();
        let mut done = vec![false; n];
        while let Some(i) = queue.pop() {
            done[i] = true;
            for &d in &dependents[i] {
                remaining[d] -= 1;
                if remaining[d] == 0 {
                    queue.push(d);
                }
            }
        }
        let dirs: HashSet<&str> = phases.iter().map(|p| p.dir.as_str()).collect();
        let mut visited = vec![false; n];
        for start in 0..n {
            if done[start] || visited[start] {
                continue;
            }
            // Walk undone successors until a plan repeats: every undone plan has one.
            let mut path: Vec<usize> = Vec::new();
            let mut on_path: HashMap<usize, usize> = HashMap::new();
            let mut at = start;
            let cycle = loop {
                if let Some(&pos) = on_path.get(&at) {
                    break Some(path[pos..].to_vec());
                }
                if visited[at] {
                    break None;
                }
                visited[at] = true;
                on_path.insert(at, path.len());
                path.push(at);
                match self.edges[at].iter().find(|&&d| !done[d]) {
                    Some(&next) => at = next,
                    None => break None,
                }
            };
            let Some(cycle) = cycle else {
                continue;
            };
            if !cycle
                .iter()
                .any(|&i| dirs.contains(self.plans[i].file.phase_dir.as_str()))
            {
                continue;
            }
            let first = cycle
                .iter()
                .copied()
                .min_by_key(|&i| self.plans[i].id().clone());
            let Some(first) = first else {
                continue;
            };
            let pos = cycle.iter().position(|&i| i == first).unwrap_or(0);
            let mut ids: Vec<String> = cycle[pos..]
                .iter()
                .chain(&cycle[..pos])
                .map(|&i| self.plans[i].id().to_string())
                .collect();
            ids.push(self.plans[first].id().to_string());
            let plan = self.plans[first];
            out.push(
                plan.finding(
                    &rules::PLAN_DEPENDS_CYCLE,
                    format!("depends_on forms a cycle: {}", ids.join(" -> ")),
                    plan.span_of("depends_on"),
                )
                .help("remove one of these dependencies; the plans can never start"),
            );
        }
    }
}

/// The plan files a depends_on entry names, or `None` when it names nothing.
fn resolve<'p>(planning: &'p Planning, plan: &Plan, dep: &Dependency) -> Option<Vec<&'p PlanFile>> {
    let found = |l: Lookup<'p>| match l {
        Lookup::Found(f) => Some(vec![f]),
        Lookup::Ambiguous(v) => Some(v),
        Lookup::NotFound => None,
    };
    match &dep.target {
        DepTarget::Plan(id) => found(planning.find_plan(id)),
        DepTarget::Bare(p) => {
            let same_phase =
                (p.decimals().is_empty() && p.letter().is_none() && p.code().is_none())
                    .then(|| PlanId::new(plan.id().phase.clone(), p.number()))
                    .and_then(|id| found(planning.find_plan(&id)));
            same_phase.or_else(|| match planning.find_phase(p) {
                Lookup::Found(ph) => Some(ph.plans.iter().collect()),
                Lookup::Ambiguous(v) => Some(v.iter().flat_map(|ph| ph.plans.iter()).collect()),
                Lookup::NotFound => None,
            })
        }
        DepTarget::Invalid => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)], scope: Option<&str>) -> Vec<Finding> {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let planning = Planning::discover(dir.path(), ".planning");
        let loaded = planning.load_all();
        let phase = scope.map(|s| PhaseId::parse(s).unwrap());
        lint(
            &planning,
            &loaded,
            &PlansConfig::default(),
            Scope {
                phase: phase.as_ref(),
                plans_kept_out: false,
            },
        )
    }

    fn plan(wave: u32, deps: &str, files: &str) -> String {
        format!(
            "---\nphase: 1\nplan: 1\ntype: execute\nwave: {wave}\ndepends_on: [{deps}]\nfiles_modified: [{files}]\n\
autonomous: true\nrequirements: [R-1]\nmust_haves:\n  truths: [x]\n---\n"
        )
    }

    fn rules_of(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_clean_phase_is_clean() {
        let f = run(
            &[
                (".planning/phases/01-a/01-01-PLAN.md", &plan(1, "", "a.ts")),
                (".planning/phases/01-a/01-02-PLAN.md", &plan(1, "", "b.ts")),
                (
                    ".planning/phases/01-a/01-03-PLAN.md",
                    &plan(2, "\"01-01\", 2", "a.ts"),
                ),
            ],
            None,
        );
        let f: Vec<_> = f
            .into_iter()
            .filter(|f| f.rule != "plan/id-mismatch")
            .collect();
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn cycles_wave_order_and_unresolved() {
        let f = run(
            &[
                (
                    ".planning/phases/01-a/01-01-PLAN.md",
                    &plan(1, "\"01-02\"", "a.ts"),
                ),
                (
                    ".planning/phases/01-a/01-02-PLAN.md",
                    &plan(1, "\"01-01\"", "b.ts"),
                ),
                (
                    ".planning/phases/01-a/01-03-PLAN.md",
                    &plan(1, "\"01-04\", nonsense", "c.ts"),
                ),
            ],
            None,
        );
        let cycle: Vec<&Finding> = f
            .iter()
            .filter(|f| f.rule == "plan/depends-cycle")
            .collect();
        assert_eq!(cycle.len(), 1);
        assert!(
            cycle[0].message.ends_with("01-01 -> 01-02 -> 01-01"),
            "{}",
            cycle[0].message
        );
        assert_eq!(f.iter().filter(|f| f.rule == "plan/wave-order").count(), 2);
        let unresolved: Vec<&Finding> = f
            .iter()
            .filter(|f| f.rule == "plan/depends-unresolved")
            .collect();
        assert_eq!(unresolved.len(), 2);
        // 01-03 is the closest id, but a plan cannot mean itself.
        assert_eq!(unresolved[0].suggestion.as_deref(), None);
        assert!(unresolved[1].message.contains("not a plan id"));
    }

    #[test]
    fn same_wave_plans_must_not_share_files() {
        let f = run(
            &[
                (
                    ".planning/phases/01-a/01-01-PLAN.md",
                    &plan(1, "", "src/api, x.ts"),
                ),
                (
                    ".planning/phases/01-a/01-02-PLAN.md",
                    &plan(1, "", "src/api/a.ts, y.ts"),
                ),
                (
                    ".planning/phases/01-a/01-03-PLAN.md",
                    &plan(1, "", "\"src/**/*.rs\""),
                ),
                (
                    ".planning/phases/01-a/01-04-PLAN.md",
                    &plan(1, "", "src/lib.rs, src/apiv2.ts"),
                ),
            ],
            None,
        );
        let c: Vec<&str> = f
            .iter()
            .filter(|f| f.rule == "plan/wave-conflict")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            c,
            [
                "plans 01-01 and 01-02 are both in wave 1 and both modify `src/api/a.ts`",
                "plans 01-03 and 01-04 are both in wave 1 and both modify `src/lib.rs`",
            ]
        );
    }

    #[test]
    fn duplicates_shadows_orphans_and_names() {
        let f = run(
            &[
                (".planning/phases/01-a/01-01-PLAN.md", &plan(1, "", "a.ts")),
                (
                    ".planning/phases/01-a/01-01-redo-PLAN.md",
                    &plan(1, "", "b.ts"),
                ),
                (
                    ".planning/phases/01-a/01-05-SUMMARY.md",
                    "---\nphase: 1\nplan: 5\nkey-files: []\n---\n",
                ),
                (".planning/phases/2-b/02-01-PLAN.md", &plan(1, "", "c.ts")),
                (".planning/phases/2-b/PLAN.md", "x"),
                (".planning/phases/misc/notes.md", "x"),
                (
                    ".planning/milestones/v1.0-phases/02-old/02-01-PLAN.md",
                    "no frontmatter",
                ),
            ],
            None,
        );
        let r = rules_of(&f);
        assert!(r.contains(&"plan/duplicate-id"), "{r:?}");
        assert!(r.contains(&"plan/shadowed-id"), "{r:?}");
        assert!(r.contains(&"summary/orphan"), "{r:?}");
        assert_eq!(
            r.iter().filter(|r| **r == "plan/file-name").count(),
            2,
            "{r:?}"
        );
        // The archived plan has no frontmatter, but archived plans are not linted; the current
        // `PLAN.md` is the phase's plan (GSD counts it) and is.
        let bare: Vec<_> = f
            .iter()
            .filter(|f| f.rule == "plan/no-frontmatter")
            .collect();
        assert_eq!(bare.len(), 1, "{r:?}");
        assert_eq!(
            bare[0].location.path.as_deref(),
            Some(".planning/phases/2-b/PLAN.md")
        );
        let dup = f.iter().find(|f| f.rule == "plan/duplicate-id").unwrap();
        assert!(dup.message.contains(".planning/phases/01-a/01-01-PLAN.md"));
        assert!(dup
            .message
            .contains(".planning/phases/01-a/01-01-redo-PLAN.md"));
        let pad = f.iter().find(|f| f.message.contains("not padded")).unwrap();
        assert_eq!(pad.suggestion.as_deref(), Some("02-b"));
    }

    #[test]
    fn counts_patterns_and_requirements() {
        let mut big = plan(1, "", "a1, a2, a3, a4, a5, a6, a7, a8, a9, a10");
        big = big.replace("must_haves:\n  truths: [x]\n", "must_haves:\n  key_links:\n    - from: a\n      to: b\n      pattern: '(?<=x)y'\n    - from: a\n      to: b\n      pattern: 'ok\\.'\n");
        big.push_str("<task>1</task><task>2</task><task>3</task><task>4</task><task>5</task>\n");
        let f = run(
            &[
                (".planning/phases/01-a/01-01-PLAN.md", &big),
                (
                    ".planning/phases/01-a/01-01-SUMMARY.md",
                    "---\nphase: 1\nplan: 1\nkey-files: []\nrequirements-completed: [R-1, R-9]\n---\n",
                ),
            ],
            None,
        );
        let tasks = f.iter().find(|f| f.rule == "plan/too-many-tasks").unwrap();
        assert_eq!(tasks.severity, Severity::Error);
        let files = f.iter().find(|f| f.rule == "plan/too-many-files").unwrap();
        assert_eq!(files.severity, Severity::Warning);
        let pats: Vec<&Finding> = f.iter().filter(|f| f.rule == "plan/pattern").collect();
        assert_eq!(pats.len(), 1);
        assert!(pats[0].message.contains("(?<=x)y"));
        let req = f
            .iter()
            .find(|f| f.rule == "summary/unplanned-requirement")
            .unwrap();
        assert!(req.message.contains("`R-9`"));
    }

    #[test]
    fn scope_limits_to_one_phase() {
        let files = [
            (
                ".planning/phases/01-a/01-01-PLAN.md",
                "no frontmatter".to_string(),
            ),
            (".planning/phases/02-b/02-01-PLAN.md", plan(1, "", "a.ts")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        assert!(rules_of(&run(&files, None)).contains(&"plan/no-frontmatter"));
        assert!(!rules_of(&run(&files, Some("2"))).contains(&"plan/no-frontmatter"));
    }
}
