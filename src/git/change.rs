//! What a commit changed, one file at a time: the plain value the diff and the rename pass
//! both speak.

use gix::ObjectId;

/// How a path changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Deleted,
    Modified,
    /// Moved from `from` (with or without edits).
    Renamed {
        from: String,
    },
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Repository-relative, `/`-separated; lossily decoded if it was not UTF-8.
    pub path: String,
    pub kind: ChangeKind,
    /// The blob before (none for an addition).
    pub old_id: Option<ObjectId>,
    /// The blob after (none for a deletion).
    pub new_id: Option<ObjectId>,
    /// A symbolic link: its "content" is a target path, never scanned.
    pub is_link: bool,
}

impl Change {
    /// The path before the change (the rename source, or the path itself).
    pub fn old_path(&self) -> &str {
        match &self.kind {
            ChangeKind::Renamed { from } => from,
            _ => &self.path,
        }
    }
}

/// Git's own test: a NUL byte in the first 8000 bytes.
pub(super) fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(8000)].contains(&0)
}
