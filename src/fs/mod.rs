//! Reading files the way planlint must: bounded, UTF-8 checked, never following a path out of
//! the repository.

pub mod walk;

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Why a file's content was not read or not scanned: by the scanner of the work tree, by
/// the range's diff of a commit, or by the reader of a version at a tip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// No language planlint knows (by extension, name or shebang).
    Unsupported,
    /// Matches `scan.vendored`.
    Vendored,
    /// Matches `scan.fixtures`.
    Fixture,
    /// In the planning folder: plans and the scripts they keep (UAT, spikes), not code.
    Planning,
    /// Matches `scan.generated`, or has an `@generated` / `DO NOT EDIT` header.
    Generated,
    /// A NUL byte in its first 8 KiB.
    Binary,
    /// Larger than `scan.max-file-size`; never read.
    TooLarge { size: u64, limit: u64 },
    /// A symbolic link: its target is a path, not content.
    Link,
    /// Its content is not in this repository: a partial clone's blob that could not be
    /// fetched, or a missing object.
    Missing,
    /// Could not be read.
    Unreadable(String),
}

impl Skipped {
    /// Skips worth telling the person about: the others are what they asked for.
    pub fn is_notable(&self) -> bool {
        matches!(
            self,
            Skipped::Generated
                | Skipped::Binary
                | Skipped::TooLarge { .. }
                | Skipped::Unreadable(_)
                | Skipped::Missing
        )
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::Unsupported => f.write_str("no language planlint scans"),
            Skipped::Vendored => f.write_str("vendored (scan.vendored)"),
            Skipped::Fixture => f.write_str("fixture (scan.fixtures)"),
            Skipped::Planning => f.write_str("in the planning folder"),
            Skipped::Generated => f.write_str("generated code"),
            Skipped::Binary => f.write_str("binary file"),
            Skipped::TooLarge { size, limit } => {
                write!(f, "{size} bytes, over scan.max-file-size ({limit} bytes)")
            }
            Skipped::Link => f.write_str("symbolic link"),
            Skipped::Missing => f.write_str("its content is not in this clone"),
            Skipped::Unreadable(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

/// Opens `path` for reading only if it is a regular file once symlinks are followed: a FIFO
/// would block the read until someone writes to it, a device (`/dev/zero`) never ends. The type
/// is checked before the open (so no device is opened) and again on the open file (so a swap in
/// between is caught); the open itself never blocks.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    not_special(&std::fs::metadata(path)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    not_special(&file.metadata()?)?;
    Ok(file)
}

/// Opens `path` to append to it, creating it if needed: never through a symbolic link, only a
/// regular file, and without blocking (a FIFO nobody reads is refused at once). For the files a
/// CI runner names (`GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`).
pub fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(symlink_refused());
    }
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW says ELOOP; the person needs to hear why.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            symlink_refused()
        } else {
            e
        }
    })?;
    not_special(&file.metadata()?)?;
    Ok(file)
}

/// Writes a whole file a person named (`--output`): never through a symbolic link, never into
/// a FIFO or device, and whole or not at all (a temporary file beside it takes its name).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::write(path, symlink_refused()));
        }
        Ok(m) => not_special(&m).map_err(|e| Error::write(path, e))?,
        Err(_) => {}
    }
    replace_file(path, bytes, None)
}

fn symlink_refused() -> std::io::Error {
    std::io::Error::other("it is a symbolic link, and planlint does not write through one")
}

/// Refuses anything but a regular file.
fn not_special(meta: &std::fs::Metadata) -> std::io::Result<()> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(std::io::Error::other("it is a folder, not a file"));
    }
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            "a FIFO"
        } else if t.is_char_device() {
            "a character device"
        } else if t.is_block_device() {
            "a block device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let kind = "not a regular file";
    Err(std::io::Error::other(format!(
        "it is {kind}, and planlint reads and writes only regular files"
    )))
}

/// Reads at most `limit` bytes of `path`; a larger file is an error, not a truncation, and is
/// never loaded whole.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = open_regular(path).map_err(|e| Error::io(path, e))?;
    // Sized from the metadata, the whole file comes in one read (plus the one that sees the
    // end) instead of a probe and several growing reads: it matters over thousands of plans.
    let hint = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut buf = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    file.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(path, e))?;
    if buf.len() as u64 > limit {
        let size = std::fs::metadata(path).map_or(limit + 1, |m| m.len());
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
            help: "planlint reads at most this much of such a file".into(),
        });
    }
    Ok(buf)
}

/// Reads a UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String> {
    let bytes = read_bounded(path, limit)?;
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Normalises a repository-relative path as plans write them: `\` to `/`, leading `./`, blanks
/// around components and repeated or trailing `/` dropped. Returns `None` for a path that is
/// absolute or climbs out of the repository with `..`: such a path is refused, never followed.
pub fn normalize_repo_path(raw: &str) -> Option<String> {
    let s = raw.trim().replace('\\', "/");
    if s.is_empty() || s.starts_with('/') || has_drive_prefix(&s) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    // Each component is trimmed so that `src/ a.ts ` and `src/a.ts` are one path, and so that a
    // component of blanks cannot hide a `..`.
    for part in s.split('/').map(str::trim) {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

fn has_drive_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Joins a repository-relative path onto the root, refusing anything that would leave it
/// (absolute, `..`) and any existing path whose symlinks resolve outside the root.
pub fn join_inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let norm = normalize_repo_path(rel)?;
    let joined = root.join(&norm);
    debug_assert!(joined
        .components()
        .all(|c| !matches!(c, Component::ParentDir)));
    match (joined.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if !real.starts_with(&real_root) => None,
        _ => Some(joined),
    }
}

/// Why [`write_inside`] would not write.
#[derive(Debug)]
pub enum Refused {
    /// Not a path inside the repository.
    Outside,
    /// The file or a folder on the way is a symbolic link: writing would land wherever it points.
    Link(String),
    /// The file exists and replacing it was not asked for.
    Exists,
}

/// Writes `bytes` to the repository-relative `rel`, never through a symbolic link (the file's
/// or a folder's on the way) and, unless `replace`, never over an existing file. Whole or not
/// at all: the content goes to a new temporary file beside it, then takes its name.
pub fn write_inside(
    root: &Path,
    rel: &str,
    bytes: &[u8],
    replace: bool,
) -> std::result::Result<Result<()>, Refused> {
    let norm = normalize_repo_path(rel).ok_or(Refused::Outside)?;
    let mut at = root.to_path_buf();
    let mut walked = String::new();
    for part in norm.split('/') {
        at.push(part);
        if !walked.is_empty() {
            walked.push('/');
        }
        walked.push_str(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(Refused::Link(walked)),
            Ok(_) if walked == norm && !replace => return Err(Refused::Exists),
            _ => {}
        }
    }
    Ok(replace_file(&at, bytes, None))
}

/// Writes `path` through a temporary name and a rename, so no reader ever sees half of it.
/// The temporary file is created new (a link or file already at its name is not written
/// through); `mode` sets Unix permissions before the rename.
pub fn replace_file(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    use std::io::Write;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.planlint-tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode.unwrap_or(0o644));
    }
    let _ = mode;
    let written = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::write(path, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::write(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_refuses_escapes() {
        assert_eq!(
            normalize_repo_path("./src//a.ts").as_deref(),
            Some("src/a.ts")
        );
        assert_eq!(
            normalize_repo_path("src\\a\\b.rs").as_deref(),
            Some("src/a/b.rs")
        );
        assert_eq!(normalize_repo_path("src/foo/").as_deref(), Some("src/foo"));
        assert_eq!(normalize_repo_path("../etc/passwd"), None);
        assert_eq!(normalize_repo_path("a/../../b"), None);
        assert_eq!(normalize_repo_path("/etc/passwd"), None);
        assert_eq!(normalize_repo_path("C:/x"), None);
        assert_eq!(normalize_repo_path("  "), None);
    }

    #[test]
    fn read_bounded_refuses_large_files_without_reading_them_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read_bounded(&p, 10),
            Err(Error::TooLarge { size: 100, .. })
        ));
        assert_eq!(read_bounded(&p, 100).unwrap().len(), 100);
    }

    #[test]
    fn read_text_reports_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad");
        std::fs::write(&p, b"ok\xffno").unwrap();
        assert!(matches!(
            read_text(&p, 100),
            Err(Error::NotUtf8 { offset: 2, .. })
        ));
    }
}
