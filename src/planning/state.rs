//! STATE.md read for the one thing a tool needs of it: the current phase. GSD's template writes
//! `Phase: 3 of 8 (Name)`; its tools read `**Current Phase:** 3`, `Current Phase: 3` and
//! `| Current Phase | 3 |`. All of them are read.

use super::id::PhaseId;

/// The phase STATE.md calls current, from its first line that names one.
pub fn current_phase(text: &str) -> Option<PhaseId> {
    text.lines().find_map(|line| {
        let t = line.trim().trim_start_matches(['-', '*', '|', ' ']);
        let rest = ["Current Phase", "Current phase", "Phase"]
            .iter()
            .find_map(|key| t.strip_prefix(key))?;
        let rest = rest.trim_start_matches(['*', ':', '|', ' ']);
        let number = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .next()?
            .trim_end_matches(['.', '-']);
        PhaseId::parse(number)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_gsd_writes_the_current_phase() {
        let id = |s: &str| PhaseId::parse(s);
        assert_eq!(
            current_phase("# State\n**Current Phase:** 11 (Fan-Out Core)\n"),
            id("11")
        );
        assert_eq!(current_phase("Current Phase: 3\n"), id("3"));
        assert_eq!(
            current_phase("| Field | Value |\n| Current Phase | 04 |\n"),
            id("04")
        );
        assert_eq!(current_phase("Phase: 3 of 8 (Auth)\n"), id("3"));
        assert_eq!(
            current_phase("Phase: 1028 (tag-update) — COMPLETE\n"),
            id("1028")
        );
        assert_eq!(current_phase("Phase: 02.1 — hotfix\n"), id("02.1"));
        assert_eq!(current_phase("# State\nNothing here.\n"), None);
    }
}
