//! Checks over a range's commits, as pure functions: plain data in, findings out.
//!
//! Nothing here reads git or files: the command layer gathers, for each commit, its type, the
//! plan its scope names and the paths it changed ([`CommitFacts`]), and for each plan what it
//! promised ([`PlanFacts`]). [`diff`] then holds each plan's promise (`files_modified`) against
//! what its commits really changed, and the commit-level rules (completion commits touching
//! code, TDD order, planning files committed against the project's wish) run over the commits.
//! [`relocate`] holds the scan findings of each commit against the range's newest version of
//! their file.

use crate::finding::{Rule, Severity};

pub mod diff;
pub mod relocate;
pub mod verify;

pub use diff::{
    check_commits, check_plans, CommitFacts, DiffRules, DocsPolicy, PlanFacts, Touched,
};

pub static UNDECLARED: Rule = Rule {
    id: "diff/undeclared",
    severity: Severity::Warning,
    summary: "A plan's commits changed a file its files_modified does not declare",
    explanation: "\
A GSD plan lists in `files_modified` every file it will change. For each plan, planlint takes the \
union of the paths changed by the commits whose scope names it (each against its first parent, \
with renames detected) and reports every path that no entry of `files_modified` covers.

An entry covers a path when it is the same path, a folder above it (`src/auth` covers \
`src/auth/token.ts`, not `src/authz.ts`), or a glob that matches it (`src/**/*.ts`). Leading \
`./` and Windows `\\` separators are normalised. A renamed file counts as declared when either \
its old or its new path is. Files under the planning folder and lock files (`diff.allowed` in \
planlint.toml) never need declaring.

GSD treats scope creep as advisory, so this is a warning by default. Fix it by adding the file \
to the plan's `files_modified`, or by moving the change into the plan that owns the file. Set \
`\"diff/undeclared\" = \"error\"` under `[rules]` to make it block pushes.",
};

pub static UNKEPT_PROMISE: Rule = Rule {
    id: "diff/unkept-promise",
    severity: Severity::Warning,
    summary: "A finished plan declares a file that none of its commits changed",
    explanation: "\
Every entry of a plan's `files_modified` is a promise: the plan said it would change that file. \
When the plan is finished (it has a SUMMARY) and no commit of the plan changed anything the \
entry covers, the promise was not kept: the work was done elsewhere, skipped, or the plan \
declared more than it needed.

Only plans with a SUMMARY are checked, since an unfinished plan may still get there. The check \
needs the plan's commits: run it over a range that holds them (`planlint check --all`, or a \
range from before the plan started). Fix it by doing the missing work, or by correcting \
`files_modified` (and saying why in the SUMMARY).",
};

pub static CASE_MISMATCH: Rule = Rule {
    id: "diff/case-mismatch",
    severity: Severity::Warning,
    summary: "A changed path matches a files_modified entry only when letter case is ignored",
    explanation: "\
The plan declares `src/Auth.ts` and the commits changed `src/auth.ts` (or the other way round). \
On a case-insensitive file system these are one file, on Linux and in git they are two. \
planlint reports this once, as a case mismatch, instead of one undeclared file plus one broken \
promise. Fix the spelling in `files_modified`, or rename the file with `git mv` to the case the \
plan uses.",
};

pub static DOCS_COMMIT_TOUCHES_CODE: Rule = Rule {
    id: "diff/docs-commit-touches-code",
    severity: Severity::Warning,
    summary: "A docs(NN-MM) plan-completion commit changed code outside the planning folder",
    explanation: "\
GSD closes a plan with a `docs(NN-MM): complete ... plan` commit that adds the SUMMARY and \
updates STATE and ROADMAP: planning files only. When that commit also changes source files, \
real work is hiding in a commit whose type says documentation, and whose changes are easy to \
miss in review and in changelogs. Documentation files (`.md`, `.mdx`, `.rst`, `.txt`, `.adoc`) \
are fine. Fix it by committing the code separately with a `feat`, `fix` or `refactor` type and \
the plan's scope.",
};

pub static TDD_ORDER: Rule = Rule {
    id: "diff/tdd-order",
    severity: Severity::Error,
    summary: "A type: tdd plan has a feat commit before any test commit",
    explanation: "\
A plan with `type: tdd` is executed red-green-refactor: first a `test(NN-MM)` commit with a \
failing test, then the `feat(NN-MM)` commit that makes it pass, then optional refactors. When \
the plan's first `feat` commit comes before its first `test` commit (or the plan has no `test` \
commit at all), the test was written after the code, and the plan's TDD promise was not kept.

The order is the order of the commits in history, the plan's older commits included; it is \
reported only when the plan's first `feat` commit is in the range being checked, since history \
already pushed cannot be reordered. Fix it before pushing by reordering the commits (`git rebase \
-i`), and in future work by committing the failing test first.",
};

pub static PLANNING_COMMITTED: Rule = Rule {
    id: "diff/planning-committed",
    severity: Severity::Warning,
    summary: "Planning files were committed while the project keeps them out of git",
    explanation: "\
GSD's `.planning/config.json` can say `\"commit_docs\": false`, and projects often list \
`.planning/` in `.gitignore`: the plans stay local. A commit that adds or changes files under \
the planning folder anyway publishes them (often with `git add -f` or `git add -A` before the \
ignore rule existed). Deleting them is fine: that is the fix. Remove them from the index with \
`git rm -r --cached .planning`, or set `commit_docs` to true if they are meant to be shared.",
};

/// The rules of this module, for the registry.
pub static RULES: &[&Rule] = &[
    &UNDECLARED,
    &UNKEPT_PROMISE,
    &CASE_MISMATCH,
    &DOCS_COMMIT_TOUCHES_CODE,
    &TDD_ORDER,
    &PLANNING_COMMITTED,
];
