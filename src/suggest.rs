//! "Did you mean …?": the closest candidate by edit distance, used for types, scopes, plan ids
//! and rule ids alike.

/// Edit distance over chars, counting a swap of two neighbours as one edit (optimal string
/// alignment): `fxi` is one typo away from `fix`, as a person sees it.
pub fn distance(a: &str, b: &str) -> usize {
    // Called for every candidate of every unknown word (a history of plain-English headers
    // asks once per commit): ASCII words of usual length run on bytes, in rows on the stack.
    const SHORT: usize = 48;
    if a.is_ascii() && b.is_ascii() && b.len() < SHORT {
        let mut rows = [0usize; 3 * (SHORT + 1)];
        return osa(a.as_bytes(), b.as_bytes(), &mut rows);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![0usize; 3 * (b.len() + 1)];
    osa(&a, &b, &mut rows)
}

/// Optimal string alignment distance, keeping three rows of the table (the swap looks two
/// rows back) in `rows`, which holds at least `3 * (b.len() + 1)` cells.
fn osa<T: PartialEq>(a: &[T], b: &[T], rows: &mut [usize]) -> usize {
    let w = b.len() + 1;
    let (back2, rest) = rows.split_at_mut(w);
    let (back1, rest) = rest.split_at_mut(w);
    let cur = &mut rest[..w];
    let (mut back2, mut back1, mut cur) = (back2, back1, cur);
    for (j, cell) in back1.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (back1[j] + 1).min(cur[j - 1] + 1).min(back1[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(back2[j - 2] + 1);
            }
            cur[j] = v;
        }
        // The rows move up one: the oldest becomes the next to fill.
        std::mem::swap(&mut back2, &mut back1);
        std::mem::swap(&mut back1, &mut cur);
    }
    back1[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (at most a third of the word's length, and at least one edit allowed).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        // The length difference is a lower bound of the distance: a candidate too far off in
        // length is dropped before the quadratic table, so a megabyte-long word (a pasted
        // log as a commit type) costs nothing.
        .filter(|c| len.abs_diff(c.chars().count()) <= limit)
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Whether a number written as `wanted` plausibly meant `candidate`. Ids made of numbers are
/// all one edit apart (`09` and `04`), so edit distance alone suggests anything: a number is
/// a slip for another only when they are neighbours (within 2) or two adjacent digits are
/// swapped (`21` for `12`).
pub fn near_number(wanted: u32, candidate: u32) -> bool {
    if wanted.abs_diff(candidate) <= 2 {
        return true;
    }
    // Padded alike, as ids are written: `40` and `04` are a swap.
    let width = wanted.to_string().len().max(candidate.to_string().len());
    let (w, c) = (format!("{wanted:0width$}"), format!("{candidate:0width$}"));
    let sorted = |s: &str| {
        let mut b = s.as_bytes().to_vec();
        b.sort_unstable();
        b
    };
    sorted(&w) == sorted(&c) && distance(&w, &c) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, as the distance was first written.
    fn full_table(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let w = b.len() + 1;
        let mut d = vec![0usize; (a.len() + 1) * w];
        for i in 0..=a.len() {
            d[i * w] = i;
        }
        for (j, cell) in d.iter_mut().enumerate().take(w) {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                d[i * w + j] = v;
            }
        }
        d[a.len() * w + b.len()]
    }

    #[test]
    fn rows_agree_with_the_whole_table() {
        let words = [
            "",
            "a",
            "fix",
            "fxi",
            "feat",
            "fet",
            "refactor",
            "rfeactor",
            "chore",
            "ci",
            "Ünïcödé",
            "unicode",
            "documentation-of-the-very-long-type-name-that-goes-on-and-on",
            "documentation-of-the-very-long-type-name-that-goes-on-and-no",
        ];
        for a in words {
            for b in words {
                assert_eq!(distance(a, b), full_table(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn distances() {
        assert_eq!(distance("feat", "feat"), 0);
        assert_eq!(distance("fet", "feat"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("fxi", "fix"), 1);
    }

    #[test]
    fn closest_respects_the_limit() {
        assert_eq!(closest("fxi", ["fix", "feat"]), Some("fix"));
        assert_eq!(closest("banana", ["fix", "feat"]), None);
        assert_eq!(closest("fixx", ["fix", "f"]), Some("fix"));
    }

    #[test]
    fn near_numbers_are_neighbours_or_swapped_digits() {
        assert!(near_number(9, 8) && near_number(9, 7) && near_number(3, 3));
        assert!(!near_number(9, 4));
        assert!(near_number(21, 12) && near_number(40, 4));
        assert!(!near_number(31, 12));
        assert!(!near_number(123, 321));
    }

    #[test]
    fn a_huge_word_is_dismissed_without_the_quadratic_table() {
        let word = "a".repeat(5_000_000);
        let start = std::time::Instant::now();
        assert_eq!(closest(&word, ["feat", "fix"]), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
