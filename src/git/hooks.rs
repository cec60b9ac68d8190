//! Where git looks for hooks: `core.hooksPath` when set (relative to the work tree root, as git
//! runs hooks from there), else the `hooks` folder of the common git dir, which linked
//! worktrees share with the main one.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The hooks folder and the places that count as "this repository".
#[derive(Debug, Clone)]
pub struct HooksDir {
    pub path: PathBuf,
    /// `core.hooksPath` as configured, when it is.
    pub configured: Option<PathBuf>,
    /// The work tree root (absent in a bare repository).
    pub work_tree: Option<PathBuf>,
    /// The git dir shared by all worktrees.
    pub common_dir: PathBuf,
}

/// Finds the hooks folder git really uses for the repository containing `dir`.
pub fn hooks_dir(dir: &Path) -> Result<HooksDir> {
    let repo = gix::discover(dir).map_err(|e| {
        Error::git_help(
            format!("cannot open the git repository at {}: {e}", dir.display()),
            "run planlint install inside a git work tree, or pass -C <repository>",
        )
    })?;
    let configured = repo
        .config_snapshot()
        .trusted_path("core.hooksPath")
        .map_err(|e| Error::git(format!("core.hooksPath cannot be read: {e}")))?
        .filter(|p| !p.as_os_str().is_empty());
    let work_tree = repo.workdir().map(Path::to_path_buf);
    let common_dir = absolute(repo.common_dir(), repo.current_dir());
    let path = match &configured {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => work_tree
            .as_deref()
            .unwrap_or_else(|| repo.git_dir())
            .join(p),
        None => common_dir.join("hooks"),
    };
    Ok(HooksDir {
        path: absolute(&path, repo.current_dir()),
        configured,
        work_tree: work_tree.map(|w| absolute(&w, repo.current_dir())),
        common_dir,
    })
}

fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}
