//! must_haves verification (SPEC §6): the decisions GSD's verifier makes, made mechanically.
//!
//! Pure: the verifier ([`crate::verifier`]) reads plans, SUMMARYs, files and git, and hands over plain values
//! ([`Inputs`]); this module decides, for each plan of a phase, whether each artifact exists,
//! is substantive and is wired, whether each key link is wired, what only a person can check,
//! whether the SUMMARY's claims hold, and what the gaps are. Out come a [`Verification`] (the
//! model every report renders) and findings. Nothing here reads a file or knows a format.
//!
//! Patterns from plans go through `regex` (linear time, size-limited): a plan cannot make
//! verification hang.

use std::collections::{BTreeMap, BTreeSet};

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Serialize;

use crate::finding::{Finding, Location, Rule, Severity};
use crate::planning::declared::FilesModified;

mod anti_patterns;
mod artifacts;
mod files;
mod gaps;
mod inputs;
mod links;
mod model;
mod referrers;
mod summary;
#[cfg(test)]
mod tests;
mod truths;

pub use anti_patterns::as_it_stands;
use anti_patterns::*;
use artifacts::*;
use files::*;
use gaps::*;
pub use inputs::*;
use links::*;
pub use model::*;
use referrers::*;
pub use referrers::{reference_regex, Referrers};
use summary::*;
pub use truths::status_word;
use truths::*;

pub static ARTIFACT_MISSING: Rule = Rule {
    id: "verify/artifact-missing",
    severity: Severity::Blocker,
    summary: "A must_haves artifact does not exist.",
    explanation:
        "The plan promised this file in `must_haves.artifacts` (or `required_artifacts`), \
and it is not in the work tree. GSD's verifier calls this MISSING: the phase cannot have reached \
its goal without it. Create the file, or correct the path in the plan if it moved.",
};

pub static ARTIFACT_NOT_REMOVED: Rule = Rule {
    id: "verify/artifact-not-removed",
    severity: Severity::Blocker,
    summary: "An artifact the plan removes (`must_not_exist: true`) still exists.",
    explanation: "A plan that rolls work back or tears a file down lists it under \
`must_haves.artifacts` with `must_not_exist: true`. The file is still in the work tree, so that \
part of the plan is not done. Delete it, or drop `must_not_exist` if the plan changed.",
};

pub static ARTIFACT_STUB: Rule = Rule {
    id: "verify/artifact-stub",
    severity: Severity::Blocker,
    summary: "A must_haves artifact exists but is not substantive.",
    explanation: "The file is there but does not hold what the plan promised: fewer lines than \
`min_lines`, a `contains` text or an `exports` name missing, or a stub in it (`todo!()`, \
`raise NotImplementedError`, filler text, an empty body). GSD's verifier calls this STUB: \
existence is not implementation.",
};

pub static ARTIFACT_ORPHANED: Rule = Rule {
    id: "verify/artifact-orphaned",
    severity: Severity::Error,
    summary: "A must_haves artifact is not referred to by any other file.",
    explanation: "The file exists and has substance, but nothing imports or mentions it and no \
key_link pattern finds it: it is not wired into the system. GSD's verifier calls this ORPHANED. \
Import it where it is used, or add a key_link with a `pattern` that shows how it is reached.",
};

pub static LINK_NOT_WIRED: Rule = Rule {
    id: "verify/link-not-wired",
    severity: Severity::Error,
    summary: "A must_haves key_link is not wired.",
    explanation: "A key_link says `from` reaches `to`. With a `pattern`, the pattern must be \
found in `from` (or else in `to`); without one, `from` must mention `to` (an import, a path). \
Neither was found, or one of the two files does not exist.",
};

pub static PATTERN_INVALID: Rule = Rule {
    id: "verify/pattern-invalid",
    severity: Severity::Error,
    summary: "A key_link pattern is not a valid regular expression.",
    explanation: "key_link patterns are regular expressions (Rust `regex` syntax: linear time, no \
look-around or back-references). This one does not compile, so the link could not be checked. \
In YAML, write patterns in single quotes so backslashes survive: `pattern: 'app\\.use\\('`.",
};

pub static SUMMARY_MISSING: Rule = Rule {
    id: "verify/summary-missing",
    severity: Severity::Error,
    summary: "A plan of the phase has no SUMMARY: it is unfinished.",
    explanation: "GSD writes `NN-MM-SUMMARY.md` when a plan's execution ends. A plan without one \
has not finished, so the phase cannot be verified as done.",
};

pub static SUMMARY_COMMIT_MISSING: Rule = Rule {
    id: "verify/summary-commit-missing",
    severity: Severity::Error,
    summary: "A SUMMARY cites a commit that is not in the repository.",
    explanation: "The SUMMARY's task commits are its evidence. A hash that resolves to no commit \
means the work was rewritten, squashed, never committed, or the SUMMARY was written from memory. \
Update the SUMMARY with the real hashes.",
};

pub static SUMMARY_KEY_FILE_MISSING: Rule = Rule {
    id: "verify/summary-key-file-missing",
    severity: Severity::Error,
    summary: "A SUMMARY lists a key file that does not exist.",
    explanation: "`key-files` (or `key_files`) in a SUMMARY's frontmatter names what the plan \
created or modified. A listed file that is not in the work tree makes the SUMMARY's claim false.",
};

pub static MUST_HAVES_UNREADABLE: Rule = Rule {
    id: "verify/must-haves-unreadable",
    severity: Severity::Error,
    summary: "A plan's must_haves could not be read, so they were not verified.",
    explanation: "The plan's frontmatter is not valid YAML (most often a regex with backslashes \
inside double quotes: `pattern: \"app\\.use\\(\"`), or the plan has no frontmatter at all. \
`planlint plans` still reads its top-level fields, but the nested must_haves are lost, and a \
phase whose promises were never read cannot pass verification. Write such values in single \
quotes (`pattern: 'app\\.use\\('`), which keep backslashes as written.",
};

pub static NO_MUST_HAVES: Rule = Rule {
    id: "verify/no-must-haves",
    severity: Severity::Warning,
    summary: "A plan declares no must_haves: nothing of it can be verified mechanically.",
    explanation: "`must_haves` is absent or empty (no truths, artifacts or key_links), so \
there is nothing for the verifier to check against the code. GSD's verifier then derives what \
the plan must deliver from the phase goal, which takes a person: the report lists it under \
Human Verification. Declare the truths, artifacts and key links in the plan's frontmatter.",
};

pub static NO_PLAN: Rule = Rule {
    id: "verify/no-plan",
    severity: Severity::Error,
    summary: "A phase has no plan that could be read: nothing of it was verified.",
    explanation: "The phase folder holds no `PLAN.md` planlint could read: it is empty, or \
what is named like a plan is a folder, a link out of the repository or a special file. A phase \
whose promises were never read cannot pass verification, so the report says `gaps_found`. \
Write the phase's plans (GSD's `/gsd:plan-phase`), or verify the phase that holds them.",
};

pub static RULES: &[&Rule] = &[
    &NO_PLAN,
    &MUST_HAVES_UNREADABLE,
    &NO_MUST_HAVES,
    &ARTIFACT_MISSING,
    &ARTIFACT_NOT_REMOVED,
    &ARTIFACT_STUB,
    &ARTIFACT_ORPHANED,
    &LINK_NOT_WIRED,
    &PATTERN_INVALID,
    &SUMMARY_MISSING,
    &SUMMARY_COMMIT_MISSING,
    &SUMMARY_KEY_FILE_MISSING,
];

/// Runs every check of SPEC §6 and returns the model and the findings.
pub fn verify(inputs: &Inputs<'_>) -> (Verification, Vec<Finding>) {
    let mut v = Verification {
        phase: inputs.phase.to_string(),
        title: inputs.title.map(str::to_string),
        goal: inputs.goal.map(str::to_string),
        plans: inputs.plans.iter().map(|p| p.id.clone()).collect(),
        unread: Vec::new(),
        verified: inputs.verified.to_string(),
        status: Status::Passed,
        score: Score {
            verified: 0,
            total: 0,
        },
        truths: Vec::new(),
        artifacts: Vec::new(),
        key_links: Vec::new(),
        files: Vec::new(),
        anti_patterns: anti_patterns(inputs.findings),
        claims: Vec::new(),
        requirements: Vec::new(),
        human: Vec::new(),
        gaps: Vec::new(),
    };
    let mut findings = Vec::new();
    let mut gapped: BTreeSet<String> = BTreeSet::new();
    let mut left_to_people: BTreeSet<String> = BTreeSet::new();
    for plan in inputs.plans {
        if let Some(why) = &plan.unread {
            v.unread.push(plan.id.clone());
            v.gaps.push(unread_gap(plan, why, &mut findings));
        } else if plan.truths.is_empty() && plan.artifacts.is_empty() && plan.key_links.is_empty() {
            v.human.push(no_must_haves(plan, &mut findings));
        }
        let links: Vec<LinkRow> = plan
            .key_links
            .iter()
            .map(|l| check_link(plan, l, inputs, &mut findings))
            .collect();
        let artifacts: Vec<ArtifactRow> = plan
            .artifacts
            .iter()
            .map(|a| check_artifact(plan, a, &links, inputs, &mut findings))
            .collect();
        let truths = check_truths(plan, &artifacts, &links, inputs.tests);
        for t in &truths {
            if t.status == TruthStatus::Uncertain {
                v.human.push(HumanCheck {
                    name: t.truth.clone(),
                    plan: plan.id.clone(),
                    test: format!(
                        "Exercise what plan {} built and observe: {}",
                        plan.id, t.truth
                    ),
                    expected: t.truth.clone(),
                    why_human:
                        "observable behaviour: no artifact check or test in the phase shows it"
                            .into(),
                });
            }
        }
        for l in &links {
            if l.status == LinkStatus::Unchecked {
                let via = l
                    .via
                    .as_deref()
                    .map_or(String::new(), |v| format!(" ({v})"));
                v.human.push(HumanCheck {
                    name: format!("{} reaches {}", l.from, l.to),
                    plan: plan.id.clone(),
                    test: format!("Follow {} to {}{via} in the code", l.from, l.to),
                    expected: format!("{} uses {}", l.from, l.to),
                    why_human: l.evidence.clone(),
                });
            }
        }
        let before = v.gaps.len();
        v.gaps.extend(plan_gaps(plan, &truths, &artifacts, &links));
        let claims = check_summary(plan, inputs, &mut findings);
        v.gaps.extend(claim_gaps(plan, &claims));
        if v.gaps.len() > before {
            gapped.insert(plan.id.clone());
        }
        if truths.iter().any(|t| t.status == TruthStatus::Uncertain) {
            left_to_people.insert(plan.id.clone());
        }
        if let Some(s) = &plan.summary {
            for item in &s.pending_human {
                v.human.push(HumanCheck {
                    name: item.clone(),
                    plan: plan.id.clone(),
                    test: format!("Check: {item}"),
                    expected: format!("{item} holds"),
                    why_human: format!(
                        "the SUMMARY leaves it to a person ({})",
                        file_name(&s.path)
                    ),
                });
            }
        }
        v.files.extend(files_rows(plan));
        v.truths.extend(truths);
        v.artifacts.extend(artifacts);
        v.key_links.extend(links);
        v.claims.extend(claims);
    }
    if inputs.plans.is_empty() {
        v.gaps.push(no_plan_gap(inputs.phase, &mut findings));
    }
    v.requirements = requirements(inputs, &gapped, &left_to_people);
    let blockers: Vec<&AntiPatternRow> = v
        .anti_patterns
        .iter()
        .filter(|a| a.severity == Severity::Blocker)
        .collect();
    if !blockers.is_empty() {
        v.gaps.push(Gap {
            truth: "No blocker anti-patterns in the phase's code".into(),
            status: GapStatus::Failed,
            reason: format!(
                "{} blocker anti-pattern{} found",
                blockers.len(),
                if blockers.len() == 1 { "" } else { "s" }
            ),
            artifacts: blockers
                .iter()
                .map(|a| GapArtifact {
                    path: a.path.clone(),
                    issue: match a.line {
                        Some(l) => format!("line {l}: {}", a.impact),
                        None => a.impact.clone(),
                    },
                })
                .collect(),
            missing: Vec::new(),
        });
    }
    let verified = v
        .truths
        .iter()
        .filter(|t| t.status == TruthStatus::Verified)
        .count()
        + v.artifacts
            .iter()
            .filter(|a| a.status == ArtifactStatus::Verified)
            .count()
        + v.key_links
            .iter()
            .filter(|l| l.status == LinkStatus::Wired)
            .count();
    // Must_haves that could not be read count as one must-have, unverified: the score must not
    // read as complete (0/0) when nothing was checked.
    v.score = Score {
        verified,
        total: v.truths.len() + v.artifacts.len() + v.key_links.len() + v.unread.len(),
    };
    // GSD's order: any gap first, then anything only a person can confirm.
    v.status = if !v.gaps.is_empty() {
        Status::GapsFound
    } else if !v.human.is_empty() {
        Status::HumanNeeded
    } else {
        Status::Passed
    };
    (v, findings)
}

/// Requirements Coverage: each requirement id a plan of the phase names. Blocked by a plan
/// with gaps, an unfinished one, or a SUMMARY whose `requirements-completed` leaves it out;
/// satisfied by finished plans whose SUMMARY lists it (or lists none) and whose truths hold;
/// left to a person when a naming plan's truths are.
pub(super) fn requirements(
    inputs: &Inputs<'_>,
    gapped: &BTreeSet<String>,
    left_to_people: &BTreeSet<String>,
) -> Vec<RequirementRow> {
    let mut by_id: BTreeMap<&str, Vec<&PlanInput>> = BTreeMap::new();
    for plan in inputs.plans {
        for r in &plan.requirements {
            by_id.entry(r.as_str()).or_default().push(plan);
        }
    }
    by_id
        .into_iter()
        .map(|(id, plans)| {
            let mut blocked = Vec::new();
            let mut human = Vec::new();
            let mut listed = Vec::new();
            for p in &plans {
                match &p.summary {
                    None => blocked.push(format!("plan {} is unfinished", p.id)),
                    Some(s) => match &s.requirements_completed {
                        Some(done) if !done.iter().any(|d| d == id) => blocked.push(format!(
                            "{} leaves it out of requirements-completed",
                            file_name(&s.path)
                        )),
                        Some(_) => listed.push(format!("{} lists it", file_name(&s.path))),
                        None => {}
                    },
                }
                if gapped.contains(&p.id) {
                    blocked.push(format!("plan {} has gaps", p.id));
                } else if left_to_people.contains(&p.id) {
                    human.push(format!("plan {}'s truths need a person", p.id));
                }
            }
            let (status, evidence) = if !blocked.is_empty() {
                (RequirementStatus::Blocked, blocked.join("; "))
            } else if !human.is_empty() && listed.is_empty() {
                (RequirementStatus::NeedsHuman, human.join("; "))
            } else if listed.is_empty() {
                (
                    RequirementStatus::Satisfied,
                    format!(
                        "plan{} {} finished without gaps",
                        if plans.len() == 1 { "" } else { "s" },
                        plans
                            .iter()
                            .map(|p| p.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            } else {
                (RequirementStatus::Satisfied, listed.join("; "))
            };
            RequirementRow {
                id: id.to_string(),
                plans: plans.iter().map(|p| p.id.clone()).collect(),
                description: inputs.requirement_texts.get(id).cloned(),
                status,
                evidence,
            }
        })
        .collect()
}

/// The gap (and finding) for a plan whose must_haves could not be read: where, what, the fix.
/// No plan read: a gap, never a pass (an empty phase said `passed, 0/0`).
fn no_plan_gap(phase: &str, findings: &mut Vec<Finding>) -> Gap {
    findings.push(
        Finding::new(
            &NO_PLAN,
            format!("phase {phase} has no plan that could be read, so nothing of it was verified"),
        )
        .help("write the phase's plans, or name the phase that holds them"),
    );
    Gap {
        truth: format!("Phase {phase} has plans to verify"),
        status: GapStatus::Failed,
        reason: "no PLAN.md in the phase folder could be read".into(),
        artifacts: Vec::new(),
        missing: vec!["a readable PLAN.md".into()],
    }
}

pub(super) fn unread_gap(
    plan: &PlanInput,
    why: &UnreadMustHaves,
    findings: &mut Vec<Finding>,
) -> Gap {
    let place = why.place(&plan.path);
    findings.push(
        Finding::new(
            &MUST_HAVES_UNREADABLE,
            format!(
                "the must_haves of plan {} could not be read, so they were not verified: {}",
                plan.id, why.problem
            ),
        )
        .at(Location {
            line: why.line,
            column: why.column,
            ..Location::path(&plan.path).with_plan(&plan.id)
        })
        .help(why.remedy()),
    );
    Gap {
        truth: format!("must_haves of plan {} can be read", plan.id),
        status: GapStatus::Failed,
        reason: format!("{place}: {}; its must_haves were not verified", why.problem),
        artifacts: vec![GapArtifact {
            path: plan.path.clone(),
            issue: why.remedy(),
        }],
        missing: vec![format!("readable must_haves in {}", file_name(&plan.path))],
    }
}

/// The check for a person (and finding) for a plan that declares no must_haves.
pub(super) fn no_must_haves(plan: &PlanInput, findings: &mut Vec<Finding>) -> HumanCheck {
    findings.push(
        Finding::new(
            &NO_MUST_HAVES,
            format!(
                "plan {} declares no must_haves: nothing of it was verified",
                plan.id
            ),
        )
        .at(Location::path(&plan.path).with_plan(&plan.id))
        .help("declare its truths, artifacts and key_links under `must_haves:` in the frontmatter"),
    );
    HumanCheck {
        name: format!("What plan {} delivers", plan.id),
        plan: plan.id.clone(),
        test: format!(
            "Derive from the phase goal what plan {} must make true, and check it",
            plan.id
        ),
        expected: "The phase goal holds for this plan's part of it".into(),
        why_human: "the plan declares no must_haves (truths, artifacts, key_links); GSD's \
                    verifier derives them from the phase goal"
            .into(),
    }
}

pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub(super) fn text_of<'a>(inputs: &'a Inputs<'_>, path: &str) -> Option<&'a str> {
    match inputs.files.get(path) {
        Some(FileText::Text(t)) => Some(t),
        _ => None,
    }
}

pub(super) fn exists(inputs: &Inputs<'_>, path: &str) -> bool {
    matches!(
        inputs.files.get(path),
        Some(FileText::Text(_) | FileText::Unreadable(_))
    )
}

/// Scan rules that mean "this is not an implementation", as opposed to unfinished polish.
pub(super) fn is_stub_rule(rule: &str) -> bool {
    let name = rule.strip_prefix("scan/").unwrap_or("");
    ["stub", "placeholder", "empty-impl", "not-implemented"]
        .iter()
        .any(|k| name.contains(k))
}
