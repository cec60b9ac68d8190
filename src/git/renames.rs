//! Pairs a commit's deletions with its additions as renames, as `git diff -M` does.
//!
//! First exactly: an added blob with the id of a deleted one is that file, moved. Then by
//! similarity: among what is left, an addition whose lines are at least half the same as a
//! deletion's is a rename with edits; the best-scoring pairs win. Similarity is only tried
//! when deletions × additions stays within `limit²` and the blobs are small, so a commit that
//! adds and removes thousands of files costs no more than its exact pass. Empty files pair
//! only exactly, as in git: they share no lines to compare.

use std::collections::HashMap;

use gix::ObjectId;

use super::change::{is_binary, Change, ChangeKind};
use super::{object_error, Repo};
use crate::error::Result;

/// Lines in common over the longer file's lines, from which a pair is a rename (git's 50%).
const MIN_SIMILARITY: f32 = 0.5;

/// Blobs larger than this are not compared for similarity.
const MAX_BLOB: u64 = 1 << 20;

/// All blobs read for one commit's similarity pass together stay under this.
const MAX_TOTAL: u64 = 16 << 20;

/// Rewrites matching deletions and additions of `changes` into renames, in place.
pub(super) fn pair(repo: &Repo, changes: &mut Vec<Change>, limit: usize) -> Result<()> {
    let deleted: Vec<usize> = indexes(changes, |c| c.kind == ChangeKind::Deleted);
    let added: Vec<usize> = indexes(changes, |c| c.kind == ChangeKind::Added);
    if deleted.is_empty() || added.is_empty() {
        return Ok(());
    }
    let empty = ObjectId::empty_blob(repo.inner.object_hash());
    let mut used = vec![false; changes.len()];
    let mut by_id: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for &d in deleted.iter().rev() {
        if let Some(id) = changes[d].old_id {
            by_id.entry(id).or_default().push(d);
        }
    }
    let mut renames: Vec<(usize, usize)> = Vec::new();
    for &a in &added {
        let Some(id) = changes[a].new_id else {
            continue;
        };
        if let Some(d) = by_id.get_mut(&id).and_then(Vec::pop) {
            renames.push((a, d));
            used[a] = true;
            used[d] = true;
        }
    }
    let left_d: Vec<usize> = deleted.into_iter().filter(|&d| !used[d]).collect();
    let left_a: Vec<usize> = added.into_iter().filter(|&a| !used[a]).collect();
    renames.extend(similar(repo, changes, &left_d, &left_a, limit, empty)?);
    for &(a, d) in &renames {
        let (from, old_id) = (changes[d].path.clone(), changes[d].old_id);
        let change = &mut changes[a];
        change.kind = ChangeKind::Renamed { from };
        // The source's blob stays with the rename, so its added lines are only the edits.
        change.old_id = old_id;
        used[d] = true;
    }
    let mut i = 0;
    changes.retain(|c| {
        let keep = !(used[i] && c.kind == ChangeKind::Deleted);
        i += 1;
        keep
    });
    Ok(())
}

fn indexes(changes: &[Change], f: impl Fn(&Change) -> bool) -> Vec<usize> {
    changes
        .iter()
        .enumerate()
        .filter(|(_, c)| f(c) && !c.is_link)
        .map(|(i, _)| i)
        .collect()
}

/// The similarity pass: `(addition, deletion)` pairs, best scores first, each side used once.
fn similar(
    repo: &Repo,
    changes: &[Change],
    deleted: &[usize],
    added: &[usize],
    limit: usize,
    empty: ObjectId,
) -> Result<Vec<(usize, usize)>> {
    if deleted.is_empty()
        || added.is_empty()
        || deleted.len().saturating_mul(added.len()) > limit.saturating_mul(limit)
    {
        return Ok(Vec::new());
    }
    let mut total = 0u64;
    let mut load = |id: Option<ObjectId>| -> Result<Option<Vec<u8>>> {
        let Some(id) = id.filter(|id| *id != empty) else {
            return Ok(None);
        };
        let size = repo
            .inner
            .find_header(id)
            .map_err(|e| object_error(&id, e))?
            .size();
        total += size;
        if size > MAX_BLOB || total > MAX_TOTAL {
            return Ok(None);
        }
        let blob = repo
            .inner
            .find_object(id)
            .map_err(|e| object_error(&id, e))?;
        Ok((!is_binary(&blob.data)).then(|| blob.data.to_vec()))
    };
    let old: Vec<Option<Vec<u8>>> = deleted
        .iter()
        .map(|&d| load(changes[d].old_id))
        .collect::<Result<_>>()?;
    let new: Vec<Option<Vec<u8>>> = added
        .iter()
        .map(|&a| load(changes[a].new_id))
        .collect::<Result<_>>()?;
    let mut scored: Vec<(f32, usize, usize)> = Vec::new();
    for (ai, a) in new.iter().enumerate() {
        let Some(a) = a else { continue };
        for (di, d) in old.iter().enumerate() {
            let Some(d) = d else { continue };
            let (short, long) = (a.len().min(d.len()), a.len().max(d.len()));
            // Files that differ this much in size cannot share half their content.
            if (short as f32) < (long as f32) * MIN_SIMILARITY {
                continue;
            }
            let score = similarity(d, a);
            if score >= MIN_SIMILARITY {
                scored.push((score, ai, di));
            }
        }
    }
    // Best first; ties in path order (the changes are in tree order), so results are stable.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut a_used, mut d_used) = (vec![false; added.len()], vec![false; deleted.len()]);
    let mut out = Vec::new();
    for (_, ai, di) in scored {
        if !a_used[ai] && !d_used[di] {
            a_used[ai] = true;
            d_used[di] = true;
            out.push((added[ai], deleted[di]));
        }
    }
    Ok(out)
}

/// Lines the two texts share, over the longer one's line count.
fn similarity(old: &[u8], new: &[u8]) -> f32 {
    use gix::diff::blob::{Algorithm, Diff, InternedInput};
    let input = InternedInput::new(old, new);
    let (before, after) = (input.before.len(), input.after.len());
    let longest = before.max(after);
    if longest == 0 {
        return 0.0;
    }
    let diff = Diff::compute(Algorithm::Histogram, &input);
    let kept = before.saturating_sub(diff.count_removals() as usize);
    kept as f32 / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_counts_shared_lines_over_the_longer_file() {
        assert_eq!(similarity(b"a\nb\nc\nd\n", b"a\nb\nc\nd\n"), 1.0);
        assert_eq!(similarity(b"a\nb\nc\nd\n", b"a\nb\nx\ny\n"), 0.5);
        assert_eq!(similarity(b"a\nb\n", b"a\nb\nc\nd\n"), 0.5);
        assert_eq!(similarity(b"", b""), 0.0);
        assert!(similarity(b"a\nb\nc\nd\n", b"w\nx\ny\nz\n") < MIN_SIMILARITY);
    }
}
