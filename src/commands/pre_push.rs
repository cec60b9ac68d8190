//! `planlint pre-push <remote> <url>`: what `hooks/pre-push` runs. Git writes one line per ref
//! being pushed on stdin; every pushed commit the remote does not have yet goes through the
//! same range pipeline as `planlint check`.

use std::io::{IsTerminal, Read};

use crate::cli::PrePushArgs;
use crate::error::{Error, Result};
use crate::git::push::parse_push_lines;
use crate::git::range::Revisions;
use crate::git::RangeSpec;

use super::check::{check_range, Where};
use crate::outcome::Outcome;

use super::Context;

/// Far more than any push sends (one short line per ref); a larger input is not git's.
const MAX_STDIN_BYTES: u64 = 16 << 20;

pub fn run(ctx: &Context, args: &PrePushArgs) -> Result<Outcome> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::usage_help(
            "`planlint pre-push` reads the refs being pushed from stdin, as git sends them",
            "it runs from the pre-push hook (`planlint install`); to check commits by hand, use `planlint check`",
        ));
    }
    let mut text = String::new();
    stdin
        .lock()
        .take(MAX_STDIN_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| Error::io("<stdin>", e))?;
    let updates = parse_push_lines(&text)?;
    // No line at all is not a push of deletions: say which of the two it was.
    let nothing = if updates.is_empty() {
        Some("nothing to check: git sent no refs to push")
    } else if updates.iter().all(|u| u.is_deletion()) {
        Some("nothing to check: the push only deletes refs")
    } else {
        None
    };
    if let Some(note) = nothing {
        return Ok(Outcome {
            subject: format!("push to {}", args.remote),
            notes: vec![note.into()],
            ..Outcome::default()
        });
    }
    let spec = RangeSpec::new(Revisions::Push {
        remote: args.remote.clone(),
        updates,
    });
    check_range(ctx, &spec, &args.toggles, Where::Push, None)
}
