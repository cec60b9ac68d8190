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

/// The fields of a raw commit object planlint uses, found by scanning its header lines; a
/// walk reads thousands, and a full decode (every signature parsed, extra headers collected)
/// cost more than the rest of a messages-only run.
struct RawCommit<'a> {
    tree: ObjectId,
    parents: Vec<ObjectId>,
    /// `Name <email>`, without the time.
    author: &'a [u8],
    /// Committer time, seconds since the epoch.
    time: i64,
    message: &'a [u8],
}

impl<'a> RawCommit<'a> {
    fn parse(data: &'a [u8], kind: gix::hash::Kind) -> Option<RawCommit<'a>> {
        let hex_len = kind.len_in_hex();
        let mut tree = None;
        let mut parents = Vec::new();
        let mut author: &[u8] = b"";
        let mut time = 0;
        let mut rest = data;
        loop {
            let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            let line = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or_default();
            if line.is_empty() {
                break; // the message follows the first empty line
            }
            // Continuation lines of a multi-line header (a signature) start with a space.
            let Some((key, value)) = line.split_first_space() else {
                continue;
            };
            match key {
                b"tree" => tree = Some(hex_id(value, hex_len)?),
                b"parent" => parents.push(hex_id(value, hex_len)?),
                b"author" => author = signature_who(value),
                b"committer" => time = signature_time(value),
                _ => {}
            }
            if rest.is_empty() {
                break;
            }
        }
        Some(RawCommit {
            tree: tree?,
            parents,
            author,
            time,
            message: rest,
        })
    }
}

/// Splits a header line at its first space; `None` for a continuation line.
trait SplitFirstSpace {
    fn split_first_space(&self) -> Option<(&[u8], &[u8])>;
}

impl SplitFirstSpace for [u8] {
    fn split_first_space(&self) -> Option<(&[u8], &[u8])> {
        let i = memchr::memchr(b' ', self).filter(|&i| i > 0)?;
        Some((&self[..i], &self[i + 1..]))
    }
}

fn hex_id(hex: &[u8], len: usize) -> Option<ObjectId> {
    (hex.len() == len)
        .then(|| ObjectId::from_hex(hex).ok())
        .flatten()
}

/// `Name <email>` of `Name <email> 1700000000 +0000`.
fn signature_who(value: &[u8]) -> &[u8] {
    match memchr::memrchr(b'>', value) {
        Some(i) => &value[..=i],
        None => value,
    }
}

/// The seconds of `Name <email> 1700000000 +0000` (0 when unreadable).
fn signature_time(value: &[u8]) -> i64 {
    let after = memchr::memrchr(b'>', value).map_or(value, |i| &value[i + 1..]);
    let digits = after
        .trim_ascii_start()
        .split(|&b| b == b' ')
        .next()
        .unwrap_or_default();
    std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// The streaming walk of commit ids; see [`Repo::walk_ids`].
pub struct WalkIds<'r> {
    repo: &'r Repo,
    parts: std::vec::IntoIter<Part>,
    first_parent: bool,
    current: Option<gix::revision::Walk<'r>>,
    /// The commits handed out, when several parts may reach the same ones (one part's walk
    /// meets each commit once on its own).
    seen: Option<HashSet<ObjectId>>,
}

/// The streaming walk of commits; see [`Repo::walk`].
pub struct Walk<'r> {
    ids: WalkIds<'r>,
    /// Set once a commit on the shallow boundary was reached: history beyond it is missing.
    pub crossed_shallow_boundary: bool,
}

impl Repo {
    /// Walks the commits of a selection, newest first; each commit once even when several
    /// parts reach it.
    pub fn walk(&self, selection: &Selection) -> Walk<'_> {
        Walk {
            ids: self.walk_ids(selection),
            crossed_shallow_boundary: false,
        }
    }

    /// The ids of [`Repo::walk`], without reading the commits (with a commit-graph, the walk
    /// itself reads no object), for callers that read them on other threads.
    pub fn walk_ids(&self, selection: &Selection) -> WalkIds<'_> {
        WalkIds {
            repo: self,
            parts: selection.parts.clone().into_iter(),
            first_parent: selection.first_parent,
            current: None,
            seen: (selection.parts.len() > 1).then(HashSet::new),
        }
    }

    /// Reads one commit.
    pub fn commit_info(&self, id: ObjectId) -> Result<CommitInfo> {
        let object = self
            .inner
            .find_object(id)
            .map_err(|e| object_error(&id, e))?;
        if object.kind != gix::object::Kind::Commit {
            return Err(object_error(
                &id,
                format!("expected a commit, found a {}", object.kind),
            ));
        }
        let raw = RawCommit::parse(&object.data, id.kind())
            .ok_or_else(|| object_error(&id, "the commit object is malformed"))?;
        let (message, message_lossy) = match std::str::from_utf8(raw.message) {
            Ok(s) => (s.to_string(), false),
            Err(_) => (String::from_utf8_lossy(raw.message).into_owned(), true),
        };
        Ok(CommitInfo {
            id,
            parents: raw.parents,
            tree: raw.tree,
            message,
            message_lossy,
            author: String::from_utf8_lossy(raw.author).into_owned(),
            time: raw.time,
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
        let commit = match self.ids.next()? {
            Ok(id) => self.ids.repo.commit_info(id),
            Err(e) => Err(e),
        };
        if let Ok(c) = &commit {
            self.crossed_shallow_boundary |= c.shallow_boundary;
        }
        Some(commit)
    }
}

impl Iterator for WalkIds<'_> {
    type Item = Result<ObjectId>;

    fn next(&mut self) -> Option<Result<ObjectId>> {
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
                    if self.seen.as_mut().is_none_or(|seen| seen.insert(info.id)) {
                        return Some(Ok(info.id));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const P1: &str = "1111111111111111111111111111111111111111";
    const P2: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn reads_the_fields_a_check_needs() {
        let data = format!(
            "tree {TREE}\nparent {P1}\nparent {P2}\nauthor Ann Example <ann@example.com> 1700000000 +0100\n\
             committer Bob <bob@example.com> 1700000042 -0500\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n tree {P1}\n -----END PGP SIGNATURE-----\n\n\
             feat(02-01): subject\n\nbody\n"
        );
        let c = RawCommit::parse(data.as_bytes(), gix::hash::Kind::Sha1).unwrap();
        assert_eq!(c.tree.to_string(), TREE);
        assert_eq!(c.parents.len(), 2);
        assert_eq!(c.parents[1].to_string(), P2);
        assert_eq!(c.author, b"Ann Example <ann@example.com>");
        assert_eq!(c.time, 1700000042);
        assert_eq!(c.message, b"feat(02-01): subject\n\nbody\n");
    }

    #[test]
    fn a_commit_without_message_or_tree() {
        let bare = format!("tree {TREE}\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 2 +0000\n");
        let c = RawCommit::parse(bare.as_bytes(), gix::hash::Kind::Sha1).unwrap();
        assert_eq!(c.message, b"");
        assert!(c.parents.is_empty());
        assert!(
            RawCommit::parse(b"author A <a@b> 1 +0000\n\nmsg", gix::hash::Kind::Sha1).is_none()
        );
        assert!(RawCommit::parse(b"tree nothex\n\nmsg", gix::hash::Kind::Sha1).is_none());
    }
}
