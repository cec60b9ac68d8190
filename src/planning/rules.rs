//! The rules of the planning model: ids, summaries and explanations for `planlint explain`.

use crate::finding::{Rule, Severity};

pub static UNREADABLE: Rule = Rule {
    id: "plan/unreadable",
    severity: Severity::Warning,
    summary: "a file or folder under the planning folder could not be read",
    explanation: "planlint lists the planning folder and reads every plan, summary and \
verification report in it. An entry it cannot list or read (permissions, a name or content that \
is not UTF-8, a file over the size limit, a symlink leading out of the repository) is reported \
here and skipped; everything else is still checked.",
};

pub static PLAN_NO_FRONTMATTER: Rule = Rule {
    id: "plan/no-frontmatter",
    severity: Severity::Error,
    summary: "a PLAN.md has no YAML frontmatter",
    explanation: "A GSD plan starts with a `---` line, its `key: value` fields (phase, plan, \
type, wave, depends_on, files_modified, autonomous, must_haves) and a closing `---` line. \
Without it no tool can tell what the plan changes or what it depends on. The plan is reported \
and skipped; the other plans are still checked.",
};

pub static PLAN_INVALID_YAML: Rule = Rule {
    id: "plan/invalid-yaml",
    severity: Severity::Warning,
    summary: "a plan's frontmatter is not valid YAML",
    explanation: "Real plans often hold values YAML cannot read: a regex with backslashes inside \
double quotes (`pattern: \"app\\.use\\(\"`: `\\.` is not a YAML escape) or a plain value holding \
`: `. GSD's own tools read such files line by line, YAML parsers refuse them. planlint points at \
the exact line and column, suggests the line with the value in single quotes (which keep \
backslashes and colons as written; a `'` inside is written `''`), and recovers the top-level \
fields (phase, plan, wave, depends_on, files_modified) so the other checks still run. Nested \
fields such as must_haves are not recovered.",
};

pub static PLAN_MISSING_FIELD: Rule = Rule {
    id: "plan/missing-field",
    severity: Severity::Error,
    summary: "a plan lacks a required frontmatter field",
    explanation: "GSD plans declare `phase plan type wave depends_on files_modified autonomous \
must_haves`. The executor schedules by wave and depends_on, the diff check compares commits \
with files_modified, the verifier checks must_haves. A missing field silently turns one of \
these off. Use `depends_on: []` and `files_modified: []` when there is nothing to list.",
};

pub static PLAN_INVALID_VALUE: Rule = Rule {
    id: "plan/invalid-value",
    severity: Severity::Error,
    summary: "a plan field has a value GSD does not accept",
    explanation: "`type` is `execute` or `tdd`; `wave` is a whole number from 1; `autonomous` \
is true or false; `plan` is a number; `depends_on` and `files_modified` are lists; \
must_haves artifacts have a `path`. A value of the wrong kind is ignored by the checks that \
need it, so it is reported here.",
};

pub static PLAN_NO_REQUIREMENTS: Rule = Rule {
    id: "plan/no-requirements",
    severity: Severity::Warning,
    summary: "a plan names no requirements",
    explanation: "`requirements: [AUTH-07]` ties a plan to the requirement ids of ROADMAP.md, \
and a SUMMARY's `requirements-completed` is checked against it. A plan that names none cannot \
be traced to what it was for. Reported only in projects that trace plans to requirements (some \
plan, current or archived, names one): a history that never used the field is not told so on \
every plan.",
};

pub static PLAN_ID_MISMATCH: Rule = Rule {
    id: "plan/id-mismatch",
    severity: Severity::Error,
    summary: "a plan's frontmatter, file name and folder disagree about its id",
    explanation: "A plan's id comes from its file name (`02-03-PLAN.md` is plan 02-03). Its \
frontmatter `phase` and `plan` and the phase folder it sits in (`02-auth`) must say the same \
thing, numerically (`2` and `02` agree). When they disagree, commits scoped `(02-03)` and the \
plan's own idea of itself point at different work.",
};

pub static PLAN_FILE_NAME: Rule = Rule {
    id: "plan/file-name",
    severity: Severity::Warning,
    summary: "a plan file or phase folder is not named the GSD way",
    explanation: "Plans are found by name: `phases/NN-slug/NN-MM-PLAN.md` (or \
`NN-MM-slug-PLAN.md`). A `PLAN.md` without an id, or a folder in `phases/` that does not \
start with a phase number, is invisible to every check that looks plans up by id. Phase \
numbers are padded to two digits (`02-auth`, not `2-auth`).",
};

pub static PLAN_DUPLICATE_ID: Rule = Rule {
    id: "plan/duplicate-id",
    severity: Severity::Error,
    summary: "two current plans have the same id",
    explanation: "A commit scope `(02-01)` must name one plan. When `phases/` holds two plan \
files with one id (a folder restarted its numbering, two folders share a phase number), \
planlint cannot tell which one a commit belongs to and reports both paths rather than picking \
one silently. Renumber one of them.",
};

pub static PLAN_SHADOWED_ID: Rule = Rule {
    id: "plan/shadowed-id",
    severity: Severity::Info,
    summary: "a current plan has the same id as an archived one",
    explanation: "A plan in `phases/` and one in `milestones/` share an id. Lookups prefer \
`phases/`, so commits scoped with this id are attributed to the current plan; older commits \
that meant the archived plan are attributed to it too.",
};

pub static PLAN_DEPENDS_UNRESOLVED: Rule = Rule {
    id: "plan/depends-unresolved",
    severity: Severity::Error,
    summary: "a depends_on entry names no plan",
    explanation: "`depends_on` lists plan ids (`02-01`), full plan stems (`02-01-auth`), a \
plan number of the same phase (`1`) or a whole phase (`02`). An entry that names nothing is \
either a typo or a plan that was renamed; the executor would wait for it forever or ignore it.",
};

pub static PLAN_DEPENDS_CYCLE: Rule = Rule {
    id: "plan/depends-cycle",
    severity: Severity::Error,
    summary: "plans depend on each other in a cycle",
    explanation: "If 02-01 depends on 02-02 and 02-02 on 02-01, neither can start. The \
finding lists the whole cycle. A plan whose depends_on names itself (`04` in plan 04-04, or its \
own phase) is the shortest cycle, and the finding says so.",
};

pub static PLAN_WAVE_ORDER: Rule = Rule {
    id: "plan/wave-order",
    severity: Severity::Error,
    summary: "a plan's wave is not after the waves of the plans it depends on",
    explanation: "Plans of one wave run in parallel; a plan can only start once its \
dependencies are done, so `wave >= max(wave of depends_on) + 1`. A plan in the same or an \
earlier wave than a dependency would run before it is ready.",
};

pub static PLAN_WAVE_CONFLICT: Rule = Rule {
    id: "plan/wave-conflict",
    severity: Severity::Error,
    summary: "plans of the same wave in one phase modify the same files",
    explanation: "Plans of one wave are executed in parallel. When two of them list the same \
path in files_modified (or one lists a folder holding a path of the other), their changes \
collide. Move one to a later wave with a depends_on, or split the file's work differently. \
When one already depends on the other, only its wave is wrong: raise it.",
};

pub static PLAN_PATTERN: Rule = Rule {
    id: "plan/pattern",
    severity: Severity::Error,
    summary: "a must_haves key_links pattern is not a valid regex",
    explanation: "`key_links[].pattern` is searched in the `from` file (then `to`) to prove the \
link exists. A pattern that does not compile can never match, so the link can never be \
verified. planlint uses Rust's `regex` syntax (linear time): look-around and back-references \
are not supported.",
};

pub static PLAN_TOO_MANY_TASKS: Rule = Rule {
    id: "plan/too-many-tasks",
    severity: Severity::Error,
    summary: "a plan has too many tasks",
    explanation: "GSD keeps plans small enough to execute in one fresh context: 2-3 tasks. \
Four tasks warn, five or more are an error (limits in `[plans]` of planlint.toml). Tasks are \
the `<task ...>` elements of the body (or `### Task N` headings in older plans). Split the plan.",
};

pub static PLAN_TOO_MANY_FILES: Rule = Rule {
    id: "plan/too-many-files",
    severity: Severity::Error,
    summary: "a plan modifies too many files",
    explanation: "A plan that touches many files is hard to execute and review in one go: 10 \
entries in files_modified warn, 15 or more are an error (limits in `[plans]` of \
planlint.toml). Split the plan.",
};

pub static PLAN_PATH: Rule = Rule {
    id: "plan/path",
    severity: Severity::Error,
    summary: "a files_modified or artifact path leaves the repository",
    explanation: "Paths in plans are relative to the repository root. An absolute path or one \
that climbs out with `..` is refused (planlint never reads outside the repository) and left out \
of the diff checks.",
};

pub static PLAN_PRP_NO_FILES: Rule = Rule {
    id: "plan/prp-no-files",
    severity: Severity::Warning,
    summary: "a PRP plan lists no files to change",
    explanation: "A PRP plan (`PRPs/plans/*.plan.md`) declares its files in a `Files to Change` \
table (`| File | Action | ... |`) or in `**File**:` lines under its tasks; that list plays the \
part of files_modified. Without one, nothing can be checked against the plan's commits.",
};

pub static SUMMARY_NO_FRONTMATTER: Rule = Rule {
    id: "summary/no-frontmatter",
    severity: Severity::Warning,
    summary: "a SUMMARY.md has no YAML frontmatter",
    explanation: "GSD summaries start with frontmatter (`phase`, `plan`, `key-files`, \
`requirements-completed`, ...). Without it the summary cannot be checked against its plan.",
};

pub static SUMMARY_INVALID_YAML: Rule = Rule {
    id: "summary/invalid-yaml",
    severity: Severity::Warning,
    summary: "a summary's frontmatter is not valid YAML",
    explanation: "As for plans: the finding points at the line and column and suggests single \
quotes; the top-level fields are recovered line by line.",
};

pub static SUMMARY_MISSING_FIELD: Rule = Rule {
    id: "summary/missing-field",
    severity: Severity::Warning,
    summary: "a summary lacks a field GSD writes",
    explanation: "A SUMMARY.md names its `phase` and `plan` and lists its `key-files` \
(`key_files` in older summaries): the files the plan created or changed, checked by \
`planlint verify`.",
};

pub static SUMMARY_ID_MISMATCH: Rule = Rule {
    id: "summary/id-mismatch",
    severity: Severity::Warning,
    summary: "a summary's frontmatter names another plan than its file name",
    explanation: "`02-03-SUMMARY.md` records plan 02-03; a `plan:` or `phase:` that says \
otherwise was probably copied from another summary.",
};

pub static SUMMARY_UNPLANNED_REQUIREMENT: Rule = Rule {
    id: "summary/unplanned-requirement",
    severity: Severity::Error,
    summary: "a summary completes a requirement its plan does not name",
    explanation: "`requirements-completed` must be within the plan's `requirements`: a \
summary that claims more than its plan promised marks requirements done that no plan was \
checked against.",
};

pub static SUMMARY_SELF_CHECK_FAILED: Rule = Rule {
    id: "summary/self-check-failed",
    severity: Severity::Error,
    summary: "a summary records `Self-Check: FAILED`",
    explanation: "The executor ends a SUMMARY with a self-check of the files and commits it \
claims. `## Self-Check: FAILED` means it found a gap; the plan is not done.",
};

pub static SUMMARY_ORPHAN: Rule = Rule {
    id: "summary/orphan",
    severity: Severity::Warning,
    summary: "a SUMMARY.md has no PLAN.md beside it",
    explanation: "A summary records the execution of a plan: `02-03-SUMMARY.md` belongs with \
`02-03-PLAN.md` in the same folder. Without the plan, nothing it claims can be checked.",
};

pub static VERIFICATION_NO_FRONTMATTER: Rule = Rule {
    id: "verification/no-frontmatter",
    severity: Severity::Warning,
    summary: "a VERIFICATION.md has no YAML frontmatter",
    explanation: "A GSD verification report starts with `phase`, `verified`, `status` and \
`score` (and `gaps` when any). Without them no tool can tell whether the phase passed. A \
warning, not an error: a report written by hand as a log still says what a person checked.",
};

pub static VERIFICATION_INVALID_YAML: Rule = Rule {
    id: "verification/invalid-yaml",
    severity: Severity::Warning,
    summary: "a verification report's frontmatter is not valid YAML",
    explanation: "As for plans: the finding points at the line and column and suggests single \
quotes; the top-level fields are recovered line by line.",
};

pub static VERIFICATION_MISSING_FIELD: Rule = Rule {
    id: "verification/missing-field",
    severity: Severity::Error,
    summary: "a verification report lacks `status` or `score`",
    explanation: "`status` (passed | gaps_found | human_needed) says whether the phase is \
done; `score` (`5/7 must-haves verified`) says how much of it was verified.",
};

pub static VERIFICATION_STATUS: Rule = Rule {
    id: "verification/status",
    severity: Severity::Warning,
    summary: "a verification report's status is not one GSD knows",
    explanation: "`status` is `passed`, `gaps_found` or `human_needed`. Reports in the wild \
write others: older spellings (`PASS`, `GAPS_FOUND`) and verdicts written by hand (`approved`, \
`verified`, `passed-with-deferrals`, `passed (2 deferred)`, `partial`). Those are read as the \
status they mean, with this finding as info; a status planlint cannot read as one of the three \
is a warning. GSD's own newer tools reject anything but the three words.",
};

pub static VERIFICATION_INCONSISTENT: Rule = Rule {
    id: "verification/inconsistent",
    severity: Severity::Error,
    summary: "a verification report's status, score and gaps disagree",
    explanation: "`status: passed` with gaps listed, `status: gaps_found` with no gaps, or a \
score like `5/7` on a passed report (or `7/7` with gaps) cannot all be true. A score of \
`N/M` needs `N <= M`.",
};

/// Every rule of this module, for the registry.
pub static RULES: &[&Rule] = &[
    &UNREADABLE,
    &PLAN_NO_FRONTMATTER,
    &PLAN_INVALID_YAML,
    &PLAN_MISSING_FIELD,
    &PLAN_INVALID_VALUE,
    &PLAN_NO_REQUIREMENTS,
    &PLAN_ID_MISMATCH,
    &PLAN_FILE_NAME,
    &PLAN_DUPLICATE_ID,
    &PLAN_SHADOWED_ID,
    &PLAN_DEPENDS_UNRESOLVED,
    &PLAN_DEPENDS_CYCLE,
    &PLAN_WAVE_ORDER,
    &PLAN_WAVE_CONFLICT,
    &PLAN_PATTERN,
    &PLAN_TOO_MANY_TASKS,
    &PLAN_TOO_MANY_FILES,
    &PLAN_PATH,
    &PLAN_PRP_NO_FILES,
    &SUMMARY_NO_FRONTMATTER,
    &SUMMARY_INVALID_YAML,
    &SUMMARY_MISSING_FIELD,
    &SUMMARY_ID_MISMATCH,
    &SUMMARY_UNPLANNED_REQUIREMENT,
    &SUMMARY_SELF_CHECK_FAILED,
    &SUMMARY_ORPHAN,
    &VERIFICATION_NO_FRONTMATTER,
    &VERIFICATION_INVALID_YAML,
    &VERIFICATION_MISSING_FIELD,
    &VERIFICATION_STATUS,
    &VERIFICATION_INCONSISTENT,
];
