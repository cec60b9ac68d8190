//! The one walk of the work tree, with every guard: what `planlint scan` scans and what
//! `planlint verify` searches for references. Files git ignores stay out (unless asked), hidden
//! ones too (unless asked), `.git` always; symlinks are never followed; folders are walked in
//! parallel. An ignore file over [`MAX_IGNORE_FILE`] is refused by its size before the walk
//! reads it: the `ignore` crate compiles every line of one into a glob, and a 10 MB
//! `.gitignore` took 750 MB.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::error::{Error, Result};

/// The largest ignore file the walk reads; real ones are a few KiB.
pub const MAX_IGNORE_FILE: u64 = 1 << 20;

/// The ignore files the walk reads in every folder it enters.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// What the walk leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    /// Honour `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub ignore_files: bool,
    /// Walk hidden files and folders too.
    pub hidden: bool,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters {
            ignore_files: true,
            hidden: false,
        }
    }
}

/// One entry the walk met.
pub enum Visit<'a> {
    /// A regular file: its path relative to the root (`/` separators), where it is, and
    /// whether it was named as a target itself rather than found inside one.
    File {
        rel: &'a str,
        path: &'a Path,
        named: bool,
    },
    /// An entry that could not be read, and why.
    Failed(String),
}

/// Walks every target (canonical paths inside `root`, itself canonical) and calls `visit` on
/// each entry, from several threads.
pub fn walk(
    root: &Path,
    targets: &[PathBuf],
    filters: Filters,
    visit: &(dyn Fn(Visit<'_>) + Sync),
) -> Result<()> {
    let Some((first, rest)) = targets.split_first() else {
        return Ok(());
    };
    if filters.ignore_files {
        // The walk reads the ignore files of each target's folders up to the root, and the
        // repository's own exclude list, before its filter sees any entry.
        let mut before = vec![root.join(".git/info/exclude")];
        for t in targets {
            before.extend(
                t.ancestors()
                    .take_while(|d| d.starts_with(root))
                    .flat_map(|d| IGNORE_FILES.map(|f| d.join(f))),
            );
        }
        if let Some(big) = before.iter().find(|p| oversized(p)) {
            return Err(oversized_error(big, root));
        }
    }
    let mut builder = WalkBuilder::new(first);
    for t in rest {
        builder.add(t);
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    builder
        .standard_filters(filters.ignore_files)
        .require_git(false)
        .hidden(!filters.hidden)
        .follow_links(false)
        .threads(threads);
    // A folder is entered (and its ignore files read) only after this filter passed it, so an
    // oversized ignore file is caught here, by its size, before it is loaded.
    let too_big = Arc::new(Mutex::new(None::<PathBuf>));
    let slot = Arc::clone(&too_big);
    let check_ignores = filters.ignore_files;
    builder.filter_entry(move |e| {
        if e.file_name() == ".git" {
            return false;
        }
        if !check_ignores || !e.file_type().is_some_and(|t| t.is_dir()) {
            return true;
        }
        match IGNORE_FILES
            .map(|f| e.path().join(f))
            .into_iter()
            .find(|p| oversized(p))
        {
            Some(big) => {
                if let Ok(mut first) = slot.lock() {
                    first.get_or_insert(big);
                }
                false
            }
            None => true,
        }
    });
    builder.build_parallel().run(|| {
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    visit(Visit::Failed(err.to_string()));
                    return WalkState::Continue;
                }
            };
            // Not following links: a symlink is seen as one, and passed over.
            if entry.file_type().is_some_and(|t| t.is_file()) {
                let rel = relative(entry.path(), root);
                visit(Visit::File {
                    rel: &rel,
                    path: entry.path(),
                    named: entry.depth() == 0,
                });
            }
            WalkState::Continue
        })
    });
    let big = too_big.lock().ok().and_then(|mut slot| slot.take());
    match big {
        Some(big) => Err(oversized_error(&big, root)),
        None => Ok(()),
    }
}

/// Whether `path` is a file over [`MAX_IGNORE_FILE`] (from its metadata; nothing is read).
fn oversized(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > MAX_IGNORE_FILE)
}

fn oversized_error(path: &Path, root: &Path) -> Error {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    Error::usage_help(
        format!(
            "{} is {size} bytes; planlint reads ignore files of at most {MAX_IGNORE_FILE} bytes",
            relative(path, root)
        ),
        "shorten it, or pass --no-ignore to `planlint scan` to scan without reading ignore files",
    )
}

/// A file's path relative to the root, with `/` separators.
pub fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        parts.join("/")
    }
}
