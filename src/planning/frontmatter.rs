//! The YAML frontmatter of a planning document, read strictly when it can be and tolerantly
//! when it cannot.
//!
//! Real plans are often not valid YAML (a regex with backslashes inside double quotes, a plain
//! scalar holding `: `), yet GSD's own tooling reads them. A strict parse failure therefore
//! becomes one located finding with the fix, and a line-based reader recovers the top-level
//! scalars and flat lists (`phase`, `plan`, `wave`, `depends_on`, `files_modified`) so the
//! checks that need only those still run.

use std::sync::Arc;

use crate::finding::{Finding, Location, Rule, SourceText, Span};

use super::yaml::{self, line_at, Node, SyntaxError, SyntaxKind, Yaml};

/// How the frontmatter was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontState {
    /// Valid YAML.
    Valid,
    /// Not valid YAML; top-level scalars and lists were recovered line by line.
    Recovered,
    /// No `---` block at the top of the file.
    Missing,
    /// A `---` line opens a block that no `---` closes.
    Unterminated,
    /// The file could not be read; a `plan/unreadable` finding says why.
    Unreadable,
}

/// A Markdown document with its frontmatter read.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The whole file; every span points into it.
    pub source: Arc<SourceText>,
    pub state: FrontState,
    /// The frontmatter mapping (empty when there is none).
    pub root: Node,
    /// Where the Markdown body starts.
    pub body_start: usize,
    /// The strict parse error, when `state` is `Recovered`.
    pub error: Option<SyntaxError>,
}

/// The finding rules of one kind of document (plan, summary, verification).
pub struct DocRules {
    pub invalid_yaml: &'static Rule,
    pub no_frontmatter: &'static Rule,
}

impl Doc {
    /// Reads `text` (named `path`). Pure and infallible.
    pub fn parse(path: &str, text: String) -> Doc {
        let source = SourceText::new(path, text);
        let text = source.text.as_str();
        let (start, end, body_start) = match locate(text) {
            Block::Missing => return Doc::empty(&source, FrontState::Missing, 0),
            Block::Unterminated => return Doc::empty(&source, FrontState::Unterminated, 0),
            Block::Found { start, end, body } => (start, end, body),
        };
        let yaml_text = &text[start..end];
        let parsed = yaml::parse(yaml_text).and_then(|node| match node.value {
            Yaml::Map(_) => Ok(node),
            Yaml::Null => Ok(Node {
                value: Yaml::Map(Vec::new()),
                span: node.span,
            }),
            _ => Err(SyntaxError {
                message: "the frontmatter is not a mapping of `key: value` lines".into(),
                offset: node.span.start,
                kind: SyntaxKind::Other,
            }),
        });
        let (mut root, state, error) = match parsed {
            Ok(node) => (node, FrontState::Valid, None),
            Err(mut e) => {
                e.offset += start;
                (recover(yaml_text), FrontState::Recovered, Some(e))
            }
        };
        shift(&mut root, start);
        Doc {
            root,
            state,
            error,
            body_start,
            source: Arc::clone(&source),
        }
    }

    /// A document whose file could not be read.
    pub fn unreadable(path: &str) -> Doc {
        Doc::empty(
            &SourceText::new(path, String::new()),
            FrontState::Unreadable,
            0,
        )
    }

    fn empty(source: &Arc<SourceText>, state: FrontState, body_start: usize) -> Doc {
        Doc {
            source: Arc::clone(source),
            state,
            root: Node {
                value: Yaml::Map(Vec::new()),
                span: Span::new(0, 0),
            },
            body_start,
            error: None,
        }
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The Markdown after the frontmatter.
    pub fn body(&self) -> &str {
        self.text().get(self.body_start..).unwrap_or("")
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.root.get(key)
    }

    /// A top-level scalar as text (`01` stays `01`).
    pub fn scalar(&self, keys: &[&str]) -> Option<String> {
        self.root.get_any(keys)?.scalar_text(self.text())
    }

    /// A top-level list of scalars (a lone scalar is a list of one).
    pub fn list(&self, keys: &[&str]) -> Vec<(String, Span)> {
        self.root
            .get_any(keys)
            .map(|n| n.scalar_list(self.text()))
            .unwrap_or_default()
    }

    /// The finding for a missing or broken frontmatter, if any.
    pub fn finding(&self, rules: &DocRules, what: &str) -> Option<Finding> {
        let path = self.source.name.clone();
        match self.state {
            FrontState::Valid | FrontState::Unreadable => None,
            FrontState::Missing => Some(
                Finding::new(rules.no_frontmatter, format!("{what} has no YAML frontmatter"))
                    .at(Location::at(path, 1, 1))
                    .help("start the file with a `---` line, the `key: value` fields, and a closing `---` line"),
            ),
            FrontState::Unterminated => Some(
                Finding::new(
                    rules.no_frontmatter,
                    format!("{what} opens its frontmatter with `---` but never closes it"),
                )
                .at(Location::at(path, 1, 1))
                .help("add a `---` line after the last frontmatter field"),
            ),
            FrontState::Recovered => {
                let e = self.error.as_ref()?;
                let span = Span::new(e.offset, e.offset);
                let mut f = Finding::new(
                    rules.invalid_yaml,
                    format!("{what}'s frontmatter is not valid YAML: {}", e.message),
                )
                .at(Location::path(path))
                .spanned(&self.source, span)
                .label(e.message.clone())
                .help(format!(
                    "{}. planlint recovered the top-level fields (phase, plan, wave, depends_on, \
                     files_modified) and checked those",
                    fix_for(e.kind)
                ));
                let quoting = matches!(e.kind, SyntaxKind::BadEscape | SyntaxKind::ColonInPlain);
                if let Some(fix) = quote_fix(line_at(self.text(), e.offset)).filter(|_| quoting) {
                    f = f.suggestion(fix);
                }
                Some(f)
            }
        }
    }
}

/// Where the frontmatter is, if anywhere.
enum Block {
    Missing,
    Unterminated,
    /// The YAML's byte range and where the body starts.
    Found {
        start: usize,
        end: usize,
        body: usize,
    },
}

fn locate(text: &str) -> Block {
    let pos = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let mut lines = Lines { text, pos };
    let Some((_, first, start)) = lines.next() else {
        return Block::Missing;
    };
    if first.trim_end() != "---" {
        return Block::Missing;
    }
    for (end, line, body) in lines {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Block::Found { start, end, body };
        }
    }
    Block::Unterminated
}

/// Lines with their start and the start of the next line.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], start + i + 1),
            None => (rest, self.text.len()),
        };
        self.pos = next;
        Some((start, line.strip_suffix('\r').unwrap_or(line), next))
    }
}

fn shift(node: &mut Node, by: usize) {
    node.span = Span::new(node.span.start + by, node.span.end + by);
    match &mut node.value {
        Yaml::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Yaml::Map(entries) => entries.iter_mut().for_each(|(_, n)| shift(n, by)),
        _ => {}
    }
}

/// What to do about a YAML mistake of this kind.
fn fix_for(kind: SyntaxKind) -> &'static str {
    match kind {
        SyntaxKind::TabIndent => {
            "indent with spaces: YAML does not allow tabs in indentation (use the same number of \
             spaces as the lines at the same level)"
        }
        SyntaxKind::BadEscape => {
            "quote the value with single quotes ('...') instead: they keep backslashes as written \
             (write '' for a ' inside)"
        }
        SyntaxKind::ColonInPlain => {
            "quote the value with single quotes ('...'): unquoted, its `: ` starts a new key \
             (write '' for a ' inside)"
        }
        SyntaxKind::Other => {
            "compare the marked place with the lines around it: indentation, brackets and quotes \
             must match, and a value with special characters can go in single quotes ('...')"
        }
    }
}

/// The tolerant reader: top-level `key: scalar`, `key: [a, b]` and `key:` followed by `- item`
/// lines. Nested mappings are kept as present-but-unread (`Null`) so that "missing field"
/// checks do not fire on what the strict parser could not read. Spans are relative to `yaml`.
fn recover(yaml: &str) -> Node {
    let mut entries: Vec<(String, Node)> = Vec::new();
    let mut open: Option<OpenKey> = None;
    for (start, line, _) in (Lines { text: yaml, pos: 0 }) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or((trimmed == "-").then_some(""))
        {
            if let Some(key) = &mut open {
                let (text, span) = scalar_at(item, start + indent + 2);
                if !text.is_empty() {
                    key.items.push(str_node(text, span));
                }
            }
            continue;
        }
        if indent > 0 {
            // A nested mapping line: the key above is not a flat list.
            if let Some(key) = &mut open {
                key.nested = true;
            }
            continue;
        }
        if let Some(key) = open.take() {
            entries.push(key.close());
        }
        let Some(colon) = find_key_colon(trimmed) else {
            continue;
        };
        let key = trimmed[..colon]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        let after = &trimmed[colon + 1..];
        let value_at = start + colon + 1 + (after.len() - after.trim_start().len());
        let value = strip_comment(after.trim());
        entries.retain(|(k, _)| *k != key);
        if value.is_empty() {
            open = Some(OpenKey {
                key,
                items: Vec::new(),
                nested: false,
                at: value_at,
            });
        } else if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.strip_suffix(']').unwrap_or(inner);
            let base = value_at + 1;
            let items = split_flow(inner)
                .into_iter()
                .map(|(off, raw)| {
                    let (text, span) = scalar_at(raw, base + off);
                    str_node(text, span)
                })
                .filter(|n| !matches!(&n.value, Yaml::Str(s) if s.is_empty()))
                .collect();
            let span = Span::new(value_at, value_at + value.len());
            entries.push((
                key,
                Node {
                    value: Yaml::Seq(items),
                    span,
                },
            ));
        } else {
            let (text, span) = scalar_at(value, value_at);
            entries.push((key, str_node(text, span)));
        }
    }
    if let Some(key) = open.take() {
        entries.push(key.close());
    }
    Node {
        value: Yaml::Map(entries),
        span: Span::new(0, 0),
    }
}

/// A top-level key with no inline value, collecting the `- item` lines under it.
struct OpenKey {
    key: String,
    items: Vec<Node>,
    nested: bool,
    at: usize,
}

impl OpenKey {
    fn close(self) -> (String, Node) {
        let value = if self.nested || self.items.is_empty() {
            Yaml::Null
        } else {
            Yaml::Seq(self.items)
        };
        let span = Span::new(self.at, self.at);
        (self.key, Node { value, span })
    }
}

/// A recovered scalar: numbers stay numbers so that `wave: 2` reads as it would in YAML.
fn str_node(text: String, span: Span) -> Node {
    let value = match text.parse::<i64>() {
        Ok(i) if !text.starts_with('0') || text == "0" => Yaml::Int(i),
        _ => Yaml::Str(text),
    };
    Node { value, span }
}

/// Unquotes a scalar written at byte `at` and returns its text and span.
fn scalar_at(raw: &str, at: usize) -> (String, Span) {
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = strip_comment(raw.trim());
    let span = Span::new(at + lead, at + lead + trimmed.len());
    let text = if trimmed.len() >= 2
        && ((trimmed.starts_with('"') && trimmed.ends_with('"'))
            || (trimmed.starts_with('\'') && trimmed.ends_with('\'')))
    {
        trimmed[1..trimmed.len() - 1].to_string()
    } else {
        trimmed.to_string()
    };
    (text, span)
}

/// The colon that ends a top-level key (`key: value` or `key:`), outside quotes.
fn find_key_colon(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if matches!(b.first(), Some(b'"' | b'\'')) {
        let q = b[0];
        let close = line[1..].find(q as char)? + 1;
        return (b.get(close + 1) == Some(&b':')).then_some(close + 1);
    }
    (0..b.len()).find(|&i| b[i] == b':' && b.get(i + 1).is_none_or(|&c| c == b' ' || c == b'\t'))
}

/// Drops a ` # comment` that is not inside quotes.
fn strip_comment(s: &str) -> &str {
    let mut quote = None;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t' => {
                return s[..i].trim_end();
            }
            _ => {}
        }
    }
    s
}

/// Splits flow-list items on commas outside quotes; offsets are relative to `inner`.
fn split_flow(inner: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                out.push((start, &inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &inner[start..]));
    out
}

/// The line rewritten with its value in single quotes, when the line is `key: value` or
/// `- value`: `pattern: "a\.b"` becomes `pattern: 'a\.b'`.
fn quote_fix(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (prefix, rest) = match trimmed.strip_prefix("- ") {
        Some(r) => ("- ", r),
        None => ("", trimmed),
    };
    let (key, value) = match rest.find(": ") {
        Some(i) if !rest.starts_with('"') && !rest.starts_with('\'') => {
            (&rest[..i + 2], rest[i + 2..].trim())
        }
        _ => ("", rest.trim()),
    };
    if value.is_empty()
        || value.starts_with('\'')
        || value.starts_with('[')
        || value.starts_with('{')
    {
        return None;
    }
    let inner = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(v) => v.replace("\\\"", "\""),
        None => value.to_string(),
    };
    Some(format!(
        "{indent}{prefix}{key}'{}'",
        inner.replace('\'', "''")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: DocRules = DocRules {
        invalid_yaml: &super::super::rules::PLAN_INVALID_YAML,
        no_frontmatter: &super::super::rules::PLAN_NO_FRONTMATTER,
    };

    fn texts(doc: &Doc, key: &str) -> Vec<String> {
        doc.list(&[key]).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn valid_frontmatter_keeps_file_offsets() {
        let text = "---\nphase: 02-auth\nplan: 01\n---\n# Body\n";
        let doc = Doc::parse("p.md", text.into());
        assert_eq!(doc.state, FrontState::Valid);
        assert_eq!(doc.scalar(&["plan"]).as_deref(), Some("01"));
        let span = doc.get("plan").unwrap().span;
        assert_eq!(&text[span.start..span.end], "01");
        assert_eq!(doc.body(), "# Body\n");
        assert!(doc.finding(&RULES, "plan").is_none());
    }

    #[test]
    fn missing_and_unterminated_frontmatter() {
        let doc = Doc::parse("p.md", "# Just a title\n".into());
        assert_eq!(doc.state, FrontState::Missing);
        assert_eq!(
            doc.finding(&RULES, "plan").unwrap().rule,
            "plan/no-frontmatter"
        );
        let doc = Doc::parse("p.md", "---\nphase: 1\n".into());
        assert_eq!(doc.state, FrontState::Unterminated);
        assert!(doc
            .finding(&RULES, "plan")
            .unwrap()
            .message
            .contains("never closes"));
        let doc = Doc::parse("p.md", String::new());
        assert_eq!(doc.state, FrontState::Missing);
    }

    #[test]
    fn invalid_yaml_is_located_and_recovered() {
        let text = "---\nphase: 02-auth\nplan: 3\nwave: 2\ndepends_on: [\"02-01\", 02-02]\n\
                    files_modified:\n  - src/a.ts\n  - \"src/b.ts\"  # note\nmust_haves:\n  \
                    key_links:\n    - pattern: \"app\\.use\\(session\"\n---\nbody\n";
        let doc = Doc::parse("p.md", text.into());
        assert_eq!(doc.state, FrontState::Recovered);
        assert_eq!(doc.scalar(&["phase"]).as_deref(), Some("02-auth"));
        assert_eq!(doc.get("wave").unwrap().value, Yaml::Int(2));
        assert_eq!(texts(&doc, "depends_on"), ["02-01", "02-02"]);
        assert_eq!(texts(&doc, "files_modified"), ["src/a.ts", "src/b.ts"]);
        let span = doc.list(&["files_modified"])[1].1;
        assert_eq!(&text[span.start..span.end], "\"src/b.ts\"");
        // Present but unreadable: not reported as missing.
        assert!(doc.get("must_haves").is_some());
        let f = doc.finding(&RULES, "plan 02-03").unwrap();
        assert_eq!(f.rule, "plan/invalid-yaml");
        assert_eq!((f.location.line, f.location.column), (Some(11), Some(16)));
        assert_eq!(
            f.suggestion.as_deref(),
            Some("    - pattern: 'app\\.use\\(session'")
        );
        assert!(f.help.as_deref().unwrap().contains("single quotes"));
    }

    #[test]
    fn plain_scalar_with_colon_gets_a_fix() {
        let text = "---\nphase: 1\nobjective: Users can: log in\n---\n";
        let doc = Doc::parse("p.md", text.into());
        assert_eq!(doc.state, FrontState::Recovered);
        let f = doc.finding(&RULES, "plan").unwrap();
        assert_eq!(f.location.line, Some(3));
        assert_eq!(
            f.suggestion.as_deref(),
            Some("objective: 'Users can: log in'")
        );
        assert_eq!(doc.scalar(&["phase"]).as_deref(), Some("1"));
    }

    #[test]
    fn a_list_as_frontmatter_is_not_a_mapping() {
        let doc = Doc::parse("p.md", "---\n- a\n---\n".into());
        assert_eq!(doc.state, FrontState::Recovered);
        let f = doc.finding(&RULES, "plan").unwrap();
        assert!(f.message.contains("mapping"), "{}", f.message);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let doc = Doc::parse("p.md", "\u{feff}---\r\nwave: 1\r\n---\r\nbody".into());
        assert_eq!(doc.state, FrontState::Valid);
        assert_eq!(doc.get("wave").unwrap().value, Yaml::Int(1));
        assert_eq!(doc.body(), "body");
    }

    #[test]
    fn comments_and_quotes_in_the_tolerant_reader() {
        assert_eq!(strip_comment("a # b"), "a");
        assert_eq!(strip_comment("'a # b'"), "'a # b'");
        assert_eq!(strip_comment("a#b"), "a#b");
        assert_eq!(find_key_colon("\"a: b\": c"), Some(6));
        assert_eq!(find_key_colon("http://x"), None);
        assert_eq!(quote_fix("  - x: \"a\\.b\""), Some("  - x: 'a\\.b'".into()));
        assert_eq!(quote_fix("k: it's"), Some("k: 'it''s'".into()));
        assert_eq!(quote_fix("k: 'done'"), None);
    }
}
