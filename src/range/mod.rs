//! The range engine: what every door that checks commits (`check`, `pre-push`, `ci`,
//! `verify`) runs, with typed options in and findings out. It knows no command line, no
//! terminal and no report format.
//!
//! [`check`] resolves a range and walks its commits once, newest first, streaming. Work is
//! split so no step waits on another: one thread walks and reads commits ([`walk`]) while
//! another lists `.planning/`; this thread lints each message and hands the commit to diff
//! workers ([`diffs`]), which diff it against its first parent and scan its added lines; a
//! loader ([`plans`]) reads each plan the first time a commit names it. At the end each plan's
//! `files_modified` is held against what its commits changed, and the scan findings against
//! what the range's tips still hold.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::thread::Scope;

use gix::ObjectId;
use regex::RegexSet;

use crate::check::relocate::{self, Hit, Now};
use crate::check::{self, CommitFacts, DiffRules, DocsPolicy, PlanFacts, Touched};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Finding, SourceText};
use crate::git::range::{Part, Selection};
use crate::git::{
    Change, ChangeKind, CommitInfo, DiffOptions, Differ, FileAt, FilesAt, RangeSpec, Repo,
};
use crate::message::{self, Comments, MessageContext};
use crate::planning::{PlanFile, Planning};
use crate::scan::Scanner;

mod diffs;
mod plans;
mod skipped;
mod walk;

use diffs::{CommitDiff, DiffPool};
use plans::{commit_facts, PlanLoader};
use skipped::SkipCounts;
use walk::{parallelism, spawn_walker, Walker};

/// Commits between two progress reports.
const PROGRESS_EVERY: usize = 64;

/// How far back past a range's start planlint looks for earlier commits of a plan the range
/// finishes, so promises kept before the range are not reported as broken.
const LOOKBACK_COMMITS: usize = 200;

/// Most names one file is looked for under at the end of a range (itself and what the range
/// renamed it to).
const MAX_NAMES: usize = 8;

/// Consecutive commits a diff worker takes at once: a commit's parent is usually the next
/// commit of the walk, so its trees are still in that worker's caches.
const BATCH: usize = 32;

/// What to do with the commits of a range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Lint the messages only: no diff, no plan read, no scan.
    pub messages_only: bool,
    /// Diff, but do not scan added lines for anti-patterns.
    pub no_scan: bool,
    /// Scan whole changed files, not only the lines the range adds.
    pub whole_files: bool,
    /// Keep what was learnt of each commit ([`Checked::commits`]) even for a messages-only
    /// run, which otherwise keeps nothing.
    pub keep_facts: bool,
}

/// What a walk reports while it runs, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many commits read so far.
    Read(usize),
    /// The walk is over.
    Done,
}

/// What checking a range gave.
#[derive(Debug, Default)]
pub struct Checked {
    /// What the range is called in reports (`main..HEAD`, `the whole history of HEAD`).
    pub label: String,
    pub findings: Vec<Finding>,
    /// One-line notes for the person, in the order they arose.
    pub notes: Vec<String>,
    /// Commits of the range itself.
    pub checked: usize,
    /// What was learnt of each commit, oldest first: the plans its scope names and (unless
    /// messages only) the paths it changed. Empty unless the diff ran or `keep_facts`.
    pub commits: Vec<CommitFacts>,
}

/// Checks the commits of `spec` in the repository at `root`: each message, then (unless
/// `messages_only`) the diff rules and the anti-pattern scan of added lines (unless
/// `no_scan`). `progress` hears how far the walk has got.
pub fn check(
    root: &Path,
    config: &Config,
    spec: &RangeSpec,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Checked> {
    let repo = Repo::open(root)?;
    let selection = repo.resolve(spec)?;
    let mut checked = Checked {
        label: selection.label.clone(),
        notes: selection.notes.clone(),
        ..Checked::default()
    };
    if selection.is_empty() {
        checked.notes.push("nothing to check".into());
        return Ok(checked);
    }
    let settings = Settings::new(root, config, options)?;
    let run = std::thread::scope(|s| -> Result<Run> {
        let planning = s.spawn(|| Arc::new(Planning::discover(root, &config.planning_dir)));
        // Reading commits is most of a messages-only run; with diffs, the diff workers are.
        let readers = if options.messages_only {
            parallelism().min(2)
        } else {
            1
        };
        let walked = spawn_walker(s, &repo, &selection, None, readers);
        let planning = planning
            .join()
            .map_err(|_| Error::internal("the thread listing the planning folder stopped"))?;
        walk_range(
            s, config, &settings, &repo, &planning, walked, &selection, progress,
        )
    })?;
    let tips: Vec<ObjectId> = selection
        .parts
        .iter()
        .flat_map(|p| p.tips.iter().copied())
        .collect();
    finish(root, config, &settings, &repo, &tips, run, &mut checked)?;
    Ok(checked)
}

/// Everything decided once per run.
struct Settings {
    messages_only: bool,
    keep_facts: bool,
    scanner: Option<Scanner>,
    whole_files: bool,
    rules: DiffRules,
    diff: DiffOptions,
    ignore_authors: Option<RegexSet>,
}

impl Settings {
    fn new(root: &Path, config: &Config, options: &Options) -> Result<Settings> {
        let rules = DiffRules::new(
            &config.planning_dir,
            &config.diff.allowed,
            config.diff.attribute_merges,
        )
        .map_err(|e| Error::usage(format!("invalid glob in diff.allowed: {e}")))?;
        let scan = !options.messages_only && !options.no_scan;
        let ignore_authors = if config.message.ignore_authors.is_empty() {
            None
        } else {
            Some(RegexSet::new(&config.message.ignore_authors).map_err(|e| {
                Error::usage(format!("invalid regex in message.ignore-authors: {e}"))
            })?)
        };
        Ok(Settings {
            messages_only: options.messages_only,
            keep_facts: options.keep_facts,
            scanner: scan
                .then(|| Scanner::for_work_tree(&config.scan, root))
                .transpose()?,
            whole_files: options.whole_files || config.scan.whole_files,
            rules,
            diff: DiffOptions {
                renames: config.diff.renames,
                ..DiffOptions::default()
            },
            ignore_authors,
        })
    }
}

/// What the walk gathered.
struct Run {
    planning_exists: bool,
    /// Commits of the range itself.
    checked: usize,
    /// Newest first, as walked.
    commits: Vec<CommitFacts>,
    /// Scan findings, each with its commit's place in the walk and the lines it flagged.
    scan: Vec<Hit>,
    message_findings: Vec<Finding>,
    plans: Vec<PlanFacts>,
    skipped: SkipCounts,
    lossy_messages: usize,
    crossed_shallow: bool,
    unknown_diffs: usize,
}

impl Run {
    /// Puts one commit's diff in place.
    fn absorb(&mut self, diff: CommitDiff) {
        match diff.paths {
            Some(paths) => self.commits[diff.seq].paths = paths,
            None => self.unknown_diffs += 1,
        }
        self.scan.extend(diff.findings);
        self.skipped.add(&diff.skipped);
    }
}

/// The walk of the range itself: messages on this thread, diffs on the workers.
#[allow(clippy::too_many_arguments)]
fn walk_range<'s>(
    s: &'s Scope<'s, '_>,
    config: &Config,
    settings: &'s Settings,
    repo: &Repo,
    planning: &Arc<Planning>,
    mut walked: Walker,
    selection: &Selection,
    progress: &mut dyn FnMut(Progress),
) -> Result<Run> {
    let cx = MessageContext::new(&config.message, Some(planning), Comments::Keep)?;
    // Messages-only runs hold no plan to its promise: nothing to diff, no plan to read.
    let mut loader = (!settings.messages_only).then(|| PlanLoader::start(s, Arc::clone(planning)));
    let mut pool = (!settings.messages_only).then(|| DiffPool::start(s, repo, settings));
    let mut run = Run {
        planning_exists: planning.exists(),
        checked: 0,
        commits: Vec::new(),
        scan: Vec::new(),
        message_findings: Vec::new(),
        plans: Vec::new(),
        skipped: SkipCounts::default(),
        lossy_messages: 0,
        crossed_shallow: false,
        unknown_diffs: 0,
    };
    for info in walked.by_ref() {
        let info = info?;
        run.lossy_messages += usize::from(info.message_lossy);
        if let (Some(pool), Some(loader)) = (pool.as_mut(), loader.as_mut()) {
            if !info.is_merge() || settings.rules.attribute_merges {
                pool.push(run.commits.len(), &info)?;
            }
            let facts = commit_facts(&info, planning, true, |file| loader.want(file));
            run.commits.push(facts);
            // Diffs done so far go to their commits now, not in one heap at the end.
            for diff in pool.ready() {
                run.absorb(diff?);
            }
        } else if settings.keep_facts {
            let key = |file: &PlanFile| Arc::from(file.path.as_str());
            run.commits.push(commit_facts(&info, planning, true, key));
        }
        run.checked += 1;
        let author_ignored = settings
            .ignore_authors
            .as_ref()
            .is_some_and(|set| set.is_match(&info.author));
        if !author_ignored {
            run.message_findings.extend(lint_message(info, &cx));
        }
        if run.checked % PROGRESS_EVERY == 0 {
            progress(Progress::Read(run.checked));
        }
    }
    progress(Progress::Done);
    run.crossed_shallow = walked.crossed_shallow;
    if let (Some(pool), Some(loader)) = (pool, loader) {
        for diff in pool.finish()? {
            run.absorb(diff?);
        }
        run.plans = loader.finish();
        look_back(s, settings, repo, planning, selection, &mut run)?;
    }
    Ok(run)
}

/// Lints one commit's message; findings carry the commit.
fn lint_message(info: CommitInfo, cx: &MessageContext<'_>) -> Vec<Finding> {
    let id = info.id.to_string();
    let source = SourceText::new(format!("commit {}", info.short()), info.message);
    let mut findings = message::lint_source(&source, cx);
    for f in &mut findings {
        f.location.commit = Some(id.clone());
    }
    findings
}

/// For plans that have commits in the range and promises to check (a SUMMARY, or TDD), the
/// range may hold only their last commits. Look a bounded way back past where the range
/// starts for earlier commits of those plans, so work done before is counted.
fn look_back<'s>(
    s: &'s Scope<'s, '_>,
    settings: &Settings,
    repo: &Repo,
    planning: &Planning,
    selection: &Selection,
    run: &mut Run,
) -> Result<()> {
    let hidden: Vec<_> = selection
        .parts
        .iter()
        .flat_map(|p| p.hidden.iter().copied())
        .collect();
    if hidden.is_empty() {
        return Ok(());
    }
    let open: HashSet<&str> = run
        .plans
        .iter()
        .filter(|p| p.has_summary || p.tdd)
        .map(|p| &*p.key)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let before = Selection {
        parts: vec![Part {
            tips: hidden,
            hidden: Vec::new(),
        }],
        first_parent: selection.first_parent,
        ..Selection::default()
    };
    let walked = spawn_walker(s, repo, &before, Some(LOOKBACK_COMMITS), 0);
    let mut differ = Differ::new(repo, settings.diff);
    let mut older = Vec::new();
    for info in walked {
        let info = info?;
        let mut facts = commit_facts(&info, planning, false, |file| Arc::from(file.path.as_str()));
        facts.plans.retain(|k| open.contains(&**k));
        if facts.plans.is_empty() || (info.is_merge() && !settings.rules.attribute_merges) {
            continue;
        }
        if let Some(changes) = differ.changes(&info)? {
            facts.paths = changes.into_iter().map(touched).collect();
        }
        older.push(facts);
    }
    // Older commits go after the range's: the list is newest first until `finish` reverses it.
    run.commits.extend(older);
    Ok(())
}

fn touched(c: Change) -> Touched {
    Touched {
        deleted: c.kind == ChangeKind::Deleted,
        from: match c.kind {
            ChangeKind::Renamed { from } => Some(from.into_boxed_str()),
            _ => None,
        },
        path: c.path.into_boxed_str(),
    }
}

/// Runs the rules over what the walk gathered and fills `out`, the commits oldest first.
fn finish(
    root: &Path,
    config: &Config,
    settings: &Settings,
    repo: &Repo,
    tips: &[ObjectId],
    mut run: Run,
    out: &mut Checked,
) -> Result<()> {
    let checked = run.checked;
    out.findings.append(&mut run.message_findings);
    if !settings.messages_only {
        // Diff workers hand their results back in whatever order they finish; reports must not
        // change from one run to the next. Stable: a commit's findings keep their file order.
        // Whole-file mode scanned every version of each file; the same holding-up against the
        // range's end keeps what is still there, once.
        run.scan.sort_by_key(|h| h.seq);
        let hits = std::mem::take(&mut run.scan);
        let versions = newest_versions(&run, &hits, repo, settings, tips);
        out.findings.extend(relocate::relocate(hits, &versions));
        // Oldest first: the order plans were carried out in.
        run.commits.reverse();
        out.findings.extend(check::check_plans(
            &run.plans,
            &run.commits,
            &settings.rules,
        ));
        let policy = docs_policy(root, config, repo, &run.commits)?;
        out.findings
            .extend(check::check_commits(&run.commits, &settings.rules, policy));
    }
    if run.lossy_messages > 0 {
        out.notes.push(format!(
            "{} commit message(s) are not valid UTF-8: checked with replacement characters",
            run.lossy_messages
        ));
    }
    if run.crossed_shallow {
        out.notes.push(shallow_note(run.unknown_diffs));
    }
    if let Some(note) = run.skipped.note() {
        out.notes.push(note);
    }
    if !run.planning_exists {
        out.notes.push(format!(
            "no {}/ found: commits are checked as plain Conventional Commits",
            config.planning_dir
        ));
    }
    out.notes.push(format!(
        "checked {checked} commit{} ({})",
        if checked == 1 { "" } else { "s" },
        out.label
    ));
    if settings.messages_only {
        run.commits.reverse();
    }
    out.checked = checked;
    out.commits = run.commits;
    Ok(())
}

/// For each path with a finding, what the range ends with: its text at each tip of the range,
/// under its own name and under every name the range renamed it to. Read from git at the
/// tips, not at the last commit that touched the path: the walk interleaves branches by date,
/// and a merge's changes are not diffed, so "the last touch" can be another branch's version.
fn newest_versions(
    run: &Run,
    hits: &[Hit],
    repo: &Repo,
    settings: &Settings,
    tips: &[ObjectId],
) -> HashMap<String, Now> {
    // A handle without a delta cache: the few trees and blobs read here would fill one for
    // nothing but memory.
    let repo = &repo.clone_for_commits();
    let mut renamed: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in run.commits.iter().filter(|c| c.in_range) {
        for t in &c.paths {
            if let Some(from) = &t.from {
                renamed.entry(&**from).or_default().push(&t.path);
            }
        }
    }
    let max_bytes = settings.scanner.as_ref().map_or(0, Scanner::max_file_size);
    // A tip that cannot be read leaves every finding as it was (`None`: unknown).
    let mut tips: Vec<Option<FilesAt<'_>>> = tips
        .iter()
        .map(|t| repo.files_at(&t.to_string(), max_bytes).ok())
        .collect();
    let mut versions = HashMap::new();
    for path in hits
        .iter()
        .filter_map(|h| h.finding.location.path.as_deref())
    {
        if versions.contains_key(path) {
            continue;
        }
        // The path and the names the range gave it, breadth first; a few at most.
        let mut names = vec![path];
        let mut k = 0;
        while k < names.len() && names.len() < MAX_NAMES {
            for to in renamed.get(names[k]).into_iter().flatten() {
                if !names.contains(to) {
                    names.push(to);
                }
            }
            k += 1;
        }
        let mut files = Vec::new();
        let mut unknown = false;
        for tip in &mut tips {
            let Some(tip) = tip else {
                unknown = true;
                continue;
            };
            for name in &names {
                match tip.get(name) {
                    Ok(FileAt::Text(bytes)) => files.push((
                        name.to_string(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    )),
                    Ok(FileAt::Missing) => {}
                    // Unreadable as text here means unknown: the finding then stays as it was.
                    Ok(FileAt::Skipped) | Err(_) => unknown = true,
                }
            }
        }
        let now = if unknown {
            Now::Unknown
        } else if files.is_empty() {
            Now::Gone
        } else {
            Now::Files(files)
        };
        versions.insert(path.to_string(), now);
    }
    versions
}

fn shallow_note(unknown_diffs: usize) -> String {
    let mut note = "this is a shallow clone and the range reaches past its oldest commit: \
                    only the commits that are here were checked"
        .to_string();
    if unknown_diffs > 0 {
        note.push_str(" (what the oldest one changed is unknown)");
    }
    note.push_str("; `git fetch --unshallow` (or `fetch-depth: 0` in CI) fetches the rest");
    note
}

/// Whether the project keeps its planning files out of git: `commit_docs: false` in
/// `config.json` (top level, or under `planning`), or the folder ignored. Only looked up when
/// some commit of the range adds planning files.
fn docs_policy(
    root: &Path,
    config: &Config,
    repo: &Repo,
    commits: &[CommitFacts],
) -> Result<DocsPolicy> {
    let dir = config.planning_dir.trim_end_matches('/');
    let prefix = format!("{dir}/");
    let touches = commits.iter().filter(|c| c.in_range).any(|c| {
        c.paths
            .iter()
            .any(|t| !t.deleted && t.path.starts_with(&prefix))
    });
    if !touches {
        return Ok(DocsPolicy::default());
    }
    let commit_docs_false = crate::fs::join_inside(root, &format!("{dir}/config.json"))
        .and_then(|p| crate::fs::read_text(&p, 1 << 20).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| {
            v.get("commit_docs")
                .or_else(|| v.get("planning").and_then(|p| p.get("commit_docs")))
                .and_then(serde_json::Value::as_bool)
        })
        == Some(false);
    Ok(DocsPolicy {
        commit_docs_false,
        gitignored: repo.is_ignored_dir(dir)?,
    })
}
