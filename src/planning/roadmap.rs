//! ROADMAP.md read for what a report says of a phase: its title, its goal, and whether the
//! roadmap marks it complete.

use super::id::PhaseId;

/// The phase's name and goal in ROADMAP.md: `### Phase 2: JWT Implementation` (or
/// `- [ ] **Phase 2: JWT Implementation** - ...`) and the `**Goal**: ...` line after it.
pub fn phase_title_and_goal(text: &str, id: &PhaseId) -> (Option<String>, Option<String>) {
    let mut title = None;
    let mut goal = None;
    let mut in_section = false;
    for line in text.lines() {
        let t = line.trim().trim_start_matches(['#', '-', '*', ' ']);
        let t = t
            .strip_prefix("[ ]")
            .or_else(|| t.strip_prefix("[x]"))
            .or_else(|| t.strip_prefix("[X]"))
            .map_or(t, str::trim_start)
            .trim_start_matches('*');
        if let Some(rest) = t.strip_prefix("Phase ") {
            let (num, name) = rest.split_once(':').unwrap_or((rest, ""));
            let same = PhaseId::parse(num.trim()).is_some_and(|p| &p == id);
            let heading = line.trim_start().starts_with('#');
            if same {
                let name = name.split("**").next().unwrap_or("").trim();
                let name = without_status(name.split(" - ").next().unwrap_or(name).trim());
                if !name.is_empty() && (title.is_none() || heading) {
                    title = Some(name.to_string());
                }
                in_section = heading;
            } else if heading {
                in_section = false;
            }
            continue;
        }
        if in_section && goal.is_none() {
            let lower = t.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix("goal") {
                let skip = t.len() - rest.len();
                let g = t[skip..].trim_start_matches(['*', ':', ' ']).trim();
                if !g.is_empty() {
                    goal = Some(g.to_string());
                }
            }
        }
    }
    (title, goal)
}

/// A title without the status ROADMAP.md writes after it: `Auth — COMPLETE`, `Auth —
/// completed 2026-05-19`, `Auth (shipped)`, `Auth ✅`.
fn without_status(name: &str) -> &str {
    const STATUS: [&str; 7] = [
        "complete",
        "done",
        "shipped",
        "in progress",
        "pending",
        "planned",
        "not started",
    ];
    let is_status = |s: &str| {
        let s = s.trim().trim_matches(['(', ')', '[', ']']).to_lowercase();
        STATUS.iter().any(|w| s.starts_with(w))
    };
    let mut name = name.trim().trim_end_matches(['✅', '✓', '🚧', ' ']);
    loop {
        let cut = [" — ", " – ", " ("]
            .iter()
            .filter_map(|sep| name.rfind(sep).map(|i| (i, sep.len())))
            .max();
        match cut {
            Some((i, len)) if i > 0 && is_status(&name[i + len..]) => {
                name = name[..i].trim_end();
            }
            _ => return name,
        }
    }
}

/// Whether the phase's own section of ROADMAP.md (`### Phase 7: ...` up to the next heading of
/// its level) names requirement ids (`**Requirements:** AUTH-01, AUTH-02`); `None` when
/// ROADMAP.md has no section for it. A phase from the backlog, or one of decisions, names none.
pub fn phase_names_requirements(text: &str, id: &PhaseId) -> Option<bool> {
    let mut level = None;
    let mut names = false;
    let mut in_list = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if hashes > 0 {
            if let Some(l) = level {
                if hashes <= l {
                    break;
                }
            }
            let rest = trimmed[hashes..].trim_start().trim_start_matches('*');
            if level.is_none() {
                if let Some(r) = rest.strip_prefix("Phase ") {
                    let num = r.split([':', ' ', '*']).next().unwrap_or("");
                    if PhaseId::parse(num).is_some_and(|p| &p == id) {
                        level = Some(hashes);
                    }
                }
            }
            continue;
        }
        if level.is_none() {
            continue;
        }
        // The `Requirements` line, and the list right under it.
        let listed = in_list && (trimmed.starts_with("- ") || trimmed.starts_with("* "));
        in_list = listed || line.to_ascii_lowercase().contains("requirements");
        if in_list {
            names |= line
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .any(looks_like_requirement_id);
        }
    }
    level.map(|_| names)
}

/// `AUTH-01`, `FANOUT-4`, `QGATE-xx` is not: letters, a dash, digits.
fn looks_like_requirement_id(word: &str) -> bool {
    let Some((letters, digits)) = word.rsplit_once('-') else {
        return false;
    };
    !letters.is_empty()
        && letters
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && letters.starts_with(|c: char| c.is_ascii_uppercase())
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// Whether ROADMAP.md checks the phase off: `- [x] **Phase 2: ...**`.
pub fn phase_complete(text: &str, id: &PhaseId) -> bool {
    text.lines().any(|line| {
        let t = line.trim_start().trim_start_matches(['-', '*', ' ']);
        let Some(rest) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) else {
            return false;
        };
        let rest = rest.trim_start().trim_start_matches('*');
        rest.strip_prefix("Phase ").is_some_and(|r| {
            let num = r.split([':', ' ', '*']).next().unwrap_or("");
            PhaseId::parse(num).is_some_and(|p| &p == id)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_names_requirements_only_in_its_own_section() {
        let roadmap = "# Roadmap\n\n### Phase 11: Fan-Out\n**Goal:** x\n**Requirements:** FANOUT-01, FANOUT-02\n\n### Phase 1028: Tag perf — COMPLETE\n\n**Status:** Complete.\n**Plans shipped:** 6, per D-08.\n\n#### Notes\nRequirements were not traced.\n\n### Phase 12: Commit\n**Requirements covered:**\n- OBSV-01\n";
        let names = |n: &str| phase_names_requirements(roadmap, &PhaseId::parse(n).unwrap());
        assert_eq!(names("11"), Some(true));
        assert_eq!(names("1028"), Some(false));
        assert_eq!(names("12"), Some(true), "the list under the line counts");
        assert_eq!(names("13"), None);
    }

    #[test]
    fn titles_lose_the_status_written_after_them() {
        let title = |line: &str| phase_title_and_goal(line, &PhaseId::parse("7").unwrap()).0;
        for line in [
            "### Phase 7: Tag update perf — MEX + SIMD — COMPLETE",
            "- [x] Phase 7: Tag update perf — MEX + SIMD — completed 2026-05-19",
            "### Phase 7: Tag update perf — MEX + SIMD (shipped)",
            "### Phase 7: Tag update perf — MEX + SIMD ✅",
        ] {
            assert_eq!(
                title(line).as_deref(),
                Some("Tag update perf — MEX + SIMD"),
                "{line}"
            );
        }
        assert_eq!(
            title("### Phase 7: Done Right (rework)").as_deref(),
            Some("Done Right (rework)")
        );
    }

    #[test]
    fn completion_is_the_checked_box() {
        let text = "- [x] **Phase 1: Foundation** - done\n- [ ] **Phase 2: Auth** - next\n";
        assert!(phase_complete(text, &PhaseId::parse("01").unwrap()));
        assert!(!phase_complete(text, &PhaseId::parse("2").unwrap()));
        assert!(!phase_complete(text, &PhaseId::parse("3").unwrap()));
    }

    #[test]
    fn roadmap_gives_the_phase_name_and_goal() {
        let text = "## Phases\n- [x] **Phase 1: Foundation** - setup\n- [ ] **Phase 2: JWT Implementation** - tokens\n\n### Phase 2: JWT Implementation\n**Goal**: Users stay logged in securely\n### Phase 3: OAuth\n**Goal**: Other\n";
        let id = PhaseId::parse("02").unwrap();
        assert_eq!(
            phase_title_and_goal(text, &id),
            (
                Some("JWT Implementation".into()),
                Some("Users stay logged in securely".into())
            )
        );
        assert_eq!(phase_title_and_goal("nothing", &id), (None, None));
    }
}
