//! Everything that touches git lives here, behind plain-data functions.
//!
//! The rest of planlint sees commits, changed paths and added lines as plain values; only this
//! module knows gix. Results never depend on the user's git configuration where it could change
//! them (rename detection, diff algorithm): those settings are passed explicitly.
//!
//! - [`Repo::open`]: a repository with clear errors (not a repository, no commits yet).
//! - [`range`]: what `A..B`, `--all`, the default range and pre-push lines mean as walks.
//! - [`walk`]: commits streamed one by one (id, parents, raw message, author).
//! - [`diff`]: paths changed by a commit against its first parent, and added lines of a file.
//! - [`push`]: the lines git gives a pre-push hook.

use std::path::{Path, PathBuf};

use gix::ObjectId;

use crate::error::{Error, Result};

mod change;
pub mod ci_range;
pub mod diff;
pub mod hooks;
pub mod pages;
pub mod promisor;
pub mod push;
pub mod range;
mod renames;
pub mod settings;
pub mod snapshot;
mod tree;
pub mod walk;

pub use change::{Change, ChangeKind};
pub use diff::{Added, DiffOptions, Differ, FileAt, FilesAt};
pub use range::{RangeSpec, Selection};
pub use walk::CommitInfo;

/// The work tree root that contains `dir`, found by walking up to a `.git` entry (a folder, or
/// the file a linked worktree or submodule has). Cheap on purpose: the commit-msg hook must not
/// pay for opening the repository.
pub fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    let start = dir.canonicalize().ok()?;
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Settings fixed for every run. Rename detection and the diff algorithm are planlint's own
/// (see [`diff`]), so the user's git config cannot change what is reported; what is set here is
/// memory and speed. gix's delta cache (decoded objects that later objects are deltas of) is, by
/// default, a 64-entry list of up to 96 MiB per thread; `core.deltaBaseCacheLimit` swaps it for a
/// hash map capped in bytes. Over 20,000 commits the map at 3 MiB per thread beat the list at
/// 8 MiB (0.65 s against 0.82 s for a whole-history check, with less memory; BENCHMARKS.md): a
/// walk reuses the neighbouring commits' trees, which fit in the smaller cache. At 1 MiB a
/// whole-history check of a 23,000-commit history peaks at 63.5 MB instead of 70.6 MB, with
/// wall time within the noise and about a tenth more CPU time on the diff threads.
const CONFIG_OVERRIDES: [&str; 1] = ["core.deltaBaseCacheLimit=1m"];

/// An open repository.
pub struct Repo {
    pub(crate) inner: gix::Repository,
    /// Commits whose parents are missing (a shallow clone's boundary), sorted.
    shallow: Vec<ObjectId>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.inner.git_dir())
            .finish()
    }
}

impl Repo {
    /// Opens the repository whose work tree (or git dir) is `path`.
    pub fn open(path: &Path) -> Result<Repo> {
        let opts = gix::open::Options::default().config_overrides(CONFIG_OVERRIDES);
        let mut inner = gix::open_opts(path, opts).map_err(|e| {
            Error::git_help(
                format!("{} is not a git repository ({e})", path.display()),
                "run planlint inside a git work tree, or pass -C <repository>",
            )
        })?;
        // Decoded trees are cached by the pack's delta cache already; a second, object-level
        // cache only copied them twice more.
        inner.object_cache_size(None);
        // Packs stay mapped for as long as this handle or a clone of it lives, even when git
        // maintenance removes them from disk meanwhile: a walk keeps reading the objects it
        // found, and `pages::release` relies on a pack's mapping not going away under it.
        inner.objects.prevent_pack_unload();
        let shallow = match inner.shallow_commits() {
            Ok(Some(list)) => {
                let mut v: Vec<ObjectId> = list.iter().copied().collect();
                v.sort_unstable();
                v
            }
            Ok(None) => Vec::new(),
            Err(e) => return Err(git_error("cannot read the shallow file", e)),
        };
        Ok(Repo { inner, shallow })
    }

    /// The repository's `.git` folder.
    pub fn git_dir(&self) -> &Path {
        self.inner.git_dir()
    }

    /// Whether this is a shallow clone (some history is missing).
    pub fn is_shallow(&self) -> bool {
        !self.shallow.is_empty()
    }

    /// Whether `id` sits on the shallow boundary: its parents are not in this clone.
    pub fn is_shallow_boundary(&self, id: &ObjectId) -> bool {
        self.shallow.binary_search(id).is_ok()
    }

    /// A copy for a thread that reads commits only: commits are seldom stored as deltas, so
    /// it keeps no delta cache (which would only hold memory).
    pub(crate) fn clone_for_commits(&self) -> Repo {
        let mut repo = self.clone_for_thread();
        repo.inner.objects.unset_pack_cache();
        repo
    }

    /// A copy for another thread: it shares the object store, with its own caches.
    pub(crate) fn clone_for_thread(&self) -> Repo {
        Repo {
            inner: self.inner.clone(),
            shallow: self.shallow.clone(),
        }
    }

    /// The commit HEAD points to, or a clear error for a repository without commits.
    pub fn head_commit_id(&self) -> Result<ObjectId> {
        let head = self
            .inner
            .head()
            .map_err(|e| git_error("cannot read HEAD", e))?;
        if head.is_unborn() {
            return Err(no_commits_error());
        }
        let mut head = head;
        let id = head
            .try_peel_to_id()
            .map_err(|e| git_error("cannot resolve HEAD", e))?
            .ok_or_else(no_commits_error)?;
        self.peel_to_commit(id.detach(), "HEAD")
    }

    /// Follows annotated tags down to the commit they name; anything else than a commit at the
    /// end is an error that names the revision the user wrote.
    pub(crate) fn peel_to_commit(&self, id: ObjectId, rev: &str) -> Result<ObjectId> {
        let object = self
            .inner
            .find_object(id)
            .map_err(|e| object_error(&id, e))?;
        let kind = object.kind;
        let peeled = object
            .peel_tags_to_end()
            .map_err(|e| object_error(&id, e))?;
        if peeled.kind != gix::object::Kind::Commit {
            return Err(Error::usage(format!(
                "`{rev}` names a {} ({}), not a commit",
                if kind == gix::object::Kind::Tag {
                    format!("tag of a {}", peeled.kind)
                } else {
                    peeled.kind.to_string()
                },
                short(&id)
            )));
        }
        Ok(peeled.id)
    }

    /// Whether a folder of the work tree is ignored by git (`.gitignore` files, `info/exclude`,
    /// `core.excludesFile`).
    pub fn is_ignored_dir(&self, rel: &str) -> Result<bool> {
        let index = self
            .inner
            .index_or_empty()
            .map_err(|e| git_error("cannot read the index", e))?;
        let mut stack = self
            .inner
            .excludes(&index, None, Default::default())
            .map_err(|e| git_error("cannot read ignore rules", e))?;
        let platform = stack
            .at_entry(rel, Some(gix::index::entry::Mode::DIR))
            .map_err(|e| git_error("cannot read ignore rules", e))?;
        Ok(platform.is_excluded())
    }

    /// Whether the object exists in this repository (a pushed-over remote commit may not).
    pub fn has_commit(&self, id: &ObjectId) -> bool {
        matches!(
            self.inner.try_find_header(*id),
            Ok(Some(h)) if h.kind() == gix::object::Kind::Commit
        )
    }
}

/// The error for an unborn HEAD.
pub(crate) fn no_commits_error() -> Error {
    Error::git_help(
        "the repository has no commits yet",
        "make a first commit, then run planlint again",
    )
}

/// A gix error with what planlint was doing when it happened.
pub(crate) fn git_error(doing: &str, e: impl std::fmt::Display) -> Error {
    Error::git(format!("{doing}: {e}"))
}

/// An object that cannot be read: missing or corrupt. Names the object so the user can run
/// `git fsck` on it.
pub(crate) fn object_error(id: &ObjectId, e: impl std::fmt::Display) -> Error {
    Error::git_help(
        format!("cannot read object {}: {e}", id),
        "the repository may be corrupt or incomplete: `git fsck` says more",
    )
}

/// The short form of an id for messages (`1a2b3c4d`).
pub fn short(id: &ObjectId) -> String {
    let mut s = id.to_string();
    s.truncate(8);
    s
}
