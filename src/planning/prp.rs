//! PRP plans (`.claude/PRPs/plans/*.plan.md`, `PRPs/plans/`): Markdown without frontmatter,
//! whose `Files to Change` table (or `**File**:` lines under tasks) plays the part of
//! `files_modified`. `Validation Commands` and `Success Criteria` are read to be reported, never
//! run. Pure: text in, model out.

use std::sync::Arc;

use crate::finding::{Finding, Location, SourceText};

use super::plan::strip_note;
use super::rules;

#[derive(Debug, Clone)]
pub struct PrpPlan {
    pub path: String,
    pub source: Arc<SourceText>,
    /// The first `# ` heading.
    pub title: Option<String>,
    /// Repo-relative paths from the `Files to Change` table and `**File**:` lines.
    pub files_modified: Vec<String>,
    /// Commands from the `Validation Commands` section's code blocks.
    pub validation_commands: Vec<String>,
    /// `- [ ]` / `- [x]` items of `Success Criteria`.
    pub success_criteria: Vec<Criterion>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub done: bool,
    pub text: String,
}

/// The section a line is in, by its heading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    FilesToChange,
    Validation,
    Success,
}

impl PrpPlan {
    pub fn parse(path: &str, text: String) -> PrpPlan {
        let source = SourceText::new(path, text);
        let mut plan = PrpPlan {
            path: path.to_string(),
            source: Arc::clone(&source),
            title: None,
            files_modified: Vec::new(),
            validation_commands: Vec::new(),
            success_criteria: Vec::new(),
            findings: Vec::new(),
        };
        let mut section = Section::Other;
        let mut section_level = 0;
        let mut fence = false;
        let mut file_column: Option<usize> = None;
        let mut raw_files: Vec<String> = Vec::new();
        for line in source.text.lines() {
            let t = line.trim();
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = !fence;
                continue;
            }
            if fence {
                if section == Section::Validation && !t.is_empty() && !t.starts_with('#') {
                    plan.validation_commands.push(t.to_string());
                }
                continue;
            }
            if let Some(level) = heading_level(t) {
                let title = t[level..].trim();
                if level == 1 && plan.title.is_none() {
                    plan.title = Some(title.to_string());
                }
                let lower = title.to_ascii_lowercase();
                let next = if lower.contains("files to change") {
                    Section::FilesToChange
                } else if lower.contains("validation commands") {
                    Section::Validation
                } else if lower.contains("success criteria") {
                    Section::Success
                } else {
                    Section::Other
                };
                if next != Section::Other || level <= section_level {
                    section = next;
                    section_level = level;
                    file_column = None;
                }
                continue;
            }
            if let Some(rest) = t
                .strip_prefix("**File**:")
                .or_else(|| t.strip_prefix("**Files**:"))
                .or_else(|| t.strip_prefix("**File:**"))
            {
                raw_files.extend(backticked_or_plain(rest));
                continue;
            }
            match section {
                Section::FilesToChange if t.starts_with('|') => {
                    let cells = table_cells(t);
                    if cells
                        .iter()
                        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
                    {
                        continue;
                    }
                    match file_column {
                        None => {
                            file_column = cells
                                .iter()
                                .position(|c| c.to_ascii_lowercase().contains("file"))
                                .or(Some(0));
                        }
                        Some(col) => {
                            if let Some(cell) = cells.get(col) {
                                raw_files.extend(backticked_or_plain(cell));
                            }
                        }
                    }
                }
                Section::Success => {
                    if let Some(c) = checkbox(t) {
                        plan.success_criteria.push(c);
                    }
                }
                _ => {}
            }
        }
        for raw in raw_files {
            let reduced = strip_note(&raw).trim_matches('*');
            if reduced.is_empty() {
                continue;
            }
            match crate::fs::normalize_repo_path(reduced) {
                Some(p) if !plan.files_modified.contains(&p) => plan.files_modified.push(p),
                Some(_) => {}
                None => plan.findings.push(
                    Finding::new(
                        &rules::PLAN_PATH,
                        format!(
                            "PRP plan lists `{reduced}`, which is not a path inside the repository"
                        ),
                    )
                    .at(Location::path(path)),
                ),
            }
        }
        if plan.files_modified.is_empty() {
            plan.findings.push(
                Finding::new(
                    &rules::PLAN_PRP_NO_FILES,
                    format!("PRP plan `{path}` lists no files to change"),
                )
                .at(Location::path(path))
                .help("add a `## Files to Change` table (`| File | Action |`) or `**File**: `path`` lines under the tasks"),
            );
        }
        plan
    }
}

fn heading_level(t: &str) -> Option<usize> {
    let n = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6)
        .contains(&n)
        .then_some(n)
        .filter(|&n| t[n..].starts_with(' '))
}

fn table_cells(row: &str) -> Vec<&str> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// The backticked parts of a cell or line (`` `src/a.ts` (NEW) ``), or the text itself.
fn backticked_or_plain(s: &str) -> Vec<String> {
    let parts: Vec<String> = s
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        let plain = s.trim();
        if plain.is_empty() {
            Vec::new()
        } else {
            vec![plain.to_string()]
        }
    } else {
        parts
    }
}

fn checkbox(t: &str) -> Option<Criterion> {
    let rest = t.strip_prefix("- [").or_else(|| t.strip_prefix("* ["))?;
    let (mark, text) = rest.split_once(']')?;
    Some(Criterion {
        done: mark.trim().eq_ignore_ascii_case("x"),
        text: text.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_files_to_change_table() {
        let text = "# Plan: Auth\n\n## Files to Change\n\n| File | Action | Why |\n|------|--------|-----|\n\
| `src/lib/jwt.ts` | CREATE | tokens |\n| src/middleware/auth.ts (update) | UPDATE | x |\n\n## Success Criteria\n\n\
- [ ] All tests pass\n- [x] Lint clean\n\n## Validation Commands\n\n```bash\n# static\nnpm run lint\n```\n";
        let p = PrpPlan::parse("PRPs/plans/a.plan.md", text.into());
        assert!(p.findings.is_empty(), "{:#?}", p.findings);
        assert_eq!(p.title.as_deref(), Some("Plan: Auth"));
        assert_eq!(
            p.files_modified,
            ["src/lib/jwt.ts", "src/middleware/auth.ts"]
        );
        assert_eq!(
            p.success_criteria,
            [
                Criterion {
                    done: false,
                    text: "All tests pass".into()
                },
                Criterion {
                    done: true,
                    text: "Lint clean".into()
                },
            ]
        );
        assert_eq!(p.validation_commands, ["npm run lint"]);
    }

    #[test]
    fn reads_file_lines_under_tasks() {
        let text = "# Plan\n## Tasks\n### Task 1\n**File**: `package.json`  \n```ts\n**File**: `not/this.ts`\n```\n\
### Task 2\n**File**: `src/lib/jwt.ts` (NEW)  \n**File**: `../outside.ts`\n";
        let p = PrpPlan::parse("PRPs/plans/a.plan.md", text.into());
        assert_eq!(p.files_modified, ["package.json", "src/lib/jwt.ts"]);
        assert_eq!(p.findings.len(), 1);
        assert_eq!(p.findings[0].rule, "plan/path");
    }

    #[test]
    fn no_files_is_a_finding() {
        let p = PrpPlan::parse("PRPs/plans/a.plan.md", "# Plan\nNothing here.\n".into());
        assert_eq!(p.findings[0].rule, "plan/prp-no-files");
    }
}
