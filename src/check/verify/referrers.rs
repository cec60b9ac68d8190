//! References between files: which file refers to an artifact, as an import, a module
//! path or a file name.

use super::*;

/// Finds, in a stream of files, the first file that refers to each target path: an import, a
/// module path, a file name. The edge feeds it the work tree; the decision of what counts as a
/// reference lives here.
#[derive(Debug)]
pub struct Referrers {
    targets: Vec<String>,
    set: Option<RegexSet>,
    each: Vec<Option<Regex>>,
    first: Vec<Option<(String, u32)>>,
}

impl Referrers {
    pub fn new(targets: &[String]) -> Referrers {
        let each: Vec<Option<Regex>> = targets.iter().map(|t| reference_regex(t)).collect();
        let sources: Vec<String> = each
            .iter()
            .map(|r| {
                r.as_ref()
                    .map_or_else(|| "[^\\s\\S]".into(), |r| r.as_str().into())
            })
            .collect();
        let set = RegexSetBuilder::new(&sources)
            .size_limit(1 << 24)
            .build()
            .ok();
        Referrers {
            first: vec![None; targets.len()],
            targets: targets.to_vec(),
            set,
            each,
        }
    }

    /// Whether a file can count as a referrer at all: planning documents, Markdown and plain
    /// text mention paths without wiring anything.
    pub fn considers(path: &str, planning_dir: &str) -> bool {
        let lower = path.to_ascii_lowercase();
        let in_planning = path
            .strip_prefix(planning_dir)
            .is_some_and(|rest| rest.starts_with('/'));
        !(in_planning
            || [".md", ".markdown", ".txt", ".rst", ".adoc"]
                .iter()
                .any(|ext| lower.ends_with(ext)))
    }

    /// The references one file makes: `(target index, line)`, never to itself. Pure, so
    /// files can be searched on several threads and [`Referrers::record`]ed after.
    pub fn find(&self, path: &str, text: &str) -> Vec<(usize, u32)> {
        let Some(set) = &self.set else {
            return Vec::new();
        };
        set.matches(text)
            .iter()
            .filter(|&i| self.targets[i] != path)
            .filter_map(|i| Some((i, first_line(self.each[i].as_ref()?, text)?)))
            .collect()
    }

    /// Keeps, for each target, the referrer whose path sorts first, so the answer does not
    /// depend on the order files were searched in.
    pub fn record(&mut self, path: &str, found: Vec<(usize, u32)>) {
        for (i, line) in found {
            let slot = &mut self.first[i];
            if slot.as_ref().is_none_or(|(p, _)| path < p.as_str()) {
                *slot = Some((path.to_string(), line));
            }
        }
    }

    /// Looks for references in one file.
    pub fn scan(&mut self, path: &str, text: &str) {
        let found = self.find(path, text);
        self.record(path, found);
    }

    /// The first file (and line) found referring to `target`.
    pub fn of(&self, target: &str) -> Option<&(String, u32)> {
        let i = self.targets.iter().position(|t| t == target)?;
        self.first[i].as_ref()
    }
}

/// A regex matching the ways code refers to the file at `target`: its file name, its module
/// path (`schema/refreshTokens`, `services.auth`, `auth::refresh`), a quoted import ending in
/// it (`'./refresh'`, `'../refresh.js'`), Python's `from .auth import`, Rust's `mod refresh;`.
/// Index files (`index.ts`, `mod.rs`, `__init__.py`) are referred to by their folder.
pub fn reference_regex(target: &str) -> Option<Regex> {
    let parts: Vec<&str> = target.split('/').filter(|p| !p.is_empty()).collect();
    let file = *parts.last()?;
    let stem = file.split('.').next().filter(|s| !s.is_empty())?;
    let (stem, parent) = if ["index", "mod", "__init__", "main", "lib"].contains(&stem) {
        let folder = parts.len().checked_sub(2).map(|i| parts[i])?;
        (folder, parts.len().checked_sub(3).map(|i| parts[i]))
    } else {
        (stem, parts.len().checked_sub(2).map(|i| parts[i]))
    };
    let s = regex::escape(stem);
    let b = "(?-u:\\b)";
    let mut alts = vec![
        format!("{b}{}{b}", regex::escape(file)),
        format!("/{s}(?:\\.[A-Za-z0-9]+)?[\"'`]"),
        format!("{b}from\\s+\\.+{s}{b}"),
        format!("{b}mod\\s+{s}\\s*;"),
    ];
    if let Some(p) = parent {
        alts.push(format!("{b}{}(?:/|\\.|::){s}{b}", regex::escape(p)));
    }
    RegexBuilder::new(&alts.join("|"))
        .unicode(false)
        .size_limit(1 << 20)
        .build()
        .ok()
}

/// 1-based line of the first match.
pub(super) fn first_line(re: &Regex, text: &str) -> Option<u32> {
    let m = re.find(text)?;
    Some(line_of(text, m.start()))
}

pub(super) fn line_of(text: &str, offset: usize) -> u32 {
    (memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() + 1) as u32
}

/// The trimmed line around `offset`, cut to a readable length.
pub(super) fn line_text(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    clip(text[start..end].trim(), 80)
}

pub(super) fn clip(s: &str, max: usize) -> String {
    crate::finding::shorten(s, max).into_owned()
}
