//! Plan and phase ids as GSD writes them, compared as numbers.
//!
//! `2-3`, `02-03` and `002-03` name one plan; `02.1` is an inserted phase between `02` and `03`;
//! `12A` carries a letter; `CK-02-01` carries a project code. Equality, order and hashing use
//! the numbers only, while the text as written is kept so that a style check can say "written
//! `8-2`, the files say `08-02`".

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

/// Longest phase or plan number, in digits. It keeps quick-task ids (`260630-uq4`, six digits)
/// and dates from passing for plan ids.
const MAX_DIGITS: usize = 4;
/// Longest project code (`CK`, `WEB`, `API2`).
const MAX_CODE: usize = 8;

/// A phase: optional project code, a number, an optional letter, optional decimal segments.
#[derive(Debug, Clone)]
pub struct PhaseId {
    code: Option<String>,
    number: u32,
    letter: Option<char>,
    decimals: Vec<u32>,
    raw: String,
}

impl PhaseId {
    /// The phase of what belongs to none: a quick task's plan.
    pub fn none() -> PhaseId {
        PhaseId {
            code: None,
            number: 0,
            letter: None,
            decimals: Vec::new(),
            raw: String::new(),
        }
    }

    /// Parses a whole phase id: `02`, `2`, `02.1`, `12A`, `12.3.1`, `CK-02`.
    pub fn parse(s: &str) -> Option<PhaseId> {
        match PhaseId::parse_prefix(s)? {
            (id, "") if !s.ends_with('-') => Some(id),
            _ => None,
        }
    }

    /// Parses a phase id at the start of `s` (a folder or file name) and returns the rest after
    /// the `-` that ends it: `02-auth` gives (`02`, `auth`), `02` gives (`02`, ``).
    pub fn parse_prefix(s: &str) -> Option<(PhaseId, &str)> {
        let (code, body) = split_code(s);
        let (number, letter, decimals, len) = parse_phase_token(body)?;
        let raw_len = s.len() - body.len() + len;
        let rest = &s[raw_len..];
        let rest = match rest.strip_prefix('-') {
            Some(r) => r,
            None if rest.is_empty() => rest,
            None => return None,
        };
        Some((
            PhaseId {
                code,
                number,
                letter,
                decimals,
                raw: s[..raw_len].to_string(),
            },
            rest,
        ))
    }

    /// The project code, upper case (`CK`), if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The integer part: 2 for `02.1`, 12 for `12A`.
    pub fn number(&self) -> u32 {
        self.number
    }

    pub fn letter(&self) -> Option<char> {
        self.letter
    }

    /// The decimal segments: `[1]` for `02.1`, `[3, 1]` for `12.3.1`.
    pub fn decimals(&self) -> &[u32] {
        &self.decimals
    }

    /// The text as it was written (`2`, `002`, `02.1`).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// True when the text was written in the canonical padded form.
    pub fn is_canonical(&self) -> bool {
        self.raw == self.to_string()
    }

    fn key(&self) -> (Option<&str>, u32, Option<char>, &[u32]) {
        (
            self.code.as_deref(),
            self.number,
            self.letter,
            &self.decimals,
        )
    }
}

impl PartialEq for PhaseId {
    fn eq(&self, other: &Self) -> bool {
        // `key()`'s parts, the one most often different first: a history's lookups compare
        // one id with every plan of thousands of trees.
        self.number == other.number
            && self.decimals == other.decimals
            && self.letter == other.letter
            && self.code == other.code
    }
}

impl Eq for PhaseId {}

impl Hash for PhaseId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for PhaseId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PhaseId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for PhaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = &self.code {
            write!(f, "{code}-")?;
        }
        write!(f, "{:02}", self.number)?;
        if let Some(l) = self.letter {
            write!(f, "{l}")?;
        }
        for d in &self.decimals {
            write!(f, ".{d}")?;
        }
        Ok(())
    }
}

impl Serialize for PhaseId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A plan: its phase and its number within the phase.
#[derive(Debug, Clone)]
pub struct PlanId {
    pub phase: PhaseId,
    pub plan: u32,
    raw: String,
}

impl PlanId {
    pub fn new(phase: PhaseId, plan: u32) -> PlanId {
        let raw = format!("{}-{plan:02}", phase.raw);
        PlanId { phase, plan, raw }
    }

    /// Parses a whole plan id: `02-01`, `2-3`, `002-03`, `02.1-01`, `100-02`, `12A-01`,
    /// `CK-02-01`.
    pub fn parse(s: &str) -> Option<PlanId> {
        match PlanId::parse_prefix(s)? {
            (id, "") if !s.ends_with('-') => Some(id),
            _ => None,
        }
    }

    /// Parses a plan id at the start of `s` and returns the rest after the `-` that ends it:
    /// `02-01-auth-PLAN.md` gives (`02-01`, `auth-PLAN.md`).
    pub fn parse_prefix(s: &str) -> Option<(PlanId, &str)> {
        let (phase, rest) = PhaseId::parse_prefix(s)?;
        let len = digits(rest);
        if len == 0 || len > MAX_DIGITS {
            return None;
        }
        let plan: u32 = rest[..len].parse().ok()?;
        let after = &rest[len..];
        let tail = match after.strip_prefix('-') {
            Some(t) => t,
            None if after.is_empty() => after,
            None => return None,
        };
        let raw = s[..s.len() - after.len()].to_string();
        Some((PlanId { phase, plan, raw }, tail))
    }

    /// The text as it was written (`8-2`, `08-02`).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    pub fn is_canonical(&self) -> bool {
        self.raw == self.to_string()
    }
}

impl PartialEq for PlanId {
    fn eq(&self, other: &Self) -> bool {
        self.plan == other.plan && self.phase == other.phase
    }
}

impl Eq for PlanId {}

impl Hash for PlanId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.phase.hash(state);
        self.plan.hash(state);
    }
}

impl PartialOrd for PlanId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PlanId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.phase
            .cmp(&other.phase)
            .then(self.plan.cmp(&other.plan))
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.phase, self.plan)
    }
}

impl Serialize for PlanId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Splits a project code (`CK-`) off the front when what follows starts like a phase number.
/// Codes are upper case so that `phase-03` and slugs are never read as codes.
fn split_code(s: &str) -> (Option<String>, &str) {
    if let Some(i) = s.find('-') {
        let code = &s[..i];
        let rest = &s[i + 1..];
        let is_code = !code.is_empty()
            && code.len() <= MAX_CODE
            && code.as_bytes()[0].is_ascii_uppercase()
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && rest.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if is_code {
            return (Some(code.to_string()), rest);
        }
    }
    (None, s)
}

/// `12A.3.1` at the start of `s`: (number, letter, decimals, bytes used).
fn parse_phase_token(s: &str) -> Option<(u32, Option<char>, Vec<u32>, usize)> {
    let len = digits(s);
    if len == 0 || len > MAX_DIGITS {
        return None;
    }
    let number = s[..len].parse().ok()?;
    let mut pos = len;
    let bytes = s.as_bytes();
    let mut letter = None;
    if let Some(&b) = bytes.get(pos) {
        // A letter counts only when it ends the token: `12A-` or `12A.1`, not `1st-...`.
        let ends = bytes.get(pos + 1).is_none_or(|&n| n == b'-' || n == b'.');
        if b.is_ascii_alphabetic() && ends {
            letter = Some(b.to_ascii_uppercase() as char);
            pos += 1;
        }
    }
    let mut decimals = Vec::new();
    while bytes.get(pos) == Some(&b'.') {
        let n = digits(&s[pos + 1..]);
        if n == 0 || n > MAX_DIGITS {
            break;
        }
        decimals.push(s[pos + 1..pos + 1 + n].parse().ok()?);
        pos += 1 + n;
    }
    Some((number, letter, decimals, pos))
}

fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn plan(s: &str) -> PlanId {
        PlanId::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    fn phase(s: &str) -> PhaseId {
        PhaseId::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn plan_ids_parse_and_print_canonically() {
        for (input, canonical) in [
            ("02-01", "02-01"),
            ("2-3", "02-03"),
            ("002-03", "02-03"),
            ("02.1-01", "02.1-01"),
            ("100-02", "100-02"),
            ("12A-01", "12A-01"),
            ("12a-1", "12A-01"),
            ("12.3.1-04", "12.3.1-04"),
            ("CK-02-01", "CK-02-01"),
            ("CK-2-1", "CK-02-01"),
        ] {
            let id = plan(input);
            assert_eq!(id.to_string(), canonical, "{input}");
            assert_eq!(id.raw(), input);
            assert_eq!(id.is_canonical(), input == canonical, "{input}");
        }
    }

    #[test]
    fn not_plan_ids() {
        for s in [
            "",
            "02",
            "02-",
            "-01",
            "02-01-",
            "02-xx",
            "260630-uq4",
            "260605-123",
            "phase-03",
            "ck-02-01",
            "02-01a",
            "v1.2",
            "state",
            "02--01",
            "02.-01",
        ] {
            assert!(PlanId::parse(s).is_none(), "{s} should not parse");
        }
    }

    #[test]
    fn ids_compare_numerically() {
        assert_eq!(plan("2-3"), plan("02-03"));
        assert_eq!(plan("002-03"), plan("02-03"));
        let set: HashSet<PlanId> = ["2-3", "02-03", "002-3"].iter().map(|s| plan(s)).collect();
        assert_eq!(set.len(), 1);
        assert!(phase("02") < phase("02.1"));
        assert!(phase("02.1") < phase("03"));
        assert!(phase("02.1") < phase("02.2"));
        assert!(phase("02.2") < phase("02.10"));
        assert!(phase("12") < phase("12A"));
        assert!(phase("12A") < phase("13"));
        assert!(phase("9") < phase("10"));
        assert!(plan("02-09") < plan("02-10"));
        assert_ne!(plan("02.1-01"), plan("02-01"));
        assert_ne!(plan("CK-02-01"), plan("02-01"));
    }

    #[test]
    fn prefixes_split_folder_and_file_names() {
        let (p, rest) = PhaseId::parse_prefix("07-batch-rendering").unwrap();
        assert_eq!((p.to_string().as_str(), rest), ("07", "batch-rendering"));
        let (p, rest) = PhaseId::parse_prefix("CK-02-auth").unwrap();
        assert_eq!((p.to_string().as_str(), rest), ("CK-02", "auth"));
        assert_eq!(p.code(), Some("CK"));
        let (p, rest) = PhaseId::parse_prefix("1").unwrap();
        assert_eq!((p.raw(), rest), ("1", ""));
        let (p, rest) = PhaseId::parse_prefix("02-VERIFICATION.md").unwrap();
        assert_eq!((p.raw(), rest), ("02", "VERIFICATION.md"));
        assert!(PhaseId::parse_prefix("1st-try").is_none());
        assert!(PhaseId::parse_prefix("notes").is_none());

        let (id, rest) = PlanId::parse_prefix("02-01-auth-PLAN.md").unwrap();
        assert_eq!((id.to_string().as_str(), rest), ("02-01", "auth-PLAN.md"));
        let (id, rest) = PlanId::parse_prefix("02.1-3-PLAN.md").unwrap();
        assert_eq!((id.raw(), rest), ("02.1-3", "PLAN.md"));
        assert!(PlanId::parse_prefix("02-CONTEXT.md").is_none());
    }

    #[test]
    fn phase_parts() {
        let p = phase("12.3.1");
        assert_eq!(
            (p.number(), p.letter(), p.decimals()),
            (12, None, &[3, 1][..])
        );
        let p = phase("12A");
        assert_eq!((p.number(), p.letter()), (12, Some('A')));
        assert_eq!(phase("002").to_string(), "02");
        assert!(PhaseId::parse("02-").is_none());
        assert!(PhaseId::parse("12345").is_none());
    }

    #[test]
    fn ids_serialize_as_their_canonical_text() {
        assert_eq!(serde_json::to_string(&plan("2-3")).unwrap(), "\"02-03\"");
    }
}
