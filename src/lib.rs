//! planlint keeps plan-driven development honest: GSD plans, commit scopes, diffs against
//! `files_modified`, and anti-patterns, through one engine and three doors (commit-msg hook,
//! pre-push hook, CI).
//!
//! ```text
//! main.rs      the binary: run() and exit
//! commands/    the doors, one file per subcommand: input -> options -> engine -> Outcome;
//!              settings resolved once, errors mapped to exit codes in one place
//! cli.rs       clap: every subcommand and flag (only commands/ reads it)
//! report/      every output format, rendered from an Outcome and report::Options
//! outcome.rs   what a door returns: findings, notes, the command's document
//! verifier/    GSD's verifier's legwork: target, plans, files, references, history
//! range/       the range engine: walk, diff, plan facts per commit; options in, findings out
//! rules.rs     the rule registry, gathered from the folders that own the rules
//! check/       pure checks: files_modified against the diff, relocation of scan findings,
//!              must_haves verification (check/verify/)
//! message/     commit message grammar (spans) and its rules
//! planning/    the .planning/ tree as data: layout, ids, plans, summaries, the files_modified
//!              matcher, ROADMAP
//! scan/        languages (comment/string lexing), anti-pattern rules, the scanner
//! git/         all git access, through gix: ranges, walks, diffs, blobs, hooks folder
//! ci/          which commits a CI event means, from its environment
//! config.rs    planlint.toml: discovery, defaults, validation
//! fs/          bounded reads, repo-relative paths, the one work-tree walk
//! finding.rs   Finding, Severity, Location, Rule: one type for everything a check says
//! error.rs     why planlint could not run (exit 2)
//! clock.rs, suggest.rs, alloc.rs   the time reports carry, did-you-mean, allocator settings
//! ```
//!
//! Each folder owns one noun; arrows run down this list (a door uses an engine, an engine the
//! checks and models, everything `finding` and `error`), never back up.

pub(crate) mod alloc;
pub mod check;
pub(crate) mod ci;
pub mod cli;
pub(crate) mod clock;
pub(crate) mod commands;
pub mod config;
pub mod error;
pub mod finding;
pub mod fs;
pub mod git;
pub mod message;
pub mod outcome;
pub mod planning;
pub(crate) mod range;
pub mod report;
pub mod rules;
pub mod scan;
pub(crate) mod suggest;
pub(crate) mod verifier;

/// The whole program, as the binary runs it: parses the command line, runs one command,
/// reports, and returns the exit code (0 clean, 1 findings at or above `--fail-on`, 2 could
/// not run).
pub fn run() -> u8 {
    commands::process()
}
