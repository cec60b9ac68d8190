//! The anti-pattern rules (SPEC §5): ids, default severities, explanations, and the short
//! names a `planlint-allow(...)` comment may use for them.

use crate::finding::{Rule, Severity};

pub static DEBT_MARKER: Rule = Rule {
    id: "scan/debt-marker",
    severity: Severity::Blocker,
    summary: "FIXME, XXX or TBD in a comment, with no issue reference",
    explanation: "\
A debt marker (`FIXME`, `XXX`, `TBD`) in a comment says the code is known not to be finished. \
When an agent reports a plan as done, such a marker is the first thing a reviewer should see: \
the work was claimed but not delivered. GSD treats it as a blocker.

The marker is accepted when the same line cites where the debt is tracked: an issue number \
(`FIXME(#123): ...`, `owner/repo#123`, an `/issues/123` link) or a deferral id (`DEF-12`). \
Markers inside string literals are not comments and never fire (`\"FIXME\"` in a test string is \
data). Fixture and vendored paths are not scanned.

Fix: do the work; or open an issue and cite it on the line; or, when the marker is a false \
alarm, `// planlint-allow(debt-marker): <why>`.",
};

pub static PLACEHOLDER: Rule = Rule {
    id: "scan/placeholder",
    severity: Severity::Blocker,
    summary: "Filler text (`placeholder`, `coming soon`, `lorem ipsum`, ...) in strings or markup",
    explanation: "\
Text such as `placeholder`, `coming soon`, `will be here`, `lorem ipsum` or `not yet \
implemented` inside a string literal or in the text of markup (HTML, JSX, Vue, Svelte) is \
content that was never written. A page that says \"Coming soon\" is not a finished feature. \
Quoted mentions (`` `coming soon` `` in prose) and regex alternations are not content.

Only content is matched: comments are not, and neither is the `placeholder` attribute of an \
input (`<input placeholder=\"Email\">`) or a string that is just the lower-case key \
`\"placeholder\"`. Test paths are exempt (test data is often filler on purpose).

Fix: write the real content, or suppress with `planlint-allow(placeholder): <why>`.",
};

pub static STUB_BODY: Rule = Rule {
    id: "scan/stub-body",
    severity: Severity::Blocker,
    summary:
        "A stub where an implementation should be (todo!(), NotImplementedError, pass-only body)",
    explanation: "\
Code that compiles but does nothing: Rust `todo!()` / `unimplemented!()`, Python `raise \
NotImplementedError` or a function whose whole body is `pass` or `...`, JavaScript `throw new \
Error(\"not implemented\")`, Go `panic(\"TODO\")`, Kotlin `TODO()`, C# `throw new \
NotImplementedException()`, Dart `UnimplementedError`, Scala `???`, Swift `fatalError(\"not \
implemented\")`, Ruby `raise NotImplementedError`. A plan whose artifact is a stub has not \
delivered the artifact.

Abstract methods are not stubs: Python methods decorated with `@abstractmethod` or \
`@overload`, methods of `Protocol`/`ABC`/`Base...` classes, and `.pyi` stub files are exempt. \
A `NotImplementedError` raised with a real message (`\"must be implemented by a subclass\"`, \
`\"sendmsg not allowed\"`) states a decision and is accepted; bare, or with a message such as \
`\"TODO\"`, it is a stub. In Python it must also be the first statement of its function: \
raised from a branch (`else: raise NotImplementedError(...)`) it reports an unsupported case.

Fix: implement it, or suppress with `planlint-allow(stub-body): <why>`.",
};

pub static EMPTY_HANDLER: Rule = Rule {
    id: "scan/empty-handler",
    severity: Severity::Warning,
    summary:
        "An error handler that swallows the error (empty catch/except/rescue, if err != nil {})",
    explanation: "\
An empty `catch (e) {}`, `except: pass`, `rescue; end`, `if err != nil {}`, `Err(_) => {}`, \
`.catch(() => {})` or `WHEN OTHERS THEN NULL` hides failures: the program carries on as if the \
call had worked, and the bug surfaces far away.

As in ESLint's `no-empty`, a handler that holds only a comment is accepted: the comment says \
the error is ignored on purpose and why.

Fix: handle or propagate the error; or, when ignoring it is right, say so in a comment inside \
the block.",
};

pub static TODO_COMMENT: Rule = Rule {
    id: "scan/todo-comment",
    severity: Severity::Warning,
    summary: "A TODO or HACK comment with no issue reference",
    explanation: "\
`TODO` and `HACK` comments mark work left for later. In code an agent reports as done they are \
worth a look: either the work belongs to this plan, or it should be tracked somewhere other \
than a comment.

As with debt markers, a line that cites an issue (`TODO(#123)`, `DEF-12`) is accepted, and a \
`TODO` inside a string literal is data, not a comment. In Kotlin, `TODO()` in code is a stub \
and reported as `scan/stub-body`.

Fix: finish it, or cite the issue that tracks it.",
};

pub static EMPTY_IMPLEMENTATION: Rule = Rule {
    id: "scan/empty-implementation",
    severity: Severity::Warning,
    summary: "A function whose whole body returns an empty value, or an empty handler (=> {})",
    explanation: "\
A function whose whole body is `return null;`, `return {}`, `return []` (Python: `return \
None`), an arrow handler `=> {}` (`onClick={() => {}}`), or a Flutter callback `onPressed: () \
{}` looks implemented and is not. Guard clauses inside `if` blocks are not matched; only \
bodies of functions, methods and arrows.

Test paths are exempt (mocks and no-op callbacks are normal there).

Fix: implement it, or suppress with `planlint-allow(empty-implementation): <why>`.",
};

pub static DEBUG_OUTPUT: Rule = Rule {
    id: "scan/debug-output",
    severity: Severity::Warning,
    summary: "Leftover debug output (console.log, dbg!, println! in library code, print( in modules, debugger)",
    explanation: "\
Output added while debugging and left in: JavaScript `console.log` and `debugger`, Rust \
`dbg!` anywhere and `println!`/`eprintln!` in library code, Python `print(` in modules and \
`breakpoint()` / `pdb`, Go `fmt.Println` outside `package main`, Java `System.out.println` and \
`printStackTrace()`, Kotlin/Scala `println`, Swift `print`, C# `Console.WriteLine`, Ruby \
`binding.pry` / `byebug`, PHP `var_dump` / `print_r` / `dd`, Dart `print`.

Printing is a program's job in some files: scripts (a `#!` line), entry points (`main.rs`, \
`src/bin/`, `build.rs`, `__main__.py`, files with `if __name__ == \"__main__\"`, `package \
main`, `static void main`, `fun main`), `bin/` and `scripts/` folders, and every module of a \
Rust crate that builds only binaries (its folder has a `Cargo.toml`, a `src/main.rs` or \
`src/bin/`, and no `src/lib.rs`, as the work tree has them). There, print calls are accepted; \
`dbg!`, `debugger` and debugger hooks never are. Test paths (and Rust code after \
`#[cfg(test)]`) are exempt.

Fix: remove it, or use the project's logger.",
};

pub static DISABLED_TEST: Rule = Rule {
    id: "scan/disabled-test",
    severity: Severity::Warning,
    summary: "A disabled test with no reason (it.skip, xit, #[ignore], @Disabled, t.Skip())",
    explanation: "\
A skipped test passes silently: `it.skip`, `describe.skip`, `xit`, `@pytest.mark.skip`, \
`@unittest.skip`, `#[ignore]`, `@Disabled`, `@Ignore`, `t.Skip()`, `[Ignore]`, `skip: true`, \
RSpec `xit`. An agent that cannot make a test pass may disable it and report success.

Forms that state why are accepted, because the reason is then on record: `#[ignore = \"needs \
network\"]`, `@Disabled(\"flaky on CI, #88\")`, `@pytest.mark.skip(reason=...)`, `t.Skip(\"...\")`. \
Conditional skips (`skipif`, `skipIf`) are not matched.

Fix: make the test pass, delete it, or give the reason.",
};

pub static EMPTY_VALUE: Rule = Rule {
    id: "scan/empty-value",
    severity: Severity::Info,
    summary: "A hard-coded empty value passed as a prop (items={[]}, :items=\"[]\")",
    explanation: "\
A component given `={[]}`, `={{}}`, `={null}` or `={undefined}` (JSX), or `:prop=\"[]\"` (Vue), \
renders with no data: often a sign that the data was never wired in. Reported as information, \
since an empty default is sometimes exactly right. Test paths are exempt.",
};

pub static ALLOW_WITHOUT_REASON: Rule = Rule {
    id: "scan/allow-without-reason",
    severity: Severity::Error,
    summary: "A planlint-allow comment that gives no reason",
    explanation: "\
`planlint-allow(<rule>): <reason>` in a comment, on the line of a finding or the line before \
it, suppresses that one finding. The reason is required: a suppression is a decision, and the \
next reader (or the next agent) needs to know why it was made.

The comment without a reason still suppresses its finding, and is reported instead. The rule \
may be named by its id (`scan/todo-comment`), its name (`todo-comment`) or a short alias \
(`todo`, `fixme`, `stub`, `debug`, `skip`, ...).

Fix: add the reason after a colon: `// planlint-allow(todo): tracked in #12`.",
};

pub static ALLOW_UNKNOWN_RULE: Rule = Rule {
    id: "scan/allow-unknown-rule",
    severity: Severity::Warning,
    summary: "A planlint-allow comment names a rule that does not exist",
    explanation: "\
A `planlint-allow(...)` comment whose rule is not a scan rule suppresses nothing, so the finding \
it was meant for is still reported. `planlint rules` lists the rule ids.

Fix: use the rule's id (`scan/debug-output`), its name (`debug-output`) or an alias.",
};

pub static RULES: &[&Rule] = &[
    &DEBT_MARKER,
    &PLACEHOLDER,
    &STUB_BODY,
    &EMPTY_HANDLER,
    &TODO_COMMENT,
    &EMPTY_IMPLEMENTATION,
    &DEBUG_OUTPUT,
    &DISABLED_TEST,
    &EMPTY_VALUE,
    &ALLOW_WITHOUT_REASON,
    &ALLOW_UNKNOWN_RULE,
];

/// What a finding of `rule` says about the matched `text`, its short label, and its fix; `{}`
/// in the message and the fix stands for the matched text (a marker's fix names the marker
/// found, `XXX(#123)`, not another one).
fn wording(rule: &Rule) -> (&'static str, &'static str, &'static str) {
    match rule.id {
        "scan/debt-marker" => (
            "`{}` in a comment, with no issue reference",
            "debt marker",
            "do the work now, or cite the issue that tracks it: `{}(#123): ...` or `DEF-12`",
        ),
        "scan/placeholder" => (
            // planlint-allow(placeholder): the rule's own message names what it found
            "placeholder content `{}`",
            "placeholder",
            "replace it with the real content",
        ),
        "scan/stub-body" => (
            "stub `{}` where an implementation should be",
            "stub",
            "implement it: a stub that compiles is not done",
        ),
        "scan/empty-handler" => (
            "empty error handler `{}`: the error is swallowed",
            "error swallowed here",
            "handle or propagate the error; if ignoring it is right, say why in a comment inside the block",
        ),
        "scan/todo-comment" => (
            "`{}` comment, with no issue reference",
            "left for later",
            "finish it, or cite the issue that tracks it: `{}(#123): ...`",
        ),
        "scan/empty-implementation" => (
            "empty implementation `{}`",
            "does nothing",
            "implement it, or say why it is empty with `planlint-allow(empty-implementation): <why>`",
        ),
        "scan/debug-output" => (
            "leftover debug output `{}`",
            "debug output",
            "remove it, or use the project's logger",
        ),
        "scan/disabled-test" => (
            "disabled test `{}` with no reason",
            "test disabled",
            "make it pass, delete it, or give the reason (`#[ignore = \"...\"]`, `@Disabled(\"...\")`)",
        ),
        "scan/empty-value" => (
            "hard-coded empty value `{}` passed as a prop",
            "empty value",
            "wire in the real data, or keep it if empty is the intended default",
        ),
        _ => ("`{}`", "here", "see `planlint explain`"),
    }
}

pub fn message(rule: &Rule, text: &str) -> String {
    wording(rule).0.replace("{}", text)
}

pub fn label(rule: &Rule) -> &'static str {
    wording(rule).1
}

pub fn help(rule: &Rule, text: &str) -> String {
    wording(rule).2.replace("{}", text)
}

/// Short names accepted in `planlint-allow(...)`, besides the id and the name after `scan/`.
const ALIASES: &[(&str, &Rule)] = &[
    ("todo", &TODO_COMMENT),
    ("hack", &TODO_COMMENT),
    ("fixme", &DEBT_MARKER),
    ("xxx", &DEBT_MARKER),
    ("tbd", &DEBT_MARKER),
    ("debt", &DEBT_MARKER),
    ("stub", &STUB_BODY),
    ("empty-catch", &EMPTY_HANDLER),
    ("debug", &DEBUG_OUTPUT),
    ("console", &DEBUG_OUTPUT),
    ("print", &DEBUG_OUTPUT),
    ("skip", &DISABLED_TEST),
    ("ignore", &DISABLED_TEST),
    ("empty-impl", &EMPTY_IMPLEMENTATION),
];

/// The rule a `planlint-allow(<name>)` comment means: an id, a name, or an alias (any case).
pub fn resolve_allow(name: &str) -> Option<&'static Rule> {
    let name = name.trim().to_ascii_lowercase();
    RULES
        .iter()
        .copied()
        .find(|r| r.id == name || r.id.strip_prefix("scan/") == Some(name.as_str()))
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == name).map(|(_, r)| *r))
}

/// Every name `planlint-allow` accepts, for did-you-mean.
pub fn allow_names() -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .map(|r| r.id)
        .chain(RULES.iter().filter_map(|r| r.id.strip_prefix("scan/")))
        .chain(ALIASES.iter().map(|(a, _)| *a))
}

/// Rules that do not apply to test code: test data and test doubles use them on purpose.
pub fn relaxed_in_tests(rule: &Rule) -> bool {
    [
        &DEBUG_OUTPUT,
        &PLACEHOLDER,
        &EMPTY_IMPLEMENTATION,
        &EMPTY_VALUE,
    ]
    .iter()
    .any(|r| r.id == rule.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_s_fix_names_the_marker_found() {
        assert_eq!(
            help(&DEBT_MARKER, "XXX"),
            "do the work now, or cite the issue that tracks it: `XXX(#123): ...` or `DEF-12`"
        );
        assert_eq!(
            help(&TODO_COMMENT, "HACK"),
            "finish it, or cite the issue that tracks it: `HACK(#123): ...`"
        );
        assert_eq!(
            help(&STUB_BODY, "todo!()"),
            "implement it: a stub that compiles is not done"
        );
    }

    #[test]
    fn allow_names_resolve() {
        assert_eq!(
            resolve_allow("todo").map(|r| r.id),
            Some("scan/todo-comment")
        );
        assert_eq!(
            resolve_allow("scan/stub-body").map(|r| r.id),
            Some("scan/stub-body")
        );
        assert_eq!(
            resolve_allow(" Debug-Output ").map(|r| r.id),
            Some("scan/debug-output")
        );
        assert_eq!(resolve_allow("nope"), None);
        assert!(allow_names().all(|n| resolve_allow(n).is_some()));
    }
}
