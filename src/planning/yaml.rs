//! A YAML tree with a byte span on every node, read through serde-saphyr.
//!
//! Plans are hand- and agent-written, so a typed struct would turn every surprising value
//! (`plan: "01"`, `depends_on: 3`, an artifact as a string) into a parse failure. Instead the
//! frontmatter becomes this loose tree, and the plan model interprets it field by field, with
//! the span at hand for a located finding. Only real YAML syntax errors fail here.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned};

use crate::finding::Span;

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in document order; a repeated key keeps its last value.
    Map(Vec<(String, Node)>),
}

/// A value and where it sits in the text it was parsed from (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Yaml,
    pub span: Span,
}

/// A YAML syntax error: a message, a byte offset into the parsed text, and what kind of
/// mistake it is, so that the help can name the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
    pub kind: SyntaxKind,
}

/// The mistakes real plans make most, each with its own fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A tab in the indentation: YAML indents with spaces only.
    TabIndent,
    /// A backslash escape YAML does not know inside double quotes (`"app\.use"`).
    BadEscape,
    /// `: ` inside a plain (unquoted) value (`objective: Users can: log in`).
    ColonInPlain,
    Other,
}

impl SyntaxKind {
    /// Tells the kind from the parser's message and the line it points at. The messages are
    /// serde-saphyr's; the line is looked at too, so that a reworded message still finds a
    /// tab in the indentation.
    fn of(message: &str, line: &str) -> SyntaxKind {
        let m = message.to_ascii_lowercase();
        let indent = &line[..line.len() - line.trim_start().len()];
        // `tab` as a word: "acceptable" or "representable" must not read as one.
        let says_tab = m
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "tab" || w == "tabs");
        if says_tab || indent.contains('\t') {
            SyntaxKind::TabIndent
        } else if m.contains("escape") {
            SyntaxKind::BadEscape
        } else if m.contains("mapping values are not allowed") {
            SyntaxKind::ColonInPlain
        } else {
            SyntaxKind::Other
        }
    }
}

/// Most nodes (scalars, lists, maps, aliases expanded) one document may hold.
const MAX_NODES: usize = 20_000;

/// Deepest nesting of lists and maps one document may hold.
const MAX_DEPTH: usize = 32;

/// Parses a YAML document (one mapping is expected, but any value is returned).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    // Comments and error snippets are not used: planlint renders its own. Repeated keys are
    // passed through (the visitor keeps the last), which spares the parser a hash per key.
    // Frontmatter holds a few hundred nodes, a handful of levels deep: the default budget
    // (250,000 nodes) let an alias bomb ("billion laughs") cost 2 s per file in a debug build
    // before it was refused, and each level of nesting is a stack frame of the reader.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_depth = MAX_DEPTH;
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
        budget: Some(budget),
    };
    match serde_saphyr::from_str_with_options::<Spanned<Yaml>>(text, options) {
        Ok(s) => Ok(to_node(s)),
        Err(e) => {
            let mut cause = &e;
            while let serde_saphyr::Error::AliasError { error, .. }
            | serde_saphyr::Error::WithSnippet { error, .. } = cause
            {
                cause = error;
            }
            let message = match cause {
                serde_saphyr::Error::Budget {
                    breach: serde_saphyr::budget::BudgetBreach::Depth { depth },
                    ..
                } => format!("it nests {depth} levels deep; planlint reads at most {MAX_DEPTH}"),
                serde_saphyr::Error::Budget { .. } => format!(
                    "it holds more than {MAX_NODES} YAML nodes once aliases are expanded (an \
                     anchor repeated through aliases grows exponentially)"
                ),
                other => serde_saphyr::DefaultMessageFormatter
                    .format_message(other)
                    .into_owned(),
            };
            let offset = e.location().map_or(0, |l| {
                l.span()
                    .byte_offset()
                    .map_or_else(|| offset_of(text, l.line(), l.column()), |b| b as usize)
            });
            let offset = offset.min(text.len());
            let message = strip_location(&message);
            Err(SyntaxError {
                kind: SyntaxKind::of(&message, line_at(text, offset)),
                message,
                offset,
            })
        }
    }
}

impl Node {
    /// The source text of a scalar as written (`01` for `plan: 01`), quotes included.
    pub fn raw<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.start..self.span.end).unwrap_or("")
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Yaml::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The first of several key spellings that is present (`key-files`, `key_files`).
    pub fn get_any(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().find_map(|k| self.get(k))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Yaml::Null)
    }

    /// A scalar as text: strings as they are, numbers and booleans as written in `text` so that
    /// `01` stays `01` and `02.10` is not read as `2.1`.
    pub fn scalar_text(&self, text: &str) -> Option<String> {
        match &self.value {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(_) | Yaml::Float(_) | Yaml::Bool(_) => {
                Some(self.raw(text).trim().trim_matches(['"', '\'']).to_string())
            }
            _ => None,
        }
    }

    /// A list of scalars; a lone scalar counts as a list of one, null as empty.
    pub fn scalar_list(&self, text: &str) -> Vec<(String, Span)> {
        match &self.value {
            Yaml::Seq(items) => items
                .iter()
                .filter_map(|n| n.scalar_text(text).map(|s| (s, n.span)))
                .collect(),
            Yaml::Null => Vec::new(),
            _ => self
                .scalar_text(text)
                .map(|s| vec![(s, self.span)])
                .unwrap_or_default(),
        }
    }
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let col = column.saturating_sub(1) as usize;
    text[start..]
        .char_indices()
        .nth(col)
        .map_or(text.len(), |(i, _)| start + i)
}

/// The line holding byte `offset`, without its line break.
pub fn line_at(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

/// serde-saphyr prefixes `line N column M: `; planlint prints its own location.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.find(": ") {
        Some(i) if first.starts_with("line ") => first[i + 2..].to_string(),
        _ => first.to_string(),
    }
}

/// Nodes are built inside serde-saphyr's deserializer, which fills in each `Spanned`.
struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Yaml, E> {
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yaml, E> {
        Ok(i64::try_from(v).map_or(Yaml::Float(v as f64), Yaml::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Yaml, E> {
        Ok(Yaml::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        Yaml::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Yaml>>()? {
            items.push(item);
        }
        Ok(Yaml::Seq(items.into_iter().map(to_node).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key::<Yaml>()? {
            let value = map.next_value::<Spanned<Yaml>>()?;
            let key = match key {
                Yaml::Str(s) => s,
                Yaml::Int(i) => i.to_string(),
                Yaml::Float(f) => f.to_string(),
                Yaml::Bool(b) => b.to_string(),
                Yaml::Null => "~".to_string(),
                // A collection as a key (`? [a, b]`) is legal YAML and useless in a plan.
                Yaml::Seq(_) | Yaml::Map(_) => continue,
            };
            entries.retain(|(k, _)| *k != key);
            entries.push((key, to_node(value)));
        }
        Ok(Yaml::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

/// serde-saphyr knows byte offsets for text input; should one be missing, the node gets an
/// empty span at the start rather than a wrong one.
fn to_node(s: Spanned<Yaml>) -> Node {
    let span = s.referenced.span();
    let (start, len) = match (span.byte_offset(), span.byte_len()) {
        (Some(o), Some(l)) => (o as usize, l as usize),
        _ => (0, 0),
    };
    Node {
        value: s.value,
        span: Span {
            start,
            end: start.saturating_add(len),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_is_a_word_in_the_message_or_a_tab_in_the_indent() {
        assert_eq!(
            SyntaxKind::of("found a tab character", "x: y"),
            SyntaxKind::TabIndent
        );
        assert_eq!(SyntaxKind::of("oops", "\tx: y"), SyntaxKind::TabIndent);
        assert_eq!(
            SyntaxKind::of("not an acceptable token", "x: y"),
            SyntaxKind::Other
        );
    }

    #[test]
    fn an_alias_bomb_and_deep_nesting_are_refused_by_the_budget() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = format!("*a{}", i - 1);
            bomb.push_str(&format!(
                "a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"
            ));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("more than 20000 YAML nodes"), "{e:?}");
        let deep = format!("x: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
        let e = parse(&deep).unwrap_err();
        assert!(
            e.message.contains("levels deep; planlint reads at most 32"),
            "{e:?}"
        );
    }

    #[test]
    fn scalars_keep_their_text_and_span() {
        let text = "phase: 02.1\nplan: 01\ndepends_on: [\"02-01\", 3]\nwave: 2\n";
        let doc = parse(text).unwrap();
        let plan = doc.get("plan").unwrap();
        assert_eq!(plan.raw(text), "01");
        assert_eq!(plan.scalar_text(text).as_deref(), Some("01"));
        assert_eq!(
            doc.get("phase").unwrap().scalar_text(text).as_deref(),
            Some("02.1")
        );
        let deps = doc.get("depends_on").unwrap().scalar_list(text);
        let deps: Vec<(&str, &str)> = deps
            .iter()
            .map(|(s, sp)| (s.as_str(), &text[sp.start..sp.end]))
            .collect();
        assert_eq!(deps, [("02-01", "\"02-01\""), ("3", "3")]);
        assert_eq!(doc.get("wave").unwrap().value, Yaml::Int(2));
    }

    #[test]
    fn nested_nodes_have_spans() {
        let text = "must_haves:\n  key_links:\n    - from: a.ts\n      pattern: 'x\\.y('\n";
        let doc = parse(text).unwrap();
        let link = match &doc
            .get("must_haves")
            .unwrap()
            .get("key_links")
            .unwrap()
            .value
        {
            Yaml::Seq(items) => items[0].clone(),
            other => panic!("{other:?}"),
        };
        let pattern = link.get("pattern").unwrap();
        assert_eq!(pattern.scalar_text(text).as_deref(), Some("x\\.y("));
        assert_eq!(pattern.raw(text), "'x\\.y('");
    }

    #[test]
    fn syntax_errors_are_located_in_bytes() {
        let text = "phase: 2\npattern: \"app\\.use\\(session\"\n";
        let err = parse(text).unwrap_err();
        assert!(err.message.contains("escape"), "{}", err.message);
        assert!(!err.message.starts_with("line"), "{}", err.message);
        assert_eq!(&text[err.offset..err.offset + 4], "\"app");
    }

    #[test]
    fn syntax_errors_say_what_kind_of_mistake_they_are() {
        let kind = |t: &str| parse(t).unwrap_err().kind;
        assert_eq!(kind("must_haves:\n\ttruths: []\n"), SyntaxKind::TabIndent);
        assert_eq!(kind("pattern: \"a\\.b\"\n"), SyntaxKind::BadEscape);
        assert_eq!(
            kind("objective: Users can: log in\n"),
            SyntaxKind::ColonInPlain
        );
        assert_eq!(kind("depends_on: [1, 2\n"), SyntaxKind::Other);
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let text = "wave: 1\nwave: 2\n";
        assert_eq!(
            parse(text).unwrap().get("wave").unwrap().value,
            Yaml::Int(2)
        );
    }
}
