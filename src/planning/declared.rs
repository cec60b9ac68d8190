//! "Does this `files_modified` entry cover this path?", answered once for every check that
//! asks it: the diff of a plan's commits, verification's Files Modified table, and the wave
//! conflicts of `planlint plans`.
//!
//! An entry covers a path when it is the same path, a folder above it on a `/` boundary
//! (`src/auth` covers `src/auth/token.ts`, not `src/authz.ts`), or a glob matching it, `*`
//! staying inside one folder (`src/**/*.ts` for depth). Leading `./` and `\` separators are
//! normalised first. Each entry is compiled once, when its plan's list is.

use std::sync::OnceLock;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// One entry, ready to match.
#[derive(Debug, Clone)]
enum Entry {
    /// An exact path, or a folder covering its subtree.
    Path(String),
    /// A glob, by its place in the list's one compiled set.
    Glob(usize),
}

/// The most entries of one list that are matched: real plans list a few dozen; 10,000 globs
/// took seconds and hundreds of MB to compile. `plans` says when a list is cut
/// (`plan/too-many-files`).
pub const MAX_ENTRIES: usize = 1000;

/// Whether an entry is a glob rather than a path.
pub fn is_glob(entry: &str) -> bool {
    entry.contains(['*', '?', '[', '{'])
}

/// `path` lies inside the folder `folder`.
fn under(folder: &str, path: &str) -> bool {
    path.len() > folder.len() && path.starts_with(folder) && path.as_bytes()[folder.len()] == b'/'
}

/// A list compiled one way (as written, or with letter case folded): its paths as strings and
/// all of its globs in one set, so that a plan of 10,000 globs is one automaton, not 10,000
/// (those took 36 KB each).
#[derive(Debug, Clone)]
struct Compiled {
    /// `None` for an entry that names no path inside the repository (`../x`, `/etc`) or is a
    /// glob that does not parse: it covers nothing.
    entries: Vec<Option<Entry>>,
    globs: GlobSet,
    /// The entry of each glob of the set.
    glob_entry: Vec<usize>,
}

impl Compiled {
    fn new(raw: &[String], fold_case: bool) -> Compiled {
        let mut entries = Vec::with_capacity(raw.len());
        let mut set = GlobSetBuilder::new();
        let mut glob_entry = Vec::new();
        for (i, entry) in raw.iter().enumerate() {
            if i >= MAX_ENTRIES {
                entries.push(None);
                continue;
            }
            let norm = crate::fs::normalize_repo_path(entry).map(|n| {
                if fold_case {
                    n.to_lowercase()
                } else {
                    n
                }
            });
            entries.push(norm.and_then(|norm| {
                if !is_glob(&norm) {
                    return Some(Entry::Path(norm));
                }
                let glob = GlobBuilder::new(&norm)
                    .literal_separator(true)
                    .build()
                    .ok()?;
                set.add(glob);
                glob_entry.push(i);
                Some(Entry::Glob(glob_entry.len() - 1))
            }));
        }
        // Each glob parsed on its own, so the set of them compiles; if it is still refused
        // (too large), its globs cover nothing rather than everything.
        let globs = set.build().unwrap_or_else(|_| {
            glob_entry.clear();
            GlobSet::empty()
        });
        for e in &mut entries {
            if matches!(e, Some(Entry::Glob(k)) if *k >= glob_entry.len()) {
                *e = None;
            }
        }
        Compiled {
            entries,
            globs,
            glob_entry,
        }
    }

    fn paths(&self) -> impl Iterator<Item = (usize, &str)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Some(Entry::Path(p)) => Some((i, p.as_str())),
                _ => None,
            })
    }

    /// Indexes of the entries that cover `path`, in the list's order.
    fn covering(&self, path: &str) -> Vec<usize> {
        let mut hits: Vec<usize> = self
            .paths()
            .filter(|(_, p)| *p == path || under(p, path))
            .map(|(i, _)| i)
            .collect();
        if !self.glob_entry.is_empty() {
            hits.extend(
                self.globs
                    .matches(path)
                    .into_iter()
                    .map(|k| self.glob_entry[k]),
            );
            hits.sort_unstable();
        }
        hits
    }

    fn covers(&self, path: &str) -> bool {
        self.paths().any(|(_, p)| p == path || under(p, path)) || self.globs.is_match(path)
    }
}

/// A plan's whole `files_modified`, compiled once, matched as written and (when asked, to tell
/// a case mismatch from a missing file) with letter case folded.
#[derive(Debug, Clone)]
pub struct FilesModified {
    raw: Vec<String>,
    exact: Compiled,
    folded: OnceLock<Compiled>,
}

impl FilesModified {
    pub fn new(entries: &[String]) -> FilesModified {
        FilesModified {
            raw: entries.to_vec(),
            exact: Compiled::new(entries, false),
            folded: OnceLock::new(),
        }
    }

    /// Whether entry `i` names anything at all (a path inside the repository, a valid glob).
    pub fn usable(&self, i: usize) -> bool {
        self.exact.entries.get(i).is_some_and(Option::is_some)
    }

    /// Indexes of the entries that cover `path`.
    pub fn covering(&self, path: &str) -> Vec<usize> {
        self.exact.covering(path)
    }

    /// Indexes of the entries that cover `path` when letter case is ignored.
    pub fn covering_folded(&self, path: &str) -> Vec<usize> {
        self.folded
            .get_or_init(|| Compiled::new(&self.raw, true))
            .covering(&path.to_lowercase())
    }

    /// Whether any entry covers `path`.
    pub fn covers(&self, path: &str) -> bool {
        self.exact.covers(path)
    }

    /// For each entry, whether it covers one of `paths`.
    pub fn covers_any_of(&self, paths: &[String]) -> Vec<bool> {
        let mut kept = vec![false; self.raw.len()];
        for p in paths {
            for i in self.covering(p) {
                kept[i] = true;
            }
        }
        kept
    }

    /// Indexes of this list's entries that can name a file `other`'s entries name: equal, one
    /// a folder holding the other, or a glob matching the other's path. Two globs are not
    /// compared (they rarely name one file by accident, and telling would need their
    /// languages intersected).
    pub fn overlapping(&self, other: &FilesModified) -> Vec<usize> {
        let mut hits = vec![false; self.raw.len()];
        for (_, q) in other.exact.paths() {
            // Ours that cover their path, and our paths inside their folder.
            for i in self.exact.covering(q) {
                hits[i] = true;
            }
            for (i, p) in self.exact.paths() {
                if under(q, p) {
                    hits[i] = true;
                }
            }
        }
        for (i, p) in self.exact.paths() {
            if other.exact.globs.is_match(p) {
                hits[i] = true;
            }
        }
        hits.iter()
            .enumerate()
            .filter(|(_, h)| **h)
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> FilesModified {
        FilesModified::new(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn paths_folders_and_globs() {
        let f = list(&[
            "./src/auth",
            "db\\schema.ts",
            "tests/*.ts",
            "lib/**/*.rs",
            "../out",
        ]);
        assert!(f.covers("src/auth/token.ts"));
        assert!(f.covers("src/auth"));
        assert!(!f.covers("src/authz.ts"));
        assert!(f.covers("db/schema.ts"));
        assert!(f.covers("tests/a.ts"));
        assert!(!f.covers("tests/deep/a.ts"), "* stays in one folder");
        assert!(f.covers("lib/a/b/c.rs"));
        assert!(list(&["db/migrations/**"]).covers("db/migrations/002.sql"));
        assert_eq!(f.covering("tests/a.ts"), [2]);
        assert!(!f.usable(4), "outside the repository covers nothing");
        assert!(f.usable(3));
    }

    #[test]
    fn case_is_folded_only_when_asked() {
        let f = list(&["src/Auth.ts"]);
        assert!(f.covering("src/auth.ts").is_empty());
        assert_eq!(f.covering_folded("src/auth.ts"), [0]);
    }

    #[test]
    fn overlaps() {
        let both = |a: &str, b: &str| {
            let (a, b) = (list(&[a]), list(&[b]));
            (!a.overlapping(&b).is_empty(), !b.overlapping(&a).is_empty())
        };
        assert_eq!(both("src", "src/a.ts"), (true, true));
        assert_eq!(both("src/a.ts", "./src/a.ts"), (true, true));
        assert_eq!(both("src/*.ts", "src/a.ts"), (true, true));
        assert_eq!(both("src/a.ts", "src/b.ts"), (false, false));
        assert_eq!(both("src/*.ts", "src/*.js"), (false, false));
        let many = list(&["docs/x.md", "src/*.ts", "lib"]);
        assert_eq!(many.overlapping(&list(&["src/a.ts", "lib/b.rs"])), [1, 2]);
    }

    #[test]
    fn many_globs_are_one_set() {
        let globs: Vec<String> = (0..3000).map(|i| format!("src/gen/f{i}/**/*.ts")).collect();
        let f = FilesModified::new(&globs);
        assert_eq!(f.covering("src/gen/f999/deep/a.ts"), [999]);
        assert!(
            !f.covers("src/gen/f1000/a.ts"),
            "past MAX_ENTRIES nothing is matched"
        );
        assert_eq!(
            f.covers_any_of(&["src/gen/f7/a.ts".into()])
                .iter()
                .filter(|k| **k)
                .count(),
            1
        );
    }
}
