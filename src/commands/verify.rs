//! `planlint verify [PHASE | PLAN] [--write [--force]]`: the verifier ([`crate::verifier`])
//! on what was asked, its report handed to the report layer or saved into the phase folder.

use std::path::Path;

use crate::cli::VerifyArgs;
use crate::error::{Error, Result};
use crate::outcome::{Document, Outcome, PhaseReport};

use super::Context;

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<Outcome> {
    let root = ctx.require_root()?;
    if args.all {
        return every_phase(ctx, root, args);
    }
    let v = crate::verifier::verify(root, &ctx.config, args.target.as_deref())?;
    let mut notes = v.notes;
    let mut written = None;
    if args.write {
        let report = crate::report::verification::render(&v.verification);
        write_report(root, &v.report_path, &report, args.force)?;
        notes.push(format!(
            "wrote {}: status {}, score {}/{}",
            v.report_path,
            v.verification.status.as_str(),
            v.verification.score.verified,
            v.verification.score.total
        ));
        written = Some(v.report_path);
    }
    Ok(Outcome {
        subject: v.subject,
        findings: v.findings,
        notes,
        document: Some(Document::Verification {
            verification: Box::new(v.verification),
            written,
        }),
    })
}

/// `verify --all`: every phase's verification in one table; with `--write`, each report saved
/// (an existing one kept unless `--force`, and said so).
fn every_phase(ctx: &Context, root: &Path, args: &VerifyArgs) -> Result<Outcome> {
    let phases = crate::verifier::verify_all(root, &ctx.config)?;
    let mut notes = phases.notes;
    let mut findings = Vec::new();
    let mut rows = Vec::with_capacity(phases.verified.len());
    let mut kept = Vec::new();
    for v in phases.verified {
        for n in v.notes {
            if !notes.contains(&n)
                && !n.starts_with("checked ")
                && !n.starts_with("no commit names")
            {
                notes.push(n);
            }
        }
        for f in v.findings {
            if !findings.contains(&f) {
                findings.push(f);
            }
        }
        let mut written = false;
        if args.write && !args.force && exists(root, &v.report_path) {
            kept.push(v.report_path.clone());
        } else if args.write {
            let report = crate::report::verification::render(&v.verification);
            write_report(root, &v.report_path, &report, args.force)?;
            written = true;
        }
        rows.push(PhaseReport {
            report_path: v.report_path,
            verification: v.verification,
            written,
        });
    }
    if !kept.is_empty() {
        notes.push(format!(
            "kept {} existing report{} ({}); --force replaces them",
            kept.len(),
            if kept.len() == 1 { "" } else { "s" },
            kept.join(", ")
        ));
    }
    Ok(Outcome {
        subject: format!("{} phases", rows.len()),
        findings,
        notes,
        document: Some(Document::Phases(rows)),
    })
}

fn exists(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok()
}

fn write_report(root: &Path, rel: &str, report: &str, force: bool) -> Result<()> {
    use crate::fs::Refused;
    match crate::fs::write_inside(root, rel, report.as_bytes(), force) {
        Ok(written) => written,
        Err(Refused::Outside) => Err(Error::usage(format!(
            "{rel} is not a path inside the repository"
        ))),
        Err(Refused::Link(link)) => Err(Error::usage_help(
            format!("{link} is a symbolic link: planlint does not write through it"),
            "replace the link with a real file or folder, or leave out --write to print the report",
        )),
        Err(Refused::Exists) => Err(Error::usage_help(
            format!("{rel} exists"),
            "pass --force to replace it, or leave out --write to print the report",
        )),
    }
}
