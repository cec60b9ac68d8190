//! The commit message rules: each one's id, default severity and explanation. What applies
//! them is [`super::lint`].

use crate::finding::{Rule, Severity};

macro_rules! rule {
    ($name:ident, $id:literal, $sev:ident, $summary:literal, $explanation:literal) => {
        pub static $name: Rule = Rule {
            id: $id,
            severity: Severity::$sev,
            summary: $summary,
            explanation: $explanation,
        };
    };
}

rule!(
    EMPTY_MESSAGE,
    "msg/empty-message",
    Error,
    "The commit message is empty once comments are removed",
    "Git aborts a commit whose message is empty after it strips comment lines (`#`, or \
     core.commentChar) and everything below the scissors line of `git commit -v`. planlint \
     says so instead of letting the hook pass silently.\n\nWrite a header such as \
     `feat(02-01): add the login form`."
);
rule!(
    HEADER_FORMAT,
    "msg/header-format",
    Error,
    "The header is not `type(scope)!: description`",
    "A Conventional Commits header starts with a type, then an optional `(scope)`, an optional \
     `!`, a colon, one space and the description: `feat(02-01): add login form`. This rule \
     reports headers that do not start that way at all (`Added login form`, `(02-01): x`, \
     `#12: x`), whitespace before the type or inside the prefix (`feat (02-01): x`), a `!` \
     before the scope (`feat!(02-01): x`, which belongs after it), and a scope whose \
     parenthesis is never closed.\n\nWhen the first word says what kind of change it is \
     (`Added ...`, `Fixed ...`), the report proposes a corrected header."
);
rule!(
    MISSING_COLON,
    "msg/missing-colon",
    Error,
    "No `:` after the type and scope",
    "The colon is what separates the type and scope from the description: `feat(2-3) add x` \
     is read by no tool as a feature of plan 02-03. Write `feat(2-3): add x`."
);
rule!(
    SPACE_AFTER_COLON,
    "msg/space-after-colon",
    Error,
    "The colon must be followed by exactly one space",
    "Conventional Commits require `: ` between the prefix and the description. `feat:add` \
     and `feat:   add` (or a tab) are rejected by strict parsers and render unevenly in \
     changelogs."
);
rule!(
    EMPTY_DESCRIPTION,
    "msg/empty-description",
    Error,
    "Nothing after the colon",
    "The description says what the commit does; `feat(02-01):` alone tells a reviewer, a \
     changelog and the verifier nothing."
);
rule!(
    UNKNOWN_TYPE,
    "msg/unknown-type",
    Error,
    "The type is not one of the allowed types",
    "Allowed types are `message.types` in planlint.toml; GSD's defaults are feat fix test \
     refactor perf docs style chore build ci revert, and GSD itself writes wip and spec. Real histories also use `audit` or \
     `security`: add them to the list if your project does.\n\nCommon aliases are corrected \
     (`feature` -> `feat`, `doc` -> `docs`), and typos get the closest allowed type."
);
rule!(
    TYPE_CASE,
    "msg/type-case",
    Error,
    "The type is not lower case",
    "Types are lower case: `Feat:` and `FIX:` are not recognised by changelog and release \
     tools, which match `feat` and `fix` exactly."
);
rule!(
    EMPTY_SCOPE,
    "msg/empty-scope",
    Error,
    "Empty `()` scope",
    "`feat(): x` has parentheses but no scope. Name the plan (`feat(02-01): x`) or drop the \
     parentheses."
);
rule!(
    SCOPE_NOT_ALLOWED,
    "msg/scope-not-allowed",
    Error,
    "This type takes no scope",
    "`message.scopes` in planlint.toml sets this type's scope policy to `none`, so its \
     commits must not carry a scope."
);
rule!(
    HEADER_LENGTH,
    "msg/header-length",
    Warning,
    "The header is longer than the limit",
    "Long headers are cut in `git log --oneline`, GitHub's commit lists and changelogs. The \
     limit is `message.max-header-length` (72 characters by default), counted in characters; \
     the ` (#123)` GitHub appends to a squash-merged pull request's title is not counted. Keep \
     the header to what changed and move the why to the body.\n\nA warning by default: GSD \
     sets no limit and its own tooling writes long headers (a quick-task scope alone is 24 \
     characters), so a header a few characters over is worth shortening, not refusing. Set \
     `\"msg/header-length\" = \"error\"` under `[rules]` to enforce the limit."
);
rule!(
    TRAILING_PERIOD,
    "msg/trailing-period",
    Warning,
    "The description ends with a period",
    "A header is a title, not a sentence: `feat: add login form`, not `feat: add login \
     form.`. Changelog tools copy it as is."
);
rule!(
    BODY_SEPARATION,
    "msg/body-separation",
    Warning,
    "No blank line between the header and the body",
    "Git treats the first paragraph as the subject: without a blank line after the header, \
     `git log --oneline`, `git format-patch` and forges join the next line into the subject."
);
rule!(
    FOOTER_FORMAT,
    "msg/footer-format",
    Warning,
    "A footer line is not in git's trailer form",
    "Footers are git trailers: `Token: value` or `Token #value`, the token without spaces \
     (`Signed-off-by`, `Refs`), except `BREAKING CHANGE`, which is written in capitals \
     (`BREAKING-CHANGE` is its synonym). A line like `Reviewed by: Ann` or `Breaking change: \
     x` in the last paragraph stops `git interpret-trailers` and release tools from reading \
     the block, so a breaking change can go unnoticed."
);
rule!(
    PLAN_NOT_FOUND,
    "msg/plan-not-found",
    Error,
    "The scope looks like a plan, phase or quick-task id but names none",
    "GSD commits name their plan: `feat(02-01): ...` belongs to `.planning/phases/02-*/02-01-PLAN.md`. \
     A scope shaped like a plan id (`02-01`, `2-3`, `02.1-01`, `CK-02-01`, `12-05,06`), a phase \
     (`02`, `phase-03`, `07-batch-rendering`) or a quick task (`quick-260630-uq4`) must name \
     one that exists under the planning folder (including archived milestones); otherwise \
     the diff and verification checks cannot attribute the commit. Ids compare as numbers: \
     `2-3` names `02-03`.\n\nThe report suggests the closest existing id. Word scopes \
     (`state`, `roadmap`, `api`) are never looked up."
);
rule!(
    PLAN_UNCOMMITTED,
    "msg/plan-uncommitted",
    Warning,
    "The scope names a plan that exists only in the work tree, not in any commit checked",
    "\
A commit is judged by the plans it carries: the planning folder of its own tree, or of a later \
commit in the same push or range. A plan, phase or quick task that is found only in the work \
tree is real here, but CI checks the commits and will not find it: there the scope names \
nothing. Commit the plan file with the work (or before it), and the scope resolves everywhere."
);

rule!(
    AUTOSQUASH,
    "msg/autosquash",
    Error,
    "A fixup!, squash! or amend! commit is being pushed or merged",
    "\
`git commit --fixup` makes a commit meant to be folded into an earlier one by `git rebase -i \
--autosquash` before it is shared. Pushed or merged as it is, it stays in the history as a \
commit that says nothing of its own. The commit-msg hook lets it through (that is how the \
workflow starts); `planlint pre-push` and `planlint ci` report it, as committed does, and \
`planlint check` does not (it reads history, where such commits can no longer be folded). Fold \
it with `git rebase -i --autosquash @{upstream}`. A team that squash-merges every pull request \
can turn the rule off under `[rules]`."
);

rule!(
    PLAN_AMBIGUOUS,
    "msg/plan-ambiguous",
    Warning,
    "The scope's plan id exists in more than one place",
    "Two plan files of equal standing carry this id (two in `phases/`, or only archived \
     copies in two milestones), and not exactly one of them is unfinished (the unfinished one \
     is taken to be the plan being worked on). planlint does not guess which one the commit \
     belongs to, so its files are not held against either plan. A plan in `phases/` wins \
     over archived ones, so moving the old plan into `milestones/` or renumbering one of them \
     resolves it. A warning: the commit itself is not wrong."
);
rule!(
    MISSING_PLAN_SCOPE,
    "msg/missing-plan-scope",
    Warning,
    "A code-changing commit names no plan",
    "GSD ties code to plans: `feat fix test refactor perf` commits are expected to carry the \
     plan (`feat(02-01): ...`) or quick task (`fix(quick-260630-uq4): ...`) they implement, so \
     the diff can be checked against the plan's `files_modified`. By default this is a \
     warning (people fix typos too); `message.scopes` in planlint.toml makes it an error \
     (`plan`) or silences it (`any`) per type. Repositories without a planning folder are \
     never asked for a plan scope."
);
rule!(
    PLAN_ID_STYLE,
    "msg/plan-id-style",
    Info,
    "The plan id is written differently from its files",
    "Ids compare as numbers, so `feat(8-2)` does name `08-02-PLAN.md` and is accepted. This \
     note only says how the files write the id, for readers who search the history by text."
);
