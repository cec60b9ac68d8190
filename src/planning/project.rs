//! `.planning/config.json`: what a GSD project says about its planning folder. Only
//! `commit_docs` matters to planlint: `false` means the plans are kept out of git.

/// `commit_docs` of a `config.json`: at the top level, or under `planning` (both are GSD's).
pub fn commit_docs(config_json: &str) -> Option<bool> {
    let v: serde_json::Value = serde_json::from_str(config_json).ok()?;
    v.get("commit_docs")
        .or_else(|| v.get("planning").and_then(|p| p.get("commit_docs")))
        .and_then(serde_json::Value::as_bool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_docs_at_either_level() {
        assert_eq!(commit_docs(r#"{"commit_docs": false}"#), Some(false));
        assert_eq!(
            commit_docs(r#"{"planning": {"commit_docs": true}}"#),
            Some(true)
        );
        assert_eq!(commit_docs("{}"), None);
        assert_eq!(commit_docs("not json"), None);
    }
}
