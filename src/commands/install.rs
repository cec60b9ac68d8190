//! `planlint install` and `planlint uninstall`: the only commands that write into a repository,
//! and only into the hooks folder git really uses.
//!
//! A hook that is already there is never lost: it is moved aside to `<hook>.planlint-chained`
//! and the planlint shim runs it first (or, with `--force`, to `<hook>.planlint-replaced`, where
//! it no longer runs); `uninstall` moves it back. What to do is decided by [`plan_install`] and
//! [`plan_uninstall`] from plain facts about the folder, then carried out.
//!
//! With husky or lefthook in charge of the hooks, planlint prints the lines to add to their
//! config and writes nothing: two managers fighting over one folder helps nobody.

use std::path::{Component, Path, PathBuf};

use crate::cli::{HookKind, InstallArgs};
use crate::error::{Error, IoOp, Result};
use crate::git::hooks::{hooks_dir, HooksDir};

use crate::outcome::{Document, Outcome};

use super::Context;

/// Text every planlint shim carries, so an installed hook (of any planlint version) is known.
pub const MARKER: &str = "planlint-managed-hook";

const CHAINED: &str = ".planlint-chained";
const REPLACED: &str = ".planlint-replaced";

/// A hook's name and the shim planlint installs for it (the files in `hooks/`).
#[derive(Debug, Clone, Copy)]
pub struct Shim {
    pub name: &'static str,
    pub text: &'static str,
}

pub fn shim(kind: HookKind) -> Shim {
    match kind {
        HookKind::CommitMsg => Shim {
            name: "commit-msg",
            text: include_str!("../../hooks/commit-msg"),
        },
        HookKind::PrePush => Shim {
            name: "pre-push",
            text: include_str!("../../hooks/pre-push"),
        },
    }
}

/// What sits at the hook's path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    Missing,
    /// Exactly the shim this planlint would write.
    ThisShim,
    /// A shim from another planlint version.
    OtherShim,
    /// Somebody else's hook.
    Foreign,
}

/// The three names a hook can have in the hooks folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Hook,
    Chained,
    Replaced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Move(Slot, Slot),
    Remove(Slot),
    WriteShim,
}

/// The steps that install the shim, or why planlint will not guess.
pub fn plan_install(
    current: Current,
    chained: bool,
    replaced: bool,
    force: bool,
) -> Result<Vec<Step>, String> {
    use Slot::*;
    let mut steps = Vec::new();
    if current == Current::Foreign {
        if chained || (force && replaced) {
            return Err("a hook is there and an earlier one is kept beside it".into());
        }
        steps.push(Step::Move(Hook, if force { Replaced } else { Chained }));
    } else if force && chained {
        // --force: planlint runs alone, the chained hook is parked where it no longer runs.
        if replaced {
            return Err("both a chained and a replaced hook are kept beside it".into());
        }
        steps.push(Step::Move(Chained, Replaced));
    }
    if current != Current::ThisShim {
        steps.push(Step::WriteShim);
    }
    Ok(steps)
}

/// The steps that put back what was there before planlint.
pub fn plan_uninstall(current: Current, chained: bool, replaced: bool) -> Vec<Step> {
    use Slot::*;
    let mut steps = Vec::new();
    match current {
        Current::Foreign => return steps,
        Current::ThisShim | Current::OtherShim => steps.push(Step::Remove(Hook)),
        Current::Missing => {}
    }
    if chained {
        steps.push(Step::Move(Chained, Hook));
    } else if replaced {
        steps.push(Step::Move(Replaced, Hook));
    }
    steps
}

pub fn install(ctx: &Context, args: &InstallArgs) -> Result<Outcome> {
    let root = ctx.require_root()?;
    let kinds = selected(args);
    let mut outcome = Outcome {
        subject: "install".into(),
        ..Outcome::default()
    };
    let dir = hooks_dir(&ctx.cwd)?;
    if let Some(manager) = manager(root, &dir) {
        outcome.document = Some(Document::Text(manager.snippet(&kinds)));
        outcome.notes.push(format!(
            "{} manages this repository's hooks ({}): add the lines above to its config; planlint wrote nothing",
            manager.name(),
            manager.evidence()
        ));
        return Ok(outcome);
    }
    check_inside(&dir)?;
    std::fs::create_dir_all(&dir.path).map_err(|e| Error::io_op(IoOp::Create, &dir.path, e))?;
    let _lock = Lock::take(&dir.common_dir)?;
    for kind in kinds {
        let shim = shim(kind);
        let hook = HookFiles::new(&dir.path, shim.name);
        let facts = hook.facts(shim)?;
        let steps = plan_install(facts.0, facts.1, facts.2, args.force).map_err(|why| {
            Error::usage_help(
                format!("{}: {why}", hook.show(Slot::Hook, root)),
                format!(
                    "look at {} and {}, keep what you need under the hook's own name, remove the other, and run `planlint install` again",
                    hook.show(Slot::Chained, root),
                    hook.show(Slot::Replaced, root)
                ),
            )
        })?;
        hook.apply(&steps, shim)?;
        outcome
            .notes
            .push(describe_install(&hook, root, facts.0, &steps));
    }
    if std::env::var_os("PLANLINT_BIN").is_none() && !on_path("planlint") {
        outcome.notes.push(
            "planlint is not on PATH: the hooks will stop commits and pushes until it is (or PLANLINT_BIN is set)"
                .into(),
        );
    }
    Ok(outcome)
}

pub fn uninstall(ctx: &Context, args: &InstallArgs) -> Result<Outcome> {
    let root = ctx.require_root()?;
    let dir = hooks_dir(&ctx.cwd)?;
    check_inside(&dir)?;
    let _lock = Lock::take(&dir.common_dir)?;
    let mut outcome = Outcome {
        subject: "uninstall".into(),
        ..Outcome::default()
    };
    for kind in selected(args) {
        let shim = shim(kind);
        let hook = HookFiles::new(&dir.path, shim.name);
        let (current, chained, replaced) = hook.facts(shim)?;
        let steps = plan_uninstall(current, chained, replaced);
        hook.apply(&steps, shim)?;
        let shown = hook.show(Slot::Hook, root);
        outcome.notes.push(match (current, steps.as_slice()) {
            (Current::Foreign, _) => format!("{shown} is not planlint's hook: left as it is"),
            (_, []) => format!("{shown}: no planlint hook installed"),
            (_, [.., Step::Move(from, _)]) => format!(
                "{shown}: restored the hook that was there before (from {})",
                hook.show(*from, root)
            ),
            _ => format!("{shown}: removed"),
        });
    }
    Ok(outcome)
}

fn selected(args: &InstallArgs) -> Vec<HookKind> {
    let mut kinds = if args.hooks.is_empty() {
        vec![HookKind::CommitMsg, HookKind::PrePush]
    } else {
        args.hooks.clone()
    };
    kinds.dedup_by_key(|k| shim(*k).name);
    kinds
}

fn describe_install(hook: &HookFiles, root: &Path, before: Current, steps: &[Step]) -> String {
    let shown = hook.show(Slot::Hook, root);
    let moved = steps.iter().find_map(|s| match s {
        Step::Move(_, to) => Some(*to),
        _ => None,
    });
    match (before, moved) {
        (_, Some(Slot::Chained)) => format!(
            "{shown}: installed; the hook that was there runs first, from {}",
            hook.show(Slot::Chained, root)
        ),
        (_, Some(to)) => format!(
            "{shown}: installed; the hook that was there no longer runs, it is kept as {} (`planlint uninstall` puts it back)",
            hook.show(to, root)
        ),
        (Current::ThisShim, None) => format!("{shown}: already installed, nothing changed"),
        (Current::OtherShim, None) => format!("{shown}: updated to this planlint's hook"),
        _ => format!("{shown}: installed"),
    }
}

/// The hook's file and the two names it may be kept under.
struct HookFiles {
    dir: PathBuf,
    name: &'static str,
}

impl HookFiles {
    fn new(dir: &Path, name: &'static str) -> HookFiles {
        HookFiles {
            dir: dir.to_path_buf(),
            name,
        }
    }

    fn path(&self, slot: Slot) -> PathBuf {
        let suffix = match slot {
            Slot::Hook => "",
            Slot::Chained => CHAINED,
            Slot::Replaced => REPLACED,
        };
        self.dir.join(format!("{}{suffix}", self.name))
    }

    /// The path as the person knows it: relative to the work tree when inside it.
    fn show(&self, slot: Slot, root: &Path) -> String {
        let p = self.path(slot);
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        p.strip_prefix(&canonical_root)
            .or_else(|_| p.strip_prefix(root))
            .unwrap_or(&p)
            .display()
            .to_string()
    }

    fn exists(&self, slot: Slot) -> bool {
        std::fs::symlink_metadata(self.path(slot)).is_ok()
    }

    /// (what is at the hook's path, a chained hook exists, a replaced hook exists)
    fn facts(&self, shim: Shim) -> Result<(Current, bool, bool)> {
        let path = self.path(Slot::Hook);
        let current = match std::fs::symlink_metadata(&path) {
            Err(_) => Current::Missing,
            Ok(_) if path.is_dir() => {
                return Err(Error::usage(format!(
                    "{} is a folder, not a hook",
                    path.display()
                )))
            }
            // A hook too big to be a shim, or unreadable through a dangling link, is not ours.
            Ok(_) => match crate::fs::read_bounded(&path, 1 << 20) {
                Ok(bytes) if bytes == shim.text.as_bytes() => Current::ThisShim,
                Ok(bytes) if contains(&bytes, MARKER.as_bytes()) => Current::OtherShim,
                _ => Current::Foreign,
            },
        };
        Ok((
            current,
            self.exists(Slot::Chained),
            self.exists(Slot::Replaced),
        ))
    }

    fn apply(&self, steps: &[Step], shim: Shim) -> Result<()> {
        for step in steps {
            match *step {
                Step::Move(from, to) => {
                    let (from, to) = (self.path(from), self.path(to));
                    std::fs::rename(&from, &to)
                        .map_err(|e| Error::io_op(IoOp::Rename, &from, e))?;
                }
                Step::Remove(slot) => {
                    let p = self.path(slot);
                    std::fs::remove_file(&p).map_err(|e| Error::io_op(IoOp::Remove, &p, e))?;
                }
                Step::WriteShim => write_executable(&self.path(Slot::Hook), shim.text)?,
            }
        }
        Ok(())
    }
}

/// `.git/planlint-install.lock`, held while an install or uninstall reads the hooks folder and
/// changes it: two at once would each see the user's hook, and the second would chain the
/// first one's shim in its place, losing the hook. Made like git's `index.lock`: created new,
/// removed when done.
struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Waits a little for another install to finish (they take milliseconds), then gives up
    /// with the lock's name: one left by a planlint that was killed is the person's to remove.
    fn take(git_dir: &Path) -> Result<Lock> {
        let path = git_dir.join("planlint-install.lock");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(Lock { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if std::time::Instant::now() >= deadline {
                        return Err(Error::usage_help(
                            format!(
                                "{} exists: another planlint install or uninstall is running",
                                path.display()
                            ),
                            "wait for it; if none is running, remove the file and try again",
                        ));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(Error::io_op(IoOp::Create, &path, e)),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Writes through a temporary name and a rename, so git never runs a half-written hook.
fn write_executable(path: &Path, text: &str) -> Result<()> {
    crate::fs::replace_file(path, text.as_bytes(), Some(0o755))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// A hooks folder outside the repository (a global `core.hooksPath`) serves other repositories
/// too: planlint does not write there, it says what to do.
fn check_inside(dir: &HooksDir) -> Result<()> {
    let target = resolved(&dir.path);
    let inside = dir
        .work_tree
        .iter()
        .chain(std::iter::once(&dir.common_dir))
        .any(|base| target.starts_with(resolved(base)));
    if inside {
        return Ok(());
    }
    Err(Error::usage_help(
        format!(
            "core.hooksPath points outside this repository ({}): planlint install does not write there",
            dir.path.display()
        ),
        format!(
            "copy hooks/commit-msg and hooks/pre-push of planlint into {} yourself, or unset core.hooksPath for this repository",
            dir.path.display()
        ),
    ))
}

/// The path with `.`/`..` removed and symlinks resolved as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let mut lexical = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file() || p.with_extension("exe").is_file()
        })
    })
}

/// A hook manager planlint defers to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Manager {
    Husky,
    Lefthook(String),
}

/// The hook manager in charge: a `.husky/` folder (or `core.hooksPath` inside one), or a
/// lefthook config file at the root.
fn manager(root: &Path, dir: &HooksDir) -> Option<Manager> {
    let husky_path = dir
        .configured
        .as_deref()
        .is_some_and(|p| p.components().any(|c| c.as_os_str() == ".husky"));
    if root.join(".husky").is_dir() || husky_path {
        return Some(Manager::Husky);
    }
    ["lefthook", ".lefthook", ".config/lefthook"]
        .iter()
        .flat_map(|stem| {
            ["yml", "yaml", "json", "jsonc", "toml"]
                .iter()
                .map(move |ext| format!("{stem}.{ext}"))
        })
        .find(|name| root.join(name).is_file())
        .map(Manager::Lefthook)
}

impl Manager {
    fn name(&self) -> &'static str {
        match self {
            Manager::Husky => "husky",
            Manager::Lefthook(_) => "lefthook",
        }
    }

    fn evidence(&self) -> String {
        match self {
            Manager::Husky => ".husky/".into(),
            Manager::Lefthook(file) => file.clone(),
        }
    }

    fn snippet(&self, kinds: &[HookKind]) -> String {
        let mut out = String::new();
        match self {
            Manager::Husky => {
                for kind in kinds {
                    let (file, line) = match kind {
                        HookKind::CommitMsg => (".husky/commit-msg", "planlint msg \"$1\""),
                        HookKind::PrePush => (".husky/pre-push", "planlint pre-push \"$1\" \"$2\""),
                    };
                    out.push_str(&format!("# {file}\n{line}\n\n"));
                }
            }
            Manager::Lefthook(file) => {
                out.push_str(&format!("# {file} (YAML form)\n"));
                for kind in kinds {
                    out.push_str(match kind {
                        HookKind::CommitMsg => {
                            "commit-msg:\n  commands:\n    planlint:\n      run: planlint msg {1}\n"
                        }
                        // git's ref lines arrive on stdin; lefthook passes it only when asked.
                        HookKind::PrePush => {
                            "pre-push:\n  commands:\n    planlint:\n      run: planlint pre-push {1} {2}\n      use_stdin: true\n"
                        }
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Current::*;
    use super::Slot::*;
    use super::Step::*;
    use super::*;

    #[test]
    fn fresh_install_writes_the_shim() {
        assert_eq!(
            plan_install(Missing, false, false, false),
            Ok(vec![WriteShim])
        );
    }

    #[test]
    fn second_install_changes_nothing() {
        assert_eq!(plan_install(ThisShim, false, false, false), Ok(vec![]));
        assert_eq!(plan_install(ThisShim, true, false, false), Ok(vec![]));
    }

    #[test]
    fn another_version_of_the_shim_is_updated_in_place() {
        assert_eq!(
            plan_install(OtherShim, true, false, false),
            Ok(vec![WriteShim])
        );
    }

    #[test]
    fn a_foreign_hook_is_chained_or_with_force_parked() {
        assert_eq!(
            plan_install(Foreign, false, false, false),
            Ok(vec![Move(Hook, Chained), WriteShim])
        );
        assert_eq!(
            plan_install(Foreign, false, false, true),
            Ok(vec![Move(Hook, Replaced), WriteShim])
        );
        assert_eq!(
            plan_install(ThisShim, true, false, true),
            Ok(vec![Move(Chained, Replaced)])
        );
    }

    #[test]
    fn two_foreign_hooks_are_a_conflict_not_a_guess() {
        assert!(plan_install(Foreign, true, false, false).is_err());
        assert!(plan_install(Foreign, false, true, true).is_err());
        assert!(plan_install(ThisShim, true, true, true).is_err());
    }

    #[test]
    fn uninstall_puts_back_what_was_there() {
        assert_eq!(
            plan_uninstall(ThisShim, true, false),
            vec![Remove(Hook), Move(Chained, Hook)]
        );
        assert_eq!(
            plan_uninstall(OtherShim, false, true),
            vec![Remove(Hook), Move(Replaced, Hook)]
        );
        assert_eq!(plan_uninstall(ThisShim, false, false), vec![Remove(Hook)]);
        assert_eq!(plan_uninstall(Foreign, true, false), vec![]);
        assert_eq!(
            plan_uninstall(Missing, true, false),
            vec![Move(Chained, Hook)]
        );
    }

    #[test]
    fn shims_carry_the_marker_and_a_shebang() {
        for kind in [HookKind::CommitMsg, HookKind::PrePush] {
            let s = shim(kind);
            assert!(s.text.starts_with("#!/bin/sh\n"), "{}", s.name);
            assert!(s.text.contains(MARKER), "{}", s.name);
        }
    }

    #[test]
    fn resolved_removes_dot_dot_even_past_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(resolved(&dir.path().join("a/b/../c")), real.join("a/c"));
        assert_eq!(
            resolved(&dir.path().join("x/../../y")),
            real.parent().unwrap().join("y")
        );
    }
}
