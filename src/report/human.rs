//! The report for a person: miette diagnostics with a caret under the exact span where a
//! finding has one, `path:line:col` lines where it has a file position, and plain text when
//! colour is off (`NO_COLOR`, a pipe, a hook log).
//!
//! Everything quoted here comes from a repository or a commit message, so it is made harmless
//! first: control characters never reach the terminal (an escape sequence in a subject could
//! clear the screen or erase the lines above it), and a line too long to be read is not drawn.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::Options;
use crate::finding::{Counts, Finding, Severity, SourceText, Tally};
use crate::outcome::Outcome;

/// Prints the outcome to stderr.
pub fn print(opts: &Options, outcome: &Outcome) -> Tally {
    let mut tally = Tally::default();
    for f in &outcome.findings {
        tally.add(f);
        super::print_stderr(&finding_text(opts.color, f));
    }
    let tail = tail(opts, &outcome.notes, &tally);
    if !tail.is_empty() {
        super::print_stderr(&tail);
    }
    tally
}

/// A source line longer than this is not drawn under its finding: miette prints the line whole
/// and underlines it three bytes per column (a 10 MB subject became 100 MB of stderr). The
/// finding then names `path:line:col` in its headline instead.
const MAX_DRAWN_LINE: usize = 1000;

/// Headlines, labels and help longer than this many characters are cut with `…`.
const MAX_TEXT: usize = 1000;

/// Renders the outcome as the human report: the findings, then the notes and the counts.
pub fn render(opts: &Options, outcome: &Outcome) -> String {
    let mut out: String = outcome
        .findings
        .iter()
        .map(|f| finding_text(opts.color, f))
        .collect();
    out.push_str(&tail(opts, &outcome.notes, &Tally::of(&outcome.findings)));
    out
}

/// One finding as the report shows it.
///
/// Rendered without colour first: miette adds no control characters of its own then, so any
/// in that text came from the input. If there is none, a colour rendering is safe; if there is,
/// the plain one is printed with them replaced.
pub fn finding_text(color: bool, f: &Finding) -> String {
    let plain = render_finding(&handler(false), f);
    if has_controls(&plain) {
        printable(&plain).into_owned()
    } else if color {
        render_finding(&handler(true), f)
    } else {
        plain
    }
}

/// What ends the report: the notes, and for findings the breakdown and the counts.
pub fn tail(opts: &Options, notes: &[String], tally: &Tally) -> String {
    let mut out = String::new();
    if opts.quiet {
        return out;
    }
    for note in notes {
        // A note is the tool's own text, but it quotes paths and refs from the repository.
        out.push_str(&printable(&format!("note: {note}\n")));
    }
    if tally.total > 0 {
        out.push_str(&breakdown_from(tally));
        out.push_str(&format!("planlint: {}\n", counts_of(&tally.counts)));
    }
    out
}

/// A report this long ends with where its findings come from: a few lines a person reads
/// before deciding where to start. Short reports (a hook's) say it all already.
const BREAKDOWN_FROM: usize = 5;

/// Entries shown per line before the rest are counted.
const BREAKDOWN_SHOWN: usize = 8;

/// `planlint: by rule: 330 msg/header-length, 75 diff/undeclared (+4 more)` and the same by
/// plan; nothing for a short report.
pub fn breakdown_lines(findings: &[Finding]) -> String {
    breakdown_from(&Tally::of(findings))
}

fn breakdown_from(tally: &Tally) -> String {
    if tally.total < BREAKDOWN_FROM {
        return String::new();
    }
    let b = tally.breakdown();
    let line = |what: &str, items: Vec<(String, usize)>| {
        if items.is_empty() {
            return String::new();
        }
        let shown: Vec<String> = items
            .iter()
            .take(BREAKDOWN_SHOWN)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let more = items.len().saturating_sub(BREAKDOWN_SHOWN);
        let more = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        format!("planlint: by {what}: {}{more}\n", shown.join(", "))
    };
    let rules = b.by_rule.iter().map(|(r, n)| (r.to_string(), *n)).collect();
    let mut out = line("rule", rules);
    out.push_str(&line("plan", b.by_plan));
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
    counts_of(&Counts::of(findings))
}

fn counts_of(c: &Counts) -> String {
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
        let source = match (&f.source, loc.span) {
            (Some(src), Some(span)) if drawable(&src.text, span) => Some(named(src)),
            _ => None,
        };
        let mut where_ = String::new();
        if source.is_none() {
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
            format!("{} [{}]", clip(&f.message), f.rule)
        } else {
            format!("{where_}: {} [{}]", clip(&f.message), f.rule)
        };
        let help = match (&f.help, &f.suggestion) {
            (Some(h), Some(s)) => Some(format!("{}\n{}", clip(h), suggestion_text(&clip(s)))),
            (Some(h), None) => Some(clip(h)),
            (None, Some(s)) => Some(suggestion_text(&clip(s))),
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

/// Whether `text` holds a control character a terminal would act on.
fn has_controls(text: &str) -> bool {
    matches!(printable(text), Cow::Owned(_))
}

/// `text` with every control character a terminal would act on (C0 but newline, tab and the
/// `\r` of a `\r\n`; DEL; C1) shown as one `?` per byte, so byte offsets into it still hold.
pub fn printable(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let bad = |(i, c): (usize, char)| {
        c.is_control() && c != '\n' && c != '\t' && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !text.char_indices().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if bad((i, c)) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most [`MAX_TEXT`] characters of `s`.
fn clip(s: &str) -> String {
    crate::finding::shorten(s, MAX_TEXT).into_owned()
}

/// Whether the lines miette would print for `span` (the span's own lines and one of context on
/// each side) are all short enough to draw.
fn drawable(text: &str, span: crate::finding::Span) -> bool {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let bytes = text.as_bytes();
    // Back over the line the span starts on and the one before it.
    let mut from = start;
    for _ in 0..2 {
        match bytes[..from].iter().rposition(|&b| b == b'\n') {
            Some(i) => from = i,
            None => {
                from = 0;
                break;
            }
        }
    }
    // On past the line the span ends on and the one after it.
    let mut to = end;
    for _ in 0..2 {
        match bytes[to..].iter().position(|&b| b == b'\n') {
            Some(i) => to += i + 1,
            None => {
                to = bytes.len();
                break;
            }
        }
    }
    bytes[from..to]
        .split(|&b| b == b'\n')
        .all(|line| line.len() <= MAX_DRAWN_LINE)
}

fn suggestion_text(s: &str) -> String {
    format!("try: {s}")
}

/// The source miette draws from, its control characters already replaced so that columns
/// line up with what is printed.
fn named(src: &Arc<SourceText>) -> NamedSource<String> {
    NamedSource::new(&*printable(&src.name), printable(&src.text).into_owned())
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
        let label = LabeledSpan::new(
            self.finding.label.as_deref().map(clip),
            span.start,
            span.len(),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Prints an error that stopped planlint, without a backtrace.
pub fn print_error(err: &crate::error::Error, color: bool) {
    let render = |color: bool| {
        let mut s = String::new();
        if handler(color).render_report(&mut s, err).is_err() || s.is_empty() {
            s = format!("error: {err}\n");
        }
        s
    };
    // As for findings: the error may quote a path or a config file from the repository.
    let plain = render(false);
    let mut s = if has_controls(&plain) {
        printable(&plain).into_owned()
    } else if color {
        render(true)
    } else {
        plain
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    // miette opens with an indented `×`; a hook log reads better as `planlint: error: ...`.
    let body = s.trim_start();
    let body = body.strip_prefix('×').map_or(body, str::trim_start);
    super::print_stderr(&format!("planlint: error: {body}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Span;

    #[test]
    fn printable_replaces_controls_byte_for_byte() {
        assert!(matches!(printable("plain\ttext\r\n"), Cow::Borrowed(_)));
        let shown = printable("a\x1b[2Jb\u{9b}c\rd\x07");
        assert_eq!(shown, "a?[2Jb??c?d?");
        assert_eq!(shown.len(), "a\x1b[2Jb\u{9b}c\rd\x07".len());
    }

    #[test]
    fn a_long_line_next_to_the_span_is_not_drawn() {
        let long = "x".repeat(MAX_DRAWN_LINE + 1);
        let text = format!("one\ntwo\nthree\n{long}\n");
        assert!(drawable(&text, Span::new(4, 7)));
        assert!(!drawable(&text, Span::new(8, 13)));
        assert!(!drawable(&long, Span::new(3, 3)));
        assert!(drawable("", Span::new(0, 0)));
        assert!(drawable("ab", Span::new(5, 9)));
    }
}
