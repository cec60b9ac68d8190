//! One file per subcommand: each turns its arguments into inputs, runs the checks and returns an
//! [`Outcome`]. This module owns the shared [`Context`] and the single place where results and
//! errors become exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, ColorChoice, Command, Format};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};

mod check;
mod ci;
mod config;
mod explain;
mod install;
mod msg;
mod plans;
mod pre_push;
mod scan;
mod verify;

/// Exit codes: the contract with hooks and CI.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_BROKEN: u8 = 2;

/// What every command gets: where it runs, the config, how to report.
#[derive(Debug)]
pub struct Context {
    /// The directory planlint runs in (`-C` applied).
    pub cwd: PathBuf,
    /// The work tree root, when inside a git repository.
    pub root: Option<PathBuf>,
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub color: bool,
    pub quiet: bool,
}

impl Context {
    /// The root, or an error that says planlint needs a repository for this command.
    pub fn require_root(&self) -> Result<&Path> {
        self.root.as_deref().ok_or_else(|| {
            Error::git_help(
                format!("{} is not inside a git repository", self.cwd.display()),
                "run planlint from a git work tree, or pass -C <repository>",
            )
        })
    }

    /// The anti-pattern scanner as configured, told about the project's layout by the work
    /// tree (the root, or cwd outside a repository): paths it scans are relative to that.
    pub fn scanner(&self) -> Result<crate::scan::Scanner> {
        let root = self.root.as_deref().unwrap_or(&self.cwd);
        Ok(crate::scan::Scanner::new(&self.config.scan)?
            .with_layout(std::sync::Arc::new(crate::fs::WorkTreeLayout::new(root))))
    }

    /// Where `.planning/` would be: under the root, or under cwd outside a repository.
    pub fn planning_dir(&self) -> PathBuf {
        self.root
            .as_deref()
            .unwrap_or(&self.cwd)
            .join(&self.config.planning_dir)
    }
}

/// What a command found, plus one-line notes for the person (`no .planning/ found`, ...).
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    /// Set by commands that already printed their own document (plans --list, verify, config):
    /// the findings report is then not printed on stdout again.
    pub printed: bool,
    /// What a report calls this run (`commit message`, `range main..HEAD`, `phase 02`).
    pub subject: String,
    /// `planlint verify`'s model: JSON carries it, Markdown renders it as VERIFICATION.md.
    pub verification: Option<Box<crate::check::verify::Verification>>,
}

/// Runs the CLI and returns the process exit code.
pub fn main(cli: Cli) -> u8 {
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            crate::report::print_error(&err);
            EXIT_BROKEN
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    let g = &cli.global;
    let base = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let cwd = match &g.directory {
        Some(d) => base.join(d),
        None => base,
    };
    if !cwd.is_dir() {
        return Err(Error::usage(format!(
            "{} is not a directory",
            cwd.display()
        )));
    }
    // Commands that need no repository and no config answer first, so they work anywhere.
    match &cli.command {
        Command::Rules => return explain::rules(g.format),
        Command::Explain(a) => return explain::explain(&a.rule),
        Command::Completions(a) => return explain::completions(a.shell),
        Command::Man => return explain::man(),
        _ => {}
    }
    let root = crate::git::work_tree_root(&cwd);
    let loaded = Config::discover(root.as_deref(), g.config.as_deref(), &crate::rules::ids())?;
    let mut config = loaded.config;
    if let Some(dir) = &g.planning_dir {
        if crate::fs::normalize_repo_path(dir).is_none() {
            return Err(Error::usage(format!(
                "--planning-dir must be a relative path inside the repository, not `{dir}`"
            )));
        }
        config.planning_dir = dir.clone();
    }
    if let Some(fail_on) = g.fail_on {
        config.fail_on = fail_on.threshold().unwrap_or(Severity::Blocker);
    }
    let threshold = match g.fail_on {
        Some(f) => f.threshold(),
        None => Some(config.fail_on),
    };
    let color = match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    let ctx = Context {
        cwd,
        root,
        config,
        config_path: loaded.path,
        format: g.format.unwrap_or_else(|| match &cli.command {
            Command::Ci(_) => {
                crate::ci::default_format(&crate::ci::Env::from_process(), g.output.is_some())
            }
            _ => Format::Human,
        }),
        output: g.output.clone(),
        color,
        quiet: g.quiet,
    };
    let mut outcome = match &cli.command {
        Command::Msg(a) => msg::run(&ctx, a)?,
        Command::Check(a) => check::run(&ctx, a)?,
        Command::PrePush(a) => pre_push::run(&ctx, a)?,
        Command::Ci(a) => ci::run(&ctx, a)?,
        Command::Verify(a) => verify::run(&ctx, a)?,
        Command::Scan(a) => scan::run(&ctx, a)?,
        Command::Plans(a) => plans::run(&ctx, a)?,
        Command::Install(a) => install::install(&ctx, a)?,
        Command::Uninstall(a) => install::uninstall(&ctx, a)?,
        Command::Config(a) => config::run(&ctx, a)?,
        Command::Rules | Command::Explain(_) | Command::Completions(_) | Command::Man => {
            unreachable!("answered before the repository is opened")
        }
    };
    outcome.findings = ctx
        .config
        .apply_severities(std::mem::take(&mut outcome.findings));
    crate::report::emit(&ctx, &outcome)?;
    let code = exit_code(&outcome.findings, threshold);
    if let Command::Ci(_) = &cli.command {
        ci::write_github_output(&outcome, code)?;
    }
    Ok(code)
}

/// 1 when any finding is at or above the threshold, else 0.
pub fn exit_code(findings: &[Finding], threshold: Option<Severity>) -> u8 {
    match threshold {
        Some(t) if findings.iter().any(|f| f.severity >= t) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

/// The last resort: a panic prints one line asking for a report and exits 2, so a hook never
/// dies with a Rust backtrace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crate::report::print_stderr(&format!(
            "planlint {}: internal error{place}; please report it with this line and the command you ran.\n",
            env!("CARGO_PKG_VERSION")
        ));
        std::process::exit(EXIT_BROKEN as i32);
    }));
}
