//! What a door hands to the reports: the findings, the notes for the person and, where the
//! command answers with a document of its own (a verification report, the plan list, the rule
//! list), that document. Reports render all of it; no door prints anything itself.

use crate::check::verify::Verification;
use crate::finding::{Finding, Rule};
use crate::planning::PlanList;

/// The result of one command.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What a report calls this run (`commit message`, `range main..HEAD`, `phase 02`).
    pub subject: String,
    pub findings: Vec<Finding>,
    /// One-line notes for the person (`no .planning/ found`, ...).
    pub notes: Vec<String>,
    /// The command's own document, when it has one.
    pub document: Option<Document>,
}

/// A command's answer beside its findings.
#[derive(Debug)]
pub enum Document {
    /// `planlint verify`: the model of GSD's VERIFICATION.md. `written` names the file it was
    /// saved to (`--write`), in which case the terminal gets the note, not the report again.
    Verification {
        verification: Box<Verification>,
        written: Option<String>,
    },
    /// `planlint verify --all`: one verification per phase.
    Phases(Vec<PhaseReport>),
    /// `planlint plans --list`.
    Plans(PlanList),
    /// `planlint rules`.
    Rules(Vec<&'static Rule>),
    /// `planlint explain RULE`.
    Explanation(&'static Rule),
    /// Text that is the whole answer in every format: the effective config, completions, the
    /// man page, a range for `--print-range`, a hook manager's snippet.
    Text(String),
}

/// One phase's verification in `verify --all`.
#[derive(Debug)]
pub struct PhaseReport {
    /// Where its report belongs (or, with `written`, was saved), repo-relative.
    pub report_path: String,
    pub verification: Verification,
    pub written: bool,
}

impl Outcome {
    /// An outcome that is only a document.
    pub fn document(subject: impl Into<String>, document: Document) -> Outcome {
        Outcome {
            subject: subject.into(),
            document: Some(document),
            ..Outcome::default()
        }
    }
}
