//! The two `core.` settings planlint takes from git, read from git's config files directly:
//! `core.commentChar` (and its newer synonym `core.commentString`), which says which lines of a
//! message file are comments, and `core.excludesFile`, git's own ignore list.
//!
//! The commit-msg hook needs the first on every commit. Opening the repository with gix to ask
//! costs milliseconds; reading the few small files git itself would read costs microseconds. Covered: system, global (XDG and
//! `~/.gitconfig`), the repository's (linked worktrees included) and `config.worktree`, then
//! `git -c` (`GIT_CONFIG_PARAMETERS`) and `GIT_CONFIG_COUNT`; the last value wins as in git.
//! Not covered: `[include]` and `[includeIf]` files.

use std::path::{Path, PathBuf};

/// Config files are small; anything larger is not read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The raw comment setting (`;`, `auto`, ...), or `None` when it is not set anywhere.
pub fn comment_setting(work_tree: &Path) -> Option<String> {
    core_setting(work_tree, &["commentchar", "commentstring"])
}

/// The file git reads ignore patterns from besides the repository's own: `core.excludesFile`,
/// else `$XDG_CONFIG_HOME/git/ignore` (`~/.config/git/ignore`).
pub fn excludes_file(work_tree: &Path) -> Option<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let home = env("HOME").map(PathBuf::from);
    match core_setting(work_tree, &["excludesfile"]) {
        Some(v) => match v.strip_prefix("~/") {
            Some(rest) => home.map(|h| h.join(rest)),
            None => Some(PathBuf::from(v)),
        },
        None => match env("XDG_CONFIG_HOME") {
            Some(x) => Some(PathBuf::from(x).join("git/ignore")),
            None => home.map(|h| h.join(".config/git/ignore")),
        },
    }
}

/// The last value of one of `keys` (lower-case names in `[core]`) across git's config files
/// and the environment, or `None` when none is set.
fn core_setting(work_tree: &Path, keys: &[&str]) -> Option<String> {
    let mut value = None;
    for file in config_files(work_tree) {
        let Ok(bytes) = crate::fs::read_bounded(&file, MAX_CONFIG_BYTES) else {
            continue;
        };
        if let Some(v) = core_in(&String::from_utf8_lossy(&bytes), keys) {
            value = Some(v);
        }
    }
    if let Some(v) = std::env::var("GIT_CONFIG_PARAMETERS")
        .ok()
        .and_then(|p| core_in_parameters(&p, keys))
    {
        value = Some(v);
    }
    let count: usize = std::env::var("GIT_CONFIG_COUNT")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    for i in 0..count.min(1000) {
        let key = std::env::var(format!("GIT_CONFIG_KEY_{i}")).unwrap_or_default();
        let key = key.to_ascii_lowercase();
        if key.strip_prefix("core.").is_some_and(|k| keys.contains(&k)) {
            if let Ok(v) = std::env::var(format!("GIT_CONFIG_VALUE_{i}")) {
                value = Some(v);
            }
        }
    }
    value
}

/// The config files git reads, lowest precedence first.
fn config_files(work_tree: &Path) -> Vec<PathBuf> {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let mut files = Vec::new();
    let no_system = env("GIT_CONFIG_NOSYSTEM")
        .is_some_and(|v| !matches!(v.to_str(), Some("0" | "false" | "no" | "off")));
    if !no_system {
        files.push(env("GIT_CONFIG_SYSTEM").map_or_else(|| "/etc/gitconfig".into(), PathBuf::from));
    }
    match env("GIT_CONFIG_GLOBAL") {
        Some(g) => files.push(PathBuf::from(g)),
        None => {
            let home = env("HOME").map(PathBuf::from);
            match env("XDG_CONFIG_HOME") {
                Some(x) => files.push(PathBuf::from(x).join("git/config")),
                None => files.extend(home.as_ref().map(|h| h.join(".config/git/config"))),
            }
            files.extend(home.map(|h| h.join(".gitconfig")));
        }
    }
    if let Some(git_dir) = env("GIT_DIR")
        .map(PathBuf::from)
        .or_else(|| git_dir_of(work_tree))
    {
        let common = crate::fs::read_text(&git_dir.join("commondir"), 4096)
            .ok()
            .map(|c| git_dir.join(c.trim()))
            .unwrap_or_else(|| git_dir.clone());
        files.push(common.join("config"));
        files.push(git_dir.join("config.worktree"));
    }
    files
}

/// `.git` as a folder, or the folder a linked worktree's or submodule's `.git` file points to.
fn git_dir_of(work_tree: &Path) -> Option<PathBuf> {
    let dot_git = work_tree.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let text = crate::fs::read_text(&dot_git, 4096).ok()?;
    let target = text.trim().strip_prefix("gitdir:")?.trim();
    Some(work_tree.join(target))
}

/// The last value of one of `keys` in `[core]` of one config file's text.
fn core_in(text: &str, keys: &[&str]) -> Option<String> {
    let mut section = String::new();
    let mut found = None;
    for line in text.lines() {
        let mut rest = line.trim_start();
        if let Some(after) = rest.strip_prefix('[') {
            let Some(end) = after.find(']') else {
                continue;
            };
            // `[core]` counts; `[core "x"]` is a subsection, and does not.
            section = after[..end].trim().to_ascii_lowercase();
            rest = after[end + 1..].trim_start();
        }
        if rest.is_empty() || rest.starts_with(['#', ';']) {
            continue;
        }
        let (key, value) = match rest.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v)),
            None => (rest.trim(), None),
        };
        if section == "core" && keys.contains(&key.to_ascii_lowercase().as_str()) {
            found = value.map(config_value);
        }
    }
    found
}

/// A config value: quotes removed, escapes resolved, an unquoted `#` or `;` starts a comment,
/// unquoted surrounding whitespace dropped.
fn config_value(raw: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut pending_space = String::new();
    let mut chars = raw.trim_start().chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                out.push_str(&pending_space);
                pending_space.clear();
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => {}
                }
            }
            '#' | ';' if !quoted => break,
            c if c.is_whitespace() && !quoted => pending_space.push(c),
            c => {
                out.push_str(&pending_space);
                pending_space.clear();
                out.push(c);
            }
        }
    }
    out
}

/// `GIT_CONFIG_PARAMETERS` as `git -c` sets it: `'core.commentchar'=';' 'x.y'='z'`.
fn core_in_parameters(params: &str, keys: &[&str]) -> Option<String> {
    let mut found = None;
    let mut rest = params;
    while let Some(start) = rest.find('\'') {
        let after = &rest[start + 1..];
        let end = after.find('\'')?;
        let key = after[..end].to_ascii_lowercase();
        rest = &after[end + 1..];
        let value = rest.strip_prefix("='").and_then(|v| {
            let e = v.find('\'')?;
            Some((v[..e].to_string(), &v[e + 1..]))
        });
        if let Some((v, r)) = value {
            rest = r;
            if key.strip_prefix("core.").is_some_and(|k| keys.contains(&k)) {
                found = Some(v);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMENT: &[&str] = &["commentchar", "commentstring"];

    #[test]
    fn reads_quoted_and_plain_values() {
        let text = "[user]\n\tname = x\n[core]\n\tbare = false\n\tcommentChar = \";\"\n";
        assert_eq!(core_in(text, COMMENT).as_deref(), Some(";"));
        assert_eq!(
            core_in("[core] commentchar = auto # why\n", COMMENT).as_deref(),
            Some("auto")
        );
        assert_eq!(
            core_in("[CORE]\ncommentString = \"//\"\n", COMMENT).as_deref(),
            Some("//")
        );
        assert_eq!(core_in("[core \"sub\"]\ncommentChar = x\n", COMMENT), None);
        assert_eq!(core_in("[core]\nbare = true\n", COMMENT), None);
    }

    #[test]
    fn reads_git_dash_c() {
        assert_eq!(
            core_in_parameters("'user.name'='a' 'core.commentChar'='%'", COMMENT).as_deref(),
            Some("%")
        );
        assert_eq!(core_in_parameters("'user.name'='a'", COMMENT), None);
    }

    #[test]
    fn follows_a_worktree_git_file() {
        let dir = tempfile::tempdir().unwrap();
        let common = dir.path().join("main/.git");
        let wt_git = common.join("worktrees/w");
        std::fs::create_dir_all(&wt_git).unwrap();
        std::fs::write(wt_git.join("commondir"), "../..\n").unwrap();
        std::fs::write(common.join("config"), "[core]\ncommentChar = \"!\"\n").unwrap();
        let wt = dir.path().join("w");
        std::fs::create_dir_all(&wt).unwrap();
        std::fs::write(wt.join(".git"), format!("gitdir: {}\n", wt_git.display())).unwrap();
        let files = config_files(&wt);
        assert!(
            files.contains(&wt_git.join("../..").join("config")),
            "{files:?}"
        );
    }
}
