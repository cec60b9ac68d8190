//! REQUIREMENTS.md read for what a report says of each requirement: its text. GSD writes
//! `- [ ] **AUTH-01**: User can sign up with email and password`.

use std::collections::BTreeMap;

/// Each requirement id the file describes, with its text (the first line of it).
pub fn descriptions(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let t = line.trim_start().trim_start_matches(['-', '*', ' ']);
        let t = t
            .strip_prefix("[ ]")
            .or_else(|| t.strip_prefix("[x]"))
            .or_else(|| t.strip_prefix("[X]"))
            .map_or(t, str::trim_start);
        let Some(rest) = t.strip_prefix("**") else {
            continue;
        };
        let Some((id, after)) = rest.split_once("**") else {
            continue;
        };
        let id = id.trim().trim_end_matches(':');
        let looks_like_id = !id.is_empty()
            && id.len() <= 32
            && id.contains(|c: char| c.is_ascii_digit())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        let desc = after.trim_start_matches([':', ' ']).trim();
        if looks_like_id && !desc.is_empty() {
            out.entry(id.to_string())
                .or_insert_with(|| desc.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gsds_requirement_lines() {
        let text = "# Requirements\n\n- [x] **AUTH-01**: User can sign up\n- [ ] **AUTH-02**: Sessions persist\n**Note**: not one\n| AUTH-01 | Phase 2 |\n";
        let d = descriptions(text);
        assert_eq!(
            d.get("AUTH-01").map(String::as_str),
            Some("User can sign up")
        );
        assert_eq!(
            d.get("AUTH-02").map(String::as_str),
            Some("Sessions persist")
        );
        assert_eq!(d.len(), 2);
    }
}
