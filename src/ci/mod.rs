//! Which commits a CI run should check, read from the CI's own environment: no API token, no
//! network, no git. Environment variables and the event JSON come in as plain data, a
//! [`CiRange`] comes out; `git::ci_range` turns it into commit ids and `commands::ci` runs the
//! range checks on them.
//!
//! Precedence, most explicit first: `--base/--head`, pre-commit's `PRE_COMMIT_FROM_REF/TO_REF`,
//! GitHub Actions (`GITHUB_EVENT_NAME` + the JSON at `GITHUB_EVENT_PATH`), GitLab CI.
//!
//! Commit ids taken from an event or a CI variable must be plain hex ids, so a crafted payload
//! cannot smuggle revision syntax (`HEAD~100`, `:/text`) into the range.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};

/// The environment as a map, so detection is testable without touching the process.
/// Empty values count as unset, as CI systems often export empty variables.
#[derive(Debug, Clone, Default)]
pub struct Env(BTreeMap<String, String>);

impl Env {
    pub fn from_process() -> Env {
        Env(std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub fn is_true(&self, key: &str) -> bool {
        self.get(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// Running inside GitHub Actions.
    pub fn is_github(&self) -> bool {
        self.is_true("GITHUB_ACTIONS") || self.get("GITHUB_EVENT_NAME").is_some()
    }

    /// Running inside GitLab CI.
    pub fn is_gitlab(&self) -> bool {
        self.is_true("GITLAB_CI")
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Env {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Env {
        Env(iter
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect())
    }
}

/// Which commits to check, still in the CI's terms (revisions, branch names), not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commits {
    /// Commits reachable from `head` and not from `base`.
    Between { base: String, head: String },
    /// From the merge-base of `base` and `head` to `head`: the commits a pull request adds.
    MergeBase { base: String, head: String },
    /// Commits of `head` not on the default branch `branch` (remote-tracking `origin/<branch>`).
    NotOnBranch { head: String, branch: String },
    /// The whole history of `head` (a repository's first push).
    Whole { head: String },
    /// Nothing to check, and why (a deleted branch, a tag).
    Nothing { reason: String },
}

/// What to check and where that came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiRange {
    pub commits: Commits,
    /// A phrase for the report: `GitHub pull_request #12 (from fork alice/app)`.
    pub source: String,
    /// The default branch to fall back on when `Between`'s base is not in the clone (a force
    /// push rewrote it).
    pub fallback_branch: Option<String>,
}

impl CiRange {
    fn new(commits: Commits, source: impl Into<String>) -> CiRange {
        CiRange {
            commits,
            source: source.into(),
            fallback_branch: None,
        }
    }
}

/// `--base` and `--head` as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base: Option<String>,
    pub head: Option<String>,
}

/// Decides the range. `event_json` is the text of the file at `GITHUB_EVENT_PATH` when the
/// caller found one; it is only consulted for GitHub.
pub fn detect(env: &Env, event_json: Option<&str>, overrides: &Overrides) -> Result<CiRange> {
    if let Some(base) = &overrides.base {
        let head = overrides.head.clone().unwrap_or_else(|| "HEAD".into());
        return Ok(CiRange::new(
            Commits::Between {
                base: base.clone(),
                head,
            },
            "--base/--head",
        ));
    }
    let mut range = detect_environment(env, event_json)?;
    if let Some(head) = &overrides.head {
        range.commits = with_head(range.commits, head);
        range.source.push_str(", head from --head");
    }
    Ok(range)
}

fn detect_environment(env: &Env, event_json: Option<&str>) -> Result<CiRange> {
    if let Some(range) = pre_commit(env) {
        return Ok(range);
    }
    if env.is_github() {
        let name = env.get("GITHUB_EVENT_NAME").ok_or_else(|| {
            Error::usage_help(
                "GITHUB_ACTIONS is set but GITHUB_EVENT_NAME is not",
                "run `planlint ci` as a workflow step, or pass --base (and --head)",
            )
        })?;
        let text = event_json.ok_or_else(|| {
            Error::usage_help(
                format!(
                    "GitHub event `{name}` but no event payload was readable (GITHUB_EVENT_PATH)"
                ),
                "run `planlint ci` as a workflow step, or pass --base (and --head)",
            )
        })?;
        let event = pruned_event(text)?;
        return github(name, &event, env);
    }
    if env.is_gitlab() {
        return gitlab(env);
    }
    Err(Error::usage_help(
        "no CI event found: not GitHub Actions, not GitLab CI, no PRE_COMMIT_FROM_REF",
        "pass the range yourself: `planlint ci --base <rev> [--head <rev>]`, or use `planlint check A..B`",
    ))
}

fn with_head(spec: Commits, new_head: &str) -> Commits {
    let head = new_head.to_string();
    match spec {
        Commits::Between { base, .. } => Commits::Between { base, head },
        Commits::MergeBase { base, .. } => Commits::MergeBase { base, head },
        Commits::NotOnBranch { branch, .. } => Commits::NotOnBranch { head, branch },
        Commits::Whole { .. } => Commits::Whole { head },
        nothing @ Commits::Nothing { .. } => nothing,
    }
}

/// pre-commit exports the pushed range for `stages: [pre-push]` hooks. A push whose branch
/// starts at a root commit gets no refs, only the remote name: then everything is new.
fn pre_commit(env: &Env) -> Option<CiRange> {
    let from = env
        .get("PRE_COMMIT_FROM_REF")
        .or_else(|| env.get("PRE_COMMIT_SOURCE"));
    let to = env
        .get("PRE_COMMIT_TO_REF")
        .or_else(|| env.get("PRE_COMMIT_ORIGIN"));
    match (from, to) {
        (Some(from), Some(to)) => Some(CiRange::new(
            Commits::Between {
                base: from.into(),
                head: to.into(),
            },
            "pre-commit (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF)",
        )),
        _ if env.get("PRE_COMMIT_REMOTE_NAME").is_some() => Some(CiRange::new(
            Commits::Whole {
                head: env.get("PRE_COMMIT_LOCAL_BRANCH").unwrap_or("HEAD").into(),
            },
            "pre-commit push of a branch with no commit on the remote",
        )),
        _ => None,
    }
}

fn github(name: &str, event: &Value, env: &Env) -> Result<CiRange> {
    let default_branch = str_at(event, "/repository/default_branch").map(str::to_string);
    match name {
        "pull_request"
        | "pull_request_target"
        | "pull_request_review"
        | "pull_request_review_comment" => {
            let base = sha_at(event, "/pull_request/base/sha", name)?;
            let head = sha_at(event, "/pull_request/head/sha", name)?;
            let mut source = format!("GitHub {name}");
            if let Some(n) = event
                .pointer("/pull_request/number")
                .and_then(Value::as_u64)
            {
                source.push_str(&format!(" #{n}"));
            }
            let base_repo = str_at(event, "/pull_request/base/repo/full_name");
            let head_repo = str_at(event, "/pull_request/head/repo/full_name");
            // A fork's branch does not exist here; its commits do (the merge ref brings them),
            // which is why the range is taken from ids, never from branch names.
            match (head_repo, base_repo) {
                (Some(h), Some(b)) if h != b => source.push_str(&format!(" (from fork {h})")),
                (None, _) if event.pointer("/pull_request/head/repo").is_some() => {
                    source.push_str(" (from a deleted fork)")
                }
                _ => {}
            }
            Ok(CiRange::new(Commits::MergeBase { base, head }, source))
        }
        "push" => {
            let git_ref = str_at(event, "/ref").unwrap_or_default();
            let after = str_at(event, "/after").unwrap_or_default();
            let deleted = event
                .pointer("/deleted")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if deleted || is_zero(after) {
                return Ok(CiRange::new(
                    Commits::Nothing {
                        reason: format!("the push deleted {git_ref}"),
                    },
                    "GitHub push",
                ));
            }
            if git_ref.starts_with("refs/tags/") {
                return Ok(CiRange::new(
                    Commits::Nothing {
                        reason: format!(
                            "{git_ref} is a tag: its commits are checked when a branch brings them"
                        ),
                    },
                    "GitHub push",
                ));
            }
            let after = sha_at(event, "/after", name)?;
            let before = str_at(event, "/before").unwrap_or_default();
            let source = format!("GitHub push to {git_ref}");
            if before.is_empty() || is_zero(before) {
                let branch =
                    default_branch.ok_or_else(|| missing("repository.default_branch", name))?;
                let spec = if git_ref == format!("refs/heads/{branch}") {
                    Commits::Whole { head: after }
                } else {
                    Commits::NotOnBranch {
                        head: after,
                        branch,
                    }
                };
                return Ok(CiRange::new(spec, format!("{source} (new branch)")));
            }
            let before = sha_at(event, "/before", name)?;
            Ok(CiRange {
                commits: Commits::Between {
                    base: before,
                    head: after,
                },
                source,
                fallback_branch: default_branch,
            })
        }
        "merge_group" => {
            let base = sha_at(event, "/merge_group/base_sha", name)?;
            let head = sha_at(event, "/merge_group/head_sha", name)?;
            Ok(CiRange::new(
                Commits::Between { base, head },
                "GitHub merge_group",
            ))
        }
        other => {
            // workflow_dispatch, schedule, release...: no range in the payload, so check what
            // the checked-out commit has that the default branch does not.
            let branch = default_branch.ok_or_else(|| {
                Error::usage_help(
                    format!("the GitHub event `{other}` names no range and no default branch"),
                    "pass the range yourself: `planlint ci --base <rev> [--head <rev>]`",
                )
            })?;
            let head = match env.get("GITHUB_SHA") {
                Some(sha) => checked_sha(sha, "GITHUB_SHA")?,
                None => "HEAD".into(),
            };
            if env.get("GITHUB_REF") == Some(&format!("refs/heads/{branch}")) {
                return Ok(CiRange::new(
                    Commits::Nothing {
                        reason: format!(
                            "`{other}` on the default branch {branch}: no commits beyond it"
                        ),
                    },
                    format!("GitHub {other}"),
                ));
            }
            Ok(CiRange::new(
                Commits::NotOnBranch { head, branch },
                format!("GitHub {other}"),
            ))
        }
    }
}

fn gitlab(env: &Env) -> Result<CiRange> {
    let head = match env.get("CI_COMMIT_SHA") {
        Some(sha) => checked_sha(sha, "CI_COMMIT_SHA")?,
        None => "HEAD".into(),
    };
    if let Some(base) = env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA") {
        let base = checked_sha(base, "CI_MERGE_REQUEST_DIFF_BASE_SHA")?;
        // In a merged-results pipeline CI_COMMIT_SHA is a merge with the target branch; the
        // merge request's own commits end at the source branch's tip.
        let head = match env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA") {
            Some(sha) => checked_sha(sha, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")?,
            None => head,
        };
        let mut source = "GitLab merge request".to_string();
        if let Some(iid) = env.get("CI_MERGE_REQUEST_IID") {
            source.push_str(&format!(" !{iid}"));
        }
        return Ok(CiRange::new(Commits::Between { base, head }, source));
    }
    if let Some(tag) = env.get("CI_COMMIT_TAG") {
        return Ok(CiRange::new(
            Commits::Nothing {
                reason: format!(
                    "{tag} is a tag: its commits are checked when a branch brings them"
                ),
            },
            "GitLab tag pipeline",
        ));
    }
    let default_branch = env.get("CI_DEFAULT_BRANCH").map(str::to_string);
    let branch = env.get("CI_COMMIT_BRANCH");
    let source = match branch {
        Some(b) => format!("GitLab pipeline on {b}"),
        None => "GitLab pipeline".to_string(),
    };
    match env.get("CI_COMMIT_BEFORE_SHA") {
        Some(before) if !is_zero(before) => Ok(CiRange {
            commits: Commits::Between {
                base: checked_sha(before, "CI_COMMIT_BEFORE_SHA")?,
                head,
            },
            source,
            fallback_branch: default_branch,
        }),
        _ => {
            let default = default_branch.ok_or_else(|| {
                Error::usage_help(
                    "GitLab gives no previous commit for this pipeline and CI_DEFAULT_BRANCH is unset",
                    "pass the range yourself: `planlint ci --base <rev> [--head <rev>]`",
                )
            })?;
            let spec = if branch == Some(default.as_str()) {
                Commits::Whole { head }
            } else {
                Commits::NotOnBranch {
                    head,
                    branch: default,
                }
            };
            Ok(CiRange::new(spec, format!("{source} (new branch)")))
        }
    }
}

/// The parts of a GitHub event payload [`github`] reads, by key; a leaf (`None`) is kept whole.
struct Wanted(&'static [(&'static str, Option<&'static Wanted>)]);

static REPO: Wanted = Wanted(&[("full_name", None)]);
static PR_SIDE: Wanted = Wanted(&[("sha", None), ("repo", Some(&REPO))]);
static EVENT: Wanted = Wanted(&[
    ("repository", Some(&Wanted(&[("default_branch", None)]))),
    (
        "pull_request",
        Some(&Wanted(&[
            ("base", Some(&PR_SIDE)),
            ("head", Some(&PR_SIDE)),
            ("number", None),
        ])),
    ),
    ("ref", None),
    ("after", None),
    ("before", None),
    ("deleted", None),
    (
        "merge_group",
        Some(&Wanted(&[("base_sha", None), ("head_sha", None)])),
    ),
]);

/// The event payload with only the [`EVENT`] keys in it: a pull request's payload carries its
/// whole body, its commits' and users' records, and a 63 MB one held as a `Value` took 1.1 GB.
/// Everything else is skipped as it is parsed, never built.
fn pruned_event(text: &str) -> Result<Value> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = (&EVENT)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| Error::usage(format!("the GitHub event payload is not valid JSON: {e}")))?;
    Ok(value)
}

impl<'de> serde::de::DeserializeSeed<'de> for &'static Wanted {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &'static Wanted {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.0.iter().find(|(k, _)| *k == key) {
                Some((k, None)) => {
                    out.insert((*k).to_string(), map.next_value::<Value>()?);
                }
                Some((k, Some(inner))) => {
                    out.insert((*k).to_string(), map.next_value_seed(*inner)?);
                }
                None => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Value::Array(Vec::new()))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

fn str_at<'a>(event: &'a Value, pointer: &str) -> Option<&'a str> {
    event
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn sha_at(event: &Value, pointer: &str, event_name: &str) -> Result<String> {
    let field = pointer.trim_start_matches('/').replace('/', ".");
    let value = str_at(event, pointer).ok_or_else(|| missing(&field, event_name))?;
    checked_sha(value, &field)
}

fn missing(field: &str, event_name: &str) -> Error {
    Error::usage_help(
        format!("the GitHub `{event_name}` event payload has no `{field}`"),
        "pass the range yourself: `planlint ci --base <rev> [--head <rev>]`",
    )
}

/// A full commit id (SHA-1 or SHA-256 hex), lower-cased; anything else is refused.
fn checked_sha(value: &str, field: &str) -> Result<String> {
    let ok = matches!(value.len(), 40 | 64) && value.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(Error::usage(format!(
            "`{field}` is `{}`, not a full commit id",
            value.chars().take(80).collect::<String>()
        )))
    }
}

/// GitHub and GitLab write an all-zero id for "no commit" (a new or deleted branch).
fn is_zero(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    fn github_env(event: &str) -> Env {
        [("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", event)]
            .into_iter()
            .collect()
    }

    fn on_github(event: &str, payload: Value) -> Result<CiRange> {
        detect(
            &github_env(event),
            Some(&payload.to_string()),
            &Overrides::default(),
        )
    }

    fn spec(r: Result<CiRange>) -> Commits {
        r.expect("a range").commits
    }

    fn pr_payload(head_repo: Value) -> Value {
        json!({
            "number": 7,
            "pull_request": {
                "number": 7,
                "base": {"sha": A, "ref": "main", "repo": {"full_name": "acme/app"}},
                "head": {"sha": B, "ref": "feature", "repo": head_repo},
            },
            "repository": {"default_branch": "main"}
        })
    }

    #[test]
    fn pull_request_takes_the_merge_base_of_base_and_head() {
        let r = on_github("pull_request", pr_payload(json!({"full_name": "acme/app"}))).unwrap();
        assert_eq!(
            r.commits,
            Commits::MergeBase {
                base: A.into(),
                head: B.into()
            }
        );
        assert_eq!(r.source, "GitHub pull_request #7");
    }

    #[test]
    fn fork_pull_request_uses_ids_and_says_it_is_a_fork() {
        let r = on_github(
            "pull_request_target",
            pr_payload(json!({"full_name": "alice/app"})),
        )
        .unwrap();
        assert!(matches!(r.commits, Commits::MergeBase { .. }));
        assert_eq!(
            r.source,
            "GitHub pull_request_target #7 (from fork alice/app)"
        );
        let deleted = on_github("pull_request", pr_payload(Value::Null)).unwrap();
        assert!(
            deleted.source.ends_with("(from a deleted fork)"),
            "{}",
            deleted.source
        );
    }

    #[test]
    fn push_is_before_to_after_with_the_default_branch_as_fallback() {
        let r = on_github(
            "push",
            json!({"ref": "refs/heads/feature", "before": A, "after": B,
                   "repository": {"default_branch": "main"}}),
        )
        .unwrap();
        assert_eq!(
            r.commits,
            Commits::Between {
                base: A.into(),
                head: B.into()
            }
        );
        assert_eq!(r.fallback_branch.as_deref(), Some("main"));
    }

    #[test]
    fn push_of_a_new_branch_checks_what_the_default_branch_lacks() {
        let payload = |git_ref: &str| {
            json!({"ref": git_ref, "before": ZERO, "after": B, "created": true,
                   "repository": {"default_branch": "trunk"}})
        };
        assert_eq!(
            spec(on_github("push", payload("refs/heads/feature"))),
            Commits::NotOnBranch {
                head: B.into(),
                branch: "trunk".into()
            }
        );
        // The first push of the default branch itself: everything is new.
        assert_eq!(
            spec(on_github("push", payload("refs/heads/trunk"))),
            Commits::Whole { head: B.into() }
        );
    }

    #[test]
    fn deleted_branches_and_tags_need_nothing() {
        let deleted = json!({"ref": "refs/heads/x", "before": A, "after": ZERO, "deleted": true});
        assert!(matches!(
            spec(on_github("push", deleted)),
            Commits::Nothing { .. }
        ));
        let tag = json!({"ref": "refs/tags/v1", "before": ZERO, "after": A});
        assert!(matches!(
            spec(on_github("push", tag)),
            Commits::Nothing { .. }
        ));
    }

    #[test]
    fn merge_group_is_base_sha_to_head_sha() {
        let r = on_github(
            "merge_group",
            json!({"merge_group": {"base_sha": A, "head_sha": B, "head_ref": "gh-readonly-queue/main/pr-1"}}),
        );
        assert_eq!(
            spec(r),
            Commits::Between {
                base: A.into(),
                head: B.into()
            }
        );
    }

    #[test]
    fn other_events_check_what_the_default_branch_lacks() {
        let mut env = github_env("workflow_dispatch");
        env.0.insert("GITHUB_SHA".into(), B.into());
        env.0
            .insert("GITHUB_REF".into(), "refs/heads/feature".into());
        let payload = json!({"repository": {"default_branch": "main"}}).to_string();
        let r = detect(&env, Some(&payload), &Overrides::default()).unwrap();
        assert_eq!(
            r.commits,
            Commits::NotOnBranch {
                head: B.into(),
                branch: "main".into()
            }
        );
        env.0.insert("GITHUB_REF".into(), "refs/heads/main".into());
        let r = detect(&env, Some(&payload), &Overrides::default()).unwrap();
        assert!(matches!(r.commits, Commits::Nothing { .. }));
    }

    #[test]
    fn payload_ids_must_be_plain_hex() {
        let mut p = pr_payload(json!({"full_name": "acme/app"}));
        p["pull_request"]["head"]["sha"] = json!("HEAD~100");
        let err = on_github("pull_request", p).unwrap_err().to_string();
        assert!(err.contains("pull_request.head.sha"), "{err}");
        assert!(err.contains("not a full commit id"), "{err}");
    }

    #[test]
    fn missing_fields_and_bad_json_are_usage_errors() {
        let err = on_github("pull_request", json!({"pull_request": {}}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("pull_request.base.sha"), "{err}");
        let err = detect(
            &github_env("push"),
            Some("{not json"),
            &Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not valid JSON"), "{err}");
        let err = detect(&github_env("push"), None, &Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("GITHUB_EVENT_PATH"), "{err}");
    }

    #[test]
    fn gitlab_merge_request_uses_the_diff_base() {
        let env: Env = [
            ("GITLAB_CI", "true"),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", A),
            ("CI_COMMIT_SHA", B),
            ("CI_MERGE_REQUEST_IID", "3"),
        ]
        .into_iter()
        .collect();
        let r = detect(&env, None, &Overrides::default()).unwrap();
        assert_eq!(
            r.commits,
            Commits::Between {
                base: A.into(),
                head: B.into()
            }
        );
        assert_eq!(r.source, "GitLab merge request !3");
    }

    #[test]
    fn gitlab_branch_pipelines_use_before_sha_or_the_default_branch() {
        let base = [
            ("GITLAB_CI", "true"),
            ("CI_COMMIT_SHA", B),
            ("CI_DEFAULT_BRANCH", "main"),
            ("CI_COMMIT_BRANCH", "feature"),
        ];
        let with_before: Env = base
            .iter()
            .copied()
            .chain([("CI_COMMIT_BEFORE_SHA", A)])
            .collect();
        assert_eq!(
            spec(detect(&with_before, None, &Overrides::default())),
            Commits::Between {
                base: A.into(),
                head: B.into()
            }
        );
        let new_branch: Env = base
            .iter()
            .copied()
            .chain([("CI_COMMIT_BEFORE_SHA", ZERO)])
            .collect();
        assert_eq!(
            spec(detect(&new_branch, None, &Overrides::default())),
            Commits::NotOnBranch {
                head: B.into(),
                branch: "main".into()
            }
        );
    }

    #[test]
    fn pre_commit_refs_win_over_the_ci_event() {
        let mut env = github_env("push");
        env.0
            .insert("PRE_COMMIT_FROM_REF".into(), "origin/main".into());
        env.0.insert("PRE_COMMIT_TO_REF".into(), "HEAD".into());
        assert_eq!(
            spec(detect(&env, None, &Overrides::default())),
            Commits::Between {
                base: "origin/main".into(),
                head: "HEAD".into()
            }
        );
        let root_push: Env = [("PRE_COMMIT_REMOTE_NAME", "origin")].into_iter().collect();
        assert_eq!(
            spec(detect(&root_push, None, &Overrides::default())),
            Commits::Whole {
                head: "HEAD".into()
            }
        );
    }

    #[test]
    fn base_and_head_flags_override_everything() {
        let o = Overrides {
            base: Some("v1.0".into()),
            head: None,
        };
        assert_eq!(
            spec(detect(&github_env("push"), None, &o)),
            Commits::Between {
                base: "v1.0".into(),
                head: "HEAD".into()
            }
        );
        let head_only = Overrides {
            base: None,
            head: Some("topic".into()),
        };
        let r = on_github_with(&head_only);
        assert_eq!(
            r.commits,
            Commits::MergeBase {
                base: A.into(),
                head: "topic".into()
            }
        );
    }

    fn on_github_with(o: &Overrides) -> CiRange {
        let payload = pr_payload(json!({"full_name": "acme/app"})).to_string();
        detect(&github_env("pull_request"), Some(&payload), o).unwrap()
    }

    #[test]
    fn outside_ci_without_flags_is_a_usage_error() {
        let err = detect(&Env::default(), None, &Overrides::default()).unwrap_err();
        assert!(matches!(err, Error::Usage { .. }));
        assert!(err.to_string().contains("no CI event found"));
    }
}
