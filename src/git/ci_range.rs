//! Turns what a CI event asks for ([`crate::ci::Commits`]) into commit ids: resolves the
//! revisions, finds a pull request's merge-base, and the remote-tracking default branch a new
//! branch is measured against.

use std::path::Path;

use gix::ObjectId;

use super::{short, Repo};
use crate::ci::{CiRange, Commits};
use crate::error::{Error, Result};

/// A range as commit ids: the commits reachable from `head` and not from `base` (everything
/// reachable from `head` when there is no base).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRange {
    pub base: Option<ObjectId>,
    pub head: ObjectId,
    /// What the person should know about how the range was chosen.
    pub notes: Vec<String>,
}

impl ResolvedRange {
    /// `base..head` in full ids, or `head` alone for a whole history.
    pub fn revspec(&self) -> String {
        match &self.base {
            Some(base) => format!("{base}..{}", self.head),
            None => self.head.to_string(),
        }
    }

    /// The same with short ids, for reports.
    pub fn label(&self) -> String {
        match &self.base {
            Some(base) => format!("{}..{}", short(base), short(&self.head)),
            None => format!("history of {}", short(&self.head)),
        }
    }
}

/// Resolves `range` in the repository at `root`; `None` when the event needs no check.
pub fn resolve(root: &Path, range: &CiRange) -> Result<Option<ResolvedRange>> {
    let repo = Repo::open(root)?;
    let mut notes = vec![format!("range from {}", range.source)];
    let (base, head) = match &range.commits {
        Commits::Nothing { .. } => return Ok(None),
        Commits::Between { base, head } => {
            let head = commit(&repo, head)?;
            match (commit(&repo, base), &range.fallback_branch) {
                (Ok(base), _) => (Some(base), head),
                (Err(_), Some(branch)) => {
                    notes.push(format!(
                        "{base} is not in this clone (a force push?): checking the commits not on {branch} instead"
                    ));
                    (Some(branch_tip(&repo, branch)?), head)
                }
                (Err(e), None) => return Err(e),
            }
        }
        Commits::MergeBase { base, head } => {
            let base = commit(&repo, base)?;
            let head = commit(&repo, head)?;
            let merge_base = repo
                .inner
                .merge_base(base, head)
                .map_err(|e| {
                    Error::git(format!(
                        "cannot compute the merge-base of {} and {}: {e}",
                        short(&base),
                        short(&head)
                    ))
                })?
                .ok_or_else(|| {
                    Error::git_help(
                        format!("{base} and {head} share no history"),
                        fetch_help(
                            &repo,
                            "the base and head of the pull request must both be in the clone",
                        ),
                    )
                })?;
            (Some(merge_base.detach()), head)
        }
        Commits::NotOnBranch { head, branch } => {
            let head = commit(&repo, head)?;
            (Some(branch_tip(&repo, branch)?), head)
        }
        Commits::Whole { head } => (None, commit(&repo, head)?),
    };
    Ok(Some(ResolvedRange { base, head, notes }))
}

/// The commit a revision names, or an error that says how CI gets it into the clone.
fn commit(repo: &Repo, rev: &str) -> Result<ObjectId> {
    repo.rev_commit(rev).map_err(|e| {
        // A revision this clone holds (HEAD, an object that is there) failed for a reason of
        // its own: no commits yet, a corrupt object, not a commit. Only a revision the clone
        // lacks is a matter of fetching.
        let held = rev == "HEAD"
            || repo
                .inner
                .rev_parse_single(rev)
                .is_ok_and(|id| repo.inner.has_object(id));
        if held {
            e
        } else {
            Error::git_help(
                format!("`{rev}` is not a commit in this clone"),
                fetch_help(repo, "fetch it, or pass --base/--head"),
            )
        }
    })
}

/// The tip of the default branch: its remote-tracking ref, else a local branch of that name.
/// The name comes from the event, so it is only ever looked up as a ref, never parsed as a
/// revision.
fn branch_tip(repo: &Repo, branch: &str) -> Result<ObjectId> {
    for name in [
        format!("refs/remotes/origin/{branch}"),
        format!("refs/heads/{branch}"),
    ] {
        if let Ok(Some(mut r)) = repo.inner.try_find_reference(name.as_str()) {
            if let Ok(c) = r.peel_to_commit() {
                return Ok(c.id);
            }
        }
    }
    Err(Error::git_help(
        format!("the default branch `{branch}` is not in this clone (no origin/{branch})"),
        fetch_help(repo, "planlint needs it to tell which commits are new"),
    ))
}

fn fetch_help(repo: &Repo, why: &str) -> String {
    let fix = if repo.is_shallow() {
        "this is a shallow clone: use `fetch-depth: 0` with actions/checkout, `GIT_DEPTH: 0` on GitLab, or `git fetch --unshallow`"
    } else {
        "use `fetch-depth: 0` with actions/checkout (GitLab: `GIT_DEPTH: 0`), or `git fetch origin`"
    };
    format!("{why}; {fix}")
}
