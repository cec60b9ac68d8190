//! The one walk of the work tree, with every guard: what `planlint scan` scans and what
//! `planlint verify` searches for references. Files git ignores stay out (unless asked), hidden
//! ones too (unless asked), `.git` always; symlinks are never followed; folders are walked in
//! parallel.
//!
//! Ignore rules come from the repository (`.gitignore` and `.ignore` of each folder from the
//! root down, `.git/info/exclude`) and git's own excludes file, never from folders above the
//! root: a `*.js` in `../.ignore` must not hide a FIXME. planlint reads them itself rather than
//! letting the `ignore` crate do it, because the crate reads every folder's ignore files up to
//! `/` and reads them whole: a FIFO there hangs the walk, `/dev/zero` grows it without end, and a
//! 10 MB `.gitignore` took 750 MB compiled. An ignore file that is not a regular file of at most
//! [`MAX_IGNORE_FILE`] bytes stops the walk with an error that names it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{Match, WalkBuilder, WalkState};

use crate::error::{Error, Result};

/// The largest ignore file the walk reads; real ones are a few KiB.
pub const MAX_IGNORE_FILE: u64 = 1 << 20;

/// The ignore files of each folder, strongest first (`.ignore` overrides `.gitignore`).
const IGNORE_FILES: [&str; 2] = [".ignore", ".gitignore"];

/// What the walk leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    /// Honour `.gitignore`, `.ignore`, `.git/info/exclude` and `excludes_file`.
    pub ignore_files: bool,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// git's own excludes file (`core.excludesFile`), as the caller found it.
    pub excludes_file: Option<PathBuf>,
}

impl Filters {
    /// Ignore files honoured, hidden entries skipped, with git's excludes file.
    pub fn honouring(excludes_file: Option<PathBuf>) -> Filters {
        Filters {
            ignore_files: true,
            hidden: false,
            excludes_file,
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
    let rules = match filters.ignore_files {
        true => {
            let rules = Rules::new(root, filters.excludes_file.as_deref());
            // The rules of each target's folders up to the root, read before any entry: a bad
            // ignore file stops the walk before it scans anything.
            for t in targets {
                for d in t.ancestors().skip(1).take_while(|d| d.starts_with(root)) {
                    rules.of_dir(d);
                }
            }
            rules.refused()?;
            Some(Arc::new(rules))
        }
        false => None,
    };
    let mut builder = WalkBuilder::new(first);
    for t in rest {
        builder.add(t);
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    // The crate's own ignore handling is off (see the module's doc); it only skips hidden
    // entries here.
    builder
        .standard_filters(false)
        .hidden(!filters.hidden)
        .follow_links(false)
        .threads(threads);
    let filter_rules = rules.clone();
    builder.filter_entry(move |e| {
        if e.file_name() == ".git" {
            return false;
        }
        // A target the person named is walked whatever the rules say, as git and ripgrep do.
        match &filter_rules {
            Some(rules) if e.depth() > 0 => {
                !rules.ignores(e.path(), e.file_type().is_some_and(|t| t.is_dir()))
            }
            _ => true,
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
    match rules {
        Some(rules) => rules.refused(),
        None => Ok(()),
    }
}

/// The repository's ignore rules, each folder's compiled when the walk first asks for it.
struct Rules {
    root: PathBuf,
    /// `.git/info/exclude`, then git's excludes file: weaker than any folder's own file.
    base: Vec<Gitignore>,
    /// Per folder, its ignore files' rules, strongest first (none for most folders).
    dirs: Mutex<HashMap<PathBuf, Arc<Vec<Gitignore>>>>,
    /// The first ignore file that could not be read as one, and why.
    refused: Mutex<Option<Error>>,
}

impl Rules {
    fn new(root: &Path, excludes_file: Option<&Path>) -> Rules {
        let rules = Rules {
            root: root.to_path_buf(),
            base: Vec::new(),
            dirs: Mutex::new(HashMap::new()),
            refused: Mutex::new(None),
        };
        let mut base = Vec::new();
        base.extend(rules.compile(root, &root.join(".git/info/exclude")));
        if let Some(global) = excludes_file {
            // The person's own file, outside the repository: matched from the root, as git does.
            base.extend(rules.compile(root, global));
        }
        base.reverse();
        Rules { base, ..rules }
    }

    /// Whether the rules leave `path` (under the root) out.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        for dir in path.ancestors().skip(1) {
            if !dir.starts_with(&self.root) {
                break;
            }
            for rules in self.of_dir(dir).iter() {
                match rules.matched(path, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
        }
        self.base
            .iter()
            .any(|rules| matches!(rules.matched(path, is_dir), Match::Ignore(_)))
    }

    fn of_dir(&self, dir: &Path) -> Arc<Vec<Gitignore>> {
        if let Some(found) = self.dirs.lock().ok().and_then(|d| d.get(dir).cloned()) {
            return found;
        }
        let compiled: Vec<Gitignore> = IGNORE_FILES
            .iter()
            .filter_map(|name| self.compile(dir, &dir.join(name)))
            .collect();
        let compiled = Arc::new(compiled);
        if let Ok(mut dirs) = self.dirs.lock() {
            dirs.insert(dir.to_path_buf(), Arc::clone(&compiled));
        }
        compiled
    }

    /// One ignore file's rules, matched from `base`; `None` when there is no such file (or no
    /// rule in it). One that is not a regular file, or is too large, is refused, by its type
    /// and size before anything is read.
    fn compile(&self, base: &Path, file: &Path) -> Option<Gitignore> {
        let meta = std::fs::metadata(file).ok()?;
        let text = if meta.is_file() && meta.len() > MAX_IGNORE_FILE {
            Err(Error::usage_help(
                format!(
                    "{} is {} bytes; planlint reads ignore files of at most {MAX_IGNORE_FILE} bytes",
                    relative(file, &self.root),
                    meta.len()
                ),
                "shorten it, or pass --no-ignore to `planlint scan` to scan without reading ignore files",
            ))
        } else {
            crate::fs::read_bounded(file, MAX_IGNORE_FILE).map_err(|e| {
                Error::usage_help(
                    format!("{} cannot be read as an ignore file: {}", relative(file, &self.root), io_reason(&e)),
                    "make it a regular file, or pass --no-ignore to `planlint scan` to scan without reading ignore files",
                )
            })
        };
        let text = match text {
            Ok(bytes) => bytes,
            Err(e) => {
                if let Ok(mut slot) = self.refused.lock() {
                    slot.get_or_insert(e);
                }
                return None;
            }
        };
        let mut builder = GitignoreBuilder::new(base);
        for line in String::from_utf8_lossy(&text).lines() {
            // A line git would not understand is one rule fewer, as in git.
            let _ = builder.add_line(Some(file.to_path_buf()), line);
        }
        builder.build().ok().filter(|g| !g.is_empty())
    }

    fn refused(&self) -> Result<()> {
        match self.refused.lock().ok().and_then(|mut slot| slot.take()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The reason in an I/O error, without the path the message already names.
fn io_reason(e: &Error) -> String {
    match e {
        Error::Io { cause, .. } => cause.to_string(),
        other => other.to_string(),
    }
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
