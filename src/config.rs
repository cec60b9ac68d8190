//! `planlint.toml`: discovery, defaults, validation.
//!
//! Every key is optional and the defaults are GSD's, so a repository with no file at all is
//! served. The file is looked for at the repository root (`planlint.toml`, then
//! `.planlint.toml`); `--config` names one explicitly. Unknown keys and bad values are errors
//! that point at the line, because a typo in a linter's config must never silently turn a rule
//! off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, Error, Result};
use crate::finding::{Finding, Severity};

/// The largest config file planlint will read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

pub const FILE_NAMES: [&str; 2] = ["planlint.toml", ".planlint.toml"];

/// The most patterns `message.ignore` (or `ignore-authors`) may list, and the largest one
/// compiled: real configs list a handful of short ones.
const MAX_PATTERNS: usize = 256;
const MAX_PATTERN_BYTES: usize = 1 << 20;

/// What a commit type may use as a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopePolicy {
    /// A plan or quick-task scope is required (error without one).
    Plan,
    /// A plan or quick-task scope is expected (warning without one). GSD's default for code types.
    PlanPreferred,
    /// Any scope or none.
    Any,
    /// No scope allowed.
    None,
}

/// A per-rule override: a severity or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
    Blocker,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Blocker => Some(Severity::Blocker),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The planning folder, relative to the repository root.
    pub planning_dir: String,
    /// The lowest severity that makes planlint exit 1.
    pub fail_on: Severity,
    pub message: MessageConfig,
    pub diff: DiffConfig,
    pub scan: ScanConfig,
    pub plans: PlansConfig,
    pub history: HistoryConfig,
    /// Per-rule severity overrides, by rule id.
    pub rules: BTreeMap<String, RuleLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MessageConfig {
    /// Allowed commit types.
    pub types: Vec<String>,
    /// Which scopes each type may or must use; types not listed use `default-scope`.
    pub scopes: BTreeMap<String, ScopePolicy>,
    pub default_scope: ScopePolicy,
    /// Longest allowed header, in characters.
    pub max_header_length: usize,
    /// Messages matching any of these regexes are not linted.
    pub ignore: Vec<String>,
    /// Commits whose author (`Name <email>`) matches any of these regexes are not linted.
    pub ignore_authors: Vec<String>,
    /// Largest message accepted, in bytes.
    pub max_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiffConfig {
    /// Paths and globs any plan may touch without declaring them (lock files by default).
    pub allowed: Vec<String>,
    /// Attribute merge commits' changes to the plan in their scope.
    pub attribute_merges: bool,
    /// Detect renames (exact and similarity, with a limit).
    pub renames: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanConfig {
    /// Scan whole changed files instead of only the added lines.
    pub whole_files: bool,
    /// Files larger than this are skipped with a note.
    pub max_file_size: u64,
    /// Globs of test code: debug output, placeholder, empty-implementation and empty-value
    /// rules relax there (disabled tests are still reported: that is where they live).
    pub tests: Vec<String>,
    /// Globs of fixtures: every rule relaxes there.
    pub fixtures: Vec<String>,
    /// Globs of vendored code: not scanned.
    pub vendored: Vec<String>,
    /// Globs of generated code: not scanned (files with `@generated` / `DO NOT EDIT` headers too).
    pub generated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlansConfig {
    /// Task count that warns, and that is an error.
    pub max_tasks_warning: usize,
    pub max_tasks_error: usize,
    /// files_modified count that warns, and that is an error.
    pub max_files_warning: usize,
    pub max_files_error: usize,
}

/// What range checks do with the commits before the project adopted GSD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct HistoryConfig {
    /// `skip` (default): commits older than the first one whose tree has the planning folder
    /// are not checked, and one note counts them; `check`: they are checked like the rest.
    pub before_gsd: BeforeGsd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BeforeGsd {
    #[default]
    Skip,
    Check,
}

impl Default for HistoryConfig {
    fn default() -> HistoryConfig {
        HistoryConfig {
            before_gsd: BeforeGsd::Skip,
        }
    }
}

pub const DEFAULT_TYPES: [&str; 11] = [
    "feat", "fix", "test", "refactor", "perf", "docs", "style", "chore", "build", "ci", "revert",
];

/// Types that change code: GSD expects them to name a plan.
pub const CODE_TYPES: [&str; 5] = ["feat", "fix", "test", "refactor", "perf"];

impl Default for Config {
    fn default() -> Config {
        Config {
            planning_dir: ".planning".into(),
            fail_on: Severity::Error,
            message: MessageConfig::default(),
            diff: DiffConfig::default(),
            scan: ScanConfig::default(),
            plans: PlansConfig::default(),
            history: HistoryConfig::default(),
            rules: BTreeMap::new(),
        }
    }
}

impl Default for MessageConfig {
    fn default() -> MessageConfig {
        let mut types: Vec<String> = DEFAULT_TYPES.iter().map(|s| s.to_string()).collect();
        // GSD writes both itself: `wip:` pausing work, `spec(phase-N): add SPEC.md ...`.
        types.extend(["wip".into(), "spec".into()]);
        MessageConfig {
            types,
            // Real GSD histories are full of deliberate maintenance commits outside any plan
            // (`fix(ci): ...`): asking each to name one was most of the noise. A scope that
            // looks like a plan, phase or quick task is still looked up; `plan-preferred` or
            // `plan` per type asks for one (an agents-only repository may want that).
            scopes: BTreeMap::new(),
            default_scope: ScopePolicy::Any,
            // commitlint's config-conventional limit; GSD sets none.
            max_header_length: 100,
            ignore: Vec::new(),
            ignore_authors: Vec::new(),
            max_bytes: 1 << 20,
        }
    }
}

impl Default for DiffConfig {
    fn default() -> DiffConfig {
        DiffConfig {
            allowed: [
                "**/package-lock.json",
                "**/npm-shrinkwrap.json",
                "**/yarn.lock",
                "**/pnpm-lock.yaml",
                "**/bun.lockb",
                "**/bun.lock",
                "**/Cargo.lock",
                "**/poetry.lock",
                "**/uv.lock",
                "**/Pipfile.lock",
                "**/Gemfile.lock",
                "**/composer.lock",
                "**/go.sum",
                "**/mix.lock",
                "**/pubspec.lock",
                "**/Podfile.lock",
                "**/flake.lock",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            attribute_merges: false,
            renames: true,
        }
    }
}

impl Default for ScanConfig {
    fn default() -> ScanConfig {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ScanConfig {
            whole_files: false,
            max_file_size: 8 << 20,
            tests: s(&[
                "**/test/**",
                "**/tests/**",
                "**/__tests__/**",
                "**/spec/**",
                "**/*_test.*",
                "**/*_spec.*",
                "**/*.test.*",
                "**/*.spec.*",
                "**/test_*.py",
                "**/conftest.py",
                "**/tests.rs",
                "**/test.rs",
                "**/benches/**",
                "**/examples/**",
            ]),
            fixtures: s(&[
                "**/fixtures/**",
                "**/__fixtures__/**",
                "**/testdata/**",
                "**/__snapshots__/**",
            ]),
            vendored: s(&["**/vendor/**", "**/third_party/**", "**/node_modules/**"]),
            generated: s(&[
                "**/*.min.js",
                // Coverage reports: HTML that quotes the code it measured.
                "**/coverage/**",
                "**/lcov-report/**",
                "**/htmlcov/**",
                "**/.nyc_output/**",
                "**/*.generated.*",
                "**/*.pb.go",
                "**/*_pb2.py",
            ]),
        }
    }
}

impl Default for PlansConfig {
    fn default() -> PlansConfig {
        PlansConfig {
            max_tasks_warning: 4,
            max_tasks_error: 5,
            max_files_warning: 10,
            max_files_error: 15,
        }
    }
}

impl MessageConfig {
    /// The scope policy of a type.
    pub fn scope_policy(&self, ty: &str) -> ScopePolicy {
        self.scopes.get(ty).copied().unwrap_or(self.default_scope)
    }
}

/// A config and where it was found (`None`: defaults, no file).
#[derive(Debug, Clone)]
pub struct Found {
    pub config: Config,
    pub path: Option<PathBuf>,
}

impl Config {
    /// Finds and loads the config: `explicit` if given (it must exist), else the first of
    /// [`FILE_NAMES`] at `root`, else defaults.
    pub fn discover(
        root: Option<&Path>,
        explicit: Option<&Path>,
        known_rules: &[&str],
    ) -> Result<Found> {
        if let Some(path) = explicit {
            let config = Config::load(path, known_rules)?;
            return Ok(Found {
                config,
                path: Some(path.to_path_buf()),
            });
        }
        if let Some(root) = root {
            for name in FILE_NAMES {
                let path = root.join(name);
                // A committed config is the repository's word, not a way to read the machine:
                // one that resolves outside is refused, and its target is never quoted.
                if path.exists() && crate::fs::join_inside(root, name).is_none() {
                    return Err(Error::usage_help(
                        format!(
                            "{} is a symbolic link leading out of the repository; planlint does not read it",
                            path.display()
                        ),
                        "make it a regular file inside the repository, or pass --config to name a file on purpose",
                    ));
                }
                if path.is_file() {
                    let config = Config::load(&path, known_rules)?;
                    return Ok(Found {
                        config,
                        path: Some(path),
                    });
                }
            }
        }
        Ok(Found {
            config: Config::default(),
            path: None,
        })
    }

    pub fn load(path: &Path, known_rules: &[&str]) -> Result<Config> {
        let text = crate::fs::read_text(path, MAX_CONFIG_BYTES)?;
        Config::parse(&path.display().to_string(), &text, known_rules)
    }

    /// Parses and validates config text; `name` is used in errors. `known_rules` are the ids
    /// `[rules]` may name (the registry, [`crate::rules::ids`]).
    pub fn parse(name: &str, text: &str, known_rules: &[&str]) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let span = e.span().map(|r| SourceSpan::from(r.start..r.end));
            config_error(name, text, e.message().trim().to_string(), span, None)
        })?;
        config.validate(name, text, known_rules)?;
        Ok(config)
    }

    /// Checks what serde cannot: regexes compile, globs parse, rule ids exist, limits make sense.
    fn validate(&self, name: &str, text: &str, known_rules: &[&str]) -> Result<()> {
        let fail = |key: &str, message: String, help: Option<String>| {
            let span = find_key(text, key);
            Err(config_error(name, text, message, span, help))
        };
        for id in self.rules.keys() {
            if !known_rules.contains(&id.as_str()) {
                let help = crate::suggest::closest(id, known_rules.iter().copied())
                    .map(|c| format!("did you mean `{c}`? `planlint rules` lists every rule"))
                    .or_else(|| Some("`planlint rules` lists every rule".into()));
                return fail(id, format!("unknown rule `{id}`"), help);
            }
        }
        for (key, list) in [
            ("ignore", &self.message.ignore),
            ("ignore-authors", &self.message.ignore_authors),
        ] {
            // The hook compiles these on every commit: a bound keeps it from taking seconds.
            if list.len() > MAX_PATTERNS {
                return fail(
                    key,
                    format!(
                        "`message.{key}` has {} patterns; planlint takes at most {MAX_PATTERNS}",
                        list.len()
                    ),
                    Some("join related patterns into one with `|`".into()),
                );
            }
            for pat in list {
                let compiled = regex::RegexBuilder::new(pat)
                    .size_limit(MAX_PATTERN_BYTES)
                    .build();
                if let Err(e) = compiled {
                    let shown = crate::finding::shorten(pat, 80);
                    return fail(pat, format!("invalid regex `{shown}`: {e}"), None);
                }
            }
        }
        let globs = self
            .diff
            .allowed
            .iter()
            .chain(&self.scan.tests)
            .chain(&self.scan.fixtures)
            .chain(&self.scan.vendored)
            .chain(&self.scan.generated);
        for g in globs {
            if let Err(e) = globset::Glob::new(g) {
                return fail(g, format!("invalid glob `{g}`: {e}"), None);
            }
        }
        if self.message.types.is_empty() {
            return fail(
                "types",
                "`message.types` is empty: no commit could pass".into(),
                None,
            );
        }
        for ty in &self.message.types {
            if ty.is_empty()
                || !ty
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return fail(
                    ty,
                    format!("commit type `{ty}` must be lower-case letters, digits or `-`"),
                    None,
                );
            }
        }
        if self.message.max_header_length < 10 {
            return fail(
                "max-header-length",
                "`message.max-header-length` must be at least 10".into(),
                None,
            );
        }
        if self.planning_dir.trim().is_empty()
            || crate::fs::normalize_repo_path(&self.planning_dir).is_none()
        {
            return fail(
                "planning-dir",
                format!(
                    "`planning-dir` must be a relative path inside the repository, not `{}`",
                    self.planning_dir
                ),
                None,
            );
        }
        Ok(())
    }

    /// Applies `[rules]` overrides: drops findings of rules turned off, re-levels the rest.
    pub fn apply_severities(&self, findings: Vec<Finding>) -> Vec<Finding> {
        if self.rules.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter_map(|f| self.apply_severity(f))
            .collect()
    }

    /// One finding with its severity from `[rules]`; `None` when the rule is off.
    pub fn apply_severity(&self, mut f: Finding) -> Option<Finding> {
        match self.rules.get(f.rule) {
            None => Some(f),
            Some(level) => level.severity().map(|s| {
                f.severity = s;
                f
            }),
        }
    }

    /// Whether a rule is turned off, so a check can skip work it would throw away.
    pub fn is_off(&self, rule: &str) -> bool {
        self.rules.get(rule) == Some(&RuleLevel::Off)
    }

    /// The effective config as TOML, for `planlint config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render config: {e}\n"))
    }
}

fn config_error(
    name: &str,
    text: &str,
    message: String,
    span: Option<SourceSpan>,
    help: Option<String>,
) -> Error {
    Error::Config(Box::new(ConfigError {
        path: name.to_string(),
        message,
        src: NamedSource::new(name, text.to_string()),
        span,
        label: "here".into(),
        help,
    }))
}

/// The span of the first occurrence of `needle` in `text`, to point an error at the line that
/// holds a bad value (serde has lost the location by the time validation runs).
fn find_key(text: &str, needle: &str) -> Option<SourceSpan> {
    text.find(needle)
        .map(|i| SourceSpan::from(i..i + needle.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["msg/plan-id-style", "scan/debug-output"];

    #[test]
    fn empty_file_is_defaults() {
        assert_eq!(Config::parse("t", "", KNOWN).unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let err = Config::parse("planlint.toml", "[message]\ntypo = 1\n", KNOWN).unwrap_err();
        match err {
            Error::Config(e) => {
                let ConfigError { message, span, .. } = *e;
                assert!(message.contains("unknown field"), "{message}");
                let span = span.expect("span");
                assert_eq!(span.offset(), 10);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(Config::parse("t", "fail-on = \"loud\"\n", KNOWN).is_err());
        assert!(Config::parse("t", "[message]\nignore = [\"(\"]\n", KNOWN).is_err());
        assert!(Config::parse("t", "[rules]\n\"msg/nope\" = \"off\"\n", KNOWN).is_err());
        assert!(Config::parse("t", "planning-dir = \"../up\"\n", KNOWN).is_err());
        assert!(Config::parse("t", "[diff]\nallowed = [\"a/{b\"]\n", KNOWN).is_err());
    }

    #[test]
    fn overrides_relevel_and_drop() {
        let c = Config::parse("t", "[message]\ntypes = [\"feat\", \"audit\"]\n", KNOWN).unwrap();
        assert_eq!(c.message.types, vec!["feat", "audit"]);
        assert_eq!(c.message.scope_policy("feat"), ScopePolicy::Any);
        assert_eq!(c.message.scope_policy("docs"), ScopePolicy::Any);
    }

    #[test]
    fn printed_config_parses_back_to_itself() {
        let c = Config::default();
        assert_eq!(Config::parse("t", &c.to_toml(), KNOWN).unwrap(), c);
    }
}
