//! The rule registry: every rule planlint knows, gathered from the folders that report them.
//!
//! Each folder declares its rules beside its checks (`message::RULES`, `scan::RULES`, ...);
//! this module sits above all of them and is the one place that lists them together, for
//! `planlint rules`, `planlint explain`, SARIF's rule table and the ids `planlint.toml` may
//! name. Nothing below it imports it, so no folder depends on another through the registry.

use crate::finding::Rule;

/// Every rule planlint knows, in a stable order.
pub fn all() -> Vec<&'static Rule> {
    let groups: [&[&'static Rule]; 5] = [
        crate::message::RULES,
        crate::planning::RULES,
        crate::check::RULES,
        crate::check::verify::RULES,
        crate::scan::RULES,
    ];
    groups.into_iter().flatten().copied().collect()
}

/// Every rule id, for validating `[rules]` in planlint.toml.
pub fn ids() -> Vec<&'static str> {
    all().into_iter().map(|r| r.id).collect()
}

/// Looks a rule up by id.
pub fn get(id: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.id == id)
}

/// The rule a person names: its id, or a name `planlint-allow(...)` accepts for a scan rule
/// (`placeholder`, `todo`, `fixme`, any case). A name the allow comment takes must lead to the
/// same rule everywhere, so the allow comment's own table answers.
pub fn named(name: &str) -> Option<&'static Rule> {
    get(name).or_else(|| crate::scan::rules::resolve_allow(name))
}

/// The rule whose id, name after the group (`wave-conflict`) or allow name is closest to a
/// name that is none of them, for "did you mean `plan/wave-conflict`?".
pub fn closest(name: &str) -> Option<&'static Rule> {
    let all = all();
    let mut names: Vec<(&str, &'static Rule)> = Vec::new();
    for r in &all {
        names.push((r.id, r));
        if let Some((_, short)) = r.id.split_once('/') {
            names.push((short, r));
        }
    }
    names.extend(
        crate::scan::rules::allow_names()
            .filter_map(|n| crate::scan::rules::resolve_allow(n).map(|r| (n, r))),
    );
    let best = crate::suggest::closest(name, names.iter().map(|(n, _)| *n))?;
    names.iter().find(|(n, _)| *n == best).map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_grouped() {
        let rules = all();
        let mut ids: Vec<_> = rules.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule ids");
        for r in rules {
            assert!(r.id.contains('/'), "{} lacks a group", r.id);
            assert!(
                !r.summary.is_empty() && !r.explanation.is_empty(),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn names_and_near_misses_lead_to_rules() {
        assert_eq!(named("todo").map(|r| r.id), Some("scan/todo-comment"));
        assert_eq!(
            closest("wave-conflcit").map(|r| r.id),
            Some("plan/wave-conflict")
        );
        assert!(get("msg/nope").is_none());
    }
}
