//! The message rules applied: from a [`Parsed`] message to findings.
//!
//! One primary cause per mistake: a header that leaves the grammar gets one finding for the
//! first place it does (its [`Problem`]), not one per symptom, and a scope that names nothing
//! is not also told it lacks a plan. Each header finding carries the corrected header when it
//! can be inferred, with every inferable fix applied, so an agent that copies it passes.

use std::sync::Arc;

use crate::config::ScopePolicy;
use crate::finding::{Finding, Location, Rule, Severity, SourceText, Span};
use crate::planning::resolve::{Found, Plans};
use crate::planning::{PhaseId, PlanId, PlanKind, Planning, QuickId};

use super::parse::{self, Header, Parsed, Problem};
use super::rules::*;
use super::scope::{self, PlanRef, ScopeKind};
use super::MessageContext;

/// Checks a parsed message.
pub(super) fn check(
    src: &Arc<SourceText>,
    parsed: &Parsed<'_>,
    cx: &MessageContext<'_>,
) -> Vec<Finding> {
    let Some(header) = &parsed.header else {
        return vec![Finding::new(
            &EMPTY_MESSAGE,
            "the commit message is empty, so git will abort this commit",
        )
        .at(Location::path(src.name.clone()))
        .help("write a header such as `feat(02-01): add the login form`; lines starting with the comment character do not count")];
    };
    if parsed.exempt.is_some() {
        return Vec::new();
    }
    let mut l = Lint {
        src,
        p: parsed,
        cx,
        out: Vec::new(),
        scope_fix: None,
    };
    l.header(header);
    l.body_and_footers();
    l.out.sort_by_key(|f| f.location.span.map(|s| s.start));
    l.out
}

struct Lint<'a, 't> {
    src: &'a Arc<SourceText>,
    p: &'a Parsed<'t>,
    cx: &'a MessageContext<'a>,
    out: Vec<Finding>,
    /// A sure fix of the scope (a plan id as the files write it), for the one correction.
    scope_fix: Option<(Span, String)>,
}

/// What the type is, against the allowed list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeVerdict {
    Known,
    /// Allowed once lower-cased.
    Case(String),
    /// Not allowed; the closest allowed type by alias or typo distance, if any.
    Unknown(Option<String>),
}

/// At most this many footer lines are reported per message.
const MAX_FOOTER_FINDINGS: usize = 10;

/// Names people use for the default types.
const ALIASES: [(&str, &str); 18] = [
    ("feature", "feat"),
    ("features", "feat"),
    ("feats", "feat"),
    ("bugfix", "fix"),
    ("hotfix", "fix"),
    ("fixes", "fix"),
    ("doc", "docs"),
    ("documentation", "docs"),
    ("tests", "test"),
    ("testing", "test"),
    ("refactoring", "refactor"),
    ("performance", "perf"),
    ("chores", "chore"),
    ("builds", "build"),
    ("styles", "style"),
    ("formatting", "style"),
    ("reverts", "revert"),
    ("cicd", "ci"),
];

/// First words of a sentence-style header and the type they imply, for `Added login form`.
const VERBS: [(&str, &str); 24] = [
    ("add", "feat"),
    ("adds", "feat"),
    ("added", "feat"),
    ("adding", "feat"),
    ("implement", "feat"),
    ("implements", "feat"),
    ("implemented", "feat"),
    ("introduce", "feat"),
    ("introduced", "feat"),
    ("create", "feat"),
    ("created", "feat"),
    ("fixed", "fix"),
    ("fixing", "fix"),
    ("resolve", "fix"),
    ("resolved", "fix"),
    ("document", "docs"),
    ("documented", "docs"),
    ("refactored", "refactor"),
    ("restructure", "refactor"),
    ("optimize", "perf"),
    ("optimise", "perf"),
    ("optimized", "perf"),
    ("reformat", "style"),
    ("reformatted", "style"),
];

fn judge_type(t: &str, types: &[String]) -> TypeVerdict {
    if types.iter().any(|x| x == t) {
        return TypeVerdict::Known;
    }
    let lower = t.to_lowercase();
    if types.contains(&lower) {
        return TypeVerdict::Case(lower);
    }
    let alias = ALIASES
        .iter()
        .find(|(a, _)| *a == lower)
        .map(|(_, to)| *to)
        .filter(|to| types.iter().any(|x| x == to));
    if let Some(a) = alias {
        return TypeVerdict::Unknown(Some(a.to_string()));
    }
    TypeVerdict::Unknown(
        crate::suggest::closest(&lower, types.iter().map(String::as_str)).map(str::to_string),
    )
}

impl TypeVerdict {
    /// The type to write, when it can be inferred.
    fn fixed<'s>(&'s self, written: &'s str) -> Option<&'s str> {
        match self {
            TypeVerdict::Known => Some(written),
            TypeVerdict::Case(s) | TypeVerdict::Unknown(Some(s)) => Some(s),
            TypeVerdict::Unknown(None) => None,
        }
    }
}

impl Lint<'_, '_> {
    fn str(&self, span: Span) -> &str {
        self.p.str(span)
    }

    fn push(&mut self, rule: &'static Rule, span: Span, message: String) -> &mut Finding {
        self.out
            .push(Finding::new(rule, message).spanned(self.src, span));
        self.out.last_mut().expect("just pushed")
    }

    fn types_list(&self) -> String {
        self.cx.config.types.join(", ")
    }

    fn header(&mut self, h: &Header) {
        let ty = self.str(h.ty).to_string();
        let verdict = judge_type(&ty, &self.cx.config.types);
        let sentence = h
            .problem
            .is_some_and(|p| matches!(p, Problem::MissingColon(_)))
            && h.scope.is_none()
            && h.bang.is_none();
        // `Added login form`: a sentence, not a header; one finding, not a colon and a type.
        let no_header = !ty.starts_with(char::is_alphabetic)
            || (sentence && matches!(verdict, TypeVerdict::Unknown(_)));
        let fixed = if no_header {
            self.sentence_fix(h)
        } else {
            self.corrected(h, &verdict, None)
        };
        let fixed = fixed.filter(|f| f != self.str(h.span));

        if let Some(problem) = h.problem {
            self.problem(h, problem, no_header, fixed.clone());
        }
        // `Fix crash`: the colon finding's correction lower-cases the type; one finding, not two.
        let sentence_case = sentence && matches!(verdict, TypeVerdict::Case(_));
        if !no_header && !sentence_case {
            self.type_rules(h, &ty, &verdict, fixed.clone());
        }
        self.length(h);
        self.trailing_period(h, fixed.clone());
        let scope_ok = !matches!(
            h.problem,
            Some(
                Problem::NoType(_)
                    | Problem::UnclosedScope(_)
                    | Problem::ScopeSpace(_)
                    | Problem::EmptyScope(_)
            )
        );
        if !no_header && scope_ok {
            if let Some(t) = verdict.fixed(&ty).map(str::to_string) {
                self.scope_rules(h, &t, &verdict);
            }
        }
        // One `try:` for every fault: a header with several gets the same correction under
        // each finding, with all of the sure fixes applied (the plan id as the files write it
        // among them), so copying any one of them passes.
        if let Some(scope_fix) = self.scope_fix.take() {
            if let Some(all) = self.corrected(h, &verdict, Some((scope_fix.0, &scope_fix.1))) {
                for f in &mut self.out {
                    if f.suggestion.is_some() && f.rule != PLAN_NOT_FOUND.id {
                        f.suggestion = Some(all.clone());
                    }
                }
            }
        }
    }

    /// The corrected header: type fixed, scope trimmed (or replaced), one `: `, no trailing
    /// period. `None` when the type or description cannot be inferred.
    fn corrected(
        &self,
        h: &Header,
        verdict: &TypeVerdict,
        scope_replacement: Option<(Span, &str)>,
    ) -> Option<String> {
        let ty = verdict.fixed(self.str(h.ty))?;
        let mut out = ty.to_string();
        if let Some(sc) = h.scope {
            let inner = match scope_replacement {
                Some((span, with)) => format!(
                    "{}{with}{}",
                    &self.p.text[sc.inner.start..span.start],
                    &self.p.text[span.end..sc.inner.end]
                ),
                None => self.str(sc.inner).to_string(),
            };
            let inner = inner.trim();
            if !inner.is_empty() {
                out.push('(');
                out.push_str(inner);
                out.push(')');
            }
        }
        if h.bang.is_some() {
            out.push('!');
        }
        let desc = description_fixed(self.str(h.description))?;
        out.push_str(": ");
        out.push_str(&desc);
        well_formed(out)
    }

    /// `Added login form` -> `feat: added login form`, when the first word implies a type.
    fn sentence_fix(&self, h: &Header) -> Option<String> {
        let line = self.str(h.span).trim_start();
        let first = line.split_whitespace().next()?.to_lowercase();
        let ty = VERBS
            .iter()
            .find(|(v, _)| *v == first)
            .map(|(_, t)| *t)
            .filter(|t| self.cx.config.types.iter().any(|x| x == t))?;
        let mut chars = line.chars();
        let head: String = chars.next()?.to_lowercase().collect();
        let desc = description_fixed(&format!("{head}{}", chars.as_str()))?;
        well_formed(format!("{ty}: {desc}"))
    }

    fn problem(&mut self, h: &Header, problem: Problem, no_header: bool, fixed: Option<String>) {
        let span = match problem {
            // The word that is not a type, not the place a colon would go.
            Problem::MissingColon(_) if no_header => h.ty,
            p => p.span(),
        };
        let types = self.types_list();
        let (rule, message, label, help): (
            &'static Rule,
            String,
            &'static str,
            std::borrow::Cow<'static, str>,
        ) = match problem {
            Problem::LeadingSpace(_) => (
                &HEADER_FORMAT,
                "the header starts with whitespace".into(),
                "remove this",
                "git keeps it in the subject; start the header with the type".into(),
            ),
            Problem::NoType(_) => (
                &HEADER_FORMAT,
                "the header has no type".into(),
                "expected a type here",
                format!("a header reads `type(scope): description`; types: {types}").into(),
            ),
            Problem::MissingColon(_) if no_header => (
                &HEADER_FORMAT,
                format!(
                    "the header does not start with a type: `{}` is not one",
                    self.str(h.ty)
                ),
                "not a commit type",
                format!("a header reads `type(scope): description`; types: {types}").into(),
            ),
            Problem::StraySpace(_) => (
                &HEADER_FORMAT,
                "whitespace inside the `type(scope)!:` prefix".into(),
                "remove this",
                "type, scope, `!` and `:` are written together: `feat(02-01)!: ...`".into(),
            ),
            Problem::BangBeforeScope(_) => (
                &HEADER_FORMAT,
                "the `!` of a breaking change goes after the scope".into(),
                "move this after `)`",
                "write `feat(02-01)!: ...`".into(),
            ),
            Problem::UnclosedScope(_) => (
                &HEADER_FORMAT,
                "the scope's `(` is never closed".into(),
                "unclosed",
                "close the scope before the colon: `feat(02-01): ...`".into(),
            ),
            Problem::ScopeSpace(_) => (
                &HEADER_FORMAT,
                "whitespace inside the scope's parentheses".into(),
                "remove this",
                "write the scope without spaces: `feat(02-01): ...`".into(),
            ),
            Problem::EmptyScope(_) => (
                &EMPTY_SCOPE,
                "the scope `()` is empty".into(),
                "empty scope",
                "name the plan, `(02-01)`, or drop the parentheses".into(),
            ),
            Problem::MissingColon(_) => (
                &MISSING_COLON,
                "expected `:` after the type and scope".into(),
                "expected `:` here",
                "the colon separates the type and scope from the description".into(),
            ),
            Problem::SpaceAfterColon(s)
                if !s.is_empty() && !self.str(s).starts_with([' ', '\t']) =>
            {
                (
                    &SPACE_AFTER_COLON,
                    "expected one space after the colon".into(),
                    "expected a space before this",
                    "write `: ` between the prefix and the description".into(),
                )
            }
            Problem::SpaceAfterColon(_) => (
                &SPACE_AFTER_COLON,
                "expected exactly one space after the colon".into(),
                "only one space here",
                "write `: ` between the prefix and the description".into(),
            ),
            Problem::EmptyDescription(_) => (
                &EMPTY_DESCRIPTION,
                "the description after the colon is empty".into(),
                "nothing after this",
                "say what the commit does: `feat(02-01): add the login form`".into(),
            ),
        };
        let f = self.push(rule, span, message).lbl(label).hlp(help);
        if let Some(fixed) = fixed {
            f.suggestion = Some(fixed);
        }
    }

    fn type_rules(&mut self, h: &Header, ty: &str, verdict: &TypeVerdict, fixed: Option<String>) {
        let f = match verdict {
            TypeVerdict::Known => return,
            TypeVerdict::Case(lower) => self
                .push(
                    &TYPE_CASE,
                    h.ty,
                    format!("the type `{ty}` is not lower case"),
                )
                .lbl(format!("write `{lower}`"))
                .hlp("types are lower case"),
            TypeVerdict::Unknown(close) => {
                let types = self.types_list();
                let f = self
                    .push(
                        &UNKNOWN_TYPE,
                        h.ty,
                        format!("`{ty}` is not an allowed type"),
                    )
                    .lbl("unknown type");
                match close {
                    Some(c) => f.hlp(format!("did you mean `{c}`? types: {types}")),
                    None => f.hlp(format!(
                        "types: {types} (add more under `message.types` in planlint.toml)"
                    )),
                }
            }
        };
        f.suggestion = fixed;
    }

    fn length(&mut self, h: &Header) {
        let max = self.cx.config.max_header_length;
        // GitHub appends ` (#123)` to a squash-merged pull request's title.
        let line = strip_pr_suffix(self.str(h.span));
        let Some((cut, _)) = line.char_indices().nth(max) else {
            return;
        };
        let n = line.chars().count();
        self.push(
            &HEADER_LENGTH,
            Span::new(h.span.start + cut, h.span.start + line.len()),
            format!("the header is {n} characters long; the limit is {max}"),
        )
        .lbl(format!("{} over", n - max))
        .hlp("shorten the description; the details belong in the body, after a blank line");
    }

    fn trailing_period(&mut self, h: &Header, fixed: Option<String>) {
        let d = self.str(h.description);
        if d.ends_with('.') && !d.ends_with("..") {
            let span = Span::new(h.description.end - 1, h.description.end);
            let f = self
                .push(
                    &TRAILING_PERIOD,
                    span,
                    "the description ends with a period".into(),
                )
                .lbl("remove this")
                .hlp("a header is a title, not a sentence");
            f.suggestion = fixed;
        }
    }

    /// Scope policy and lookups; `ty` is the type as it should be written.
    fn scope_rules(&mut self, h: &Header, ty: &str, verdict: &TypeVerdict) {
        let policy = self.cx.config.scope_policy(ty);
        let kind = h.scope.map(|sc| scope::classify(self.p.text, sc.inner));
        if let (ScopePolicy::None, Some(sc)) = (policy, h.scope) {
            let without = Header {
                scope: None,
                ..h.clone()
            };
            let fixed = self.corrected(&without, verdict, None);
            let f = self
                .push(
                    &SCOPE_NOT_ALLOWED,
                    sc.outer,
                    format!("`{ty}` commits take no scope"),
                )
                .lbl("remove this")
                .hlp("`message.scopes` in planlint.toml sets this type's policy to `none`");
            f.suggestion = fixed;
            return;
        }
        let Some(plans) = self.cx.plans() else {
            return;
        };
        if let (Some(kind), Some(_)) = (&kind, h.scope) {
            if self.lookup(h, kind, &plans, verdict) {
                return;
            }
        }
        let required = match policy {
            ScopePolicy::Plan => Severity::Error,
            ScopePolicy::PlanPreferred => Severity::Warning,
            ScopePolicy::Any | ScopePolicy::None => return,
        };
        if kind.as_ref().is_some_and(ScopeKind::names_plan_work) {
            return;
        }
        self.missing_plan(h, ty, kind.as_ref(), required, plans.at, verdict);
    }

    /// Looks the scope up; true when it reported something (so nothing else is said of it).
    fn lookup(
        &mut self,
        h: &Header,
        kind: &ScopeKind,
        plans: &Plans<'_>,
        verdict: &TypeVerdict,
    ) -> bool {
        let planning = plans.at;
        let dir = planning.dir();
        match kind {
            ScopeKind::Named => false,
            ScopeKind::Plans(refs) => {
                let mut reported = false;
                for r in refs {
                    reported |= self.lookup_plan(h, r, plans, verdict);
                }
                reported
            }
            ScopeKind::Phase(id, span) | ScopeKind::PhaseFolder(id, span) => {
                let written = self.str(*span).to_string();
                let found = match kind {
                    ScopeKind::PhaseFolder(..) => plans.phase_named(&written, id).map(|p| &p.dir),
                    _ => plans.phase(id).map(|p| &p.dir),
                };
                match found {
                    Found::At(_) | Found::Later(_) | Found::Ambiguous(_) => false,
                    Found::WorkTreeOnly(folder) => {
                        self.uncommitted(*span, &format!("phase {id}"), folder);
                        true
                    }
                    // The commit does not carry its plans: nothing is known to be missing.
                    Found::NotFound if plans.missing_ok => true,
                    // `fix(262)` well past every phase is an issue number, not a phase.
                    Found::NotFound if issue_number(&written, id, planning) => false,
                    Found::NotFound => {
                        let msg = format!(
                            "the scope `{written}` names no phase: there is no phase {id} under {dir}/"
                        );
                        let help = phase_help(planning, id);
                        let f = self
                            .push(&PLAN_NOT_FOUND, *span, msg)
                            .lbl("no such phase")
                            .hlp(help);
                        f.location.plan = Some(id.to_string());
                        true
                    }
                }
            }
            ScopeKind::Quick(span) => {
                let id = self.str(*span).to_string();
                let found = QuickId::of_scope(&id).map(|q| plans.quick(&q).map(|t| &t.dir));
                match found {
                    Some(Found::At(_) | Found::Later(_) | Found::Ambiguous(_)) => return false,
                    Some(Found::WorkTreeOnly(folder)) => {
                        self.uncommitted(*span, &format!("quick task {id}"), folder);
                        return true;
                    }
                    Some(Found::NotFound) if plans.missing_ok => return true,
                    Some(Found::NotFound) | None => {}
                }
                // GSD's quick workflow has written the plan's number as the scope of a dated
                // task's commits (`feat(quick-01): add …`, `docs(quick-01): complete 260403-nvv
                // plan summary`): where the quick tasks are all dated (in the commit's tree and
                // the range's tips: the task is often committed after its code), `quick-NN` is
                // such a plan, and which task it belongs to is not written down.
                let numbered = matches!(QuickId::of_scope(&id), Some(QuickId::Numbered(_)));
                let trees = std::iter::once(plans.at)
                    .chain(plans.later.iter().map(|p| &**p))
                    .chain(plans.work_tree);
                let tasks: Vec<&QuickId> = trees
                    .flat_map(|t| t.quick_tasks().iter().map(|q| &q.id))
                    .collect();
                let all_dated =
                    !tasks.is_empty() && tasks.iter().all(|q| matches!(q, QuickId::Dated(_)));
                if numbered && all_dated {
                    return false;
                }
                let known: Vec<String> = planning
                    .quick_tasks()
                    .iter()
                    .map(|q| match &q.id {
                        QuickId::Dated(d) => d.clone(),
                        QuickId::Numbered(n) => n.to_string(),
                    })
                    .collect();
                let close = crate::suggest::closest(&id, known.iter().map(String::as_str));
                let help = match close {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("quick tasks live in {dir}/quick/YYMMDD-xxx-slug/"),
                };
                let fixed = close.and_then(|c| self.corrected(h, verdict, Some((*span, c))));
                let f = self
                    .push(
                        &PLAN_NOT_FOUND,
                        *span,
                        format!("the scope names quick task {id}, which is not under {dir}/quick/"),
                    )
                    .lbl("no such quick task")
                    .hlp(help);
                f.suggestion = fixed;
                f.location.plan = QuickId::of_scope(&id).map(|q| q.to_string());
                true
            }
        }
    }

    /// A scope that names what only the work tree holds: right here, missing in CI.
    fn uncommitted(&mut self, span: Span, what: &str, path: &str) {
        self.push(
            &PLAN_UNCOMMITTED,
            span,
            format!("{what} exists only in the work tree, not in this commit or the range it is pushed with"),
        )
        .lbl("not committed")
        .hlp(format!(
            "commit `{path}` with this change (or before it): CI checks the plans the commits carry and will report this scope as naming nothing"
        ));
    }

    fn lookup_plan(
        &mut self,
        h: &Header,
        r: &PlanRef,
        plans: &Plans<'_>,
        verdict: &TypeVerdict,
    ) -> bool {
        let id = &r.id;
        let planning = plans.at;
        match plans.plan(id) {
            Found::At(file) | Found::Later(file) => {
                if !r.short && id.raw() != file.id.raw() && file.kind == PlanKind::Numbered {
                    let files = file.id.raw().to_string();
                    let fixed = self.corrected(h, verdict, Some((r.span, &files)));
                    if refs_single(h, r) {
                        self.scope_fix = Some((r.span, files.clone()));
                    }
                    let f = self
                        .push(
                            &PLAN_ID_STYLE,
                            r.span,
                            format!(
                                "`{}` names plan {files}; its files write it `{files}`",
                                id.raw()
                            ),
                        )
                        .lbl(file.path.clone())
                        .hlp("accepted: ids compare as numbers; written as the files write it, the history stays searchable by text");
                    f.suggestion = fixed;
                }
                false
            }
            Found::WorkTreeOnly(file) => {
                self.uncommitted(r.span, &format!("plan {id}"), &file.path);
                true
            }
            Found::Ambiguous(files) => {
                let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
                self.push(
                    &PLAN_AMBIGUOUS,
                    r.span,
                    format!("plan {id} exists in {} places: {}", paths.len(), paths.join(" and ")),
                )
                .lbl("which one?")
                .hlp("planlint will not guess: renumber one plan, or move the old one under milestones/");
                true
            }
            Found::NotFound if plans.missing_ok => true,
            Found::NotFound => {
                let dir = planning.dir();
                let written = self.str(r.span).to_string();
                let guess = planning.suggest(&id.to_string());
                let help = match &guess {
                    Some(g) => format!("did you mean {g}?"),
                    None => plans_help(planning, &id.phase),
                };
                let fixed = guess
                    .as_deref()
                    .and_then(|g| self.corrected(h, verdict, Some((r.span, g))));
                let f = self
                    .push(
                        &PLAN_NOT_FOUND,
                        r.span,
                        format!(
                            "the scope names plan {id}, which has no {id}-PLAN.md under {dir}/"
                        ),
                    )
                    .lbl(if written == id.to_string() {
                        "no such plan".to_string()
                    } else {
                        format!("plan {id}: no such plan")
                    })
                    .hlp(help);
                f.suggestion = fixed;
                f.location.plan = Some(id.to_string());
                true
            }
        }
    }

    fn missing_plan(
        &mut self,
        h: &Header,
        ty: &str,
        kind: Option<&ScopeKind>,
        severity: Severity,
        planning: &Planning,
        verdict: &TypeVerdict,
    ) {
        let phase = match kind {
            Some(ScopeKind::Phase(id, _) | ScopeKind::PhaseFolder(id, _)) => Some(id),
            _ => None,
        };
        let open: Vec<&PlanId> = planning
            .phases()
            .iter()
            .filter(|p| !p.area.is_archived() && phase.is_none_or(|id| &p.id == id))
            .flat_map(|p| p.plans.iter())
            .filter(|f| f.summary.is_none())
            .map(|f| &f.id)
            .collect();
        let must = if severity == Severity::Error {
            "must"
        } else {
            "should"
        };
        let (span, label) = match (h.scope, kind) {
            (Some(sc), Some(ScopeKind::Phase(..) | ScopeKind::PhaseFolder(..))) => {
                (sc.inner, "a phase, not a plan")
            }
            (Some(sc), _) => (sc.inner, "not a plan"),
            (None, _) => (h.ty, "no plan scope"),
        };
        let mut help = format!("write `{ty}(NN-MM): ...` with the plan this implements, or `{ty}(quick-YYMMDD-xxx): ...`");
        if !open.is_empty() {
            let list: Vec<String> = open.iter().take(5).map(|id| id.to_string()).collect();
            let more = if open.len() > 5 { ", ..." } else { "" };
            help.push_str(&format!(
                "; plans without a SUMMARY yet: {}{more}",
                list.join(", ")
            ));
        }
        let fixed = match (open.as_slice(), h.scope) {
            ([only], Some(sc)) => self.corrected(h, verdict, Some((sc.inner, &only.to_string()))),
            ([only], None) => {
                // An empty scope right after the type, filled with the plan.
                let at = Span::new(h.ty.end, h.ty.end);
                let with = Header {
                    scope: Some(parse::ScopeParens {
                        outer: at,
                        inner: at,
                    }),
                    ..h.clone()
                };
                self.corrected(&with, verdict, Some((at, &only.to_string())))
            }
            _ => None,
        };
        let f = self
            .push(
                &MISSING_PLAN_SCOPE,
                span,
                format!("`{ty}` commits {must} name the plan they implement"),
            )
            .lbl(label)
            .hlp(help)
            .sev(severity);
        f.suggestion = fixed;
    }

    fn body_and_footers(&mut self) {
        let p = self.p;
        if let Some(second) = p.lines.get(1).filter(|l| !l.is_blank()) {
            self.push(
                &BODY_SEPARATION,
                Span::new(second.start, second.end),
                "expected a blank line between the header and the body".into(),
            )
            .lbl("this line joins the subject")
            .hlp("insert an empty line after the header");
        }
        // A few lines make the point; thousands (a pasted log) would only bury it.
        for line in p.bad_footer_lines.iter().take(MAX_FOOTER_FINDINGS) {
            let text = &p.text[line.start..line.end];
            let fixed = parse::near_trailer(text);
            let f = self
                .push(
                    &FOOTER_FORMAT,
                    Span::new(line.start, line.end),
                    "this footer line is not a git trailer, so the block is not read as trailers".into(),
                )
                .lbl("not `Token: value`")
                .hlp("write trailers as `Token: value` (no spaces in the token) or `BREAKING CHANGE: description`");
            f.suggestion = fixed;
        }
        for footer in &p.footers {
            let token = p.str(footer.token);
            let normal = token.to_ascii_uppercase().replace('-', " ");
            if normal == "BREAKING CHANGE" && !parse::is_breaking_token(token) {
                let f = self
                    .push(
                        &FOOTER_FORMAT,
                        footer.token,
                        format!("`{token}` is not recognised as a breaking change"),
                    )
                    .lbl("write `BREAKING CHANGE`")
                    .hlp(
                        "the token is upper case: `BREAKING CHANGE: ...` or `BREAKING-CHANGE: ...`",
                    );
                f.suggestion = Some(format!("BREAKING CHANGE: {}", p.str(footer.value)));
            }
        }
    }
}

/// Builder steps on a finding already pushed.
trait Amend {
    fn lbl(&mut self, label: impl Into<std::borrow::Cow<'static, str>>) -> &mut Self;
    fn hlp(&mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> &mut Self;
    fn sev(&mut self, severity: Severity) -> &mut Self;
}

impl Amend for Finding {
    fn lbl(&mut self, label: impl Into<std::borrow::Cow<'static, str>>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    fn hlp(&mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    fn sev(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}

/// A scope of bare digits far past the project's last phase (`fix(262)` where phases stop at
/// 39) reads as an issue or ticket number: GSD numbers phases one after another.
fn issue_number(written: &str, id: &PhaseId, planning: &Planning) -> bool {
    let last = planning
        .phases()
        .iter()
        .map(|p| p.id.number())
        .max()
        .unwrap_or(0);
    written.bytes().all(|b| b.is_ascii_digit()) && id.number() > last + 5
}

/// Whether `r` is the whole scope of `h`: only then is replacing it the whole scope's fix.
fn refs_single(h: &Header, r: &PlanRef) -> bool {
    h.scope
        .is_some_and(|sc| sc.inner.start <= r.span.start && r.span.end <= sc.inner.end)
        && !r.short
}

/// A header without the ` (#123)` a squash merge on GitHub appends.
fn strip_pr_suffix(line: &str) -> &str {
    let Some(open) = line.rfind(" (#") else {
        return line;
    };
    let tail = &line[open + 3..];
    match tail.strip_suffix(')') {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => &line[..open],
        _ => line,
    }
}

/// A corrected header is offered only if it parses cleanly itself: a suggestion that fails
/// again would send an agent round in circles.
fn well_formed(header: String) -> Option<String> {
    let h = parse::parse_header(&header, Span::new(0, header.len()));
    h.problem.is_none().then_some(header)
}

/// The description as it should be: trimmed, without a trailing period; `None` when empty.
fn description_fixed(d: &str) -> Option<String> {
    let d = d.trim();
    let d = match d.strip_suffix('.') {
        Some(s) if !s.ends_with('.') => s.trim_end(),
        _ => d,
    };
    (!d.is_empty()).then(|| d.to_string())
}

fn phase_help(planning: &Planning, id: &PhaseId) -> String {
    let mut ids: Vec<String> = planning
        .phases()
        .iter()
        .filter(|p| !p.area.is_archived())
        .map(|p| p.id.to_string())
        .collect();
    ids.dedup();
    let close = crate::suggest::closest(&id.to_string(), ids.iter().map(String::as_str));
    match close {
        Some(c) => format!("did you mean phase {c}?"),
        None if ids.is_empty() => format!("{}/phases/ holds no phase folder", planning.dir()),
        None => format!("phases: {}", ids.join(", ")),
    }
}

fn plans_help(planning: &Planning, phase: &PhaseId) -> String {
    let in_phase: Vec<String> = planning
        .plans()
        .filter(|f| &f.id.phase == phase)
        .map(|f| f.id.to_string())
        .collect();
    if in_phase.is_empty() {
        format!(
            "phase {phase} has no plans; {}",
            phase_help(planning, phase)
        )
    } else {
        format!("plans of phase {phase}: {}", in_phase.join(", "))
    }
}
