//! The Conventional Commits grammar, with a byte span for every part.
//!
//! ```text
//! <type>(<scope>)!: <description>
//!
//! <body>
//!
//! <footers>        Token: value / Token #value / BREAKING CHANGE: value
//! ```
//! The parser knows no config: it records what is there, and the first place where the header
//! leaves the grammar ([`Problem`]), but keeps reading past it so the rules can still infer the
//! header the person meant. Spans point into the original text, comments and CRs included.

use crate::finding::Span;

use super::clean::{self, Comments, Line};

/// A parsed commit message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<'t> {
    pub text: &'t str,
    /// The lines git would record (see [`clean::lines`]).
    pub lines: Vec<Line>,
    /// `None` for a message that is empty once cleaned.
    pub header: Option<Header>,
    /// Set for messages git or a forge wrote, which follow their own form.
    pub exempt: Option<Exemption>,
    /// From the first line after the header to the end of the body, blank lines trimmed.
    pub body: Option<Span>,
    /// The trailer block at the end, when the last paragraph is one.
    pub footers: Vec<Footer>,
    /// Lines of a footer-like last paragraph that break git's trailer form.
    pub bad_footer_lines: Vec<Line>,
}

/// The header line, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The whole line, trailing whitespace excluded.
    pub span: Span,
    /// May be empty (`: x`, `(02-01): x`).
    pub ty: Span,
    pub scope: Option<ScopeParens>,
    pub bang: Option<Span>,
    pub colon: Option<Span>,
    /// After the colon and its whitespace; empty when there is none. Without a colon: the rest
    /// of the line after the type and scope, which is what the person meant as description.
    pub description: Span,
    /// The first place where the header leaves the grammar.
    pub problem: Option<Problem>,
}

/// `(scope)`: the parentheses and what is between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeParens {
    /// From `(` to `)` included (to the end of the scope text when unclosed).
    pub outer: Span,
    /// Between the parentheses.
    pub inner: Span,
}

/// Where and how a header leaves `type(scope)!: description`. One per header: the first one
/// found, left to right, because later ones are usually symptoms of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Whitespace before the type.
    LeadingSpace(Span),
    /// Nothing that could be a type before `(`, `!` or `:`, or a first word that is not a word.
    NoType(Span),
    /// Whitespace between type, scope, `!` and `:` (`feat (x): y`, `feat : y`).
    StraySpace(Span),
    /// `feat!(x): y`: the `!` goes after the scope.
    BangBeforeScope(Span),
    /// A `(` without its `)`.
    UnclosedScope(Span),
    /// Whitespace just inside the parentheses (`feat( 02-01 ): x`).
    ScopeSpace(Span),
    /// `()`.
    EmptyScope(Span),
    /// No `:` where one must be: the span is the character found instead (empty at the end).
    MissingColon(Span),
    /// No space, or more than one blank, after the colon.
    SpaceAfterColon(Span),
    /// Nothing after the colon: the span is the colon.
    EmptyDescription(Span),
}

impl Problem {
    pub fn span(&self) -> Span {
        match *self {
            Problem::LeadingSpace(s)
            | Problem::NoType(s)
            | Problem::StraySpace(s)
            | Problem::BangBeforeScope(s)
            | Problem::UnclosedScope(s)
            | Problem::ScopeSpace(s)
            | Problem::EmptyScope(s)
            | Problem::MissingColon(s)
            | Problem::SpaceAfterColon(s)
            | Problem::EmptyDescription(s) => s,
        }
    }
}

/// Messages that git or a forge wrote in their own form, and that no rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exemption {
    /// `Merge branch ...`, `Merge pull request #1 from ...`, `Merged in ...`, `Merged PR 12: ...`.
    Merge,
    /// `Revert "..."` and `Reapply "..."`.
    Revert,
    /// `fixup! `, `squash! `, `amend! `: the span is the header being fixed up (after the
    /// prefixes), so its plan scope can still be attributed.
    Autosquash(Span),
    /// A bare version, `1.4.0` or `v2.0.0-rc.1`: what release tools (python-semantic-release,
    /// release-please's bots) record as a release commit.
    Release,
    /// `Phase 3: Authentication (#42)`: the pull request title GSD's ship workflow writes,
    /// kept by a squash merge.
    Ship,
}

/// One git trailer: `Token: value`, `Token #value`, or `BREAKING CHANGE: value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footer {
    pub token: Span,
    /// `:` or ` #`.
    pub separator: Span,
    /// The value, continuation lines included.
    pub value: Span,
}

impl<'t> Parsed<'t> {
    /// The text of a span.
    pub fn str(&self, span: Span) -> &'t str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Whether the message declares a breaking change (`!` or a `BREAKING CHANGE` footer).
    pub fn is_breaking(&self) -> bool {
        self.header.as_ref().is_some_and(|h| h.bang.is_some())
            || self
                .footers
                .iter()
                .any(|f| is_breaking_token(self.str(f.token)))
    }

    /// The scope text, when there is one.
    pub fn scope(&self) -> Option<&'t str> {
        let h = self.header.as_ref()?;
        h.scope.map(|s| self.str(s.inner))
    }
}

pub fn is_breaking_token(token: &str) -> bool {
    token == "BREAKING CHANGE" || token == "BREAKING-CHANGE"
}

/// Parses a message. `comments` says whether the text is a hook's file (comments and scissors
/// to strip) or a recorded commit.
pub fn parse<'t>(text: &'t str, comments: &Comments) -> Parsed<'t> {
    let lines = clean::lines(text, comments);
    let mut parsed = Parsed {
        text,
        lines,
        header: None,
        exempt: None,
        body: None,
        footers: Vec::new(),
        bad_footer_lines: Vec::new(),
    };
    let Some(&first) = parsed.lines.first() else {
        return parsed;
    };
    parsed.exempt = exemption(text, first);
    parsed.header = Some(parse_header(text, Span::new(first.start, first.end)));
    split_body_and_footers(&mut parsed);
    parsed
}

/// Git's and the forges' own message forms.
fn exemption(text: &str, first: Line) -> Option<Exemption> {
    let h = &text[first.start..first.end];
    const MERGE_FORMS: [&str; 10] = [
        "Merge branch ",
        "Merge branches ",
        "Merge remote-tracking branch ",
        "Merge remote branch ",
        "Merge pull request ",
        "Merge tag ",
        "Merge tags ",
        "Merge commit ",
        "Merge commits ",
        "Merge '",
    ];
    if MERGE_FORMS.iter().any(|p| h.starts_with(p))
        || h.starts_with("Merged in ")
        || h.strip_prefix("Merged PR ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Some(Exemption::Merge);
    }
    if h.starts_with("Revert \"") || h.starts_with("Reapply \"") {
        return Some(Exemption::Revert);
    }
    if is_version(h.trim()) {
        return Some(Exemption::Release);
    }
    if let Some(rest) = h.strip_prefix("Phase ") {
        let (num, title) = rest.split_once(": ").unwrap_or(("", ""));
        if crate::planning::PhaseId::parse(num).is_some() && !title.trim().is_empty() {
            return Some(Exemption::Ship);
        }
    }
    let mut rest = h;
    let mut skipped = 0;
    while let Some(r) = ["fixup! ", "squash! ", "amend! "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
    {
        skipped += rest.len() - r.len();
        rest = r;
    }
    (skipped > 0).then(|| Exemption::Autosquash(Span::new(first.start + skipped, first.end)))
}

/// `1.2.3`, `v1.2.3`, `1.2.3-rc.1`, `1.2.3+build`: a semantic version alone.
fn is_version(s: &str) -> bool {
    let s = s.strip_prefix('v').unwrap_or(s);
    let core = s.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && s.len() - core.len() <= 64
}

/// Parses one header line at `line` of `text`.
pub fn parse_header(text: &str, line: Span) -> Header {
    let s = &text[line.start..line.end];
    let b = s.as_bytes();
    let at = |i: usize, j: usize| Span::new(line.start + i, line.start + j);
    let mut problem: Option<Problem> = None;
    let mut note = |p: Problem| {
        problem.get_or_insert(p);
    };
    let ws_end = |mut i: usize| {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        i
    };

    let mut i = ws_end(0);
    if i > 0 {
        note(Problem::LeadingSpace(at(0, i)));
    }
    let ty_start = i;
    while i < b.len() && !matches!(b[i], b'(' | b'!' | b':' | b' ' | b'\t') {
        i += 1;
    }
    let ty = at(ty_start, i);
    if ty.is_empty() {
        note(Problem::NoType(at(i, next_char(s, i))));
    } else if !s[ty_start..].starts_with(|c: char| c.is_alphabetic()) {
        // `#12: x`, `[02-01] x`: not a word, so not a type that is merely unknown.
        note(Problem::NoType(at(ty_start, i)));
    }
    // `feat (x): y`, `feat !: y`, `feat : y`: a space before punctuation is a stray, not the end
    // of the type.
    let stray = |i: usize, note: &mut dyn FnMut(Problem)| {
        let j = ws_end(i);
        if j > i && j < b.len() && matches!(b[j], b'(' | b'!' | b':') {
            note(Problem::StraySpace(at(i, j)));
            j
        } else {
            i
        }
    };
    i = stray(i, &mut note);

    let mut bang = None;
    if b.get(i) == Some(&b'!') && b.get(i + 1) == Some(&b'(') {
        note(Problem::BangBeforeScope(at(i, i + 1)));
        bang = Some(at(i, i + 1));
        i += 1;
    }
    let mut scope = None;
    if b.get(i) == Some(&b'(') {
        let open = i;
        let close = s[open + 1..].find([')', '(']).map(|k| open + 1 + k);
        match close {
            Some(k) if b[k] == b')' => {
                let inner = at(open + 1, k);
                scope = Some(ScopeParens {
                    outer: at(open, k + 1),
                    inner,
                });
                let inner_str = &s[open + 1..k];
                if inner_str.trim().is_empty() {
                    note(Problem::EmptyScope(at(open, k + 1)));
                } else if inner_str.trim() != inner_str {
                    let lead = inner_str.len() - inner_str.trim_start().len();
                    let trail = inner_str.len() - inner_str.trim_end().len();
                    let sp = if lead > 0 {
                        at(open + 1, open + 1 + lead)
                    } else {
                        at(k - trail, k)
                    };
                    note(Problem::ScopeSpace(sp));
                }
                i = k + 1;
            }
            _ => {
                // Unclosed: the scope most likely ends at the colon, if there is one.
                note(Problem::UnclosedScope(at(open, open + 1)));
                let end = s[open + 1..].find(':').map_or(b.len(), |k| open + 1 + k);
                scope = Some(ScopeParens {
                    outer: at(open, end),
                    inner: at(open + 1, end),
                });
                i = end;
            }
        }
        i = stray(i, &mut note);
    }
    if bang.is_none() && b.get(i) == Some(&b'!') {
        bang = Some(at(i, i + 1));
        i += 1;
        i = stray(i, &mut note);
    }
    let mut colon = None;
    let description;
    if b.get(i) == Some(&b':') {
        colon = Some(at(i, i + 1));
        let after = i + 1;
        let d = ws_end(after);
        if d == b.len() {
            note(Problem::EmptyDescription(at(i, i + 1)));
        } else if d == after {
            note(Problem::SpaceAfterColon(at(after, next_char(s, after))));
        } else if d - after > 1 || b[after] != b' ' {
            note(Problem::SpaceAfterColon(at(after, d)));
        }
        description = at(d, b.len());
    } else {
        note(Problem::MissingColon(at(i, next_char(s, i))));
        // What follows is the description the person meant; a dash or colon-like separator
        // they used instead of `:` is not part of it.
        let mut d = ws_end(i);
        while d < b.len() && matches!(b[d], b'-' | b'>' | b'.' | b'|') {
            d += 1;
        }
        description = at(ws_end(d), b.len());
    }
    Header {
        span: line,
        ty,
        scope,
        bang,
        colon,
        description,
        problem,
    }
}

/// The byte index after the character at `i` (or `i` at the end).
fn next_char(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}

/// Splits what follows the header into body and trailer block.
fn split_body_and_footers(p: &mut Parsed<'_>) {
    let lines = &p.lines;
    if lines.len() < 2 {
        return;
    }
    // The last paragraph is a trailer candidate only when a blank line separates it from the
    // header: `feat: x\nRefs: #1` has a body line, not a trailer.
    let last_blank = lines.iter().rposition(Line::is_blank);
    let mut body_end = lines.len();
    if let Some(b) = last_blank {
        let para = &lines[b + 1..];
        match classify_trailer_block(p.text, para) {
            TrailerBlock::Trailers(footers) => {
                p.footers = footers;
                body_end = b;
            }
            TrailerBlock::Broken(footers, bad) => {
                p.footers = footers;
                p.bad_footer_lines = bad;
                body_end = b;
            }
            TrailerBlock::NotTrailers => {}
        }
    }
    let body: Vec<&Line> = lines[1..body_end]
        .iter()
        .skip_while(|l| l.is_blank())
        .collect();
    let last = body.iter().rposition(|l| !l.is_blank());
    if let (Some(first), Some(last)) = (body.first(), last) {
        p.body = Some(Span::new(first.start, body[last].end));
    }
}

enum TrailerBlock {
    Trailers(Vec<Footer>),
    /// A trailer block with lines that almost are trailers (`Signed-off-by:x`,
    /// `Breaking change: x`): git does not read it as one.
    Broken(Vec<Footer>, Vec<Line>),
    NotTrailers,
}

/// Git reads the last paragraph as trailers when every line is a trailer or a continuation.
/// A paragraph made only of trailers and lines that almost are trailers is a block the person
/// broke by accident; one prose line makes the whole paragraph prose.
fn classify_trailer_block(text: &str, para: &[Line]) -> TrailerBlock {
    let mut footers: Vec<Footer> = Vec::new();
    let mut near = Vec::new();
    let mut breaking_near = false;
    for line in para {
        let s = &text[line.start..line.end];
        if s.starts_with([' ', '\t']) {
            match footers.last_mut() {
                Some(last) => last.value.end = line.end,
                None => return TrailerBlock::NotTrailers,
            }
            continue;
        }
        if let Some((tok, sep, val)) = trailer(s) {
            let o = line.start;
            footers.push(Footer {
                token: Span::new(o + tok.0, o + tok.1),
                separator: Span::new(o + sep.0, o + sep.1),
                value: Span::new(o + val.0, o + val.1),
            });
        } else if let Some(fixed) = near_trailer(s) {
            breaking_near |= fixed.starts_with("BREAKING CHANGE");
            near.push(*line);
        } else {
            return TrailerBlock::NotTrailers;
        }
    }
    match (footers.is_empty(), near.is_empty()) {
        (_, true) if !footers.is_empty() => TrailerBlock::Trailers(footers),
        (false, false) => TrailerBlock::Broken(footers, near),
        (true, false) if breaking_near => TrailerBlock::Broken(footers, near),
        _ => TrailerBlock::NotTrailers,
    }
}

type Range = (usize, usize);

/// `Token: value` / `Token #value` / `BREAKING CHANGE: value`, as ranges into `s`.
fn trailer(s: &str) -> Option<(Range, Range, Range)> {
    let b = s.as_bytes();
    let tok_end = if s.starts_with("BREAKING CHANGE") {
        "BREAKING CHANGE".len()
    } else {
        let n = b
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if n == 0 || !b[0].is_ascii_alphanumeric() {
            return None;
        }
        n
    };
    let rest = &s[tok_end..];
    let (sep_len, val_start) = if rest.starts_with(": ") {
        (1, tok_end + 2)
    } else if rest.starts_with(" #") {
        (2, tok_end + 1)
    } else {
        return None;
    };
    Some((
        (0, tok_end),
        (tok_end, tok_end + sep_len),
        (val_start, s.len()),
    ))
}

/// Trailer tokens common enough to recognise without their colon or in the wrong case.
const KNOWN_TOKENS: [&str; 9] = [
    "BREAKING CHANGE",
    "Signed-off-by",
    "Co-authored-by",
    "Reviewed-by",
    "Acked-by",
    "Tested-by",
    "Refs",
    "Closes",
    "Fixes",
];

/// The parts of a line that almost is a trailer, for a suggestion: `Signed-off-by:x`,
/// `Reviewed by: x`, `Breaking change: x`. Returns the corrected line.
pub fn near_trailer(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    for known in KNOWN_TOKENS {
        if let Some(rest) = lower.strip_prefix(&known.to_ascii_lowercase()) {
            let value = s[known.len()..].trim_start_matches([' ', ':']).trim();
            if rest.starts_with([' ', ':']) && !value.is_empty() {
                return Some(format!("{known}: {value}"));
            }
        }
    }
    let (head, value) = s.split_once(':')?;
    let value = value.trim();
    let head_trim = head.trim();
    if head_trim.is_empty() || value.is_empty() || head_trim.len() > 40 {
        return None;
    }
    let upper = head_trim.to_ascii_uppercase().replace('-', " ");
    if upper == "BREAKING CHANGE" || upper == "BREAKING CHANGES" {
        return Some(format!("BREAKING CHANGE: {value}"));
    }
    let words: Vec<&str> = head_trim.split_whitespace().collect();
    if words.len() > 4
        || !words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return None;
    }
    Some(format!("{}: {value}", words.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(s: &str) -> Header {
        parse_header(s, Span::new(0, s.len()))
    }

    #[test]
    fn full_header() {
        let s = "feat(02-01)!: add x";
        let h = header(s);
        assert_eq!(&s[h.ty.start..h.ty.end], "feat");
        let sc = h.scope.unwrap();
        assert_eq!(&s[sc.inner.start..sc.inner.end], "02-01");
        assert_eq!(h.bang, Some(Span::new(11, 12)));
        assert_eq!(h.colon, Some(Span::new(12, 13)));
        assert_eq!(&s[h.description.start..h.description.end], "add x");
        assert_eq!(h.problem, None);
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(
            header("feat(2-3) add x").problem,
            Some(Problem::MissingColon(Span::new(9, 10)))
        );
        assert_eq!(
            header("feat:add").problem,
            Some(Problem::SpaceAfterColon(Span::new(5, 6)))
        );
        assert_eq!(
            header("feat:").problem,
            Some(Problem::EmptyDescription(Span::new(4, 5)))
        );
        assert_eq!(
            header("feat(02-01: x").problem,
            Some(Problem::UnclosedScope(Span::new(4, 5)))
        );
        assert_eq!(
            header("feat (x): y").problem,
            Some(Problem::StraySpace(Span::new(4, 5)))
        );
    }

    #[test]
    fn trailers_and_body() {
        let text = "feat: x\n\nbody line\n\nRefs: #12\nBREAKING CHANGE: gone\n  more\n";
        let p = parse(text, &Comments::Keep);
        assert_eq!(p.str(p.body.unwrap()), "body line");
        assert_eq!(p.footers.len(), 2);
        assert_eq!(p.str(p.footers[1].value), "gone\n  more");
        assert!(p.is_breaking());
    }

    #[test]
    fn exemptions() {
        let ex = |s: &str| parse(s, &Comments::Keep).exempt;
        assert_eq!(ex("Merge branch 'a' into 'b'"), Some(Exemption::Merge));
        assert_eq!(ex("Merged PR 123: x"), Some(Exemption::Merge));
        assert_eq!(ex("Merge sort rewrite"), None);
        assert_eq!(ex("Revert \"feat: x\""), Some(Exemption::Revert));
        assert_eq!(
            ex("fixup! squash! feat(02-01): x"),
            Some(Exemption::Autosquash(Span::new(15, 29)))
        );
    }

    #[test]
    fn near_trailers() {
        assert_eq!(
            near_trailer("Breaking change: api").as_deref(),
            Some("BREAKING CHANGE: api")
        );
        assert_eq!(
            near_trailer("Reviewed by:Ann").as_deref(),
            Some("Reviewed-by: Ann")
        );
    }
}
