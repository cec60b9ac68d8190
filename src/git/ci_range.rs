//! Turns a CI range ([`crate::ci::Commits`]) into commit ids: resolves revisions, finds the
//! merge-base of a pull request, and the remote-tracking default branch of a new branch.

use std::path::Path;

use crate::ci::{CiRange, Commits};
use crate::error::{Error, Result};

/// A range as commit ids: the commits reachable from `head` and not from `base` (everything
/// reachable from `head` when there is no base).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRange {
    pub base: Option<String>,
    pub head: String,
    /// What the person should know about how the range was chosen.
    pub notes: Vec<String>,
}

impl ResolvedRange {
    /// `base..head`, or `head` alone for a whole history.
    pub fn revspec(&self) -> String {
        match &self.base {
            Some(base) => format!("{base}..{}", self.head),
            None => self.head.clone(),
        }
    }
}

/// Resolves `range` in the repository at `root`; `None` when the event needs no check.
pub fn resolve(root: &Path, range: &CiRange) -> Result<Option<ResolvedRange>> {
    let repo = gix::discover(root).map_err(|e| {
        Error::git(format!(
            "cannot open the repository at {}: {e}",
            root.display()
        ))
    })?;
    let shallow = repo.is_shallow().unwrap_or(false);
    let mut notes = vec![format!("range from {}", range.source)];
    let (base, head) = match &range.commits {
        Commits::Nothing { .. } => return Ok(None),
        Commits::Between { base, head } => {
            let head = commit(&repo, head, shallow)?;
            match (commit(&repo, base, shallow), &range.fallback_branch) {
                (Ok(base), _) => (Some(base), head),
                (Err(_), Some(branch)) => {
                    notes.push(format!(
                        "{base} is not in this clone (a force push?): checking the commits not on {branch} instead"
                    ));
                    (Some(branch_tip(&repo, branch, shallow)?), head)
                }
                (Err(e), None) => return Err(e),
            }
        }
        Commits::MergeBase { base, head } => {
            let base = commit(&repo, base, shallow)?;
            let head = commit(&repo, head, shallow)?;
            let mb = repo
                .merge_base(base, head)
                .map_err(|e| {
                    Error::git(format!(
                        "cannot compute the merge-base of {base} and {head}: {e}"
                    ))
                })?
                .ok_or_else(|| {
                    Error::git_help(
                        format!("{base} and {head} share no history"),
                        fetch_help(
                            shallow,
                            "the base and head of the pull request must both be in the clone",
                        ),
                    )
                })?;
            (Some(mb.detach()), head)
        }
        Commits::NotOnBranch { head, branch } => {
            let head = commit(&repo, head, shallow)?;
            (Some(branch_tip(&repo, branch, shallow)?), head)
        }
        Commits::Whole { head } => (None, commit(&repo, head, shallow)?),
    };
    Ok(Some(ResolvedRange {
        base: base.map(|id| id.to_string()),
        head: head.to_string(),
        notes,
    }))
}

/// The commit a revision names (tags peeled), or an error that says how to get it.
fn commit(repo: &gix::Repository, rev: &str, shallow: bool) -> Result<gix::ObjectId> {
    let not_here = || {
        Error::git_help(
            format!("`{rev}` is not a commit in this clone"),
            fetch_help(shallow, "fetch it, or pass --base/--head"),
        )
    };
    let id = repo.rev_parse_single(rev).map_err(|_| not_here())?;
    let commit = id
        .object()
        .map_err(|_| not_here())?
        .peel_to_commit()
        .map_err(|_| not_here())?;
    Ok(commit.id)
}

/// The tip of the default branch: its remote-tracking ref, else a local branch of that name.
fn branch_tip(repo: &gix::Repository, branch: &str, shallow: bool) -> Result<gix::ObjectId> {
    for name in [
        format!("refs/remotes/origin/{branch}"),
        format!("refs/heads/{branch}"),
    ] {
        if let Ok(Some(mut r)) = repo.try_find_reference(name.as_str()) {
            if let Ok(c) = r.peel_to_commit() {
                return Ok(c.id);
            }
        }
    }
    Err(Error::git_help(
        format!("the default branch `{branch}` is not in this clone (no origin/{branch})"),
        fetch_help(shallow, "planlint needs it to tell which commits are new"),
    ))
}

fn fetch_help(shallow: bool, why: &str) -> String {
    let fix = if shallow {
        "this is a shallow clone: use `fetch-depth: 0` with actions/checkout, `GIT_DEPTH: 0` on GitLab, or `git fetch --unshallow`"
    } else {
        "use `fetch-depth: 0` with actions/checkout (GitLab: `GIT_DEPTH: 0`), or `git fetch origin`"
    };
    format!("{why}; {fix}")
}
