//! Raw tree objects, read the cheap way for diffing.
//!
//! Two versions of a large folder usually differ in one or two entries. Rather than decoding
//! and comparing every entry, [`common_span`] finds, with plain byte comparisons, where two raw
//! trees start to differ (backed up to an entry boundary) and how long their common tail is;
//! the diff only parses what lies between. [`Entries`] parses entries
//! (`<octal mode> <name>\0<id>`) with their offsets.

use memchr::memchr;

/// One entry of a raw tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry<'a> {
    pub mode: u32,
    pub name: &'a [u8],
    pub id: &'a [u8],
}

const TYPE_MASK: u32 = 0o170000;

impl Entry<'_> {
    pub fn is_tree(&self) -> bool {
        self.mode & TYPE_MASK == 0o040000
    }

    pub fn is_link(&self) -> bool {
        self.mode & TYPE_MASK == 0o120000
    }

    /// A blob or a symbolic link: what a work tree holds as a file. Submodules (commit
    /// entries) and folders are not.
    pub fn is_file(&self) -> bool {
        self.mode & TYPE_MASK == 0o100000 || self.is_link()
    }
}

/// The tree is not what git writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Corrupt;

/// Entries of a raw tree from an offset on.
pub(super) struct Entries<'a> {
    data: &'a [u8],
    pos: usize,
    hash_len: usize,
}

impl<'a> Entries<'a> {
    pub fn new(data: &'a [u8], start: usize, hash_len: usize) -> Entries<'a> {
        Entries {
            data,
            pos: start,
            hash_len,
        }
    }

    /// The next entry and the offset it starts at.
    pub fn next_entry(&mut self) -> Result<Option<(usize, Entry<'a>)>, Corrupt> {
        let start = self.pos;
        let rest = &self.data[start..];
        if rest.is_empty() {
            return Ok(None);
        }
        let space = memchr(b' ', rest).ok_or(Corrupt)?;
        let mode = parse_octal(&rest[..space]).ok_or(Corrupt)?;
        let after = &rest[space + 1..];
        let nul = memchr(0, after).ok_or(Corrupt)?;
        let name = &after[..nul];
        let id = after.get(nul + 1..nul + 1 + self.hash_len).ok_or(Corrupt)?;
        if name.is_empty() {
            return Err(Corrupt);
        }
        self.pos = start + space + 1 + nul + 1 + self.hash_len;
        Ok(Some((start, Entry { mode, name, id })))
    }
}

fn parse_octal(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 7 {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, &d| {
        (b'0'..=b'7')
            .contains(&d)
            .then(|| acc * 8 + u32::from(d - b'0'))
    })
}

/// Where two raw trees start to differ, backed up to the start of an entry (the same offset in
/// both, since everything before it is identical), and the length of the tail they share.
pub(super) fn common_span(a: &[u8], b: &[u8], hash_len: usize) -> (usize, usize) {
    let prefix = common_prefix(a, b);
    let mut start = 0;
    // Entry ends are found from the start: an id may hold any byte, a mode or name no NUL.
    while let Some(nul) = memchr(0, &a[start..]) {
        let end = start + nul + 1 + hash_len;
        if end > prefix {
            break;
        }
        start = end;
    }
    let max_tail = a.len().min(b.len()) - start;
    (start, common_suffix(a, b).min(max_tail))
}

const CHUNK: usize = 64;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[ea - i - CHUNK..ea - i] == b[eb - i - CHUNK..eb - i] {
        i += CHUNK;
    }
    while i < n && a[ea - i - 1] == b[eb - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: usize = 4; // short ids keep the fixtures readable

    fn tree(entries: &[(&str, &str, [u8; H])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, id) in entries {
            out.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            out.extend_from_slice(id);
        }
        out
    }

    #[test]
    fn parses_entries_and_kinds() {
        let t = tree(&[
            ("100644", "a", [0, 0, 0, 0]),
            ("40000", "d", [1, 2, 3, 4]),
            ("120000", "l", [5; 4]),
            ("160000", "s", [6; 4]),
        ]);
        let mut e = Entries::new(&t, 0, H);
        let (off, a) = e.next_entry().unwrap().unwrap();
        assert_eq!((off, a.name, a.mode), (0, &b"a"[..], 0o100644));
        assert!(a.is_file() && !a.is_tree());
        let (_, d) = e.next_entry().unwrap().unwrap();
        assert!(d.is_tree() && !d.is_file());
        let (_, l) = e.next_entry().unwrap().unwrap();
        assert!(l.is_link() && l.is_file());
        let (_, s) = e.next_entry().unwrap().unwrap();
        assert!(!s.is_file() && !s.is_tree());
        assert_eq!(e.next_entry(), Ok(None));
    }

    #[test]
    fn corrupt_entries_are_errors() {
        for bad in [
            &b"100644 a"[..],
            b"10x644 a\0abcd",
            b"100644 a\0ab",
            b"100644 \0abcd",
        ] {
            assert_eq!(
                Entries::new(bad, 0, H).next_entry(),
                Err(Corrupt),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn common_span_backs_up_to_an_entry_and_keeps_the_tail() {
        // Ids made of NULs and spaces must not confuse the boundary search.
        let a = tree(&[
            ("100644", "aaa", [0, b' ', 0, 0]),
            ("100644", "bbb", [1; 4]),
            ("100644", "ccc", [0; 4]),
        ]);
        let b = tree(&[
            ("100644", "aaa", [0, b' ', 0, 0]),
            ("100644", "bbb", [2; 4]),
            ("100644", "ccc", [0; 4]),
        ]);
        let entry = a.len() / 3;
        let (start, tail) = common_span(&a, &b, H);
        assert_eq!(start, entry);
        assert_eq!(tail, entry);
        assert_eq!(common_span(&a, &a, H), (a.len(), 0));
        // An added entry at the end: everything before is shared, no tail.
        let mut longer = a.clone();
        longer.extend_from_slice(&tree(&[("100644", "ddd", [3; 4])]));
        assert_eq!(common_span(&a, &longer, H), (a.len(), 0));
    }
}
