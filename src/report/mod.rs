//! Rendering findings. Nothing here decides anything: the findings and the notes come in, text
//! goes out, in the format asked for.
//!
//! The human report goes to stderr (like a compiler's), machine formats to stdout, and
//! `--output FILE` writes a machine format to a file while the human report still goes to the
//! terminal. `--format github` is both: annotations on stdout for the runner, the human report
//! on stderr for the log, and the Markdown summary appended to `$GITHUB_STEP_SUMMARY`.

use std::io::Write;
use std::path::Path;

use crate::cli::Format;
use crate::commands::{Context, Outcome};
use crate::error::{Error, Result};

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod markdown;
pub mod sarif;
pub mod verification;

/// Prints an outcome the way the context asks.
pub fn emit(ctx: &Context, outcome: &Outcome) -> Result<()> {
    if let Some(path) = &ctx.output {
        let format = match ctx.format {
            Format::Human => Format::Json,
            f => f,
        };
        let text = render(format, ctx, outcome)?;
        // A file that cannot be written must not cost the person the report itself: it is
        // printed first, and the failure (exit 2) follows it.
        let written = std::fs::write(path, text).map_err(|e| Error::write(path, e));
        human::print(ctx, outcome);
        if format == Format::Github {
            write_step_summary(outcome);
        }
        return written;
    }
    match ctx.format {
        Format::Human => human::print(ctx, outcome),
        Format::Github => {
            human::print(ctx, outcome);
            print_stdout(&github::render(ctx, outcome));
            write_step_summary(outcome);
        }
        f => {
            // A command that printed its own document (plans --list, config) has said it all;
            // a second document on stdout would break whoever parses it.
            if outcome.printed {
                return Ok(());
            }
            print_stdout(&render(f, ctx, outcome)?);
        }
    }
    Ok(())
}

/// Writes to stdout. A closed pipe (`planlint ... | head`) is not an error worth reporting,
/// and unlike `print!` it never panics.
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes to stderr, never panicking on a closed stream (`eprint!` would).
pub fn print_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Appends the Markdown summary to `$GITHUB_STEP_SUMMARY` when the runner provides one. A
/// summary that cannot be written is worth a line in the log, not a failed step.
fn write_step_summary(outcome: &Outcome) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let path = Path::new(&path);
    let already = std::fs::metadata(path).map_or(0, |m| m.len());
    let text = github::step_summary(outcome, already);
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(format!("\n{text}").as_bytes()));
    if let Err(e) = written {
        print_stderr(&format!(
            "planlint: warning: cannot write the job summary to {}: {e}\n",
            path.display()
        ));
    }
}

/// Pretty JSON with a final newline; serialising planlint's documents cannot fail, but a broken
/// document must still be a document.
pub(crate) fn pretty_json(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

/// Renders a machine format to a string.
pub fn render(format: Format, ctx: &Context, outcome: &Outcome) -> Result<String> {
    match format {
        Format::Json => Ok(json::render(ctx, outcome)),
        Format::Human => Ok(human::render(ctx, outcome)),
        Format::Sarif => Ok(sarif::render(ctx, outcome)),
        Format::Gitlab => Ok(gitlab::render(ctx, outcome)),
        Format::Junit => Ok(junit::render(ctx, outcome)),
        Format::Markdown => Ok(markdown::render(ctx, outcome)),
        Format::Github => Ok(github::render(ctx, outcome)),
    }
}

pub fn format_name(f: Format) -> &'static str {
    match f {
        Format::Human => "human",
        Format::Json => "json",
        Format::Sarif => "sarif",
        Format::Gitlab => "gitlab",
        Format::Junit => "junit",
        Format::Markdown => "markdown",
        Format::Github => "github",
    }
}

/// Prints an error that stopped planlint: one paragraph, no backtrace.
pub fn print_error(err: &Error) {
    human::print_error(err);
}
