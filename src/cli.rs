//! The command line: every subcommand and flag, and nothing else.
//!
//! Parsing lives here so that `planlint --help`, completions and the man page all come from one
//! definition. What a command does lives in `commands/`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "planlint",
    version,
    about = "Keeps plan-driven development honest: commit scopes, plans, diffs and anti-patterns.",
    long_about = None,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if started in DIR.
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// Use this config file instead of planlint.toml at the repository root.
    #[arg(long, global = true, value_name = "FILE", env = "PLANLINT_CONFIG")]
    pub config: Option<PathBuf>,

    /// The planning folder, relative to the repository root [default: .planning].
    #[arg(long, global = true, value_name = "DIR")]
    pub planning_dir: Option<String>,

    /// Output format.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = format_parser())]
    pub format: Option<Format>,

    /// Also write the report, in --format (or json), to FILE; the human report still goes to the
    /// terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when a finding is at or above this severity [default: error].
    #[arg(long, global = true, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only findings, no notes.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `--format`'s values are the report layer's own names.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::parse(&name).unwrap_or(Format::Human))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Blocker,
    /// Never exit 1 for findings.
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Blocker => Some(Severity::Blocker),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint one commit message (what the commit-msg hook runs).
    Msg(MsgArgs),
    /// Check the commits of a range: messages, files_modified against the diff, anti-patterns.
    Check(CheckArgs),
    /// Check what is being pushed (what the pre-push hook runs; reads git's lines on stdin).
    PrePush(PrePushArgs),
    /// Check the range of a CI event (GitHub, GitLab, or --base/--head).
    Ci(CiArgs),
    /// Verify a phase or plan against its must_haves and write a VERIFICATION report.
    Verify(VerifyArgs),
    /// Scan files for anti-patterns (TODO/FIXME, stubs, empty catch blocks, debug output).
    Scan(ScanArgs),
    /// Lint the plans under the planning folder.
    Plans(PlansArgs),
    /// Install planlint's git hooks into this repository.
    Install(InstallArgs),
    /// Remove planlint's git hooks and restore what was there before.
    Uninstall(InstallArgs),
    /// List every rule.
    Rules,
    /// Explain one rule.
    Explain(ExplainArgs),
    /// Print the effective configuration.
    Config(ConfigArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

impl Command {
    /// The commands that walk a range of commits, on several threads, holding what they read.
    /// Messages alone keep little; what piles up per commit is changed paths and findings.
    pub fn walks_history(&self) -> bool {
        match self {
            Command::Check(CheckArgs { toggles, .. })
            | Command::PrePush(PrePushArgs { toggles, .. })
            | Command::Ci(CiArgs { toggles, .. }) => !toggles.messages_only,
            Command::Verify(_) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Args)]
pub struct MsgArgs {
    /// The message file git passes to the commit-msg hook, or `-` for stdin.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
}

#[derive(Debug, Args, Default, Clone)]
pub struct RangeArgs {
    /// A revision range such as `main..HEAD` or `A..B`; default: commits not yet on the upstream.
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    /// Start of the range (exclusive).
    #[arg(long, value_name = "REV", conflicts_with = "range")]
    pub from: Option<String>,
    /// End of the range (inclusive) [default: HEAD].
    #[arg(long, value_name = "REV", conflicts_with = "range")]
    pub to: Option<String>,
    /// Follow only the first parent of merges.
    #[arg(long)]
    pub first_parent: bool,
    /// Check the whole history of HEAD.
    #[arg(long, conflicts_with_all = ["range", "from"])]
    pub all: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct CheckToggles {
    /// Check only commit messages.
    #[arg(long)]
    pub messages_only: bool,
    /// Do not scan added lines for anti-patterns.
    #[arg(long)]
    pub no_scan: bool,
    /// Scan whole changed files, not only added lines.
    #[arg(long)]
    pub whole_files: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub range: RangeArgs,
    #[command(flatten)]
    pub toggles: CheckToggles,
}

#[derive(Debug, Args)]
pub struct PrePushArgs {
    /// The remote's name, as git passes it.
    pub remote: String,
    /// The remote's URL, as git passes it.
    pub url: Option<String>,
    #[command(flatten)]
    pub toggles: CheckToggles,
}

#[derive(Debug, Args)]
pub struct CiArgs {
    /// Base revision (exclusive); overrides the event.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Head revision [default: HEAD]; overrides the event.
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Print the range the event resolves to (`BASE..HEAD` commit ids) and check nothing.
    #[arg(long)]
    pub print_range: bool,
    #[command(flatten)]
    pub toggles: CheckToggles,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A phase (`02`), a plan (`02-01`, `02-auth/02-01` or its path) or a quick task
    /// (`quick-260630-uq4`); default: the phase of the newest plan with commits, else
    /// STATE.md's current phase.
    pub target: Option<String>,
    /// Every phase with plans outside milestones/, one row each.
    #[arg(long, conflicts_with = "target")]
    pub all: bool,
    /// Save the report as {phase}-VERIFICATION.md in the phase folder.
    #[arg(long)]
    pub write: bool,
    /// With --write, overwrite an existing report (with --all, existing reports are kept
    /// otherwise).
    #[arg(long, requires = "write")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan [default: .].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Include files ignored by .gitignore.
    #[arg(long)]
    pub no_ignore: bool,
    /// Include hidden files and folders.
    #[arg(long)]
    pub hidden: bool,
}

#[derive(Debug, Args)]
pub struct PlansArgs {
    /// Only the plans of this phase.
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,
    /// List plans instead of linting them.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Which hook (repeatable) [default: commit-msg and pre-push].
    #[arg(long = "hook", value_enum, value_name = "HOOK")]
    pub hooks: Vec<HookKind>,
    /// Replace a hook that is there instead of chaining it.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookKind {
    CommitMsg,
    PrePush,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, such as `msg/type-case`, or a short name a `planlint-allow(...)` comment
    /// takes, such as `todo` or `placeholder`.
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the effective configuration (the default action).
    #[arg(long)]
    pub print: bool,
    /// Print the built-in defaults, ignoring any file.
    #[arg(long)]
    pub defaults: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
