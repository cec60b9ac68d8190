//! The frontmatter of one plan interpreted field by field, leniently, with a finding for
//! every value that cannot be used.

use super::*;

pub(super) fn locate(f: Finding, doc: &Doc, file: &PlanFile, span: Option<Span>) -> Finding {
    let f = f.at(Location::path(&file.path).with_plan(file.name()));
    match span {
        Some(span) => f.spanned(&doc.source, span),
        None => f,
    }
}

pub(super) trait WithPlan {
    fn with_plan(self, name: String) -> Self;
}

impl WithPlan for Finding {
    fn with_plan(mut self, name: String) -> Finding {
        self.location.plan = Some(name);
        self
    }
}

/// Interprets the frontmatter of one plan, collecting findings as it goes.
pub(super) struct Reader<'a> {
    pub(super) doc: &'a Doc,
    pub(super) file: &'a PlanFile,
    pub(super) findings: Vec<Finding>,
}

impl Reader<'_> {
    pub(super) fn push(
        &mut self,
        rule: &'static crate::finding::Rule,
        msg: String,
        at: Option<Span>,
        help: impl Into<std::borrow::Cow<'static, str>>,
    ) {
        let f = locate(Finding::new(rule, msg), self.doc, self.file, at).help(help);
        self.findings.push(f);
    }

    pub(super) fn invalid(&mut self, key: &str, node: &Node, expected: &str) {
        let shown = node.raw(self.doc.text()).trim();
        let msg = format!(
            "plan {}: `{key}` is `{}`, expected {expected}",
            self.file.name(),
            crate::finding::shorten(shown, 40)
        );
        let f = locate(
            Finding::new(&rules::PLAN_INVALID_VALUE, msg),
            self.doc,
            self.file,
            Some(node.span),
        )
        .label(format!("expected {expected}"));
        self.findings.push(f);
    }

    pub(super) fn missing_fields(&mut self) {
        // A quick task's plan is GSD's lighter shape: it may have no frontmatter fields.
        if self.file.is_quick() {
            return;
        }
        // An empty `must_haves:` declares nothing for the verifier, like no key at all; other
        // fields may be empty (no dependencies, no files). The tolerant reader shows nested
        // fields it could not read as empty, so only valid YAML says it is really empty.
        let valid = self.doc.state == FrontState::Valid;
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|k| {
                self.doc
                    .get(k)
                    .is_none_or(|n| *k == "must_haves" && valid && n.is_null())
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let plural = if missing.len() == 1 { "" } else { "s" };
        self.push(
            &rules::PLAN_MISSING_FIELD,
            format!("plan {} lacks the field{plural} {list}", self.file.name()),
            None,
            "add them to the frontmatter; use `[]` for an empty list",
        );
    }

    pub(super) fn id_agreement(&mut self, phase: Option<&str>, plan: Option<&str>) {
        // A quick task's plan has no phase and plan numbers to agree with; a phase's one
        // unnumbered plan only a phase.
        if self.file.kind != PlanKind::Numbered {
            return;
        }
        let id = &self.file.id;
        if id.phase != self.file.phase {
            self.push(
                &rules::PLAN_ID_MISMATCH,
                format!(
                    "plan file `{}` names phase {} but sits in the folder of phase {}",
                    self.file.file_name, id.phase, self.file.phase
                ),
                None,
                "move the plan to its phase's folder or rename it",
            );
        }
        if let Some(written) = phase {
            match PhaseId::parse_prefix(written.trim()) {
                Some((p, _)) if same_phase(&p, &id.phase) => {}
                Some((p, _)) => {
                    let at = self.doc.get("phase").map(|n| n.span);
                    self.push(
                        &rules::PLAN_ID_MISMATCH,
                        format!("plan {id} says `phase: {written}` (phase {p}), its file name says phase {}", id.phase),
                        at,
                        "make the frontmatter and the file name agree",
                    );
                }
                None => {}
            }
        }
        if let Some(written) = plan {
            let w = written.trim();
            let number = w
                .parse::<u32>()
                .ok()
                .or_else(|| PlanId::parse(w).map(|p| p.plan));
            let node = self.doc.get("plan");
            match (number, node) {
                (Some(n), Some(node)) if n != id.plan => {
                    let at = Some(node.span);
                    self.push(
                        &rules::PLAN_ID_MISMATCH,
                        format!(
                            "plan {id} says `plan: {written}`, its file name says plan {:02}",
                            id.plan
                        ),
                        at,
                        "make the frontmatter and the file name agree",
                    );
                }
                (None, Some(node)) => {
                    let node = node.clone();
                    self.invalid("plan", &node, "a plan number such as `01`");
                }
                _ => {}
            }
        }
    }

    pub(super) fn kind(&mut self) -> Option<String> {
        let node = self.doc.get("type")?;
        let text = node
            .scalar_text(self.doc.text())
            .map(|s| s.trim().to_string());
        match text.as_deref() {
            Some("execute" | "tdd") => text,
            // GSD's planner writes it into some quick tasks' plans.
            Some("quick") if self.file.is_quick() => text,
            _ => {
                let node = node.clone();
                self.invalid("type", &node, "`execute` or `tdd`");
                text
            }
        }
    }

    pub(super) fn wave(&mut self) -> Option<u32> {
        let node = self.doc.get("wave")?;
        let n = match &node.value {
            Yaml::Int(i) => u32::try_from(*i).ok(),
            Yaml::Str(s) => s.trim().parse::<u32>().ok(),
            _ => None,
        };
        // Wave 0 is GSD's own: test scaffolding laid before wave 1 (VALIDATION.md's
        // "Wave 0").
        match n {
            Some(w) => Some(w),
            None => {
                let node = node.clone();
                self.invalid("wave", &node, "a whole number (0 or more)");
                None
            }
        }
    }

    pub(super) fn autonomous(&mut self) -> Option<bool> {
        let node = self.doc.get("autonomous")?;
        match &node.value {
            Yaml::Bool(b) => Some(*b),
            Yaml::Str(s) if s == "true" => Some(true),
            Yaml::Str(s) if s == "false" => Some(false),
            // Present but unread by the tolerant reader.
            Yaml::Null if self.doc.state == FrontState::Recovered => None,
            _ => {
                let node = node.clone();
                self.invalid("autonomous", &node, "true or false");
                None
            }
        }
    }

    pub(super) fn depends_on(&mut self) -> Vec<Dependency> {
        let Some(node) = self.doc.get("depends_on") else {
            return Vec::new();
        };
        if matches!(node.value, Yaml::Map(_)) {
            let node = node.clone();
            self.invalid("depends_on", &node, "a list of plan ids");
            return Vec::new();
        }
        node.scalar_list(self.doc.text())
            .into_iter()
            .map(|(raw, span)| Dependency {
                target: dep_target(&raw),
                raw,
                span,
            })
            .collect()
    }

    pub(super) fn files_modified(&mut self) -> (Vec<String>, Vec<Span>) {
        let Some(node) = self.doc.get("files_modified") else {
            return (Vec::new(), Vec::new());
        };
        let entries = match &node.value {
            // `{created: [...], modified: [...]}` is seen in the wild: take every list.
            Yaml::Map(groups) => groups
                .iter()
                .flat_map(|(_, n)| n.scalar_list(self.doc.text()))
                .collect(),
            _ => node.scalar_list(self.doc.text()),
        };
        let mut paths = Vec::new();
        let mut spans = Vec::new();
        for (raw, span) in entries {
            if let Some(p) = self.path("files_modified", &raw, span) {
                paths.push(p);
                spans.push(span);
            }
        }
        (paths, spans)
    }

    /// A declared path, reduced and normalised; an escaping path is reported and dropped.
    pub(super) fn path(&mut self, key: &str, raw: &str, span: Span) -> Option<String> {
        let reduced = strip_note(raw);
        if reduced.is_empty() {
            return None;
        }
        match crate::fs::normalize_repo_path(reduced) {
            Some(p) => Some(p),
            None => {
                self.findings.push(
                    locate(
                        Finding::new(
                            &rules::PLAN_PATH,
                            format!(
                                "plan {}: {key} entry `{reduced}` is not a path inside the repository",
                                self.file.name()
                            ),
                        ),
                        self.doc,
                        self.file,
                        Some(span),
                    )
                    .help("write paths relative to the repository root, without `..`"),
                );
                None
            }
        }
    }

    pub(super) fn must_haves(&mut self) -> MustHaves {
        let Some(node) = self.doc.get("must_haves") else {
            return MustHaves::default();
        };
        let text = self.doc.text();
        let mut m = MustHaves {
            legacy: node
                .get_any(&["observable_truths", "required_artifacts", "required_wiring"])
                .is_some(),
            ..MustHaves::default()
        };
        if let Some(t) = node.get_any(&["truths", "observable_truths"]) {
            m.truths = items(t).filter_map(|n| truth_text(n, text)).collect();
        }
        if let Some(a) = node.get_any(&["artifacts", "required_artifacts"]) {
            for n in items(a) {
                if let Some(artifact) = self.artifact(n) {
                    m.artifacts.push(artifact);
                }
            }
        }
        if let Some(k) = node.get_any(&["key_links", "required_wiring"]) {
            m.key_links = items(k).filter_map(|n| key_link(n, text)).collect();
        }
        m
    }

    pub(super) fn artifact(&mut self, n: &Node) -> Option<Artifact> {
        let text = self.doc.text();
        match &n.value {
            Yaml::Map(_) => {
                let Some(path_node) = n.get("path") else {
                    let n = n.clone();
                    self.invalid("must_haves.artifacts", &n, "an entry with a `path`");
                    return None;
                };
                let raw = path_node.scalar_text(text).unwrap_or_default();
                let path = self.path("must_haves.artifacts", &raw, path_node.span)?;
                let strings = |key: &str| {
                    n.get(key)
                        .map(|v| v.scalar_list(text).into_iter().map(|(s, _)| s).collect())
                        .unwrap_or_default()
                };
                Some(Artifact {
                    path,
                    provides: n.get("provides").and_then(|v| v.scalar_text(text)),
                    min_lines: n.get("min_lines").and_then(|v| match v.value {
                        Yaml::Int(i) => u64::try_from(i).ok(),
                        _ => v.scalar_text(text)?.trim().parse().ok(),
                    }),
                    exports: strings("exports"),
                    contains: strings("contains"),
                    must_not_exist: n
                        .get("must_not_exist")
                        .is_some_and(|v| matches!(v.value, Yaml::Bool(true))),
                })
            }
            _ => {
                let raw = n.scalar_text(text)?;
                let path = self.path("must_haves.artifacts", &raw, n.span)?;
                let provides = note_of(&raw).map(str::to_string);
                Some(Artifact {
                    path,
                    provides,
                    ..Artifact::default()
                })
            }
        }
    }
}

/// The entries of a list node (a lone value is a list of one).
pub(super) fn items(n: &Node) -> Box<dyn Iterator<Item = &Node> + '_> {
    match &n.value {
        Yaml::Seq(v) => Box::new(v.iter()),
        Yaml::Null => Box::new(std::iter::empty()),
        _ => Box::new(std::iter::once(n)),
    }
}

/// A truth is a string; `- User sees: a message` parses as a one-entry mapping and is put
/// back together; `{truth: ...}` objects are read too.
pub(super) fn truth_text(n: &Node, text: &str) -> Option<String> {
    match &n.value {
        Yaml::Map(entries) => {
            if let Some(t) = n.get_any(&["truth", "text", "description"]) {
                return t.scalar_text(text);
            }
            let (k, v) = entries.first()?;
            Some(match v.scalar_text(text) {
                Some(v) => format!("{k}: {v}"),
                None => k.clone(),
            })
        }
        _ => n.scalar_text(text),
    }
}

pub(super) fn key_link(n: &Node, text: &str) -> Option<KeyLink> {
    match &n.value {
        Yaml::Map(_) => {
            let s = |k: &str| n.get(k).and_then(|v| v.scalar_text(text));
            let pattern = n.get("pattern");
            Some(KeyLink {
                from: s("from").unwrap_or_default(),
                to: s("to").unwrap_or_default(),
                via: s("via"),
                pattern: pattern.and_then(|p| {
                    p.scalar_text(text)
                        .or_else(|| Some(p.raw(text).to_string()))
                }),
                pattern_span: pattern.map(|p| p.span),
                pattern_problem: pattern.and_then(|p| match &p.value {
                    Yaml::Seq(_) => {
                        Some("it is a list, not one regex: join the alternatives with `|`".into())
                    }
                    Yaml::Map(_) => Some("it is a map, not one regex".into()),
                    _ => None,
                }),
            })
        }
        _ => {
            // The older shape: `"refresh endpoint -> token storage"`.
            let s = n.scalar_text(text)?;
            let (from, to) = s
                .split_once("->")
                .or_else(|| s.split_once('→'))
                .unwrap_or((s.as_str(), ""));
            Some(KeyLink {
                from: from.trim().to_string(),
                to: to.trim().to_string(),
                ..KeyLink::default()
            })
        }
    }
}
