//! `planlint check`, and the one range pipeline every door uses.
//!
//! [`check_range`] resolves a range and walks its commits once, newest first, streaming. Work
//! is split so no step waits on another: one thread walks and reads commits while another lists
//! `.planning/`; the main thread lints each message and hands the commit to diff workers, which
//! diff it against its first parent and scan its added lines; a loader reads each plan the
//! first time a commit names it. At the end each plan's `files_modified` is held against what
//! its commits changed. `pre-push`, `ci` and `verify` call it with their own [`RangeSpec`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;
use std::time::{Duration, Instant};

use gix::ObjectId;
use regex::RegexSet;

use crate::check::relocate::{self, Hit, Now};
use crate::check::{self, CommitFacts, DiffRules, DocsPolicy, PlanFacts, Touched};
use crate::cli::{CheckArgs, CheckToggles};
use crate::error::{Error, Result};
use crate::finding::{Finding, SourceText};
use crate::git::range::{Part, Selection};
use crate::git::{
    Change, ChangeKind, CommitInfo, DiffOptions, Differ, FileAt, FilesAt, RangeSpec, Repo, Skipped,
};
use crate::message::{self, Comments, MessageContext};
use crate::planning::{Lookup, PlanFile, Planning};
use crate::scan::{LineSet, Scanner};

use crate::outcome::Outcome;

use super::Context;

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    let spec = RangeSpec::from_args(&args.range)?;
    check_range(ctx, &spec, &args.toggles)
}

/// How far back past a range's start planlint looks for earlier commits of a plan the range
/// finishes, so promises kept before the range are not reported as broken.
const LOOKBACK_COMMITS: usize = 200;

/// Most names one file is looked for under at the end of a range (itself and what the range
/// renamed it to).
const MAX_NAMES: usize = 8;

/// Consecutive commits a diff worker takes at once: a commit's parent is usually the next
/// commit of the walk, so its trees are still in that worker's caches.
const BATCH: usize = 32;

/// Checks the commits of a range: each message, then (unless `messages_only`) the diff rules
/// and the anti-pattern scan of added lines (unless `no_scan`).
pub(crate) fn check_range(
    ctx: &Context,
    spec: &RangeSpec,
    toggles: &CheckToggles,
) -> Result<Outcome> {
    range_pipeline(ctx, spec, toggles, false).map(|(outcome, _)| outcome)
}

/// [`check_range`], also returning what it learnt of each commit, oldest first (the plans its
/// scope names, the paths it changed): `verify` builds its Files Modified table from them.
/// With `messages_only`, the facts are the plans each commit names (no paths).
pub(crate) fn check_range_facts(
    ctx: &Context,
    spec: &RangeSpec,
    toggles: &CheckToggles,
) -> Result<(Outcome, Vec<CommitFacts>)> {
    range_pipeline(ctx, spec, toggles, true)
}

/// `keep_facts`: gather each commit's facts even for a messages-only run, which otherwise
/// skips them.
fn range_pipeline(
    ctx: &Context,
    spec: &RangeSpec,
    toggles: &CheckToggles,
    keep_facts: bool,
) -> Result<(Outcome, Vec<CommitFacts>)> {
    let root = ctx.require_root()?;
    let repo = Repo::open(root)?;
    let selection = repo.resolve(spec)?;
    let mut outcome = Outcome {
        subject: selection.label.clone(),
        notes: selection.notes.clone(),
        ..Outcome::default()
    };
    if selection.is_empty() {
        outcome.notes.push("nothing to check".into());
        return Ok((outcome, Vec::new()));
    }
    let mut settings = Settings::new(ctx, toggles)?;
    settings.keep_facts = keep_facts;
    let run = std::thread::scope(|s| -> Result<Run> {
        let planning = s.spawn(|| Arc::new(Planning::discover(root, &ctx.config.planning_dir)));
        // Reading commits is most of a messages-only run; with diffs, the diff workers are.
        let readers = if toggles.messages_only {
            parallelism().min(2)
        } else {
            1
        };
        let walked = spawn_walker(s, &repo, &selection, None, readers);
        let planning = planning
            .join()
            .map_err(|_| Error::internal("the thread listing the planning folder stopped"))?;
        walk_range(s, ctx, &settings, &repo, &planning, walked, &selection)
    })?;
    let tips: Vec<ObjectId> = selection
        .parts
        .iter()
        .flat_map(|p| p.tips.iter().copied())
        .collect();
    let commits = finish(ctx, &settings, &repo, &tips, run, &mut outcome)?;
    Ok((outcome, commits))
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
    fn new(ctx: &Context, toggles: &CheckToggles) -> Result<Settings> {
        let config = &ctx.config;
        let rules = DiffRules::new(
            &config.planning_dir,
            &config.diff.allowed,
            config.diff.attribute_merges,
        )
        .map_err(|e| Error::usage(format!("invalid glob in diff.allowed: {e}")))?;
        let scan = !toggles.messages_only && !toggles.no_scan;
        let ignore_authors = if config.message.ignore_authors.is_empty() {
            None
        } else {
            Some(RegexSet::new(&config.message.ignore_authors).map_err(|e| {
                Error::usage(format!("invalid regex in message.ignore-authors: {e}"))
            })?)
        };
        Ok(Settings {
            messages_only: toggles.messages_only,
            keep_facts: false,
            scanner: scan.then(|| ctx.scanner()).transpose()?,
            whole_files: toggles.whole_files || config.scan.whole_files,
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
fn walk_range<'s>(
    s: &'s Scope<'s, '_>,
    ctx: &Context,
    settings: &'s Settings,
    repo: &Repo,
    planning: &Arc<Planning>,
    mut walked: Walker,
    selection: &Selection,
) -> Result<Run> {
    let cx = MessageContext::new(&ctx.config.message, Some(planning), Comments::Keep)?;
    // Messages-only runs hold no plan to its promise: nothing to diff, no plan to read.
    let mut loader = (!settings.messages_only).then(|| PlanLoader::start(s, Arc::clone(planning)));
    let mut pool = (!settings.messages_only).then(|| DiffPool::start(s, repo, settings));
    let mut progress = Progress::new(ctx);
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
        progress.tick(run.checked);
    }
    progress.done();
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

/// What the diff checks need of one commit: its type and the plans its scope names (`plan`
/// gives each named plan file its shared key).
fn commit_facts(
    info: &CommitInfo,
    planning: &Planning,
    in_range: bool,
    mut plan: impl FnMut(&PlanFile) -> Arc<str>,
) -> CommitFacts {
    let parsed = message::parse(&info.message);
    let ty = parsed
        .header
        .as_ref()
        .filter(|_| parsed.exempt.is_none())
        .map(|h| info.message[h.ty.start..h.ty.end].to_ascii_lowercase())
        .filter(|t| !t.is_empty());
    let scope = parsed
        .header
        .as_ref()
        .and_then(|h| h.scope)
        .map(|sc| info.message[sc.inner.start..sc.inner.end].trim().into());
    let mut plans: Vec<Arc<str>> = Vec::new();
    for id in message::plan_scopes(&parsed) {
        if let Lookup::Found(p) = planning.find_plan(&id) {
            if !plans.iter().any(|k| **k == *p.path) {
                plans.push(plan(p));
            }
        }
    }
    CommitFacts {
        id: info.id.to_string().into(),
        ty: ty.map(String::into_boxed_str),
        plans,
        scope,
        is_merge: info.is_merge(),
        in_range,
        paths: Vec::new(),
    }
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

/// Runs the rules over what the walk gathered and fills the outcome; returns the commits,
/// oldest first.
fn finish(
    ctx: &Context,
    settings: &Settings,
    repo: &Repo,
    tips: &[ObjectId],
    mut run: Run,
    outcome: &mut Outcome,
) -> Result<Vec<CommitFacts>> {
    let checked = run.checked;
    outcome.findings.append(&mut run.message_findings);
    if !settings.messages_only {
        // Diff workers hand their results back in whatever order they finish; reports must not
        // change from one run to the next. Stable: a commit's findings keep their file order.
        // Whole-file mode scanned every version of each file; the same holding-up against the
        // range's end keeps what is still there, once.
        run.scan.sort_by_key(|h| h.seq);
        let hits = std::mem::take(&mut run.scan);
        let versions = newest_versions(&run, &hits, repo, settings, tips);
        outcome.findings.extend(relocate::relocate(hits, &versions));
        // Oldest first: the order plans were carried out in.
        run.commits.reverse();
        outcome.findings.extend(check::check_plans(
            &run.plans,
            &run.commits,
            &settings.rules,
        ));
        let policy = docs_policy(ctx, repo, &run.commits)?;
        outcome
            .findings
            .extend(check::check_commits(&run.commits, &settings.rules, policy));
    }
    if run.lossy_messages > 0 {
        outcome.notes.push(format!(
            "{} commit message(s) are not valid UTF-8: checked with replacement characters",
            run.lossy_messages
        ));
    }
    if run.crossed_shallow {
        outcome.notes.push(shallow_note(run.unknown_diffs));
    }
    if let Some(note) = run.skipped.note() {
        outcome.notes.push(note);
    }
    if !run.planning_exists {
        outcome.notes.push(format!(
            "no {}/ found: commits are checked as plain Conventional Commits",
            ctx.config.planning_dir
        ));
    }
    outcome.notes.push(format!(
        "checked {checked} commit{} ({})",
        if checked == 1 { "" } else { "s" },
        outcome.subject
    ));
    if settings.messages_only {
        run.commits.reverse();
    }
    Ok(run.commits)
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
fn docs_policy(ctx: &Context, repo: &Repo, commits: &[CommitFacts]) -> Result<DocsPolicy> {
    let dir = ctx.config.planning_dir.trim_end_matches('/');
    let prefix = format!("{dir}/");
    let touches = commits.iter().filter(|c| c.in_range).any(|c| {
        c.paths
            .iter()
            .any(|t| !t.deleted && t.path.starts_with(&prefix))
    });
    if !touches {
        return Ok(DocsPolicy::default());
    }
    let root = ctx.require_root()?;
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

/// What the walk's threads send: numbered chunks of commits, so the threads hand over work a
/// few hundred times over a long history rather than once per commit.
enum Walked {
    Commits(usize, Vec<CommitInfo>),
    /// The walk is over after this many chunks.
    Done(usize),
    Failed(Error),
}

/// Commits handed over at once.
const WALK_CHUNK: usize = 256;

/// The receiving end of [`spawn_walker`]: the commits in walk order, then whether the walk
/// reached a shallow clone's boundary.
struct Walker {
    rx: Receiver<Walked>,
    chunk: std::vec::IntoIter<CommitInfo>,
    /// Chunks read ahead of their turn, by number.
    early: BTreeMap<usize, Vec<CommitInfo>>,
    next: usize,
    total: Option<usize>,
    failed: bool,
    crossed_shallow: bool,
}

impl Iterator for Walker {
    type Item = Result<CommitInfo>;

    fn next(&mut self) -> Option<Result<CommitInfo>> {
        loop {
            if let Some(info) = self.chunk.next() {
                self.crossed_shallow |= info.shallow_boundary;
                return Some(Ok(info));
            }
            if let Some(chunk) = self.early.remove(&self.next) {
                self.chunk = chunk.into_iter();
                self.next += 1;
                continue;
            }
            if self.failed || self.total == Some(self.next) {
                return None;
            }
            match self.rx.recv() {
                Ok(Walked::Commits(n, chunk)) => {
                    self.early.insert(n, chunk);
                }
                Ok(Walked::Done(total)) => self.total = Some(total),
                Ok(Walked::Failed(e)) => {
                    self.failed = true;
                    return Some(Err(e));
                }
                Err(_) => return None,
            }
        }
    }
}

/// Walks a selection, at most `limit` commits, on its own thread. The walk finds ids from the
/// commit-graph when there is one (reading no object); reading and decoding the commits is
/// most of a messages-only run, so with `readers` > 0 that many more threads do it, and the
/// chunks are put back in walk order by [`Walker`].
fn spawn_walker<'s>(
    s: &'s Scope<'s, '_>,
    repo: &Repo,
    selection: &Selection,
    limit: Option<usize>,
    readers: usize,
) -> Walker {
    let (tx, rx) = mpsc::sync_channel::<Walked>(16);
    let (id_tx, id_rx) = mpsc::sync_channel::<(usize, Vec<ObjectId>)>(readers.max(1) * 2);
    let walk = (repo.clone_for_commits(), selection.clone(), tx.clone());
    s.spawn(move || {
        let (repo, selection, tx) = walk;
        // Without readers, this thread reads the commits of each chunk itself.
        let hand_over = |n: usize, ids: Vec<ObjectId>| -> bool {
            if readers > 0 {
                id_tx.send((n, ids)).is_ok()
            } else {
                tx.send(read_chunk(&repo, n, ids)).is_ok()
            }
        };
        let mut chunk = Vec::with_capacity(WALK_CHUNK);
        let mut n = 0;
        for id in repo.walk_ids(&selection).take(limit.unwrap_or(usize::MAX)) {
            match id {
                Ok(id) => chunk.push(id),
                Err(e) => {
                    let _ = tx.send(Walked::Failed(e));
                    return;
                }
            }
            if chunk.len() == WALK_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(WALK_CHUNK));
                if !hand_over(n, full) {
                    return;
                }
                n += 1;
            }
        }
        if !chunk.is_empty() {
            if !hand_over(n, chunk) {
                return;
            }
            n += 1;
        }
        let _ = tx.send(Walked::Done(n));
    });
    let id_rx = Arc::new(Mutex::new(id_rx));
    for _ in 0..readers {
        let (repo, id_rx, tx) = (repo.clone_for_commits(), Arc::clone(&id_rx), tx.clone());
        s.spawn(move || loop {
            let job = match id_rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok((n, ids)) = job else { return };
            if tx.send(read_chunk(&repo, n, ids)).is_err() {
                return;
            }
        });
    }
    Walker {
        rx,
        chunk: Vec::new().into_iter(),
        early: BTreeMap::new(),
        next: 0,
        total: None,
        failed: false,
        crossed_shallow: false,
    }
}

/// Reads the commits of chunk `n`.
fn read_chunk(repo: &Repo, n: usize, ids: Vec<ObjectId>) -> Walked {
    let read: Result<Vec<CommitInfo>> = ids.into_iter().map(|id| repo.commit_info(id)).collect();
    match read {
        Ok(chunk) => Walked::Commits(n, chunk),
        Err(e) => Walked::Failed(e),
    }
}

/// Cores this process may use.
fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Reads each plan the first time a commit names it, on its own thread, and keeps what the
/// diff checks need.
struct PlanLoader {
    wanted: Option<SyncSender<(PlanFile, Arc<str>)>>,
    keys: HashMap<String, Arc<str>>,
    loaded: Arc<Mutex<Vec<PlanFacts>>>,
    done: Receiver<()>,
}

impl PlanLoader {
    fn start<'s>(s: &'s Scope<'s, '_>, planning: Arc<Planning>) -> PlanLoader {
        let (tx, rx) = mpsc::sync_channel::<(PlanFile, Arc<str>)>(256);
        let (done_tx, done) = mpsc::channel();
        let loaded = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&loaded);
        s.spawn(move || {
            for (file, key) in rx {
                let facts = plan_facts(&planning, &file, key);
                if let Ok(mut v) = sink.lock() {
                    v.push(facts);
                }
            }
            let _ = done_tx.send(());
        });
        PlanLoader {
            wanted: Some(tx),
            keys: HashMap::new(),
            loaded,
            done,
        }
    }

    /// The shared key of a plan file; the first time it is asked for, the plan is read.
    fn want(&mut self, file: &PlanFile) -> Arc<str> {
        if let Some(key) = self.keys.get(file.path.as_str()) {
            return Arc::clone(key);
        }
        let key: Arc<str> = Arc::from(file.path.as_str());
        self.keys.insert(file.path.clone(), Arc::clone(&key));
        if let Some(tx) = &self.wanted {
            let _ = tx.send((file.clone(), Arc::clone(&key)));
        }
        key
    }

    fn finish(mut self) -> Vec<PlanFacts> {
        drop(self.wanted.take());
        let _ = self.done.recv();
        let mut plans = self
            .loaded
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        plans.sort_by(|a, b| a.key.cmp(&b.key));
        plans
    }
}

fn plan_facts(planning: &Planning, file: &PlanFile, key: Arc<str>) -> PlanFacts {
    let plan = planning.load_plan(file);
    let declares = plan.has_frontmatter()
        && (!plan.files_modified.is_empty() || plan.span_of("files_modified").is_some());
    PlanFacts {
        key,
        id: file.id.to_string(),
        tdd: plan
            .kind
            .as_deref()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("tdd")),
        files_modified: declares.then_some(plan.files_modified),
        has_summary: file.summary.is_some(),
    }
}

/// What a worker needs to diff one commit: the commit without its message.
struct DiffJob {
    seq: usize,
    info: CommitInfo,
}

/// What diffing one commit gave.
struct CommitDiff {
    seq: usize,
    /// `None` when unknown (shallow boundary).
    paths: Option<Vec<Touched>>,
    findings: Vec<Hit>,
    skipped: SkipCounts,
}

/// Worker threads that diff (and scan) commits while the main thread walks and lints
/// messages. Each worker owns a repository handle and diff caches; queues are bounded so
/// memory stays flat however long the range.
struct DiffPool {
    jobs: Option<SyncSender<Vec<DiffJob>>>,
    results: Receiver<Result<CommitDiff>>,
    batch: Vec<DiffJob>,
}

impl DiffPool {
    fn start<'s>(s: &'s Scope<'s, '_>, repo: &Repo, settings: &'s Settings) -> DiffPool {
        let threads = parallelism().min(4);
        let (job_tx, job_rx) = mpsc::sync_channel::<Vec<DiffJob>>(threads * 2);
        let (res_tx, results) = mpsc::channel();
        let job_rx = Arc::new(Mutex::new(job_rx));
        for _ in 0..threads {
            let repo = repo.clone_for_thread();
            let job_rx = Arc::clone(&job_rx);
            let res_tx = res_tx.clone();
            s.spawn(move || diff_worker(&repo, settings, &job_rx, &res_tx));
        }
        DiffPool {
            jobs: Some(job_tx),
            results,
            batch: Vec::with_capacity(BATCH),
        }
    }

    fn push(&mut self, seq: usize, info: &CommitInfo) -> Result<()> {
        self.batch.push(DiffJob {
            seq,
            info: CommitInfo {
                message: String::new(),
                author: String::new(),
                ..info.clone()
            },
        });
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.jobs
            .as_ref()
            .and_then(|tx| tx.send(batch).ok())
            .ok_or_else(|| Error::internal("the diff workers stopped unexpectedly"))
    }

    /// The diffs finished so far.
    fn ready(&self) -> impl Iterator<Item = Result<CommitDiff>> + '_ {
        self.results.try_iter()
    }

    /// Sends what is queued and waits for every diff.
    fn finish(mut self) -> Result<mpsc::IntoIter<Result<CommitDiff>>> {
        self.flush()?;
        drop(self.jobs.take());
        Ok(self.results.into_iter())
    }
}

fn diff_worker(
    repo: &Repo,
    settings: &Settings,
    jobs: &Mutex<Receiver<Vec<DiffJob>>>,
    results: &mpsc::Sender<Result<CommitDiff>>,
) {
    let mut differ = Differ::new(repo, settings.diff);
    loop {
        let batch = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        for job in batch {
            let res = diff_commit(&mut differ, settings, job);
            if results.send(res).is_err() {
                return;
            }
        }
    }
}

fn diff_commit(differ: &mut Differ<'_>, settings: &Settings, job: DiffJob) -> Result<CommitDiff> {
    let mut out = CommitDiff {
        seq: job.seq,
        paths: None,
        findings: Vec::new(),
        skipped: SkipCounts::default(),
    };
    let Some(changes) = differ.changes(&job.info)? else {
        return Ok(out);
    };
    if let Some(scanner) = settings.scanner.as_ref().filter(|_| !job.info.is_merge()) {
        let commit = job.info.id.to_string();
        for change in &changes {
            scan_change(
                differ,
                scanner,
                settings.whole_files,
                change,
                &commit,
                &mut out,
            )?;
        }
    }
    // A fresh vector: collecting in place would keep the larger `Change` allocation alive for
    // as long as the commit is held.
    let mut paths = Vec::with_capacity(changes.len());
    paths.extend(changes.into_iter().map(touched));
    out.paths = Some(paths);
    Ok(out)
}

/// Scans the lines a change added (or the whole new file).
fn scan_change(
    differ: &mut Differ<'_>,
    scanner: &Scanner,
    whole_files: bool,
    change: &Change,
    commit: &str,
    out: &mut CommitDiff,
) -> Result<()> {
    if let Some(why) = scanner.path_skip(&change.path) {
        out.skipped.count_scan(&why);
        return Ok(());
    }
    let added = match differ.added(change, scanner.max_file_size(), whole_files)? {
        None => return Ok(()),
        Some(Err(why)) => {
            out.skipped.count_git(&why);
            return Ok(());
        }
        Some(Ok(added)) => added,
    };
    let lines = added.lines.as_deref().map(line_set);
    if lines.as_ref().is_some_and(LineSet::is_empty) {
        return Ok(());
    }
    let scanned = scanner.scan(&change.path, added.content, lines.as_ref());
    if let Some(why) = &scanned.skipped {
        out.skipped.count_scan(why);
    }
    if scanned.findings.is_empty() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(added.content);
    let file_lines = relocate::split_lines(&text);
    out.findings
        .extend(scanned.findings.into_iter().map(|mut finding| {
            finding.location.commit = Some(commit.to_string());
            let first = finding.location.line.unwrap_or(1);
            let last = finding.location.end_line.unwrap_or(first).max(first);
            Hit {
                seq: out.seq,
                text: relocate::flagged_lines(&file_lines, first, last),
                finding,
            }
        }));
    Ok(())
}

/// 0-based half-open line ranges as the scanner's 1-based line set.
fn line_set(ranges: &[Range<u32>]) -> LineSet {
    let mut set = LineSet::new();
    for r in ranges {
        set.insert_range(r.start + 1, r.end - r.start);
    }
    set
}

/// Files the scan passed over that the person should hear about, counted for one note.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct SkipCounts {
    binary: usize,
    too_large: usize,
    generated: usize,
    unreadable: usize,
    limit: u64,
}

impl SkipCounts {
    fn count_git(&mut self, why: &Skipped) {
        match why {
            Skipped::Binary => self.binary += 1,
            Skipped::TooLarge { limit, .. } => {
                self.too_large += 1;
                self.limit = *limit;
            }
            Skipped::Link => {}
        }
    }

    fn count_scan(&mut self, why: &crate::scan::Skipped) {
        use crate::scan::Skipped as S;
        match why {
            S::Binary => self.binary += 1,
            S::TooLarge { limit, .. } => {
                self.too_large += 1;
                self.limit = *limit;
            }
            S::Generated => self.generated += 1,
            S::Unreadable(_) => self.unreadable += 1,
            S::Unsupported | S::Vendored | S::Fixture => {}
        }
    }

    fn add(&mut self, other: &SkipCounts) {
        self.binary += other.binary;
        self.too_large += other.too_large;
        self.generated += other.generated;
        self.unreadable += other.unreadable;
        self.limit = self.limit.max(other.limit);
    }

    fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.binary > 0 {
            parts.push(format!("{} binary", self.binary));
        }
        if self.too_large > 0 {
            parts.push(format!(
                "{} over scan.max-file-size ({} bytes)",
                self.too_large, self.limit
            ));
        }
        if self.generated > 0 {
            parts.push(format!("{} generated", self.generated));
        }
        if self.unreadable > 0 {
            parts.push(format!("{} unreadable", self.unreadable));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "the anti-pattern scan skipped changed files: {}",
                parts.join(", ")
            )
        })
    }
}

/// A commit counter on stderr for long walks on a terminal; hooks, pipes and CI logs never
/// see it.
struct Progress {
    enabled: bool,
    started: Instant,
    last: Instant,
    shown: bool,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(300);
    const EVERY: Duration = Duration::from_millis(100);

    fn new(ctx: &Context) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !ctx.report.quiet && std::io::stderr().is_terminal(),
            started: now,
            last: now,
            shown: false,
        }
    }

    fn tick(&mut self, n: usize) {
        if !self.enabled || n % 64 != 0 {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started) < Self::DELAY
            || now.duration_since(self.last) < Self::EVERY
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let _ = write!(std::io::stderr(), "\rplanlint: {n} commits read");
    }

    fn done(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_sets_are_one_based() {
        let set = line_set(&[0..2, 5..6]);
        assert!(set.contains(1) && set.contains(2) && set.contains(6));
        assert!(!set.contains(3) && !set.contains(5));
    }

    #[test]
    fn skip_note_names_only_what_happened() {
        let mut c = SkipCounts::default();
        assert_eq!(c.note(), None);
        c.count_git(&Skipped::Binary);
        c.count_git(&Skipped::TooLarge { size: 9, limit: 8 });
        c.count_git(&Skipped::Link);
        let note = c.note().unwrap();
        assert!(note.contains("1 binary"), "{note}");
        assert!(
            note.contains("1 over scan.max-file-size (8 bytes)"),
            "{note}"
        );
    }
}
