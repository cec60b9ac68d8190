//! Reading the documents discovery found: the one place of the planning model that opens
//! files. Reads are bounded, failures become `plan/unreadable` findings, and the parsing that
//! follows is pure. Many plans are read on several threads.

use std::collections::HashMap;

use crate::finding::{Finding, Location};

use super::id::PlanId;
use super::layout::{PlanFile, PlanKind, Planning};
use super::plan::Plan;
use super::prp::PrpPlan;
use super::rules;
use super::summary::Summary;
use super::verification::VerificationDoc;

/// The largest planning document planlint reads. Plans are a few KiB; anything near this is
/// not a plan.
pub const MAX_DOC_BYTES: u64 = 1 << 20;

/// Every document of a planning tree, read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// In the order of [`Planning::plans`].
    pub plans: Vec<Plan>,
    /// Summaries of plans, then orphans.
    pub summaries: Vec<Summary>,
    pub verifications: Vec<VerificationDoc>,
    pub prp: Vec<PrpPlan>,
    by_path: HashMap<String, Index>,
}

#[derive(Debug, Clone, Copy)]
enum Index {
    Plan(usize),
    Summary(usize),
    Verification(usize),
}

impl Loaded {
    /// The loaded plan of a discovered plan file.
    pub fn plan(&self, file: &PlanFile) -> Option<&Plan> {
        match self.by_path.get(&file.path)? {
            Index::Plan(i) => self.plans.get(*i),
            _ => None,
        }
    }

    /// The summary beside a plan, if it has one.
    pub fn summary_of(&self, file: &PlanFile) -> Option<&Summary> {
        match self.by_path.get(file.summary.as_ref()?)? {
            Index::Summary(i) => self.summaries.get(*i),
            _ => None,
        }
    }

    /// A verification report by its path.
    pub fn verification(&self, path: &str) -> Option<&VerificationDoc> {
        match self.by_path.get(path)? {
            Index::Verification(i) => self.verifications.get(*i),
            _ => None,
        }
    }
}

impl Planning {
    /// Reads a repo-relative document, bounded; a failure is the finding to report.
    pub fn read(&self, rel: &str) -> Result<String, Box<Finding>> {
        self.source().read(rel, MAX_DOC_BYTES).map_err(|e| {
            Box::new(
                Finding::new(&rules::UNREADABLE, format!("cannot read `{rel}`: {e}"))
                    .at(Location::path(rel)),
            )
        })
    }

    /// Reads and parses one plan. Never fails: an unreadable file is a plan with a finding.
    pub fn load_plan(&self, file: &PlanFile) -> Plan {
        match self.read(&file.path) {
            Ok(text) => Plan::parse(file, text),
            Err(f) => Plan::unreadable(file, *f),
        }
    }

    /// Reads and parses the summary of `file`, if it has one.
    pub fn load_summary(&self, file: &PlanFile) -> Option<Summary> {
        Some(self.load_summary_at(&file.id, &file.kind, file.summary.as_deref()?))
    }

    /// Reads and parses the summary at `path`, recording plan `id` (of that `kind`).
    pub fn load_summary_at(&self, id: &PlanId, kind: &PlanKind, path: &str) -> Summary {
        match self.read(path) {
            Ok(text) => Summary::parse(id, kind, path, text),
            Err(f) => Summary::unreadable(id, kind, path, *f),
        }
    }

    pub fn load_verification(&self, path: &str) -> VerificationDoc {
        match self.read(path) {
            Ok(text) => VerificationDoc::parse(path, text),
            Err(f) => VerificationDoc::unreadable(path, *f),
        }
    }

    pub fn load_prp(&self, path: &str) -> PrpPlan {
        match self.read(path) {
            Ok(text) => PrpPlan::parse(path, text),
            Err(f) => {
                let mut p = PrpPlan::parse(path, String::new());
                p.findings = vec![*f];
                p
            }
        }
    }

    /// Reads every plan, summary, verification report and PRP plan (archived ones included).
    pub fn load_all(&self) -> Loaded {
        let files: Vec<&PlanFile> = self.plans().chain(self.quick_plans()).collect();
        let pairs = parallel_map(&files, |f| (self.load_plan(f), self.load_summary(f)));
        let mut loaded = Loaded::default();
        for (plan, summary) in pairs {
            loaded
                .by_path
                .insert(plan.path().to_string(), Index::Plan(loaded.plans.len()));
            loaded.plans.push(plan);
            if let Some(s) = summary {
                loaded
                    .by_path
                    .insert(s.path.clone(), Index::Summary(loaded.summaries.len()));
                loaded.summaries.push(s);
            }
        }
        for phase in self.phases() {
            for (id, path) in &phase.orphan_summaries {
                let s = self.load_summary_at(id, &PlanKind::Numbered, path);
                loaded
                    .by_path
                    .insert(path.clone(), Index::Summary(loaded.summaries.len()));
                loaded.summaries.push(s);
            }
            if let Some(path) = &phase.verification {
                loaded.by_path.insert(
                    path.clone(),
                    Index::Verification(loaded.verifications.len()),
                );
                loaded.verifications.push(self.load_verification(path));
            }
        }
        loaded.prp = self.prp_plans().iter().map(|p| self.load_prp(p)).collect();
        loaded
    }
}

/// The stack of a loader thread, as large as the main thread's: YAML is read recursively, and
/// a debug build needs about 32 KiB per level, so the 2 MiB a spawned thread gets by default
/// overflowed (an abort, not a panic) on a frontmatter nested 64 levels deep.
const WORKER_STACK: usize = 8 << 20;

/// Maps `items` on a few threads, keeping the order. Small inputs stay on this thread.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| {
                let worker = std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, move || c.iter().map(f).collect::<Vec<R>>());
                (c, worker)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(c, worker)| match worker {
                // A panic in a worker is a bug; re-raise it so the panic hook reports it.
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread to be had: do this chunk here.
                Err(_) => c.iter().map(f).collect(),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_document_and_pairs_them() {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w(".planning/phases/01-a/01-01-PLAN.md", "---\nwave: 1\n---\n");
        w(
            ".planning/phases/01-a/01-01-SUMMARY.md",
            "---\nplan: 1\n---\n",
        );
        w(
            ".planning/phases/01-a/01-02-SUMMARY.md",
            "---\nplan: 2\n---\n",
        );
        w(
            ".planning/phases/01-a/01-VERIFICATION.md",
            "---\nstatus: passed\n---\n",
        );
        std::fs::write(
            dir.path().join(".planning/phases/01-a/01-03-PLAN.md"),
            b"\xff\xfe",
        )
        .unwrap();
        w("PRPs/plans/x.plan.md", "**File**: `a.ts`\n");
        let planning = Planning::discover(dir.path(), ".planning");
        let loaded = planning.load_all();
        assert_eq!(loaded.plans.len(), 2);
        let first = planning.plans().next().unwrap();
        assert_eq!(loaded.plan(first).unwrap().wave, Some(1));
        assert_eq!(loaded.summary_of(first).unwrap().plan.as_deref(), Some("1"));
        assert_eq!(loaded.summaries.len(), 2, "the orphan is loaded too");
        assert_eq!(
            loaded
                .verification(".planning/phases/01-a/01-VERIFICATION.md")
                .unwrap()
                .status
                .as_deref(),
            Some("passed")
        );
        let bad = &loaded.plans[1];
        assert_eq!(bad.findings[0].rule, "plan/unreadable");
        assert!(
            bad.findings[0].message.contains("UTF-8"),
            "{}",
            bad.findings[0].message
        );
        assert_eq!(loaded.prp[0].files_modified, ["a.ts"]);
    }

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        assert_eq!(
            parallel_map(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
