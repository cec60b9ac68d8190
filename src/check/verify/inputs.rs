//! What verification decides from: plain values the verifier's legwork gathers.

use super::*;

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
    /// The requirement ids its frontmatter names.
    pub requirements: Vec<String>,
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
    pub(super) fn place(&self, path: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path.to_string(),
        }
    }

    pub(super) fn remedy(&self) -> String {
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
    /// The plan removes the file: it passes when it is gone.
    pub must_not_exist: bool,
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
    /// Why `pattern` cannot be used as written (a list), from the plan.
    pub pattern_problem: Option<String>,
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
    /// `requirements-completed`, when the SUMMARY has the field.
    pub requirements_completed: Option<Vec<String>>,
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
    /// REQUIREMENTS.md's text for each requirement id it describes.
    pub requirement_texts: &'a BTreeMap<String, String>,
    /// ROADMAP.md marks the phase complete (`- [x] **Phase 2: ...`).
    pub phase_complete: bool,
}

impl PlanInput {
    /// Work on the plan has begun: a commit names it, or it has a SUMMARY.
    pub fn started(&self) -> bool {
        self.commits > 0 || self.summary.is_some()
    }
}
