//! The walk's findings, settled commit by commit as the diffs come in. A commit's scan
//! findings are held against the range's tips ([`crate::check::relocate`]) once every newer
//! commit's diff is in, when the renames its paths went through are known, and are handed on
//! with its message's findings, newest commit first. The report is then the same from one run to the
//! next however the diff workers finish, and a history's findings are not held to the end.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use gix::ObjectId;

use crate::check::relocate::{Claims, Hit, Now, Version};
use crate::finding::Finding;
use crate::git::{FileAt, FilesAt, Repo};

use super::Progress;

/// Most names one file is looked for under at the end of a range (itself and what the range
/// renamed it to).
const MAX_NAMES: usize = 8;

/// Files of the tips kept for the findings that look into them next: the same few files
/// collect findings commit after commit.
const CACHED_FILES: usize = 64;
const CACHED_BYTES: usize = 4 << 20;

/// Findings on their way out of the walk.
pub(super) struct Outbox<'r> {
    /// Reported as they are settled ([`Progress::Found`]), or kept for the end.
    stream: bool,
    /// The walk's commits from the newest not yet settled on; the first is `base`.
    waiting: VecDeque<Slot>,
    base: usize,
    /// `None` when nothing is scanned.
    tips: Option<TipVersions<'r>>,
    claims: Claims,
    /// What each path was renamed to, and by which commit of the walk.
    renamed: HashMap<Box<str>, Vec<(usize, Box<str>)>>,
    /// Scan findings of commits the end of the walk may still leave out (from before the
    /// project adopted GSD), and of every commit older than the first of those, so that
    /// newer findings still claim their lines first.
    held: Vec<Hit>,
    holding: bool,
    /// Scan findings settled while not streaming, with their commits' places.
    placed: Vec<(usize, Finding)>,
}

/// One commit waiting for its diff or for a newer commit's.
struct Slot {
    diff_due: bool,
    /// Nothing later in the walk can leave the commit out.
    settled: bool,
    /// Message findings to report with it (streaming only).
    messages: Vec<Finding>,
    hits: Vec<Hit>,
}

impl<'r> Outbox<'r> {
    /// `tips` reads the range's tips for the scan's findings, `None` when nothing is scanned.
    pub(super) fn new(stream: bool, tips: Option<TipVersions<'r>>) -> Outbox<'r> {
        Outbox {
            stream,
            waiting: VecDeque::new(),
            base: 0,
            tips,
            claims: Claims::default(),
            renamed: HashMap::new(),
            held: Vec::new(),
            holding: false,
            placed: Vec::new(),
        }
    }

    /// The walk met commit `seq` (the next one); its diff is to come when `diff_due`.
    pub(super) fn walked(&mut self, seq: usize, diff_due: bool, settled: bool) {
        debug_assert_eq!(seq, self.base + self.waiting.len());
        self.waiting.push_back(Slot {
            diff_due,
            settled,
            messages: Vec::new(),
            hits: Vec::new(),
        });
    }

    /// Message findings of the commit the walk met last, sure to stand.
    pub(super) fn said(&mut self, findings: Vec<Finding>) {
        if let Some(slot) = self.waiting.back_mut() {
            slot.messages.extend(findings);
        }
    }

    /// Commit `seq`'s diff: its scan findings and the renames it made (`from`, `to`).
    pub(super) fn diffed<'a>(
        &mut self,
        seq: usize,
        hits: Vec<Hit>,
        renames: impl Iterator<Item = (&'a str, &'a str)>,
    ) {
        // Only the scan's findings follow renames.
        // Kept in walk order, whatever order the diffs come in: the names of a path are then
        // the same run after run.
        for (from, to) in renames.filter(|_| self.tips.is_some()) {
            note_rename(&mut self.renamed, seq, from, to);
        }
        if let Some(slot) = seq
            .checked_sub(self.base)
            .and_then(|i| self.waiting.get_mut(i))
        {
            slot.diff_due = false;
            slot.hits = hits;
        }
    }

    /// Hands on the findings of every commit whose diff and newer commits' diffs are in.
    pub(super) fn settle(&mut self, progress: &mut dyn FnMut(Progress)) {
        while self.waiting.front().is_some_and(|s| !s.diff_due) {
            let Some(slot) = self.waiting.pop_front() else {
                break;
            };
            self.base += 1;
            for f in slot.messages {
                progress(Progress::Found(Box::new(f)));
            }
            if slot.hits.is_empty() {
                continue;
            }
            self.holding |= !slot.settled;
            if self.holding {
                self.held.extend(slot.hits);
                continue;
            }
            for hit in slot.hits {
                let seq = hit.seq;
                if let Some(f) = self.place(hit) {
                    if self.stream {
                        progress(Progress::Found(Box::new(f)));
                    } else {
                        self.placed.push((seq, f));
                    }
                }
            }
        }
    }

    /// Drops the findings not yet handed on of the commits the walk leaves out (a commit
    /// dated before an older one is settled early and may still be left out).
    pub(super) fn leave_out(&mut self, seqs: &HashSet<usize>) {
        self.held.retain(|h| !seqs.contains(&h.seq));
        self.placed.retain(|(seq, _)| !seqs.contains(seq));
    }

    /// The scan findings not handed on, in walk order: settled while not streaming, then the
    /// held ones.
    pub(super) fn finish(mut self) -> Vec<Finding> {
        debug_assert!(self.waiting.is_empty(), "a diff never came back");
        for hit in std::mem::take(&mut self.held) {
            let seq = hit.seq;
            if let Some(f) = self.place(hit) {
                self.placed.push((seq, f));
            }
        }
        self.placed.into_iter().map(|(_, f)| f).collect()
    }

    fn place(&mut self, hit: Hit) -> Option<Finding> {
        let Some(tips) = self.tips.as_mut() else {
            return Some(hit.finding);
        };
        let now = hit
            .finding
            .location
            .path
            .as_deref()
            .map(|path| tips.now(&names(&self.renamed, path, hit.seq)));
        self.claims.place(hit, now.as_ref())
    }
}

fn note_rename(
    renamed: &mut HashMap<Box<str>, Vec<(usize, Box<str>)>>,
    seq: usize,
    from: &str,
    to: &str,
) {
    let list = renamed.entry(from.into()).or_default();
    let at = list.partition_point(|(by, _)| *by <= seq);
    list.insert(at, (seq, to.into()));
}

/// The path and the names commits newer than `seq` gave it, breadth first; a few at most.
fn names<'a>(
    renamed: &'a HashMap<Box<str>, Vec<(usize, Box<str>)>>,
    path: &'a str,
    seq: usize,
) -> Vec<&'a str> {
    let mut names = vec![path];
    let mut k = 0;
    while k < names.len() && names.len() < MAX_NAMES {
        for (by, to) in renamed.get(names[k]).into_iter().flatten() {
            if *by < seq && !names.contains(&&**to) {
                names.push(to);
            }
        }
        k += 1;
    }
    names
}

/// What a path with a finding became by the range's end: its text at each tip of the range,
/// under each of its names. Read from git at the tips, not at the last commit that touched the
/// path: the walk interleaves branches by date, and a merge's changes are not diffed, so "the
/// last touch" can be another branch's version.
pub(super) struct TipVersions<'r> {
    /// A tip that cannot be read leaves every finding as it was (`None`: unknown).
    tips: Vec<Option<FilesAt<'r>>>,
    /// Files read lately, by tip and name, the latest first.
    cache: VecDeque<(usize, Box<str>, File)>,
    cached_bytes: usize,
}

#[derive(Clone)]
enum File {
    Text(Arc<Version>),
    Missing,
    /// Unreadable as text (too large, binary, or an error): the finding stays as it was.
    Unknown,
}

impl<'r> TipVersions<'r> {
    /// `repo` is best a handle of its own without a delta cache: the few trees and blobs read
    /// here would fill one for nothing but memory.
    pub(super) fn new(repo: &'r Repo, tips: &[ObjectId], max_bytes: u64) -> Self {
        let tips = tips
            .iter()
            .map(|t| repo.files_at(&t.to_string(), max_bytes).ok())
            .collect();
        TipVersions {
            tips,
            cache: VecDeque::new(),
            cached_bytes: 0,
        }
    }

    fn now(&mut self, names: &[&str]) -> Now {
        let mut files = Vec::new();
        let mut unknown = false;
        for tip in 0..self.tips.len() {
            for name in names {
                match self.file(tip, name) {
                    File::Text(v) => files.push(v),
                    File::Missing => {}
                    File::Unknown => unknown = true,
                }
            }
        }
        if unknown {
            Now::Unknown
        } else if files.is_empty() {
            Now::Gone
        } else {
            Now::Files(files)
        }
    }

    fn file(&mut self, tip: usize, name: &str) -> File {
        if let Some(i) = self
            .cache
            .iter()
            .position(|(t, n, _)| *t == tip && **n == *name)
        {
            if let Some(entry) = self.cache.remove(i) {
                let file = entry.2.clone();
                self.cache.push_front(entry);
                return file;
            }
        }
        let file = match self.tips[tip].as_mut().map(|at| at.get(name)) {
            Some(Ok(FileAt::Text(bytes))) => File::Text(Arc::new(Version::new(
                name,
                String::from_utf8_lossy(&bytes).into_owned(),
            ))),
            Some(Ok(FileAt::Missing)) => File::Missing,
            None | Some(Ok(FileAt::Skipped) | Err(_)) => File::Unknown,
        };
        self.cached_bytes += bytes_of(&file);
        self.cache.push_front((tip, name.into(), file.clone()));
        while self.cache.len() > CACHED_FILES || self.cached_bytes > CACHED_BYTES {
            let Some((_, _, old)) = self.cache.pop_back() else {
                break;
            };
            self.cached_bytes -= bytes_of(&old);
        }
        file
    }
}

fn bytes_of(file: &File) -> usize {
    match file {
        File::Text(v) => v.bytes(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;

    use crate::scan::rules::TODO_COMMENT as R;

    fn finding(what: &str) -> Finding {
        Finding::new(&R, what).at(Location::at("a.ts", 1, 1))
    }

    fn hit(seq: usize, what: &str) -> Hit {
        Hit {
            seq,
            finding: finding(what),
            text: "// TODO".into(),
        }
    }

    fn reported(outbox: &mut Outbox<'_>) -> Vec<String> {
        let mut out = Vec::new();
        outbox.settle(&mut |p| {
            if let Progress::Found(f) = p {
                out.push(f.message.clone());
            }
        });
        out
    }

    #[test]
    fn findings_go_out_newest_commit_first_whatever_order_the_diffs_come_in() {
        let mut outbox = Outbox::new(true, None);
        for seq in 0..3 {
            outbox.walked(seq, true, true);
            outbox.said(vec![finding(&format!("msg {seq}"))]);
        }
        outbox.diffed(2, vec![hit(2, "scan 2")], std::iter::empty());
        outbox.diffed(1, vec![hit(1, "scan 1")], std::iter::empty());
        assert!(
            reported(&mut outbox).is_empty(),
            "commit 0's diff is not in"
        );
        outbox.diffed(0, vec![], std::iter::empty());
        assert_eq!(
            reported(&mut outbox),
            ["msg 0", "msg 1", "scan 1", "msg 2", "scan 2"]
        );
        assert!(outbox.finish().is_empty());
    }

    #[test]
    fn from_a_commit_the_walk_may_leave_out_on_the_scan_findings_wait_for_the_end() {
        let mut outbox = Outbox::new(true, None);
        outbox.walked(0, true, true);
        outbox.walked(1, true, false);
        // Sure itself, but older than one that may go: it waits too, behind it.
        outbox.walked(2, true, true);
        for seq in 0..3 {
            outbox.diffed(
                seq,
                vec![hit(seq, &format!("scan {seq}"))],
                std::iter::empty(),
            );
        }
        assert_eq!(reported(&mut outbox), ["scan 0"]);
        outbox.leave_out(&HashSet::from([1]));
        let rest: Vec<String> = outbox.finish().into_iter().map(|f| f.message).collect();
        assert_eq!(rest, ["scan 2"]);
    }

    #[test]
    fn without_streaming_settled_findings_are_kept_for_the_end_in_walk_order() {
        let mut outbox = Outbox::new(false, None);
        outbox.walked(0, true, true);
        outbox.walked(1, false, true);
        outbox.walked(2, true, true);
        outbox.diffed(2, vec![hit(2, "scan 2")], std::iter::empty());
        outbox.diffed(0, vec![hit(0, "scan 0")], std::iter::empty());
        assert!(reported(&mut outbox).is_empty());
        let all: Vec<String> = outbox.finish().into_iter().map(|f| f.message).collect();
        assert_eq!(all, ["scan 0", "scan 2"]);
    }

    #[test]
    fn renames_are_kept_in_walk_order_whatever_order_the_diffs_come_in() {
        let mut one = HashMap::new();
        let mut other = HashMap::new();
        note_rename(&mut one, 7, "a.ts", "c.ts");
        note_rename(&mut one, 2, "a.ts", "b.ts");
        note_rename(&mut other, 2, "a.ts", "b.ts");
        note_rename(&mut other, 7, "a.ts", "c.ts");
        assert_eq!(one, other);
        assert_eq!(names(&one, "a.ts", 9), ["a.ts", "b.ts", "c.ts"]);
    }

    #[test]
    fn names_follow_only_the_renames_of_newer_commits() {
        let mut renamed: HashMap<Box<str>, Vec<(usize, Box<str>)>> = HashMap::new();
        renamed.insert(
            "a.ts".into(),
            vec![(3, "b.ts".into()), (9, "old.ts".into())],
        );
        renamed.insert("b.ts".into(), vec![(1, "c.ts".into())]);
        assert_eq!(names(&renamed, "a.ts", 5), ["a.ts", "b.ts", "c.ts"]);
        assert_eq!(names(&renamed, "a.ts", 2), ["a.ts"]);
        assert_eq!(
            names(&renamed, "a.ts", 10),
            ["a.ts", "b.ts", "old.ts", "c.ts"]
        );
    }
}
