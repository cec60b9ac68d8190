//! The plans a range's commits name: each read once, on its own thread, the first time a
//! commit names it, and reduced to what the diff checks need.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use crate::check::{CommitFacts, PlanFacts};
use crate::git::CommitInfo;
use crate::message;
use crate::planning::{Lookup, PlanFile, Planning};

/// What the diff checks need of one commit: its type and the plans its scope names (`plan`
/// gives each named plan file its shared key).
pub(super) fn commit_facts(
    info: &CommitInfo,
    planning: &Planning,
    in_range: bool,
    mut plan: impl FnMut(&PlanFile) -> Arc<str>,
) -> CommitFacts {
    let parsed = message::parse(&info.message);
    let ty = parsed
        .header
        .as_ref()
        .filter(|_| parsed.exempt.is_none())
        .map(|h| info.message[h.ty.start..h.ty.end].to_ascii_lowercase())
        .filter(|t| !t.is_empty());
    let scope = parsed
        .header
        .as_ref()
        .and_then(|h| h.scope)
        .map(|sc| info.message[sc.inner.start..sc.inner.end].trim().into());
    let mut plans: Vec<Arc<str>> = Vec::new();
    for id in message::plan_scopes(&parsed) {
        if let Lookup::Found(p) = planning.find_plan(&id) {
            if !plans.iter().any(|k| **k == *p.path) {
                plans.push(plan(p));
            }
        }
    }
    CommitFacts {
        id: info.id.to_string().into(),
        ty: ty.map(String::into_boxed_str),
        plans,
        scope,
        is_merge: info.is_merge(),
        in_range,
        paths: Vec::new(),
    }
}

/// Reads each plan the first time a commit names it, on its own thread, and keeps what the
/// diff checks need.
pub(super) struct PlanLoader {
    wanted: Option<SyncSender<(PlanFile, Arc<str>)>>,
    keys: HashMap<String, Arc<str>>,
    loaded: Arc<Mutex<Vec<PlanFacts>>>,
    done: Receiver<()>,
}

impl PlanLoader {
    pub(super) fn start<'s>(s: &'s Scope<'s, '_>, planning: Arc<Planning>) -> PlanLoader {
        let (tx, rx) = mpsc::sync_channel::<(PlanFile, Arc<str>)>(256);
        let (done_tx, done) = mpsc::channel();
        let loaded = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&loaded);
        s.spawn(move || {
            for (file, key) in rx {
                let facts = plan_facts(&planning, &file, key);
                if let Ok(mut v) = sink.lock() {
                    v.push(facts);
                }
            }
            let _ = done_tx.send(());
        });
        PlanLoader {
            wanted: Some(tx),
            keys: HashMap::new(),
            loaded,
            done,
        }
    }

    /// The shared key of a plan file; the first time it is asked for, the plan is read.
    pub(super) fn want(&mut self, file: &PlanFile) -> Arc<str> {
        if let Some(key) = self.keys.get(file.path.as_str()) {
            return Arc::clone(key);
        }
        let key: Arc<str> = Arc::from(file.path.as_str());
        self.keys.insert(file.path.clone(), Arc::clone(&key));
        if let Some(tx) = &self.wanted {
            let _ = tx.send((file.clone(), Arc::clone(&key)));
        }
        key
    }

    pub(super) fn finish(mut self) -> Vec<PlanFacts> {
        drop(self.wanted.take());
        let _ = self.done.recv();
        let mut plans = self
            .loaded
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        plans.sort_by(|a, b| a.key.cmp(&b.key));
        plans
    }
}

fn plan_facts(planning: &Planning, file: &PlanFile, key: Arc<str>) -> PlanFacts {
    let plan = planning.load_plan(file);
    let declares = plan.has_frontmatter()
        && (!plan.files_modified.is_empty() || plan.span_of("files_modified").is_some());
    PlanFacts {
        key,
        id: file.id.to_string(),
        tdd: plan
            .kind
            .as_deref()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("tdd")),
        files_modified: declares.then_some(plan.files_modified),
        has_summary: file.summary.is_some(),
    }
}
