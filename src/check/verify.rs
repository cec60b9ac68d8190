//! must_haves verification (SPEC §6): the decisions GSD's verifier makes, made mechanically.
//!
//! Pure: the command layer reads plans, SUMMARYs, files and git, and hands over plain values
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

// ---------------------------------------------------------------------------------------------
// Rules

pub static ARTIFACT_MISSING: Rule = Rule {
    id: "verify/artifact-missing",
    severity: Severity::Blocker,
    summary: "A must_haves artifact does not exist.",
    explanation:
        "The plan promised this file in `must_haves.artifacts` (or `required_artifacts`), \
and it is not in the work tree. GSD's verifier calls this MISSING: the phase cannot have reached \
its goal without it. Create the file, or correct the path in the plan if it moved.",
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

pub static RULES: &[&Rule] = &[
    &MUST_HAVES_UNREADABLE,
    &NO_MUST_HAVES,
    &ARTIFACT_MISSING,
    &ARTIFACT_STUB,
    &ARTIFACT_ORPHANED,
    &LINK_NOT_WIRED,
    &PATTERN_INVALID,
    &SUMMARY_MISSING,
    &SUMMARY_COMMIT_MISSING,
    &SUMMARY_KEY_FILE_MISSING,
];

// ---------------------------------------------------------------------------------------------
// Inputs

/// What verification needs of one plan.
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    /// `02-03`.
    pub id: String,
    /// The plan file, repo-relative.
    pub path: String,
    pub files_modified: Vec<String>,
    pub truths: Vec<String>,
    pub artifacts: Vec<ArtifactSpec>,
    pub key_links: Vec<LinkSpec>,
    pub summary: Option<SummaryInput>,
    /// Paths the plan's commits changed.
    pub touched: Vec<String>,
    /// How many commits name the plan in their scope.
    pub commits: usize,
    /// Set when the plan's must_haves could not be read: then the lists above are empty
    /// because nothing was read, not because nothing was promised.
    pub unread: Option<UnreadMustHaves>,
}

/// Why a plan's must_haves could not be read, from the finding about its frontmatter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadMustHaves {
    /// 1-based, where the frontmatter goes wrong.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// What is wrong (`plan 01-01's frontmatter is not valid YAML: ...`).
    pub problem: String,
    /// The offending line written so it reads, when there is one (single quotes).
    pub fix: Option<String>,
    /// How to fix it otherwise.
    pub help: Option<String>,
}

impl UnreadMustHaves {
    /// `path:line:column`, as far as known.
    fn place(&self, path: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path.to_string(),
        }
    }

    fn remedy(&self) -> String {
        match (&self.fix, &self.help) {
            (Some(fix), _) => format!(
                "write `{}` (single quotes keep backslashes as written)",
                fix.trim()
            ),
            (None, Some(help)) => help.clone(),
            (None, None) => "make the frontmatter valid YAML".into(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArtifactSpec {
    pub path: String,
    pub provides: Option<String>,
    pub min_lines: Option<u64>,
    pub contains: Vec<String>,
    pub exports: Vec<String>,
}

impl ArtifactSpec {
    pub fn path(path: impl Into<String>) -> ArtifactSpec {
        ArtifactSpec {
            path: path.into(),
            ..ArtifactSpec::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSpec {
    pub from: String,
    pub to: String,
    pub via: Option<String>,
    pub pattern: Option<String>,
    /// An older plan's `required_wiring` string (`"refresh endpoint -> token storage"`): `from`
    /// and `to` are descriptions, resolved to files where the plan and SUMMARY allow.
    pub described: bool,
}

impl LinkSpec {
    /// Parses `"a -> b"` (also `→`, `=>`) from an older plan's `required_wiring`.
    pub fn described(text: &str) -> Option<LinkSpec> {
        let (from, to) = ["->", "→", "=>"]
            .iter()
            .find_map(|sep| text.split_once(sep))?;
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() || to.is_empty() {
            return None;
        }
        Some(LinkSpec {
            from: from.into(),
            to: to.into(),
            described: true,
            ..LinkSpec::default()
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct SummaryInput {
    pub path: String,
    /// Commit hashes the SUMMARY cites, each with whether it resolved to a commit.
    pub commits: Vec<CitedCommit>,
    /// `key-files` entries: path and what the SUMMARY says it is.
    pub key_files: Vec<KeyFile>,
    /// `Some(false)` for `## Self-Check: FAILED`, `None` when there is no self-check.
    pub self_check: Option<bool>,
    /// Lines such as `Pending human verification: Cookie flags in production`.
    pub pending_human: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedCommit {
    pub hash: String,
    pub found: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    pub path: String,
    pub description: Option<String>,
}

/// A repository file as the edge could read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileText {
    Missing,
    Text(String),
    /// Exists but was not read (binary, too large, outside the repository): why.
    Unreadable(String),
}

/// Everything one verification decides from.
pub struct Inputs<'a> {
    /// The phase folder's name, `02-auth`.
    pub phase: &'a str,
    /// The phase's name and goal from ROADMAP.md, when it has them.
    pub title: Option<&'a str>,
    pub goal: Option<&'a str>,
    /// When, as RFC 3339 UTC.
    pub verified: &'a str,
    pub plans: &'a [PlanInput],
    /// The files the checks look into (artifacts, link ends, key files), by repo-relative path.
    pub files: &'a BTreeMap<String, FileText>,
    /// Who refers to each artifact, from [`Referrers`] run over the work tree.
    pub referrers: &'a Referrers,
    /// The findings the phase is judged by, as [`as_it_stands`] gives them: the range check's
    /// findings about commits and plans, and the anti-patterns of the work tree.
    pub findings: &'a [Finding],
    /// Test files changed by the phase, `(path, text)`, for mapping truths to tests.
    pub tests: &'a [(String, String)],
}

// ---------------------------------------------------------------------------------------------
// The model

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    GapsFound,
    HumanNeeded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::GapsFound => "gaps_found",
            Status::HumanNeeded => "human_needed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    pub verified: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TruthStatus {
    Verified,
    Failed,
    Uncertain,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TruthRow {
    pub truth: String,
    pub plan: String,
    pub status: TruthStatus,
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ArtifactStatus {
    Verified,
    Stub,
    Orphaned,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArtifactRow {
    pub path: String,
    pub plan: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provides: Option<String>,
    pub exists: bool,
    pub substantive: bool,
    pub wired: bool,
    pub status: ArtifactStatus,
    /// What was checked and found, one clause each (`84 lines`, `exports POST`).
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LinkStatus {
    Wired,
    NotWired,
    /// Could not be checked mechanically (an unresolved description, a broken pattern).
    Unchecked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRow {
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    pub plan: String,
    pub status: LinkStatus,
    pub evidence: String,
    /// `from` and `to` are descriptions from an older plan's `required_wiring`, not paths.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub described: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum FileStatus {
    #[serde(rename = "declared and touched")]
    Kept,
    /// A finished plan (it has a SUMMARY) did not touch a file it declared.
    #[serde(rename = "declared, not touched")]
    Untouched,
    #[serde(rename = "touched, not declared")]
    Undeclared,
    /// Declared by a plan no commit names yet.
    #[serde(rename = "plan not started")]
    NotStarted,
    /// Declared by a plan that has commits but no SUMMARY: it may still touch the file.
    #[serde(rename = "not touched yet")]
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRow {
    pub plan: String,
    pub path: String,
    pub status: FileStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AntiPatternRow {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub pattern: String,
    pub rule: String,
    pub severity: Severity,
    pub impact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    pub plan: String,
    /// `commit 12c6487`, `key-file src/x.ts`, `Self-Check`, `SUMMARY`.
    pub claim: String,
    pub holds: bool,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HumanCheck {
    pub check: String,
    pub plan: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GapStatus {
    Failed,
    Partial,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapArtifact {
    pub path: String,
    pub issue: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub truth: String,
    pub status: GapStatus,
    pub reason: String,
    pub artifacts: Vec<GapArtifact>,
    pub missing: Vec<String>,
}

/// One phase's (or one plan's) verification: what the VERIFICATION report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    pub plans: Vec<String>,
    /// Plans whose must_haves could not be read; each counts as one unverified must-have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<String>,
    pub verified: String,
    pub status: Status,
    pub score: Score,
    pub truths: Vec<TruthRow>,
    pub artifacts: Vec<ArtifactRow>,
    pub key_links: Vec<LinkRow>,
    pub files: Vec<FileRow>,
    pub anti_patterns: Vec<AntiPatternRow>,
    pub claims: Vec<ClaimRow>,
    pub human: Vec<HumanCheck>,
    pub gaps: Vec<Gap>,
}

// ---------------------------------------------------------------------------------------------
// References between files

/// Finds, in a stream of files, the first file that refers to each target path: an import, a
/// module path, a file name. The edge feeds it the work tree; the decision of what counts as a
/// reference lives here.
#[derive(Debug)]
pub struct Referrers {
    targets: Vec<String>,
    set: Option<RegexSet>,
    each: Vec<Option<Regex>>,
    first: Vec<Option<(String, u32)>>,
}

impl Referrers {
    pub fn new(targets: &[String]) -> Referrers {
        let each: Vec<Option<Regex>> = targets.iter().map(|t| reference_regex(t)).collect();
        let sources: Vec<String> = each
            .iter()
            .map(|r| {
                r.as_ref()
                    .map_or_else(|| "[^\\s\\S]".into(), |r| r.as_str().into())
            })
            .collect();
        let set = RegexSetBuilder::new(&sources)
            .size_limit(1 << 24)
            .build()
            .ok();
        Referrers {
            first: vec![None; targets.len()],
            targets: targets.to_vec(),
            set,
            each,
        }
    }

    /// Whether a file can count as a referrer at all: planning documents, Markdown and plain
    /// text mention paths without wiring anything.
    pub fn considers(path: &str, planning_dir: &str) -> bool {
        let lower = path.to_ascii_lowercase();
        let in_planning = path
            .strip_prefix(planning_dir)
            .is_some_and(|rest| rest.starts_with('/'));
        !(in_planning
            || [".md", ".markdown", ".txt", ".rst", ".adoc"]
                .iter()
                .any(|ext| lower.ends_with(ext)))
    }

    /// The references one file makes: `(target index, line)`, never to itself. Pure, so
    /// files can be searched on several threads and [`Referrers::record`]ed after.
    pub fn find(&self, path: &str, text: &str) -> Vec<(usize, u32)> {
        let Some(set) = &self.set else {
            return Vec::new();
        };
        set.matches(text)
            .iter()
            .filter(|&i| self.targets[i] != path)
            .filter_map(|i| Some((i, first_line(self.each[i].as_ref()?, text)?)))
            .collect()
    }

    /// Keeps, for each target, the referrer whose path sorts first, so the answer does not
    /// depend on the order files were searched in.
    pub fn record(&mut self, path: &str, found: Vec<(usize, u32)>) {
        for (i, line) in found {
            let slot = &mut self.first[i];
            if slot.as_ref().is_none_or(|(p, _)| path < p.as_str()) {
                *slot = Some((path.to_string(), line));
            }
        }
    }

    /// Looks for references in one file.
    pub fn scan(&mut self, path: &str, text: &str) {
        let found = self.find(path, text);
        self.record(path, found);
    }

    /// The first file (and line) found referring to `target`.
    pub fn of(&self, target: &str) -> Option<&(String, u32)> {
        let i = self.targets.iter().position(|t| t == target)?;
        self.first[i].as_ref()
    }
}

/// A regex matching the ways code refers to the file at `target`: its file name, its module
/// path (`schema/refreshTokens`, `services.auth`, `auth::refresh`), a quoted import ending in
/// it (`'./refresh'`, `'../refresh.js'`), Python's `from .auth import`, Rust's `mod refresh;`.
/// Index files (`index.ts`, `mod.rs`, `__init__.py`) are referred to by their folder.
pub fn reference_regex(target: &str) -> Option<Regex> {
    let parts: Vec<&str> = target.split('/').filter(|p| !p.is_empty()).collect();
    let file = *parts.last()?;
    let stem = file.split('.').next().filter(|s| !s.is_empty())?;
    let (stem, parent) = if ["index", "mod", "__init__", "main", "lib"].contains(&stem) {
        let folder = parts.len().checked_sub(2).map(|i| parts[i])?;
        (folder, parts.len().checked_sub(3).map(|i| parts[i]))
    } else {
        (stem, parts.len().checked_sub(2).map(|i| parts[i]))
    };
    let s = regex::escape(stem);
    let b = "(?-u:\\b)";
    let mut alts = vec![
        format!("{b}{}{b}", regex::escape(file)),
        format!("/{s}(?:\\.[A-Za-z0-9]+)?[\"'`]"),
        format!("{b}from\\s+\\.+{s}{b}"),
        format!("{b}mod\\s+{s}\\s*;"),
    ];
    if let Some(p) = parent {
        alts.push(format!("{b}{}(?:/|\\.|::){s}{b}", regex::escape(p)));
    }
    RegexBuilder::new(&alts.join("|"))
        .unicode(false)
        .size_limit(1 << 20)
        .build()
        .ok()
}

/// 1-based line of the first match.
fn first_line(re: &Regex, text: &str) -> Option<u32> {
    let m = re.find(text)?;
    Some(line_of(text, m.start()))
}

fn line_of(text: &str, offset: usize) -> u32 {
    (memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count() + 1) as u32
}

/// The trimmed line around `offset`, cut to a readable length.
fn line_text(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    clip(text[start..end].trim(), 80)
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

// ---------------------------------------------------------------------------------------------
// Deciding

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
        human: Vec::new(),
        gaps: Vec::new(),
    };
    let mut findings = Vec::new();
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
                    check: t.truth.clone(),
                    plan: plan.id.clone(),
                    reason: "observable behaviour: needs a person or a test run".into(),
                });
            }
        }
        for l in &links {
            if l.status == LinkStatus::Unchecked {
                v.human.push(HumanCheck {
                    check: format!("{} reaches {}", l.from, l.to),
                    plan: plan.id.clone(),
                    reason: l.evidence.clone(),
                });
            }
        }
        v.gaps.extend(plan_gaps(plan, &truths, &artifacts, &links));
        let claims = check_summary(plan, inputs, &mut findings);
        v.gaps.extend(claim_gaps(plan, &claims));
        if let Some(s) = &plan.summary {
            for item in &s.pending_human {
                v.human.push(HumanCheck {
                    check: item.clone(),
                    plan: plan.id.clone(),
                    reason: format!("the SUMMARY leaves it to a person ({})", file_name(&s.path)),
                });
            }
        }
        v.files.extend(files_rows(plan));
        v.truths.extend(truths);
        v.artifacts.extend(artifacts);
        v.key_links.extend(links);
        v.claims.extend(claims);
    }
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

/// The gap (and finding) for a plan whose must_haves could not be read: where, what, the fix.
fn unread_gap(plan: &PlanInput, why: &UnreadMustHaves, findings: &mut Vec<Finding>) -> Gap {
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
fn no_must_haves(plan: &PlanInput, findings: &mut Vec<Finding>) -> HumanCheck {
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
        check: format!("what plan {} must deliver", plan.id),
        plan: plan.id.clone(),
        reason: "it declares no must_haves (truths, artifacts, key_links); GSD's verifier derives \
                 them from the phase goal"
            .into(),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn text_of<'a>(inputs: &'a Inputs<'_>, path: &str) -> Option<&'a str> {
    match inputs.files.get(path) {
        Some(FileText::Text(t)) => Some(t),
        _ => None,
    }
}

fn exists(inputs: &Inputs<'_>, path: &str) -> bool {
    matches!(
        inputs.files.get(path),
        Some(FileText::Text(_) | FileText::Unreadable(_))
    )
}

/// Scan rules that mean "this is not an implementation", as opposed to unfinished polish.
fn is_stub_rule(rule: &str) -> bool {
    let name = rule.strip_prefix("scan/").unwrap_or("");
    ["stub", "placeholder", "empty-impl", "not-implemented"]
        .iter()
        .any(|k| name.contains(k))
}

fn check_artifact(
    plan: &PlanInput,
    spec: &ArtifactSpec,
    links: &[LinkRow],
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> ArtifactRow {
    // An older plan lists bare paths; its SUMMARY's key-files say what each one is.
    let provides = spec.provides.clone().or_else(|| {
        plan.summary.as_ref().and_then(|s| {
            s.key_files
                .iter()
                .find(|k| k.path == spec.path)
                .and_then(|k| k.description.clone())
        })
    });
    let mut row = ArtifactRow {
        path: spec.path.clone(),
        plan: plan.id.clone(),
        provides,
        exists: exists(inputs, &spec.path),
        substantive: false,
        wired: false,
        status: ArtifactStatus::Missing,
        details: Vec::new(),
    };
    let at = Location::path(&spec.path).with_plan(&plan.id);
    if !row.exists {
        row.details.push("file does not exist".into());
        findings.push(
            Finding::new(
                &ARTIFACT_MISSING,
                format!("{} ({}) does not exist", spec.path, plan.id),
            )
            .at(at)
            .help("create it, or correct the path in the plan's must_haves"),
        );
        return row;
    }
    let mut problems = Vec::new();
    match inputs.files.get(&spec.path) {
        Some(FileText::Text(text)) => {
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
            row.details
                .push(format!("{lines} line{}", if lines == 1 { "" } else { "s" }));
            match spec.min_lines {
                Some(min) if lines < min => {
                    problems.push(format!("{lines} lines < min_lines {min}"))
                }
                None if lines == 0 => problems.push("empty".into()),
                _ => {}
            }
            for c in &spec.contains {
                if text.contains(c.as_str()) {
                    row.details.push(format!("contains \"{c}\""));
                } else {
                    problems.push(format!("does not contain \"{c}\""));
                }
            }
            let (found, lacking): (Vec<&String>, Vec<&String>) =
                spec.exports.iter().partition(|e| text.contains(e.as_str()));
            if !found.is_empty() {
                row.details.push(format!(
                    "exports {}",
                    found
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            for e in lacking {
                problems.push(format!("does not export \"{e}\""));
            }
        }
        Some(FileText::Unreadable(why)) => row.details.push(format!("not read: {why}")),
        _ => {}
    }
    // The file as it is now decides: a stub a past commit added and a later one removed is
    // history (a finding with a commit), not a reason to call the artifact a stub.
    for f in inputs
        .findings
        .iter()
        .filter(|f| f.location.commit.is_none())
    {
        if is_stub_rule(f.rule) && f.location.path.as_deref() == Some(spec.path.as_str()) {
            let line = f
                .location
                .line
                .map_or(String::new(), |l| format!(" at line {l}"));
            problems.push(format!("{}{line}", f.message));
        }
    }
    row.substantive = problems.is_empty();
    if !row.substantive {
        row.status = ArtifactStatus::Stub;
        row.details.extend(problems.iter().cloned());
        findings.push(
            Finding::new(
                &ARTIFACT_STUB,
                format!("{} is not substantive: {}", spec.path, problems.join("; ")),
            )
            .at(at),
        );
        return row;
    }
    let by_link = links
        .iter()
        .find(|l| l.status == LinkStatus::Wired && (l.from == spec.path || l.to == spec.path));
    if let Some((by, line)) = inputs.referrers.of(&spec.path) {
        row.wired = true;
        row.details.push(format!("referred to by {by}:{line}"));
    } else if let Some(l) = by_link {
        row.wired = true;
        row.details.push(format!("key link {} → {}", l.from, l.to));
    }
    if row.wired {
        row.status = ArtifactStatus::Verified;
    } else {
        row.status = ArtifactStatus::Orphaned;
        row.details.push("no other file refers to it".into());
        findings.push(
            Finding::new(
                &ARTIFACT_ORPHANED,
                format!("{} is not referred to by any other file", spec.path),
            )
            .at(at)
            .help("import it where it is used, or give the plan a key_link with a pattern"),
        );
    }
    row
}

fn check_link(
    plan: &PlanInput,
    spec: &LinkSpec,
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> LinkRow {
    let mut row = LinkRow {
        from: spec.from.clone(),
        to: spec.to.clone(),
        via: spec.via.clone(),
        pattern: spec.pattern.clone(),
        plan: plan.id.clone(),
        status: LinkStatus::NotWired,
        evidence: String::new(),
        described: spec.described,
    };
    let (from, to) = if spec.described {
        let from = resolve(plan, &spec.from, inputs);
        let to = resolve(plan, &spec.to, inputs);
        match (from, to) {
            (Some(f), Some(t)) => {
                row.evidence = format!("{} = {f}, {} = {t}; ", spec.from, spec.to);
                (f, t)
            }
            (f, t) => {
                let unknown: Vec<&str> = [(f, &spec.from), (t, &spec.to)]
                    .into_iter()
                    .filter(|(r, _)| r.is_none())
                    .map(|(_, d)| d.as_str())
                    .collect();
                row.status = LinkStatus::Unchecked;
                row.evidence = format!(
                    "no file of the plan or its SUMMARY matches {}",
                    unknown
                        .iter()
                        .map(|d| format!("\"{d}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                return row;
            }
        }
    } else {
        (spec.from.clone(), spec.to.clone())
    };
    let at = Location::path(&from).with_plan(&plan.id);
    for end in [&from, &to] {
        if !exists(inputs, end) {
            row.evidence.push_str(&format!("{end} does not exist"));
            findings.push(
                Finding::new(
                    &LINK_NOT_WIRED,
                    format!("key link {} → {}: {end} does not exist", spec.from, spec.to),
                )
                .at(at.clone()),
            );
            return row;
        }
    }
    let (from_text, to_text) = (text_of(inputs, &from), text_of(inputs, &to));
    if let Some(pattern) = &spec.pattern {
        let re = match RegexBuilder::new(pattern).size_limit(1 << 20).build() {
            Ok(re) => re,
            Err(e) => {
                row.status = LinkStatus::Unchecked;
                row.evidence = format!(
                    "pattern does not compile: {}",
                    first_line_of(&e.to_string())
                );
                findings.push(
                    Finding::new(&PATTERN_INVALID, format!("key_link pattern `{pattern}` is not a valid regex"))
                        .at(Location::path(&plan.path).with_plan(&plan.id))
                        .help("write it in single quotes in YAML; `regex` has no look-around or back-references"),
                );
                return row;
            }
        };
        for (path, text) in [(&from, from_text), (&to, to_text)] {
            if let Some(m) = text.and_then(|t| re.find(t).map(|m| (t, m.start()))) {
                row.status = LinkStatus::Wired;
                row.evidence.push_str(&format!(
                    "{}:{}: {}",
                    file_name(path),
                    line_of(m.0, m.1),
                    line_text(m.0, m.1)
                ));
                return row;
            }
        }
        row.evidence.push_str(&format!(
            "pattern \"{pattern}\" found in neither {} nor {}",
            file_name(&from),
            file_name(&to)
        ));
    } else {
        let found = reference_regex(&to)
            .zip(from_text)
            .and_then(|(re, t)| re.find(t).map(|m| (t, m.start())));
        if let Some((t, at)) = found {
            row.status = LinkStatus::Wired;
            row.evidence.push_str(&format!(
                "{}:{}: {}",
                file_name(&from),
                line_of(t, at),
                line_text(t, at)
            ));
            return row;
        }
        row.evidence.push_str(&format!(
            "{} does not mention {}",
            file_name(&from),
            file_name(&to)
        ));
    }
    findings.push(
        Finding::new(
            &LINK_NOT_WIRED,
            format!(
                "key link {} → {} is not wired: {}",
                spec.from, spec.to, row.evidence
            ),
        )
        .at(at),
    );
    row
}

fn first_line_of(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

/// Words of a description or file name: lower case, camelCase and punctuation split, plural
/// `s` dropped (`refreshTokens` and "token storage" share `token`).
fn words(s: &str) -> BTreeSet<String> {
    raw_words(s)
        .into_iter()
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w,
        })
        .collect()
}

fn raw_words(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.insert(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_numeric();
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                out.insert(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.insert(cur);
    }
    out
}

/// Resolves a wiring description (`"token storage"`) to one file: a path as written; a file
/// whose SUMMARY key-file description or artifact `provides` says the same; else the only
/// file whose name is made of the description's words (`refresh.ts` for "refresh endpoint").
/// The plan's own files are tried first, then the whole phase's (a link may reach into a file
/// an earlier plan made). Anything less certain stays unresolved, for a person.
fn resolve(plan: &PlanInput, desc: &str, inputs: &Inputs<'_>) -> Option<String> {
    if let Some(p) = crate::fs::normalize_repo_path(desc) {
        if exists(inputs, &p) {
            return Some(p);
        }
    }
    let others: Vec<&PlanInput> = inputs.plans.iter().filter(|p| p.id != plan.id).collect();
    let scopes: [Vec<&PlanInput>; 2] = [vec![plan], others];
    for scope in &scopes {
        if let Some(p) = by_description(scope, desc) {
            return Some(p);
        }
    }
    scopes.iter().find_map(|scope| by_file_name(scope, desc))
}

/// Paths with what the plans and SUMMARYs say they are.
fn descriptions<'p>(plans: &[&'p PlanInput]) -> Vec<(&'p str, &'p str)> {
    let mut out = Vec::new();
    for plan in plans {
        out.extend(
            plan.artifacts
                .iter()
                .filter_map(|a| a.provides.as_deref().map(|d| (a.path.as_str(), d))),
        );
        if let Some(s) = &plan.summary {
            out.extend(
                s.key_files
                    .iter()
                    .filter_map(|k| k.description.as_deref().map(|d| (k.path.as_str(), d))),
            );
        }
    }
    out
}

fn by_description(plans: &[&PlanInput], desc: &str) -> Option<String> {
    let norm = |s: &str| words(s).into_iter().collect::<Vec<_>>().join(" ");
    let wanted = norm(desc);
    let same: BTreeSet<&str> = descriptions(plans)
        .into_iter()
        .filter(|(_, d)| norm(d) == wanted)
        .map(|(p, _)| p)
        .collect();
    match same.len() {
        1 => same.into_iter().next().map(str::to_string),
        _ => None,
    }
}

fn by_file_name(plans: &[&PlanInput], desc: &str) -> Option<String> {
    let want = words(desc);
    let mut candidates: BTreeSet<&str> = BTreeSet::new();
    for plan in plans {
        candidates.extend(plan.files_modified.iter().map(String::as_str));
        candidates.extend(plan.artifacts.iter().map(|a| a.path.as_str()));
        candidates.extend(plan.touched.iter().map(String::as_str));
        if let Some(s) = &plan.summary {
            candidates.extend(s.key_files.iter().map(|k| k.path.as_str()));
        }
    }
    let mut best: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|p| !p.contains(['*', '?', '[']))
        .filter_map(|p| {
            let stem = file_name(p).split('.').next().unwrap_or("");
            let w = words(stem);
            (!w.is_empty() && w.iter().all(|x| want.contains(x))).then_some((w.len(), p))
        })
        .collect();
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    match best.as_slice() {
        [(n, p), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(p.to_string()),
        _ => None,
    }
}

/// A truth is verified when a test changed by the phase names it, failed when the plan's
/// artifacts or links have gaps, and otherwise left to a person.
fn check_truths(
    plan: &PlanInput,
    artifacts: &[ArtifactRow],
    links: &[LinkRow],
    tests: &[(String, String)],
) -> Vec<TruthRow> {
    let broken: Vec<String> = artifacts
        .iter()
        .filter(|a| a.status != ArtifactStatus::Verified)
        .map(|a| format!("{} {}", a.path, status_word(a.status)))
        .chain(
            links
                .iter()
                .filter(|l| l.status == LinkStatus::NotWired)
                .map(|l| format!("{} → {} NOT WIRED", l.from, l.to)),
        )
        .collect();
    plan.truths
        .iter()
        .map(|truth| {
            let (status, evidence) = if !broken.is_empty() {
                (TruthStatus::Failed, format!("depends on {}", broken.join(", ")))
            } else if let Some((path, line)) = test_naming(truth, tests) {
                (TruthStatus::Verified, format!("test at {path}:{line} names it"))
            } else if artifacts.is_empty() && links.is_empty() {
                (TruthStatus::Uncertain, "no artifact or link backs it; needs a person or a test run".into())
            } else {
                (
                    TruthStatus::Uncertain,
                    format!(
                        "{} artifact{} and {} link{} check out; behaviour needs a person or a test run",
                        artifacts.len(),
                        if artifacts.len() == 1 { "" } else { "s" },
                        links.len(),
                        if links.len() == 1 { "" } else { "s" }
                    ),
                )
            };
            TruthRow {
                truth: truth.clone(),
                plan: plan.id.clone(),
                status,
                evidence,
            }
        })
        .collect()
}

pub fn status_word(s: ArtifactStatus) -> &'static str {
    match s {
        ArtifactStatus::Verified => "VERIFIED",
        ArtifactStatus::Stub => "STUB",
        ArtifactStatus::Orphaned => "ORPHANED",
        ArtifactStatus::Missing => "MISSING",
    }
}

/// The first test line that spells out the truth (case, punctuation and spacing ignored).
fn test_naming(truth: &str, tests: &[(String, String)]) -> Option<(String, u32)> {
    let flat = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let want = flat(truth);
    if want.split(' ').count() < 2 {
        return None;
    }
    tests.iter().find_map(|(path, text)| {
        text.lines()
            .position(|l| flat(l).contains(&want))
            .map(|i| (path.clone(), i as u32 + 1))
    })
}

fn plan_gaps(
    plan: &PlanInput,
    truths: &[TruthRow],
    artifacts: &[ArtifactRow],
    links: &[LinkRow],
) -> Vec<Gap> {
    let bad_artifacts: Vec<GapArtifact> = artifacts
        .iter()
        .filter(|a| a.status != ArtifactStatus::Verified)
        .map(|a| GapArtifact {
            path: a.path.clone(),
            issue: match a.status {
                ArtifactStatus::Missing => "missing".into(),
                ArtifactStatus::Orphaned => "orphaned: no other file refers to it".into(),
                _ => format!("stub: {}", a.details[1..].join("; ")),
            },
        })
        .collect();
    let bad_links: Vec<&LinkRow> = links
        .iter()
        .filter(|l| l.status == LinkStatus::NotWired)
        .collect();
    if bad_artifacts.is_empty() && bad_links.is_empty() {
        return Vec::new();
    }
    let failed = artifacts
        .iter()
        .any(|a| a.status == ArtifactStatus::Missing)
        || !bad_links.is_empty();
    let mut missing: Vec<String> = artifacts
        .iter()
        .filter(|a| a.status == ArtifactStatus::Missing)
        .map(|a| match &a.provides {
            Some(p) => format!("{} ({p})", a.path),
            None => a.path.clone(),
        })
        .collect();
    missing.extend(
        bad_links
            .iter()
            .map(|l| format!("wiring {} → {}", l.from, l.to)),
    );
    let mut reasons: Vec<String> = bad_artifacts
        .iter()
        .map(|a| format!("{} is {}", a.path, a.issue.split(':').next().unwrap_or("")))
        .collect();
    reasons.extend(
        bad_links
            .iter()
            .map(|l| format!("{} → {} is not wired", l.from, l.to)),
    );
    let reason = reasons.join("; ");
    let status = if failed {
        GapStatus::Failed
    } else {
        GapStatus::Partial
    };
    let failed_truths: Vec<&TruthRow> = truths
        .iter()
        .filter(|t| t.status == TruthStatus::Failed)
        .collect();
    if failed_truths.is_empty() {
        return vec![Gap {
            truth: format!("must_haves of plan {}", plan.id),
            status,
            reason,
            artifacts: bad_artifacts,
            missing,
        }];
    }
    failed_truths
        .into_iter()
        .map(|t| Gap {
            truth: t.truth.clone(),
            status,
            reason: reason.clone(),
            artifacts: bad_artifacts.clone(),
            missing: missing.clone(),
        })
        .collect()
}

fn check_summary(
    plan: &PlanInput,
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> Vec<ClaimRow> {
    let claim = |claim: String, holds: bool, evidence: String| ClaimRow {
        plan: plan.id.clone(),
        claim,
        holds,
        evidence,
    };
    let Some(s) = &plan.summary else {
        findings.push(
            Finding::new(
                &SUMMARY_MISSING,
                format!("plan {} has no SUMMARY: it is unfinished", plan.id),
            )
            .at(Location::path(&plan.path).with_plan(&plan.id))
            .help("GSD writes NN-MM-SUMMARY.md when a plan's execution ends"),
        );
        return vec![claim(
            "SUMMARY".into(),
            false,
            format!(
                "no SUMMARY: plan unfinished ({} commit{})",
                plan.commits,
                if plan.commits == 1 { "" } else { "s" }
            ),
        )];
    };
    let at = Location::path(&s.path).with_plan(&plan.id);
    let mut rows = Vec::new();
    for c in &s.commits {
        if c.found {
            rows.push(claim(
                format!("commit {}", c.hash),
                true,
                "found in the repository".into(),
            ));
        } else {
            rows.push(claim(
                format!("commit {}", c.hash),
                false,
                "no such commit".into(),
            ));
            findings.push(
                Finding::new(
                    &SUMMARY_COMMIT_MISSING,
                    format!(
                        "{} cites commit {} which is not in the repository",
                        file_name(&s.path),
                        c.hash
                    ),
                )
                .at(at.clone()),
            );
        }
    }
    for k in &s.key_files {
        if exists(inputs, &k.path) {
            rows.push(claim(format!("key-file {}", k.path), true, "exists".into()));
        } else {
            rows.push(claim(
                format!("key-file {}", k.path),
                false,
                "does not exist".into(),
            ));
            findings.push(
                Finding::new(
                    &SUMMARY_KEY_FILE_MISSING,
                    format!(
                        "{} lists key file {} which does not exist",
                        file_name(&s.path),
                        k.path
                    ),
                )
                .at(at.clone()),
            );
        }
    }
    match s.self_check {
        Some(true) => rows.push(claim("Self-Check".into(), true, "PASSED".into())),
        Some(false) => {
            rows.push(claim("Self-Check".into(), false, "FAILED".into()));
            findings.push(
                Finding::new(
                    &crate::planning::rules::SUMMARY_SELF_CHECK_FAILED,
                    format!("{} reports `## Self-Check: FAILED`", file_name(&s.path)),
                )
                .at(at.clone()),
            );
        }
        None => {}
    }
    rows
}

fn claim_gaps(plan: &PlanInput, claims: &[ClaimRow]) -> Vec<Gap> {
    let false_claims: Vec<&ClaimRow> = claims.iter().filter(|c| !c.holds).collect();
    if false_claims.is_empty() {
        return Vec::new();
    }
    let summary = plan.summary.as_ref();
    let unfinished = summary.is_none();
    Vec::from([Gap {
        truth: if unfinished {
            format!("plan {} is finished", plan.id)
        } else {
            format!(
                "{} is accurate",
                summary.map_or("SUMMARY", |s| file_name(&s.path))
            )
        },
        status: if unfinished {
            GapStatus::Partial
        } else {
            GapStatus::Failed
        },
        reason: false_claims
            .iter()
            .map(|c| {
                if c.claim == "SUMMARY" {
                    c.evidence.clone()
                } else {
                    format!("{}: {}", c.claim, c.evidence)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        artifacts: false_claims
            .iter()
            .filter_map(|c| c.claim.strip_prefix("key-file "))
            .map(|p| GapArtifact {
                path: p.to_string(),
                issue: "listed in key-files, does not exist".into(),
            })
            .collect(),
        missing: false_claims
            .iter()
            .map(|c| match c.claim.as_str() {
                "SUMMARY" => format!("{}-SUMMARY.md", plan.id),
                other => other.to_string(),
            })
            .collect(),
    }])
}

/// `files_modified` against the paths the plan's commits touched. As in the diff check (SPEC
/// §4), a declared file not touched is a broken promise only once the plan is finished (has a
/// SUMMARY); before that it is a plan not started, or one still under way.
fn files_rows(plan: &PlanInput) -> Vec<FileRow> {
    let row = |path: &str, status| FileRow {
        plan: plan.id.clone(),
        path: path.to_string(),
        status,
    };
    let not_touched = if plan.summary.is_some() {
        FileStatus::Untouched
    } else if plan.commits == 0 {
        FileStatus::NotStarted
    } else {
        FileStatus::Pending
    };
    let declared = FilesModified::new(&plan.files_modified);
    let mut rows = Vec::new();
    for (i, entry) in plan.files_modified.iter().enumerate() {
        let kept = plan.touched.iter().any(|t| declared.entry_covers(i, t));
        rows.push(row(
            entry,
            if kept { FileStatus::Kept } else { not_touched },
        ));
    }
    let mut extra: Vec<&String> = plan
        .touched
        .iter()
        .filter(|t| !declared.covers(t))
        .collect();
    extra.sort();
    extra.dedup();
    rows.extend(extra.into_iter().map(|t| row(t, FileStatus::Undeclared)));
    rows
}

/// The findings verification judges a phase by: the range check's findings about commits and
/// plans as they are, and for anti-patterns the work tree as it is now, not past commits.
///
/// `history` is the range check over the phase's commits; `scanned` holds, for each file of the
/// phase that could be read now, its whole-file scan (a deleted file scans to nothing). Every
/// anti-pattern in an artifact counts, whoever added it; elsewhere only those on code the
/// phase's commits added: the same rule on the same line of code (its snippet), so a fixed line
/// is gone and a moved one is reported where it is now. A file that could not be scanned now
/// keeps the range's findings: nothing says they are gone.
pub fn as_it_stands(
    history: Vec<Finding>,
    scanned: &BTreeMap<String, Vec<Finding>>,
    artifacts: &[String],
) -> Vec<Finding> {
    let is_scan = |f: &Finding| f.rule.starts_with("scan/") && f.location.path.is_some();
    let added: BTreeSet<(&str, &str, Option<&str>)> = history
        .iter()
        .filter(|f| is_scan(f))
        .filter_map(|f| Some((f.location.path.as_deref()?, f.rule, f.snippet.as_deref())))
        .collect();
    let added = &added;
    let now: Vec<Finding> = scanned
        .iter()
        .flat_map(|(path, found)| {
            let whole = artifacts.contains(path);
            found.iter().filter(move |f| {
                whole || added.contains(&(path.as_str(), f.rule, f.snippet.as_deref()))
            })
        })
        .cloned()
        .collect();
    let mut out: Vec<Finding> = history
        .into_iter()
        .filter(|f| {
            !is_scan(f)
                || f.location
                    .path
                    .as_ref()
                    .is_some_and(|p| !scanned.contains_key(p))
        })
        .collect();
    out.extend(now);
    out
}

/// Anti-pattern findings as table rows, one per file, line and rule. The pattern shown is the
/// code the finding is about (its snippet; GSD's table shows code), else its span, else the
/// rule: never a line read again from a file that may have changed since.
fn anti_patterns(findings: &[Finding]) -> Vec<AntiPatternRow> {
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for f in findings.iter().filter(|f| f.rule.starts_with("scan/")) {
        let Some(path) = f.location.path.clone() else {
            continue;
        };
        if !seen.insert((path.clone(), f.location.line, f.rule)) {
            continue;
        }
        let span_text = match (&f.source, f.location.span) {
            (Some(src), Some(span)) if src.name == path => src.text.get(span.start..span.end),
            _ => None,
        };
        let pattern = f
            .snippet
            .as_deref()
            .or(span_text)
            .map(|s| clip(s.trim(), 60))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| f.rule.to_string());
        rows.push(AntiPatternRow {
            path,
            line: f.location.line,
            pattern,
            rule: f.rule.to_string(),
            severity: f.severity,
            impact: f.message.clone(),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiring_descriptions_parse() {
        let l = LinkSpec::described("refresh endpoint -> token storage").unwrap();
        assert_eq!(
            (l.from.as_str(), l.to.as_str(), l.described),
            ("refresh endpoint", "token storage", true)
        );
        assert!(LinkSpec::described("no arrow").is_none());
        assert!(LinkSpec::described(" -> x").is_none());
    }

    #[test]
    fn references_are_imports_and_module_paths_not_any_word() {
        let re = reference_regex("src/db/schema/refreshTokens.ts").unwrap();
        assert!(re.is_match("import { refreshTokens } from '../db/schema/refreshTokens';"));
        assert!(re.is_match("import x from \"./refreshTokens.js\""));
        assert!(!re.is_match("const refreshTokens = 1;"));
        let py = reference_regex("backend/services/auth.py").unwrap();
        assert!(py.is_match("from backend.services.auth import hash_password"));
        assert!(py.is_match("from .auth import x"));
        assert!(!py.is_match("auth = None"));
        let idx = reference_regex("src/api/auth/index.ts").unwrap();
        assert!(idx.is_match("import { login } from '../api/auth'"));
        let rs = reference_regex("src/report/sarif.rs").unwrap();
        assert!(rs.is_match("pub mod sarif;"));
        assert!(rs.is_match("use crate::report::sarif::render;"));
    }

    #[test]
    fn referrers_skip_the_file_itself_and_record_the_line() {
        let targets = vec!["src/a/util.ts".to_string()];
        let mut r = Referrers::new(&targets);
        r.scan("src/a/util.ts", "import x from './util'\n");
        assert_eq!(r.of("src/a/util.ts"), None);
        r.scan("src/main.ts", "// hi\nimport { f } from './a/util';\n");
        assert_eq!(r.of("src/a/util.ts"), Some(&("src/main.ts".to_string(), 2)));
        assert!(!Referrers::considers(
            ".planning/phases/01/01-01-PLAN.md",
            ".planning"
        ));
        assert!(!Referrers::considers("README.md", ".planning"));
        assert!(Referrers::considers("src/main.ts", ".planning"));
    }

    #[test]
    fn words_split_camel_case_and_punctuation() {
        let w: Vec<String> = words("refreshTokens_v2-API").into_iter().collect();
        assert_eq!(w, ["api", "refresh", "token", "v2"]);
        assert!(words("access").contains("access"));
    }

    #[test]
    fn anti_patterns_are_judged_on_the_work_tree() {
        use crate::scan::rules::{DEBT_MARKER, DEBUG_OUTPUT, STUB_BODY, TODO_COMMENT};
        let at = |rule: &'static Rule, path: &str, line: u32, code: &str| {
            Finding::new(rule, code)
                .at(Location::at(path, line, 1))
                .snippet(code)
        };
        let past = |f: Finding| {
            let mut f = f;
            f.location.commit = Some("c1".into());
            f
        };
        let history = vec![
            past(at(
                &STUB_BODY,
                "src/a.ts",
                10,
                "throw new Error(\"not implemented\");",
            )),
            past(at(&TODO_COMMENT, "src/log.ts", 2, "// TODO: rotate")),
            past(at(&DEBUG_OUTPUT, "src/log.ts", 3, "console.log(msg);")),
            past(at(&DEBT_MARKER, "src/big.bin.ts", 7, "// FIXME")),
            Finding::new(&SUMMARY_MISSING, "no SUMMARY").at(Location::plan("02-01")),
        ];
        let scanned = BTreeMap::from([
            // The artifact is clean now; an older FIXME in it counts all the same.
            (
                "src/a.ts".to_string(),
                vec![at(&DEBT_MARKER, "src/a.ts", 1, "// FIXME")],
            ),
            // The TODO moved down two lines, the console.log is gone, an older one stays out.
            (
                "src/log.ts".to_string(),
                vec![
                    at(&TODO_COMMENT, "src/log.ts", 4, "// TODO: rotate"),
                    at(&DEBUG_OUTPUT, "src/log.ts", 9, "console.log(old);"),
                ],
            ),
        ]);
        let now = as_it_stands(history, &scanned, &["src/a.ts".to_string()]);
        let seen: Vec<(&str, Option<&str>, Option<u32>, bool)> = now
            .iter()
            .map(|f| {
                (
                    f.rule,
                    f.location.path.as_deref(),
                    f.location.line,
                    f.location.commit.is_some(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                // Not scanned now (unreadable): the range's finding stands.
                ("scan/debt-marker", Some("src/big.bin.ts"), Some(7), true),
                ("verify/summary-missing", None, None, false),
                ("scan/debt-marker", Some("src/a.ts"), Some(1), false),
                ("scan/todo-comment", Some("src/log.ts"), Some(4), false),
            ]
        );
        let rows = anti_patterns(&now);
        assert_eq!(rows[0].pattern, "// FIXME");
        assert_eq!(rows[2].pattern, "// TODO: rotate");
    }

    #[test]
    fn truths_map_to_tests_that_spell_them_out() {
        let tests = vec![(
            "t/refresh.test.ts".to_string(),
            "x\nit('Refresh token extends session', () => {\n".to_string(),
        )];
        assert_eq!(
            test_naming("Refresh token extends session", &tests),
            Some(("t/refresh.test.ts".to_string(), 2))
        );
        assert_eq!(test_naming("Old token invalidated", &tests), None);
    }
}
