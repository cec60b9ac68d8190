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
