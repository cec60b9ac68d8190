//! `planlint ci`: the range of the CI event (`crate::ci` decides it, `git::ci_range` resolves
//! it to commit ids), then the same range checks as `planlint check`.

use crate::ci::{detect, Commits, Env, Overrides};
use crate::cli::CiArgs;
use crate::error::{Error, Result};
use crate::git::ci_range::{resolve, ResolvedRange};
use crate::git::range::Revisions;
use crate::git::RangeSpec;

use super::check::check_range;
use super::explain::print_stdout;
use super::{Context, Outcome};

/// GitHub's event payloads are small JSON documents; this bound is far above any real one.
const EVENT_LIMIT: u64 = 64 << 20;

pub fn run(ctx: &Context, args: &CiArgs) -> Result<Outcome> {
    let root = ctx.require_root()?;
    let env = Env::from_process();
    let overrides = Overrides {
        base: args.base.clone(),
        head: args.head.clone(),
    };
    let event = match env.get("GITHUB_EVENT_PATH") {
        Some(path) if overrides.base.is_none() => Some(crate::fs::read_text(
            std::path::Path::new(path),
            EVENT_LIMIT,
        )?),
        _ => None,
    };
    let range = detect(&env, event.as_deref(), &overrides)?;
    let resolved = resolve(root, &range)?;
    let mut outcome = Outcome::default();
    let Some(resolved) = resolved else {
        let reason = match &range.commits {
            Commits::Nothing { reason } => reason.clone(),
            _ => String::new(),
        };
        outcome.subject = format!("{}: nothing to check", range.source);
        outcome.notes.push(format!("nothing to check: {reason}"));
        outcome.printed = args.print_range;
        return Ok(outcome);
    };
    outcome.subject = format!("range {}", resolved.label());
    outcome.notes.extend(resolved.notes.iter().cloned());
    if args.print_range {
        print_stdout(&format!("{}\n", resolved.revspec()));
        outcome.printed = true;
        return Ok(outcome);
    }
    check(ctx, args, &resolved, outcome)
}

/// The range pipeline of `planlint check` on the resolved ids; the event's notes come first.
fn check(ctx: &Context, args: &CiArgs, range: &ResolvedRange, outcome: Outcome) -> Result<Outcome> {
    let spec = RangeSpec::new(Revisions::Between {
        from: range.base.map(|id| id.to_string()),
        to: range.head.to_string(),
    });
    let mut checked = check_range(ctx, &spec, &args.toggles)?;
    let mut notes = outcome.notes;
    notes.append(&mut checked.notes);
    checked.notes = notes;
    checked.subject = outcome.subject;
    Ok(checked)
}

/// Step outputs for the GitHub Action (`$GITHUB_OUTPUT`, when the runner provides it): the
/// finding counts and `status` = `passed` or `failed` (exit 1).
pub fn write_github_output(outcome: &Outcome, code: u8) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let text = github_output(outcome, code);
    let path = std::path::PathBuf::from(path);
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| Error::write(&path, e))
}

fn github_output(outcome: &Outcome, code: u8) -> String {
    let c = crate::finding::Counts::of(&outcome.findings);
    let status = if code == super::EXIT_CLEAN {
        "passed"
    } else {
        "failed"
    };
    format!(
        "status={status}\nfindings={}\nblockers={}\nerrors={}\nwarnings={}\ninfos={}\n",
        outcome.findings.len(),
        c.blocker,
        c.error,
        c.warning,
        c.info
    )
}
