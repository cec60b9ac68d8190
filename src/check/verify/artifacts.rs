//! An artifact: exists, substantive (`min_lines`, `contains`, `exports`, no stub), wired.

use super::*;

pub(super) fn check_artifact(
    plan: &PlanInput,
    spec: &ArtifactSpec,
    links: &[LinkRow],
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> ArtifactRow {
    // An older plan lists bare paths; its SUMMARY's key-files say what each one is.
    let provides = spec.provides.clone().or_else(|| {
        plan.summary.as_ref().and_then(|s| {
            s.key_files
                .iter()
                .find(|k| k.path == spec.path)
                .and_then(|k| k.description.clone())
        })
    });
    let mut row = ArtifactRow {
        path: spec.path.clone(),
        plan: plan.id.clone(),
        provides,
        exists: exists(inputs, &spec.path),
        substantive: false,
        wired: false,
        status: ArtifactStatus::Missing,
        details: Vec::new(),
    };
    let at = Location::path(&spec.path).with_plan(&plan.id);
    if spec.must_not_exist {
        if row.exists {
            row.status = ArtifactStatus::NotRemoved;
            row.details
                .push("still exists; the plan removes it (`must_not_exist`)".into());
            findings.push(
                Finding::new(
                    &ARTIFACT_NOT_REMOVED,
                    format!(
                        "{} ({}) still exists; the plan removes it",
                        spec.path, plan.id
                    ),
                )
                .at(at)
                .help("delete it, or drop `must_not_exist` from the plan if it changed"),
            );
        } else {
            row.status = ArtifactStatus::Verified;
            row.substantive = true;
            row.wired = true;
            row.details
                .push("removed, as the plan says (`must_not_exist`)".into());
        }
        return row;
    }
    if !row.exists && !plan.started() {
        // Nothing of the plan has been done: one gap says so, not a blocker per file.
        row.details.push(
            "file does not exist: the plan is not started (no commit names it, no SUMMARY)".into(),
        );
        return row;
    }
    if !row.exists {
        row.details.push("file does not exist".into());
        findings.push(
            Finding::new(
                &ARTIFACT_MISSING,
                format!("{} ({}) does not exist", spec.path, plan.id),
            )
            .at(at)
            .help("create it, or correct the path in the plan's must_haves"),
        );
        return row;
    }
    let mut problems = Vec::new();
    match inputs.files.get(&spec.path) {
        Some(FileText::Text(text)) => {
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
            row.details
                .push(format!("{lines} line{}", if lines == 1 { "" } else { "s" }));
            match spec.min_lines {
                Some(min) if lines < min => {
                    problems.push(format!("{lines} lines < min_lines {min}"))
                }
                None if lines == 0 => problems.push("empty".into()),
                _ => {}
            }
            for c in &spec.contains {
                if text.contains(c.as_str()) {
                    row.details.push(format!("contains \"{c}\""));
                } else {
                    problems.push(format!("does not contain \"{c}\""));
                }
            }
            let (found, lacking): (Vec<&String>, Vec<&String>) =
                spec.exports.iter().partition(|e| text.contains(e.as_str()));
            if !found.is_empty() {
                row.details.push(format!(
                    "exports {}",
                    found
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            for e in lacking {
                problems.push(format!("does not export \"{e}\""));
            }
        }
        Some(FileText::Unreadable(why)) => row.details.push(format!("not read: {why}")),
        _ => {}
    }
    // The file as it is now decides: a stub a past commit added and a later one removed is
    // history (a finding with a commit), not a reason to call the artifact a stub.
    for f in inputs
        .findings
        .iter()
        .filter(|f| f.location.commit.is_none())
    {
        if is_stub_rule(f.rule) && f.location.path.as_deref() == Some(spec.path.as_str()) {
            let line = f
                .location
                .line
                .map_or(String::new(), |l| format!(" at line {l}"));
            problems.push(format!("{}{line}", f.message));
        }
    }
    row.substantive = problems.is_empty();
    if !row.substantive {
        row.status = ArtifactStatus::Stub;
        row.details.extend(problems.iter().cloned());
        findings.push(
            Finding::new(
                &ARTIFACT_STUB,
                format!("{} is not substantive: {}", spec.path, problems.join("; ")),
            )
            .at(at),
        );
        return row;
    }
    let by_link = links
        .iter()
        .find(|l| l.status == LinkStatus::Wired && (l.from == spec.path || l.to == spec.path));
    if let Some((by, line)) = inputs.referrers.of(&spec.path) {
        row.wired = true;
        row.details.push(format!("referred to by {by}:{line}"));
    } else if let Some(l) = by_link {
        row.wired = true;
        row.details.push(format!("key link {} → {}", l.from, l.to));
    } else if let Some(kind) = not_imported_by_nature(&spec.path) {
        // GSD's verifier judges these by other means (a schema by its migrations, a config by
        // its use, an entry point by running it), never by an import.
        row.wired = true;
        row.details
            .push(format!("{kind}: nothing imports it by nature"));
    }
    if row.wired {
        row.status = ArtifactStatus::Verified;
    } else {
        row.status = ArtifactStatus::Orphaned;
        row.details.push("no other file refers to it".into());
        findings.push(
            Finding::new(
                &ARTIFACT_ORPHANED,
                format!("{} is not referred to by any other file", spec.path),
            )
            .at(at)
            .help("import it where it is used, or give the plan a key_link with a pattern"),
        );
    }
    row
}

/// What an artifact is when no other file imports it by nature: a schema, a migration,
/// configuration, an entry point, a script, a test, a CI workflow, documentation. `None` for a
/// module, whose wiring is an import.
pub(super) fn not_imported_by_nature(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    let parent = parts.len().checked_sub(2).map_or("", |i| parts[i]);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (name, ""),
    };
    let under = |dir: &str| parts[..parts.len().saturating_sub(1)].contains(&dir);
    if ext == "prisma"
        || (["graphql", "gql", "proto", "sql", "xsd"].contains(&ext) && lower.contains("schema"))
    {
        return Some("a schema");
    }
    if under("migrations") || under("migration") || under("alembic") || stem.contains("migration") {
        return Some("a migration");
    }
    if lower.starts_with(".github/")
        || lower.starts_with(".gitlab")
        || lower.starts_with(".circleci/")
    {
        return Some("a CI workflow");
    }
    if ["md", "mdx", "rst", "txt", "adoc"].contains(&ext) {
        return Some("documentation");
    }
    let config_ext = [
        "json",
        "jsonc",
        "yaml",
        "yml",
        "toml",
        "ini",
        "cfg",
        "conf",
        "env",
        "properties",
        "xml",
        "plist",
        "lock",
    ];
    let config_names = [
        "dockerfile",
        "makefile",
        "procfile",
        "justfile",
        "vagrantfile",
        "gemfile",
        "rakefile",
    ];
    if config_ext.contains(&ext)
        || config_names.contains(&name)
        || name.starts_with('.')
        || stem.ends_with(".config")
        || stem.ends_with("rc")
    {
        return Some("configuration");
    }
    if ["sh", "bash", "zsh", "ps1", "bat", "cmd"].contains(&ext) || under("scripts") || under("bin")
    {
        return Some("a script");
    }
    // Java and Kotlin name a test class `FooTest`: the original case tells it from `latest`.
    let original = path.rsplit('/').next().unwrap_or(path);
    let test = ["tests", "test", "__tests__", "spec"]
        .iter()
        .any(|d| under(d))
        || stem.starts_with("test_")
        || [".test", "_test", ".spec", "_spec"]
            .iter()
            .any(|s| stem.ends_with(s))
        || original
            .rsplit_once('.')
            .is_some_and(|(s, _)| s.len() > 4 && s.ends_with("Test"));
    if test {
        return Some("a test");
    }
    let entry_anywhere = ["main", "__main__", "manage", "wsgi", "asgi"];
    let entry_at_top = ["index", "app", "server", "cli"];
    let top = parts.len() == 1 || ["src", "app", "lib", "bin", "cmd", "pages"].contains(&parent);
    if entry_anywhere.contains(&stem) || (top && entry_at_top.contains(&stem)) {
        return Some("an entry point");
    }
    None
}
