//! What a commit changed: paths against its first parent, and the lines it added to a file.
//!
//! A root commit is diffed against the empty tree; a merge against its first parent only, so a
//! merge reports what it brought into the branch. Directory entries and submodules are not
//! files and never appear. Renames are found exactly (same content) and by similarity (50%, as
//! git) with a limit on candidates, all set here so the user's git config cannot change what is
//! reported. Changes come back sorted by path: gix's tree diff is not.

use std::ops::Range;

use gix::bstr::{BStr, ByteSlice};
use gix::objs::FindExt;
use gix::ObjectId;

use super::walk::CommitInfo;
use super::{object_error, Repo};
use crate::error::Result;

/// How a path changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Deleted,
    Modified,
    /// Moved from `from` (with or without edits).
    Renamed {
        from: String,
    },
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Repository-relative, `/`-separated; lossily decoded if it was not UTF-8.
    pub path: String,
    pub kind: ChangeKind,
    /// The blob before (none for an addition).
    pub old_id: Option<ObjectId>,
    /// The blob after (none for a deletion).
    pub new_id: Option<ObjectId>,
    /// A symbolic link: its "content" is a target path, never scanned.
    pub is_link: bool,
}

impl Change {
    /// The path before the change (the rename source, or the path itself).
    pub fn old_path(&self) -> &str {
        match &self.kind {
            ChangeKind::Renamed { from } => from,
            _ => &self.path,
        }
    }
}

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

/// Why a changed file's added lines were not produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    Binary,
    TooLarge { size: u64, limit: u64 },
    Link,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::Binary => f.write_str("binary file"),
            Skipped::TooLarge { size, limit } => {
                write!(f, "{size} bytes, over the limit of {limit} bytes")
            }
            Skipped::Link => f.write_str("symbolic link"),
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

/// Diffs commits of one repository; reuses its buffers and caches across commits, so keep one
/// per thread and feed it commit after commit.
pub struct Differ<'r> {
    repo: &'r Repo,
    options: DiffOptions,
    cache: gix::diff::blob::Platform,
    state: gix::diff::tree::State,
    old_buf: Vec<u8>,
    new_buf: Vec<u8>,
    commit_buf: Vec<u8>,
}

impl<'r> Differ<'r> {
    pub fn new(repo: &'r Repo, options: DiffOptions) -> Result<Differ<'r>> {
        let cache = repo
            .inner
            .diff_resource_cache_for_tree_diff()
            .map_err(|e| super::git_error("cannot prepare diffs", e))?;
        Ok(Differ {
            repo,
            options,
            cache,
            state: Default::default(),
            old_buf: Vec::new(),
            new_buf: Vec::new(),
            commit_buf: Vec::new(),
        })
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
    pub fn tree_changes(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Vec<Change>> {
        let objects = &self.repo.inner.objects;
        let kind = self.repo.inner.object_hash();
        let lhs = match &old {
            Some(id) => objects
                .find_tree_iter(id, &mut self.old_buf)
                .map_err(|e| object_error(id, e))?,
            None => gix::objs::TreeRefIter::from_bytes(&[], kind),
        };
        let rhs = match &new {
            Some(id) => objects
                .find_tree_iter(id, &mut self.new_buf)
                .map_err(|e| object_error(id, e))?,
            None => gix::objs::TreeRefIter::from_bytes(&[], kind),
        };
        let rewrites = self.options.renames.then_some(gix::diff::Rewrites {
            copies: None,
            percentage: Some(0.5),
            limit: self.options.rename_limit,
            track_empty: false,
        });
        let options = gix::diff::tree_with_rewrites::Options {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites,
        };
        let mut out = Vec::new();
        let result = gix::diff::tree_with_rewrites(
            lhs,
            rhs,
            &mut self.cache,
            &mut self.state,
            objects,
            |change| {
                if let Some(c) = to_change(change) {
                    out.push(c);
                }
                Ok(std::ops::ControlFlow::Continue(()))
            },
            options,
        );
        // Blobs read for similarity are only useful within one commit.
        self.cache.clear_resource_cache_keep_allocation();
        result.map_err(|e| {
            let id = new.or(old).unwrap_or_else(|| ObjectId::empty_tree(kind));
            object_error(&id, e)
        })?;
        out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
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
        let size = repo
            .find_header(new_id)
            .map_err(|e| object_error(&new_id, e))?
            .size();
        if size > max_bytes {
            return Ok(Some(Err(Skipped::TooLarge {
                size,
                limit: max_bytes,
            })));
        }
        let new = repo
            .objects
            .find_blob(&new_id, &mut self.new_buf)
            .map_err(|e| object_error(&new_id, e))?
            .data;
        if is_binary(new) {
            return Ok(Some(Err(Skipped::Binary)));
        }
        let lines = match change.old_id {
            Some(old_id) if !whole_file => {
                // An old side too large or binary to diff: every line of the new one is new.
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

/// Turns gix's change into ours: files only (directory entries and submodules dropped).
fn to_change(change: gix::diff::tree_with_rewrites::ChangeRef<'_>) -> Option<Change> {
    use gix::diff::tree_with_rewrites::ChangeRef as C;
    let file = |m: gix::objs::tree::EntryMode| m.is_blob_or_symlink();
    let path = |p: &BStr| p.to_str_lossy().into_owned();
    Some(match change {
        C::Addition {
            location,
            entry_mode,
            id,
            ..
        } if file(entry_mode) => Change {
            path: path(location),
            kind: ChangeKind::Added,
            old_id: None,
            new_id: Some(id.to_owned()),
            is_link: entry_mode.is_link(),
        },
        C::Deletion {
            location,
            entry_mode,
            id,
            ..
        } if file(entry_mode) => Change {
            path: path(location),
            kind: ChangeKind::Deleted,
            old_id: Some(id.to_owned()),
            new_id: None,
            is_link: entry_mode.is_link(),
        },
        C::Modification {
            location,
            previous_entry_mode,
            previous_id,
            entry_mode,
            id,
        } => {
            // A submodule replaced by a file (or back) is an addition (or deletion) of a file.
            let (was, is) = (file(previous_entry_mode), file(entry_mode));
            if !was && !is {
                return None;
            }
            Change {
                path: path(location),
                kind: match (was, is) {
                    (true, true) => ChangeKind::Modified,
                    (false, _) => ChangeKind::Added,
                    (_, false) => ChangeKind::Deleted,
                },
                old_id: was.then(|| previous_id.to_owned()),
                new_id: is.then(|| id.to_owned()),
                is_link: entry_mode.is_link(),
            }
        }
        C::Rewrite {
            source_location,
            source_entry_mode,
            source_id,
            entry_mode,
            id,
            location,
            copy,
            ..
        } if file(entry_mode) && file(source_entry_mode) => Change {
            path: path(location),
            kind: if copy {
                ChangeKind::Added
            } else {
                ChangeKind::Renamed {
                    from: path(source_location),
                }
            },
            old_id: Some(source_id.to_owned()),
            new_id: Some(id.to_owned()),
            is_link: entry_mode.is_link(),
        },
        _ => return None,
    })
}

/// Git's own test: a NUL byte in the first 8000 bytes.
fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(8000)].contains(&0)
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
