//! The work tree as verification reads it: the files the checks look into, references to
//! artifacts, the phase's tests, and anti-patterns in what the phase touched. Bounded reads,
//! never outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;

use crate::check::verify::{FileText, PlanInput, Referrers};
use crate::config::ScanConfig;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::fs::walk::{walk, Filters, Visit};
use crate::scan::Scanner;

/// Files larger than this are not read for verification (artifacts, references, tests).
const MAX_VERIFY_FILE: u64 = 2 << 20;

/// Reads a repository file for verification. Never leaves the repository; anything that is
/// not small UTF-8 text is "unreadable" with the reason, not an error.
fn read_file(root: &Path, rel: &str) -> FileText {
    let Some(path) = crate::fs::join_inside(root, rel) else {
        return FileText::Unreadable("not a path inside the repository".into());
    };
    match std::fs::metadata(&path) {
        Err(_) => FileText::Missing,
        Ok(m) if m.is_dir() => FileText::Unreadable("a folder".into()),
        Ok(_) => match crate::fs::read_text(&path, MAX_VERIFY_FILE) {
            Ok(t) => FileText::Text(t),
            Err(Error::TooLarge { limit, .. }) => {
                FileText::Unreadable(format!("over {limit} bytes"))
            }
            Err(Error::NotUtf8 { .. }) => FileText::Unreadable("not UTF-8 text".into()),
            Err(e) => FileText::Unreadable(e.to_string()),
        },
    }
}

/// Every file the checks may look into: artifacts, link ends, key files, and the plan's files
/// (older wiring descriptions resolve to them).
pub(super) fn read_needed(root: &Path, plans: &[PlanInput]) -> BTreeMap<String, FileText> {
    let mut wanted = BTreeSet::new();
    for p in plans {
        wanted.extend(p.artifacts.iter().map(|a| a.path.clone()));
        for l in p.key_links.iter().filter(|l| !l.described) {
            wanted.insert(l.from.clone());
            wanted.insert(l.to.clone());
        }
        if let Some(s) = &p.summary {
            wanted.extend(s.key_files.iter().map(|k| k.path.clone()));
        }
        wanted.extend(
            p.files_modified
                .iter()
                .filter_map(|f| crate::fs::normalize_repo_path(f))
                .filter(|f| !f.contains(['*', '?', '[', '{'])),
        );
        wanted.extend(p.touched.iter().cloned());
    }
    wanted
        .into_iter()
        .map(|rel| {
            let text = read_file(root, &rel);
            (rel, text)
        })
        .collect()
}

/// Walks the work tree (what git does not ignore) once, looking for references to artifacts.
pub(super) fn find_referrers(
    root: &Path,
    planning_dir: &str,
    artifacts: &[String],
) -> Result<Referrers> {
    let mut referrers = Referrers::new(artifacts);
    if artifacts.is_empty() {
        return Ok(referrers);
    }
    let real_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let found = Mutex::new(Vec::new());
    let searcher = &referrers;
    walk(
        &real_root,
        std::slice::from_ref(&real_root),
        Filters::honouring(crate::git::settings::excludes_file(root)),
        &|visit| {
            let Visit::File { rel, path, .. } = visit else {
                return;
            };
            if !Referrers::considers(rel, planning_dir) {
                return;
            }
            let Ok(text) = crate::fs::read_text(path, MAX_VERIFY_FILE) else {
                return;
            };
            let refs = searcher.find(rel, &text);
            if !refs.is_empty() {
                if let Ok(mut v) = found.lock() {
                    v.push((rel.to_string(), refs));
                }
            }
        },
    )?;
    for (path, refs) in found.into_inner().unwrap_or_default() {
        referrers.record(&path, refs);
    }
    Ok(referrers)
}

/// Test files the phase changed, for mapping truths to tests.
pub(super) fn read_tests(
    config: &ScanConfig,
    root: &Path,
    plans: &[PlanInput],
) -> Vec<(String, String)> {
    let mut set = globset::GlobSetBuilder::new();
    for g in &config.tests {
        if let Ok(g) = globset::Glob::new(g) {
            set.add(g);
        }
    }
    let Ok(set) = set.build() else {
        return Vec::new();
    };
    let paths: BTreeSet<&String> = plans
        .iter()
        .flat_map(|p| p.touched.iter())
        .filter(|p| set.is_match(p.as_str()))
        .collect();
    paths
        .into_iter()
        .filter_map(|p| match read_file(root, p) {
            FileText::Text(t) => Some((p.clone(), t)),
            _ => None,
        })
        .collect()
}

/// The artifacts and the files the plans touched, each scanned whole as the work tree has it,
/// by path. A file that is gone scans to nothing; one that could not be read or scanned (too
/// large, binary, vendored) is left out, so nothing is said about it.
pub(super) fn scan_work_tree(
    scanner: &Scanner,
    files: &BTreeMap<String, FileText>,
    artifacts: &[String],
    plans: &[PlanInput],
) -> BTreeMap<String, Vec<Finding>> {
    let paths: BTreeSet<&String> = artifacts
        .iter()
        .chain(plans.iter().flat_map(|p| p.touched.iter()))
        .collect();
    let mut out = BTreeMap::new();
    for path in paths {
        let found = match files.get(path) {
            Some(FileText::Missing) => Vec::new(),
            Some(FileText::Text(t)) => {
                let scan = scanner.scan(path, t.as_bytes(), None);
                if scan.skipped.is_some() {
                    continue;
                }
                scan.findings
            }
            _ => continue,
        };
        out.insert(path.clone(), found);
    }
    out
}
