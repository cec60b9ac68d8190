//! Past commits' trees read as folders: what the planning model lists and reads when a commit
//! is judged by the plans it carried. Listings are kept by tree id, so the many commits that
//! share a folder's version read it once.

use std::collections::HashMap;
use std::sync::Arc;

use gix::bstr::ByteSlice;
use gix::ObjectId;

use super::diff::{id_of, load_tree, text_blob};
use super::tree::Entries;
use super::{object_error, Repo};
use crate::error::Result;

/// What a tree entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Tree,
    /// A regular file.
    Blob,
    /// A symbolic link: its content is a path, never followed.
    Link,
    /// A submodule.
    Commit,
}

/// One entry of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Lossily decoded when it is not UTF-8.
    /// Shared, so that listing a folder again (a planning tree per commit) copies no names.
    pub name: std::sync::Arc<str>,
    pub kind: ItemKind,
    pub id: ObjectId,
}

/// Listed entries past this many (about 2.5 MB) are dropped and read again when asked: a
/// whole-history walk meets one new root tree per commit, and a GSD history a new `phases/`
/// listing of hundreds of folders with each plan committed. Four times as many were no faster
/// on a 20,000-commit GSD history of 900 phases, and held 6 MB more.
const MAX_ITEMS: usize = 1 << 15;

/// Trees and blobs of a repository, read by id and path.
pub struct Snapshots {
    repo: Repo,
    listings: HashMap<ObjectId, Arc<[Item]>>,
    /// Entries held in `listings`.
    items: usize,
}

impl Snapshots {
    /// A reader with its own handle on `repo`, and its own delta cache: a walk reads each
    /// commit's root and planning trees, which git stores as deltas of one another.
    pub fn new(repo: &Repo) -> Snapshots {
        Snapshots {
            repo: repo.clone_for_thread(),
            listings: HashMap::new(),
            items: 0,
        }
    }

    /// The entries of a tree.
    pub fn list(&mut self, tree: ObjectId) -> Result<Arc<[Item]>> {
        if let Some(items) = self.listings.get(&tree) {
            return Ok(Arc::clone(items));
        }
        let hash_len = self.repo.inner.object_hash().len_in_bytes();
        let mut buf = Vec::new();
        let data = load_tree(&self.repo, Some(&tree), &mut buf)?;
        let mut entries = Entries::new(data, 0, hash_len);
        let mut items = Vec::new();
        while let Some((_, e)) = entries
            .next_entry()
            .map_err(|_| object_error(&tree, "the tree object is malformed"))?
        {
            let kind = if e.is_tree() {
                ItemKind::Tree
            } else if e.is_link() {
                ItemKind::Link
            } else if e.is_file() {
                ItemKind::Blob
            } else {
                ItemKind::Commit
            };
            items.push(Item {
                name: e.name.to_str_lossy().into(),
                kind,
                id: id_of(e.id),
            });
        }
        let items: Arc<[Item]> = items.into();
        if self.items + items.len() > MAX_ITEMS {
            self.listings.clear();
            self.items = 0;
        }
        self.items += items.len();
        self.listings.insert(tree, Arc::clone(&items));
        Ok(items)
    }

    /// The entry at `path` (`/`-separated) under the tree `root`; `None` when there is none.
    pub fn entry(&mut self, root: ObjectId, path: &str) -> Result<Option<Item>> {
        let mut dir = root;
        let mut parts = path.split('/').filter(|p| !p.is_empty()).peekable();
        while let Some(part) = parts.next() {
            let items = self.list(dir)?;
            let Some(item) = items.iter().find(|i| &*i.name == part) else {
                return Ok(None);
            };
            if parts.peek().is_none() {
                return Ok(Some(item.clone()));
            }
            if item.kind != ItemKind::Tree {
                return Ok(None);
            }
            dir = item.id;
        }
        Ok(Some(Item {
            name: "".into(),
            kind: ItemKind::Tree,
            id: root,
        }))
    }

    /// A blob as UTF-8 text of at most `limit` bytes; the error says why it is not.
    pub fn text(
        &mut self,
        blob: ObjectId,
        limit: u64,
    ) -> Result<std::result::Result<String, String>> {
        let mut buf = Vec::new();
        Ok(match text_blob(&self.repo, &blob, limit, &mut buf)? {
            Ok(data) => match std::str::from_utf8(data) {
                Ok(s) => Ok(s.to_string()),
                Err(_) => Err("it is not valid UTF-8".to_string()),
            },
            Err(why) => Err(why.to_string()),
        })
    }
}
