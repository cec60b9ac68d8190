//! `planlint check`, and the one range pipeline every door uses.
//!
//! [`check_range`] resolves a range, walks its commits once (newest first, streaming), lints
//! each message, diffs each commit against its first parent on worker threads, and finally
//! holds each plan's `files_modified` against what its commits changed. `pre-push`, `ci` and
//! `verify` call it with their own [`RangeSpec`]; only this file knows the order of the steps.

use std::io::{IsTerminal, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::check::{self, CommitFacts, DiffRules, DocsPolicy, PlanFacts, Touched};
use crate::cli::{CheckArgs, CheckToggles};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::git::{ChangeKind, CommitInfo, DiffOptions, Differ, RangeSpec, Repo};
use crate::planning::{Lookup, PlanId, Planning};

use super::{Context, Outcome};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    let spec = RangeSpec::from_args(&args.range)?;
    check_range(ctx, &spec, &args.toggles)
}

/// Checks the commits of a range: messages, then (unless `messages_only`) each plan's
/// `files_modified` against the diff and the commit-level diff rules.
pub(crate) fn check_range(
    ctx: &Context,
    spec: &RangeSpec,
    toggles: &CheckToggles,
) -> Result<Outcome> {
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
        return Ok(outcome);
    }
    let planning = Planning::discover(root, &ctx.config.planning_dir);
    let rules = DiffRules::new(
        &ctx.config.planning_dir,
        &ctx.config.diff.allowed,
        ctx.config.diff.attribute_merges,
    )
    .map_err(|e| Error::usage(format!("invalid glob in diff.allowed: {e}")))?;
    let diff_options = DiffOptions {
        renames: ctx.config.diff.renames,
        ..DiffOptions::default()
    };

    let mut progress = Progress::new(ctx);
    let mut commits: Vec<CommitFacts> = Vec::new();
    let mut lossy = 0usize;
    let mut walk = repo.walk(&selection);
    let attribute_merges = ctx.config.diff.attribute_merges;
    let diffs = (!toggles.messages_only).then(|| DiffPool::start(&repo, diff_options));
    for info in walk.by_ref() {
        let info = info?;
        lossy += usize::from(info.message_lossy);
        let (facts, findings) = message_facts(&info, &planning);
        outcome.findings.extend(findings);
        if let Some(pool) = &diffs {
            if !info.is_merge() || attribute_merges {
                pool.send(commits.len(), &info)?;
            }
        }
        commits.push(facts);
        progress.tick(commits.len());
    }
    let crossed_shallow = walk.crossed_shallow_boundary;
    let mut unknown_diffs = 0usize;
    if let Some(pool) = diffs {
        for (seq, paths) in pool.finish()? {
            match paths {
                Some(paths) => commits[seq].paths = paths,
                None => unknown_diffs += 1,
            }
        }
    }
    progress.done();

    if lossy > 0 {
        outcome.notes.push(format!(
            "{lossy} commit message(s) are not valid UTF-8: checked with replacement characters"
        ));
    }
    if crossed_shallow {
        outcome.notes.push(shallow_note(unknown_diffs));
    }
    if !toggles.messages_only {
        // Oldest first: the order plans were carried out in.
        commits.reverse();
        let plans = plan_facts(&planning, &commits);
        outcome
            .findings
            .extend(check::check_plans(&plans, &commits, &rules));
        let policy = docs_policy(ctx, &repo, &commits)?;
        outcome
            .findings
            .extend(check::check_commits(&commits, &rules, policy));
    }
    if !planning.exists() && !ctx.quiet {
        outcome.notes.push(format!(
            "no {}/ found: commits are checked as plain Conventional Commits",
            ctx.config.planning_dir
        ));
    }
    let n = commits.len();
    outcome.notes.push(format!(
        "checked {n} commit{} ({})",
        if n == 1 { "" } else { "s" },
        outcome.subject
    ));
    Ok(outcome)
}

fn shallow_note(unknown_diffs: usize) -> String {
    let mut note = "this is a shallow clone and the range reaches past its oldest commit: \
                    only the commits that are here were checked"
        .to_string();
    if unknown_diffs > 0 {
        note.push_str(" (the oldest one's changes are unknown)");
    }
    note.push_str("; `git fetch --unshallow` (or `fetch-depth: 0` in CI) fetches the rest");
    note
}

/// The message findings of one commit and what the diff checks need of it.
fn message_facts(info: &CommitInfo, planning: &Planning) -> (CommitFacts, Vec<Finding>) {
    let id = info.id.to_string();
    let (ty, scopes) = header_type_and_plans(&info.message);
    let mut plan = None;
    let mut scope = None;
    for written in scopes {
        if let Lookup::Found(p) = planning.find_plan(&written) {
            plan = Some(p.path.clone());
            scope = Some(written.to_string());
            break;
        }
    }
    let facts = CommitFacts {
        id,
        ty,
        plan,
        scope,
        is_merge: info.is_merge(),
        paths: Vec::new(),
    };
    (facts, Vec::new())
}

/// The type and the plan ids of a Conventional Commit header (`feat(02-01): ...`).
fn header_type_and_plans(message: &str) -> (Option<String>, Vec<PlanId>) {
    let header = message.lines().next().unwrap_or("").trim();
    let Some((head, _)) = header.split_once(':') else {
        return (None, Vec::new());
    };
    let head = head.trim_end_matches('!');
    let (ty, scope) = match head.split_once('(') {
        Some((ty, rest)) => (ty, rest.strip_suffix(')')),
        None => (head, None),
    };
    if ty.is_empty() || !ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return (None, Vec::new());
    }
    let plans = scope
        .map(|s| s.split(',').filter_map(|p| PlanId::parse(p.trim())).collect())
        .unwrap_or_default();
    (Some(ty.to_string()), plans)
}

/// What the diff checks need of each plan that commits of the range name.
fn plan_facts(planning: &Planning, commits: &[CommitFacts]) -> Vec<PlanFacts> {
    let mut keys: Vec<&str> = commits.iter().filter_map(|c| c.plan.as_deref()).collect();
    keys.sort_unstable();
    keys.dedup();
    planning
        .plans()
        .filter(|p| keys.binary_search(&p.path.as_str()).is_ok())
        .map(|p| PlanFacts {
            key: p.path.clone(),
            id: p.id.to_string(),
            files_modified: None,
            has_summary: p.summary.is_some(),
            tdd: false,
        })
        .collect()
}

/// Whether the project keeps its planning files out of git: `commit_docs: false` in
/// `config.json`, or the folder ignored. Only looked up when some commit adds planning files.
fn docs_policy(ctx: &Context, repo: &Repo, commits: &[CommitFacts]) -> Result<DocsPolicy> {
    let dir = &ctx.config.planning_dir;
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    let touches = commits
        .iter()
        .any(|c| c.paths.iter().any(|t| !t.deleted && t.path.starts_with(&prefix)));
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
    let gitignored = repo.is_ignored_dir(dir.trim_end_matches('/'))?;
    Ok(DocsPolicy {
        commit_docs_false,
        gitignored,
    })
}

/// What a worker needs to diff one commit.
struct DiffJob {
    seq: usize,
    info: CommitInfo,
}

/// Paths a commit changed, or `None` when unknown (shallow boundary).
type DiffResult = (usize, Result<Option<Vec<Touched>>>);

/// Worker threads that diff commits while the main thread walks and lints messages. Each
/// worker has its own repository handle and diff caches; the queue is bounded so memory stays
/// flat however long the range.
struct DiffPool {
    jobs: Option<mpsc::SyncSender<DiffJob>>,
    results: mpsc::Receiver<DiffResult>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl DiffPool {
    fn start(repo: &Repo, options: DiffOptions) -> DiffPool {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let (job_tx, job_rx) = mpsc::sync_channel::<DiffJob>(256);
        let (res_tx, res_rx) = mpsc::channel::<DiffResult>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let workers = (0..threads)
            .map(|_| {
                let repo = repo.clone_for_thread();
                let job_rx = Arc::clone(&job_rx);
                let res_tx = res_tx.clone();
                std::thread::spawn(move || diff_worker(repo, options, &job_rx, &res_tx))
            })
            .collect();
        DiffPool {
            jobs: Some(job_tx),
            results: res_rx,
            workers,
        }
    }

    fn send(&self, seq: usize, info: &CommitInfo) -> Result<()> {
        let job = DiffJob {
            seq,
            info: CommitInfo {
                message: String::new(),
                author: String::new(),
                ..info.clone()
            },
        };
        self.jobs
            .as_ref()
            .and_then(|tx| tx.send(job).ok())
            .ok_or_else(|| Error::git("the diff workers stopped unexpectedly"))
    }

    /// Waits for every diff; the first error wins.
    fn finish(mut self) -> Result<Vec<(usize, Option<Vec<Touched>>)>> {
        drop(self.jobs.take());
        let mut out = Vec::new();
        let mut first_err = None;
        for (seq, res) in self.results.iter() {
            match res {
                Ok(paths) => out.push((seq, paths)),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        for w in self.workers.drain(..) {
            if w.join().is_err() {
                first_err.get_or_insert(Error::git("a diff worker failed"));
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

fn diff_worker(
    repo: Repo,
    options: DiffOptions,
    jobs: &Mutex<mpsc::Receiver<DiffJob>>,
    results: &mpsc::Sender<DiffResult>,
) {
    let mut differ = match Differ::new(&repo, options) {
        Ok(d) => Some(d),
        Err(e) => {
            let _ = results.send((usize::MAX, Err(e)));
            None
        }
    };
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let Some(differ) = differ.as_mut() else {
            continue; // drain the queue so the walk is never blocked
        };
        let res = differ.changes(&job.info).map(|changes| {
            changes.map(|changes| {
                changes
                    .into_iter()
                    .map(|c| Touched {
                        deleted: c.kind == ChangeKind::Deleted,
                        from: match c.kind {
                            ChangeKind::Renamed { from } => Some(from),
                            _ => None,
                        },
                        path: c.path,
                    })
                    .collect()
            })
        });
        if results.send((job.seq, res)).is_err() {
            return;
        }
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

    fn new(ctx: &Context) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !ctx.quiet && std::io::stderr().is_terminal(),
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
            || now.duration_since(self.last) < Duration::from_millis(100)
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let _ = write!(std::io::stderr(), "\rplanlint: {n} commits checked");
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
    fn header_type_and_plan_scopes() {
        let (ty, plans) = header_type_and_plans("feat(02-01): add x\n\nbody");
        assert_eq!(ty.as_deref(), Some("feat"));
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].to_string(), "02-01");
        assert_eq!(header_type_and_plans("Merge branch 'x'").0, None);
        assert!(header_type_and_plans("docs(state): x").1.is_empty());
    }
}
