//! The report for a person: miette diagnostics with a caret under the exact span where a
//! finding has one, `path:line:col` lines where it has a file position, and plain text when
//! colour is off (`NO_COLOR`, a pipe, a hook log).

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::commands::{Context, Outcome};
use crate::finding::{Counts, Finding, Severity, SourceText};

/// Prints the outcome to stderr.
pub fn print(ctx: &Context, outcome: &Outcome) {
    let text = render(ctx, outcome);
    if !text.is_empty() {
        eprint!("{text}");
    }
}

/// Renders the outcome as the human report.
pub fn render(ctx: &Context, outcome: &Outcome) -> String {
    let mut out = String::new();
    if !ctx.quiet {
        for note in &outcome.notes {
            out.push_str("note: ");
            out.push_str(note);
            out.push('\n');
        }
    }
    let handler = handler(ctx.color);
    for f in &outcome.findings {
        out.push_str(&render_finding(&handler, f));
    }
    if !outcome.findings.is_empty() && !ctx.quiet {
        out.push_str(&summary_line(&outcome.findings));
        out.push('\n');
    }
    out
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        // Unwrapped: a rule id split at its `-` could not be copied into `planlint explain`.
        .with_wrap_lines(false)
        .with_context_lines(1)
}

/// `planlint: 2 errors, 1 warning`.
pub fn summary_line(findings: &[Finding]) -> String {
    format!("planlint: {}", counts_text(findings))
}

/// `2 errors, 1 warning` (empty without findings).
pub fn counts_text(findings: &[Finding]) -> String {
    let c = Counts::of(findings);
    let mut parts = Vec::new();
    for (n, word) in [
        (c.blocker, "blocker"),
        (c.error, "error"),
        (c.warning, "warning"),
        (c.info, "info"),
    ] {
        if n > 0 {
            let plural = if n == 1 || word == "info" { "" } else { "s" };
            parts.push(format!("{n} {word}{plural}"));
        }
    }
    parts.join(", ")
}

fn render_finding(handler: &GraphicalReportHandler, f: &Finding) -> String {
    let diag = FindingDiagnostic::new(f);
    let mut s = String::new();
    if handler.render_report(&mut s, &diag).is_err() {
        s = format!("{}[{}]: {}\n", f.severity, f.rule, f.message);
    }
    s
}

/// A finding seen through miette's eyes.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    /// The headline: `error[msg/type-case]: ...` plus where, for findings without a span.
    headline: String,
    source: Option<NamedSource<String>>,
    help: Option<String>,
}

impl<'a> FindingDiagnostic<'a> {
    fn new(f: &'a Finding) -> Self {
        let loc = &f.location;
        let mut where_ = String::new();
        if f.source.is_none() || loc.span.is_none() {
            if let Some(p) = &loc.path {
                where_.push_str(p);
                if let Some(l) = loc.line {
                    where_.push_str(&format!(":{l}"));
                    if let Some(c) = loc.column {
                        where_.push_str(&format!(":{c}"));
                    }
                }
            }
        }
        if let Some(c) = &loc.commit {
            if !where_.is_empty() {
                where_.push(' ');
            }
            where_.push_str(&format!("(commit {})", short(c)));
        }
        if let Some(p) = &loc.plan {
            if !where_.is_empty() {
                where_.push(' ');
            }
            where_.push_str(&format!("[plan {p}]"));
        }
        // The rule id ends the headline rather than sitting on a line of its own (miette's
        // `code`), so one line tells where, what and which rule to `planlint explain`.
        let headline = if where_.is_empty() {
            format!("{} [{}]", f.message, f.rule)
        } else {
            format!("{where_}: {} [{}]", f.message, f.rule)
        };
        let source = match (&f.source, loc.span) {
            (Some(src), Some(_)) => Some(named(src)),
            _ => None,
        };
        let help = match (&f.help, &f.suggestion) {
            (Some(h), Some(s)) => Some(format!("{h}\n{}", suggestion_text(s))),
            (Some(h), None) => Some(h.clone()),
            (None, Some(s)) => Some(suggestion_text(s)),
            (None, None) => None,
        };
        FindingDiagnostic {
            finding: f,
            headline,
            source,
            help,
        }
    }
}

fn suggestion_text(s: &str) -> String {
    format!("try: {s}")
}

fn named(src: &Arc<SourceText>) -> NamedSource<String> {
    NamedSource::new(src.name.clone(), src.text.clone())
}

/// First 7 characters of a commit id.
pub fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Blocker | Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.location.span?;
        self.source.as_ref()?;
        let label = LabeledSpan::new(self.finding.label.clone(), span.start, span.len());
        Some(Box::new(std::iter::once(label)))
    }
}

/// Prints an error that stopped planlint, without a backtrace.
pub fn print_error(err: &crate::error::Error) {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let handler = handler(color);
    let mut s = String::new();
    if handler.render_report(&mut s, err).is_err() {
        s.clear();
    }
    if s.is_empty() {
        s = format!("error: {err}\n");
    }
    eprint!("planlint: {s}");
    if !s.ends_with('\n') {
        eprintln!();
    }
}
