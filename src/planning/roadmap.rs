//! ROADMAP.md read for what a report names a phase by: its title and its goal.

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
                let name = name.split(" - ").next().unwrap_or(name).trim();
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

#[cfg(test)]
mod tests {
    use super::*;

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
