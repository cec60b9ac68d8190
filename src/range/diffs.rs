//! The diff workers: each diffs commits against their first parent and scans the lines they
//! add, with its own repository handle and caches, while the walk goes on.

use std::ops::Range;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use crate::check::relocate::{self, Hit};
use crate::check::Touched;
use crate::error::{Error, Result};
use crate::git::{Change, CommitInfo, Differ, Repo};
use crate::scan::{LineSet, Scanner};

use super::skipped::SkipCounts;
use super::walk::parallelism;
use super::{touched, Settings, BATCH};

/// What a worker needs to diff one commit: the commit without its message.
struct DiffJob {
    seq: usize,
    info: CommitInfo,
}

/// What diffing one commit gave.
pub(super) struct CommitDiff {
    pub(super) seq: usize,
    /// `None` when unknown (shallow boundary).
    pub(super) paths: Option<Vec<Touched>>,
    pub(super) findings: Vec<Hit>,
    pub(super) skipped: SkipCounts,
}

/// Worker threads that diff (and scan) commits while the main thread walks and lints
/// messages. Each worker owns a repository handle and diff caches; queues are bounded so
/// memory stays flat however long the range.
pub(super) struct DiffPool {
    jobs: Option<SyncSender<Vec<DiffJob>>>,
    results: Receiver<Result<CommitDiff>>,
    batch: Vec<DiffJob>,
}

impl DiffPool {
    pub(super) fn start<'s>(s: &'s Scope<'s, '_>, repo: &Repo, settings: &'s Settings) -> DiffPool {
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

    pub(super) fn push(&mut self, seq: usize, info: &CommitInfo) -> Result<()> {
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
    pub(super) fn ready(&self) -> impl Iterator<Item = Result<CommitDiff>> + '_ {
        self.results.try_iter()
    }

    /// Sends what is queued and waits for every diff.
    pub(super) fn finish(mut self) -> Result<mpsc::IntoIter<Result<CommitDiff>>> {
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
        out.skipped.count(&why);
        return Ok(());
    }
    let added = match differ.added(change, scanner.max_file_size(), whole_files)? {
        None => return Ok(()),
        Some(Err(why)) => {
            out.skipped.count(&why);
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
        out.skipped.count(why);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_sets_are_one_based() {
        let set = line_set(&[0..2, 5..6]);
        assert!(set.contains(1) && set.contains(2) && set.contains(6));
        assert!(!set.contains(3) && !set.contains(5));
    }
}
