//! `planlint scan [PATHS]`: walks a tree (honouring `.gitignore`, in parallel, never following
//! a symlink) and runs the anti-pattern scanner on every file it knows the language of.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

use crate::cli::ScanArgs;
use crate::error::{Error, Result};
use crate::scan::{ScanOutput, Scanner, Skipped};

use crate::outcome::Outcome;

use super::Context;

/// Per kind of skip, how many files are named in a note before the rest are only counted.
const NAMED_SKIPS: usize = 5;

/// The `ignore` crate reads an ignore file whole and compiles every line into a glob: a 10 MB
/// `.gitignore` took 750 MB, a 1 GB one was killed by the kernel. Real ones are a few KiB, so a
/// larger one is refused by its size before the walk reads it.
const MAX_IGNORE_FILE: u64 = 1 << 20;

/// The ignore files the walk reads in every folder it enters.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

pub fn run(ctx: &Context, args: &ScanArgs) -> Result<Outcome> {
    let root = ctx.root.as_deref().unwrap_or(&ctx.cwd);
    let real_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let targets = targets(ctx, args, &real_root)?;
    let scanner = ctx.scanner()?;
    let files = AtomicUsize::new(0);
    if !args.no_ignore {
        // The walk reads the ignore files of each target's folders up to the root, and the
        // repository's own exclude list, before its filter sees any entry.
        let mut first = vec![real_root.join(".git/info/exclude")];
        for t in &targets {
            first.extend(
                t.ancestors()
                    .take_while(|d| d.starts_with(&real_root))
                    .flat_map(|d| IGNORE_FILES.map(|f| d.join(f))),
            );
        }
        if let Some(big) = first.iter().find(|p| oversized(p)) {
            return Err(oversized_error(big, &real_root));
        }
    }
    let mut results = walk(&scanner, &targets, &real_root, args, &files)?;
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

/// Whether `path` is a file over [`MAX_IGNORE_FILE`] (from its metadata; nothing is read).
fn oversized(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > MAX_IGNORE_FILE)
}

fn oversized_error(path: &Path, root: &Path) -> Error {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    Error::usage_help(
        format!(
            "{} is {size} bytes; planlint reads ignore files of at most {MAX_IGNORE_FILE} bytes",
            relative(path, root)
        ),
        "shorten it, or pass --no-ignore to scan without reading ignore files",
    )
}

/// A file's path relative to the root, with `/` separators.
fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        parts.join("/")
    }
}

/// Scans every file under the targets in parallel; returns `(path, output, explicit)` for
/// files with something to say.
fn walk(
    scanner: &Scanner,
    targets: &[PathBuf],
    root: &Path,
    args: &ScanArgs,
    files: &AtomicUsize,
) -> Result<Vec<(String, ScanOutput, bool)>> {
    let mut builder = WalkBuilder::new(&targets[0]);
    for t in &targets[1..] {
        builder.add(t);
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    builder
        .standard_filters(!args.no_ignore)
        .hidden(!args.hidden)
        .follow_links(false)
        .threads(threads);
    // A folder is entered (and its ignore files read) only after this filter passed it, so an
    // oversized ignore file is caught here, by its size, before it is loaded.
    let too_big = std::sync::Arc::new(std::sync::Mutex::new(None::<PathBuf>));
    let check_ignores = !args.no_ignore;
    let slot = std::sync::Arc::clone(&too_big);
    builder.filter_entry(move |e| {
        if e.file_name() == ".git" {
            return false;
        }
        if !check_ignores || !e.file_type().is_some_and(|t| t.is_dir()) {
            return true;
        }
        let big = IGNORE_FILES
            .map(|f| e.path().join(f))
            .into_iter()
            .find(|p| oversized(p));
        match big {
            Some(big) => {
                if let Ok(mut first) = slot.lock() {
                    first.get_or_insert(big);
                }
                false
            }
            None => true,
        }
    });
    let (tx, rx) = mpsc::channel();
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        let mut buf = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let _ = tx.send((
                        String::from("(walk)"),
                        ScanOutput {
                            skipped: Some(Skipped::Unreadable(err.to_string())),
                            ..ScanOutput::default()
                        },
                        true,
                    ));
                    return WalkState::Continue;
                }
            };
            // Not following links: a symlink is reported as one, and skipped.
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let rel = relative(entry.path(), root);
            let out = scanner.scan_file(&rel, entry.path(), &mut buf);
            if out.skipped.is_none() {
                files.fetch_add(1, Ordering::Relaxed);
            }
            let explicit = entry.depth() == 0;
            let worth_a_note = out
                .skipped
                .as_ref()
                .is_some_and(|why| explicit || why.is_notable());
            if !out.findings.is_empty() || worth_a_note || out.long_lines > 0 {
                let _ = tx.send((rel, out, explicit));
            }
            WalkState::Continue
        })
    });
    drop(tx);
    let results = rx.into_iter().collect();
    let big = too_big.lock().ok().and_then(|mut slot| slot.take());
    match big {
        Some(big) => Err(oversized_error(&big, root)),
        None => Ok(results),
    }
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
