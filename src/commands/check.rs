//! `planlint check [RANGE]`: a range by hand. Reads the range arguments and hands them to the
//! range engine ([`crate::range`]), as `pre-push`, `ci` and `verify` do with their own.

use crate::cli::{CheckArgs, CheckToggles, RangeArgs};
use crate::error::Result;
use crate::git::range::{parse_range, Revisions};
use crate::git::RangeSpec;
use crate::outcome::Outcome;
use crate::range;

use super::Context;

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    let spec = range_spec(&args.range)?;
    check_range(ctx, &spec, &args.toggles, Where::Check, None)
}

/// From the command line's range arguments: `A..B`, `--from/--to`, `--all`, or nothing.
fn range_spec(args: &RangeArgs) -> Result<RangeSpec> {
    let revisions = if args.all {
        match &args.to {
            Some(to) => Revisions::Between {
                from: None,
                to: to.clone(),
            },
            None => Revisions::All,
        }
    } else if let Some(range) = &args.range {
        parse_range(range)?
    } else if args.from.is_some() || args.to.is_some() {
        Revisions::Between {
            from: args.from.clone(),
            to: args.to.clone().unwrap_or_else(|| "HEAD".into()),
        }
    } else {
        Revisions::Default
    };
    Ok(RangeSpec {
        revisions,
        first_parent: args.first_parent,
    })
}

/// Which range door runs. Beside the work tree (`check`, `pre-push`) a plan found only there
/// is found, with a warning that CI will not see it; in CI the commits are all there is. Work
/// being shared (`pre-push`, `ci`) may not hold `fixup!` commits; history read by hand may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Where {
    Check,
    Push,
    Ci,
}

/// What every range door does once it knows its range: the engine with the toggles given,
/// a progress counter on the terminal, and the result as an outcome (`subject` overrides
/// what the report calls the range).
pub(super) fn check_range(
    ctx: &Context,
    spec: &RangeSpec,
    toggles: &CheckToggles,
    at: Where,
    subject: Option<String>,
) -> Result<Outcome> {
    let root = ctx.require_root()?;
    // A report that can be written as it goes gets the walk's findings as they are made.
    let mut stream = crate::report::stream::Stream::start(&ctx.report);
    let options = range::Options {
        messages_only: toggles.messages_only,
        no_scan: toggles.no_scan,
        whole_files: toggles.whole_files,
        keep_facts: false,
        work_tree: at != Where::Ci,
        autosquash: at != Where::Check,
        stream: stream.is_some(),
    };
    let mut counter = crate::report::progress::Counter::new(ctx.report.quiet);
    let checked = range::check(root, &ctx.config, spec, &options, &mut |p| match p {
        range::Progress::Found(f) => {
            if let (Some(s), Some(f)) = (stream.as_mut(), ctx.config.apply_severity(*f)) {
                counter.clear();
                s.push(&f);
            }
        }
        p => counter.update(p),
    })?;
    *ctx.stream.borrow_mut() = stream;
    Ok(Outcome {
        subject: subject.unwrap_or(checked.label),
        findings: checked.findings,
        notes: checked.notes,
        document: None,
    })
}
