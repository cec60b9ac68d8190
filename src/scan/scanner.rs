//! The scanner: a file's bytes in, findings out.
//!
//! Per file: path globs decide whether it is scanned at all and whether it is test code; the
//! language's multi-pattern regex finds candidates over the whole buffer (most files have
//! none, and then no language-aware work is done); the lexer is driven from the start of the
//! file only as far as the last candidate, so every candidate is judged with the right
//! context (inside a comment? a string?); checks confirm; `planlint-allow` comments suppress;
//! an optional [`LineSet`] keeps only findings on added lines. Lines longer than [`MAX_LINE`]
//! are not matched (minified code), so no single line can make the work superlinear.

use std::fmt;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use globset::{Glob, GlobSet, GlobSetBuilder};
use memchr::{memchr, memchr_iter, memmem, memrchr};
use regex_automata::Input;

use super::checks::{self, Ctx};
use super::lang::Lang;
use super::lexer::{Class, Lexer, Region};
use super::patterns::{Arm, Check, Compiled};
use super::rules::{self, ALLOW_UNKNOWN_RULE, ALLOW_WITHOUT_REASON, PLACEHOLDER, STUB_BODY};
use crate::config::ScanConfig;
use crate::error::{Error, Result};
use crate::finding::{Finding, Location, Rule};
use crate::fs::Skipped;

/// Lines longer than this are not matched: they are data or minified code, not code a person
/// wrote, and matching them could only produce noise.
pub const MAX_LINE: usize = 4096;
/// A NUL byte in this many first bytes makes a file binary (git's own heuristic).
const BINARY_PROBE: usize = 8192;
/// Generated-code markers are looked for in this many first bytes, on the first lines.
const HEADER_PROBE: usize = 1024;
const HEADER_LINES: usize = 5;
/// Bytes read to find a shebang in a file without an extension.
const SHEBANG_PROBE: usize = 256;
/// Characters of the offending line a finding keeps as its snippet.
const SNIPPET_CHARS: usize = 160;

/// 1-based line numbers, as sorted, merged inclusive ranges: the lines a diff adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineSet {
    ranges: Vec<(u32, u32)>,
}

impl LineSet {
    pub fn new() -> LineSet {
        LineSet::default()
    }

    /// Adds `count` lines starting at `start` (a diff hunk's `+start,count`).
    pub fn insert_range(&mut self, start: u32, count: u32) {
        if count == 0 {
            return;
        }
        let end = start.saturating_add(count - 1);
        self.ranges.push((start, end));
        if self.ranges.len() > 1 && self.ranges[self.ranges.len() - 2].0 > start {
            self.ranges.sort_unstable();
        }
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(s, e) in &self.ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1.saturating_add(1) => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.ranges = merged;
    }

    pub fn insert(&mut self, line: u32) {
        self.insert_range(line, 1);
    }

    pub fn contains(&self, line: u32) -> bool {
        self.overlaps(line, line)
    }

    /// Whether any line of `start..=end` is in the set.
    pub fn overlaps(&self, start: u32, end: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, e)| e < start);
        self.ranges.get(i).is_some_and(|&(s, _)| s <= end)
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

impl FromIterator<u32> for LineSet {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> LineSet {
        let mut set = LineSet::new();
        for line in iter {
            set.insert(line);
        }
        set
    }
}

/// What scanning one file gives.
#[derive(Debug, Default)]
pub struct ScanOutput {
    pub findings: Vec<Finding>,
    /// Why the file was not scanned, when it was not.
    pub skipped: Option<Skipped>,
    /// Lines longer than [`MAX_LINE`] that were not matched.
    pub long_lines: u32,
}

impl ScanOutput {
    fn skipped(why: Skipped) -> ScanOutput {
        ScanOutput {
            skipped: Some(why),
            ..ScanOutput::default()
        }
    }
}

/// Scans files for the anti-patterns of SPEC §5. Cheap to create (each language's regex is
/// compiled on first use), `Sync`, and meant to be shared by the threads of a walk.
pub struct Scanner {
    max_file_size: u64,
    tests: GlobSet,
    fixtures: GlobSet,
    vendored: GlobSet,
    generated: GlobSet,
    compiled: [OnceLock<Option<Compiled>>; Lang::ALL.len()],
    layout: Option<Arc<dyn Layout>>,
    /// `.planning/`, with its slash, when the caller leaves it out.
    planning: Option<String>,
}

/// How a file sits in its project, for the one check that cannot tell from the file: whether
/// printing is the program's job. The scanner reads nothing itself; the command layer answers
/// from the work tree.
pub trait Layout: Send + Sync {
    /// Whether a Rust file belongs to a crate that builds only binaries (a `src/main.rs` or
    /// `src/bin/`, and no `src/lib.rs`): every module's `println!` is then the program's output.
    fn in_binary_crate(&self, path: &str) -> bool;
}

impl fmt::Debug for Scanner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scanner")
            .field("max_file_size", &self.max_file_size)
            .finish_non_exhaustive()
    }
}

fn glob_set(key: &str, globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g)
            .map_err(|e| Error::usage(format!("invalid glob `{g}` in scan.{key}: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map_err(|e| Error::usage(format!("invalid globs in scan.{key}: {e}")))
}

impl Scanner {
    pub fn new(config: &ScanConfig) -> Result<Scanner> {
        Ok(Scanner {
            max_file_size: config.max_file_size,
            tests: glob_set("tests", &config.tests)?,
            fixtures: glob_set("fixtures", &config.fixtures)?,
            vendored: glob_set("vendored", &config.vendored)?,
            generated: glob_set("generated", &config.generated)?,
            compiled: std::array::from_fn(|_| OnceLock::new()),
            layout: None,
            planning: None,
        })
    }

    /// The scanner for files of the work tree at `root` (paths relative to it), which tells it
    /// about each project's layout.
    pub fn for_work_tree(config: &ScanConfig, root: &std::path::Path) -> Result<Scanner> {
        Ok(Scanner::new(config)?.with_layout(Arc::new(super::WorkTreeLayout::new(root))))
    }

    /// The scanner, passing over the planning folder `dir`: what the history scan finds there
    /// (a UAT script's retry loop, a spike's `except: pass`) is nobody's debt.
    pub fn without_planning(mut self, dir: &str) -> Scanner {
        self.planning = Some(format!("{}/", dir.trim_end_matches('/')));
        self
    }

    /// The scanner, asking `layout` about the project a file belongs to.
    pub fn with_layout(mut self, layout: Arc<dyn Layout>) -> Scanner {
        self.layout = Some(layout);
        self
    }

    /// Files larger than this are skipped; a caller holding a blob's size can check before
    /// loading it.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Whether a path is skipped by name alone (vendored, fixture, generated glob, or no
    /// language), so a caller can avoid reading it. `Unsupported` is not decided for
    /// extensionless paths, whose shebang may name a language.
    pub fn path_skip(&self, path: &str) -> Option<Skipped> {
        if self
            .planning
            .as_deref()
            .is_some_and(|p| path.starts_with(p))
        {
            Some(Skipped::Planning)
        } else if self.vendored.is_match(path) {
            Some(Skipped::Vendored)
        } else if self.fixtures.is_match(path) {
            Some(Skipped::Fixture)
        } else if self.generated.is_match(path) {
            Some(Skipped::Generated)
        } else if Lang::from_path(path).is_none() && !Lang::needs_shebang(path) {
            Some(Skipped::Unsupported)
        } else {
            None
        }
    }

    /// Scans a file's content. `path` is repository-relative with `/` separators; `lines`, when
    /// given, keeps only findings that touch those lines (the file is still read from its
    /// start, so comments and strings opened earlier are known).
    pub fn scan(&self, path: &str, content: &[u8], lines: Option<&LineSet>) -> ScanOutput {
        if let Some(why) = self.path_skip(path) {
            return ScanOutput::skipped(why);
        }
        let Some(lang) = Lang::detect(path, content) else {
            return ScanOutput::skipped(Skipped::Unsupported);
        };
        if content.len() as u64 > self.max_file_size {
            return ScanOutput::skipped(Skipped::TooLarge {
                size: content.len() as u64,
                limit: self.max_file_size,
            });
        }
        self.scan_content(path, lang, content, lines)
    }

    /// Scans a file on disk, reading at most `scan.max-file-size` bytes into `buf` (reused
    /// between calls): a larger file is skipped from its metadata and never read.
    pub fn scan_file(&self, rel: &str, file: &Path, buf: &mut Vec<u8>) -> ScanOutput {
        if let Some(why) = self.path_skip(rel) {
            return ScanOutput::skipped(why);
        }
        match self.read_file(rel, file, buf) {
            Ok(lang) => self.scan_content(rel, lang, buf, None),
            Err(why) => ScanOutput::skipped(why),
        }
    }

    fn read_file(&self, rel: &str, file: &Path, buf: &mut Vec<u8>) -> Result<Lang, Skipped> {
        let unreadable = |e: std::io::Error| Skipped::Unreadable(e.to_string());
        let mut f = crate::fs::open_regular(file).map_err(unreadable)?;
        let size = f.metadata().map_err(unreadable)?.len();
        if size > self.max_file_size {
            return Err(Skipped::TooLarge {
                size,
                limit: self.max_file_size,
            });
        }
        buf.clear();
        let lang = match Lang::from_path(rel) {
            Some(lang) => lang,
            None => {
                let mut head = [0u8; SHEBANG_PROBE];
                let n = read_up_to(&mut f, &mut head).map_err(unreadable)?;
                let lang = Lang::from_shebang(&head[..n]).ok_or(Skipped::Unsupported)?;
                f.rewind().map_err(unreadable)?;
                lang
            }
        };
        f.take(self.max_file_size + 1)
            .read_to_end(buf)
            .map_err(unreadable)?;
        if buf.len() as u64 > self.max_file_size {
            // It grew after the size check.
            return Err(Skipped::TooLarge {
                size: buf.len() as u64,
                limit: self.max_file_size,
            });
        }
        Ok(lang)
    }

    fn compiled(&self, lang: Lang) -> Option<&Compiled> {
        self.compiled[lang.index()]
            .get_or_init(|| Compiled::new(lang).ok())
            .as_ref()
    }

    fn scan_content(
        &self,
        path: &str,
        lang: Lang,
        src: &[u8],
        lines: Option<&LineSet>,
    ) -> ScanOutput {
        if memchr(0, &src[..src.len().min(BINARY_PROBE)]).is_some() {
            return ScanOutput::skipped(Skipped::Binary);
        }
        if is_generated(src) {
            return ScanOutput::skipped(Skipped::Generated);
        }
        let Some(compiled) = self.compiled(lang) else {
            return ScanOutput::default();
        };
        let test = self.tests.is_match(path);
        let mut fs = FileScan::new(path, lang, test, src);
        if lang == Lang::Rust
            && self
                .layout
                .as_ref()
                .is_some_and(|l| l.in_binary_crate(path))
        {
            fs.script = Some(true);
        }
        let mut at = 0;
        while at < src.len() {
            let Some(m) = compiled.re.search(&Input::new(src).range(at..)) else {
                break;
            };
            fs.locate(m.start());
            if fs.line.end - fs.line.start > MAX_LINE {
                fs.long_lines += 1;
                at = fs.line.end.max(m.end());
                continue;
            }
            at = m.end().max(m.start() + 1);
            let pat = compiled.pats[m.pattern().as_usize()];
            let region = fs.region_at(m.start());
            for arm in pat.arms {
                if arm.on.accepts(region.class) && fs.judge(arm, m.range(), region) {
                    break;
                }
            }
        }
        fs.finish(lines)
    }
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// An `@generated` / `DO NOT EDIT` / `<auto-generated>` marker on one of the first lines.
fn is_generated(src: &[u8]) -> bool {
    let head = &src[..src.len().min(HEADER_PROBE)];
    let head = match memchr_iter(b'\n', head).nth(HEADER_LINES - 1) {
        Some(k) => &head[..k],
        None => head,
    };
    [&b"@generated"[..], b"DO NOT EDIT", b"<auto-generated"]
        .iter()
        .any(|m| memmem::find(head, m).is_some())
}

/// A finding before it is a [`Finding`].
struct Hit {
    rule: &'static Rule,
    line: u32,
    column: u32,
    end_line: u32,
    text: String,
    /// The bytes of the line it is on: its snippet, made only if the hit is kept.
    src_line: std::ops::Range<usize>,
}

/// One rule of a `planlint-allow(...)` comment.
struct Allow {
    line: u32,
    column: u32,
    /// What the parentheses hold, as written (`scan/debug-output`, `todo, debug`): findings
    /// about the comment quote it, not a name planlint chose.
    written: String,
    /// The rule, or the name as written when it names none.
    rule: Result<&'static Rule, String>,
    reason: bool,
    used: bool,
    src_line: std::ops::Range<usize>,
}

/// The state of one file's scan.
struct FileScan<'s, 'a> {
    path: &'s str,
    lang: Lang,
    test: bool,
    src: &'a [u8],
    lx: Lexer<'a>,
    cur: Region,
    line_no: u32,
    /// The current line, without its newline.
    line: std::ops::Range<usize>,
    script: Option<bool>,
    tests_from: Option<usize>,
    allows: Vec<Allow>,
    hits: Vec<Hit>,
    long_lines: u32,
}

impl<'s, 'a> FileScan<'s, 'a> {
    fn new(path: &'s str, lang: Lang, test: bool, src: &'a [u8]) -> FileScan<'s, 'a> {
        FileScan {
            path,
            lang,
            test,
            src,
            lx: Lexer::new(lang.syntax(), src),
            cur: Region {
                start: 0,
                end: 0,
                class: Class::Code,
            },
            line_no: 1,
            line: 0..memchr(b'\n', src).unwrap_or(src.len()),
            script: None,
            tests_from: None,
            allows: Vec::new(),
            hits: Vec::new(),
            long_lines: 0,
        }
    }

    /// Moves the line tracking to the line holding `off` (offsets only grow).
    fn locate(&mut self, off: usize) {
        if off <= self.line.end {
            return;
        }
        let gap = &self.src[self.line.end..off];
        self.line_no += memchr_iter(b'\n', gap).count() as u32;
        let start = self.line.end + memrchr(b'\n', gap).map_or(0, |k| k + 1);
        let end = memchr(b'\n', &self.src[off..]).map_or(self.src.len(), |k| off + k);
        self.line = start..end;
    }

    /// The lexer region holding `off`, lexing forward as far as needed.
    fn region_at(&mut self, off: usize) -> Region {
        while self.cur.end <= off {
            match self.lx.next_region() {
                Some(r) => self.cur = r,
                None => {
                    return Region {
                        start: off,
                        end: off + 1,
                        class: Class::Code,
                    }
                }
            }
        }
        self.cur
    }

    fn column(&self, off: usize) -> u32 {
        let before = &self.src[self.line.start..off.max(self.line.start)];
        1 + before.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32
    }

    /// A line as a finding's snippet: trimmed, whitespace collapsed (re-indenting a line does
    /// not make it other code), at most [`SNIPPET_CHARS`] characters.
    fn snippet(&self, line: &std::ops::Range<usize>) -> String {
        String::from_utf8_lossy(&self.src[line.clone()])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(SNIPPET_CHARS)
            .collect()
    }

    /// Tries one arm on a match; true when the match is settled (a finding or a directive).
    fn judge(&mut self, arm: &Arm, m: std::ops::Range<usize>, region: Region) -> bool {
        match arm.check {
            Check::TestsFrom => {
                self.tests_from.get_or_insert(m.start);
                return true;
            }
            Check::Allow => {
                self.allow(m, region);
                return true;
            }
            _ => {}
        }
        let mut cx = Ctx {
            src: self.src,
            lang: self.lang,
            path: self.path,
            m: m.clone(),
            line: self.line.clone(),
            lexer: &self.lx,
            region,
            script: &mut self.script,
        };
        let Some(hit) = checks::run(arm.check, &mut cx) else {
            return false;
        };
        let rule = hit.rule.unwrap_or(arm.rule);
        let in_tests = self.test || self.tests_from.is_some_and(|t| m.start > t);
        // A test double's `def kill(self): pass` is the double doing its job; a `todo!()` in a
        // test is an unfinished test.
        let double = rule.id == rules::STUB_BODY.id && arm.check == super::patterns::Check::PyDef;
        if in_tests && (rules::relaxed_in_tests(rule) || double) {
            return true;
        }
        let last = hit.end.saturating_sub(1).max(m.start);
        let end_line = self.line_no + memchr_iter(b'\n', &self.src[m.start..last]).count() as u32;
        let shown = snippet_end(self.src, m.clone(), self.line.end);
        let text = String::from_utf8_lossy(&self.src[m.start..shown.max(m.start)]);
        self.hits.push(Hit {
            rule,
            line: self.line_no,
            column: self.column(m.start),
            end_line,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            src_line: self.line.clone(),
        });
        true
    }

    /// Records a `planlint-allow(<rule>[, <rule>]): <reason>` directive.
    fn allow(&mut self, m: std::ops::Range<usize>, region: Region) {
        let stop = region.end.min(self.line.end).max(m.end);
        let rest = &self.src[m.end..stop];
        if rest.first() != Some(&b'(') {
            return;
        }
        let Some(close) = memchr(b')', rest) else {
            return;
        };
        let after = rest[close + 1..].trim_ascii_start();
        let reason = after.strip_prefix(b":").is_some_and(|r| {
            let r = r.trim_ascii();
            let r = ["*/", "-->", "]]"]
                .iter()
                .fold(r, |r, end| r.strip_suffix(end.as_bytes()).unwrap_or(r));
            r.iter().any(u8::is_ascii_alphanumeric)
        });
        let names = String::from_utf8_lossy(&rest[1..close]);
        let name_like = |n: &str| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b))
        };
        if !names.split(',').all(|n| name_like(n.trim())) {
            // Prose about the syntax (`planlint-allow(<rule>)`), not a directive.
            return;
        }
        let column = self.column(m.start);
        let written = names.trim();
        for name in names.split(',') {
            let name = name.trim();
            self.allows.push(Allow {
                line: self.line_no,
                column,
                written: written.to_string(),
                rule: rules::resolve_allow(name).ok_or_else(|| name.to_string()),
                reason,
                used: false,
                src_line: self.line.clone(),
            });
        }
    }

    fn finish(mut self, lines: Option<&LineSet>) -> ScanOutput {
        // One finding per rule and line; a stub's message is not placeholder content too.
        let mut seen: Vec<(u32, &str)> = Vec::new();
        let stub_lines: Vec<u32> = self
            .hits
            .iter()
            .filter(|h| h.rule.id == STUB_BODY.id)
            .map(|h| h.line)
            .collect();
        self.hits.retain(|h| {
            if h.rule.id == PLACEHOLDER.id && stub_lines.contains(&h.line) {
                return false;
            }
            let key = (h.line, h.rule.id);
            if seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        });
        // Each allow suppresses one finding of its rule, on its own line or the next.
        let allows = &mut self.allows;
        self.hits.retain(|h| {
            let matches = |a: &Allow, line: u32| {
                !a.used && a.line == line && a.rule.as_ref().is_ok_and(|r| r.id == h.rule.id)
            };
            let pick = allows.iter().position(|a| matches(a, h.line)).or_else(|| {
                allows
                    .iter()
                    .position(|a| matches(a, h.line.wrapping_sub(1)))
            });
            match pick {
                Some(i) => {
                    allows[i].used = true;
                    false
                }
                None => true,
            }
        });
        let keep = |start: u32, end: u32| lines.is_none_or(|l| l.overlaps(start, end));
        let mut findings: Vec<Finding> = Vec::new();
        for h in &self.hits {
            if !keep(h.line, h.end_line) {
                continue;
            }
            let mut loc = Location::at(self.path, h.line, h.column);
            if h.end_line > h.line {
                loc.end_line = Some(h.end_line);
            }
            findings.push(
                Finding::new(h.rule, rules::message(h.rule, &h.text))
                    .at(loc)
                    .label(rules::label(h.rule))
                    .help(rules::help(h.rule, &h.text))
                    .snippet(self.snippet(&h.src_line)),
            );
        }
        // A comment naming several rules lacks its one reason once.
        let mut reported: Option<(u32, u32)> = None;
        for a in &self.allows {
            if !keep(a.line, a.line) {
                continue;
            }
            let loc = Location::at(self.path, a.line, a.column);
            match &a.rule {
                Ok(_) if !a.reason && reported != Some((a.line, a.column)) => {
                    reported = Some((a.line, a.column));
                    findings.push(
                        Finding::new(
                            &ALLOW_WITHOUT_REASON,
                            format!("`planlint-allow({})` gives no reason", a.written),
                        )
                        .at(loc)
                        .label("suppression without a reason")
                        .help(format!(
                            "say why after a colon: `planlint-allow({}): <reason>`",
                            a.written
                        ))
                        .snippet(self.snippet(&a.src_line)),
                    );
                }
                Ok(_) => {}
                Err(name) => {
                    let help = crate::suggest::closest(name, rules::allow_names())
                        .map(|c| format!("did you mean `{c}`? `planlint rules` lists the rules"))
                        .unwrap_or_else(|| "`planlint rules` lists the rules".into());
                    findings.push(
                        Finding::new(
                            &ALLOW_UNKNOWN_RULE,
                            format!("`planlint-allow({name})` names no scan rule"),
                        )
                        .at(loc)
                        .label("unknown rule")
                        .help(help)
                        .snippet(self.snippet(&a.src_line)),
                    );
                }
            }
        }
        findings.sort_by_key(|f| (f.location.line, f.location.column));
        ScanOutput {
            findings,
            skipped: None,
            long_lines: self.long_lines,
        }
    }
}

/// Where a finding's snippet ends: the match, within its line and 60 bytes; but a match that
/// opens a string literal (`throw new Error("not implemented`) is carried to the literal's
/// closing quote and the brackets right after it, when they are on the line and near, so the
/// snippet shows the whole call instead of a string cut open.
fn snippet_end(src: &[u8], m: std::ops::Range<usize>, line_end: usize) -> usize {
    const SHORT: usize = 60;
    const LONG: usize = 120;
    let cut = m.end.min(line_end).min(m.start + SHORT);
    let mut open = None;
    let mut i = m.start;
    while i < m.end.min(line_end) {
        match (open, src[i]) {
            (None, q @ (b'"' | b'\'' | b'`')) => open = Some(q),
            (Some(_), b'\\') => i += 1,
            (Some(q), c) if c == q => open = None,
            _ => {}
        }
        i += 1;
    }
    let Some(q) = open else {
        return cut;
    };
    let limit = line_end.min(m.start + LONG);
    let mut i = m.end;
    while i < limit {
        match src[i] {
            b'\\' => i += 1,
            c if c == q => {
                let mut end = i + 1;
                while end < line_end && src[end] == b')' {
                    end += 1;
                }
                return end;
            }
            _ => {}
        }
        i += 1;
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_closes_the_string_its_match_opened() {
        let shown = |line: &str, matched: &str| {
            let start = line.find(matched).unwrap();
            let end = snippet_end(line.as_bytes(), start..start + matched.len(), line.len());
            line[start..end].to_string()
        };
        assert_eq!(
            shown(
                "  throw new Error(\"not implemented yet\");",
                "throw new Error(\"not implemented"
            ),
            "throw new Error(\"not implemented yet\")"
        );
        assert_eq!(
            shown("panic(\"TODO: say \\\"why\\\"\") // x", "panic(\"TODO"),
            "panic(\"TODO: say \\\"why\\\"\")"
        );
        // No closing quote on the line: the match as it was.
        assert_eq!(
            shown("raise Error('todo", "raise Error('todo"),
            "raise Error('todo"
        );
        // A match that opens no string is not extended.
        assert_eq!(shown("console.log(\"x\")", "console.log("), "console.log(");
    }

    #[test]
    fn line_sets_merge_and_answer() {
        let mut s = LineSet::new();
        s.insert_range(10, 3);
        s.insert_range(1, 2);
        s.insert(13);
        s.insert_range(5, 0);
        assert!(s.contains(1) && s.contains(2) && !s.contains(3));
        assert!(s.contains(10) && s.contains(13) && !s.contains(14));
        assert!(s.overlaps(3, 10));
        assert!(!s.overlaps(3, 9));
        assert_eq!(s.ranges, vec![(1, 2), (10, 13)]);
        let t: LineSet = [4, 2, 3].into_iter().collect();
        assert_eq!(t.ranges, vec![(2, 4)]);
    }

    #[test]
    fn generated_headers_are_found_only_at_the_top() {
        assert!(is_generated(
            b"// Code generated by x. DO NOT EDIT.\npackage a\n"
        ));
        assert!(is_generated(b"# @generated\n"));
        let late = "x\n".repeat(10) + "// @generated\n";
        assert!(!is_generated(late.as_bytes()));
    }
}
