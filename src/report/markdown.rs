//! `--format markdown`: the findings as a Markdown report, for a pull-request comment, a wiki
//! page or GitHub's job summary.
//!
//! Every piece of text that came from the repository (messages, paths, commit subjects) is
//! escaped for a table cell: a `|` cannot split a row, a newline cannot end it, and `<`, `&` and
//! Markdown punctuation cannot turn into HTML, links or emphasis. A byte budget cuts the table
//! at a row boundary and says how much was left out (GitHub refuses summaries over 1 MiB).

use super::locate::location_text;
use crate::finding::Finding;
use crate::outcome::Outcome;

/// The findings report, whole.
pub fn render(outcome: &Outcome) -> String {
    document(outcome, usize::MAX)
}

/// The report, at most `budget` bytes long (a budget too small for the heading alone still
/// gets the heading and the notice).
pub fn document(outcome: &Outcome, budget: usize) -> String {
    let mut out = String::new();
    if outcome.subject.is_empty() {
        out.push_str("## planlint\n\n");
    } else {
        out.push_str(&format!("## planlint: {}\n\n", cell(&outcome.subject)));
    }
    out.push_str(&format!("{}\n\n", counts_line(&outcome.findings)));
    for note in &outcome.notes {
        out.push_str(&format!("> note: {}\n", cell(note)));
    }
    if !outcome.notes.is_empty() {
        out.push('\n');
    }
    if outcome.findings.is_empty() {
        return out;
    }
    // The breakdown ends the report whatever the budget: it is what a cut table leaves out.
    let tail = breakdown(&outcome.findings);
    let budget = budget.saturating_sub(tail.len());
    out.push_str("| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
    for (i, f) in outcome.findings.iter().enumerate() {
        let row = row(f);
        let left = outcome.findings.len() - i;
        if out.len() + row.len() + notice(left).len() > budget {
            out.push_str(&notice(left));
            out.push_str(&tail);
            return out;
        }
        out.push_str(&row);
    }
    out.push_str(&tail);
    out
}

/// Findings by rule and by plan, most first, as two short tables.
fn breakdown(findings: &[Finding]) -> String {
    let b = crate::finding::Breakdown::of(findings);
    let mut out = String::from("\n### By rule\n\n| Rule | Findings |\n|---|---|\n");
    for (rule, n) in b.by_rule.iter().take(20) {
        out.push_str(&format!("| `{rule}` | {n} |\n"));
    }
    if b.by_rule.len() > 20 {
        out.push_str(&format!("| {} more rules | |\n", b.by_rule.len() - 20));
    }
    if !b.by_plan.is_empty() {
        out.push_str("\n### By plan\n\n| Plan | Findings |\n|---|---|\n");
        for (plan, n) in b.by_plan.iter().take(20) {
            out.push_str(&format!("| {} | {n} |\n", cell(plan)));
        }
        if b.by_plan.len() > 20 {
            out.push_str(&format!("| {} more plans | |\n", b.by_plan.len() - 20));
        }
    }
    out
}

/// `**2 errors, 1 warning**` or `No findings.`
pub fn counts_line(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings.".into();
    }
    format!("**{}**", super::human::counts_text(findings))
}

fn row(f: &Finding) -> String {
    let mut msg = cell(&f.message);
    if let Some(h) = &f.help {
        msg.push_str("<br>help: ");
        msg.push_str(&cell(h));
    }
    if let Some(s) = &f.suggestion {
        msg.push_str("<br>try: ");
        msg.push_str(&cell(s));
    }
    format!(
        "| {} | `{}` | {} | {} |\n",
        f.severity,
        f.rule,
        cell(&location_text(f)),
        msg
    )
}

fn notice(left: usize) -> String {
    let s = if left == 1 { "" } else { "s" };
    format!(
        "\n_Truncated: {left} more finding{s} not shown (the summary is limited to 1 MiB). Run planlint with `--format json` for the full list._\n"
    )
}

/// Escapes untrusted text for one Markdown table cell.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(cell("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(cell("[x](http://e) *b*"), "\\[x\\](http://e) \\*b\\*");
        assert_eq!(cell("a\r\nb\rc"), "a<br>b<br>c");
    }
}
