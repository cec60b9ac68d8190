//! Which planning tree answers a scope. A commit is judged by the plans it carried (its own
//! tree's planning folder); a plan committed later in the same range counts too (the range's
//! tips); and a plan that exists only in the work tree is found, but said to be uncommitted,
//! since CI reads commits and will not see it. One answer for the message rules and for the
//! diff check's attribution of a commit to its plan.

use std::sync::Arc;

use super::id::{PhaseId, PlanId};
use super::layout::{Lookup, Phase, PlanFile, Planning, QuickId, QuickTask};

/// The planning trees a commit's scope is looked up in, in order.
#[derive(Debug, Clone, Copy)]
pub struct Plans<'a> {
    /// The tree the commit is judged by: its own (in a range), or the work tree (a commit
    /// being made, or a history whose planning folder is not in git).
    pub at: &'a Planning,
    /// Later trees of the same range: its tips.
    pub later: &'a [Arc<Planning>],
    /// The work tree, for doors that run where it is (`check`, `pre-push`).
    pub work_tree: Option<&'a Planning>,
    /// The commit does not carry its plans by design (the project keeps `.planning/` out of
    /// git at that commit): a scope found nowhere is then not known to name nothing.
    pub missing_ok: bool,
}

/// Where a lookup found what it looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found<'a, T> {
    /// In the tree the commit is judged by.
    At(&'a T),
    /// Only in a later commit of the range.
    Later(&'a T),
    /// Only in the work tree: not committed.
    WorkTreeOnly(&'a T),
    /// Several candidates of equal standing in the tree the commit is judged by.
    Ambiguous(Vec<&'a T>),
    NotFound,
}

impl<'a, T> Found<'a, T> {
    /// The same answer about a part of what was found, when it has that part; `NotFound`
    /// when it does not.
    pub fn and_then<U>(self, part: impl Fn(&'a T) -> Option<&'a U>) -> Found<'a, U> {
        let none =
            |v: Option<&'a U>, wrap: fn(&'a U) -> Found<'a, U>| v.map_or(Found::NotFound, wrap);
        match self {
            Found::At(t) => none(part(t), Found::At),
            Found::Later(t) => none(part(t), Found::Later),
            Found::WorkTreeOnly(t) => none(part(t), Found::WorkTreeOnly),
            Found::Ambiguous(v) => Found::Ambiguous(v.into_iter().filter_map(part).collect()),
            Found::NotFound => Found::NotFound,
        }
    }

    /// The same answer about a part of what was found.
    pub fn map<U>(self, part: impl Fn(&'a T) -> &'a U) -> Found<'a, U> {
        match self {
            Found::At(t) => Found::At(part(t)),
            Found::Later(t) => Found::Later(part(t)),
            Found::WorkTreeOnly(t) => Found::WorkTreeOnly(part(t)),
            Found::Ambiguous(v) => Found::Ambiguous(v.into_iter().map(part).collect()),
            Found::NotFound => Found::NotFound,
        }
    }

    /// The one thing found, wherever it was.
    pub fn one(&self) -> Option<&'a T> {
        match self {
            Found::At(t) | Found::Later(t) | Found::WorkTreeOnly(t) => Some(t),
            _ => None,
        }
    }
}

impl<'a> Plans<'a> {
    /// Only `at`: the commit-msg hook's view, and any door's outside a range.
    pub fn only(at: &'a Planning) -> Plans<'a> {
        Plans {
            at,
            later: &[],
            work_tree: None,
            missing_ok: false,
        }
    }

    /// A plan by id. Several current plans may share one at once (GSD numbers parallel tracks
    /// from 01 each); the one of them not finished yet is the one being worked on.
    pub fn plan(&self, id: &PlanId) -> Found<'a, PlanFile> {
        match self.find(|p| p.find_plan(id)) {
            Found::Ambiguous(v) => {
                let open: Vec<&PlanFile> =
                    v.iter().copied().filter(|f| f.summary.is_none()).collect();
                match open.as_slice() {
                    [only] => Found::At(only),
                    _ => Found::Ambiguous(v),
                }
            }
            found => found,
        }
    }

    pub fn phase(&self, id: &PhaseId) -> Found<'a, Phase> {
        self.find(|p| p.find_phase(id))
    }

    /// A phase by its folder name (`07-batch-rendering`), else by its number.
    pub fn phase_named(&self, name: &str, id: &PhaseId) -> Found<'a, Phase> {
        self.find(|p| match p.find_phase_by_name(name) {
            Lookup::NotFound => p.find_phase(id),
            found => found,
        })
    }

    /// A phase by its folder name only: `feat(01-arch-doc)` is no work of `01-extract-dup`.
    pub fn phase_folder(&self, name: &str) -> Found<'a, Phase> {
        self.find(|p| p.find_phase_by_name(name))
    }

    pub fn quick(&self, id: &QuickId) -> Found<'a, QuickTask> {
        self.find(|p| match p.find_quick(id) {
            Some(q) => Lookup::Found(q),
            None => Lookup::NotFound,
        })
    }

    fn find<T>(&self, look: impl Fn(&'a Planning) -> Lookup<'a, T>) -> Found<'a, T> {
        match look(self.at) {
            Lookup::Found(t) => return Found::At(t),
            Lookup::Ambiguous(v) => return Found::Ambiguous(v),
            Lookup::NotFound => {}
        }
        for later in self.later {
            if let Some(t) = look(later).found() {
                return Found::Later(t);
            }
        }
        match self.work_tree.map(look) {
            Some(Lookup::Found(t)) => Found::WorkTreeOnly(t),
            _ => Found::NotFound,
        }
    }
}
