//! `planlint verify [PHASE | PLAN] [--write [--force]]`: the verifier ([`crate::verifier`])
//! on what was asked, its report handed to the report layer or saved into the phase folder.

use std::path::Path;

use crate::cli::VerifyArgs;
use crate::error::{Error, Result};
use crate::outcome::{Document, Outcome};

use super::Context;

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<Outcome> {
    let root = ctx.require_root()?;
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

fn write_report(root: &Path, rel: &str, report: &str, force: bool) -> Result<()> {
    let path = crate::fs::join_inside(root, rel)
        .ok_or_else(|| Error::usage(format!("{rel} is not a path inside the repository")))?;
    if path.exists() && !force {
        return Err(Error::usage_help(
            format!("{rel} exists"),
            "pass --force to replace it, or leave out --write to print the report",
        ));
    }
    std::fs::write(&path, report).map_err(|e| Error::write(&path, e))
}
