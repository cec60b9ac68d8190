//! The README's examples, checked against the real binary so they cannot drift: the sample
//! error is run and compared line for line, the configuration example is loaded by
//! `planlint config` and held against the built-in defaults, the YAML snippets parse and name
//! hooks, inputs and a version that exist, and every `planlint ...` command in a code block is
//! one the CLI accepts. No network; git runs without the machine's config.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// A fenced code block: its language and its text.
struct Block {
    lang: String,
    text: String,
    line: usize,
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn blocks() -> Vec<Block> {
    let text = readme();
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("```") {
            match open.take() {
                Some(block) => out.push(block),
                None => {
                    open = Some(Block {
                        lang: rest.trim().to_string(),
                        text: String::new(),
                        line: n + 1,
                    })
                }
            }
        } else if let Some(block) = open.as_mut() {
            block.text.push_str(line);
            block.text.push('\n');
        }
    }
    assert!(open.is_none(), "README.md has an unclosed code block");
    out
}

fn block_where(lang: &str, first_line: &str) -> Block {
    blocks()
        .into_iter()
        .find(|b| b.lang == lang && b.text.lines().next().unwrap_or("").starts_with(first_line))
        .unwrap_or_else(|| panic!("README.md has no ```{lang} block starting with {first_line:?}"))
}

fn isolated_git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// An empty git repository, as a new user's would be.
fn fresh_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    isolated_git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn trim_lines(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_sample_error_is_what_planlint_prints() {
    let block = block_where("text", "$ echo ");
    let mut lines = block.text.lines();
    let command = lines.next().unwrap().trim_start_matches("$ ");
    let expected: Vec<&str> = lines.collect();
    let (message, args) = command
        .strip_prefix("echo \"")
        .and_then(|rest| rest.split_once("\" | planlint "))
        .unwrap_or_else(|| panic!("the sample is `echo \"...\" | planlint ...`: {command}"));

    let repo = fresh_repo();
    let out = cargo_bin_cmd!("planlint")
        .args(args.split_whitespace())
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env_remove("PLANLINT_CONFIG")
        .write_stdin(format!("{message}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the sample shows findings");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        trim_lines(&printed),
        trim_lines(&expected.join("\n")),
        "README.md line {}: the sample output is not what planlint prints",
        block.line
    );
}

/// Every leaf of a TOML document, by dotted key.
fn leaves(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, toml::Value>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

fn config_of(args: &[&str], dir: &Path) -> BTreeMap<String, toml::Value> {
    let out = cargo_bin_cmd!("planlint")
        .arg("config")
        .args(args)
        .current_dir(dir)
        .env_remove("PLANLINT_CONFIG")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "planlint config {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut map = BTreeMap::new();
    leaves("", &toml::from_str(&text).unwrap(), &mut map);
    map
}

#[test]
fn the_config_example_is_valid_and_its_unmarked_values_are_the_defaults() {
    let block = block_where("toml", "planning-dir");
    let repo = fresh_repo();
    std::fs::write(repo.path().join("planlint.toml"), &block.text).unwrap();

    // planlint accepts the whole example, and every value in it takes effect.
    let effective = config_of(&[], repo.path());
    let mut example = BTreeMap::new();
    leaves("", &toml::from_str(&block.text).unwrap(), &mut example);
    for (key, value) in &example {
        assert_eq!(effective.get(key), Some(value), "README config: {key}");
    }

    // Lines without `# example` show the built-in defaults (lists may be shortened).
    let unmarked: String = block
        .text
        .lines()
        .filter(|l| !l.contains("# example"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut shown = BTreeMap::new();
    leaves("", &toml::from_str(&unmarked).unwrap(), &mut shown);
    let defaults = config_of(&["--defaults"], repo.path());
    for (key, value) in &shown {
        let default = defaults
            .get(key)
            .unwrap_or_else(|| panic!("README config: {key} has no default; mark it `# example`"));
        match (value, default) {
            (toml::Value::Array(items), toml::Value::Array(all)) => {
                for item in items {
                    assert!(
                        all.contains(item),
                        "README config: {key} lists {item}, which is not a default; \
                         the defaults are {all:?}"
                    );
                }
            }
            _ => assert_eq!(value, default, "README config: {key} is not the default"),
        }
    }
}

fn yaml_block(first_line: &str) -> Value {
    let block = block_where("yaml", first_line);
    serde_saphyr::from_str(&block.text)
        .unwrap_or_else(|e| panic!("README.md line {}: {e}", block.line))
}

fn manifest_yaml(rel: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

#[test]
fn the_pre_commit_snippet_pins_this_release_and_names_real_hooks() {
    let config = yaml_block("# .pre-commit-config.yaml");
    let hooks = manifest_yaml(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let repo = &config["repos"][0];
    assert_eq!(repo["repo"], env!("CARGO_PKG_REPOSITORY"));
    assert_eq!(repo["rev"], format!("v{}", env!("CARGO_PKG_VERSION")));
    for hook in repo["hooks"].as_array().unwrap() {
        let id = hook["id"].as_str().unwrap();
        assert!(
            ids.contains(&id),
            "README pre-commit hook {id} is not in .pre-commit-hooks.yaml"
        );
    }
}

#[test]
fn the_workflow_snippet_uses_this_release_and_real_inputs() {
    let workflow = yaml_block("name: planlint");
    let action = manifest_yaml("action.yml");
    let repository = env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .to_string();
    let steps = workflow["jobs"]["planlint"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&repository))
        })
        .unwrap_or_else(|| panic!("no step uses {repository}"));
    assert_eq!(
        step["uses"].as_str().unwrap(),
        format!("{repository}@v{}", env!("CARGO_PKG_VERSION"))
    );
    for key in step["with"].as_object().unwrap().keys() {
        assert!(
            action["inputs"].get(key).is_some(),
            "README workflow passes {key}, which action.yml does not take"
        );
    }
}

/// Shell words of one line: quotes removed (single-quoted words flagged), operators as their
/// own words, a `#` comment dropped.
fn words(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut word = String::new();
    let mut single = false;
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                started = true;
                single = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                started = true;
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    word.push(q);
                }
            }
            '#' if !started => break,
            c if c.is_whitespace() || "|&;>".contains(c) => {
                if started {
                    out.push((std::mem::take(&mut word), single));
                    started = false;
                    single = false;
                }
                if !c.is_whitespace() {
                    out.push((c.to_string(), false));
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        out.push((word, single));
    }
    out
}

/// The planlint commands in one shell line (also inside single-quoted words, as in
/// `echo 'planlint msg "$1"' > .husky/commit-msg`).
fn planlint_commands(line: &str, found: &mut Vec<Vec<String>>) {
    let words = words(line);
    for segment in words.split(|(w, _)| ["|", "&", ";", ">"].contains(&w.as_str())) {
        for (w, single) in segment {
            if *single {
                planlint_commands(w, found);
            }
        }
        let mut rest = segment.iter().map(|(w, _)| w.as_str()).peekable();
        while rest
            .peek()
            .is_some_and(|w| ["npx", "--no", "--", "exec"].contains(w))
        {
            rest.next();
        }
        if rest.next() == Some("planlint") {
            found.push(rest.map(str::to_string).collect());
        }
    }
}

fn yaml_commands(value: &Value, key: Option<&str>, found: &mut Vec<Vec<String>>) {
    match value {
        Value::String(s) if matches!(key, Some("run" | "entry" | "script")) => {
            for line in s.lines() {
                planlint_commands(line, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                yaml_commands(item, key, found);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                yaml_commands(v, Some(k), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_planlint_command_in_the_readme_parses() {
    let mut found = Vec::new();
    for block in blocks() {
        match block.lang.as_str() {
            "sh" => {
                for line in block.text.lines() {
                    planlint_commands(line, &mut found);
                }
            }
            "yaml" => {
                let value: Value = serde_saphyr::from_str(&block.text).unwrap();
                yaml_commands(&value, None, &mut found);
            }
            _ => {}
        }
    }
    // The doors the README promises are all there.
    for sub in ["msg", "pre-push", "check", "install", "uninstall", "ci"] {
        assert!(
            found
                .iter()
                .any(|c| c.first().map(String::as_str) == Some(sub)),
            "no `planlint {sub}` in the README's code blocks"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for command in &found {
        // Placeholders (`"$1"`, lefthook's `{1}`) stand for a value; `--help` makes clap check
        // the subcommand and every flag without running anything.
        let args: Vec<&str> = command
            .iter()
            .map(|w| {
                if w.starts_with('$') || w.starts_with('{') {
                    "x"
                } else {
                    w.as_str()
                }
            })
            .chain(["--help"])
            .collect();
        let out = cargo_bin_cmd!("planlint")
            .args(&args)
            .current_dir(dir.path())
            .write_stdin("")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README command `planlint {}` does not parse: {}",
            command.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
