//! `planlint scan [PATHS]`: walks a tree (honouring `.gitignore`, in parallel, never following
//! a symlink) and runs the anti-pattern scanner on every file it knows the language of.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cli::ScanArgs;
use crate::error::{Error, Result};
use crate::fs::walk::{walk, Filters, Visit};
use crate::fs::Skipped;
use crate::scan::{ScanOutput, Scanner};

use crate::outcome::Outcome;

use super::Context;

/// Per kind of skip, how many files are named in a note before the rest are only counted.
const NAMED_SKIPS: usize = 5;

pub fn run(ctx: &Context, args: &ScanArgs) -> Result<Outcome> {
    let root = ctx.root.as_deref().unwrap_or(&ctx.cwd);
    let real_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let targets = targets(ctx, args, &real_root)?;
    let scanner = ctx.scanner()?;
    let files = AtomicUsize::new(0);
    let mut results = scan_all(&scanner, &targets, &real_root, args, &files)?;
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let mut outcome = Outcome {
        subject: format!(
            "scan of {} file{}",
            files.load(Ordering::Relaxed),
            plural(files.load(Ordering::Relaxed))
        ),
        ..Outcome::default()
    };
    let mut skips: Vec<(String, Skipped)> = Vec::new();
    let mut long_lines = (0u32, 0usize);
    for (rel, out, explicit) in results {
        if out.long_lines > 0 {
            long_lines.0 += out.long_lines;
            long_lines.1 += 1;
        }
        match out.skipped {
            Some(why) if why.is_notable() || explicit => skips.push((rel, why)),
            _ => {}
        }
        outcome.findings.extend(out.findings);
    }
    outcome.notes = skip_notes(skips);
    if long_lines.0 > 0 {
        outcome.notes.push(format!(
            "{} line{} longer than {} KiB in {} file{} not matched (minified or data)",
            long_lines.0,
            plural(long_lines.0 as usize),
            crate::scan::MAX_LINE / 1024,
            long_lines.1,
            plural(long_lines.1)
        ));
    }
    Ok(outcome)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The paths to walk, canonical, each inside the root: a path outside is refused, never
/// followed (a symlink pointing out counts as outside).
fn targets(ctx: &Context, args: &ScanArgs, real_root: &Path) -> Result<Vec<PathBuf>> {
    if args.paths.is_empty() {
        let cwd = ctx.cwd.canonicalize().map_err(|e| Error::io(&ctx.cwd, e))?;
        return Ok(vec![cwd]);
    }
    args.paths
        .iter()
        .map(|p| {
            let joined = ctx.cwd.join(p);
            let real = joined.canonicalize().map_err(|e| Error::io(&joined, e))?;
            if real.starts_with(real_root) {
                Ok(real)
            } else {
                Err(Error::usage_help(
                    format!("{} is outside the repository", p.display()),
                    format!("planlint scans only inside {}", real_root.display()),
                ))
            }
        })
        .collect()
}

thread_local! {
    /// Each walking thread reads its files into one buffer.
    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Scans every file under the targets in parallel; returns `(path, output, named)` for files
/// with something to say.
fn scan_all(
    scanner: &Scanner,
    targets: &[PathBuf],
    root: &Path,
    args: &ScanArgs,
    files: &AtomicUsize,
) -> Result<Vec<(String, ScanOutput, bool)>> {
    let filters = Filters {
        ignore_files: !args.no_ignore,
        hidden: args.hidden,
        excludes_file: crate::git::settings::excludes_file(root),
    };
    let found = Mutex::new(Vec::new());
    let keep = |item: (String, ScanOutput, bool)| {
        if let Ok(mut v) = found.lock() {
            v.push(item);
        }
    };
    walk(root, targets, filters, &|visit| match visit {
        Visit::Failed(why) => keep((
            String::from("(walk)"),
            ScanOutput {
                skipped: Some(Skipped::Unreadable(why)),
                ..ScanOutput::default()
            },
            true,
        )),
        Visit::File { rel, path, named } => {
            let out = BUF.with(|buf| scanner.scan_file(rel, path, &mut buf.borrow_mut()));
            if out.skipped.is_none() {
                files.fetch_add(1, Ordering::Relaxed);
            }
            let worth_a_note = out
                .skipped
                .as_ref()
                .is_some_and(|why| named || why.is_notable());
            if !out.findings.is_empty() || worth_a_note || out.long_lines > 0 {
                keep((rel.to_string(), out, named));
            }
        }
    })?;
    Ok(found.into_inner().unwrap_or_default())
}

/// One note per skipped file, or per kind once there are many.
fn skip_notes(skips: Vec<(String, Skipped)>) -> Vec<String> {
    let mut notes = Vec::new();
    let mut kinds: Vec<(String, Vec<String>)> = Vec::new();
    for (path, why) in skips {
        let kind = match &why {
            Skipped::TooLarge { limit, .. } => {
                format!("over scan.max-file-size ({limit} bytes)")
            }
            other => other.to_string(),
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, paths)) => paths.push(format!("{path} ({why})")),
            None => kinds.push((kind, vec![format!("{path} ({why})")])),
        }
    }
    for (kind, paths) in kinds {
        if paths.len() <= NAMED_SKIPS {
            notes.extend(paths.iter().map(|p| format!("not scanned: {p}")));
        } else {
            let shown: Vec<&str> = paths
                .iter()
                .take(3)
                .map(|p| p.split(" (").next().unwrap_or(p))
                .collect();
            notes.push(format!(
                "not scanned: {} files, {kind} (e.g. {})",
                paths.len(),
                shown.join(", ")
            ));
        }
    }
    notes
}
