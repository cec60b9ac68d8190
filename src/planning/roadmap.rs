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
