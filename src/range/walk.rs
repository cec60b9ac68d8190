//! The walk's threads: one finds the ids of a selection, in walk order, and hands them over in
//! numbered chunks; readers decode the commits; [`Walker`] puts the chunks back in order.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use gix::ObjectId;

use crate::error::{Error, Result};
use crate::git::range::Selection;
use crate::git::{CommitInfo, Repo};

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
pub(super) struct Walker {
    rx: Receiver<Walked>,
    chunk: std::vec::IntoIter<CommitInfo>,
    /// Chunks read ahead of their turn, by number.
    early: BTreeMap<usize, Vec<CommitInfo>>,
    next: usize,
    total: Option<usize>,
    failed: bool,
    pub(super) crossed_shallow: bool,
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
pub(super) fn spawn_walker<'s>(
    s: &'s Scope<'s, '_>,
    repo: &Repo,
    selection: &Selection,
    limit: Option<usize>,
    readers: usize,
) -> Walker {
    // Read-ahead: chunks of commits decoded before the walk asks for them. A messages-only
    // walk (with readers) keeps its readers busy; a walk that diffs waits on its diff
    // workers, and more read-ahead would only be memory.
    let ahead = if readers > 1 { 16 } else { 4 };
    let (tx, rx) = mpsc::sync_channel::<Walked>(ahead);
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
pub(super) fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
