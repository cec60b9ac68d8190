//! The verification model every report renders: statuses, rows, gaps.

use super::*;

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
    /// `must_not_exist: true`, and the file is still there.
    NotRemoved,
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

/// One item of GSD's Human Verification Required: a named test, what to do, what should
/// happen, and why no file or command can tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HumanCheck {
    pub name: String,
    pub plan: String,
    pub test: String,
    pub expected: String,
    pub why_human: String,
}

/// A requirement a plan of the phase names, and how it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RequirementStatus {
    Satisfied,
    Blocked,
    NeedsHuman,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementRow {
    pub id: String,
    /// The plans that name it.
    pub plans: Vec<String>,
    /// Its text in REQUIREMENTS.md, when found there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: RequirementStatus,
    pub evidence: String,
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
    pub requirements: Vec<RequirementRow>,
    pub human: Vec<HumanCheck>,
    pub gaps: Vec<Gap>,
}
