//! A character-level lexer that tells code, comments and strings apart.
//!
//! One lexer serves every language: a [`Syntax`] says which comment markers and string forms a
//! language has (nested block comments, raw strings, template literals with `${}`, triple
//! quotes, heredocs, JS regex literals, markup with embedded scripts) and [`Lexer`] walks the
//! bytes once, yielding contiguous [`Region`]s that cover the whole input. It works on bytes, so
//! invalid UTF-8 cannot trip it, and it is lazy: the scanner drives it only as far as the last
//! candidate match of a file. Where a language is ambiguous without a parser (an apostrophe in
//! JSX text, a `/` that may start a regex) it guesses and, for strings that cannot span lines,
//! recovers at the end of the line, so one bad guess costs one line, not the rest of the file.
//! Every lookahead is bounded, so no input makes it quadratic.

use memchr::{memchr, memchr2, memchr3, memmem};

/// What a byte of source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Code,
    Comment,
    /// String literals, regex literals, heredocs, and the text content of markup.
    Str,
}

/// A run of bytes of one class, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: usize,
    pub end: usize,
    pub class: Class,
}

/// How a string escapes its own quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Esc {
    /// `\"`
    Backslash,
    /// `''` (SQL, C# verbatim strings)
    Double,
    /// No escapes at all (Go raw strings, shell single quotes).
    Raw,
}

/// One string form of a language.
#[derive(Debug, Clone, Copy)]
pub struct Quote {
    pub open: &'static [u8],
    pub esc: Esc,
    /// Whether the string may span lines; one that may not ends at the end of its line.
    pub multiline: bool,
    /// `${ ... }` interpolation holding code (JS template literals).
    pub interp: bool,
}

impl Quote {
    pub const fn new(open: &'static str, esc: Esc, multiline: bool) -> Quote {
        Quote {
            open: open.as_bytes(),
            esc,
            multiline,
            interp: false,
        }
    }

    pub const fn template(self) -> Quote {
        Quote {
            interp: true,
            ..self
        }
    }
}

/// Where `#` starts a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Never,
    Always,
    /// At the start of a shell word (`$#`, `${#x}` and `a#b` are not comments).
    WordStart,
    /// After whitespace or at the start of a line (YAML: `http://x/#frag` is not a comment).
    AfterSpace,
    /// Except as `#[` (PHP 8 attributes).
    NotAttribute,
}

/// How a `'` that is not a string quote is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chars {
    None,
    /// `'a'` is a char, `'a` a lifetime or label.
    Rust,
    /// `'a'`, `'\n'`; a quote after a digit is a C++14 digit separator.
    C,
}

/// Raw string forms that need more than a quote table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raw {
    None,
    /// `r"…"`, `r#"…"#`, `br"…"`
    Rust,
    /// `R"delim(…)delim"`
    Cpp,
    /// `@"…"` with `""` escapes
    CSharp,
    /// `#"…"#`
    Swift,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heredoc {
    None,
    Shell,
    Ruby,
    Php,
}

/// The lexical shape of a language.
#[derive(Debug)]
pub struct Syntax {
    pub line: &'static [&'static [u8]],
    pub hash: Hash,
    pub block: Option<(&'static [u8], &'static [u8])>,
    pub nested: bool,
    /// Longest opener first (`"""` before `"`).
    pub quotes: &'static [Quote],
    /// A quote opens a string only where a YAML scalar may start (`don't` is plain text).
    pub scalar_quotes: bool,
    pub chars: Chars,
    /// `/…/` regex literals (JavaScript).
    pub regex: bool,
    pub raw: Raw,
    pub heredoc: Heredoc,
    /// Lua long brackets: `[[…]]`, `[==[…]==]`, `--[[…]]`.
    pub lua_long: bool,
    /// Ruby `=begin` … `=end` at the start of a line.
    pub ruby_begin: bool,
    /// HTML-like markup with `<script>` and `<style>` bodies.
    pub markup: bool,
}

impl Syntax {
    pub const BASE: Syntax = Syntax {
        line: &[],
        hash: Hash::Never,
        block: None,
        nested: false,
        quotes: &[],
        scalar_quotes: false,
        chars: Chars::None,
        regex: false,
        raw: Raw::None,
        heredoc: Heredoc::None,
        lua_long: false,
        ruby_begin: false,
        markup: false,
    };
}

/// The syntax of JavaScript and TypeScript, also used inside markup `<script>`.
pub static JS: Syntax = Syntax {
    line: &[b"//"],
    block: Some((b"/*", b"*/")),
    quotes: &[
        Quote::new("`", Esc::Backslash, true).template(),
        Quote::new("\"", Esc::Backslash, false),
        Quote::new("'", Esc::Backslash, false),
    ],
    regex: true,
    ..Syntax::BASE
};

/// CSS, for markup `<style>`.
pub static CSS: Syntax = Syntax {
    block: Some((b"/*", b"*/")),
    quotes: &[
        Quote::new("\"", Esc::Backslash, false),
        Quote::new("'", Esc::Backslash, false),
    ],
    ..Syntax::BASE
};

/// Where a region-producing construct starts, found by [`Lexer::find_open`].
#[derive(Debug, Clone, Copy)]
enum Open {
    Line,
    Block,
    /// Index into `Syntax::quotes`.
    Str(u8),
    /// The `}` that closes a `${` interpolation: the template string resumes.
    Resume(u8),
    /// Rust `r#"` and Swift `#"`: the body starts at `body`, the closer is `"` and `hashes` `#`.
    RawHash {
        body: usize,
        hashes: usize,
    },
    CppRaw {
        body: usize,
        delim: usize,
        delim_len: usize,
    },
    Verbatim {
        body: usize,
    },
    LuaLong {
        level: usize,
        comment: bool,
    },
    RubyBlock,
    /// Literals whose end is found while deciding that they are literals.
    Until(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Embed {
    Script,
    Style,
}

/// Walks a source text and yields its regions in order; see the module docs.
#[derive(Clone)]
pub struct Lexer<'a> {
    syn: &'static Syntax,
    src: &'a [u8],
    pos: usize,
    end: usize,
    hot: [bool; 256],
    /// One entry per open `${` of a template string: brace depth inside it, quote to resume.
    interp: Vec<(u32, u8)>,
    pending: Option<(usize, Open)>,
    in_tag: bool,
    embed: Option<Embed>,
    sub: Option<Box<Lexer<'a>>>,
}

impl<'a> Lexer<'a> {
    pub fn new(syn: &'static Syntax, src: &'a [u8]) -> Lexer<'a> {
        Lexer::with_range(syn, src, 0, src.len())
    }

    /// A lexer over `src[start..end]` that reports offsets into all of `src`.
    fn with_range(syn: &'static Syntax, src: &'a [u8], start: usize, end: usize) -> Lexer<'a> {
        let mut hot = [false; 256];
        for l in syn.line {
            hot[l[0] as usize] = true;
        }
        if let Some((open, _)) = syn.block {
            hot[open[0] as usize] = true;
        }
        for q in syn.quotes {
            hot[q.open[0] as usize] = true;
        }
        let flags = [
            (
                syn.hash != Hash::Never || matches!(syn.raw, Raw::Rust | Raw::Swift),
                b'#',
            ),
            (syn.chars != Chars::None, b'\''),
            (syn.regex, b'/'),
            (syn.heredoc != Heredoc::None, b'<'),
            (syn.lua_long, b'['),
            (syn.ruby_begin, b'='),
        ];
        for (on, b) in flags {
            if on {
                hot[b as usize] = true;
            }
        }
        Lexer {
            syn,
            src,
            pos: start,
            end: end.min(src.len()),
            hot,
            interp: Vec::new(),
            pending: None,
            in_tag: false,
            embed: None,
            sub: None,
        }
    }

    pub fn src(&self) -> &'a [u8] {
        self.src
    }

    /// The next region, or `None` at the end of the input.
    pub fn next_region(&mut self) -> Option<Region> {
        if self.syn.markup {
            self.next_markup()
        } else {
            self.next_code()
        }
    }

    fn next_code(&mut self) -> Option<Region> {
        let start = self.pos;
        if start >= self.end {
            return None;
        }
        let (at, open) = match self.pending.take() {
            Some((at, open)) if at >= start => (at, Some(open)),
            _ => self.find_open(start),
        };
        if at > start {
            self.pending = open.map(|o| (at, o));
            self.pos = at;
            return Some(Region {
                start,
                end: at,
                class: Class::Code,
            });
        }
        let Some(open) = open else {
            self.pos = self.end;
            return None;
        };
        let (end, class) = self.consume(at, open);
        // Every region is at least one byte long, so the lexer always makes progress.
        let end = end.clamp(at + 1, self.end.max(at + 1));
        self.pos = end;
        Some(Region {
            start: at,
            end,
            class,
        })
    }

    /// The first construct at or after `from`: its start and kind, or `(end, None)`.
    fn find_open(&mut self, from: usize) -> (usize, Option<Open>) {
        let src = self.src;
        let mut i = from;
        loop {
            if self.interp.is_empty() {
                while i < self.end && !self.hot[src[i] as usize] {
                    i += 1;
                }
            } else {
                while i < self.end && !self.hot[src[i] as usize] && src[i] != b'{' && src[i] != b'}'
                {
                    i += 1;
                }
            }
            if i >= self.end {
                return (self.end, None);
            }
            if let Some((at, open)) = self.open_at(i, from) {
                return (at, Some(open));
            }
            i += 1;
        }
    }

    fn open_at(&mut self, i: usize, from: usize) -> Option<(usize, Open)> {
        let syn = self.syn;
        let src = self.src;
        let end = self.end;
        let rest = &src[i..end];
        let b = src[i];
        if let Some(top) = self.interp.last_mut() {
            match b {
                b'{' => {
                    top.0 += 1;
                    return None;
                }
                b'}' if top.0 == 0 => {
                    let q = top.1;
                    self.interp.pop();
                    return Some((i, Open::Resume(q)));
                }
                b'}' => {
                    top.0 -= 1;
                    return None;
                }
                _ => {}
            }
        }
        if let Some((open, _)) = syn.block {
            if rest.starts_with(open) {
                return Some((i, Open::Block));
            }
        }
        for l in syn.line {
            if rest.starts_with(l) {
                if syn.lua_long {
                    if let Some(level) = long_bracket(&rest[l.len()..]) {
                        return Some((
                            i,
                            Open::LuaLong {
                                level,
                                comment: true,
                            },
                        ));
                    }
                }
                return Some((i, Open::Line));
            }
        }
        if b == b'#' {
            if let Some(found) = self.raw_hash(i, from) {
                return Some(found);
            }
            let comment = match syn.hash {
                Hash::Never => false,
                Hash::Always => true,
                Hash::WordStart => {
                    i == 0
                        || matches!(
                            src[i - 1],
                            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')'
                        )
                }
                Hash::AfterSpace => i == 0 || matches!(src[i - 1], b' ' | b'\t' | b'\n' | b'\r'),
                Hash::NotAttribute => rest.get(1) != Some(&b'['),
            };
            if comment {
                return Some((i, Open::Line));
            }
        }
        for (k, q) in syn.quotes.iter().enumerate() {
            if rest.starts_with(q.open) {
                if syn.scalar_quotes && !scalar_start(src, i) {
                    break;
                }
                if q.open == b"\"" {
                    if let Some(found) = self.raw_prefixed(i, from) {
                        return Some(found);
                    }
                }
                return Some((i, Open::Str(k as u8)));
            }
        }
        if b == b'\'' && syn.chars != Chars::None {
            return self.char_end(i).map(|e| (i, Open::Until(e)));
        }
        if b == b'/' && syn.regex {
            return js_regex_end(src, i, end).map(|e| (i, Open::Until(e)));
        }
        if b == b'<' && syn.heredoc != Heredoc::None {
            return heredoc_end(syn.heredoc, src, i, end).map(|e| (i, Open::Until(e)));
        }
        if b == b'[' && syn.lua_long {
            return long_bracket(rest).map(|level| {
                (
                    i,
                    Open::LuaLong {
                        level,
                        comment: false,
                    },
                )
            });
        }
        if b == b'='
            && syn.ruby_begin
            && (i == 0 || src[i - 1] == b'\n')
            && rest.starts_with(b"=begin")
            && rest.get(6).is_none_or(|c| c.is_ascii_whitespace())
        {
            return Some((i, Open::RubyBlock));
        }
        None
    }

    /// Rust `r#"` (the `#` after an `r` prefix) and Swift `#"`.
    fn raw_hash(&self, i: usize, from: usize) -> Option<(usize, Open)> {
        let src = &self.src[..self.end];
        let hashes = src[i..].iter().take_while(|&&c| c == b'#').count();
        if src.get(i + hashes) != Some(&b'"') {
            return None;
        }
        let start = match self.syn.raw {
            Raw::Rust => rust_raw_prefix(src, i, from)?,
            Raw::Swift if i == 0 || src[i - 1] != b'#' => i,
            _ => return None,
        };
        Some((
            start,
            Open::RawHash {
                body: i + hashes + 1,
                hashes,
            },
        ))
    }

    /// A `"` that ends a raw-string prefix: Rust `r"`, C++ `R"delim(`, C# `@"`.
    fn raw_prefixed(&self, i: usize, from: usize) -> Option<(usize, Open)> {
        let src = &self.src[..self.end];
        match self.syn.raw {
            Raw::Rust => {
                let start = rust_raw_prefix(src, i, from)?;
                Some((
                    start,
                    Open::RawHash {
                        body: i + 1,
                        hashes: 0,
                    },
                ))
            }
            Raw::Cpp => {
                if i == 0 || src[i - 1] != b'R' || i - 1 < from {
                    return None;
                }
                let mut start = i - 1;
                while start > from && matches!(src[start - 1], b'u' | b'U' | b'L' | b'8') {
                    start -= 1;
                }
                if start > 0 && is_ident(src[start - 1]) {
                    return None;
                }
                let delim = i + 1;
                let delim_len = src[delim..]
                    .iter()
                    .take(17)
                    .position(|&c| c == b'(')
                    .filter(|&n| {
                        n <= 16
                            && !src[delim..delim + n]
                                .iter()
                                .any(|c| b" )\\\n\t".contains(c))
                    })?;
                Some((
                    start,
                    Open::CppRaw {
                        body: delim + delim_len + 1,
                        delim,
                        delim_len,
                    },
                ))
            }
            Raw::CSharp => {
                let mut start = i;
                while start > from && start + 2 > i && matches!(src[start - 1], b'@' | b'$') {
                    start -= 1;
                }
                if src[start..i].contains(&b'@') {
                    Some((start, Open::Verbatim { body: i + 1 }))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The end of a char literal at `i`, or `None` when the quote is a lifetime, a label or a
    /// digit separator (then it is code).
    fn char_end(&self, i: usize) -> Option<usize> {
        let src = &self.src[..self.end];
        if self.syn.chars == Chars::C && i > 0 && src[i - 1].is_ascii_alphanumeric() {
            return None;
        }
        let j = i + 1;
        let first = *src.get(j)?;
        if first == b'\\' {
            let window = &src[j..src.len().min(j + 12)];
            return window
                .iter()
                .skip(2)
                .position(|&c| c == b'\'' || c == b'\n')
                .filter(|&k| window[k + 2] == b'\'')
                .map(|k| j + k + 3);
        }
        if first == b'\'' || first == b'\n' {
            return None;
        }
        let k = j + utf8_width(first);
        if src.get(k) == Some(&b'\'') {
            return Some(k + 1);
        }
        if self.syn.chars == Chars::C {
            // Multi-character constants such as 'abcd'.
            let window = &src[j..src.len().min(j + 8)];
            return window
                .iter()
                .position(|&c| c == b'\'' || c == b'\n')
                .filter(|&k| window[k] == b'\'')
                .map(|k| j + k + 1);
        }
        None
    }

    /// The end of the construct opened at `at`, and its class.
    fn consume(&mut self, at: usize, open: Open) -> (usize, Class) {
        let src = self.src;
        let end = self.end;
        match open {
            Open::Line => (
                memchr(b'\n', &src[at..end]).map_or(end, |k| at + k),
                Class::Comment,
            ),
            Open::Block => (self.block_end(at), Class::Comment),
            Open::Str(k) => {
                let q = self.syn.quotes[k as usize];
                (self.string_end(at + q.open.len(), k), Class::Str)
            }
            Open::Resume(k) => (self.string_end(at + 1, k), Class::Str),
            Open::RawHash { body, hashes } => {
                let mut j = body;
                loop {
                    let Some(k) = memchr(b'"', &src[j.min(end)..end]) else {
                        return (end, Class::Str);
                    };
                    let q = j + k;
                    let closing = src[q + 1..end]
                        .iter()
                        .take(hashes)
                        .take_while(|&&c| c == b'#')
                        .count();
                    if closing == hashes {
                        return (q + 1 + hashes, Class::Str);
                    }
                    j = q + 1;
                }
            }
            Open::CppRaw {
                body,
                delim,
                delim_len,
            } => {
                let mut closer = Vec::with_capacity(delim_len + 2);
                closer.push(b')');
                closer.extend_from_slice(&src[delim..delim + delim_len]);
                closer.push(b'"');
                let e = memmem::find(&src[body.min(end)..end], &closer)
                    .map_or(end, |k| body + k + closer.len());
                (e, Class::Str)
            }
            Open::Verbatim { body } => (
                scan_string(src, body, end, b"\"", Esc::Double, true, false).0,
                Class::Str,
            ),
            Open::LuaLong { level, comment } => {
                let mut closer = vec![b']'];
                closer.extend(std::iter::repeat_n(b'=', level));
                closer.push(b']');
                let from = (at + level + 2 + if comment { 2 } else { 0 }).min(end);
                let e =
                    memmem::find(&src[from..end], &closer).map_or(end, |k| from + k + closer.len());
                (e, if comment { Class::Comment } else { Class::Str })
            }
            Open::RubyBlock => {
                let e = memmem::find(&src[at..end], b"\n=end").map_or(end, |k| {
                    let close = at + k + 1;
                    memchr(b'\n', &src[close..end]).map_or(end, |n| close + n)
                });
                (e, Class::Comment)
            }
            Open::Until(e) => (e, Class::Str),
        }
    }

    fn string_end(&mut self, body: usize, k: u8) -> usize {
        let q = self.syn.quotes[k as usize];
        let (e, interp) = scan_string(
            self.src,
            body,
            self.end,
            q.open,
            q.esc,
            q.multiline,
            q.interp,
        );
        if interp {
            self.interp.push((0, k));
        }
        e
    }

    /// The end of a block comment opened at `at`, counting nesting where the language nests.
    fn block_end(&self, at: usize) -> usize {
        let Some((open, close)) = self.syn.block else {
            return at + 1;
        };
        let src = self.src;
        let end = self.end;
        let mut j = at + open.len();
        let mut depth = 1u32;
        // The next opener, cached so that nesting stays linear.
        let mut next_open: Option<usize> = None;
        let mut opens_left = self.syn.nested;
        loop {
            let Some(c) = memmem::find(&src[j.min(end)..end], close).map(|k| j + k) else {
                return end;
            };
            if opens_left {
                if next_open.is_none_or(|o| o < j) {
                    next_open = memmem::find(&src[j..end], open).map(|k| j + k);
                    opens_left = next_open.is_some();
                }
                if let Some(o) = next_open.filter(|&o| o < c) {
                    depth += 1;
                    j = o + open.len();
                    continue;
                }
            }
            depth -= 1;
            j = c + close.len();
            if depth == 0 {
                return j;
            }
        }
    }

    fn next_markup(&mut self) -> Option<Region> {
        if let Some(sub) = self.sub.as_mut() {
            if let Some(r) = sub.next_region() {
                return Some(r);
            }
            self.pos = sub.end;
            self.sub = None;
        }
        let src = self.src;
        let start = self.pos;
        let end = self.end;
        if start >= end {
            return None;
        }
        if self.in_tag {
            return Some(self.tag_part(start));
        }
        let rest = &src[start..end];
        if rest[0] == b'<' {
            if rest.starts_with(b"<!--") {
                let e = memmem::find(&rest[4..], b"-->").map_or(end, |k| start + 4 + k + 3);
                self.pos = e;
                return Some(Region {
                    start,
                    end: e,
                    class: Class::Comment,
                });
            }
            if rest.len() > 1 && (rest[1].is_ascii_alphabetic() || b"/!?".contains(&rest[1])) {
                self.in_tag = true;
                self.embed = embed_kind(&rest[1..]);
                return Some(self.tag_part(start));
            }
        }
        let e = memchr(b'<', &src[start + 1..end]).map_or(end, |k| start + 1 + k);
        self.pos = e;
        Some(Region {
            start,
            end: e,
            class: Class::Str,
        })
    }

    /// Inside a tag: code, quoted attribute values as strings, and at `>` the start of a
    /// script or style body.
    fn tag_part(&mut self, start: usize) -> Region {
        let src = self.src;
        let end = self.end;
        let b = src[start];
        if b == b'"' || b == b'\'' {
            let e = memchr(b, &src[start + 1..end]).map_or(end, |k| start + k + 2);
            self.pos = e;
            return Region {
                start,
                end: e,
                class: Class::Str,
            };
        }
        let code = |end| Region {
            start,
            end,
            class: Class::Code,
        };
        match memchr3(b'"', b'\'', b'>', &src[start..end]).map(|k| start + k) {
            Some(q) if src[q] == b'>' => {
                let e = q + 1;
                self.in_tag = false;
                self.pos = e;
                if let Some(kind) = self.embed.take() {
                    if src[q - 1] != b'/' {
                        let (syn, tag): (&'static Syntax, &[u8]) = match kind {
                            Embed::Script => (&JS, b"</script"),
                            Embed::Style => (&CSS, b"</style"),
                        };
                        let close = find_ascii_ci(&src[e..end], tag).map_or(end, |k| e + k);
                        self.sub = Some(Box::new(Lexer::with_range(syn, src, e, close)));
                    }
                }
                code(e)
            }
            Some(q) => {
                self.pos = q;
                code(q)
            }
            None => {
                self.pos = end;
                code(end)
            }
        }
    }
}

/// Scans a string body from `j`; returns its end and whether it stopped at a `${`.
fn scan_string(
    src: &[u8],
    mut j: usize,
    end: usize,
    close: &[u8],
    esc: Esc,
    multiline: bool,
    interp: bool,
) -> (usize, bool) {
    let c0 = close[0];
    loop {
        if j >= end {
            return (end, false);
        }
        let hay = &src[j..end];
        let found = match (esc, multiline, interp) {
            (Esc::Backslash, _, true) => memchr3(c0, b'\\', b'$', hay),
            (Esc::Backslash, true, false) => memchr2(c0, b'\\', hay),
            (Esc::Backslash, false, false) => memchr3(c0, b'\\', b'\n', hay),
            (_, true, _) => memchr(c0, hay),
            (_, false, _) => memchr2(c0, b'\n', hay),
        };
        let Some(k) = found else {
            return (end, false);
        };
        let p = j + k;
        match src[p] {
            b'\\' if esc == Esc::Backslash => j = p + 2,
            // A string that cannot span lines was left open: recover at the end of the line.
            b'\n' if !multiline => return (p, false),
            b'$' if interp && c0 != b'$' => {
                if src.get(p + 1) == Some(&b'{') && p + 1 < end {
                    return (p + 2, true);
                }
                j = p + 1;
            }
            _ => {
                if src[p..end].starts_with(close) {
                    if esc == Esc::Double && close.len() == 1 && p + 1 < end && src[p + 1] == c0 {
                        j = p + 2;
                        continue;
                    }
                    return (p + close.len(), false);
                }
                j = p + 1;
            }
        }
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn utf8_width(b: u8) -> usize {
    match b {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Where a Rust raw string that has its `r` right before `i` starts (`r`, `br` or `cr`).
fn rust_raw_prefix(src: &[u8], i: usize, from: usize) -> Option<usize> {
    if i == 0 || src[i - 1] != b'r' || i - 1 < from {
        return None;
    }
    let mut start = i - 1;
    if start > from && matches!(src[start - 1], b'b' | b'c') {
        start -= 1;
    }
    if start > 0 && is_ident(src[start - 1]) {
        return None;
    }
    Some(start)
}

/// Lua's long bracket `[[` / `[==[` at the start of `s`: its level.
fn long_bracket(s: &[u8]) -> Option<usize> {
    if s.first() != Some(&b'[') {
        return None;
    }
    let level = s[1..].iter().take_while(|&&c| c == b'=').count();
    (s.get(1 + level) == Some(&b'[')).then_some(level)
}

/// YAML: whether a quote at `i` opens a scalar (line start, or after `:`, `-`, `[`, `{`, `,`).
fn scalar_start(src: &[u8], i: usize) -> bool {
    let mut k = i;
    while k > 0 && matches!(src[k - 1], b' ' | b'\t') {
        k -= 1;
    }
    k == 0 || matches!(src[k - 1], b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?')
}

/// Keywords after which a `/` starts a regex rather than a division.
const REGEX_AFTER: [&[u8]; 14] = [
    b"return",
    b"typeof",
    b"instanceof",
    b"in",
    b"of",
    b"new",
    b"delete",
    b"void",
    b"throw",
    b"case",
    b"do",
    b"else",
    b"yield",
    b"await",
];

/// The longest regex literal the lexer accepts: bounding it keeps lexing linear.
const MAX_REGEX: usize = 1024;

/// If the `/` at `i` starts a JS regex literal, its end (after the flags).
fn js_regex_end(src: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 && matches!(src[k - 1], b' ' | b'\t' | b'\r' | b'\n') {
        k -= 1;
    }
    if k > 0 {
        let c = src[k - 1];
        if is_ident(c) || c == b'$' {
            let mut w = k - 1;
            while w > 0 && (is_ident(src[w - 1]) || src[w - 1] == b'$') {
                w -= 1;
            }
            if !REGEX_AFTER.contains(&&src[w..k]) {
                return None;
            }
        } else if b")]}\"'`<.".contains(&c) {
            // After a value it is a division; after `<` it is a JSX closing tag.
            return None;
        }
    }
    let mut j = i + 1;
    let mut in_class = false;
    let limit = end.min(i + MAX_REGEX);
    while j < limit {
        match src[j] {
            b'\\' => j += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => {
                j += 1;
                while j < end && src[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return Some(j);
            }
            b'\n' => return None,
            _ => {}
        }
        j += 1;
    }
    None
}

/// If `<` at `i` opens a heredoc, the end of its terminator line.
fn heredoc_end(kind: Heredoc, src: &[u8], i: usize, end: usize) -> Option<usize> {
    let rest = &src[i..end];
    let php = kind == Heredoc::Php;
    let mut j;
    let mut strip = php;
    if php {
        if !rest.starts_with(b"<<<") {
            return None;
        }
        j = i + 3;
    } else {
        if !rest.starts_with(b"<<") || rest.starts_with(b"<<<") {
            return None;
        }
        j = i + 2;
        if j < end && (src[j] == b'-' || src[j] == b'~') {
            strip = true;
            j += 1;
        }
    }
    if kind != Heredoc::Ruby {
        while j < end && (src[j] == b' ' || src[j] == b'\t') {
            j += 1;
        }
    }
    let quote = match src.get(j) {
        Some(&q @ (b'\'' | b'"')) if j < end => {
            j += 1;
            Some(q)
        }
        _ => None,
    };
    let w = j;
    while j < end && is_ident(src[j]) && j - w < 64 {
        j += 1;
    }
    let word = &src[w..j];
    if word.is_empty() || word[0].is_ascii_digit() {
        return None;
    }
    if kind == Heredoc::Ruby && !strip && quote.is_none() && !word[0].is_ascii_uppercase() {
        // `a <<b` is a shift or an append.
        return None;
    }
    if let Some(q) = quote {
        if src.get(j) != Some(&q) {
            return None;
        }
    }
    let mut line = memchr(b'\n', &src[j..end]).map(|k| j + k + 1)?;
    while line < end {
        let le = memchr(b'\n', &src[line..end]).map_or(end, |k| line + k);
        let mut t = &src[line..le];
        if t.last() == Some(&b'\r') {
            t = &t[..t.len() - 1];
        }
        if strip {
            t = t.trim_ascii_start();
        }
        let hit = if php {
            t.starts_with(word) && t.get(word.len()).is_none_or(|&c| !is_ident(c))
        } else {
            t == word
        };
        if hit {
            return Some(le);
        }
        line = le + 1;
    }
    Some(end)
}

fn embed_kind(tag: &[u8]) -> Option<Embed> {
    let name_end = |n: usize| {
        tag.get(n)
            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>')
    };
    if tag.len() >= 6 && tag[..6].eq_ignore_ascii_case(b"script") && name_end(6) {
        Some(Embed::Script)
    } else if tag.len() >= 5 && tag[..5].eq_ignore_ascii_case(b"style") && name_end(5) {
        Some(Embed::Style)
    } else {
        None
    }
}

/// ASCII case-insensitive search for a needle that starts with `<`.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = memchr(needle[0], &hay[from..]) {
        let p = from + k;
        if hay.len() - p >= needle.len() && hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

/// A forward view of the source from an offset: bytes with their class, for the checks that
/// look past a match (is the block after `catch` empty? what follows `=>`?).
#[derive(Clone)]
pub struct Cursor<'a> {
    lx: Lexer<'a>,
    cur: Region,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// `lx` must have just produced `cur`, and `pos` must lie in it.
    pub fn new(lx: Lexer<'a>, cur: Region, pos: usize) -> Cursor<'a> {
        Cursor { lx, cur, pos }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn src(&self) -> &'a [u8] {
        self.lx.src
    }

    /// The byte at the cursor and its class.
    pub fn peek(&mut self) -> Option<(u8, Class)> {
        while self.pos >= self.cur.end {
            let r = self.lx.next_region()?;
            self.pos = self.pos.max(r.start);
            self.cur = r;
        }
        Some((self.lx.src[self.pos], self.cur.class))
    }

    pub fn bump(&mut self) {
        self.pos += 1;
    }

    /// Skips the rest of the current region (a string or a comment).
    pub fn skip_region(&mut self) {
        self.pos = self.pos.max(self.cur.end);
    }

    /// Skips whitespace (newlines too when `newlines`) and comments; returns whether a comment
    /// was passed.
    pub fn skip_trivia(&mut self, newlines: bool) -> bool {
        let mut comment = false;
        while let Some((b, class)) = self.peek() {
            match class {
                Class::Comment => {
                    comment = true;
                    self.skip_region();
                }
                Class::Code if b == b' ' || b == b'\t' || b == b'\r' => self.bump(),
                Class::Code if b == b'\n' && newlines => self.bump(),
                _ => break,
            }
        }
        comment
    }

    /// The next code byte (strings and comments skipped), left unconsumed; `None` at the end
    /// or once past `limit`.
    pub fn next_code(&mut self, limit: usize) -> Option<u8> {
        loop {
            let (b, class) = self.peek()?;
            if self.pos > limit {
                return None;
            }
            if class == Class::Code {
                return Some(b);
            }
            self.skip_region();
        }
    }

    /// The identifier at the cursor (code only), consumed.
    pub fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some((b, Class::Code)) = self.peek() {
            if !is_ident(b) {
                break;
            }
            self.bump();
        }
        &self.lx.src[start..self.pos.max(start)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source rendered with each byte's class: `c` code, `#` comment, `s` string.
    fn classes(syn: &'static Syntax, src: &str) -> String {
        let mut lx = Lexer::new(syn, src.as_bytes());
        let mut out = String::new();
        let mut last = 0;
        while let Some(r) = lx.next_region() {
            assert_eq!(r.start, last, "regions are contiguous in {src:?}");
            assert!(r.end > r.start);
            last = r.end;
            let ch = match r.class {
                Class::Code => 'c',
                Class::Comment => '#',
                Class::Str => 's',
            };
            out.extend(std::iter::repeat_n(ch, r.end - r.start));
        }
        assert_eq!(last, src.len(), "regions cover {src:?}");
        out
    }

    /// The text of every region of `class`.
    fn texts(syn: &'static Syntax, src: &str, class: Class) -> Vec<String> {
        let mut lx = Lexer::new(syn, src.as_bytes());
        let mut out = Vec::new();
        while let Some(r) = lx.next_region() {
            if r.class == class {
                out.push(src[r.start..r.end].to_string());
            }
        }
        out
    }

    static C_LIKE: Syntax = Syntax {
        line: &[b"//"],
        block: Some((b"/*", b"*/")),
        quotes: &[Quote::new("\"", Esc::Backslash, false)],
        chars: Chars::C,
        ..Syntax::BASE
    };

    static NESTED: Syntax = Syntax {
        line: &[b"//"],
        block: Some((b"/*", b"*/")),
        nested: true,
        quotes: &[Quote::new("\"", Esc::Backslash, true)],
        chars: Chars::Rust,
        raw: Raw::Rust,
        ..Syntax::BASE
    };

    #[test]
    fn url_in_a_string_is_not_a_comment() {
        let src = r#"let u = "http://example.com"; // real"#;
        assert_eq!(texts(&JS, src, Class::Comment), vec!["// real"]);
        assert_eq!(texts(&JS, src, Class::Str), vec!["\"http://example.com\""]);
    }

    #[test]
    fn nested_block_comments_close_at_the_matching_end() {
        let src = "a /* x /* y */ z */ b";
        assert_eq!(classes(&NESTED, src), "cc#################cc");
        // Without nesting the first `*/` closes it.
        assert_eq!(classes(&C_LIKE, src), "cc############ccccccc");
    }

    #[test]
    fn rust_raw_strings_lifetimes_and_chars() {
        let src = r###"f(r#"a "quoted" // b"#, '"', 'a, b'x', br"raw")"###;
        let strs = texts(&NESTED, src, Class::Str);
        assert_eq!(
            strs,
            vec![r##"r#"a "quoted" // b"#"##, "'\"'", "'x'", "br\"raw\""]
        );
        assert!(texts(&NESTED, src, Class::Comment).is_empty());
        // A raw identifier is not a raw string.
        assert!(texts(&NESTED, "r#type = 1;", Class::Str).is_empty());
    }

    #[test]
    fn js_regex_literal_holding_comment_openers() {
        let src = "const re = /\\/*foo[/*]/g; // c\nx = a / b / c;";
        assert_eq!(texts(&JS, src, Class::Str), vec!["/\\/*foo[/*]/g"]);
        assert_eq!(texts(&JS, src, Class::Comment), vec!["// c"]);
        assert_eq!(texts(&JS, "return /a/.test(x)", Class::Str), vec!["/a/"]);
        assert!(texts(&JS, "<div>x</div> /* c */", Class::Str).is_empty());
    }

    #[test]
    fn template_literals_hold_code_in_interpolations() {
        let src = "`a ${ f({x: \"}\"}) } // b` // c";
        assert_eq!(
            texts(&JS, src, Class::Str),
            vec!["`a ${", "\"}\"", "} // b`"]
        );
        assert_eq!(texts(&JS, src, Class::Comment), vec!["// c"]);
    }

    #[test]
    fn single_line_strings_recover_at_the_end_of_the_line() {
        let src = "<p>Don't</p>\n// TODO real\n";
        assert_eq!(texts(&JS, src, Class::Comment), vec!["// TODO real"]);
    }

    #[test]
    fn c_digit_separators_and_chars() {
        let src = "int n = 1'000'000; char c = '\\''; // x";
        assert_eq!(texts(&C_LIKE, src, Class::Str), vec!["'\\''"]);
        assert_eq!(texts(&C_LIKE, src, Class::Comment), vec!["// x"]);
    }

    #[test]
    fn unterminated_constructs_end_at_the_end_of_input() {
        assert_eq!(classes(&NESTED, "a /* b"), "cc####");
        assert_eq!(classes(&NESTED, "a \"b"), "ccss");
        assert_eq!(classes(&JS, "`${"), "sss");
    }

    #[test]
    fn markup_text_tags_comments_and_scripts() {
        static MARKUP: Syntax = Syntax {
            markup: true,
            ..Syntax::BASE
        };
        let src = "<p title=\"a\">Hi</p><!-- c --><script>let s = '<p>'; // j\n</script>t";
        assert_eq!(
            texts(&MARKUP, src, Class::Comment),
            vec!["<!-- c -->", "// j"]
        );
        assert_eq!(
            texts(&MARKUP, src, Class::Str),
            vec!["\"a\"", "Hi", "'<p>'", "t"]
        );
    }

    #[test]
    fn lexing_is_linear_on_hostile_input() {
        // Thousands of regex-looking slashes and unclosed quotes on one long line.
        let src = "(/ ".repeat(200_000) + &"'a ".repeat(200_000);
        let start = std::time::Instant::now();
        let n = {
            let mut lx = Lexer::new(&JS, src.as_bytes());
            std::iter::from_fn(|| lx.next_region()).count()
        };
        assert!(n > 0);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn cursor_skips_trivia_and_reports_comments() {
        let src = b"x  /* c */ { }";
        let mut lx = Lexer::new(&C_LIKE, src);
        let first = lx.next_region().unwrap();
        let mut c = Cursor::new(lx, first, 1);
        assert!(c.skip_trivia(true));
        assert_eq!(c.peek(), Some((b'{', Class::Code)));
        c.bump();
        assert!(!c.skip_trivia(true));
        assert_eq!(c.peek(), Some((b'}', Class::Code)));
    }
}
