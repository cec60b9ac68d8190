//! What a range means as a walk: which commits to start from and which to stop at.
//!
//! A [`RangeSpec`] is what the user (or a hook, or CI) asked for; [`Repo::resolve`] turns it
//! into a [`Selection`] of object ids, with annotated tags peeled and every name checked, so a
//! typo is an error before any work starts. A selection may have several parts (one per pushed
//! ref); the walk visits each commit once.

use gix::ObjectId;

use super::push::PushUpdate;
use super::{git_error, short, Repo};
use crate::error::{Error, Result};

/// Which commits to check, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revisions {
    /// The commits of HEAD not yet on its upstream, or, without an upstream, not on any
    /// remote-tracking branch.
    Default,
    /// The commits of `to` that are not reachable from `from` (`A..B`); without `from`, the
    /// whole history of `to`.
    Between { from: Option<String>, to: String },
    /// The whole history of HEAD.
    All,
    /// What a `git push` sends: the lines git gave the pre-push hook.
    Push {
        remote: String,
        updates: Vec<PushUpdate>,
    },
}

/// A range as asked: which revisions, and whether merges' side branches are followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeSpec {
    pub revisions: Revisions,
    pub first_parent: bool,
}

impl RangeSpec {
    pub fn new(revisions: Revisions) -> RangeSpec {
        RangeSpec {
            revisions,
            first_parent: false,
        }
    }
}

/// Parses `A..B`, `A..`, `..B` and a single revision (its whole history, as `git log B`).
pub fn parse_range(text: &str) -> Result<Revisions> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::usage("the range is empty"));
    }
    if text.contains("...") {
        return Err(Error::usage_help(
            format!("`{text}` is a symmetric difference, which planlint does not check"),
            "use `A..B`: the commits of B that are not on A",
        ));
    }
    match text.split_once("..") {
        Some((from, to)) => {
            if to.contains("..") {
                return Err(Error::usage(format!("`{text}` has more than one `..`")));
            }
            let side = |s: &str| if s.is_empty() { "HEAD" } else { s }.to_string();
            Ok(Revisions::Between {
                from: Some(side(from)),
                to: side(to),
            })
        }
        None => Ok(Revisions::Between {
            from: None,
            to: text.to_string(),
        }),
    }
}

/// One walk: start at `tips`, never cross `hidden` or their ancestors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    pub tips: Vec<ObjectId>,
    pub hidden: Vec<ObjectId>,
}

/// A range resolved to object ids.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub parts: Vec<Part>,
    pub first_parent: bool,
    /// What a report calls it: `range main..HEAD`, `commits not on origin/main`.
    pub label: String,
    /// One-line notes about how the range was chosen (no upstream, shallow clone, ...).
    pub notes: Vec<String>,
}

impl Selection {
    /// True when there is nothing to walk (a push of deletions only, say).
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(|p| p.tips.is_empty())
    }
}

impl Repo {
    /// Resolves a range: every name must exist and peel to a commit.
    pub fn resolve(&self, spec: &RangeSpec) -> Result<Selection> {
        let mut sel = match &spec.revisions {
            Revisions::Default => self.resolve_default()?,
            Revisions::All => {
                let head = self.head_commit_id()?;
                Selection {
                    parts: vec![Part {
                        tips: vec![head],
                        hidden: vec![],
                    }],
                    label: "whole history of HEAD".into(),
                    ..Selection::default()
                }
            }
            Revisions::Between { from, to } => self.resolve_between(from.as_deref(), to)?,
            Revisions::Push { remote, updates } => self.resolve_push(remote, updates)?,
        };
        sel.first_parent = spec.first_parent;
        Ok(sel)
    }

    /// The commit a revision names (`main`, `v1.0`, `HEAD~3`, a hash), tags peeled.
    pub fn rev_commit(&self, rev: &str) -> Result<ObjectId> {
        if rev == "HEAD" {
            return self.head_commit_id();
        }
        let id = self
            .inner
            .rev_parse_single(rev)
            .map_err(|_| self.unknown_revision(rev))?
            .detach();
        self.peel_to_commit(id, rev)
    }

    fn unknown_revision(&self, rev: &str) -> Error {
        let mut help = String::new();
        let names = self.ref_short_names();
        if let Some(c) = crate::suggest::closest(rev, names.iter().map(String::as_str)) {
            help = format!("did you mean `{c}`? ");
        }
        if self.is_shallow() {
            help.push_str(
                "this is a shallow clone, so older commits may be missing: \
                 `git fetch --unshallow` (or `fetch-depth: 0` in CI) fetches them",
            );
        } else {
            help.push_str("`git branch -a` and `git log --oneline` list what exists");
        }
        Error::git_help(format!("unknown revision `{rev}`"), help)
    }

    /// Short names of branches, remote branches and tags, for did-you-mean.
    fn ref_short_names(&self) -> Vec<String> {
        let Ok(platform) = self.inner.references() else {
            return Vec::new();
        };
        let Ok(iter) = platform.all() else {
            return Vec::new();
        };
        iter.filter_map(|r| r.ok())
            .map(|r| r.name().shorten().to_string())
            .collect()
    }

    fn resolve_between(&self, from: Option<&str>, to: &str) -> Result<Selection> {
        let tip = self.rev_commit(to)?;
        let mut sel = Selection::default();
        match from {
            None => {
                sel.label = format!("history of {to}");
                sel.parts.push(Part {
                    tips: vec![tip],
                    hidden: vec![],
                });
            }
            Some(from) => {
                let base = self.rev_commit(from)?;
                sel.label = format!("range {from}..{to}");
                if base != tip && !self.shares_history(base, tip)? {
                    if self.is_shallow() {
                        sel.notes.push(format!(
                            "{from} and {to} share no history in this shallow clone: checking every \
                             commit of {to} that is here; `git fetch --unshallow` (or `fetch-depth: 0` \
                             in CI) fetches the rest"
                        ));
                    } else {
                        return Err(Error::git_help(
                            format!("{from} and {to} share no history: {from}..{to} would be every commit of {to}"),
                            format!("pick a base on the same history as {to}, or pass `--all --to {to}` to check its whole history"),
                        ));
                    }
                }
                sel.parts.push(Part {
                    tips: vec![tip],
                    hidden: vec![base],
                });
            }
        }
        Ok(sel)
    }

    /// Whether two commits have a common ancestor.
    fn shares_history(&self, a: ObjectId, b: ObjectId) -> Result<bool> {
        match self.inner.merge_base(a, b) {
            Ok(found) => Ok(found.is_some()),
            Err(e) => Err(git_error(
                &format!(
                    "cannot find a common ancestor of {} and {}",
                    short(&a),
                    short(&b)
                ),
                e,
            )),
        }
    }

    fn resolve_default(&self) -> Result<Selection> {
        let head = self.head_commit_id()?;
        let mut sel = Selection::default();
        if let Some((name, id)) = self.upstream_of_head() {
            sel.label = format!("commits of HEAD not on {name}");
            sel.parts.push(Part {
                tips: vec![head],
                hidden: vec![id],
            });
            return Ok(sel);
        }
        let remotes = self.remote_tracking_commits(None)?;
        if remotes.is_empty() {
            sel.label = "whole history of HEAD".into();
            sel.notes.push(
                "no upstream and no remote-tracking branches: checking the whole history of HEAD"
                    .into(),
            );
        } else {
            sel.label = "commits of HEAD not on any remote-tracking branch".into();
        }
        sel.parts.push(Part {
            tips: vec![head],
            hidden: remotes,
        });
        Ok(sel)
    }

    /// The upstream tracking branch of HEAD's branch and its commit, when configured and present.
    fn upstream_of_head(&self) -> Option<(String, ObjectId)> {
        let head_ref = self.inner.head_name().ok()??;
        let tracking = self
            .inner
            .branch_remote_tracking_ref_name(head_ref.as_ref(), gix::remote::Direction::Fetch)?
            .ok()?;
        let mut reference = self.inner.try_find_reference(tracking.as_ref()).ok()??;
        let id = reference.peel_to_id().ok()?.detach();
        let id = self.peel_to_commit(id, "upstream").ok()?;
        Some((tracking.as_ref().shorten().to_string(), id))
    }

    /// The commits of remote-tracking branches: of one remote (`refs/remotes/<remote>/*`), or of
    /// all remotes. Refs that do not peel to a commit are skipped.
    pub(crate) fn remote_tracking_commits(&self, remote: Option<&str>) -> Result<Vec<ObjectId>> {
        let platform = self
            .inner
            .references()
            .map_err(|e| git_error("cannot read references", e))?;
        let iter = platform
            .prefixed("refs/remotes/")
            .map_err(|e| git_error("cannot read remote-tracking branches", e))?;
        let prefix = remote.map(|r| format!("refs/remotes/{r}/"));
        let mut out = Vec::new();
        for reference in iter {
            let Ok(mut reference) = reference else {
                continue;
            };
            if let Some(prefix) = &prefix {
                if !reference.name().as_bstr().starts_with(prefix.as_bytes()) {
                    continue;
                }
            }
            let Ok(id) = reference.peel_to_id() else {
                continue;
            };
            let id = id.detach();
            if let Ok(commit) = self.peel_to_commit(id, "remote-tracking branch") {
                out.push(commit);
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn resolve_push(&self, remote: &str, updates: &[PushUpdate]) -> Result<Selection> {
        let mut sel = Selection {
            label: format!("push to {remote}"),
            ..Selection::default()
        };
        let mut remote_commits: Option<Vec<ObjectId>> = None;
        for update in updates {
            let Some(local) = update.local_id else {
                continue; // a deletion sends nothing to check
            };
            let tip = match self.peel_to_commit(local, &update.local_ref) {
                Ok(tip) => tip,
                // A tag of a tree or blob: nothing with a message to check.
                Err(Error::Usage { .. }) => continue,
                Err(e) => return Err(e),
            };
            let hidden = match update.remote_id {
                Some(old) if self.has_commit(&old) => vec![old],
                // A new ref, or a force push over commits this clone does not have: what the
                // remote does not have yet is what is on none of its refs.
                _ => {
                    if remote_commits.is_none() {
                        let mut of_remote = self.remote_tracking_commits(Some(remote))?;
                        if of_remote.is_empty() {
                            // Pushing to a URL, or to a remote never fetched: any remote-tracking
                            // branch is the best knowledge of what others already have.
                            of_remote = self.remote_tracking_commits(None)?;
                        }
                        remote_commits = Some(of_remote);
                    }
                    remote_commits.clone().unwrap_or_default()
                }
            };
            sel.parts.push(Part {
                tips: vec![tip],
                hidden,
            });
        }
        Ok(sel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::push::parse_hex_id;

    #[test]
    fn parses_ranges_like_git() {
        let between = |from: Option<&str>, to: &str| Revisions::Between {
            from: from.map(str::to_string),
            to: to.to_string(),
        };
        assert_eq!(
            parse_range("main..HEAD").unwrap(),
            between(Some("main"), "HEAD")
        );
        assert_eq!(parse_range("v1..").unwrap(), between(Some("v1"), "HEAD"));
        assert_eq!(
            parse_range("..topic").unwrap(),
            between(Some("HEAD"), "topic")
        );
        assert_eq!(parse_range("topic").unwrap(), between(None, "topic"));
        assert!(parse_range("a...b").is_err());
        assert!(parse_range("a..b..c").is_err());
        assert!(parse_range(" ").is_err());
    }

    #[test]
    fn zero_id_is_none() {
        assert_eq!(
            parse_hex_id("0000000000000000000000000000000000000000").unwrap(),
            None
        );
        assert!(parse_hex_id("xyz").is_err());
        assert!(parse_hex_id("1111111111111111111111111111111111111111")
            .unwrap()
            .is_some());
    }
}
