//! Findings in the lines a range added, held against what the range ends with.
//!
//! Each commit's added lines are scanned on their own. A TODO that one commit adds and a later
//! commit of the same range removes would still be reported, at a line number that by then
//! holds other code, and the push could not pass without squashing. What a range adds is what
//! survives to its end: a finding is kept when the lines it flagged are still in the file at a
//! tip of the range (under its name there, or a name the range renamed it to), moved to where
//! they are, and dropped when no tip has them. Pure: the range engine reads the tips' files and
//! hands the hits over newest commit first, one at a time, as its diffs come in.
//!
//! Lines are matched by their text, so a finding can land on an identical line that was there
//! before the range; that over-reports (as scanning each commit did), it never hides a line
//! the range really added.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::finding::Finding;

/// One scan finding of a commit and the lines it flagged, as that commit had them.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The commit's place in the walk: 0 is the newest.
    pub seq: usize,
    pub finding: Finding,
    /// The flagged lines (`location.line` to `end_line`), without line ends.
    pub text: Box<str>,
}

/// What became of a path by the range's end.
#[derive(Debug, Clone)]
pub enum Now {
    /// The file at the tips of the range: under the path itself, or a name the range renamed
    /// it to. A finding is looked for in each, in order.
    Files(Vec<Arc<Version>>),
    /// In none of the tips, under any of its names.
    Gone,
    /// Not known (unreadable, too large, binary): findings stay as they are.
    Unknown,
}

/// A file's text at a tip, split into lines once however many findings look into it.
#[derive(Debug)]
pub struct Version {
    pub path: Arc<str>,
    text: String,
    /// Each line's bytes in `text`, without its line end.
    lines: Vec<Range<usize>>,
}

impl Version {
    pub fn new(path: &str, text: String) -> Version {
        // `split_lines` hands back slices of `text`: where each starts is its distance from
        // the text's start.
        let base = text.as_ptr() as usize;
        let lines = split_lines(&text)
            .into_iter()
            .map(|l| {
                let begin = l.as_ptr() as usize - base;
                begin..begin + l.len()
            })
            .collect();
        Version {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The text's size, for a cache that holds several.
    pub fn bytes(&self) -> usize {
        self.text.len() + self.lines.len() * std::mem::size_of::<Range<usize>>()
    }

    fn line(&self, i: usize) -> Option<&str> {
        self.lines.get(i).map(|r| &self.text[r.clone()])
    }

    /// The 0-based places where `wanted` stands as consecutive lines. A scan of the lines: a
    /// file is looked into by a few findings, and an index of it cost more to build than
    /// those scans.
    fn places_of<'a>(&'a self, wanted: &'a [&str]) -> impl Iterator<Item = usize> + 'a {
        (0..self.lines.len()).filter(move |&i| {
            wanted
                .iter()
                .enumerate()
                .all(|(k, w)| self.line(i + k) == Some(w))
        })
    }
}

/// The lines findings have moved to so far, per file and rule: newer commits' findings claim
/// their lines first, so two commits that added the same line do not both report one copy.
#[derive(Debug, Default)]
pub struct Claims(HashSet<(Arc<str>, u32, &'static str)>);

impl Claims {
    /// The finding as it stands at the range's end, or `None` when its lines are gone. Hits
    /// come newest commit first. `now` is what became of the hit's path; `None` (not known)
    /// leaves the finding as it is.
    pub fn place(&mut self, hit: Hit, now: Option<&Now>) -> Option<Finding> {
        match now {
            // Lines not found in the commit's own text (cannot happen for a scan finding):
            // nothing to look for, so the finding stays.
            None | Some(Now::Unknown) => Some(hit.finding),
            Some(Now::Files(_)) if hit.text.is_empty() => Some(hit.finding),
            Some(Now::Gone) => None,
            Some(Now::Files(files)) => {
                let (path, line) = files
                    .iter()
                    .find_map(|v| self.moved(&hit, v).map(|line| (&v.path, line)))?;
                Some(placed(hit.finding, path, line))
            }
        }
    }

    /// The line of the occurrence of the hit's lines nearest to where they were, if one is
    /// left that no other finding of the rule has claimed (it is claimed now).
    fn moved(&mut self, hit: &Hit, version: &Version) -> Option<u32> {
        let wanted: Vec<&str> = hit.text.split('\n').collect();
        let was = hit.finding.location.line.unwrap_or(1);
        let rule = hit.finding.rule;
        let line = version
            .places_of(&wanted)
            .map(|i| i as u32 + 1)
            .filter(|&l| !self.0.contains(&(Arc::clone(&version.path), l, rule)))
            .min_by_key(|&l| l.abs_diff(was))?;
        self.0.insert((Arc::clone(&version.path), line, rule));
        Some(line)
    }
}

/// The finding moved to `line` of `path`, a block of lines moving whole.
fn placed(mut f: Finding, path: &str, line: u32) -> Finding {
    let was = f.location.line.unwrap_or(1);
    f.location.path = Some(path.to_string());
    f.location.end_line = f.location.end_line.map(|e| line + e.saturating_sub(was));
    f.location.line = Some(line);
    f
}

/// A text's lines, without line ends (`\n` or `\r\n`), as both sides of a match see them.
pub fn split_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The lines `first..=last` (1-based) of a file split by [`split_lines`], for a [`Hit`]; split
/// once per file, however many findings it has.
pub fn flagged_lines(lines: &[&str], first: u32, last: u32) -> Box<str> {
    let from = (first.saturating_sub(1) as usize).min(lines.len());
    let to = (last as usize).clamp(from, lines.len());
    lines[from..to].join("\n").into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;
    use std::collections::HashMap;

    use crate::scan::rules::TODO_COMMENT as R;

    fn hit(seq: usize, path: &str, line: u32, text: &str) -> Hit {
        Hit {
            seq,
            finding: Finding::new(&R, "todo").at(Location::at(path, line, 4)),
            text: text.into(),
        }
    }

    fn at_tip(path: &str, files: &[(&str, &str)]) -> (String, Now) {
        let files = files
            .iter()
            .map(|(p, t)| Arc::new(Version::new(p, t.to_string())))
            .collect();
        (path.to_string(), Now::Files(files))
    }

    /// The hits placed newest first, as the range engine hands them over.
    fn relocate(mut hits: Vec<Hit>, versions: &HashMap<String, Now>) -> Vec<Finding> {
        hits.sort_by_key(|h| h.seq);
        let mut claims = Claims::default();
        hits.into_iter()
            .filter_map(|h| {
                let now = h
                    .finding
                    .location
                    .path
                    .as_ref()
                    .and_then(|p| versions.get(p));
                claims.place(h, now)
            })
            .collect()
    }

    fn places(found: &[Finding]) -> Vec<(String, u32)> {
        found
            .iter()
            .map(|f| {
                (
                    f.location.path.clone().unwrap_or_default(),
                    f.location.line.unwrap_or(0),
                )
            })
            .collect()
    }

    #[test]
    fn a_line_gone_by_the_end_is_dropped() {
        let versions = HashMap::from([at_tip("a.ts", &[("a.ts", "x\ny\n")])]);
        let found = relocate(vec![hit(1, "a.ts", 2, "// TODO: x")], &versions);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_line_that_survives_moves_to_where_it_is_now() {
        let now = "import a\nimport b\n// TODO: x\ncode\n";
        let versions = HashMap::from([at_tip("a.ts", &[("a.ts", now)])]);
        let found = relocate(vec![hit(3, "a.ts", 1, "// TODO: x")], &versions);
        assert_eq!(places(&found), [("a.ts".to_string(), 3)]);
        assert_eq!(found[0].location.column, Some(4));
    }

    #[test]
    fn newer_commits_claim_their_copy_first() {
        // Three commits added the same line; two copies are left: the two newest findings
        // take them, nearest first, and the oldest goes.
        let now = "// TODO: x\nmid\n// TODO: x\n";
        let versions = HashMap::from([at_tip("a.ts", &[("a.ts", now)])]);
        let found = relocate(
            vec![
                hit(2, "a.ts", 1, "// TODO: x"),
                hit(0, "a.ts", 3, "// TODO: x"),
                hit(1, "a.ts", 3, "// TODO: x"),
            ],
            &versions,
        );
        assert_eq!(
            places(&found),
            [("a.ts".to_string(), 3), ("a.ts".to_string(), 1)]
        );
    }

    #[test]
    fn any_tip_or_name_that_still_has_the_line_keeps_it() {
        // Two branches pushed at once: the line survives on one of them.
        let versions = HashMap::from([
            at_tip("a.ts", &[("a.ts", "other\n"), ("a.ts", "x\n// TODO: x\n")]),
            // Renamed by the range, and a new file made under the old name.
            at_tip(
                "old.ts",
                &[("old.ts", "fresh\n"), ("new.ts", "a\n// TODO: y\n")],
            ),
        ]);
        let found = relocate(
            vec![
                hit(1, "a.ts", 1, "// TODO: x"),
                hit(1, "old.ts", 1, "// TODO: y"),
            ],
            &versions,
        );
        assert_eq!(
            places(&found),
            [("a.ts".to_string(), 2), ("new.ts".to_string(), 2)]
        );
    }

    #[test]
    fn gone_and_unknown_files() {
        let versions = HashMap::from([
            ("gone.ts".to_string(), Now::Gone),
            ("big.ts".to_string(), Now::Unknown),
        ]);
        let found = relocate(
            vec![
                hit(1, "gone.ts", 1, "// TODO: x"),
                hit(1, "big.ts", 7, "// TODO: x"),
                hit(1, "elsewhere.ts", 3, "// TODO: x"),
            ],
            &versions,
        );
        assert_eq!(
            places(&found),
            [("big.ts".to_string(), 7), ("elsewhere.ts".to_string(), 3)]
        );
    }

    #[test]
    fn a_block_of_several_lines_moves_whole() {
        let mut h = hit(1, "a.ts", 2, "catch (e) {\n}");
        h.finding.location.end_line = Some(3);
        let now = "x\ny\ntry { f() }\r\ncatch (e) {\r\n}\r\n";
        let versions = HashMap::from([at_tip("a.ts", &[("a.ts", now)])]);
        let found = relocate(vec![h], &versions);
        assert_eq!(places(&found), [("a.ts".to_string(), 4)]);
        assert_eq!(found[0].location.end_line, Some(5));
    }

    #[test]
    fn flagged_lines_are_cut_from_the_content() {
        let lines = |t| split_lines(t);
        assert_eq!(&*flagged_lines(&lines("a\r\nb\nc\n"), 2, 3), "b\nc");
        assert_eq!(&*flagged_lines(&lines("a\n"), 1, 1), "a");
        assert_eq!(&*flagged_lines(&lines("a\n"), 9, 9), "");
    }
}
