//! Commits of a [`Selection`], streamed newest first (git log's order), each visited once.
//!
//! Only what the checks need is kept per commit: ids, the raw message (spans point into it, so
//! it is not trimmed), the author. Trees and blobs are read later, one commit at a time.

use std::collections::HashSet;

use gix::ObjectId;

use super::range::{Part, Selection};
use super::{object_error, Repo};
use crate::error::Result;

/// One commit, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    /// Parents as the commit records them (they may be missing in a shallow clone).
    pub parents: Vec<ObjectId>,
    pub tree: ObjectId,
    /// The message exactly as stored, decoded as UTF-8 (lossily: see `message_lossy`).
    pub message: String,
    /// The stored message was not valid UTF-8; `message` holds replacement characters.
    pub message_lossy: bool,
    /// `Name <email>`.
    pub author: String,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// The parents of this commit are not in this (shallow) clone.
    pub shallow_boundary: bool,
}

impl CommitInfo {
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    pub fn short(&self) -> String {
        super::short(&self.id)
    }
}

/// The streaming walk; see [`Repo::walk`].
pub struct Walk<'r> {
    repo: &'r Repo,
    parts: std::vec::IntoIter<Part>,
    first_parent: bool,
    current: Option<gix::revision::Walk<'r>>,
    seen: HashSet<ObjectId>,
    /// Set once a commit on the shallow boundary was reached: history beyond it is missing.
    pub crossed_shallow_boundary: bool,
}

impl Repo {
    /// Walks the commits of a selection, newest first; each commit once even when several
    /// parts reach it.
    pub fn walk(&self, selection: &Selection) -> Walk<'_> {
        Walk {
            repo: self,
            parts: selection.parts.clone().into_iter(),
            first_parent: selection.first_parent,
            current: None,
            seen: HashSet::new(),
            crossed_shallow_boundary: false,
        }
    }

    /// Reads one commit.
    pub fn commit_info(&self, id: ObjectId) -> Result<CommitInfo> {
        let object = self
            .inner
            .find_object(id)
            .map_err(|e| object_error(&id, e))?;
        let commit = gix::objs::CommitRef::from_bytes(&object.data, id.kind())
            .map_err(|e| object_error(&id, e))?;
        let (message, message_lossy) = match std::str::from_utf8(commit.message) {
            Ok(s) => (s.to_string(), false),
            Err(_) => (String::from_utf8_lossy(commit.message).into_owned(), true),
        };
        let author = match commit.author() {
            Ok(sig) => format!("{} <{}>", sig.name, sig.email),
            Err(_) => String::from_utf8_lossy(commit.author).into_owned(),
        };
        let time = commit
            .committer()
            .ok()
            .and_then(|c| c.time().ok())
            .map_or(0, |t| t.seconds);
        Ok(CommitInfo {
            id,
            parents: commit.parents().collect(),
            tree: commit.tree(),
            message,
            message_lossy,
            author,
            time,
            shallow_boundary: self.is_shallow_boundary(&id),
        })
    }

    fn start(&self, part: Part, first_parent: bool) -> Result<gix::revision::Walk<'_>> {
        let mut platform = self
            .inner
            .rev_walk(part.tips.iter().copied())
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                Default::default(),
            ))
            .with_hidden(part.hidden.iter().copied());
        if first_parent {
            platform = platform.first_parent_only();
        }
        platform.all().map_err(|e| {
            let id = part
                .tips
                .first()
                .copied()
                .unwrap_or_else(|| ObjectId::null(gix::hash::Kind::Sha1));
            object_error(&id, e)
        })
    }
}

impl Iterator for Walk<'_> {
    type Item = Result<CommitInfo>;

    fn next(&mut self) -> Option<Result<CommitInfo>> {
        loop {
            if self.current.is_none() {
                let part = self.parts.next()?;
                match self.repo.start(part, self.first_parent) {
                    Ok(w) => self.current = Some(w),
                    Err(e) => return Some(Err(e)),
                }
            }
            let walk = self.current.as_mut()?;
            match walk.next() {
                None => self.current = None,
                Some(Err(e)) => {
                    self.current = None;
                    self.parts = Vec::new().into_iter();
                    return Some(Err(crate::error::Error::git_help(
                        format!("cannot walk the history: {e}"),
                        "the repository may be corrupt or incomplete: `git fsck` says more",
                    )));
                }
                Some(Ok(info)) => {
                    if !self.seen.insert(info.id) {
                        continue;
                    }
                    let commit = self.repo.commit_info(info.id);
                    if let Ok(c) = &commit {
                        self.crossed_shallow_boundary |= c.shallow_boundary;
                    }
                    return Some(commit);
                }
            }
        }
    }
}
