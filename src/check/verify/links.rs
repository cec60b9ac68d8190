//! A key link: its `pattern` found in `from` (else in `to`), or `from` mentioning `to`; older
//! plans' wiring descriptions resolved to files first.

use super::*;

pub(super) fn check_link(
    plan: &PlanInput,
    spec: &LinkSpec,
    inputs: &Inputs<'_>,
    findings: &mut Vec<Finding>,
) -> LinkRow {
    let mut row = LinkRow {
        from: spec.from.clone(),
        to: spec.to.clone(),
        via: spec.via.clone(),
        pattern: spec.pattern.clone(),
        plan: plan.id.clone(),
        status: LinkStatus::NotWired,
        evidence: String::new(),
        described: spec.described,
    };
    let (from, to) = if spec.described {
        let from = resolve(plan, &spec.from, inputs);
        let to = resolve(plan, &spec.to, inputs);
        match (from, to) {
            (Some(f), Some(t)) => {
                row.evidence = format!("{} = {f}, {} = {t}; ", spec.from, spec.to);
                (f, t)
            }
            (f, t) => {
                let unknown: Vec<&str> = [(f, &spec.from), (t, &spec.to)]
                    .into_iter()
                    .filter(|(r, _)| r.is_none())
                    .map(|(_, d)| d.as_str())
                    .collect();
                row.status = LinkStatus::Unchecked;
                row.evidence = format!(
                    "no file of the plan or its SUMMARY matches {}",
                    unknown
                        .iter()
                        .map(|d| format!("\"{d}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                );
                return row;
            }
        }
    } else {
        // Plans write ends as paths, and also as a bare file name (`queue_manager.rs`) or a
        // description (`rotate()`, "streaming handler"): those are resolved as descriptions are.
        let mut ends = Vec::new();
        for end in [&spec.from, &spec.to] {
            if exists(inputs, end) {
                ends.push(end.clone());
                continue;
            }
            match resolve(plan, end, inputs) {
                Some(file) => {
                    row.evidence.push_str(&format!("{end} = {file}; "));
                    ends.push(file);
                }
                None if !looks_like_path(end) => {
                    row.status = LinkStatus::Unchecked;
                    row.evidence = format!(
                        "`{end}` is not a file path: read as a description, and no file of the plan or its SUMMARY matches it"
                    );
                    return row;
                }
                None => ends.push(end.clone()),
            }
        }
        if ends[0] == ends[1] && spec.from != spec.to {
            row.status = LinkStatus::Unchecked;
            row.evidence.push_str(
                "both ends read as the same file: a link inside it is for a person to follow",
            );
            return row;
        }
        (ends[0].clone(), ends[1].clone())
    };
    let at = Location::path(&from).with_plan(&plan.id);
    for end in [&from, &to] {
        if !exists(inputs, end) {
            row.evidence.push_str(&format!("{end} does not exist"));
            findings.push(
                Finding::new(
                    &LINK_NOT_WIRED,
                    format!("key link {} → {}: {end} does not exist", spec.from, spec.to),
                )
                .at(at.clone()),
            );
            return row;
        }
    }
    let (from_text, to_text) = (text_of(inputs, &from), text_of(inputs, &to));
    if let Some(pattern) = &spec.pattern {
        let compiled = match &spec.pattern_problem {
            Some(problem) => Err(problem.clone()),
            None => crate::planning::plan::link_regex(pattern),
        };
        let re = match compiled {
            Ok(re) => re,
            Err(reason) => {
                row.status = LinkStatus::Unchecked;
                row.evidence = format!("pattern cannot be used: {reason}");
                findings.push(
                    Finding::new(&PATTERN_INVALID, format!("key_link pattern `{pattern}` cannot be used: {reason}"))
                        .at(Location::path(&plan.path).with_plan(&plan.id))
                        .help("write it in single quotes in YAML; `regex` has no look-around or back-references"),
                );
                return row;
            }
        };
        for (path, text) in [(&from, from_text), (&to, to_text)] {
            if let Some(m) = text.and_then(|t| re.find(t).map(|m| (t, m.start()))) {
                row.status = LinkStatus::Wired;
                row.evidence.push_str(&format!(
                    "{}:{}: {}",
                    file_name(path),
                    line_of(m.0, m.1),
                    line_text(m.0, m.1)
                ));
                return row;
            }
        }
        row.evidence.push_str(&format!(
            "pattern \"{pattern}\" found in neither {} nor {}",
            file_name(&from),
            file_name(&to)
        ));
    } else {
        let found = reference_regex(&to)
            .zip(from_text)
            .and_then(|(re, t)| re.find(t).map(|m| (t, m.start())));
        if let Some((t, at)) = found {
            row.status = LinkStatus::Wired;
            row.evidence.push_str(&format!(
                "{}:{}: {}",
                file_name(&from),
                line_of(t, at),
                line_text(t, at)
            ));
            return row;
        }
        row.evidence.push_str(&format!(
            "{} does not mention {}",
            file_name(&from),
            file_name(&to)
        ));
    }
    findings.push(
        Finding::new(
            &LINK_NOT_WIRED,
            format!(
                "key link {} → {} is not wired: {}",
                spec.from, spec.to, row.evidence
            ),
        )
        .at(at),
    );
    row
}

/// Whether a key link's end reads as a repo-relative path (`src/a.ts`, `prisma/schema.prisma`)
/// rather than a description (`rotate()`, `token storage`, `SessionStore`).
pub(super) fn looks_like_path(end: &str) -> bool {
    let end = end.trim();
    !end.is_empty()
        && !end.contains(|c: char| c.is_whitespace() || "()[]{}<>,;:'\"`".contains(c))
        && (end.contains('/')
            || end.rsplit_once('.').is_some_and(|(s, e)| {
                !s.is_empty()
                    && !e.is_empty()
                    && e.len() <= 6
                    && e.chars().all(|c| c.is_ascii_alphanumeric())
            }))
}

/// Words of a description or file name: lower case, camelCase and punctuation split, plural
/// `s` dropped (`refreshTokens` and "token storage" share `token`).
pub(super) fn words(s: &str) -> BTreeSet<String> {
    raw_words(s)
        .into_iter()
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w,
        })
        .collect()
}

pub(super) fn raw_words(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.insert(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_numeric();
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                out.insert(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.insert(cur);
    }
    out
}

/// Resolves a wiring description (`"token storage"`) to one file: a path as written; a file
/// whose SUMMARY key-file description or artifact `provides` says the same; else the only
/// file whose name is made of the description's words (`refresh.ts` for "refresh endpoint").
/// The plan's own files are tried first, then the whole phase's (a link may reach into a file
/// an earlier plan made). Anything less certain stays unresolved, for a person.
pub(super) fn resolve(plan: &PlanInput, desc: &str, inputs: &Inputs<'_>) -> Option<String> {
    if let Some(p) = crate::fs::normalize_repo_path(desc) {
        if exists(inputs, &p) {
            return Some(p);
        }
    }
    let others: Vec<&PlanInput> = inputs.plans.iter().filter(|p| p.id != plan.id).collect();
    let scopes: [Vec<&PlanInput>; 2] = [vec![plan], others];
    for scope in &scopes {
        if let Some(p) = by_description(scope, desc) {
            return Some(p);
        }
    }
    scopes.iter().find_map(|scope| by_file_name(scope, desc))
}

/// Paths with what the plans and SUMMARYs say they are.
pub(super) fn descriptions<'p>(plans: &[&'p PlanInput]) -> Vec<(&'p str, &'p str)> {
    let mut out = Vec::new();
    for plan in plans {
        out.extend(
            plan.artifacts
                .iter()
                .filter_map(|a| a.provides.as_deref().map(|d| (a.path.as_str(), d))),
        );
        if let Some(s) = &plan.summary {
            out.extend(
                s.key_files
                    .iter()
                    .filter_map(|k| k.description.as_deref().map(|d| (k.path.as_str(), d))),
            );
        }
    }
    out
}

pub(super) fn by_description(plans: &[&PlanInput], desc: &str) -> Option<String> {
    let norm = |s: &str| words(s).into_iter().collect::<Vec<_>>().join(" ");
    let wanted = norm(desc);
    let same: BTreeSet<&str> = descriptions(plans)
        .into_iter()
        .filter(|(_, d)| norm(d) == wanted)
        .map(|(p, _)| p)
        .collect();
    match same.len() {
        1 => same.into_iter().next().map(str::to_string),
        _ => None,
    }
}

pub(super) fn by_file_name(plans: &[&PlanInput], desc: &str) -> Option<String> {
    let want = words(desc);
    let mut candidates: BTreeSet<&str> = BTreeSet::new();
    for plan in plans {
        candidates.extend(plan.files_modified.iter().map(String::as_str));
        candidates.extend(plan.artifacts.iter().map(|a| a.path.as_str()));
        candidates.extend(plan.touched.iter().map(String::as_str));
        if let Some(s) = &plan.summary {
            candidates.extend(s.key_files.iter().map(|k| k.path.as_str()));
        }
    }
    let mut best: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|p| !p.contains(['*', '?', '[']))
        .filter_map(|p| {
            let stem = file_name(p).split('.').next().unwrap_or("");
            let w = words(stem);
            (!w.is_empty() && w.iter().all(|x| want.contains(x))).then_some((w.len(), p))
        })
        .collect();
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    match best.as_slice() {
        [(n, p), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(p.to_string()),
        _ => None,
    }
}
