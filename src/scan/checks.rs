//! The checks that confirm a candidate match: they look around it (the block after `catch`,
//! the suite after a Python `def`, the reference on a marker's line) with the lexer's view of
//! what is code, comment or string. Each is a pure function of the file's bytes and the match.

use std::ops::Range;

use memchr::{memchr, memmem, memrchr};

use super::lang::Lang;
use super::lexer::{Class, Cursor, Lexer, Region};
use super::patterns::Check;
use super::rules::{EMPTY_IMPLEMENTATION, STUB_BODY};
use crate::finding::Rule;

/// Everything a check may look at.
pub struct Ctx<'s, 'a> {
    pub src: &'a [u8],
    pub lang: Lang,
    pub path: &'s str,
    pub m: Range<usize>,
    /// The bounds of the match's line (without its newline).
    pub line: Range<usize>,
    /// The lexer, having just produced `region`, the region holding the match start.
    pub lexer: &'s Lexer<'a>,
    pub region: Region,
    /// Whether the file is a script or entry point; computed on first use.
    pub script: &'s mut Option<bool>,
}

/// A confirmed match. `rule` is `None` for the arm's own rule.
pub struct Hit {
    pub rule: Option<&'static Rule>,
    pub end: usize,
}

impl Hit {
    fn at(end: usize) -> Option<Hit> {
        Some(Hit { rule: None, end })
    }
}

impl<'a> Ctx<'_, 'a> {
    /// A forward view from `pos` (at or after the match start).
    fn cursor_at(&self, pos: usize) -> Cursor<'a> {
        Cursor::new(self.lexer.clone(), self.region, pos)
    }

    fn prev_byte(&self) -> u8 {
        if self.m.start == 0 {
            b'\n'
        } else {
            self.src[self.m.start - 1]
        }
    }

    fn next_byte(&self) -> u8 {
        self.src.get(self.m.end).copied().unwrap_or(b'\n')
    }

    fn is_script(&mut self) -> bool {
        if self.script.is_none() {
            *self.script = Some(is_script(self.lang, self.path, self.src));
        }
        self.script.unwrap_or(false)
    }
}

/// Runs a check; `None` means the candidate is not a finding.
pub fn run(check: Check, cx: &mut Ctx<'_, '_>) -> Option<Hit> {
    let end = cx.m.end;
    let ok = |yes: bool| if yes { Hit::at(end) } else { None };
    match check {
        Check::None => Hit::at(end),
        Check::Marker => ok(is_marker(cx) && !has_reference(&cx.src[cx.line.clone()])),
        Check::PlaceholderWord => {
            ok(!is_mention(cx) && !is_docstring(cx) && placeholder_is_content(cx))
        }
        Check::NotMention => ok(!is_mention(cx) && !is_docstring(cx)),
        Check::EmptyBlock => empty_block(cx),
        Check::RustErrArm => rust_err_arm(cx),
        Check::PyDef => py_def(cx),
        Check::PyExcept => py_except(cx),
        Check::RubyRescue => ruby_rescue(cx),
        Check::ReturnOnly => return_only(cx),
        Check::Print => ok(not_method(cx.prev_byte()) && !cx.is_script()),
        Check::NotMethod => ok(not_method(cx.prev_byte())),
        Check::SkipReason => ok(!has_reason(cx)),
        Check::NotAbstract => ok(py_raise_is_stub(cx)),
        Check::BareRaise => ok(raise_without_message(cx.src, cx.m.end)),
        Check::CallNext => ok(next_nonblank(cx.src, cx.m.end) == Some(b'(')),
        Check::NotOperator => {
            let op = |b: u8| b"?!<>=+-*/%&|^~:#@\\".contains(&b);
            ok(!op(cx.prev_byte()) && !op(cx.next_byte()))
        }
        // Handled by the scanner, which owns the state they change.
        Check::TestsFrom | Check::Allow => None,
    }
}

/// A marker used as one, not mentioned: it opens the comment's text on its line (as ESLint's
/// `no-warning-comments` requires), or is followed by `:` or `(` (`see TODO(#1)`), and is not
/// quoted (`` `TODO` ``).
fn is_marker(cx: &Ctx<'_, '_>) -> bool {
    if b"`'\"".contains(&cx.prev_byte()) {
        return false;
    }
    let from = cx.line.start.max(cx.region.start);
    let lead = &cx.src[from.min(cx.m.start)..cx.m.start];
    lead.iter().all(|b| b" \t/*#!-<;%".contains(b)) || matches!(cx.next_byte(), b':' | b'(')
}

/// Whether a line cites where its debt is tracked: `#123`, `DEF-12`, an issue or PR link.
pub fn has_reference(line: &[u8]) -> bool {
    let mut from = 0;
    while let Some(k) = memchr(b'#', &line[from..]) {
        let p = from + k;
        if line.get(p + 1).is_some_and(u8::is_ascii_digit) {
            return true;
        }
        from = p + 1;
    }
    ["DEF-", "/issues/", "/pull/", "/-/issues/"]
        .iter()
        .any(|n| memmem::find(line, n.as_bytes()).is_some())
}

fn not_method(prev: u8) -> bool {
    !(prev.is_ascii_alphanumeric() || b"_.>:$\\".contains(&prev))
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn next_nonblank(src: &[u8], mut i: usize) -> Option<u8> {
    while i < src.len() && (src[i] == b' ' || src[i] == b'\t') {
        i += 1;
    }
    src.get(i).copied()
}

/// A phrase quoted in prose (`` `coming soon` ``, `\"Coming soon\"` inside a string) or
/// sitting in a regex alternation: talked about, not shown to anyone.
fn is_mention(cx: &Ctx<'_, '_>) -> bool {
    let prev = cx.prev_byte();
    let next = cx.next_byte();
    let escaped_quote =
        matches!(prev, b'"' | b'\'') && cx.m.start >= 2 && cx.src[cx.m.start - 2] == b'\\';
    prev == b'`' || next == b'`' || prev == b'|' || next == b'|' || escaped_quote
}

/// `placeholder` as words people read, not `placeholder=`, `::placeholder`, `data-placeholder`
/// or the bare key `"placeholder"`.
fn placeholder_is_content(cx: &Ctx<'_, '_>) -> bool {
    let prev = cx.prev_byte();
    let next = cx.next_byte();
    if b"-:.[$@/{#<_|".contains(&prev) || b"-=]:(}>_|)".contains(&next) {
        return false;
    }
    let quote = |b: u8| b"\"'`".contains(&b);
    let word = &cx.src[cx.m.clone()];
    !(quote(prev) && quote(next) && word.iter().all(u8::is_ascii_lowercase))
}

/// The block after `catch` / `if err != nil`: empty, with no comment inside.
fn empty_block(cx: &Ctx<'_, '_>) -> Option<Hit> {
    let mut c = cx.cursor_at(cx.m.end);
    let limit = cx.m.end + 512;
    let mut depth = 0i32;
    loop {
        match c.next_code(limit)? {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            b'{' if depth == 0 => break,
            b';' | b'}' if depth == 0 => return None,
            _ => {}
        }
        c.bump();
    }
    c.bump();
    closes_empty(&mut c)
}

/// After an opening `{`: only whitespace up to `}`.
fn closes_empty(c: &mut Cursor<'_>) -> Option<Hit> {
    if c.skip_trivia(true) {
        return None;
    }
    match c.peek()? {
        (b'}', Class::Code) => Hit::at(c.pos() + 1),
        _ => None,
    }
}

/// `Err(_) => {}` or `Err(_) => ()`.
fn rust_err_arm(cx: &Ctx<'_, '_>) -> Option<Hit> {
    let mut c = cx.cursor_at(cx.m.end);
    if c.skip_trivia(true) {
        return None;
    }
    match c.peek()? {
        (b'{', Class::Code) => {
            c.bump();
            closes_empty(&mut c)
        }
        (b'(', Class::Code) => {
            c.bump();
            if c.skip_trivia(true) {
                return None;
            }
            match c.peek()? {
                (b')', Class::Code) => Hit::at(c.pos() + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `return null;` (or `{}`, `[]`, `undefined`) as the whole body of a function, method or
/// arrow; guard clauses (`if (x) { return null; }`) are not.
fn return_only(cx: &Ctx<'_, '_>) -> Option<Hit> {
    let src = cx.src;
    let mut c = cx.cursor_at(cx.m.end);
    c.skip_trivia(true);
    let close = match c.peek()? {
        (b'}', Class::Code) => c.pos(),
        _ => return None,
    };
    let open = prev_nonspace(src, cx.m.start)?;
    if src[open] != b'{' {
        return None;
    }
    let before = prev_nonspace(src, open)?;
    let function = match src[before] {
        b')' => {
            let paren = matching_open_paren(src, before)?;
            match prev_nonspace(src, paren) {
                Some(w) if is_ident(src[w]) => !CONTROL.contains(&word_ending_at(src, w)),
                _ => true,
            }
        }
        b'>' | b'?' | b']' => true,
        b if is_ident(b) => !BLOCK_KEYWORDS.contains(&word_ending_at(src, before)),
        _ => false,
    };
    if function {
        Hit::at(close + 1)
    } else {
        None
    }
}

/// Keywords whose `(...)` is followed by a block that is not a function body.
const CONTROL: [&[u8]; 10] = [
    b"if",
    b"for",
    b"while",
    b"switch",
    b"catch",
    b"with",
    b"foreach",
    b"using",
    b"lock",
    b"synchronized",
];

/// Keywords directly followed by a block that is not a function body. `catch { return []; }`
/// (a catch without a binding) is a deliberate fallback, not an empty implementation.
const BLOCK_KEYWORDS: [&[u8]; 9] = [
    b"else", b"try", b"do", b"finally", b"unsafe", b"static", b"checked", b"catch", b"rescue",
];

fn prev_nonspace(src: &[u8], mut i: usize) -> Option<usize> {
    while i > 0 {
        i -= 1;
        if !src[i].is_ascii_whitespace() {
            return Some(i);
        }
    }
    None
}

fn word_ending_at(src: &[u8], last: usize) -> &[u8] {
    let mut s = last;
    while s > 0 && is_ident(src[s - 1]) {
        s -= 1;
    }
    &src[s..=last]
}

/// The `(` matching the `)` at `close`, looking back at most 2 KiB (strings are not
/// considered: parameter lists rarely hold parentheses in strings).
fn matching_open_paren(src: &[u8], close: usize) -> Option<usize> {
    let floor = close.saturating_sub(2048);
    let mut depth = 0u32;
    let mut i = close + 1;
    while i > floor {
        i -= 1;
        match src[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A skip marker's reason: non-blank text inside the parentheses after it.
fn has_reason(cx: &Ctx<'_, '_>) -> bool {
    let src = cx.src;
    let inner_start = if cx.m.end > 0 && src[cx.m.end - 1] == b'(' {
        cx.m.end
    } else {
        match next_nonblank(src, cx.m.end) {
            Some(b'(') => memchr(b'(', &src[cx.m.end..]).map_or(src.len(), |k| cx.m.end + k + 1),
            _ => return false,
        }
    };
    let window = &src[inner_start..src.len().min(inner_start + 512)];
    let inner = memchr(b')', window).map_or(window, |k| &window[..k]);
    !inner.trim_ascii().is_empty()
}

/// Whether the file prints by design: a script or an entry point.
pub fn is_script(lang: Lang, path: &str, src: &[u8]) -> bool {
    if src.starts_with(b"#!") {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let in_dir = |d: &str| path.starts_with(&format!("{d}/")) || path.contains(&format!("/{d}/"));
    if ["bin", "scripts", "script", "cmd"]
        .iter()
        .any(|d| in_dir(d))
    {
        return true;
    }
    let has = |needle: &str| memmem::find(src, needle.as_bytes()).is_some();
    match lang {
        Lang::Rust => name == "main.rs" || name == "build.rs" || has("fn main("),
        Lang::Python => {
            name == "__main__.py"
                || has("__name__ == \"__main__\"")
                || has("__name__ == '__main__'")
                || has("__name__==")
        }
        Lang::Go => has("package main\n") || has("package main\r") || has("package main "),
        Lang::Java | Lang::CSharp => {
            has("void main(") || has("void Main(") || has("Task Main(") || has("int Main(")
        }
        Lang::Kotlin => has("fun main("),
        Lang::Scala => has("def main(") || has("extends App"),
        Lang::Swift => name == "main.swift" || has("@main"),
        Lang::Dart => has("void main("),
        _ => false,
    }
}

/// One statement of a Python suite, as far as the checks care.
#[derive(Debug, PartialEq, Eq)]
enum Stmt {
    /// A string on its own (a docstring).
    Doc,
    /// Code with all whitespace removed, at most [`STMT_MAX`] bytes.
    Code(Vec<u8>),
}

const STMT_MAX: usize = 32;

#[derive(Debug, Default)]
struct Suite {
    stmts: Vec<Stmt>,
    comment: bool,
    end: usize,
}

impl Suite {
    /// The statements after a leading docstring.
    fn body(&self) -> &[Stmt] {
        match self.stmts.first() {
            Some(Stmt::Doc) => &self.stmts[1..],
            _ => &self.stmts,
        }
    }

    /// The only statement after the docstring, when there is exactly one and it is code.
    fn only(&self) -> Option<&[u8]> {
        match self.body() {
            [Stmt::Code(c)] => Some(c),
            _ => None,
        }
    }
}

fn line_start(src: &[u8], off: usize) -> usize {
    memrchr(b'\n', &src[..off]).map_or(0, |k| k + 1)
}

fn indent_at(src: &[u8], ls: usize) -> usize {
    src[ls..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// The suite after a Python header that starts at `header`: the block's first statements (up
/// to three), whether it holds a comment, and where it ends.
fn py_suite(cx: &Ctx<'_, '_>, header: usize) -> Option<Suite> {
    let src = cx.src;
    let base = indent_at(src, line_start(src, header));
    let mut c = cx.cursor_at(cx.m.end);
    let limit = cx.m.end + 4096;
    let mut depth = 0i32;
    loop {
        match c.next_code(limit)? {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b':' if depth == 0 => {
                c.bump();
                break;
            }
            b'\n' if depth <= 0 => return None,
            _ => {}
        }
        c.bump();
    }
    let mut suite = Suite {
        comment: c.skip_trivia(false),
        end: c.pos(),
        ..Suite::default()
    };
    match c.peek() {
        None => {}
        Some((b'\n', Class::Code)) => loop {
            // At a newline: look at the next line.
            c.bump();
            let ls = c.pos();
            while let Some((b' ' | b'\t' | b'\r', Class::Code)) = c.peek() {
                c.bump();
            }
            let indent = c.pos() - ls;
            match c.peek() {
                None => break,
                Some((b'\n', Class::Code)) => continue,
                Some((_, Class::Comment)) => {
                    suite.comment |= indent > base;
                    c.skip_region();
                }
                Some(_) if indent <= base => break,
                Some(_) => {
                    read_statements(&mut c, &mut suite);
                    suite.end = c.pos();
                    if suite.stmts.len() > 2 {
                        break;
                    }
                }
            }
            match c.peek() {
                Some((b'\n', Class::Code)) => {}
                _ => break,
            }
        },
        Some(_) => {
            read_statements(&mut c, &mut suite);
            suite.end = c.pos();
        }
    }
    Some(suite)
}

/// Reads the statements of one line (`a; b  # c`) into the suite; stops at the newline.
fn read_statements(c: &mut Cursor<'_>, suite: &mut Suite) {
    let mut text = Vec::new();
    let mut doc = false;
    let finish = |text: &mut Vec<u8>, doc: &mut bool, suite: &mut Suite| {
        if !text.is_empty() {
            suite.stmts.push(Stmt::Code(std::mem::take(text)));
        } else if *doc {
            suite.stmts.push(Stmt::Doc);
        }
        *doc = false;
    };
    while let Some((b, class)) = c.peek() {
        match (b, class) {
            (b'\n', Class::Code) => break,
            (_, Class::Comment) => {
                suite.comment = true;
                c.skip_region();
            }
            (_, Class::Str) => {
                if text.is_empty() {
                    doc = true;
                } else if text.len() < STMT_MAX {
                    text.push(b'"');
                }
                c.skip_region();
            }
            (b';', Class::Code) => {
                finish(&mut text, &mut doc, suite);
                c.bump();
            }
            (b, Class::Code) => {
                if !b.is_ascii_whitespace() && text.len() < STMT_MAX {
                    text.push(b);
                }
                c.bump();
            }
        }
    }
    finish(&mut text, &mut doc, suite);
}

fn is_pass(stmt: &[u8]) -> bool {
    stmt == b"pass" || stmt == b"..."
}

/// A `def` whose body is only `pass`/`...` (a stub) or only `return None/[]/{}` (empty).
fn py_def(cx: &Ctx<'_, '_>) -> Option<Hit> {
    if cx.path.ends_with(".pyi") {
        return None;
    }
    let suite = py_suite(cx, cx.m.start)?;
    let only = suite.only()?;
    let rule = if is_pass(only) {
        &STUB_BODY
    } else if [&b"returnNone"[..], b"return[]", b"return{}"].contains(&only) {
        &EMPTY_IMPLEMENTATION
    } else {
        return None;
    };
    if py_def_is_abstract(cx.src, line_start(cx.src, cx.m.start)) {
        return None;
    }
    Some(Hit {
        rule: Some(rule),
        end: suite.end,
    })
}

/// `except ...:` whose suite is only `pass` or `...`, with no comment.
fn py_except(cx: &Ctx<'_, '_>) -> Option<Hit> {
    let suite = py_suite(cx, cx.m.start)?;
    if suite.comment || !suite.only().is_some_and(is_pass) {
        return None;
    }
    Hit::at(suite.end)
}

/// Lines before `ls`, nearest first, as `(start, end)`; at most `n`.
fn lines_before(src: &[u8], ls: usize, n: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut end = ls;
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let le = end - 1;
        let s = line_start(src, le);
        end = s;
        Some((s, le))
    })
    .take(n)
}

/// Whether a raise has no message, or only filler: `raise NotImplementedError`,
/// `raise NotImplementedError("TODO")`. A real message (`"must be implemented by a subclass"`,
/// `"sendmsg not allowed"`) puts the decision on record, so it is not a stub.
fn raise_without_message(src: &[u8], after: usize) -> bool {
    let window = &src[after..src.len().min(after + 160)];
    let rest = window.trim_ascii_start();
    let Some(args) = rest.strip_prefix(b"(").or_else(|| rest.strip_prefix(b",")) else {
        return true;
    };
    let args = args.trim_ascii_start();
    let args = args
        .strip_prefix(b"f")
        .or_else(|| args.strip_prefix(b"r"))
        .unwrap_or(args);
    match args.first() {
        None | Some(b')') => true,
        Some(&q @ (b'"' | b'\'')) => {
            let body = &args[1..];
            let text = memchr(q, body)
                .map_or(body, |k| &body[..k])
                .to_ascii_lowercase();
            STUB_WORDS
                .iter()
                .any(|w| memmem::find(&text, w.as_bytes()).is_some())
        }
        // An expression (`_("...")`, a variable): a message of some kind.
        Some(_) => false,
    }
}

/// Messages that make a raise a stub all the same.
const STUB_WORDS: [&str; 7] = [
    "todo",
    "not implemented",
    // planlint-allow(placeholder): the filler messages this list recognises
    "not yet implemented",
    "unimplemented",
    "implement me",
    "stub",
    "fixme",
];

/// Whether `raise NotImplementedError` is a stub: the first statement (after a docstring) of
/// a function that is not abstract. Raised from a branch (`else: raise NotImplementedError(
/// "format x")`) it reports an unsupported case instead, which is a decision, not a stub.
fn py_raise_is_stub(cx: &Ctx<'_, '_>) -> bool {
    let src = cx.src;
    if cx.path.ends_with(".pyi") || !raise_without_message(src, cx.m.end) {
        return false;
    }
    let ls = line_start(src, cx.m.start);
    let indent = indent_at(src, ls);
    // Lines between the enclosing `def` and the raise, nearest first.
    let mut between: Vec<&[u8]> = Vec::new();
    for (s, e) in lines_before(src, ls, LOOK_BACK) {
        let t = src[s..e].trim_ascii();
        if t.is_empty() {
            continue;
        }
        if indent_at(src, s) >= indent {
            between.push(t);
            continue;
        }
        if t.starts_with(b")") {
            // The closing line of a multi-line signature.
            between.clear();
            continue;
        }
        if !(t.starts_with(b"def ") || t.starts_with(b"async def ")) {
            return false;
        }
        let mut header_open = !ends_with_colon(t);
        let mut in_doc = false;
        for l in between.iter().rev() {
            if header_open {
                header_open = !ends_with_colon(l);
                continue;
            }
            let triple =
                memmem::find_iter(l, TRIPLE_DQ).count() + memmem::find_iter(l, TRIPLE_SQ).count();
            let doc_line = in_doc || triple > 0 || b"#\"'".contains(&l[0]);
            if !doc_line {
                return false;
            }
            if triple % 2 == 1 {
                in_doc = !in_doc;
            }
        }
        return !py_def_is_abstract(src, s);
    }
    false
}

/// How many lines back the Python checks look for an enclosing `def` or `class`.
const LOOK_BACK: usize = 3000;

const TRIPLE_DQ: &[u8] = b"\"\"\"";
const TRIPLE_SQ: &[u8] = b"'''";

/// Whether a Python line ends its header with `:` (before any trailing comment).
fn ends_with_colon(line: &[u8]) -> bool {
    let code = memchr(b'#', line).map_or(line, |k| &line[..k]);
    code.trim_ascii_end().ends_with(b":")
}

/// A Python docstring: a triple-quoted string that starts its line.
fn is_docstring(cx: &Ctx<'_, '_>) -> bool {
    let src = cx.src;
    let r = cx.region;
    let body = &src[r.start..r.end];
    let body = body
        .strip_prefix(b"r")
        .or_else(|| body.strip_prefix(b"u"))
        .unwrap_or(body);
    cx.lang == Lang::Python
        && (body.starts_with(TRIPLE_DQ) || body.starts_with(TRIPLE_SQ))
        && src[line_start(src, r.start)..r.start]
            .trim_ascii()
            .is_empty()
}

/// Whether the `def` on the line at `ls` is abstract: decorated `@abstractmethod` or
/// `@overload`, or a method of a `Protocol` / `ABC` / `Abstract...` / `Base...` class.
fn py_def_is_abstract(src: &[u8], ls: usize) -> bool {
    let indent = indent_at(src, ls);
    let mut decorators = true;
    for (s, e) in lines_before(src, ls, LOOK_BACK) {
        let t = src[s..e].trim_ascii();
        if t.is_empty() {
            decorators = false;
            continue;
        }
        let ind = indent_at(src, s);
        if decorators && ind == indent && t.starts_with(b"@") {
            if memmem::find(t, b"abstract").is_some() || memmem::find(t, b"overload").is_some() {
                return true;
            }
            continue;
        }
        decorators = false;
        if ind < indent {
            return t.starts_with(b"class ")
                && ["Protocol", "ABC", "Abstract", "Base", "Interface", "Mixin"]
                    .iter()
                    .any(|w| memmem::find(t, w.as_bytes()).is_some());
        }
    }
    false
}

/// A Ruby `rescue` clause with nothing before the next `end`/`ensure`/`else`/`rescue`.
fn ruby_rescue(cx: &Ctx<'_, '_>) -> Option<Hit> {
    let src = cx.src;
    let before = src[line_start(src, cx.m.start)..cx.m.start].trim_ascii();
    if !(before.is_empty() || before.ends_with(b";") || before.ends_with(b"begin")) {
        // `x = risky rescue nil` is a modifier, not a clause.
        return None;
    }
    let mut c = cx.cursor_at(cx.m.end);
    loop {
        match c.peek()? {
            (b'\n' | b';', Class::Code) => break,
            (_, Class::Comment) => return None,
            (_, Class::Str) => c.skip_region(),
            _ => c.bump(),
        }
    }
    loop {
        if c.skip_trivia(true) {
            return None;
        }
        match c.peek()? {
            (b';', Class::Code) => c.bump(),
            _ => break,
        }
    }
    let word = c.word();
    if [&b"end"[..], b"ensure", b"else", b"rescue"].contains(&word) {
        Hit::at(c.pos())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert!(has_reference(b"// FIXME(#12): later"));
        assert!(has_reference(b"# TBD see DEF-4"));
        assert!(has_reference(b"// XXX https://github.com/o/r/issues/9"));
        assert!(!has_reference(b"// FIXME: # not a ref"));
        assert!(!has_reference(b"// TODO later"));
    }

    #[test]
    fn scripts_by_path_and_content() {
        assert!(is_script(Lang::Rust, "src/main.rs", b""));
        assert!(is_script(Lang::Rust, "src/bin/x.rs", b""));
        assert!(!is_script(Lang::Rust, "src/lib.rs", b"pub fn f() {}"));
        assert!(is_script(
            Lang::Python,
            "tool.py",
            b"if __name__ == '__main__':\n"
        ));
        assert!(is_script(Lang::Go, "x.go", b"package main\n"));
        assert!(!is_script(Lang::Go, "x.go", b"package mainly\n"));
        assert!(is_script(Lang::Js, "x.js", b"#!/usr/bin/env node\n"));
    }
}
