//! `planlint msg <FILE|->`: the commit-msg hook's door.
//!
//! Reads the message file git hands the hook (bounded, UTF-8 checked), lists `.planning/` when
//! the repository has one, reads the comment character, and lints. Everything it reads is at
//! the edges; the lint itself is [`crate::message::lint_source`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::cli::MsgArgs;
use crate::error::{Error, Result};
use crate::finding::SourceText;
use crate::message::{self, Comments, MessageContext};
use crate::planning::resolve::Plans;
use crate::planning::Planning;

use crate::outcome::Outcome;

use super::Context;

pub fn run(ctx: &Context, args: &MsgArgs) -> Result<Outcome> {
    let config = &ctx.config.message;
    let (name, text) = read_message(ctx, &args.file, config.max_bytes)?;
    let mut notes = Vec::new();
    // The hook runs on every commit: it lists only the folders the scope names. A scope
    // found nowhere, or one missing where the config asks for it, is told with the whole tree
    // at hand (`did you mean`, the open plans), so the lint then runs again on all of it.
    let focus = message::planning_focus(&message::parse(&text));
    let planning = match &ctx.root {
        Some(root) => {
            let p = Planning::discover_focused(root, &ctx.config.planning_dir, &focus);
            // Said only when it changes the verdict: in a repository that never used GSD, a
            // note on every commit through the hook would be noise.
            if !p.exists() && names_plan_or_phase(&text) {
                notes.push(format!(
                    "no {}/ folder in this repository: checking plain Conventional Commits, no plan scope is looked up",
                    ctx.config.planning_dir
                ));
            }
            Some(p)
        }
        None => {
            notes.push(
                "not inside a git repository: checking plain Conventional Commits, no plan scope is looked up"
                    .to_string(),
            );
            None
        }
    };
    let comments = Comments::from_git_value(
        ctx.root
            .as_deref()
            .and_then(crate::git::settings::comment_setting)
            .as_deref(),
    );
    let source = SourceText::new(name, text);
    let cx = MessageContext::new(config, planning.as_ref().map(Plans::only), comments.clone())?;
    let mut findings = message::lint_source(&source, &cx);
    let needs_all = |f: &crate::finding::Finding| {
        f.rule == message::PLAN_NOT_FOUND.id || f.rule == message::MISSING_PLAN_SCOPE.id
    };
    if let (Some(root), true) = (&ctx.root, findings.iter().any(needs_all)) {
        let whole = Planning::discover(root, &ctx.config.planning_dir);
        let cx = MessageContext::new(config, Some(Plans::only(&whole)), comments)?;
        findings = message::lint_source(&source, &cx);
    }
    Ok(Outcome {
        findings,
        notes,
        subject: "commit message".into(),
        ..Outcome::default()
    })
}

/// Whether the header's scope is one planlint would look up in `.planning/`.
fn names_plan_or_phase(text: &str) -> bool {
    use crate::message::ScopeKind;
    matches!(
        message::scope_kind(&message::parse(text)),
        Some(
            ScopeKind::Plans(_)
                | ScopeKind::Phase(..)
                | ScopeKind::PhaseFolder(..)
                | ScopeKind::Quick(_)
        )
    )
}

/// The message and what to call it in the report.
fn read_message(ctx: &Context, file: &Path, limit: u64) -> Result<(String, String)> {
    let too_large = |e: Error| {
        match e {
        Error::TooLarge {
            path, size, limit, ..
        } => Error::TooLarge {
            path,
            size,
            limit,
            help: "a commit message this large is almost certainly a mistake (a pasted log or diff?); `message.max-bytes` in planlint.toml raises the limit".into(),
        },
        other => other,
    }
    };
    if file == Path::new("-") {
        let stdin = PathBuf::from("<stdin>");
        let mut buf = Vec::new();
        let mut input = std::io::stdin().lock();
        (&mut input)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(&stdin, e))?;
        if buf.len() as u64 > limit {
            // Count the rest without keeping it, so the error can say how large it was.
            let rest = std::io::copy(&mut input, &mut std::io::sink()).unwrap_or(0);
            return Err(too_large(Error::TooLarge {
                path: stdin,
                size: buf.len() as u64 + rest,
                limit,
                help: String::new(),
            }));
        }
        let text = String::from_utf8(buf).map_err(|e| Error::NotUtf8 {
            path: stdin,
            offset: e.utf8_error().valid_up_to(),
        })?;
        return Ok(("<stdin>".into(), text));
    }
    let path = ctx.cwd.join(file);
    if path.is_dir() {
        return Err(Error::usage(format!(
            "{} is a directory, not a commit message file",
            file.display()
        )));
    }
    if !path.exists() {
        return Err(Error::usage_help(
            format!("the message file {} does not exist", file.display()),
            "git passes the message file to the commit-msg hook; by hand, run `planlint msg .git/COMMIT_EDITMSG`, or `planlint msg -` to read stdin",
        ));
    }
    let text = crate::fs::read_text(&path, limit).map_err(too_large)?;
    Ok((file.display().to_string(), text))
}
