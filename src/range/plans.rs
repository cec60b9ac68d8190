//! The plans a range's commits name: each read once, on its own thread, the first time a
//! commit names it, and reduced to what the diff checks need.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use crate::check::{CommitFacts, DocsPolicy, PlanFacts};
use crate::finding::Finding;
use crate::git::CommitInfo;
use crate::message::{self, Parsed, ScopeKind};
use crate::planning::resolve::{Found, Plans};
use crate::planning::{PlanFile, Planning, QuickId};

use super::history::{History, Judged};
use super::{Commits, Metas};

/// How many newer commits a commit's plan may take to arrive: GSD commits a quick task's
/// PLAN.md after its code, a plan's within the same session.
const PLAN_ARRIVES_WITHIN: usize = 64;

/// A commit whose scope names plan work that its own trees did not resolve to one plan.
pub(super) struct Unplaced {
    /// Its place in the walk (newest first).
    pub(super) seq: usize,
    pub(super) message: String,
    pub(super) code: bool,
    /// It has plans, finished ones in folders whose phase number another folder also has: a
    /// plan of that name in the other folder, arriving later, is its plan instead.
    pub(super) doubtful: bool,
}

/// Gives commits the plans their trees left open. A scope several folders answer is the
/// folder the commit changed, when it changed one of them only (`docs(01-03): complete plan`
/// adds that folder's SUMMARY); the `plan-ambiguous` finding then goes. A scope its trees
/// did not know is the plan a newer commit's tree has under that name: GSD commits a quick
/// task's PLAN.md after its code, and a plan deleted by the range's end is known only to the
/// trees between. A commit naming a finished plan of a phase number another folder also has
/// is that folder's plan of the name when a newer tree brings one (the number was used
/// again). `metas` are the walk's commits, newest first, like `commits`.
pub(super) fn place_late(
    unplaced: &[Unplaced],
    commits: &mut Commits,
    metas: &Metas,
    history: &mut History,
    findings: &mut Vec<Finding>,
    mut want: impl FnMut(&PlanFile, Arc<Planning>) -> Arc<str>,
) {
    for u in unplaced {
        // An unplaced commit is never let go (see `Run::absorb`).
        let Some(commit) = commits.get_mut(u.seq) else {
            continue;
        };
        let parsed = message::parse(&u.message);
        let touched = &commit.paths;
        let own = metas
            .get(u.seq)
            .and_then(|m| history.planning_at(m.tree).ok().flatten());
        if u.doubtful {
            let current: Vec<Arc<str>> = commit.plans.clone();
            for newer in (u.seq.saturating_sub(PLAN_ARRIVES_WITHIN)..u.seq).rev() {
                let Some(planning) = metas
                    .get(newer)
                    .and_then(|m| history.planning_at(m.tree).ok().flatten())
                else {
                    continue;
                };
                let view = Plans::only(&planning);
                let arrived: Vec<&PlanFile> = named_plans(&parsed, &view, u.code)
                    .iter()
                    .filter_map(Found::one)
                    .filter(|f| {
                        !current.iter().any(|k| **k == *f.path)
                            && own
                                .as_ref()
                                .is_some_and(|o| o.plan_at_path(&f.path).is_none())
                    })
                    .collect();
                if !arrived.is_empty() {
                    commit.plans = arrived
                        .into_iter()
                        .map(|f| want(f, Arc::clone(&planning)))
                        .collect();
                    break;
                }
            }
            continue;
        }
        if let Some(own) = own.filter(|_| !touched.is_empty()) {
            let view = Plans::only(&own);
            let mut chosen: Vec<&PlanFile> = Vec::new();
            for found in named_plans(&parsed, &view, u.code) {
                if let Found::Ambiguous(candidates) = found {
                    let changed: Vec<&PlanFile> = candidates
                        .into_iter()
                        .filter(|f| {
                            let dir = format!("{}/", f.phase_dir);
                            touched.iter().any(|t| t.path.starts_with(&dir))
                        })
                        .collect();
                    if let [one] = changed.as_slice() {
                        chosen.push(one);
                    }
                }
            }
            if !chosen.is_empty() {
                let id = commit.id.clone();
                commit.plans = chosen
                    .into_iter()
                    .map(|f| want(f, Arc::clone(&own)))
                    .collect();
                findings.retain(|f| {
                    f.rule != message::PLAN_AMBIGUOUS.id
                        || f.location.commit.as_deref() != Some(&*id)
                });
                continue;
            }
        }
        for newer in (u.seq.saturating_sub(PLAN_ARRIVES_WITHIN)..u.seq).rev() {
            let Some(planning) = metas
                .get(newer)
                .and_then(|m| history.planning_at(m.tree).ok().flatten())
            else {
                continue;
            };
            let view = Plans::only(&planning);
            let found: Vec<&PlanFile> = named_plans(&parsed, &view, u.code)
                .iter()
                .filter_map(Found::one)
                .collect();
            if !found.is_empty() {
                let mut keys: Vec<Arc<str>> = Vec::new();
                for f in found {
                    if !keys.iter().any(|k| **k == *f.path) {
                        keys.push(want(f, Arc::clone(&planning)));
                    }
                }
                commit.plans = keys;
                break;
            }
        }
    }
}

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
        Some(ScopeKind::Phase(id, _)) if code => {
            vec![plans.phase(&id).and_then(only_plan)]
        }
        // The folder's whole name: a slug no folder has names no phase's work.
        Some(ScopeKind::PhaseFolder(_, span)) if code => {
            vec![plans
                .phase_folder(&parsed.text[span.start..span.end])
                .and_then(only_plan)]
        }
        _ => Vec::new(),
    }
}

fn only_plan(p: &crate::planning::Phase) -> Option<&PlanFile> {
    (p.plans.len() == 1).then(|| &p.plans[0])
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
