//! What a scope names: plans, a phase, a phase folder, a quick task, or just a word.
//!
//! Every shape GSD writes is recognised here from the text alone (`02-01`, `2-3`, `02.1-01`,
//! `CK-02-01`, `12-05,06`, `02`, `phase-03`, `07-batch-rendering`, `quick-260630-uq4`,
//! `260605-mvt`); whether the plan exists is the rules' question, asked of the `.planning/` tree.

use crate::finding::Span;
use crate::planning::layout::quick_id;
use crate::planning::QuickId;
use crate::planning::{PhaseId, PlanId};

/// One plan named by a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRef {
    pub id: PlanId,
    /// Where it is written; for `06` in `12-05,06`, just the `06`.
    pub span: Span,
    /// `06` in `12-05,06`: written as a bare plan number in the phase before it.
    pub short: bool,
}

/// What a scope names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeKind {
    /// One or more plans: `02-01`, `2-3`, `02-01-auth`, `12-05,06`, `12-05,12-06`.
    Plans(Vec<PlanRef>),
    /// A phase by number: `02`, `phase-03`, `CK-02`.
    Phase(PhaseId, Span),
    /// A phase by its folder name: `07-batch-rendering`.
    PhaseFolder(PhaseId, Span),
    /// A quick task; the span covers its id only (`260630-uq4`, or `13` of `quick-13`).
    Quick(Span),
    /// Any other word: `state`, `roadmap`, `v1.2`, `api`.
    Named,
}

impl ScopeKind {
    /// What GSD attributes work to: a plan, a quick task, or a phase (`test(07): complete
    /// UAT`, and the phases of a single plan).
    pub fn names_plan_work(&self) -> bool {
        !matches!(self, ScopeKind::Named)
    }
}

/// Classifies the scope text at `span` of `text`.
pub fn classify(text: &str, span: Span) -> ScopeKind {
    let raw = &text[span.start..span.end];
    let lead = raw.len() - raw.trim_start().len();
    let s = raw.trim();
    let base = span.start + lead;
    let at = |i: usize, j: usize| Span::new(base + i, base + j);

    let quick_body = strip_prefix_ci(s, "quick-").unwrap_or(s);
    if let Some(id) = quick_id(quick_body) {
        let off = s.len() - quick_body.len();
        return ScopeKind::Quick(at(off, off + id.len()));
    }
    // `quick-13`, `quick-019`: older GSD numbered its quick tasks.
    if quick_body.len() < s.len() && QuickId::of_scope(quick_body).is_some() {
        let off = s.len() - quick_body.len();
        return ScopeKind::Quick(at(off, s.len()));
    }
    if s.contains(',') {
        if let Some(plans) = multi_plan(s, base) {
            return ScopeKind::Plans(plans);
        }
        return ScopeKind::Named;
    }
    if let Some((id, _slug)) = PlanId::parse_prefix(s).filter(|(id, _)| plausible_phase(&id.phase))
    {
        let len = id.raw().len();
        return ScopeKind::Plans(vec![PlanRef {
            id,
            span: at(0, len),
            short: false,
        }]);
    }
    // `phase-03`, `phase 3`, and with the phase's slug: `phase-4-observability`,
    // `phase7-thread-pool`.
    if let Some(rest) = strip_prefix_ci(s, "phase-")
        .or_else(|| strip_prefix_ci(s, "phase "))
        .or_else(|| {
            strip_prefix_ci(s, "phase").filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
    {
        if let Some(id) = PhaseId::parse(rest) {
            return ScopeKind::Phase(id, at(0, s.len()));
        }
        if let Some((id, slug)) = PhaseId::parse_prefix(rest) {
            if slug.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return ScopeKind::Phase(id, at(0, s.len()));
            }
        }
    }
    if let Some((id, rest)) = PhaseId::parse_prefix(s).filter(|(id, _)| plausible_phase(id)) {
        if rest.is_empty() {
            return ScopeKind::Phase(id, at(0, s.len()));
        }
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return ScopeKind::PhaseFolder(id, at(0, s.len()));
        }
    }
    ScopeKind::Named
}

/// `12-05,06`, `12-05, 12-06`: the first part is a full plan id, later ones are full ids or
/// bare plan numbers in the phase of the part before. Parts that are neither make the scope a
/// list of words (`api,ui`), unless some part named a plan.
fn multi_plan(s: &str, base: usize) -> Option<Vec<PlanRef>> {
    let mut out: Vec<PlanRef> = Vec::new();
    let mut pos = 0;
    for part in s.split(',') {
        let lead = part.len() - part.trim_start().len();
        let p = part.trim();
        let span = Span::new(base + pos + lead, base + pos + lead + p.len());
        pos += part.len() + 1;
        if let Some(id) = PlanId::parse(p).filter(|id| plausible_phase(&id.phase)) {
            out.push(PlanRef {
                id,
                span,
                short: false,
            });
        } else if let (Some(prev), Ok(n)) = (out.last(), p.parse::<u32>()) {
            if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                let id = PlanId::new(prev.id.phase.clone(), n);
                out.push(PlanRef {
                    id,
                    span,
                    short: true,
                });
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// GSD writes phase letters in upper case (`12A`); a lower-case one is a word (`3d-render`).
fn plausible_phase(id: &PhaseId) -> bool {
    id.letter().is_none() || id.raw().bytes().any(|b| b.is_ascii_uppercase())
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> ScopeKind {
        classify(s, Span::new(0, s.len()))
    }

    fn plans(s: &str) -> Vec<(String, &str)> {
        match kind(s) {
            ScopeKind::Plans(v) => v
                .into_iter()
                .map(|r| (r.id.to_string(), &s[r.span.start..r.span.end]))
                .collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn plan_shapes() {
        assert_eq!(plans("02-01"), [("02-01".into(), "02-01")]);
        assert_eq!(plans("2-3"), [("02-03".into(), "2-3")]);
        assert_eq!(plans("02.1-01"), [("02.1-01".into(), "02.1-01")]);
        assert_eq!(plans("100-02"), [("100-02".into(), "100-02")]);
        assert_eq!(plans("CK-02-01"), [("CK-02-01".into(), "CK-02-01")]);
        assert_eq!(plans("12A-01"), [("12A-01".into(), "12A-01")]);
        assert_eq!(plans("02-01-auth"), [("02-01".into(), "02-01")]);
        assert_eq!(
            plans("12-05,06"),
            [("12-05".into(), "12-05"), ("12-06".into(), "06")]
        );
        assert_eq!(
            plans("12-05, 13-01"),
            [("12-05".into(), "12-05"), ("13-01".into(), "13-01")]
        );
    }

    #[test]
    fn other_shapes() {
        assert!(matches!(kind("02"), ScopeKind::Phase(..)));
        assert!(matches!(kind("phase-03"), ScopeKind::Phase(..)));
        for slugged in ["phase-4-observability", "phase7-thread-pool", "phase7"] {
            assert!(matches!(kind(slugged), ScopeKind::Phase(..)), "{slugged}");
        }
        assert_eq!(kind("quick-13"), ScopeKind::Quick(Span::new(6, 8)));
        assert!(matches!(kind("CK-02"), ScopeKind::Phase(..)));
        assert!(matches!(
            kind("07-batch-rendering"),
            ScopeKind::PhaseFolder(..)
        ));
        assert_eq!(kind("quick-260630-uq4"), ScopeKind::Quick(Span::new(6, 16)));
        assert_eq!(kind("260605-mvt"), ScopeKind::Quick(Span::new(0, 10)));
        for named in [
            "state",
            "roadmap",
            "v1.2",
            "api",
            "2fa",
            "3d-render",
            "api,ui",
            "deps",
            "phaser",
            "quick-fix",
        ] {
            assert_eq!(kind(named), ScopeKind::Named, "{named}");
        }
    }
}
