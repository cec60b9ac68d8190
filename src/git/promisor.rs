//! Partial clones (`git clone --filter=blob:none`, what CI checkouts often are): blobs are
//! missing by design and the promisor remote has them. git fetches each one on demand; planlint
//! reads objects through gix, which does not, so before a range is checked the blobs it will
//! read (each commit's changed files, its planning folder and `.gitignore`) are asked for in
//! one batch, through git itself. This is the one place planlint runs git, with a fixed
//! command line and object ids on stdin; nothing from the repository becomes an argument.

use std::io::Write;
use std::process::{Command, Stdio};

use gix::ObjectId;

use super::diff::{DiffOptions, Differ};
use super::range::Selection;
use super::snapshot::{ItemKind, Snapshots};
use super::Repo;
use crate::error::Result;

/// The remote that promised the missing objects: `extensions.partialClone`, else the first
/// remote with `promisor = true`. `None`: not a partial clone.
pub fn remote(repo: &Repo) -> Option<String> {
    let config = repo.inner.config_snapshot();
    if let Some(name) = config.string("extensions.partialClone") {
        return Some(name.to_string());
    }
    repo.inner
        .remote_names()
        .into_iter()
        .map(|n| n.to_string())
        .find(|name| config.boolean(format!("remote.{name}.promisor").as_str()) == Some(true))
}

/// The blobs checking `selection` reads that this clone does not have.
pub fn missing_for(
    repo: &Repo,
    selection: &Selection,
    planning_dir: &str,
) -> Result<Vec<ObjectId>> {
    let mut differ = Differ::new(
        repo,
        DiffOptions {
            // Pairing renames reads blobs; the blobs of both sides are wanted anyway.
            renames: false,
            ..DiffOptions::default()
        },
    );
    let mut snapshots = Snapshots::new(repo);
    let mut wanted = std::collections::HashSet::new();
    for commit in repo.walk(selection) {
        let commit = commit?;
        if let Some(changes) = differ.changes(&commit)? {
            for c in changes.iter().filter(|c| !c.is_link) {
                wanted.extend(c.old_id.into_iter().chain(c.new_id));
            }
        }
        if let Some(item) = snapshots.entry(commit.tree, ".gitignore")? {
            wanted.insert(item.id);
        }
        // The planning folder as the commit has it: every file, a few KiB each.
        let mut folders: Vec<ObjectId> = snapshots
            .entry(commit.tree, planning_dir)?
            .filter(|i| i.kind == ItemKind::Tree)
            .map(|i| i.id)
            .into_iter()
            .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(tree) = folders.pop() {
            if !seen.insert(tree) {
                continue;
            }
            for item in snapshots.list(tree)?.iter() {
                match item.kind {
                    ItemKind::Tree => folders.push(item.id),
                    ItemKind::Blob => {
                        wanted.insert(item.id);
                    }
                    ItemKind::Link | ItemKind::Commit => {}
                }
            }
        }
    }
    let mut missing: Vec<ObjectId> = wanted
        .into_iter()
        .filter(|id| !repo.inner.has_object(id))
        .collect();
    missing.sort_unstable();
    Ok(missing)
}

/// Asks `remote` for `ids` in one `git fetch`, as git's own lazy fetch does; the error is git's
/// last line.
pub fn fetch(repo: &Repo, remote: &str, ids: &[ObjectId]) -> std::result::Result<(), String> {
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(repo.inner.git_dir())
        .args([
            "-c",
            "fetch.negotiationAlgorithm=noop",
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--recurse-submodules=no",
            "--filter=blob:none",
            "--stdin",
            "--",
            remote,
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut list = String::with_capacity(ids.len() * 41);
    for id in ids {
        list.push_str(&id.to_string());
        list.push('\n');
    }
    if let Some(mut stdin) = child.stdin.take() {
        // A git that stopped early says why on stderr.
        let _ = stdin.write_all(list.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("git fetch did not finish: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    // git's first `fatal:` or `error:` line says what went wrong; the rest is advice.
    let err = String::from_utf8_lossy(&out.stderr);
    let lines = || err.lines().map(str::trim).filter(|l| !l.is_empty());
    let reason = lines()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| lines().next())
        .unwrap_or("git fetch failed and said nothing");
    Err(crate::finding::shorten(reason, 200).into_owned())
}
