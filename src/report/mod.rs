//! Rendering findings. Nothing here decides anything: the findings and the notes come in, text
//! goes out, in the format asked for.
//!
//! The human report goes to stderr (like a compiler's), machine formats to stdout, and
//! `--output FILE` writes a machine format to a file while the human report still goes to the
//! terminal.

use std::io::Write;

use crate::cli::Format;
use crate::commands::{Context, Outcome};
use crate::error::{Error, Result};

pub mod human;
pub mod json;

/// Prints an outcome the way the context asks.
pub fn emit(ctx: &Context, outcome: &Outcome) -> Result<()> {
    if let Some(path) = &ctx.output {
        let format = match ctx.format {
            Format::Human => Format::Json,
            f => f,
        };
        let text = render(format, ctx, outcome)?;
        std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        human::print(ctx, outcome);
        return Ok(());
    }
    match ctx.format {
        Format::Human => human::print(ctx, outcome),
        f => {
            if outcome.printed && f != Format::Json {
                return Ok(());
            }
            let text = render(f, ctx, outcome)?;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`planlint ... | head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }
    Ok(())
}

/// Renders a machine format to a string.
pub fn render(format: Format, ctx: &Context, outcome: &Outcome) -> Result<String> {
    match format {
        Format::Json => Ok(json::render(ctx, outcome)),
        Format::Human => Ok(human::render(ctx, outcome)),
        other => Err(Error::usage(format!(
            "--format {} is not available for this command yet",
            format_name(other)
        ))),
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
