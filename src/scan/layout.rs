//! How a file sits in its project, answered from the work tree.

use std::path::{Path, PathBuf};

use super::Layout;

/// [`Layout`], answered from the work tree: a Rust file's crate is the folder above its nearest `src/`, and it builds only binaries when it has a `src/main.rs`
/// or `src/bin/` and no `src/lib.rs`. Each crate is looked up once; nothing outside the
/// repository is looked at.
pub struct WorkTreeLayout {
    /// Canonical, once: each crate folder is then resolved with one `canonicalize`.
    root: Option<PathBuf>,
    crates: std::sync::Mutex<std::collections::HashMap<String, bool>>,
}

impl WorkTreeLayout {
    pub fn new(root: &Path) -> WorkTreeLayout {
        WorkTreeLayout {
            root: root.canonicalize().ok(),
            crates: std::sync::Mutex::default(),
        }
    }

    fn binary_only(&self, krate: &str) -> bool {
        let Some(root) = &self.root else {
            return false;
        };
        // `krate` is a prefix of a path the walk or git gave (`crates/tool/`, or empty); the
        // canonical form must still lie inside, whatever links the folders are.
        let Some(dir) = root
            .join(krate)
            .canonicalize()
            .ok()
            .filter(|d| d.starts_with(root))
        else {
            return false;
        };
        // The folder is real and inside; its entries are looked at, never followed, and `src`
        // must be a real folder too, or what is under it could lie outside.
        let kind = |rel: &str| std::fs::symlink_metadata(dir.join(rel)).map(|m| m.file_type());
        let is_file = |rel: &str| kind(rel).is_ok_and(|t| t.is_file());
        let is_dir = |rel: &str| kind(rel).is_ok_and(|t| t.is_dir());
        is_file("Cargo.toml")
            && is_dir("src")
            && !is_file("src/lib.rs")
            && (is_file("src/main.rs") || is_dir("src/bin"))
    }
}

impl Layout for WorkTreeLayout {
    fn in_binary_crate(&self, path: &str) -> bool {
        // `a/src/x.rs` -> `a/`; the nearest `src/`, so a crate nested in another's tree wins.
        let Some(krate) = path
            .rmatch_indices("src/")
            .map(|(i, _)| i)
            .find(|&i| i == 0 || path.as_bytes()[i - 1] == b'/')
            .map(|i| &path[..i])
        else {
            return false;
        };
        let Ok(mut crates) = self.crates.lock() else {
            return false;
        };
        *crates
            .entry(krate.to_string())
            .or_insert_with(|| self.binary_only(krate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_crates_are_told_from_the_work_tree_and_never_outside_it() {
        let outside = tempfile::tempdir().unwrap();
        let repo = tempfile::tempdir().unwrap();
        let write = |dir: &Path, rel: &str| {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        };
        for dir in [repo.path(), outside.path()] {
            write(dir, "Cargo.toml");
            write(dir, "src/main.rs");
        }
        write(repo.path(), "lib/Cargo.toml");
        write(repo.path(), "lib/src/lib.rs");
        write(repo.path(), "lib/src/main.rs");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), repo.path().join("linked")).unwrap();
            // A crate whose `src` is a link out: what is under it is not looked at either.
            write(repo.path(), "half/Cargo.toml");
            std::os::unix::fs::symlink(outside.path().join("src"), repo.path().join("half/src"))
                .unwrap();
        }
        let layout = WorkTreeLayout::new(repo.path());
        assert!(layout.in_binary_crate("src/report.rs"));
        assert!(layout.in_binary_crate("src/cmd/run.rs"));
        assert!(
            !layout.in_binary_crate("lib/src/util.rs"),
            "it has a lib.rs"
        );
        assert!(!layout.in_binary_crate("build/x.rs"), "no src/ above it");
        assert!(
            !layout.in_binary_crate("linked/src/x.rs"),
            "a crate behind a link out of the repository is not looked at"
        );
        assert!(
            !layout.in_binary_crate("half/src/x.rs"),
            "its src/ is a link out"
        );
    }
}
