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
    &MISSING_PLAN_SCOPE,
    &PLAN_ID_STYLE,
];

/// Everything a message is linted against. Built once per run and reused for every message.
#[derive(Debug)]
pub struct MessageContext<'a> {
    pub config: &'a MessageConfig,
    /// `None` (or a tree that does not exist): plain Conventional Commits, nothing looked up.
    pub planning: Option<&'a Planning>,
    /// A hook's file has comments to strip; a recorded commit does not.
    pub comments: Comments,
    ignore: Option<regex::RegexSet>,
}

impl<'a> MessageContext<'a> {
    pub fn new(
        config: &'a MessageConfig,
        planning: Option<&'a Planning>,
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
            planning,
            comments,
            ignore,
        })
    }

    /// The planning tree, when there is one to look scopes up in.
    pub fn planning(&self) -> Option<&'a Planning> {
        self.planning.filter(|p| p.exists())
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
    if parsed.header.is_some() && parsed.exempt.is_none() && cx.ignores(&cleaned(&parsed)) {
        return Vec::new();
    }
    lint::check(src, &parsed, cx)
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

/// What the scope of a message names. `fixup!`/`squash!`/`amend!` commits count for the header
/// they fix up; merges and reverts name nothing.
pub fn scope_kind(parsed: &Parsed<'_>) -> Option<ScopeKind> {
    let header = match parsed.exempt {
        Some(Exemption::Autosquash(span)) => parse::parse_header(parsed.text, span),
        Some(Exemption::Merge | Exemption::Revert) => return None,
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
}
