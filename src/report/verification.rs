//! The `{phase}-VERIFICATION.md` report in GSD's shape, section by section as GSD's verifier
//! agent writes it (`agents/gsd-verifier.md`, and every report real GSD projects keep): the
//! frontmatter (`phase`, `verified`, `status`, `score`, `gaps`, and `human_verification` when a
//! person is needed), then under `## Goal Achievement` the `###` sections Observable Truths,
//! Required Artifacts, Key Link Verification, Requirements Coverage, Anti-Patterns Found, Human
//! Verification Required and Gaps Summary. GSD's older template put the last four at `##`; the
//! agent and the reports do not. planlint's own sections (Files Modified vs Plan, SUMMARY
//! Claims, Verification Metadata) follow, then the `_Verified:_` footer. From a
//! [`Verification`](crate::check::verify::Verification) decided elsewhere.
//!
//! Text from the repository (truths, paths, matched lines) is escaped for its place: YAML
//! strings are always double-quoted with escapes, table cells go through
//! [`super::markdown::cell`], so a plan cannot break the frontmatter or a table.

use std::fmt::Write as _;

use super::markdown::cell;
use crate::check::verify::{
    status_word, ArtifactStatus, FileStatus, LinkStatus, Status, TruthStatus, Verification,
};
use crate::finding::Severity;

/// `verify --all`: one row per phase, what a milestone audit reads first.
pub fn phases(rows: &[crate::outcome::PhaseReport]) -> String {
    let mut out = String::from("# Phase Verification\n\n");
    let _ = writeln!(
        out,
        "| Phase | Status | Score | Gaps | Human checks | Report |\n|-------|--------|-------|------|--------------|--------|"
    );
    for r in rows {
        let v = &r.verification;
        let phase = match &v.title {
            Some(t) => format!("{}: {}", v.phase, t),
            None => v.phase.clone(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {}/{} | {} | {} | {}{} |",
            cell(&phase),
            v.status.as_str(),
            v.score.verified,
            v.score.total,
            v.gaps.len(),
            v.human.len(),
            cell(&r.report_path),
            if r.written { " (written)" } else { "" }
        );
    }
    let count = |s: Status| rows.iter().filter(|r| r.verification.status == s).count();
    let _ = writeln!(
        out,
        "\n{} passed, {} with gaps, {} need a person.",
        count(Status::Passed),
        count(Status::GapsFound),
        count(Status::HumanNeeded)
    );
    out
}

/// The report, ready to print or save.
pub fn render(v: &Verification) -> String {
    let mut out = String::new();
    frontmatter(&mut out, v);
    heading(&mut out, v);
    out.push_str("## Goal Achievement\n\n");
    truths(&mut out, v);
    artifacts(&mut out, v);
    links(&mut out, v);
    requirements(&mut out, v);
    anti_patterns(&mut out, v);
    human(&mut out, v);
    gaps(&mut out, v);
    files(&mut out, v);
    claims(&mut out, v);
    metadata(&mut out, v);
    let _ = writeln!(
        out,
        "---\n_Verified: {}_  \n_Verifier: planlint {} (mechanical: files, git history, patterns)_",
        v.verified,
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// A YAML scalar: plain when it cannot be misread (`02-auth`), else double-quoted with escapes.
fn yaml(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
            .contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_string();
    }
    quoted(s)
}

/// A YAML double-quoted scalar: safe for any text.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A code span for short trusted-looking text; anything that could break one is a plain cell.
fn code(s: &str) -> String {
    if s.is_empty() || s.contains(['`', '|', '\n', '\r']) {
        cell(s)
    } else {
        format!("`{s}`")
    }
}

fn frontmatter(out: &mut String, v: &Verification) {
    out.push_str("---\n");
    let _ = writeln!(out, "phase: {}", yaml(&v.phase));
    let _ = writeln!(out, "verified: {}", v.verified);
    let _ = writeln!(out, "status: {}", v.status.as_str());
    let _ = writeln!(
        out,
        "score: {}/{} must-haves verified",
        v.score.verified, v.score.total
    );
    if v.gaps.is_empty() {
        out.push_str("gaps: []\n");
    } else {
        out.push_str("gaps:\n");
        for g in &v.gaps {
            let _ = writeln!(out, "  - truth: {}", yaml(&g.truth));
            let _ = writeln!(
                out,
                "    status: {}",
                match g.status {
                    crate::check::verify::GapStatus::Failed => "failed",
                    crate::check::verify::GapStatus::Partial => "partial",
                }
            );
            let _ = writeln!(out, "    reason: {}", yaml(&g.reason));
            if g.artifacts.is_empty() {
                out.push_str("    artifacts: []\n");
            } else {
                out.push_str("    artifacts:\n");
                for a in &g.artifacts {
                    let _ = writeln!(
                        out,
                        "      - path: {}\n        issue: {}",
                        yaml(&a.path),
                        yaml(&a.issue)
                    );
                }
            }
            if g.missing.is_empty() {
                out.push_str("    missing: []\n");
            } else {
                out.push_str("    missing:\n");
                for m in &g.missing {
                    let _ = writeln!(out, "      - {}", yaml(m));
                }
            }
        }
    }
    // GSD writes the list only with `status: human_needed`: with gaps, those come first.
    if v.status == crate::check::verify::Status::HumanNeeded {
        out.push_str("human_verification:\n");
        for h in &v.human {
            let _ = writeln!(out, "  - test: {}", yaml(&h.test));
            let _ = writeln!(out, "    expected: {}", yaml(&h.expected));
            let _ = writeln!(out, "    why_human: {}", yaml(&h.why_human));
        }
    }
    out.push_str("---\n\n");
}

/// `# Phase 2: Auth Verification Report` from the folder name `02-auth`; a quick task's
/// `# Quick Task 260630-uq4: fix login Verification Report`.
fn heading(out: &mut String, v: &Verification) {
    if let Some(id) = v.phase.strip_prefix("quick-") {
        let _ = match &v.title {
            Some(t) => writeln!(
                out,
                "# Quick Task {}: {} Verification Report\n",
                cell(id),
                cell(t)
            ),
            None => writeln!(out, "# Quick Task {} Verification Report\n", cell(id)),
        };
        status_lines(out, v);
        return;
    }
    let (num, slug) = match v.phase.split_once('-') {
        Some((n, s)) if n.chars().next().is_some_and(|c| c.is_ascii_digit()) => (n, Some(s)),
        _ => (v.phase.as_str(), None),
    };
    let shown = num.trim_start_matches('0');
    let shown = if shown.is_empty() || shown.starts_with('.') {
        num
    } else {
        shown
    };
    let title = slug.map(|s| {
        s.split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut cs = w.chars();
                cs.next()
                    .map(|c| c.to_uppercase().collect::<String>() + cs.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    let title = v.title.clone().or(title);
    match title {
        Some(t) => {
            let _ = writeln!(
                out,
                "# Phase {}: {} Verification Report\n",
                cell(shown),
                cell(&t)
            );
        }
        None => {
            let _ = writeln!(out, "# Phase {} Verification Report\n", cell(shown));
        }
    }
    status_lines(out, v);
}

/// Goal, time, status, score and plans under the title.
fn status_lines(out: &mut String, v: &Verification) {
    if let Some(goal) = &v.goal {
        let _ = writeln!(out, "**Phase Goal:** {}  ", cell(goal));
    }
    let _ = writeln!(out, "**Verified:** {}  ", v.verified);
    let _ = writeln!(out, "**Status:** {}  ", v.status.as_str());
    let _ = writeln!(
        out,
        "**Score:** {}/{} must-haves verified{}  ",
        v.score.verified,
        v.score.total,
        match v.unread.len() {
            0 => String::new(),
            n => format!(
                " (the must_haves of {n} plan{} could not be read: each counts as one, unverified)",
                if n == 1 { "" } else { "s" }
            ),
        }
    );
    let _ = writeln!(
        out,
        "**Plans:** {}\n",
        v.plans
            .iter()
            .map(|p| cell(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// What an empty must_haves table says: nothing declared, or nothing read.
fn none_declared(out: &mut String, v: &Verification) {
    if v.unread.is_empty() {
        out.push_str("None declared in the plans' must_haves.\n\n");
    } else {
        let _ = writeln!(
            out,
            "None read: the must_haves of plan {} could not be read (see Gaps Summary).\n",
            v.unread
                .iter()
                .map(|p| cell(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn tally(out: &mut String, label: &str, n: usize, m: usize, what: &str) {
    let _ = writeln!(out, "\n**{label}:** {n}/{m} {what}\n");
}

fn truths(out: &mut String, v: &Verification) {
    out.push_str("### Observable Truths\n\n");
    if v.truths.is_empty() {
        none_declared(out, v);
        return;
    }
    out.push_str("| # | Truth | Status | Evidence |\n|---|-------|--------|----------|\n");
    for (i, t) in v.truths.iter().enumerate() {
        let status = match t.status {
            TruthStatus::Verified => "✓ VERIFIED",
            TruthStatus::Failed => "✗ FAILED",
            TruthStatus::Uncertain => "? UNCERTAIN",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {status} | {} (plan {}) |",
            i + 1,
            cell(&t.truth),
            cell(&t.evidence),
            cell(&t.plan)
        );
    }
    let ok = v
        .truths
        .iter()
        .filter(|t| t.status == TruthStatus::Verified)
        .count();
    tally(out, "Score", ok, v.truths.len(), "truths verified");
}

fn artifacts(out: &mut String, v: &Verification) {
    out.push_str("### Required Artifacts\n\n");
    if v.artifacts.is_empty() {
        none_declared(out, v);
        return;
    }
    out.push_str(
        "| Artifact | Expected | Status | Details |\n|----------|----------|--------|---------|\n",
    );
    for a in &v.artifacts {
        let status = match a.status {
            ArtifactStatus::Verified => "✓ VERIFIED".to_string(),
            ArtifactStatus::Orphaned => "⚠️ ORPHANED".to_string(),
            s => format!("✗ {}", status_word(s)),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {status} | {} (plan {}) |",
            code(&a.path),
            a.provides.as_deref().map_or_else(|| "-".into(), cell),
            cell(&a.details.join(", ")),
            cell(&a.plan)
        );
    }
    let ok = v
        .artifacts
        .iter()
        .filter(|a| a.status == ArtifactStatus::Verified)
        .count();
    tally(out, "Artifacts", ok, v.artifacts.len(), "verified");
}

fn links(out: &mut String, v: &Verification) {
    out.push_str("### Key Link Verification\n\n");
    if v.key_links.is_empty() {
        none_declared(out, v);
        return;
    }
    out.push_str(
        "| From | To | Via | Status | Details |\n|------|----|-----|--------|---------|\n",
    );
    for l in &v.key_links {
        let status = match l.status {
            LinkStatus::Wired => "✓ WIRED",
            LinkStatus::NotWired => "✗ NOT WIRED",
            LinkStatus::Unchecked => "? UNCHECKED",
        };
        let via = match (&l.via, &l.pattern) {
            (Some(v), _) => cell(v),
            (None, Some(p)) => format!("pattern {}", code(p)),
            (None, None) => "-".into(),
        };
        let end = |s: &str| if l.described { cell(s) } else { code(s) };
        let _ = writeln!(
            out,
            "| {} | {} | {via} | {status} | {} |",
            end(&l.from),
            end(&l.to),
            cell(&l.evidence)
        );
    }
    let ok = v
        .key_links
        .iter()
        .filter(|l| l.status == LinkStatus::Wired)
        .count();
    tally(out, "Wiring", ok, v.key_links.len(), "connections verified");
}

fn files(out: &mut String, v: &Verification) {
    out.push_str("### Files Modified vs Plan\n\n");
    if v.files.is_empty() {
        out.push_str("No files declared or touched.\n\n");
        return;
    }
    out.push_str("| Plan | File | Status |\n|------|------|--------|\n");
    for f in &v.files {
        let status = match f.status {
            FileStatus::Kept => "✓ declared and touched",
            FileStatus::Untouched => "✗ declared, not touched",
            FileStatus::Undeclared => "⚠️ touched, not declared",
            FileStatus::NotStarted => "○ no commit names the plan",
            FileStatus::Pending => "○ not touched yet (plan unfinished)",
        };
        let _ = writeln!(out, "| {} | {} | {status} |", cell(&f.plan), code(&f.path));
    }
    out.push('\n');
}

fn claims(out: &mut String, v: &Verification) {
    out.push_str("### SUMMARY Claims\n\n");
    if v.claims.is_empty() {
        out.push_str("No claims to check.\n\n");
        return;
    }
    out.push_str("| Plan | Claim | Status | Evidence |\n|------|-------|--------|----------|\n");
    for c in &v.claims {
        let status = if c.holds { "✓ HOLDS" } else { "✗ FALSE" };
        let _ = writeln!(
            out,
            "| {} | {} | {status} | {} |",
            cell(&c.plan),
            cell(&c.claim),
            cell(&c.evidence)
        );
    }
    out.push('\n');
}

fn anti_patterns(out: &mut String, v: &Verification) {
    out.push_str("### Anti-Patterns Found\n\n");
    if v.anti_patterns.is_empty() {
        out.push_str("None found in the phase's changes.\n\n");
        return;
    }
    out.push_str("| File | Line | Pattern | Severity | Impact |\n|------|------|---------|----------|--------|\n");
    for a in &v.anti_patterns {
        let severity = match a.severity {
            Severity::Blocker => "🛑 Blocker",
            Severity::Error => "🛑 Error",
            Severity::Warning => "⚠️ Warning",
            Severity::Info => "ℹ️ Info",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {severity} | {} |",
            code(&a.path),
            a.line.map_or_else(|| "-".into(), |l| l.to_string()),
            code(&a.pattern),
            cell(&a.impact)
        );
    }
    let count = |s: Severity| v.anti_patterns.iter().filter(|a| a.severity == s).count();
    let blockers = count(Severity::Blocker) + count(Severity::Error);
    let warnings = count(Severity::Warning);
    let _ = writeln!(
        out,
        "\n**Anti-patterns:** {} found ({blockers} blocker{}, {warnings} warning{})\n",
        v.anti_patterns.len(),
        if blockers == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
}

fn human(out: &mut String, v: &Verification) {
    out.push_str("### Human Verification Required\n\n");
    if v.human.is_empty() {
        out.push_str("None — all verifiable items checked programmatically.\n\n");
        return;
    }
    for (i, h) in v.human.iter().enumerate() {
        let _ = writeln!(out, "#### {}. {}\n", i + 1, cell(&h.name));
        let _ = writeln!(out, "**Test:** {}  ", cell(&h.test));
        let _ = writeln!(out, "**Expected:** {}  ", cell(&h.expected));
        let _ = writeln!(
            out,
            "**Why human:** {} (plan {})\n",
            cell(&h.why_human),
            cell(&h.plan)
        );
    }
}

fn requirements(out: &mut String, v: &Verification) {
    use crate::check::verify::RequirementStatus;
    out.push_str("### Requirements Coverage\n\n");
    if v.requirements.is_empty() {
        out.push_str("None declared in the plans' `requirements`.\n\n");
        return;
    }
    out.push_str("| Requirement | Source Plan | Description | Status | Evidence |\n|-------------|-------------|-------------|--------|----------|\n");
    for r in &v.requirements {
        let status = match r.status {
            RequirementStatus::Satisfied => "✓ SATISFIED",
            RequirementStatus::Blocked => "✗ BLOCKED",
            RequirementStatus::NeedsHuman => "? NEEDS HUMAN",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {status} | {} |",
            code(&r.id),
            cell(&r.plans.join(", ")),
            r.description.as_deref().map_or_else(|| "-".into(), cell),
            cell(&r.evidence)
        );
    }
    let ok = v
        .requirements
        .iter()
        .filter(|r| r.status == RequirementStatus::Satisfied)
        .count();
    tally(
        out,
        "Coverage",
        ok,
        v.requirements.len(),
        "requirements satisfied",
    );
}

fn metadata(out: &mut String, v: &Verification) {
    out.push_str("### Verification Metadata\n\n");
    out.push_str("**Verification approach:** Goal-backward, mechanical: must_haves checked against the work tree and the git history  \n");
    out.push_str("**Must-haves source:** PLAN.md frontmatter  \n");
    let checks = v.truths.len() + v.artifacts.len() + v.key_links.len();
    let _ = writeln!(
        out,
        "**Automated checks:** {} passed, {} failed  ",
        v.score.verified,
        checks.saturating_sub(v.score.verified)
    );
    let _ = writeln!(out, "**Human checks required:** {}\n", v.human.len());
}

fn gaps(out: &mut String, v: &Verification) {
    use crate::check::verify::GapStatus;
    out.push_str("### Gaps Summary\n\n");
    if v.gaps.is_empty() {
        out.push_str(match v.status {
            crate::check::verify::Status::HumanNeeded => {
                "**No gaps found.** Every mechanical check passed; the items above need a person.\n\n"
            }
            _ => "**No gaps found.** Phase goal achieved. Ready to proceed.\n\n",
        });
        return;
    }
    let fixes = |g: &crate::check::verify::Gap| {
        let listed: Vec<String> = g
            .artifacts
            .iter()
            .map(|a| format!("{}: {}", code(&a.path), cell(&a.issue)))
            .collect();
        if listed.is_empty() {
            "close it and run `planlint verify` again (`/gsd:plan-phase --gaps` plans the closure)"
                .to_string()
        } else {
            listed.join("; ")
        }
    };
    for (title, kind) in [
        ("Critical Gaps (Block Progress)", GapStatus::Failed),
        ("Non-Critical Gaps (Can Defer)", GapStatus::Partial),
    ] {
        let these: Vec<&crate::check::verify::Gap> =
            v.gaps.iter().filter(|g| g.status == kind).collect();
        if these.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n");
        for (i, g) in these.iter().enumerate() {
            let _ = writeln!(out, "{}. **{}**", i + 1, cell(&g.truth));
            let missing = if g.missing.is_empty() {
                cell(&g.reason)
            } else {
                g.missing
                    .iter()
                    .map(|m| cell(m))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            if kind == GapStatus::Failed {
                let _ = writeln!(out, "   - Missing: {missing}");
                let _ = writeln!(out, "   - Impact: {}", cell(&g.reason));
                let _ = writeln!(out, "   - Fix: {}", fixes(g));
            } else {
                let _ = writeln!(out, "   - Issue: {}", cell(&g.reason));
                let _ = writeln!(
                    out,
                    "   - Impact: the phase is not complete until it is closed"
                );
                let _ = writeln!(out, "   - Recommendation: {missing}");
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_survive_any_text() {
        assert_eq!(yaml("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(yaml("bell\u{7}"), "\"bell\\u0007\"");
        assert_eq!(yaml("02-auth"), "02-auth");
        assert_eq!(yaml("2"), "\"2\"");
        assert_eq!(yaml("no"), "\"no\"");
    }

    #[test]
    fn code_spans_fall_back_for_hostile_text() {
        assert_eq!(code("src/a.ts"), "`src/a.ts`");
        assert_eq!(code("a|b"), "a\\|b");
        assert_eq!(code("x`y"), "x\\`y");
    }
}
