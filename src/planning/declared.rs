//! "Does this `files_modified` entry cover this path?", answered once for every check that
//! asks it: the diff of a plan's commits, verification's Files Modified table, and the wave
//! conflicts of `planlint plans`.
//!
//! An entry covers a path when it is the same path, a folder above it on a `/` boundary
//! (`src/auth` covers `src/auth/token.ts`, not `src/authz.ts`), or a glob matching it, `*`
//! staying inside one folder (`src/**/*.ts` for depth). Leading `./` and `\` separators are
//! normalised first. Each entry is compiled once, when its plan's list is.

use globset::{GlobBuilder, GlobMatcher};

/// One entry, ready to match.
#[derive(Debug, Clone)]
pub enum Entry {
    /// An exact path, or a folder covering its subtree.
    Path(String),
    Glob(GlobMatcher),
}

impl Entry {
    /// `None` for an entry that names no path inside the repository (`../x`, `/etc`) or is a
    /// glob that does not parse: it covers nothing.
    pub fn new(entry: &str, fold_case: bool) -> Option<Entry> {
        let norm = crate::fs::normalize_repo_path(entry)?;
        let norm = if fold_case { norm.to_lowercase() } else { norm };
        if is_glob(&norm) {
            let glob = GlobBuilder::new(&norm)
                .literal_separator(true)
                .build()
                .ok()?;
            Some(Entry::Glob(glob.compile_matcher()))
        } else {
            Some(Entry::Path(norm))
        }
    }

    pub fn covers(&self, path: &str) -> bool {
        match self {
            Entry::Path(p) => p == path || under(p, path),
            Entry::Glob(g) => g.is_match(path),
        }
    }

    /// Whether two entries can name the same file: equal, one a folder holding the other, or
    /// a glob matching the other's path. Two globs are not compared (they rarely name one
    /// file by accident, and telling would need their languages intersected).
    pub fn overlaps(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::Path(a), Entry::Path(b)) => a == b || under(a, b) || under(b, a),
            (Entry::Glob(g), Entry::Path(p)) | (Entry::Path(p), Entry::Glob(g)) => g.is_match(p),
            (Entry::Glob(_), Entry::Glob(_)) => false,
        }
    }
}

/// Whether an entry is a glob rather than a path.
pub fn is_glob(entry: &str) -> bool {
    entry.contains(['*', '?', '[', '{'])
}

/// `path` lies inside the folder `folder`.
fn under(folder: &str, path: &str) -> bool {
    path.len() > folder.len() && path.starts_with(folder) && path.as_bytes()[folder.len()] == b'/'
}

/// A plan's whole `files_modified`, compiled once, matched as written and with letter case
/// folded (to tell a case mismatch from a missing file).
#[derive(Debug, Clone)]
pub struct FilesModified {
    exact: Vec<Option<Entry>>,
    folded: Vec<Option<Entry>>,
}

impl FilesModified {
    pub fn new(entries: &[String]) -> FilesModified {
        FilesModified {
            exact: entries.iter().map(|e| Entry::new(e, false)).collect(),
            folded: entries.iter().map(|e| Entry::new(e, true)).collect(),
        }
    }

    /// The compiled entries, in the list's order (`None` where an entry covers nothing).
    pub fn entries(&self) -> &[Option<Entry>] {
        &self.exact
    }

    /// Indexes of the entries that cover `path`.
    pub fn covering(&self, path: &str) -> Vec<usize> {
        matching(&self.exact, path)
    }

    /// Indexes of the entries that cover `path` when letter case is ignored.
    pub fn covering_folded(&self, path: &str) -> Vec<usize> {
        matching(&self.folded, &path.to_lowercase())
    }

    /// Whether any entry covers `path`.
    pub fn covers(&self, path: &str) -> bool {
        self.exact.iter().flatten().any(|e| e.covers(path))
    }

    /// Whether entry `i` covers `path`.
    pub fn entry_covers(&self, i: usize, path: &str) -> bool {
        self.exact
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|e| e.covers(path))
    }
}

fn matching(entries: &[Option<Entry>], path: &str) -> Vec<usize> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.as_ref().is_some_and(|e| e.covers(path)))
        .map(|(i, _)| i)
        .collect()
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
        assert!(
            f.entries()[4].is_none(),
            "outside the repository covers nothing"
        );
    }

    #[test]
    fn case_is_folded_only_when_asked() {
        let f = list(&["src/Auth.ts"]);
        assert!(f.covering("src/auth.ts").is_empty());
        assert_eq!(f.covering_folded("src/auth.ts"), [0]);
    }

    #[test]
    fn overlaps() {
        let e = |s: &str| Entry::new(s, false).unwrap();
        assert!(e("src").overlaps(&e("src/a.ts")));
        assert!(e("src/a.ts").overlaps(&e("./src/a.ts")));
        assert!(e("src/*.ts").overlaps(&e("src/a.ts")));
        assert!(!e("src/a.ts").overlaps(&e("src/b.ts")));
        assert!(!e("src/*.ts").overlaps(&e("src/*.js")));
    }
}
