//! The range engine: what every door that checks commits (`check`, `pre-push`, `ci`,
//! `verify`) runs, with typed options in and findings out. It knows no command line, no
//! terminal and no report format.
//!
//! [`check`] resolves a range and walks its commits once, newest first, streaming. Work is
//! split so no step waits on another: one thread walks and reads commits ([`walk`]) while
//! another lists `.planning/`; this thread lints each message and hands the commit to diff
//! workers ([`diffs`]), which diff it against its first parent and scan its added lines; a
//! loader ([`plans`]) reads each plan the first time a commit names it. Each commit's findings
//! go out ([`outbox`]) once its diff and every newer commit's are in, the scan's held against
//! what the range's tips still hold. At the end each plan's `files_modified` is held against
//! what its commits changed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::thread::Scope;

use gix::ObjectId;
use regex::RegexSet;

use crate::check::{self, CommitFacts, DiffRules, PlanFacts, Touched};
use crate::config::{BeforeGsd, Config};
use crate::error::{Error, Result};
use crate::finding::{Finding, SourceText};
use crate::git::range::{Part, Selection};
use crate::git::{Change, ChangeKind, CommitInfo, DiffOptions, Differ, RangeSpec, Repo};
use crate::message::{self, Comments, MessageContext, ScopeKind};
use crate::planning::{PlanFile, Planning};
use crate::scan::Scanner;

mod diffs;
mod history;
mod outbox;
mod plans;
mod skipped;
mod walk;

use diffs::{CommitDiff, DiffPool};
use history::{History, Judged};
use outbox::{Outbox, TipVersions};
use plans::{commit_facts, PlanLoader};
use skipped::SkipCounts;
use walk::{parallelism, spawn_walker, Walker};

/// Commits between two progress reports.
const PROGRESS_EVERY: usize = 64;

/// Commits between two hand-backs of the pack pages read so far ([`crate::git::pages`]): what
/// the walk holds of a large pack is then what about a thousand commits read, and mapping the
/// pages again costs little (BENCHMARKS.md: on a pack smaller than that, no window helps).
const RELEASE_PAGES_EVERY: usize = 1024;

/// How far back past a range's start planlint looks for earlier commits of a plan the range
/// finishes, so promises kept before the range are not reported as broken.
const LOOKBACK_COMMITS: usize = 200;

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
    /// Look in the work tree for a plan no commit carries (the local doors: `check`,
    /// `pre-push`): it is found, with a warning that CI will not see it.
    pub work_tree: bool,
    /// Report `fixup!`/`squash!`/`amend!` commits (`pre-push`, `ci`: work being shared).
    pub autosquash: bool,
    /// Hand each message and scan finding that nothing later in the walk can take back to
    /// the callback as [`Progress::Found`] instead of holding it: a history's findings are
    /// then never all in memory at once.
    pub stream: bool,
}

/// What a walk reports while it runs: how far it has got and, when asked to stream, the
/// findings it is sure of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// This many commits read so far.
    Read(usize),
    /// A finding made final: the caller reports it; it is not in [`Checked::findings`].
    Found(Box<Finding>),
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
    /// What was learnt of the commits, oldest first: the plans each scope names and (unless
    /// messages only) the paths each changed. With `keep_facts`, every commit of the walk;
    /// otherwise only those a rule reads (that name a plan, wait for theirs or changed planning
    /// files), and none unless the diff ran.
    pub commits: Vec<CommitFacts>,
}

/// In a partial clone, the blobs the range will read, fetched in one batch (see
/// [`crate::git::promisor`]); what could not be had is skipped file by file later, with a note.
fn fetch_promised(
    repo: &Repo,
    selection: &Selection,
    planning_dir: &str,
) -> Result<Option<String>> {
    let Some(remote) = crate::git::promisor::remote(repo) else {
        return Ok(None);
    };
    let missing = crate::git::promisor::missing_for(repo, selection, planning_dir)?;
    if missing.is_empty() {
        return Ok(None);
    }
    let n = missing.len();
    Ok(Some(match crate::git::promisor::fetch(repo, &remote, &missing) {
        Ok(()) => format!("a partial clone: fetched {n} file(s) the range needs from `{remote}`"),
        Err(why) => format!(
            "a partial clone: {n} file(s) the range needs could not be fetched from `{remote}` ({why}); files whose content is missing are skipped"
        ),
    }))
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
    if !options.messages_only {
        checked
            .notes
            .extend(fetch_promised(&repo, &selection, &config.planning_dir)?);
    }
    let tips: Vec<ObjectId> = selection
        .parts
        .iter()
        .flat_map(|p| p.tips.iter().copied())
        .collect();
    let mut history = History::new(&repo, &config.planning_dir);
    // A handle without a delta cache: the few trees and blobs read there would fill one for
    // nothing but memory.
    let tip_repo = repo.clone_for_commits();
    let at_tips = settings
        .scanner
        .as_ref()
        .map(|scanner| TipVersions::new(&tip_repo, &tips, scanner.max_file_size()));
    let mut run = std::thread::scope(|s| -> Result<Run> {
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
        let mut later = Vec::new();
        for tip in &tips {
            let tree = repo.commit_info(*tip)?.tree;
            if let Ok(Some(p)) = history.planning_at(tree) {
                later.push(p);
            }
        }
        let ctx = Walking {
            config,
            settings: &settings,
            repo: &repo,
            work_tree: planning,
            later: later.into(),
            options,
        };
        walk_range(s, &ctx, &mut history, walked, at_tips, &selection, progress)
    })?;
    leave_out_before_gsd(config, &mut history, &mut run, &mut checked)?;
    finish(&settings, run, &mut checked)?;
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
                .then(|| {
                    Scanner::for_work_tree(&config.scan, root)
                        .map(|s| s.without_planning(&config.planning_dir))
                })
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

/// One commit of the range as the walk met it: enough to find where GSD was adopted and to
/// read what the commit said about its planning files. Every commit of a range has one, so it
/// is kept small.
struct Meta {
    time: i64,
    id: ObjectId,
    tree: ObjectId,
    /// The place of its first parent in the walk ([`NO_PARENT`]: none, or not walked).
    first_parent: u32,
    /// Whether its tree has a planning folder, when that was looked up.
    planning: Option<bool>,
    /// Whether its message names a plan, phase or quick task.
    gsd_scope: bool,
}

const NO_PARENT: u32 = u32::MAX;

/// The walk's [`Meta`], newest first, in blocks: a long history's are not copied to a twice
/// larger vector each time it fills, and no more than one block is spare.
#[derive(Default)]
struct Metas {
    blocks: Vec<Vec<Meta>>,
    len: usize,
    /// Commits waiting for the walk to meet their first parent, by that parent: a walk's
    /// frontier, a few at a time.
    children: HashMap<ObjectId, Vec<u32>>,
}

const META_BLOCK: usize = 4096;

impl Metas {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds the next commit of the walk (`meta.first_parent` is filled in here).
    fn push(&mut self, meta: Meta, first_parent: Option<ObjectId>) {
        let seq = self.len as u32;
        for child in self.children.remove(&meta.id).into_iter().flatten() {
            if let Some(m) = self.get_mut(child as usize) {
                m.first_parent = seq;
            }
        }
        if let Some(parent) = first_parent {
            self.children.entry(parent).or_default().push(seq);
        }
        if self.blocks.last().is_none_or(|b| b.len() == META_BLOCK) {
            self.blocks.push(Vec::with_capacity(META_BLOCK));
        }
        if let Some(block) = self.blocks.last_mut() {
            block.push(meta);
            self.len += 1;
        }
    }

    fn get(&self, seq: usize) -> Option<&Meta> {
        self.blocks.get(seq / META_BLOCK)?.get(seq % META_BLOCK)
    }

    fn get_mut(&mut self, seq: usize) -> Option<&mut Meta> {
        self.blocks
            .get_mut(seq / META_BLOCK)?
            .get_mut(seq % META_BLOCK)
    }

    fn iter(&self) -> impl Iterator<Item = &Meta> {
        self.blocks.iter().flatten()
    }
}

impl std::ops::Index<usize> for Metas {
    type Output = Meta;

    fn index(&self, seq: usize) -> &Meta {
        &self.blocks[seq / META_BLOCK][seq % META_BLOCK]
    }
}

impl std::ops::IndexMut<usize> for Metas {
    fn index_mut(&mut self, seq: usize) -> &mut Meta {
        &mut self.blocks[seq / META_BLOCK][seq % META_BLOCK]
    }
}

/// The walk's commits by place (0 is the newest). A commit that no rule will read again (it
/// names no plan, is not placed later, and changed no planning file) is let go once its diff
/// is in, and a merge that is not diffed at once, so a long history that
/// is not GSD's is not held to the end.
#[derive(Default)]
pub(super) struct Commits(Vec<Option<Box<CommitFacts>>>);

impl Commits {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn push(&mut self, facts: CommitFacts) {
        self.0.push(Some(Box::new(facts)));
    }

    pub(super) fn get_mut(&mut self, seq: usize) -> Option<&mut CommitFacts> {
        self.0.get_mut(seq).and_then(|c| c.as_deref_mut())
    }

    fn let_go(&mut self, seq: usize) {
        if let Some(c) = self.0.get_mut(seq) {
            *c = None;
        }
    }

    /// The kept commits with their places.
    fn iter_mut(&mut self) -> impl Iterator<Item = (usize, &mut CommitFacts)> {
        self.0
            .iter_mut()
            .enumerate()
            .filter_map(|(seq, c)| Some((seq, c.as_deref_mut()?)))
    }

    /// The kept commits, oldest first.
    fn oldest_first(self) -> Vec<CommitFacts> {
        self.0.into_iter().rev().flatten().map(|c| *c).collect()
    }
}

/// What the walk gathered.
struct Run<'r> {
    planning_exists: bool,
    /// Every commit of the range, newest first, as walked.
    meta: Metas,
    /// A tree of the range (or the work tree) has a planning folder.
    uses_gsd: bool,
    /// Commits whose tree could not be read for their plans.
    unreadable_trees: usize,
    /// Finished plans at the tips that no commit of a whole-history walk names.
    unwalked_plans: usize,
    /// Commits of the range itself.
    checked: usize,
    /// Newest first, as walked.
    commits: Commits,
    /// Findings on their way to the report: the scan's, and the messages' sure to stand.
    outbox: Outbox<'r>,
    /// Message findings that the rest of the walk may settle or take back.
    message_findings: Vec<Finding>,
    plans: Vec<PlanFacts>,
    skipped: SkipCounts,
    lossy_messages: usize,
    crossed_shallow: bool,
    unknown_diffs: usize,
    /// Commits whose plans are settled after the walk.
    unplaced: Vec<plans::Unplaced>,
}

impl Run<'_> {
    /// Puts one commit's diff in place.
    fn absorb(&mut self, diff: CommitDiff, rules: &DiffRules, keep_facts: bool) {
        let renames = diff.paths.iter().flatten();
        let renames = renames.filter_map(|t| Some((t.from.as_deref()?, &*t.path)));
        self.outbox.diffed(diff.seq, diff.findings, renames);
        match diff.paths {
            Some(mut paths) => {
                // A commit of no plan (most of a history that is not GSD's) needs only what
                // the commit-level rules read: its planning files (the scan's rename chains
                // took its renames). The rest would be held to the end for nothing.
                let seq = diff.seq;
                let placed_later = self.unplaced.binary_search_by_key(&seq, |u| u.seq).is_ok();
                if let Some(facts) = self.commits.get_mut(seq) {
                    if facts.plans.is_empty() && !placed_later {
                        paths.retain(|t| rules.in_planning(&t.path));
                        paths.shrink_to_fit();
                    }
                    let unread = facts.plans.is_empty() && !placed_later && paths.is_empty();
                    facts.paths = paths;
                    if unread && !keep_facts {
                        self.commits.let_go(seq);
                    }
                }
            }
            None => self.unknown_diffs += 1,
        }
        self.skipped.add(&diff.skipped);
    }
}

/// What every step of the walk reads.
struct Walking<'a> {
    config: &'a Config,
    settings: &'a Settings,
    repo: &'a Repo,
    work_tree: Arc<Planning>,
    /// The planning trees of the range's tips.
    later: Arc<[Arc<Planning>]>,
    options: &'a Options,
}

impl Walking<'_> {
    /// The planning trees a commit is judged by: its own tree's, with the tips' and (for the
    /// local doors) the work tree's after it; or, when its tree has no planning folder, the
    /// work tree's: the project keeps its plans out of git there (no folder, or one its
    /// `.gitignore` or `commit_docs: false` leaves without plans), and a scope that names no
    /// plan of the work tree is not known to name nothing.
    fn judged(&self, own: Option<Arc<Planning>>, kept_out: bool) -> Judged {
        match own {
            Some(at) if !kept_out => Judged {
                at,
                later: Arc::clone(&self.later),
                work_tree: self
                    .options
                    .work_tree
                    .then(|| Arc::clone(&self.work_tree))
                    .filter(|w| w.exists()),
                kept_out: false,
            },
            _ => Judged {
                at: Arc::clone(&self.work_tree),
                later: Arc::from(Vec::new()),
                work_tree: None,
                kept_out: true,
            },
        }
    }
}

/// The walk of the range itself: messages on this thread, diffs on the workers.
fn walk_range<'s, 'r>(
    s: &'s Scope<'s, '_>,
    w: &Walking<'s>,
    history: &mut History,
    mut walked: Walker,
    at_tips: Option<TipVersions<'r>>,
    selection: &Selection,
    progress: &mut dyn FnMut(Progress),
) -> Result<Run<'r>> {
    let settings = w.settings;
    let cx = MessageContext::new(&w.config.message, None, Comments::Keep)?;
    // Messages-only runs hold no plan to its promise: nothing to diff, no plan to read.
    let mut loader = (!settings.messages_only).then(|| PlanLoader::start(s));
    let mut pool = (!settings.messages_only).then(|| DiffPool::start(s, w.repo, settings));
    let mut run = Run {
        planning_exists: w.work_tree.exists() || !w.later.is_empty(),
        meta: Metas::default(),
        uses_gsd: w.work_tree.exists() || !w.later.is_empty(),
        unreadable_trees: 0,
        unwalked_plans: 0,
        checked: 0,
        commits: Commits::default(),
        outbox: Outbox::new(w.options.stream, at_tips),
        message_findings: Vec::new(),
        plans: Vec::new(),
        skipped: SkipCounts::default(),
        lossy_messages: 0,
        crossed_shallow: false,
        unknown_diffs: 0,
        unplaced: Vec::new(),
    };
    for info in walked.by_ref() {
        let info = info?;
        run.lossy_messages += usize::from(info.message_lossy);
        let gsd_scope = names_gsd_scope(&info.message);
        // Only a repository that uses (or used) GSD has trees worth reading for plans.
        let own = if run.uses_gsd || gsd_scope {
            // A tree that cannot be read loses the commit nothing but its own plans: it is
            // judged by the work tree's, and a note says so.
            history.planning_at(info.tree).unwrap_or_else(|_| {
                run.unreadable_trees += 1;
                None
            })
        } else {
            None
        };
        let own_planning = own.is_some();
        run.uses_gsd |= own_planning;
        let seq = run.meta.len();
        // Sure to stand unless the commit may turn out to be from before the project adopted
        // GSD: with GSD in sight, only a commit that carries the planning folder is sure to
        // stay. The walk goes newest first by date, so a commit met before any planning
        // folder is no older than the one where the folder appears.
        let settled = !run.uses_gsd || own_planning;
        let meta = Meta {
            time: info.time,
            id: info.id,
            tree: info.tree,
            first_parent: NO_PARENT,
            planning: (run.uses_gsd || gsd_scope).then_some(own.is_some()),
            gsd_scope,
        };
        run.meta.push(meta, info.parents.first().copied());
        let kept_out = match &own {
            Some(_) => history
                .policy_at(info.tree)
                .is_ok_and(|p| p.keeps_plans_out()),
            None => true,
        };
        let judged = w.judged(own, kept_out);
        let diffed = pool.is_some() && (!info.is_merge() || settings.rules.attribute_merges);
        run.outbox.walked(seq, diffed, settled);
        if let (Some(pool), Some(loader)) = (pool.as_mut(), loader.as_mut()) {
            if diffed {
                pool.push(seq, &info)?;
            }
            let facts = commit_facts(&info, &judged, true, |file, from| loader.want(file, from));
            note_unplaced(&mut run, &facts, &info, gsd_scope, &judged);
            // A merge that is not diffed and names no plan has nothing more coming: no rule
            // reads it (`Run::absorb` lets the others go when their diffs are in).
            let unread = !diffed
                && facts.plans.is_empty()
                && run.unplaced.last().is_none_or(|u| u.seq != seq);
            run.commits.push(facts);
            if unread && !settings.keep_facts {
                run.commits.let_go(seq);
            }
            // Diffs done so far go to their commits now, not in one heap at the end.
            for diff in pool.ready() {
                run.absorb(diff?, &settings.rules, settings.keep_facts);
            }
        } else if settings.keep_facts {
            let key = |file: &PlanFile, _| Arc::from(file.path.as_str());
            let facts = commit_facts(&info, &judged, true, key);
            note_unplaced(&mut run, &facts, &info, gsd_scope, &judged);
            run.commits.push(facts);
        }
        run.checked += 1;
        let author_ignored = settings
            .ignore_authors
            .as_ref()
            .is_some_and(|set| set.is_match(&info.author));
        // A commit with two parents is a merge whatever its subject says (GitHub's test
        // merges read `Merge <sha> into <sha>`): git wrote it, nobody typed it.
        if !author_ignored && !info.is_merge() {
            let plans = judged.plans();
            let cx = cx.with_plans(Some(plans));
            // Final now unless later trees may settle a scope (`plan-not-found`,
            // `plan-ambiguous`) or the commit is not settled.
            let sure = w.options.stream && settled;
            let (held, final_now): (Vec<_>, Vec<_>) = lint_message(info, &cx, w.options.autosquash)
                .into_iter()
                .partition(|f| {
                    !sure
                        || f.rule == message::PLAN_NOT_FOUND.id
                        || f.rule == message::PLAN_AMBIGUOUS.id
                });
            run.message_findings.extend(held);
            run.outbox.said(final_now);
        }
        run.outbox.settle(progress);
        if run.checked % PROGRESS_EVERY == 0 {
            progress(Progress::Read(run.checked));
        }
        if run.checked % RELEASE_PAGES_EVERY == 0 {
            crate::git::pages::release();
        }
    }
    run.crossed_shallow = walked.crossed_shallow;
    if let Some(pool) = pool {
        for diff in pool.finish()? {
            run.absorb(diff?, &settings.rules, settings.keep_facts);
        }
    }
    run.outbox.settle(progress);
    progress(Progress::Done);
    forget_found_elsewhere(history, &mut run);
    if let Some(mut loader) = loader {
        let unplaced = std::mem::take(&mut run.unplaced);
        plans::place_late(
            &unplaced,
            &mut run.commits,
            &run.meta,
            history,
            &mut run.message_findings,
            |file, from| loader.want(file, from),
        );
        run.plans = loader.finish();
        for plan in &mut run.plans {
            // A SUMMARY a later commit added, where the plan still is at a tip, counts.
            plan.has_summary |= w.later.iter().any(|p| {
                p.plan_at_path(&plan.key)
                    .is_some_and(|f| f.summary.is_some())
            });
        }
        look_back(s, w, history, selection, &mut run)?;
        run.unwalked_plans = unwalked_plans(w, selection, &run.plans);
        for (seq, facts) in run.commits.iter_mut() {
            let Some(meta) = run.meta.get(seq) else {
                break;
            };
            if facts
                .paths
                .iter()
                .any(|t| !t.deleted && settings.rules.in_planning(&t.path))
            {
                facts.docs = history.policy_at(meta.tree)?;
            }
        }
    } else if settings.keep_facts {
        let unplaced = std::mem::take(&mut run.unplaced);
        plans::place_late(
            &unplaced,
            &mut run.commits,
            &run.meta,
            history,
            &mut run.message_findings,
            |file, _| Arc::from(file.path.as_str()),
        );
    }
    Ok(run)
}

/// Keeps the message of a commit whose scope names plan work its trees did not settle, for
/// [`plans::place_late`] once the walk is done.
fn note_unplaced(
    run: &mut Run,
    facts: &CommitFacts,
    info: &CommitInfo,
    gsd_scope: bool,
    judged: &Judged,
) {
    if !gsd_scope || judged.kept_out || info.is_merge() {
        return;
    }
    // A finished plan of its own tree, while another folder of that phase number exists: the
    // phase number was used again, and the commit may be the new folder's work, whose
    // PLAN.md comes later.
    let doubtful =
        !facts.plans.is_empty()
            && facts.plans.iter().all(|key| {
                judged.at.plan_at_path(key).is_some_and(|f| {
                    f.summary.is_some()
                        && judged.at.phases().iter().any(|p| {
                            p.id == f.phase && p.dir != f.phase_dir && !p.area.is_archived()
                        })
                })
            });
    if facts.plans.is_empty() || doubtful {
        let code = facts
            .ty
            .as_deref()
            .is_some_and(|t| crate::config::CODE_TYPES.contains(&t));
        run.unplaced.push(plans::Unplaced {
            seq: run.commits.len(),
            message: info.message.clone(),
            code,
            doubtful,
        });
    }
}

/// Leaves out the commits from before the project adopted GSD, unless `[history]
/// before-gsd = "check"`: GSD's rules start where its planning folder first appears. That is
/// the oldest commit of the range's first-parent line whose tree has the folder (found by
/// bisecting the line, which gains the folder once); commits older than it that lack the
/// folder are left out, side branches of that time included, and one note counts them. A
/// project whose plans never were in git is taken to have adopted GSD with its first commit
/// that names a plan, phase or quick task.
fn leave_out_before_gsd(
    config: &Config,
    history: &mut History,
    run: &mut Run,
    out: &mut Checked,
) -> Result<()> {
    if config.history.before_gsd == BeforeGsd::Check || !run.uses_gsd || run.meta.is_empty() {
        return Ok(());
    }
    let mut chain = vec![0usize];
    while let Some(next) = run
        .meta
        .get(*chain.last().unwrap_or(&0))
        .map(|m| m.first_parent)
        .filter(|&p| p != NO_PARENT)
    {
        chain.push(next as usize);
    }
    let mut present = |i: usize, run: &mut Run| -> Result<bool> {
        if let Some(known) = run.meta[i].planning {
            return Ok(known);
        }
        let has = history.has_planning(run.meta[i].tree).unwrap_or(false);
        run.meta[i].planning = Some(has);
        Ok(has)
    };
    let oldest = chain.len() - 1;
    if present(chain[oldest], run)? {
        return Ok(());
    }
    let mut known = None;
    for (k, &i) in chain.iter().enumerate() {
        if run.meta[i].planning == Some(true) {
            known = Some(k);
        }
    }
    if known.is_none() && present(chain[0], run)? {
        known = Some(0);
    }
    let adopted = match known {
        Some(mut lo) => {
            let mut hi = oldest;
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if present(chain[mid], run)? {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            chain[lo]
        }
        // No tree of the line has the folder: the plans live outside git.
        None => match run
            .meta
            .iter()
            .enumerate()
            .filter(|(_, m)| m.gsd_scope)
            .min_by_key(|(_, m)| m.time)
        {
            Some((i, _)) => i,
            None => return Ok(()),
        },
    };
    let cutoff = run.meta[adopted].time;
    let before: HashSet<usize> = (0..run.meta.len())
        .filter(|&i| run.meta[i].time < cutoff && run.meta[i].planning != Some(true))
        .collect();
    if before.is_empty() {
        return Ok(());
    }
    let ids: HashSet<String> = before.iter().map(|&i| run.meta[i].id.to_string()).collect();
    run.message_findings
        .retain(|f| f.location.commit.as_ref().is_none_or(|c| !ids.contains(c)));
    run.outbox.leave_out(&before);
    for (_, facts) in run.commits.iter_mut() {
        if ids.contains(&*facts.id) {
            // Kept for what earlier plans did, as a commit from before the range would be.
            facts.in_range = false;
        }
    }
    run.checked -= before.len().min(run.checked);
    let date = crate::clock::rfc3339(cutoff);
    out.notes.push(format!(
        "left out {} commit{} from before the project adopted GSD (its planning folder first appears in {}, {}); `[history] before-gsd = \"check\"` in planlint.toml checks them too",
        before.len(),
        if before.len() == 1 { "" } else { "s" },
        crate::git::short(&run.meta[adopted].id),
        &date[..10.min(date.len())]
    ));
    Ok(())
}

/// A scope that names a plan, phase or quick task of another commit of the range (archived
/// since, or committed after it and deleted again) names something real. The planning trees of
/// commits the walk did not read (a history that showed no planning folder yet) are read now,
/// only while a not-found finding is left to settle. The work tree is not asked: a plan only
/// there is `msg/plan-uncommitted` where it is looked at.
fn forget_found_elsewhere(history: &mut History, run: &mut Run) {
    let open = |run: &Run, history: &History| {
        run.message_findings.iter().any(|f| {
            f.rule == message::PLAN_NOT_FOUND.id
                && !f.location.plan.as_deref().is_some_and(|k| history.knows(k))
        })
    };
    if run.uses_gsd && open(run, history) {
        for m in run.meta.iter() {
            if m.planning.is_none() {
                let _ = history.planning_at(m.tree);
            }
        }
    }
    run.message_findings.retain(|f| {
        f.rule != message::PLAN_NOT_FOUND.id
            || !f.location.plan.as_deref().is_some_and(|k| history.knows(k))
    });
}

/// Finished plans of the tips that no commit of the walk names, when the walk is the whole
/// history: squash-merged pull requests leave their plans' commits on the PR branches, so
/// only a pull request's own range can hold those plans to their files_modified.
fn unwalked_plans(w: &Walking<'_>, selection: &Selection, named: &[PlanFacts]) -> usize {
    if selection.parts.iter().any(|p| !p.hidden.is_empty()) {
        return 0;
    }
    let named: HashSet<&str> = named.iter().map(|p| &*p.key).collect();
    let mut finished: HashSet<&str> = HashSet::new();
    for tip in w.later.iter() {
        for plan in tip.plans().chain(tip.quick_plans()) {
            if plan.summary.is_some() && !named.contains(plan.path.as_str()) {
                finished.insert(&plan.path);
            }
        }
    }
    finished.len()
}

/// Whether a message's scope names a plan, phase or quick task: the commits whose trees are
/// worth reading even in a repository that shows no planning folder now.
fn names_gsd_scope(message: &str) -> bool {
    // Every such header has a scope in parentheses on its first line (`Revert "feat(02-01)`,
    // `fixup! feat(02-01)` too): a plain-English header is not parsed for it.
    let first = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if !first.contains('(') {
        return false;
    }
    matches!(
        message::scope_kind(&message::parse(message)),
        Some(
            ScopeKind::Plans(_)
                | ScopeKind::Phase(..)
                | ScopeKind::PhaseFolder(..)
                | ScopeKind::Quick(_)
        )
    )
}

/// Lints one commit's message; findings carry the commit.
fn lint_message(info: CommitInfo, cx: &MessageContext<'_>, autosquash: bool) -> Vec<Finding> {
    let id = info.id.to_string();
    let source = SourceText::new(format!("commit {}", info.short()), info.message);
    let mut findings = message::lint_source(&source, cx);
    if autosquash {
        findings.extend(message::autosquash(&source));
    }
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
    w: &Walking<'s>,
    history: &mut History,
    selection: &Selection,
    run: &mut Run,
) -> Result<()> {
    let (settings, repo) = (w.settings, w.repo);
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
        let own = history.planning_at(info.tree).unwrap_or(None);
        let kept_out = own.is_none()
            || history
                .policy_at(info.tree)
                .is_ok_and(|p| p.keeps_plans_out());
        let judged = w.judged(own, kept_out);
        let key = |file: &PlanFile, _| Arc::from(file.path.as_str());
        let mut facts = commit_facts(&info, &judged, false, key);
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
    for facts in older {
        run.commits.push(facts);
    }
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
fn finish(settings: &Settings, mut run: Run<'_>, out: &mut Checked) -> Result<()> {
    let checked = run.checked;
    out.findings.append(&mut run.message_findings);
    if !settings.messages_only {
        // Whole-file mode scanned every version of each file; the same holding-up against the
        // range's end keeps what is still there, once.
        out.findings.extend(run.outbox.finish());
        // Oldest first: the order plans were carried out in.
        let commits = std::mem::take(&mut run.commits).oldest_first();
        out.findings
            .extend(check::check_plans(&run.plans, &commits, &settings.rules));
        out.findings
            .extend(check::check_commits(&commits, &run.plans, &settings.rules));
        out.commits = commits;
    } else {
        out.commits = std::mem::take(&mut run.commits).oldest_first();
    }
    if run.unwalked_plans > 0 {
        let n = run.unwalked_plans;
        out.notes.push(format!(
            "{n} finished plan{} {} no commit on this branch naming {}: a squash merge keeps a pull request's commits on its branch; `planlint ci` on the pull request (or `planlint check BASE..HEAD` on its branch) holds {} to files_modified",
            if n == 1 { "" } else { "s" },
            if n == 1 { "has" } else { "have" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        ));
    }
    if run.unreadable_trees > 0 {
        out.notes.push(format!(
            "the trees of {} commit(s) could not be read: their scopes were looked up in the work tree's plans; `git fsck` says more",
            run.unreadable_trees
        ));
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
    if !run.planning_exists && !run.uses_gsd {
        out.notes.push(format!(
            "no {}/ found: commits are checked as plain Conventional Commits",
            settings.rules.planning_dir()
        ));
    }
    out.notes.push(format!(
        "checked {checked} commit{} ({})",
        if checked == 1 { "" } else { "s" },
        out.label
    ));
    out.checked = checked;
    Ok(())
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
