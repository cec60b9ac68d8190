//! `planlint ci`: the range of the CI event (`crate::ci` decides it, `git::ci_range` resolves
//! it to commit ids), then the same range checks as `planlint check`.

use crate::ci::{detect, Commits, Env, Overrides};
use crate::cli::CiArgs;
use crate::error::Result;
use crate::git::ci_range::{resolve, ResolvedRange};
use crate::git::range::Revisions;
use crate::git::RangeSpec;

use super::check::{check_range, Where};
use crate::outcome::{Document, Outcome};
use crate::report::Format;

use super::Context;

/// GitHub's event payloads are small JSON documents; this bound is far above any real one.
const EVENT_LIMIT: u64 = 64 << 20;

/// The format when none is asked for: annotations on GitHub Actions, GitLab's code quality
/// report when it goes to a file on GitLab CI, else the human report.
pub fn default_format(has_output_file: bool) -> Format {
    format_for(&Env::from_process(), has_output_file)
}

fn format_for(env: &Env, has_output_file: bool) -> Format {
    if env.is_true("GITHUB_ACTIONS") {
        Format::Github
    } else if env.is_gitlab() && has_output_file {
        Format::Gitlab
    } else {
        Format::Human
    }
}

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
        if args.print_range {
            // The range is empty: nothing on stdout for a script to use.
            outcome.document = Some(Document::Text(String::new()));
        }
        return Ok(outcome);
    };
    outcome.subject = format!("range {}", resolved.label());
    outcome.notes.extend(resolved.notes.iter().cloned());
    if args.print_range {
        outcome.document = Some(Document::Text(format!("{}\n", resolved.revspec())));
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
    let mut checked = check_range(ctx, &spec, &args.toggles, Where::Ci, Some(outcome.subject))?;
    let mut notes = outcome.notes;
    notes.append(&mut checked.notes);
    checked.notes = notes;
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_format_follows_the_ci() {
        let gh: Env = [("GITHUB_ACTIONS", "true")].into_iter().collect();
        assert_eq!(format_for(&gh, false), Format::Github);
        let gl: Env = [("GITLAB_CI", "true")].into_iter().collect();
        assert_eq!(format_for(&gl, true), Format::Gitlab);
        assert_eq!(format_for(&gl, false), Format::Human);
        assert_eq!(format_for(&Env::default(), true), Format::Human);
        let empty: Env = [("GITHUB_ACTIONS", "")].into_iter().collect();
        assert_eq!(format_for(&empty, false), Format::Human);
    }
}
