//! Findings in the lines a range added, held against what the range ends with.
//!
//! Each commit's added lines are scanned on their own. A TODO that one commit adds and a later
//! commit of the same range removes would still be reported, at a line number that by then
//! holds other code, and the push could not pass without squashing. What a range adds is what
//! survives to its end: a finding is kept when the lines it flagged are still in the file at a
//! tip of the range (under its name there, or a name the range renamed it to), moved to where
//! they are, and dropped when no tip has them. Pure: the command layer reads the tips' files.
//!
//! Lines are matched by their text, so a finding can land on an identical line that was there
//! before the range; that over-reports (as scanning each commit did), it never hides a line
//! the range really added.

use std::collections::{HashMap, HashSet};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Now {
    /// The file's text at the tips of the range, `(path, text)`: the path itself, or a name
    /// the range renamed it to. A finding is looked for in each, in order.
    Files(Vec<(String, String)>),
    /// In none of the tips, under any of its names.
    Gone,
    /// Not known (unreadable, too large, binary): findings stay as they are.
    Unknown,
}

/// The findings that survive, in the order of `hits`. `now_of` tells what each hit's path
/// became, asked once per path and dropped before the next: a history's worth of files is
/// never held at once. A hit whose path it does not know (`None`) stands as it is. Newer
/// commits' findings claim their lines first, so two commits that added the same line do not
/// both report one copy.
pub fn relocate(hits: Vec<Hit>, mut now_of: impl FnMut(&str) -> Option<Now>) -> Vec<Finding> {
    let mut claimed: HashSet<(String, u32, &'static str)> = HashSet::new();
    // Each path's hits, newest commit first; paths in the order they first appear.
    let mut by_path: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<Option<String>, usize> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        let path = h.finding.location.path.clone();
        let k = *slot.entry(path.clone()).or_insert_with(|| {
            by_path.push((path, Vec::new()));
            by_path.len() - 1
        });
        by_path[k].1.push(i);
    }
    drop(slot);
    // Each hit's finding moves into what is kept: a history's findings are not copied.
    let mut keep: Vec<Option<Finding>> = (0..hits.len()).map(|_| None).collect();
    let mut hits: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    for (path, mut group) in by_path {
        group.sort_by_key(|&i| hits[i].as_ref().map_or(0, |h| h.seq));
        let now = path.as_deref().and_then(&mut now_of);
        // Each version (one per tip and name) is split and indexed once, however many
        // findings look into it.
        let mut indexed: HashMap<usize, LineIndex<'_>> = HashMap::new();
        for i in group {
            let Some(h) = hits[i].take() else {
                continue;
            };
            keep[i] = match &now {
                // Lines not found in the commit's own text (cannot happen for a scan
                // finding): nothing to look for, so the finding stays.
                None | Some(Now::Unknown) => Some(h.finding),
                Some(Now::Files(_)) if h.text.is_empty() => Some(h.finding),
                Some(Now::Gone) => None,
                Some(Now::Files(files)) => files
                    .iter()
                    .enumerate()
                    .find_map(|(k, (path, text))| {
                        let lines = indexed.entry(k).or_insert_with(|| LineIndex::new(text));
                        moved(&h, path, lines, &mut claimed).map(|line| (path, line))
                    })
                    .map(|(path, line)| placed(h.finding, path, line)),
            };
        }
    }
    keep.into_iter().flatten().collect()
}

/// A file's lines, and where each distinct line stands.
struct LineIndex<'t> {
    lines: Vec<&'t str>,
    at: HashMap<&'t str, Vec<usize>>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> LineIndex<'t> {
        let lines = split_lines(text);
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            at.entry(l).or_default().push(i);
        }
        LineIndex { lines, at }
    }
}

/// The line of the occurrence of the hit's lines nearest to where they were, if one is left
/// that no other finding of the rule has claimed (it is claimed now).
fn moved(
    hit: &Hit,
    path: &str,
    index: &LineIndex<'_>,
    claimed: &mut HashSet<(String, u32, &'static str)>,
) -> Option<u32> {
    let wanted: Vec<&str> = hit.text.split('\n').collect();
    let was = hit.finding.location.line.unwrap_or(1);
    let rule = hit.finding.rule;
    let line = index
        .at
        .get(wanted[0])?
        .iter()
        .filter(|&&i| index.lines.get(i..i + wanted.len()) == Some(&wanted[..]))
        .map(|&i| i as u32 + 1)
        .filter(|&l| !claimed.contains(&(path.to_string(), l, rule)))
        .min_by_key(|&l| l.abs_diff(was))?;
    claimed.insert((path.to_string(), line, rule));
    Some(line)
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
    use crate::finding::{Location, Rule, Severity};

    static R: Rule = Rule {
        id: "scan/todo-comment",
        severity: Severity::Warning,
        summary: "",
        explanation: "",
    };

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
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        (path.to_string(), Now::Files(files))
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
        let found = relocate(vec![hit(1, "a.ts", 2, "// TODO: x")], |p| {
            versions.get(p).cloned()
        });
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_line_that_survives_moves_to_where_it_is_now() {
        let now = "import a\nimport b\n// TODO: x\ncode\n";
        let versions = HashMap::from([at_tip("a.ts", &[("a.ts", now)])]);
        let found = relocate(vec![hit(3, "a.ts", 1, "// TODO: x")], |p| {
            versions.get(p).cloned()
        });
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
            |p| versions.get(p).cloned(),
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
            |p| versions.get(p).cloned(),
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
            |p| versions.get(p).cloned(),
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
        let found = relocate(vec![h], |p| versions.get(p).cloned());
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
