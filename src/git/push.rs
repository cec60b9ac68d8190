//! The lines git writes to a pre-push hook's stdin, one per ref being pushed:
//! `<local ref> SP <local sha> SP <remote ref> SP <remote sha> LF`. An all-zero local sha is a
//! deletion; an all-zero remote sha is a new ref. What each means as a walk is decided in
//! [`super::range`].

use gix::ObjectId;

use crate::error::{Error, Result};

/// One ref being pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushUpdate {
    pub local_ref: String,
    /// `None` when the remote ref is being deleted.
    pub local_id: Option<ObjectId>,
    pub remote_ref: String,
    /// `None` when the remote ref does not exist yet.
    pub remote_id: Option<ObjectId>,
}

impl PushUpdate {
    pub fn is_deletion(&self) -> bool {
        self.local_id.is_none()
    }
}

/// Parses what git sends; blank lines are ignored, anything else malformed is an error that
/// quotes the line (a hook must not silently check nothing).
pub fn parse_push_lines(text: &str) -> Result<Vec<PushUpdate>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(' ').collect();
        let bad = || {
            Error::usage_help(
                format!(
                    "cannot read line {} of the pre-push input: `{}`",
                    n + 1,
                    crate::finding::shorten(line, 200)
                ),
                "git sends `<local ref> <local sha> <remote ref> <remote sha>` lines; \
                 run `planlint pre-push <remote> <url>` only from a pre-push hook",
            )
        };
        let [local_ref, local_sha, remote_ref, remote_sha] = fields[..] else {
            return Err(bad());
        };
        out.push(PushUpdate {
            local_ref: local_ref.to_string(),
            local_id: parse_hex_id(local_sha).map_err(|_| bad())?,
            remote_ref: remote_ref.to_string(),
            remote_id: parse_hex_id(remote_sha).map_err(|_| bad())?,
        });
    }
    Ok(out)
}

/// An object id from 40 (or 64) hex digits; `None` for git's all-zero "no object".
pub(crate) fn parse_hex_id(hex: &str) -> Result<Option<ObjectId>> {
    let id = ObjectId::from_hex(hex.as_bytes()).map_err(|_| {
        Error::usage(format!(
            "`{}` is not an object id",
            crate::finding::shorten(hex, 80)
        ))
    })?;
    Ok((!id.is_null()).then_some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const Z: &str = "0000000000000000000000000000000000000000";
    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn reads_updates_new_refs_and_deletions() {
        let text = format!(
            "refs/heads/main {A} refs/heads/main {B}\n\
             refs/heads/topic {A} refs/heads/topic {Z}\n\
             \n\
             (delete) {Z} refs/heads/old {B}\r\n"
        );
        let u = parse_push_lines(&text).unwrap();
        assert_eq!(u.len(), 3);
        assert_eq!(
            u[0].remote_id,
            Some(ObjectId::from_hex(B.as_bytes()).unwrap())
        );
        assert_eq!(u[1].remote_id, None);
        assert!(!u[1].is_deletion());
        assert!(u[2].is_deletion());
        assert_eq!(u[2].remote_ref, "refs/heads/old");
    }

    #[test]
    fn malformed_lines_are_errors_naming_the_line() {
        let err = parse_push_lines(&format!("refs/heads/main {A}\n")).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let err = parse_push_lines(&format!("a {A} b nothex\n")).unwrap_err();
        assert!(err.to_string().contains("nothex"), "{err}");
    }

    #[test]
    fn empty_input_is_nothing_to_push() {
        assert!(parse_push_lines("").unwrap().is_empty());
    }
}
