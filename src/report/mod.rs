//! Rendering findings. Nothing here decides anything: the findings and the notes come in, text
//! goes out, in the format asked for.
//!
//! The human report goes to stderr (like a compiler's), machine formats to stdout, and
//! `--output FILE` writes a machine format to a file while the human report still goes to the
//! terminal. `--format github` is both: annotations on stdout for the runner, the human report
//! on stderr for the log, and the Markdown summary appended to `$GITHUB_STEP_SUMMARY`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::finding::{Severity, Tally};
use crate::outcome::{Document, Outcome};

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod markdown;
pub mod plans;
pub mod progress;
pub mod rules;
pub mod sarif;
pub mod stream;
pub mod verification;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Gitlab,
    Junit,
    Markdown,
    Github,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
        Format::Github,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Github => "github",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How to report, decided once from the command line, the environment and the config.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// `--output FILE`: the machine format goes there, the human report still to the terminal.
    pub output: Option<PathBuf>,
    pub color: bool,
    /// Findings only, no notes and no closing count.
    pub quiet: bool,
    /// The lowest severity that fails the run; `None` (`--fail-on never`): nothing does.
    pub fail_on: Option<Severity>,
    /// The planning folder, repo-relative: SARIF and GitLab tell plan files by it.
    pub planning_dir: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: Format::Human,
            output: None,
            color: false,
            quiet: false,
            fail_on: Some(Severity::Error),
            planning_dir: ".planning".into(),
        }
    }
}

/// Prints an outcome the way the options ask; returns the count of the findings reported.
pub fn emit(opts: &Options, outcome: &Outcome) -> Result<Tally> {
    finish(opts, None, outcome)
}

/// Prints an outcome, some of whose findings `stream` may have reported already (a range
/// door's walk writes findings as it goes); returns the count of all of them.
pub fn finish(opts: &Options, stream: Option<stream::Stream>, outcome: &Outcome) -> Result<Tally> {
    if let Some(path) = &opts.output {
        let format = match opts.format {
            Format::Human => Format::Json,
            f => f,
        };
        let text = render(format, opts, outcome)?;
        // A file that cannot be written must not cost the person the report itself: it is
        // printed first, and the failure (exit 2) follows it.
        let written = crate::fs::write_file(path, text.as_bytes());
        if opts.format == Format::Human {
            if let Some(doc) = on_terminal(outcome)? {
                print_stdout(&doc);
            }
        }
        let tally = human::print(opts, outcome);
        if format == Format::Github {
            write_step_summary(outcome);
        }
        return written.map(|()| tally);
    }
    match opts.format {
        Format::Human => {
            if let Some(doc) = on_terminal(outcome)? {
                print_stdout(&doc);
            }
        }
        Format::Github => {
            return Ok(match whole_answer(outcome, Format::Github)? {
                Some(text) => {
                    print_stdout(&text);
                    Tally::of(&outcome.findings)
                }
                None => {
                    let tally = human::print(opts, outcome);
                    print_stdout(&github::render(outcome));
                    write_step_summary(outcome);
                    tally
                }
            })
        }
        Format::Json if whole_answer(outcome, Format::Json)?.is_none() => {}
        f => {
            print_stdout(&render(f, opts, outcome)?);
            return Ok(Tally::of(&outcome.findings));
        }
    }
    // The human report and JSON: written through a stream, the one the walk wrote to if
    // there is one.
    match stream.or_else(|| stream::Stream::start(opts)) {
        Some(s) => s.finish(opts, outcome),
        None => Ok(human::print(opts, outcome)),
    }
}

/// What the terminal shows of a document, above the findings on stderr.
fn on_terminal(outcome: &Outcome) -> Result<Option<String>> {
    match &outcome.document {
        // Saved with --write: the note says where; the report is not shown twice.
        Some(Document::Verification {
            written: Some(_), ..
        }) => Ok(None),
        _ => whole_answer(outcome, Format::Human),
    }
}

/// The document when it is the command's whole answer in `format`; `None` when the format
/// renders the findings (JSON carries a verification inside its findings document).
fn whole_answer(outcome: &Outcome, format: Format) -> Result<Option<String>> {
    let Some(doc) = &outcome.document else {
        return Ok(None);
    };
    Ok(match (doc, format) {
        (Document::Verification { verification, .. }, Format::Human) => {
            Some(verification::render(verification))
        }
        (Document::Verification { verification, .. }, Format::Markdown) => {
            Some(verification::render(verification))
        }
        (Document::Verification { .. }, _) => None,
        (Document::Phases(rows), Format::Human | Format::Markdown) => {
            Some(verification::phases(rows))
        }
        (Document::Phases(_), _) => None,
        (Document::Plans(list), Format::Human) => Some(plans::table(list)),
        (Document::Plans(list), Format::Json) => Some(plans::json(list)),
        (Document::Plans(_), other) => {
            return Err(Error::usage(format!(
                "`plans --list` prints a table or JSON, not --format {}",
                other.name()
            )))
        }
        (Document::Rules(list), Format::Json) => Some(rules::json(list)),
        (Document::Rules(list), _) => Some(rules::table(list)),
        (Document::Explanation(rule), _) => Some(rules::explanation(rule)),
        (Document::Text(text), _) => Some(text.clone()),
    })
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
    let written =
        crate::fs::open_append(path).and_then(|mut f| f.write_all(format!("\n{text}").as_bytes()));
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

/// Renders one format to a string: the command's document where it is the whole answer,
/// else the findings.
pub fn render(format: Format, opts: &Options, outcome: &Outcome) -> Result<String> {
    if let Some(text) = whole_answer(outcome, format)? {
        return Ok(text);
    }
    Ok(match format {
        Format::Json => json::render(outcome),
        Format::Human => human::render(opts, outcome),
        Format::Sarif => sarif::render(opts, outcome),
        Format::Gitlab => gitlab::render(opts, outcome),
        Format::Junit => junit::render(opts, outcome),
        Format::Markdown => markdown::render(outcome),
        Format::Github => github::render(outcome),
    })
}

/// Prints an error that stopped planlint: one paragraph, no backtrace, in colour only when
/// `color` says so.
pub fn print_error(err: &Error, color: bool) {
    human::print_error(err, color);
}
