//! The plans a range's commits name: each read once, on its own thread, the first time a
//! commit names it, and reduced to what the diff checks need.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use crate::check::{CommitFacts, DocsPolicy, PlanFacts};
use crate::git::CommitInfo;
use crate::message::{self, Parsed, ScopeKind};
use crate::planning::resolve::{Found, Plans};
use crate::planning::{PlanFile, Planning, QuickId};

use super::history::Judged;

/// What the diff checks need of one commit: its type and the plans its scope names, as the
/// commit's planning trees resolve them (`want` gives each named plan file its shared key,
/// and is told which tree to read it from).
pub(super) fn commit_facts(
    info: &CommitInfo,
    judged: &Judged,
    in_range: bool,
    mut want: impl FnMut(&PlanFile, Arc<Planning>) -> Arc<str>,
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
    let view = judged.plans();
    let mut plans: Vec<Arc<str>> = Vec::new();
    let code = ty
        .as_deref()
        .is_some_and(|t| crate::config::CODE_TYPES.contains(&t));
    for found in named_plans(&parsed, &view, code) {
        if let Some(file) = found.one() {
            if !plans.iter().any(|k| **k == *file.path) {
                plans.push(want(file, judged.owner(&found)));
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
        docs: DocsPolicy::default(),
    }
}

/// The plans a message's scope names: each of `02-01` or `12-05,06`, a quick task's plan, or,
/// for a commit of code (`code`), the one plan of a phase that has only one (`feat(phase-11)`
/// when phase 11 has `11-PLAN.md`); GSD's `docs(11)` commits are the phase's planning itself.
pub(super) fn named_plans<'a>(
    parsed: &Parsed<'_>,
    plans: &Plans<'a>,
    code: bool,
) -> Vec<Found<'a, PlanFile>> {
    match message::scope_kind(parsed) {
        Some(ScopeKind::Plans(refs)) => refs.iter().map(|r| plans.plan(&r.id)).collect(),
        Some(ScopeKind::Quick(span)) => QuickId::of_scope(&parsed.text[span.start..span.end])
            .map(|q| vec![plans.quick(&q).and_then(|t| t.plan.as_ref())])
            .unwrap_or_default(),
        Some(ScopeKind::Phase(id, _) | ScopeKind::PhaseFolder(id, _)) if code => {
            vec![plans
                .phase(&id)
                .and_then(|p| (p.plans.len() == 1).then(|| &p.plans[0]))]
        }
        _ => Vec::new(),
    }
}

/// Reads each plan the first time a commit names it, on its own thread, and keeps what the
/// diff checks need.
/// A plan to read: the file, the tree to read it from, its shared key.
type Wanted = (PlanFile, Arc<Planning>, Arc<str>);

pub(super) struct PlanLoader {
    wanted: Option<SyncSender<Wanted>>,
    keys: HashMap<String, Arc<str>>,
    loaded: Arc<Mutex<Vec<PlanFacts>>>,
    done: Receiver<()>,
}

impl PlanLoader {
    pub(super) fn start<'s>(s: &'s Scope<'s, '_>) -> PlanLoader {
        let (tx, rx) = mpsc::sync_channel::<Wanted>(256);
        let (done_tx, done) = mpsc::channel();
        let loaded = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&loaded);
        s.spawn(move || {
            for (file, planning, key) in rx {
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

    /// The shared key of a plan file; the first time it is asked for, the plan is read from
    /// `from` (the newest commit of the walk that names it, or a later tree).
    pub(super) fn want(&mut self, file: &PlanFile, from: Arc<Planning>) -> Arc<str> {
        if let Some(key) = self.keys.get(file.path.as_str()) {
            return Arc::clone(key);
        }
        let key: Arc<str> = Arc::from(file.path.as_str());
        self.keys.insert(file.path.clone(), Arc::clone(&key));
        if let Some(tx) = &self.wanted {
            let _ = tx.send((file.clone(), from, Arc::clone(&key)));
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
        id: file.name(),
        tdd: plan
            .kind
            .as_deref()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("tdd")),
        files_modified: declares.then_some(plan.files_modified),
        has_summary: file.summary.is_some(),
    }
}
