//! The doors: one file per subcommand, each a short function that reads its input, builds
//! options, calls an engine ([`crate::range`], [`crate::verifier`], the scanner, the planning
//! model, the message rules) and returns an [`Outcome`](crate::outcome::Outcome). This module
//! resolves the settings once ([`Context`], [`report::Options`]) and is the one place where
//! results and errors become exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::cli::{Cli, ColorChoice, Command, GlobalArgs};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Severity, Tally};
use crate::report::{self, Format};

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
    pub report: report::Options,
    /// The report a range door's walk has been writing findings to, when it streams them;
    /// finished with the door's outcome.
    pub stream: std::cell::RefCell<Option<report::stream::Stream>>,
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

    /// Where paths are relative to: the root, or cwd outside a repository.
    pub fn base(&self) -> &Path {
        self.root.as_deref().unwrap_or(&self.cwd)
    }

    /// The anti-pattern scanner as configured, told about the project's layout by the work
    /// tree (the root, or cwd outside a repository): paths it scans are relative to that.
    pub fn scanner(&self) -> Result<crate::scan::Scanner> {
        crate::scan::Scanner::for_work_tree(&self.config.scan, self.base())
    }
}

/// The whole process: parse the arguments, run one command, report; returns the exit code.
pub fn process() -> u8 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version on stdout with exit 0, usage errors with exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_BROKEN
            } else {
                EXIT_CLEAN
            };
        }
    };
    // Before the command starts its threads: the allocator's settings only hold from there on.
    crate::alloc::tune(cli.command.walks_history());
    main(cli)
}

/// Runs the CLI and returns the process exit code.
fn main(cli: Cli) -> u8 {
    let color = color(cli.global.color);
    match run(cli, color) {
        Ok(code) => code,
        Err(err) => {
            report::print_error(&err, color);
            EXIT_BROKEN
        }
    }
}

/// `--color`, decided once: `auto` is colour on a terminal unless `NO_COLOR` is set.
fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

fn run(cli: Cli, color: bool) -> Result<u8> {
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
    let answer = match &cli.command {
        Command::Rules => Some(explain::rules()),
        Command::Explain(a) => Some(explain::explain(&a.rule)?),
        Command::Completions(a) => Some(explain::completions(a.shell)),
        Command::Man => Some(explain::man()?),
        _ => None,
    };
    if let Some(outcome) = answer {
        let opts = report_options(g, &cli.command, color, None);
        report::emit(&opts, &outcome)?;
        return Ok(EXIT_CLEAN);
    }
    let root = crate::git::work_tree_root(&cwd);
    let found = Config::discover(root.as_deref(), g.config.as_deref(), &crate::rules::ids())?;
    let mut config = found.config;
    if let Some(dir) = &g.planning_dir {
        if crate::fs::normalize_repo_path(dir).is_none() {
            return Err(Error::usage(format!(
                "--planning-dir must be a relative path inside the repository, not `{dir}`"
            )));
        }
        config.planning_dir = dir.clone();
    }
    let opts = report_options(g, &cli.command, color, Some(&config));
    let ctx = Context {
        cwd,
        root,
        config,
        config_path: found.path,
        report: opts,
        stream: std::cell::RefCell::new(None),
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
        Command::Config(a) => config::run(&ctx, a),
        Command::Rules | Command::Explain(_) | Command::Completions(_) | Command::Man => {
            return Err(Error::internal(
                "a command that needs no repository got here",
            ))
        }
    };
    outcome.findings = ctx
        .config
        .apply_severities(std::mem::take(&mut outcome.findings));
    let stream = ctx.stream.take();
    let tally = report::finish(&ctx.report, stream, &outcome)?;
    let code = exit_code(&tally, ctx.report.fail_on);
    if let Command::Ci(_) = &cli.command {
        report::github::write_outputs(&tally, code != EXIT_CLEAN)?;
    }
    Ok(code)
}

/// The report settings, from the command line, the CI's environment and the config (`None`
/// for the commands that read none).
fn report_options(
    g: &GlobalArgs,
    command: &Command,
    color: bool,
    config: Option<&Config>,
) -> report::Options {
    let defaults = Config::default();
    let config = config.unwrap_or(&defaults);
    let format = g.format.unwrap_or_else(|| match command {
        Command::Ci(_) => ci::default_format(g.output.is_some()),
        _ => Format::Human,
    });
    report::Options {
        format,
        output: g.output.clone(),
        color,
        quiet: g.quiet,
        fail_on: match g.fail_on {
            Some(f) => f.threshold(),
            None => Some(config.fail_on),
        },
        planning_dir: config.planning_dir.clone(),
    }
}

/// 1 when any finding reported is at or above the threshold, else 0.
pub fn exit_code(reported: &Tally, threshold: Option<Severity>) -> u8 {
    match (threshold, reported.worst()) {
        (Some(t), Some(worst)) if worst >= t => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

/// The last resort: a panic prints one line asking for a report and exits 2, so a hook never
/// dies with a Rust backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        report::print_stderr(&format!(
            "planlint {}: internal error{place}; please report it with this line and the command you ran.\n",
            env!("CARGO_PKG_VERSION")
        ));
        std::process::exit(EXIT_BROKEN as i32);
    }));
}
