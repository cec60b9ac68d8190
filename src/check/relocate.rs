//! Findings in the lines a range added, held against the range's last version of each file.
//!
//! Each commit's added lines are scanned on their own. A TODO that one commit adds and a later
//! commit of the same range removes would still be reported, at a line number that by then
//! holds other code, and the push could not pass without squashing. What a range adds is what
//! survives to its newest version of the file: a finding from an older commit is kept when the
//! lines it flagged are still there, moved to where they are now, and dropped when they are
//! gone. Pure: the command layer finds each file's newest version and reads it.

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

/// What a path became by the newest commit of the range that touched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// That commit's place in the walk.
    pub seq: usize,
    pub now: Now,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Now {
    /// The file's text in that commit, at `path` (another path when it was renamed since).
    File { path: String, text: String },
    /// Deleted by the end of the range.
    Gone,
    /// Not known (unreadable, too large, binary, or not needed): findings stay as they are.
    Unknown,
}

/// The findings that survive, in the order of `hits`. `versions` maps each hit's path to its
/// newest version; a hit whose own commit is that version stands as it is.
pub fn relocate(hits: Vec<Hit>, versions: &HashMap<String, Version>) -> Vec<Finding> {
    let version_of = |h: &Hit| {
        h.finding
            .location
            .path
            .as_deref()
            .and_then(|p| versions.get(p))
    };
    // Lines already reported in a newest version, so that an older commit's finding does not
    // claim a copy of the same line that a newer commit added (and reports itself).
    let mut claimed: HashSet<(String, u32, &'static str)> = HashSet::new();
    for h in &hits {
        if version_of(h).is_none_or(|v| v.seq == h.seq) {
            if let (Some(p), Some(l)) = (&h.finding.location.path, h.finding.location.line) {
                claimed.insert((p.clone(), l, h.finding.rule));
            }
        }
    }
    // Newer commits first, so they claim lines before older ones do.
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| hits[i].seq);
    let mut keep: Vec<Option<Finding>> = vec![None; hits.len()];
    // Each newest version is split and indexed once, however many findings look into it.
    let mut indexed: HashMap<&str, LineIndex<'_>> = HashMap::new();
    for i in order {
        let h = &hits[i];
        let Some(v) = version_of(h).filter(|v| v.seq != h.seq) else {
            keep[i] = Some(h.finding.clone());
            continue;
        };
        match &v.now {
            Now::Unknown => keep[i] = Some(h.finding.clone()),
            Now::Gone => {}
            // Lines not found in the commit's own text (cannot happen for a scan finding):
            // nothing to look for, so the finding stays.
            Now::File { .. } if h.text.is_empty() => keep[i] = Some(h.finding.clone()),
            Now::File { path, text } => {
                let lines = indexed
                    .entry(path.as_str())
                    .or_insert_with(|| LineIndex::new(text));
                if let Some(f) = moved(h, path, lines, &mut claimed) {
                    keep[i] = Some(f);
                }
            }
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
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            at.entry(l).or_default().push(i);
        }
        LineIndex { lines, at }
    }
}

/// The finding at the occurrence of its lines nearest to where they were, if one is left that
/// no other finding of the rule has claimed.
fn moved(
    hit: &Hit,
    path: &str,
    index: &LineIndex<'_>,
    claimed: &mut HashSet<(String, u32, &'static str)>,
) -> Option<Finding> {
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
    let mut f = hit.finding.clone();
    f.location.path = Some(path.to_string());
    f.location.end_line = f.location.end_line.map(|e| line + e.saturating_sub(was));
    f.location.line = Some(line);
    Some(f)
}

/// The lines `first..=last` (1-based) of `content`, without line ends, for a [`Hit`].
pub fn flagged_lines(content: &[u8], first: u32, last: u32) -> Box<str> {
    let text = String::from_utf8_lossy(content);
    let lines: Vec<&str> = text
        .split('\n')
        .skip(first.saturating_sub(1) as usize)
        .take(last.saturating_sub(first) as usize + 1)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    lines.join("\n").into()
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

    fn version(seq: usize, path: &str, text: &str) -> Version {
        Version {
            seq,
            now: Now::File {
                path: path.into(),
                text: text.into(),
            },
        }
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
    fn a_line_removed_later_in_the_range_is_dropped() {
        let versions = HashMap::from([("a.ts".to_string(), version(0, "a.ts", "x\ny\n"))]);
        let found = relocate(vec![hit(1, "a.ts", 2, "// TODO: x")], &versions);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_line_that_survives_moves_to_where_it_is_now() {
        let now = "import a\nimport b\n// TODO: x\ncode\n";
        let versions = HashMap::from([("a.ts".to_string(), version(0, "a.ts", now))]);
        let found = relocate(vec![hit(3, "a.ts", 1, "// TODO: x")], &versions);
        assert_eq!(places(&found), [("a.ts".to_string(), 3)]);
        assert_eq!(found[0].location.column, Some(4));
    }

    #[test]
    fn the_newest_version_stands_as_it_is_and_claims_its_lines() {
        // Both commits added the same line; the newer one reports its copy, the older one the
        // other copy; a third copy is not there, so the oldest finding goes.
        let now = "// TODO: x\nmid\n// TODO: x\n";
        let versions = HashMap::from([("a.ts".to_string(), version(0, "a.ts", now))]);
        let found = relocate(
            vec![
                hit(0, "a.ts", 3, "// TODO: x"),
                hit(1, "a.ts", 3, "// TODO: x"),
                hit(2, "a.ts", 1, "// TODO: x"),
            ],
            &versions,
        );
        assert_eq!(
            places(&found),
            [("a.ts".to_string(), 3), ("a.ts".to_string(), 1)]
        );
    }

    #[test]
    fn deleted_renamed_and_unknown_files() {
        let versions = HashMap::from([
            (
                "gone.ts".to_string(),
                Version {
                    seq: 0,
                    now: Now::Gone,
                },
            ),
            (
                "old.ts".to_string(),
                version(0, "new.ts", "a\n// TODO: x\n"),
            ),
            (
                "big.ts".to_string(),
                Version {
                    seq: 0,
                    now: Now::Unknown,
                },
            ),
        ]);
        let found = relocate(
            vec![
                hit(1, "gone.ts", 1, "// TODO: x"),
                hit(1, "old.ts", 1, "// TODO: x"),
                hit(1, "big.ts", 7, "// TODO: x"),
            ],
            &versions,
        );
        assert_eq!(
            places(&found),
            [("new.ts".to_string(), 2), ("big.ts".to_string(), 7)]
        );
    }

    #[test]
    fn a_block_of_several_lines_moves_whole() {
        let mut h = hit(1, "a.ts", 2, "catch (e) {\n}");
        h.finding.location.end_line = Some(3);
        let now = "x\ny\ntry { f() }\ncatch (e) {\n}\n";
        let versions = HashMap::from([("a.ts".to_string(), version(0, "a.ts", now))]);
        let found = relocate(vec![h], &versions);
        assert_eq!(places(&found), [("a.ts".to_string(), 4)]);
        assert_eq!(found[0].location.end_line, Some(5));
    }

    #[test]
    fn flagged_lines_are_cut_from_the_content() {
        assert_eq!(&*flagged_lines(b"a\r\nb\nc\n", 2, 3), "b\nc");
        assert_eq!(&*flagged_lines(b"a\n", 1, 1), "a");
        assert_eq!(&*flagged_lines(b"a\n", 9, 9), "");
    }
}
