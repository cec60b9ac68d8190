//! Commit messages: the grammar (with spans) and the rules of SPEC §3.
//!
//! Pure from end to end: text and a [`MessageContext`] come in, findings go out. The commit-msg
//! hook (`planlint msg`) and the range checks call the same [`lint`]; the range checks also call
//! [`parse`] and [`plan_scopes`] to attribute each commit to its plans.
//!
//! - [`clean`]: git's hygiene (comments, scissors, CRLF, blank lines) keeping original offsets.
//! - [`parse`]: `type(scope)!: description`, body, trailers; the first syntax problem.
//! - [`scope`]: what a scope names (plans, phase, phase folder, quick task, word).
//! - `rules`: the findings, one primary cause per mistake, with the header corrected when it
//!   can be inferred.

use std::sync::Arc;

use crate::config::MessageConfig;
use crate::error::{Error, Result};
use crate::finding::{Finding, Rule, SourceText};
use crate::planning::resolve::Plans;
use crate::planning::{PlanId, Planning};

pub mod clean;
mod lint;
pub mod parse;
mod rules;
pub mod scope;

pub use clean::Comments;
pub use parse::{Exemption, Footer, Header, Parsed, Problem};
pub use rules::*;
pub use scope::{PlanRef, ScopeKind};

/// The rules of this module, for the registry.
pub static RULES: &[&Rule] = &[
    &EMPTY_MESSAGE,
    &HEADER_FORMAT,
    &MISSING_COLON,
    &SPACE_AFTER_COLON,
    &EMPTY_DESCRIPTION,
    &UNKNOWN_TYPE,
    &TYPE_CASE,
    &EMPTY_SCOPE,
    &SCOPE_NOT_ALLOWED,
    &HEADER_LENGTH,
    &TRAILING_PERIOD,
    &BODY_SEPARATION,
    &FOOTER_FORMAT,
    &PLAN_NOT_FOUND,
    &PLAN_AMBIGUOUS,
    &AUTOSQUASH,
    &PLAN_UNCOMMITTED,
    &MISSING_PLAN_SCOPE,
    &PLAN_ID_STYLE,
];

/// Everything a message is linted against. Built once per run; a range gives each commit its
/// own planning trees with [`MessageContext::with_plans`].
#[derive(Debug, Clone)]
pub struct MessageContext<'a> {
    pub config: &'a MessageConfig,
    /// `None` (or a tree that does not exist): plain Conventional Commits, nothing looked up.
    pub plans: Option<Plans<'a>>,
    /// A hook's file has comments to strip; a recorded commit does not.
    pub comments: Comments,
    ignore: Option<regex::RegexSet>,
}

impl<'a> MessageContext<'a> {
    pub fn new(
        config: &'a MessageConfig,
        plans: Option<Plans<'a>>,
        comments: Comments,
    ) -> Result<MessageContext<'a>> {
        let ignore = if config.ignore.is_empty() {
            None
        } else {
            Some(regex::RegexSet::new(&config.ignore).map_err(|e| {
                Error::usage_help(
                    format!("a `message.ignore` pattern is not a valid regex: {e}"),
                    "fix the pattern in planlint.toml",
                )
            })?)
        };
        Ok(MessageContext {
            config,
            plans,
            comments,
            ignore,
        })
    }

    /// The same context with other planning trees (a commit's own, in a range).
    pub fn with_plans<'b>(&self, plans: Option<Plans<'b>>) -> MessageContext<'b>
    where
        'a: 'b,
    {
        MessageContext {
            config: self.config,
            plans,
            comments: self.comments.clone(),
            ignore: self.ignore.clone(),
        }
    }

    /// The planning trees, when there is one to look scopes up in.
    pub fn plans(&self) -> Option<Plans<'a>> {
        self.plans.filter(|p| p.at.exists())
    }

    /// The planning tree the message is judged by, when there is one.
    pub fn planning(&self) -> Option<&'a Planning> {
        self.plans().map(|p| p.at)
    }

    fn ignores(&self, cleaned: &str) -> bool {
        self.ignore.as_ref().is_some_and(|s| s.is_match(cleaned))
    }
}

/// Lints a message; findings point into a source called `commit message`.
pub fn lint(text: &str, cx: &MessageContext<'_>) -> Vec<Finding> {
    lint_source(&SourceText::new("commit message", text), cx)
}

/// Lints a message already wrapped as a source (its name shows in the report).
pub fn lint_source(src: &Arc<SourceText>, cx: &MessageContext<'_>) -> Vec<Finding> {
    let parsed = parse::parse(&src.text, &cx.comments);
    if parsed.header.is_some()
        && parsed.exempt.is_none()
        && cx.ignore.is_some()
        && cx.ignores(&cleaned(&parsed))
    {
        return Vec::new();
    }
    lint::check(src, &parsed, cx)
}

/// The finding for a `fixup!`/`squash!`/`amend!` commit, for the doors that refuse them (see
/// `msg/autosquash`).
pub fn autosquash(src: &Arc<SourceText>) -> Option<Finding> {
    let parsed = parse::parse(&src.text, &Comments::Keep);
    let Some(Exemption::Autosquash(rest)) = parsed.exempt else {
        return None;
    };
    let header = parsed.header?;
    let prefix = crate::finding::Span::new(header.span.start, rest.start);
    Some(
        Finding::new(
            &AUTOSQUASH,
            "a fixup commit: fold it into the commit it fixes before it is shared",
        )
        .spanned(src, prefix)
        .label("folded by `git rebase -i --autosquash`")
        .help("`git rebase -i --autosquash @{upstream}` folds it in; then push again"),
    )
}

/// Parses a message as recorded in a commit (no comment stripping).
pub fn parse(text: &str) -> Parsed<'_> {
    parse::parse(text, &Comments::Keep)
}

/// The message as git records it, lines joined with `\n`.
pub fn cleaned(parsed: &Parsed<'_>) -> String {
    let mut out = String::with_capacity(parsed.text.len());
    for (i, l) in parsed.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&parsed.text[l.start..l.end]);
    }
    out
}

/// The part of the planning tree the message's scope needs: its plans' phases, its phase, its
/// quick task; nothing for a scope that names none of them.
pub fn planning_focus(parsed: &Parsed<'_>) -> crate::planning::layout::Focus {
    let mut focus = crate::planning::layout::Focus::default();
    match scope_kind(parsed) {
        Some(ScopeKind::Plans(refs)) => {
            focus.phases = refs.into_iter().map(|r| r.id.phase).collect();
        }
        Some(ScopeKind::Phase(id, _) | ScopeKind::PhaseFolder(id, _)) => focus.phases = vec![id],
        Some(ScopeKind::Quick(span)) => {
            focus.quick = crate::planning::QuickId::of_scope(&parsed.text[span.start..span.end])
                .into_iter()
                .collect();
        }
        Some(ScopeKind::Named) | None => {}
    }
    focus
}

/// What the scope of a message names. `fixup!`/`squash!`/`amend!` commits count for the header
/// they fix up, reverts and reapplies for the header they quote; merges name nothing.
pub fn scope_kind(parsed: &Parsed<'_>) -> Option<ScopeKind> {
    let header = match parsed.exempt {
        Some(Exemption::Autosquash(span)) => parse::parse_header(parsed.text, span),
        // `Revert "feat(02-01): add x"`, `Reapply "..."`: the work of the commit it undoes or
        // redoes, and of its plan.
        Some(Exemption::Revert) => {
            let line = parsed.lines.first()?;
            let text = &parsed.text[line.start..line.end];
            let open = text.find('"')? + 1;
            let close = text.rfind('"').filter(|&c| c > open)?;
            parse::parse_header(
                parsed.text,
                crate::finding::Span::new(line.start + open, line.start + close),
            )
        }
        Some(Exemption::Merge | Exemption::Release | Exemption::Ship) => return None,
        None => parsed.header.clone()?,
    };
    let sc = header.scope?;
    Some(scope::classify(parsed.text, sc.inner))
}

/// The plans a message's scope names, for attributing a commit's changes.
pub fn plan_scopes(parsed: &Parsed<'_>) -> Vec<PlanId> {
    match scope_kind(parsed) {
        Some(ScopeKind::Plans(refs)) => refs.into_iter().map(|r| r.id).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        plan_scopes(&parse(text))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn plan_scopes_for_attribution() {
        assert_eq!(ids("feat(2-3): x"), ["02-03"]);
        assert_eq!(ids("feat(12-05,06): x"), ["12-05", "12-06"]);
        assert_eq!(ids("fixup! feat(02-01): x"), ["02-01"]);
        assert!(ids("Merge branch 'feat(02-01)'").is_empty());
        assert_eq!(
            ids("Revert \"feat(02-01): add x\"\n\nThis reverts commit abc."),
            ["02-01"]
        );
        assert_eq!(ids("Reapply \"feat(03-02): y\""), ["03-02"]);
        assert!(ids("docs(state): x").is_empty());
    }

    #[test]
    fn ignore_patterns_skip_messages() {
        let config = MessageConfig {
            ignore: vec!["^WIP".into()],
            ..MessageConfig::default()
        };
        let cx = MessageContext::new(&config, None, Comments::Keep).unwrap();
        assert!(lint("WIP stuff", &cx).is_empty());
        assert!(!lint("stuff", &cx).is_empty());
    }

    #[test]
    fn every_fault_of_a_header_gets_the_one_correction() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join(".planning/phases/02-a/02-03-PLAN.md");
        std::fs::create_dir_all(plan.parent().unwrap()).unwrap();
        std::fs::write(&plan, "---\nphase: 02\n---\n").unwrap();
        let planning = Planning::discover(dir.path(), ".planning");
        let config = MessageConfig::default();
        let cx =
            MessageContext::new(&config, Some(Plans::only(&planning)), Comments::Keep).unwrap();
        let found = lint("Feat(2-3) add x.", &cx);
        let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
        assert!(rules.contains(&"msg/missing-colon"), "{rules:?}");
        assert!(rules.contains(&"msg/plan-id-style"), "{rules:?}");
        for f in &found {
            assert_eq!(
                f.suggestion.as_deref(),
                Some("feat(02-03): add x"),
                "{}",
                f.rule
            );
        }
    }
}
