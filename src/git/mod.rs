//! Everything that touches git lives here, behind plain-data functions.

use std::path::{Path, PathBuf};

pub mod comment;

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

pub mod ci_range;
pub mod hooks;
