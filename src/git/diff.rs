//! What a commit changed: paths against its first parent, and the lines it added to a file.
//!
//! A root commit is diffed against the empty tree; a merge against its first parent only, so a
//! merge reports what it brought into the branch. Directory entries and submodules are not
//! files and never appear. The tree walk is planlint's own, over gix's tree parser: identical
//! subtrees are skipped by id and a path is built only for a change, which keeps a commit's
//! diff proportional to what it changed. Renames are paired in [`super::renames`], with every
//! setting fixed there so the user's git config cannot change what is reported. Changes come
//! back sorted by path.

use std::cmp::Ordering;
use std::collections::VecDeque;
use std::ops::Range;

use gix::bstr::ByteSlice;
use gix::objs::tree::name_order;
use gix::objs::FindExt;
use gix::ObjectId;

use super::change::{is_binary, Change, ChangeKind};
use super::tree::{self, Entries, Entry};
use super::walk::CommitInfo;
use super::{object_error, Repo};
use crate::error::Result;
use crate::fs::Skipped;

/// Rename detection settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    pub renames: bool,
    /// Similarity search stops being tried when deletions × additions exceed this squared;
    /// exact renames are always found.
    pub rename_limit: usize,
}

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions {
            renames: true,
            rename_limit: 100,
        }
    }
}

/// The new content of a changed text file and which of its lines the change added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added<'a> {
    pub content: &'a [u8],
    /// 0-based, half-open line ranges of `content` that are new, in order; `None` when the
    /// whole file counts (an added file, or whole-file mode).
    pub lines: Option<Vec<Range<u32>>>,
}

/// Diffs commits of one repository; reuses its buffers across commits, so keep one per thread
/// and feed it commit after commit (neighbouring commits share trees, which then come from the
/// object cache).
pub struct Differ<'r> {
    repo: &'r Repo,
    options: DiffOptions,
    old_buf: Vec<u8>,
    new_buf: Vec<u8>,
    commit_buf: Vec<u8>,
}

/// Two trees still to compare, below `prefix`.
struct Pending {
    prefix: String,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
}

impl<'r> Differ<'r> {
    pub fn new(repo: &'r Repo, options: DiffOptions) -> Differ<'r> {
        Differ {
            repo,
            options,
            old_buf: Vec::new(),
            new_buf: Vec::new(),
            commit_buf: Vec::new(),
        }
    }

    /// The files a commit changed against its first parent (the empty tree for a root
    /// commit), sorted by path. `None` on a shallow boundary: the parent is not here, so
    /// what changed is unknown.
    pub fn changes(&mut self, commit: &CommitInfo) -> Result<Option<Vec<Change>>> {
        let parent_tree = match commit.parents.first() {
            None => None,
            Some(_) if commit.shallow_boundary => return Ok(None),
            Some(parent) => {
                let mut iter = self
                    .repo
                    .inner
                    .objects
                    .find_commit_iter(parent, &mut self.commit_buf)
                    .map_err(|e| object_error(parent, e))?;
                Some(iter.tree_id().map_err(|e| object_error(parent, e))?)
            }
        };
        self.tree_changes(parent_tree, Some(commit.tree)).map(Some)
    }

    /// The files that differ between two trees (`None`: the empty tree), sorted by path.
    ///
    /// Both trees are walked in step, in git's entry order; identical subtrees are skipped by
    /// id, so the work follows what changed, and a path is only built for a change.
    pub fn tree_changes(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Vec<Change>> {
        let mut out = Vec::new();
        let mut queue = VecDeque::from([Pending {
            prefix: String::new(),
            old,
            new,
        }]);
        while let Some(pending) = queue.pop_front() {
            self.compare(pending, &mut queue, &mut out)?;
        }
        if self.options.renames {
            super::renames::pair(self.repo, &mut out, self.options.rename_limit)?;
        }
        out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    fn compare(
        &mut self,
        pending: Pending,
        queue: &mut VecDeque<Pending>,
        out: &mut Vec<Change>,
    ) -> Result<()> {
        let hash_len = self.repo.inner.object_hash().len_in_bytes();
        let a = load_tree(self.repo, pending.old.as_ref(), &mut self.old_buf)?;
        let b = load_tree(self.repo, pending.new.as_ref(), &mut self.new_buf)?;
        let tree_id = pending.new.or(pending.old);
        let corrupt = |_| {
            let id = tree_id.unwrap_or_else(|| ObjectId::empty_tree(gix::hash::Kind::Sha1));
            object_error(&id, "the tree object is malformed")
        };
        let (start, tail) = tree::common_span(a, b, hash_len);
        let (mut lhs, mut rhs) = (
            Entries::new(a, start, hash_len),
            Entries::new(b, start, hash_len),
        );
        let mut l = lhs.next_entry().map_err(corrupt)?;
        let mut r = rhs.next_entry().map_err(corrupt)?;
        let mut side = Side {
            prefix: &pending.prefix,
            queue,
            out,
        };
        loop {
            let (left, right) = match (&l, &r) {
                (None, None) => return Ok(()),
                // What is left of both lies in their common tail: identical from here on.
                (Some((oa, _)), Some((ob, _)))
                    if a.len() - oa == b.len() - ob && a.len() - oa <= tail =>
                {
                    return Ok(())
                }
                (Some((_, x)), None) => {
                    side.gone(x);
                    (true, false)
                }
                (None, Some((_, y))) => {
                    side.came(y);
                    (false, true)
                }
                (Some((_, x)), Some((_, y))) => {
                    match name_order(x.name, x.is_tree(), y.name, y.is_tree()) {
                        Ordering::Less => {
                            side.gone(x);
                            (true, false)
                        }
                        Ordering::Greater => {
                            side.came(y);
                            (false, true)
                        }
                        Ordering::Equal => {
                            side.both(x, y);
                            (true, true)
                        }
                    }
                }
            };
            if left {
                l = lhs.next_entry().map_err(corrupt)?;
            }
            if right {
                r = rhs.next_entry().map_err(corrupt)?;
            }
        }
    }

    /// The new content of a change and the lines it added; `whole_file` counts every line
    /// as added. `Ok(None)` for a deletion. Blobs over `max_bytes` and binary blobs are
    /// skipped without being diffed (a large one without being read).
    pub fn added(
        &mut self,
        change: &Change,
        max_bytes: u64,
        whole_file: bool,
    ) -> Result<Option<std::result::Result<Added<'_>, Skipped>>> {
        let Some(new_id) = change.new_id else {
            return Ok(None);
        };
        if change.is_link {
            return Ok(Some(Err(Skipped::Link)));
        }
        let repo = &self.repo.inner;
        let new = match text_blob(self.repo, &new_id, max_bytes, &mut self.new_buf)? {
            Ok(new) => new,
            Err(why) => return Ok(Some(Err(why))),
        };
        let lines = match change.old_id {
            Some(old_id) if !whole_file => {
                // An old side too large or binary to diff: every line of the new one is new.
                if !repo.has_object(old_id) {
                    return Ok(Some(Err(Skipped::Missing)));
                }
                let old_fits = repo
                    .find_header(old_id)
                    .is_ok_and(|h| h.size() <= max_bytes);
                let old: &[u8] = if old_fits {
                    let data = repo
                        .objects
                        .find_blob(&old_id, &mut self.old_buf)
                        .map_err(|e| object_error(&old_id, e))?
                        .data;
                    if is_binary(data) {
                        &[]
                    } else {
                        data
                    }
                } else {
                    &[]
                };
                Some(added_ranges(old, new))
            }
            _ => None,
        };
        Ok(Some(Ok(Added {
            content: new,
            lines,
        })))
    }
}

/// A file as a commit has it, for [`Repo::file_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAt {
    /// No file at that path (absent, or a folder, link or submodule there).
    Missing,
    /// A file too large or binary to read as text.
    Skipped,
    Text(Vec<u8>),
}

/// Files of one commit, read one by one with the folders on the way kept: findings cluster in
/// a few folders, and each folder's tree is then found (and its delta chain resolved) once.
pub struct FilesAt<'r> {
    repo: &'r Repo,
    root: ObjectId,
    trees: std::collections::HashMap<ObjectId, Vec<u8>>,
    max_bytes: u64,
}

impl Repo {
    /// Reads files as `commit` (a full hex id) has them, within the limits the scan of a change
    /// has (`max_bytes`, not binary).
    pub fn files_at(&self, commit: &str, max_bytes: u64) -> Result<FilesAt<'_>> {
        let id = ObjectId::from_hex(commit.as_bytes())
            .map_err(|e| super::git_error(&format!("cannot read commit id `{commit}`"), e))?;
        let root = self
            .inner
            .find_commit(id)
            .and_then(|c| c.tree_id())
            .map_err(|e| object_error(&id, e))?
            .detach();
        Ok(FilesAt {
            repo: self,
            root,
            trees: std::collections::HashMap::new(),
            max_bytes,
        })
    }
}

impl FilesAt<'_> {
    /// The file at `path` (`/`-separated).
    pub fn get(&mut self, path: &str) -> Result<FileAt> {
        let hash_len = self.repo.inner.object_hash().len_in_bytes();
        let mut dir = self.root;
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            if !self.trees.contains_key(&dir) {
                let mut buf = Vec::new();
                load_tree(self.repo, Some(&dir), &mut buf)?;
                self.trees.insert(dir, buf);
            }
            let data = &self.trees[&dir];
            let mut entries = Entries::new(data, 0, hash_len);
            let found = loop {
                let corrupt = |_| object_error(&dir, "the tree object is malformed");
                match entries.next_entry().map_err(corrupt)? {
                    Some((_, e)) if e.name == part.as_bytes() => break Some(e),
                    Some(_) => {}
                    None => break None,
                }
            };
            let Some(entry) = found else {
                return Ok(FileAt::Missing);
            };
            if parts.peek().is_none() {
                return if entry.is_file() && !entry.is_link() {
                    self.blob(id_of(entry.id))
                } else {
                    Ok(FileAt::Missing)
                };
            }
            if !entry.is_tree() {
                return Ok(FileAt::Missing);
            }
            dir = id_of(entry.id);
        }
        Ok(FileAt::Missing)
    }

    fn blob(&self, id: ObjectId) -> Result<FileAt> {
        let mut buf = Vec::new();
        Ok(match text_blob(self.repo, &id, self.max_bytes, &mut buf)? {
            Ok(data) => FileAt::Text(data.to_vec()),
            Err(_) => FileAt::Skipped,
        })
    }
}

/// A blob as text, within `max_bytes` (judged from its header, so a large one is never
/// inflated) and not binary; read into `buf`.
pub(super) fn text_blob<'b>(
    repo: &Repo,
    id: &ObjectId,
    max_bytes: u64,
    buf: &'b mut Vec<u8>,
) -> Result<std::result::Result<&'b [u8], Skipped>> {
    let repo = &repo.inner;
    let size = match repo.find_header(*id) {
        Ok(header) => header.size(),
        Err(_) if !repo.has_object(id) => return Ok(Err(Skipped::Missing)),
        Err(e) => return Err(object_error(id, e)),
    };
    if size > max_bytes {
        return Ok(Err(Skipped::TooLarge {
            size,
            limit: max_bytes,
        }));
    }
    let data = repo
        .objects
        .find_blob(id, buf)
        .map_err(|e| object_error(id, e))?
        .data;
    Ok(if is_binary(data) {
        Err(Skipped::Binary)
    } else {
        Ok(data)
    })
}

/// A tree's raw bytes (none for `None`, the empty tree).
pub(super) fn load_tree<'b>(
    repo: &Repo,
    id: Option<&ObjectId>,
    buf: &'b mut Vec<u8>,
) -> Result<&'b [u8]> {
    let Some(id) = id else {
        return Ok(&[]);
    };
    let data = repo
        .inner
        .objects
        .find(id, buf)
        .map_err(|e| object_error(id, e))?;
    if data.kind != gix::object::Kind::Tree {
        return Err(object_error(
            id,
            format!("expected a tree, found a {}", data.kind),
        ));
    }
    Ok(data.data)
}

/// Where the entries of one pair of trees go: changed files to `out`, changed subtrees to
/// `queue`.
struct Side<'a> {
    prefix: &'a str,
    queue: &'a mut VecDeque<Pending>,
    out: &'a mut Vec<Change>,
}

impl Side<'_> {
    fn path(&self, name: &[u8]) -> String {
        let name = name.to_str_lossy();
        if self.prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{}/{name}", self.prefix)
        }
    }

    fn queue(&mut self, name: &[u8], old: Option<&Entry<'_>>, new: Option<&Entry<'_>>) {
        self.queue.push_back(Pending {
            prefix: self.path(name),
            old: old.map(|e| id_of(e.id)),
            new: new.map(|e| id_of(e.id)),
        });
    }

    fn file(&mut self, e: &Entry<'_>, kind: ChangeKind, old: Option<&Entry<'_>>) {
        let added = kind != ChangeKind::Deleted;
        self.out.push(Change {
            path: self.path(e.name),
            old_id: old.map(|o| id_of(o.id)),
            new_id: added.then(|| id_of(e.id)),
            is_link: e.is_link(),
            kind,
        });
    }

    /// An entry only the old tree has.
    fn gone(&mut self, e: &Entry<'_>) {
        if e.is_tree() {
            self.queue(e.name, Some(e), None);
        } else if e.is_file() {
            self.file(e, ChangeKind::Deleted, Some(e));
        }
    }

    /// An entry only the new tree has.
    fn came(&mut self, e: &Entry<'_>) {
        if e.is_tree() {
            self.queue(e.name, None, Some(e));
        } else if e.is_file() {
            self.file(e, ChangeKind::Added, None);
        }
    }

    /// The same name on both sides.
    fn both(&mut self, a: &Entry<'_>, b: &Entry<'_>) {
        if a.id == b.id && a.mode == b.mode {
            return;
        }
        match (a.is_tree(), b.is_tree()) {
            (true, true) => self.queue(a.name, Some(a), Some(b)),
            (true, false) | (false, true) => {
                self.gone(a);
                self.came(b);
            }
            // A submodule (a commit entry) is not a file: one replaced by a file (or back) is
            // that file's addition (or deletion).
            (false, false) => match (a.is_file(), b.is_file()) {
                (true, true) => self.file(b, ChangeKind::Modified, Some(a)),
                (true, false) => self.gone(a),
                (false, true) => self.came(b),
                (false, false) => {}
            },
        }
    }
}

/// `bytes` always has the repository's hash length: [`Entries`] cuts ids to it.
pub(super) fn id_of(bytes: &[u8]) -> ObjectId {
    ObjectId::from_bytes_or_panic(bytes)
}

/// 0-based line ranges of `new` that are not in `old`, as git's histogram diff sees them.
fn added_ranges(old: &[u8], new: &[u8]) -> Vec<Range<u32>> {
    use gix::diff::blob::{Algorithm, Diff, InternedInput};
    let input = InternedInput::new(old, new);
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    diff.hunks()
        .filter(|h| !h.after.is_empty())
        .map(|h| h.after)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_ranges_find_inserted_and_changed_lines() {
        let old = b"a\nb\nc\n";
        let new = b"a\nX\nb\nc\nY\n";
        assert_eq!(added_ranges(old, new), vec![1..2, 4..5]);
        assert_eq!(added_ranges(b"", b"x\ny\n"), vec![0..2]);
        assert!(added_ranges(b"same\n", b"same\n").is_empty());
    }

    #[test]
    fn binary_is_a_nul_near_the_start() {
        assert!(is_binary(b"a\0b"));
        assert!(!is_binary(b"text\n"));
        let mut late = vec![b'a'; 9000];
        late.push(0);
        assert!(!is_binary(&late));
    }
}
