//! Git's message hygiene, done without losing positions.
//!
//! Git cleans a message before recording it (`--cleanup=strip` in a commit-msg hook's file):
//! comment lines go, everything below the scissors line of `git commit -v` goes, trailing
//! whitespace and CRs go, leading and trailing blank lines go. planlint must judge the message
//! git will record, yet point its carets into the file the person edited, so this module keeps
//! the surviving lines as byte ranges of the original text instead of building a new string.

/// The candidates git tries, in order, for `core.commentChar=auto`.
const AUTO_CANDIDATES: &str = "#;@!$%^&|:";

/// The part of the scissors line after the comment prefix and a space.
const SCISSORS: &str = "------------------------ >8 ------------------------";

/// How comment lines are marked in the text being linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comments {
    /// A recorded commit: git already removed comments, every line is message.
    Keep,
    /// A commit-msg hook's file: lines starting with this string are comments, and the
    /// scissors line ends the message.
    Strip(String),
    /// `core.commentChar=auto`: git picked a character the message did not start a line with;
    /// it is inferred from the file (see [`resolve_auto`]).
    Auto,
}

impl Comments {
    /// Git's default: `#`.
    pub fn hook_default() -> Comments {
        Comments::Strip("#".into())
    }

    /// From the raw `core.commentChar` / `core.commentString` value (`None`: unset).
    pub fn from_git_value(value: Option<&str>) -> Comments {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("auto") => Comments::Auto,
            Some(v) if !v.is_empty() && !v.contains(['\n', '\r']) => Comments::Strip(v.into()),
            _ => Comments::hook_default(),
        }
    }
}

/// One surviving line: `start..end` holds its text without the line break, CR and trailing
/// whitespace (a blank line has `start == end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

/// The lines git would keep, as ranges of `text`: no comment lines, nothing from the scissors
/// line on, no leading or trailing blank lines. A UTF-8 byte-order mark is skipped.
pub fn lines(text: &str, comments: &Comments) -> Vec<Line> {
    let prefix = match comments {
        Comments::Keep => None,
        Comments::Strip(p) => Some(p.as_str()),
        Comments::Auto => resolve_auto(text),
    };
    let mut out: Vec<Line> = Vec::new();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < text.len() {
        let rest = &text[pos..];
        let raw_len = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let raw = &rest[..raw_len];
        let next = pos + raw_len + 1;
        if let Some(p) = prefix {
            if let Some(after) = raw.strip_prefix(p) {
                if is_scissors(after) {
                    break;
                }
                pos = next;
                continue;
            }
        }
        let content = raw.trim_end_matches(|c: char| c.is_ascii_whitespace());
        if !(content.is_empty() && out.is_empty()) {
            out.push(Line {
                start: pos,
                end: pos + content.len(),
            });
        }
        pos = next;
    }
    while out.last().is_some_and(Line::is_blank) {
        out.pop();
    }
    out
}

fn is_scissors(after_prefix: &str) -> bool {
    after_prefix
        .strip_prefix(' ')
        .is_some_and(|s| s.trim_end_matches('\r') == SCISSORS)
}

/// The comment character git chose for `core.commentChar=auto`.
///
/// Git takes the first candidate that starts no line of the message and then appends its
/// comment block at the end of the file. So the character that starts the last non-blank line
/// is the one, if it is a candidate; a scissors line with any candidate settles it too. Without
/// either, the file holds no comments and nothing needs stripping.
pub fn resolve_auto(text: &str) -> Option<&'static str> {
    let candidate = |c: char| {
        AUTO_CANDIDATES
            .find(c)
            .map(|i| &AUTO_CANDIDATES[i..i + c.len_utf8()])
    };
    for line in text.lines() {
        if let Some(c) = line.chars().next().and_then(candidate) {
            if is_scissors(&line[c.len()..]) {
                return Some(c);
            }
        }
    }
    let last = text.lines().rev().find(|l| !l.trim().is_empty())?;
    last.chars().next().and_then(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept<'a>(text: &'a str, comments: &Comments) -> Vec<&'a str> {
        lines(text, comments)
            .iter()
            .map(|l| &text[l.start..l.end])
            .collect()
    }

    #[test]
    fn strips_comments_blanks_and_crlf_keeping_offsets() {
        let text = "\n\r\nfeat: x  \r\n# comment\n\nbody\r\n\n\n";
        let ls = lines(text, &Comments::hook_default());
        assert_eq!(
            kept(text, &Comments::hook_default()),
            ["feat: x", "", "body"]
        );
        assert_eq!(ls[0].start, 3);
    }

    #[test]
    fn scissors_ends_the_message() {
        let text =
            "fix: y\n# ------------------------ >8 ------------------------\ndiff --git a b\n";
        assert_eq!(kept(text, &Comments::hook_default()), ["fix: y"]);
        // Without comment handling (a recorded commit) the line is ordinary text.
        assert_eq!(kept(text, &Comments::Keep).len(), 3);
    }

    #[test]
    fn custom_and_auto_comment_chars() {
        let text = "#123: fix\n; Please enter the message\n";
        assert_eq!(kept(text, &Comments::Strip(";".into())), ["#123: fix"]);
        assert_eq!(resolve_auto(text), Some(";"));
        assert_eq!(kept(text, &Comments::Auto), ["#123: fix"]);
        assert_eq!(resolve_auto("feat: x\n"), None);
        assert_eq!(
            Comments::from_git_value(Some("auto")),
            Comments::Auto,
            "auto is a mode, not a character"
        );
        assert_eq!(Comments::from_git_value(Some("")), Comments::hook_default());
    }

    #[test]
    fn bom_is_skipped() {
        let text = "\u{feff}feat: x\n";
        assert_eq!(lines(text, &Comments::Keep)[0].start, 3);
    }

    #[test]
    fn only_comments_is_empty() {
        assert!(lines("# a\n#\n\n", &Comments::hook_default()).is_empty());
    }
}
