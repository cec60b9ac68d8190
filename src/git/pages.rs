//! The pages of git's pack files that a walk has read, handed back.
//!
//! gitoxide maps pack files and their indexes into memory, and every page a walk reads stays
//! in the process's resident set until the file is unmapped, which is at exit. A whole-history
//! walk reads most of the pack, so its resident memory grew with the history (29 MB of a
//! 23,000-commit history's 63.6 MB peak were pack and index pages; a large project's pack is
//! hundreds of megabytes). [`release`] tells the kernel the pages read so far are not needed:
//! they stay in the page cache, and the next read of one maps it again from there (a minor
//! fault, no disk read). The walk calls it every thousand commits or so.
//!
//! Only mappings that cannot go away while this runs are touched: `Repo::open` makes the
//! object store keep every pack it mapped until the process drops its handles (gix's
//! `prevent_pack_unload`). The commit-graph is left alone: gix maps it for each walk and
//! unmaps it when the walk ends, so its range could be another mapping by the time it was
//! advised.

/// Hands back the resident pages of the read-only mappings of git's pack files (packs, their
/// indexes and reverse indexes), wherever their object folder is (alternates included). Best
/// effort: nothing happens where `/proc/self/maps` cannot be read.
#[cfg(target_os = "linux")]
pub fn release() {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    for (start, len) in maps.lines().filter_map(object_mapping) {
        // SAFETY: the range is one whole mapping of this process, taken from the kernel's own
        // list, of a pack file that stays mapped until the process drops its object store
        // (module docs), so it is still that mapping now. It is mapped without write
        // permission, so no page of it holds data that exists nowhere else: MADV_DONTNEED only
        // drops its page-table entries, and a later read maps the file's same bytes again.
        // Pack files are never modified in place (git writes new ones), and a deleted one
        // stays readable while it is mapped.
        unsafe {
            libc::madvise(start as *mut libc::c_void, len, libc::MADV_DONTNEED);
        }
    }
}

/// Other systems keep what they mapped.
#[cfg(not(target_os = "linux"))]
pub fn release() {}

/// The start and length of a line of `/proc/self/maps` when it maps a git pack file
/// read-only: `7f..-7f.. r--s 00000000 fd:01 123  /repo/.git/objects/pack/pack-1a2b.pack`.
fn object_mapping(line: &str) -> Option<(usize, usize)> {
    // Five fields, then the path, which may hold spaces.
    let mut rest = line;
    let mut fields = [""; 5];
    for field in &mut fields {
        rest = rest.trim_start();
        let end = rest.find(' ')?;
        (*field, rest) = rest.split_at(end);
    }
    let [range, perms, ..] = fields;
    // A pack removed from disk while mapped is listed as `... (deleted)`.
    let path = rest.trim_start();
    let path = path.strip_suffix(" (deleted)").unwrap_or(path);
    if !perms.starts_with('r') || perms.as_bytes().get(1) != Some(&b'-') {
        return None;
    }
    let name = path.rsplit('/').next()?;
    let in_pack = path.contains("/objects/pack/")
        && name.starts_with("pack-")
        && [".pack", ".idx", ".rev"].iter().any(|e| name.ends_with(e));
    if !in_pack {
        return None;
    }
    let (start, end) = range.split_once('-')?;
    let start = usize::from_str_radix(start, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    (end > start).then_some((start, end - start))
}

#[cfg(test)]
mod tests {
    use super::object_mapping;

    #[test]
    fn only_read_only_mappings_of_pack_files_are_taken() {
        let pack =
            "7f0000000000-7f0000002000 r--s 00000000 fd:01 42   /r/.git/objects/pack/pack-1a.pack";
        assert_eq!(object_mapping(pack), Some((0x7f00_0000_0000, 0x2000)));
        let idx = "1000-3000 r--p 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.idx";
        assert_eq!(object_mapping(idx), Some((0x1000, 0x2000)));
        let deleted =
            "1000-2000 r--p 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.pack (deleted)";
        assert_eq!(object_mapping(deleted), Some((0x1000, 0x1000)));
        let spaced = "1000-2000 r--s 00000000 fd:01 42 /my repo/.git/objects/pack/pack-1a.pack";
        assert_eq!(object_mapping(spaced), Some((0x1000, 0x1000)));
        // Writable, code, a file merely named like a pack, anonymous memory, and the
        // commit-graph (unmapped at the end of each walk): left alone.
        for line in [
            "1000-2000 rw-s 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.pack",
            "1000-2000 r-xp 00000000 fd:01 42 /usr/bin/planlint",
            "1000-2000 r--s 00000000 fd:01 42 /home/me/pack-1a.pack",
            "1000-2000 r--s 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.keep",
            "1000-2000 r--p 00000000 fd:01 42 /r/.git/objects/info/commit-graph",
            "1000-2000 r--p 00000000 fd:01 42 /r/.git/objects/info/commit-graphs/graph-9.graph",
            "1000-2000 rw-p 00000000 00:00 0",
            "1000-2000 r--p 00000000 00:00 0 [vvar]",
        ] {
            assert_eq!(object_mapping(line), None, "{line}");
        }
    }
}
