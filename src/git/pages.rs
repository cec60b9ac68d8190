//! The pages of git's object files that a walk has read, handed back.
//!
//! gitoxide maps pack files, their indexes and the commit-graph into memory, and every page a
//! walk reads stays in the process's resident set until the file is unmapped, which is at exit.
//! A whole-history walk reads most of the pack, so its resident memory grew with the history
//! (29 MB of a 23,000-commit history's 63.6 MB peak were pack and index pages; a large
//! project's pack is hundreds of megabytes). [`release`] tells the kernel the pages read so far
//! are not needed: they stay in the page cache, and the next read of one maps it again from
//! there (a minor fault, no disk read). The walk calls it every few thousand commits, so what
//! it holds of those files is bounded by what a few thousand commits read.

/// Hands back the resident pages of the read-only mappings of git's object files (packs,
/// their indexes and reverse indexes, commit-graphs), wherever their object folder is
/// (alternates included). Best effort: nothing happens where `/proc/self/maps` cannot be read.
#[cfg(target_os = "linux")]
pub fn release() {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    for (start, len) in maps.lines().filter_map(object_mapping) {
        // SAFETY: the range is one whole mapping of this process, taken from the kernel's own
        // list, mapped without write permission (so no page of it can hold data that exists
        // nowhere else). MADV_DONTNEED on such a file mapping only unmaps its pages: a later
        // read maps the file's same bytes again. Pack files are never modified in place (git
        // writes new ones), and a deleted one stays readable while it is mapped.
        unsafe {
            libc::madvise(start as *mut libc::c_void, len, libc::MADV_DONTNEED);
        }
    }
}

/// Other systems keep what they mapped.
#[cfg(not(target_os = "linux"))]
pub fn release() {}

/// The start and length of a line of `/proc/self/maps` when it maps a git object file
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
    let path = rest.trim_start();
    if !perms.starts_with('r') || perms.as_bytes().get(1) != Some(&b'-') {
        return None;
    }
    let name = path.rsplit('/').next()?;
    let in_pack = path.contains("/objects/pack/")
        && name.starts_with("pack-")
        && [".pack", ".idx", ".rev"].iter().any(|e| name.ends_with(e));
    let graph = path.contains("/objects/info/commit-graph");
    if !in_pack && !graph {
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
    fn only_read_only_mappings_of_object_files_are_taken() {
        let pack =
            "7f0000000000-7f0000002000 r--s 00000000 fd:01 42   /r/.git/objects/pack/pack-1a.pack";
        assert_eq!(object_mapping(pack), Some((0x7f00_0000_0000, 0x2000)));
        let idx = "1000-3000 r--p 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.idx";
        assert_eq!(object_mapping(idx), Some((0x1000, 0x2000)));
        let graph =
            "1000-2000 r--s 00000000 fd:01 42 /r/.git/objects/info/commit-graphs/graph-9.graph";
        assert_eq!(object_mapping(graph), Some((0x1000, 0x1000)));
        let spaced = "1000-2000 r--s 00000000 fd:01 42 /my repo/.git/objects/pack/pack-1a.pack";
        assert_eq!(object_mapping(spaced), Some((0x1000, 0x1000)));
        // Writable, code, a file merely named like a pack, anonymous memory: left alone.
        for line in [
            "1000-2000 rw-s 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.pack",
            "1000-2000 r-xp 00000000 fd:01 42 /usr/bin/planlint",
            "1000-2000 r--s 00000000 fd:01 42 /home/me/pack-1a.pack",
            "1000-2000 r--s 00000000 fd:01 42 /r/.git/objects/pack/pack-1a.keep",
            "1000-2000 rw-p 00000000 00:00 0",
            "1000-2000 r--p 00000000 00:00 0 [vvar]",
        ] {
            assert_eq!(object_mapping(line), None, "{line}");
        }
    }
}
