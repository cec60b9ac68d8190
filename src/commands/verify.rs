//! `planlint verify [PHASE | PLAN]`: a phase's (or one plan's) must_haves against the work
//! tree and the history, as GSD's `{phase}-VERIFICATION.md`.
//!
//! This is the edge: it picks the target, reads plans, SUMMARYs and the files the checks look
//! into (bounded, never outside the repository), runs the range check over the phase's commits,
//! looks for references to each artifact in the work tree, and hands all of it to
//! [`crate::check::verify`], which decides. The report is printed, or saved with `--write`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::check::verify::{
    self, ArtifactSpec, CitedCommit, FileText, Inputs, KeyFile, LinkSpec, PlanInput, Referrers,
    SummaryInput, UnreadMustHaves,
};
use crate::cli::{CheckToggles, VerifyArgs};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::git::range::Revisions;
use crate::git::{RangeSpec, Repo};
use crate::outcome::{Document, Outcome};
use crate::planning::yaml::{Node, Yaml};
use crate::planning::{Lookup, Phase, PhaseId, Plan, PlanFile, PlanId, Planning, Summary};

use super::Context;

/// Files larger than this are not read for verification (artifacts, references, tests).
const MAX_VERIFY_FILE: u64 = 2 << 20;

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<Outcome> {
    let root = ctx.require_root()?.to_path_buf();
    let planning = Planning::discover(&root, &ctx.config.planning_dir);
    if !planning.exists() {
        return Err(Error::usage_help(
            format!("no {}/ found: nothing to verify", ctx.config.planning_dir),
            "planlint verify checks a GSD phase's must_haves; run it in a repository with plans",
        ));
    }
    let mut history = History::read(ctx, &root, &planning)?;
    let target = Target::resolve(&planning, args.target.as_deref(), &history)?;
    let mut outcome = Outcome {
        subject: target.subject(),
        ..Outcome::default()
    };

    let loaded: Vec<(Plan, Option<Summary>)> = target
        .plans
        .iter()
        .map(|f| (planning.load_plan(f), planning.load_summary(f)))
        .collect();
    history.check_plans(ctx, &root, &target.plans)?;
    outcome.notes.extend(history.notes.iter().cloned());

    let mut plans: Vec<PlanInput> = loaded
        .iter()
        .map(|(plan, summary)| plan_input(plan, summary.as_ref(), &history))
        .collect();
    for p in &mut plans {
        p.touched.sort();
        p.touched.dedup();
    }
    let files = read_needed(&root, &plans);
    let artifacts: Vec<String> = plans
        .iter()
        .flat_map(|p| p.artifacts.iter().map(|a| a.path.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let referrers = find_referrers(&root, &ctx.config.planning_dir, &artifacts);
    let tests = read_tests(ctx, &root, &plans);

    // The phase's commits went through the diff and anti-pattern checks; the anti-patterns are
    // then judged on the work tree: the artifacts and the files the phase touched, scanned whole.
    let scanned = scan_work_tree(ctx, &files, &artifacts, &plans)?;
    // Severities from `[rules]` before the report is built: a rule the project turned off must
    // not show up in its tables (the command's findings get the same treatment at the end).
    let findings = ctx.config.apply_severities(verify::as_it_stands(
        std::mem::take(&mut history.findings),
        &scanned,
        &artifacts,
    ));

    let verified = now_rfc3339();
    let roadmap = planning
        .read(&format!("{}/ROADMAP.md", planning.dir()))
        .ok()
        .map(|text| roadmap_phase(&text, &target.phase.id))
        .unwrap_or_default();
    let (v, verify_findings) = verify::verify(&Inputs {
        phase: &target.phase.name,
        title: roadmap.0.as_deref(),
        goal: roadmap.1.as_deref(),
        verified: &verified,
        plans: &plans,
        files: &files,
        referrers: &referrers,
        findings: &findings,
        tests: &tests,
    });
    outcome.findings = findings;
    outcome.findings.extend(verify_findings);
    let mut written = None;
    if args.write {
        let rel = format!("{}/{}", target.phase.dir, target.report_name());
        let report = crate::report::verification::render(&v);
        write_report(&root, &rel, &report, args.force)?;
        outcome.notes.push(format!(
            "wrote {rel}: status {}, score {}/{}",
            v.status.as_str(),
            v.score.verified,
            v.score.total
        ));
        written = Some(rel);
    }
    outcome.document = Some(Document::Verification {
        verification: Box::new(v),
        written,
    });
    Ok(outcome)
}

/// What git says about the plans: the commits that name each plan, the paths they touched,
/// and the range check's findings over the phase's commits. Everything comes from
/// [`super::check::check_range_facts`], the pipeline every door shares.
struct History {
    repo: Repo,
    /// Plan file path -> ids of the commits naming it, oldest first.
    commits: BTreeMap<String, Vec<String>>,
    /// Plan file path of the newest commit that names a plan.
    newest: Option<String>,
    /// Ids of the commits naming plans, oldest first.
    order: Vec<String>,
    touched: BTreeMap<String, Vec<String>>,
    findings: Vec<Finding>,
    notes: Vec<String>,
}

impl History {
    /// One message-only walk of HEAD's history: which commits name which plans.
    fn read(ctx: &Context, root: &Path, _planning: &Planning) -> Result<History> {
        let repo = Repo::open(root)?;
        let toggles = CheckToggles {
            messages_only: true,
            ..CheckToggles::default()
        };
        let (_, facts) =
            super::check::check_range_facts(ctx, &RangeSpec::new(Revisions::All), &toggles)?;
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
    fn check_plans(&mut self, ctx: &Context, _root: &Path, plans: &[&PlanFile]) -> Result<()> {
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
        let (outcome, facts) = super::check::check_range_facts(
            ctx,
            &RangeSpec::new(revisions),
            &CheckToggles::default(),
        )?;
        // What any plan may change without declaring it (SPEC §4) is not worth a row.
        let planning_prefix = format!("{}/", ctx.config.planning_dir.trim_end_matches('/'));
        let mut allowed = globset::GlobSetBuilder::new();
        for g in &ctx.config.diff.allowed {
            if let Ok(g) = globset::Glob::new(g) {
                allowed.add(g);
            }
        }
        let allowed = allowed
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty());
        let mut in_phase: BTreeSet<&str> = BTreeSet::new();
        for c in &facts {
            for plan in c.plans.iter().filter(|p| keys.contains(&***p)) {
                in_phase.insert(&c.id);
                self.touched.entry(plan.to_string()).or_default().extend(
                    c.paths
                        .iter()
                        .map(|t| t.path.to_string())
                        .filter(|p| !p.starts_with(&planning_prefix) && !allowed.is_match(p)),
                );
            }
        }
        self.findings = outcome
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
            outcome
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

    fn newest_plan(&self) -> Option<&str> {
        self.newest.as_deref()
    }

    /// Whether a hash a SUMMARY cites names a commit of this repository.
    fn has_commit(&self, hash: &str) -> bool {
        let hash = hash.to_ascii_lowercase();
        self.repo
            .rev_commit(&hash)
            .is_ok_and(|id| id.to_string().starts_with(&hash))
    }

    fn touched(&self, plan: &str) -> Vec<String> {
        self.touched.get(plan).cloned().unwrap_or_default()
    }

    fn count(&self, plan: &str) -> usize {
        self.commits.get(plan).map_or(0, Vec::len)
    }
}

/// What `verify` was asked about: a phase (all its plans) or one plan.
struct Target<'p> {
    phase: &'p Phase,
    plans: Vec<&'p PlanFile>,
    /// Set when one plan was asked for.
    plan: Option<&'p PlanFile>,
}

impl<'p> Target<'p> {
    fn resolve(planning: &'p Planning, arg: Option<&str>, history: &History) -> Result<Target<'p>> {
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

    fn subject(&self) -> String {
        match self.plan {
            Some(p) => format!("plan {}", p.id),
            None => format!("phase {}", self.phase.name),
        }
    }

    /// `02-VERIFICATION.md` for a phase (GSD's name, with the folder's own spelling of the
    /// number), `02-03-VERIFICATION.md` for one plan, so a plan's report never replaces the
    /// phase's.
    fn report_name(&self) -> String {
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

/// A loaded plan and its SUMMARY, as the verifier's plain input.
fn plan_input(plan: &Plan, summary: Option<&Summary>, history: &History) -> PlanInput {
    let m = &plan.must_haves;
    let artifacts = m
        .artifacts
        .iter()
        .map(|a| ArtifactSpec {
            path: a.path.clone(),
            provides: a.provides.clone(),
            min_lines: a.min_lines,
            contains: a.contains.clone(),
            exports: a.exports.clone(),
        })
        .collect();
    let key_links = m
        .key_links
        .iter()
        .map(|l| {
            if m.legacy {
                LinkSpec {
                    from: l.from.clone(),
                    to: l.to.clone(),
                    via: l.via.clone(),
                    pattern: l.pattern.clone(),
                    described: true,
                }
            } else {
                LinkSpec {
                    from: crate::fs::normalize_repo_path(&l.from).unwrap_or_else(|| l.from.clone()),
                    to: crate::fs::normalize_repo_path(&l.to).unwrap_or_else(|| l.to.clone()),
                    via: l.via.clone(),
                    pattern: l.pattern.clone(),
                    described: false,
                }
            }
        })
        .collect();
    let path = plan.path().to_string();
    PlanInput {
        id: plan.id().to_string(),
        path: path.clone(),
        files_modified: plan.files_modified.clone(),
        truths: m.truths.clone(),
        artifacts,
        key_links,
        summary: summary.map(|s| summary_input(s, history)),
        touched: history.touched(&path),
        commits: history.count(&path),
        unread: plan.must_haves_unread().map(|f| UnreadMustHaves {
            line: f.location.line,
            column: f.location.column,
            problem: f.message.clone(),
            fix: f.suggestion.clone(),
            help: f.help.clone(),
        }),
    }
}

fn summary_input(s: &Summary, history: &History) -> SummaryInput {
    let text = s.doc.text();
    let described = key_file_descriptions(s.doc.root.get_any(&["key-files", "key_files"]), text);
    SummaryInput {
        path: s.path.clone(),
        commits: s
            .commits
            .iter()
            .map(|h| CitedCommit {
                hash: h.clone(),
                found: history.has_commit(h),
            })
            .collect(),
        key_files: s
            .key_files
            .iter()
            .map(|p| KeyFile {
                path: p.clone(),
                description: described.get(p).cloned(),
            })
            .collect(),
        self_check: s.self_check.map(|c| c.passed),
        pending_human: pending_human(s.doc.body()),
    }
}

/// `key-files` entries written `- path: "what it is"` or `path: what` carry a description,
/// which resolves an older plan's wiring descriptions (`"token storage"`).
fn key_file_descriptions(node: Option<&Node>, text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |k: &str, v: &Node| {
        if let (Some(p), Some(d)) = (crate::fs::normalize_repo_path(k), v.scalar_text(text)) {
            out.entry(p).or_insert(d);
        }
    };
    match node.map(|n| &n.value) {
        Some(Yaml::Seq(items)) => {
            for item in items {
                if let Yaml::Map(entries) = &item.value {
                    if item.get("path").is_none() {
                        for (k, v) in entries {
                            add(k, v);
                        }
                    }
                }
            }
        }
        Some(Yaml::Map(entries)) => {
            for (k, v) in entries {
                add(k, v);
            }
        }
        _ => {}
    }
    out
}

/// `Pending human verification: Cookie flags in production` lines of a SUMMARY body.
fn pending_human(body: &str) -> Vec<String> {
    const KEY: &str = "pending human verification";
    body.lines()
        .filter_map(|l| {
            let lower = l.to_ascii_lowercase();
            let at = lower.find(KEY)?;
            let rest = l[at + KEY.len()..]
                .trim_start_matches([':', ' ', '*', '-'])
                .trim();
            (!rest.is_empty()).then(|| rest.to_string())
        })
        .collect()
}

/// The phase's name and goal in ROADMAP.md: `### Phase 2: JWT Implementation` (or
/// `- [ ] **Phase 2: JWT Implementation** - ...`) and the `**Goal**: ...` line after it.
fn roadmap_phase(text: &str, id: &PhaseId) -> (Option<String>, Option<String>) {
    let mut title = None;
    let mut goal = None;
    let mut in_section = false;
    for line in text.lines() {
        let t = line.trim().trim_start_matches(['#', '-', '*', ' ']);
        let t = t
            .strip_prefix("[ ]")
            .or_else(|| t.strip_prefix("[x]"))
            .or_else(|| t.strip_prefix("[X]"))
            .map_or(t, str::trim_start)
            .trim_start_matches('*');
        if let Some(rest) = t.strip_prefix("Phase ") {
            let (num, name) = rest.split_once(':').unwrap_or((rest, ""));
            let same = PhaseId::parse(num.trim()).is_some_and(|p| &p == id);
            let heading = line.trim_start().starts_with('#');
            if same {
                let name = name.split("**").next().unwrap_or("").trim();
                let name = name.split(" - ").next().unwrap_or(name).trim();
                if !name.is_empty() && (title.is_none() || heading) {
                    title = Some(name.to_string());
                }
                in_section = heading;
            } else if heading {
                in_section = false;
            }
            continue;
        }
        if in_section && goal.is_none() {
            let lower = t.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix("goal") {
                let skip = t.len() - rest.len();
                let g = t[skip..].trim_start_matches(['*', ':', ' ']).trim();
                if !g.is_empty() {
                    goal = Some(g.to_string());
                }
            }
        }
    }
    (title, goal)
}

/// Reads a repository file for verification. Never leaves the repository; anything that is
/// not small UTF-8 text is "unreadable" with the reason, not an error.
fn read_file(root: &Path, rel: &str) -> FileText {
    let Some(path) = crate::fs::join_inside(root, rel) else {
        return FileText::Unreadable("not a path inside the repository".into());
    };
    match std::fs::metadata(&path) {
        Err(_) => FileText::Missing,
        Ok(m) if m.is_dir() => FileText::Unreadable("a folder".into()),
        Ok(_) => match crate::fs::read_text(&path, MAX_VERIFY_FILE) {
            Ok(t) => FileText::Text(t),
            Err(Error::TooLarge { limit, .. }) => {
                FileText::Unreadable(format!("over {limit} bytes"))
            }
            Err(Error::NotUtf8 { .. }) => FileText::Unreadable("not UTF-8 text".into()),
            Err(e) => FileText::Unreadable(e.to_string()),
        },
    }
}

/// Every file the checks may look into: artifacts, link ends, key files, and the plan's files
/// (older wiring descriptions resolve to them).
fn read_needed(root: &Path, plans: &[PlanInput]) -> BTreeMap<String, FileText> {
    let mut wanted = BTreeSet::new();
    for p in plans {
        wanted.extend(p.artifacts.iter().map(|a| a.path.clone()));
        for l in p.key_links.iter().filter(|l| !l.described) {
            wanted.insert(l.from.clone());
            wanted.insert(l.to.clone());
        }
        if let Some(s) = &p.summary {
            wanted.extend(s.key_files.iter().map(|k| k.path.clone()));
        }
        wanted.extend(
            p.files_modified
                .iter()
                .filter_map(|f| crate::fs::normalize_repo_path(f))
                .filter(|f| !f.contains(['*', '?', '[', '{'])),
        );
        wanted.extend(p.touched.iter().cloned());
    }
    wanted
        .into_iter()
        .map(|rel| {
            let text = read_file(root, &rel);
            (rel, text)
        })
        .collect()
}

/// Walks the work tree (what git does not ignore) once, looking for references to artifacts.
fn find_referrers(root: &Path, planning_dir: &str, artifacts: &[String]) -> Referrers {
    let mut referrers = Referrers::new(artifacts);
    if artifacts.is_empty() {
        return referrers;
    }
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            continue;
        };
        if !Referrers::considers(&rel, planning_dir) {
            continue;
        }
        if let Ok(text) = crate::fs::read_text(entry.path(), MAX_VERIFY_FILE) {
            referrers.scan(&rel, &text);
        }
    }
    referrers
}

/// Test files the phase changed, for mapping truths to tests.
fn read_tests(ctx: &Context, root: &Path, plans: &[PlanInput]) -> Vec<(String, String)> {
    let mut set = globset::GlobSetBuilder::new();
    for g in &ctx.config.scan.tests {
        if let Ok(g) = globset::Glob::new(g) {
            set.add(g);
        }
    }
    let Ok(set) = set.build() else {
        return Vec::new();
    };
    let paths: BTreeSet<&String> = plans
        .iter()
        .flat_map(|p| p.touched.iter())
        .filter(|p| set.is_match(p.as_str()))
        .collect();
    paths
        .into_iter()
        .filter_map(|p| match read_file(root, p) {
            FileText::Text(t) => Some((p.clone(), t)),
            _ => None,
        })
        .collect()
}

/// The artifacts and the files the plans touched, each scanned whole as the work tree has it,
/// by path. A file that is gone scans to nothing; one that could not be read or scanned (too
/// large, binary, vendored) is left out, so nothing is said about it.
fn scan_work_tree(
    ctx: &Context,
    files: &BTreeMap<String, FileText>,
    artifacts: &[String],
    plans: &[PlanInput],
) -> Result<BTreeMap<String, Vec<Finding>>> {
    let scanner = ctx.scanner()?;
    let paths: BTreeSet<&String> = artifacts
        .iter()
        .chain(plans.iter().flat_map(|p| p.touched.iter()))
        .collect();
    let mut out = BTreeMap::new();
    for path in paths {
        let found = match files.get(path) {
            Some(FileText::Missing) => Vec::new(),
            Some(FileText::Text(t)) => {
                let scan = scanner.scan(path, t.as_bytes(), None);
                if scan.skipped.is_some() {
                    continue;
                }
                scan.findings
            }
            _ => continue,
        };
        out.insert(path.clone(), found);
    }
    Ok(out)
}

fn write_report(root: &Path, rel: &str, report: &str, force: bool) -> Result<()> {
    let path = crate::fs::join_inside(root, rel)
        .ok_or_else(|| Error::usage(format!("{rel} is not a path inside the repository")))?;
    if path.exists() && !force {
        return Err(Error::usage_help(
            format!("{rel} exists"),
            "pass --force to replace it, or leave out --write to print the report",
        ));
    }
    std::fs::write(&path, report).map_err(|e| Error::write(&path, e))
}

/// Now as RFC 3339 UTC; `SOURCE_DATE_EPOCH` fixes it, for reproducible reports and tests.
fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    rfc3339(secs)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (Howard Hinnant's civil-from-days).
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_779_470_750), "2026-05-22T17:25:50Z");
    }

    #[test]
    fn roadmap_gives_the_phase_name_and_goal() {
        let text = "## Phases\n- [x] **Phase 1: Foundation** - setup\n- [ ] **Phase 2: JWT Implementation** - tokens\n\n### Phase 2: JWT Implementation\n**Goal**: Users stay logged in securely\n### Phase 3: OAuth\n**Goal**: Other\n";
        let id = PhaseId::parse("02").unwrap();
        assert_eq!(
            roadmap_phase(text, &id),
            (
                Some("JWT Implementation".into()),
                Some("Users stay logged in securely".into())
            )
        );
        assert_eq!(roadmap_phase("nothing", &id), (None, None));
    }

    #[test]
    fn pending_human_lines_are_found() {
        let body = "## Verification Status\n- New refresh token issued\n- Pending human verification: Cookie flags in production\n";
        assert_eq!(pending_human(body), ["Cookie flags in production"]);
    }
}
