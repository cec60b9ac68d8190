//! Files the anti-pattern scan of a range passed over, counted for one note.

use crate::fs::Skipped;

/// Files the scan passed over that the person should hear about, counted for one note.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct SkipCounts {
    binary: usize,
    too_large: usize,
    generated: usize,
    unreadable: usize,
    missing: usize,
    limit: u64,
}

impl SkipCounts {
    pub(super) fn count(&mut self, why: &Skipped) {
        match why {
            Skipped::Binary => self.binary += 1,
            Skipped::TooLarge { limit, .. } => {
                self.too_large += 1;
                self.limit = *limit;
            }
            Skipped::Generated => self.generated += 1,
            Skipped::Unreadable(_) => self.unreadable += 1,
            Skipped::Missing => self.missing += 1,
            Skipped::Link
            | Skipped::Unsupported
            | Skipped::Vendored
            | Skipped::Fixture
            | Skipped::Planning => {}
        }
    }

    pub(super) fn add(&mut self, other: &SkipCounts) {
        self.binary += other.binary;
        self.too_large += other.too_large;
        self.generated += other.generated;
        self.unreadable += other.unreadable;
        self.missing += other.missing;
        self.limit = self.limit.max(other.limit);
    }

    pub(super) fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.binary > 0 {
            parts.push(format!("{} binary", self.binary));
        }
        if self.too_large > 0 {
            parts.push(format!(
                "{} over scan.max-file-size ({} bytes)",
                self.too_large, self.limit
            ));
        }
        if self.generated > 0 {
            parts.push(format!("{} generated", self.generated));
        }
        if self.unreadable > 0 {
            parts.push(format!("{} unreadable", self.unreadable));
        }
        if self.missing > 0 {
            parts.push(format!(
                "{} whose content is not in this clone",
                self.missing
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "the anti-pattern scan skipped changed files: {}",
                parts.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_note_names_only_what_happened() {
        let mut c = SkipCounts::default();
        assert_eq!(c.note(), None);
        c.count(&Skipped::Binary);
        c.count(&Skipped::TooLarge { size: 9, limit: 8 });
        c.count(&Skipped::Link);
        let note = c.note().unwrap();
        assert!(note.contains("1 binary"), "{note}");
        assert!(
            note.contains("1 over scan.max-file-size (8 bytes)"),
            "{note}"
        );
    }
}
