//! Where a planning tree is read from: the work tree, or a commit's tree (the range engine
//! supplies that one). Discovery lists folders and loading reads files through a [`Source`],
//! so the same layout rules and models serve both, and a commit is judged by the plans it
//! carried.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One entry of a listed folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: Arc<str>,
    pub is_dir: bool,
    /// In a commit's tree, what identifies the entry's content (the first 20 bytes of its
    /// object id): two folders with one version hold the same files. `None` in the work tree.
    pub version: Option<[u8; 20]>,
}

/// A folder that could be listed only in part, or not at all: what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Repo-relative path of the entry.
    pub path: String,
    pub message: String,
}

/// What a folder listing gave.
#[derive(Debug, Default)]
pub struct Listing {
    /// `None`: there is no such folder.
    pub entries: Option<Vec<Entry>>,
    pub problems: Vec<Problem>,
}

/// A tree of files, by repo-relative `/` paths.
pub trait Source: Send + Sync {
    /// The entries of a folder, sorted by name.
    fn list(&self, rel: &str) -> Listing;
    /// A file's text, at most `limit` bytes; the error says why it could not be read.
    fn read(&self, rel: &str, limit: u64) -> Result<String, String>;
    /// Whether `rel` is a folder here.
    fn is_dir(&self, rel: &str) -> bool {
        self.list(rel).entries.is_some()
    }
    /// Whether `rel` leads out of the repository (a symlink): it is then not read at all.
    fn leads_out(&self, _rel: &str) -> bool {
        false
    }
}

/// The work tree under a root: never follows a symlink out of it.
#[derive(Debug)]
pub struct WorkTree {
    root: PathBuf,
    /// The root with its symlinks resolved, what every path read must stay under.
    real_root: Option<PathBuf>,
    /// Folders already resolved: whether each leads out. A folder is resolved once, not once
    /// for each of its plans.
    folders: std::sync::Mutex<std::collections::HashMap<PathBuf, bool>>,
}

impl Clone for WorkTree {
    fn clone(&self) -> WorkTree {
        WorkTree::new(&self.root)
    }
}

impl WorkTree {
    pub fn new(root: &Path) -> WorkTree {
        WorkTree {
            root: root.to_path_buf(),
            real_root: root.canonicalize().ok(),
            folders: Default::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `abs` (an existing path under the root) resolves outside it: a folder or file
    /// on the way is a symlink out (`.planning/phases -> /elsewhere`). A path that does not
    /// exist leads nowhere.
    fn escapes(&self, abs: &Path) -> bool {
        match std::fs::symlink_metadata(abs) {
            Err(_) => false,
            Ok(m) if m.file_type().is_symlink() || m.is_dir() => self.resolves_out(abs),
            // A plain file is where its folder is.
            Ok(_) => abs.parent().is_some_and(|dir| self.resolves_out(dir)),
        }
    }

    fn resolves_out(&self, path: &Path) -> bool {
        if let Some(&known) = self
            .folders
            .lock()
            .ok()
            .and_then(|f| f.get(path).copied())
            .as_ref()
        {
            return known;
        }
        let out = match (path.canonicalize(), &self.real_root) {
            (Ok(real), Some(root)) => !real.starts_with(root),
            _ => false,
        };
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(path.to_path_buf(), out);
        }
        out
    }
}

/// What is said of a path that leads out of the repository; its target is never read or named.
fn leads_out_message(rel: &str) -> String {
    format!("`{rel}` is a symlink leading out of the repository and is not read")
}

impl Source for WorkTree {
    fn list(&self, rel: &str) -> Listing {
        let mut out = Listing::default();
        let abs = self.root.join(rel);
        if self.escapes(&abs) {
            out.problems.push(Problem {
                path: rel.to_string(),
                message: leads_out_message(rel),
            });
            return out;
        }
        let rd = match std::fs::read_dir(&abs) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return out,
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return out,
            Err(e) => {
                out.problems.push(Problem {
                    path: rel.to_string(),
                    message: format!("cannot list `{rel}`: {e}"),
                });
                return out;
            }
        };
        let mut entries = Vec::new();
        for entry in rd {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.problems.push(Problem {
                        path: rel.to_string(),
                        message: format!("cannot list `{rel}`: {e}"),
                    });
                    continue;
                }
            };
            let Ok(name) = entry.file_name().into_string() else {
                let lossy = entry.file_name().to_string_lossy().into_owned();
                let path = format!("{rel}/{lossy}");
                out.problems.push(Problem {
                    message: format!("`{path}` has a name that is not UTF-8 and is skipped"),
                    path,
                });
                continue;
            };
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => {
                    let path = format!("{rel}/{name}");
                    if self.escapes(&self.root.join(&path)) {
                        out.problems.push(Problem {
                            message: leads_out_message(&path),
                            path,
                        });
                        continue;
                    }
                    self.root.join(&path).is_dir()
                }
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            entries.push(Entry {
                name: name.into(),
                is_dir,
                version: None,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        out.entries = Some(entries);
        out
    }

    /// Only a regular file that resolves inside the root is read.
    fn read(&self, rel: &str, limit: u64) -> Result<String, String> {
        let norm = crate::fs::normalize_repo_path(rel)
            .ok_or_else(|| "it is not a path inside the repository".to_string())?;
        let abs = self.root.join(norm);
        if self.escapes(&abs) {
            return Err(leads_out_message(rel));
        }
        crate::fs::read_text(&abs, limit).map_err(|e| e.to_string())
    }

    fn leads_out(&self, rel: &str) -> bool {
        crate::fs::normalize_repo_path(rel).is_none_or(|n| self.escapes(&self.root.join(n)))
    }

    fn is_dir(&self, rel: &str) -> bool {
        self.root.join(rel).is_dir()
    }
}

/// No tree at all: a planning folder that does not exist.
#[derive(Debug, Clone, Copy)]
pub struct Nothing;

impl Source for Nothing {
    fn list(&self, _rel: &str) -> Listing {
        Listing::default()
    }

    fn read(&self, rel: &str, _limit: u64) -> Result<String, String> {
        Err(format!("there is no `{rel}`"))
    }
}
