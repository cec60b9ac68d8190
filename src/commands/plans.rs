//! `planlint plans`: lint every current plan (or one phase's), or `--list` them.
//!
//! Reading is the planning model's job ([`crate::planning`]); this file picks the scope,
//! runs the checks and prints the list document. A repository without a planning folder is
//! not an error: it gets one note and exit 0.

use serde::Serialize;

use crate::cli::{Format, PlansArgs};
use crate::error::{Error, Result};
use crate::planning::frontmatter::FrontState;
use crate::planning::lint::{self, Scope};
use crate::planning::{Area, Loaded, PhaseId, Planning};

use super::{Context, Outcome};

pub fn run(ctx: &Context, args: &PlansArgs) -> Result<Outcome> {
    let base = ctx.root.as_deref().unwrap_or(&ctx.cwd);
    let planning = Planning::discover(base, &ctx.config.planning_dir);
    let mut outcome = Outcome {
        subject: "plans".into(),
        ..Outcome::default()
    };
    if !planning.exists() {
        outcome.notes.push(format!(
            "no {}/ found in {}; there are no GSD plans to lint",
            planning.dir(),
            base.display()
        ));
        if planning.prp_plans().is_empty() {
            outcome.findings = planning.problems().to_vec();
            return Ok(outcome);
        }
    }
    let phase = args
        .phase
        .as_deref()
        .map(|p| resolve_phase(&planning, p))
        .transpose()?;
    if let Some(p) = &phase {
        outcome.subject = format!("phase {p}");
    }
    let loaded = planning.load_all();
    if args.list {
        print_list(ctx, &planning, &loaded, phase.as_ref())?;
        outcome.printed = true;
        return Ok(outcome);
    }
    outcome.findings = lint::lint(
        &planning,
        &loaded,
        &ctx.config.plans,
        Scope {
            phase: phase.as_ref(),
        },
    );
    let current = planning
        .phases()
        .iter()
        .filter(|p| !p.area.is_archived() && phase.as_ref().is_none_or(|id| *id == p.id))
        .map(|p| p.plans.len())
        .sum::<usize>();
    let archived = planning.plans().filter(|p| p.area.is_archived()).count();
    let mut note = format!("{current} plan{} checked", plural(current));
    if archived > 0 && phase.is_none() {
        note.push_str(&format!(
            "; {archived} archived plan{} in milestones/ {} used for lookups but not linted",
            plural(archived),
            if archived == 1 { "is" } else { "are" }
        ));
    }
    if phase.is_none() && !loaded.prp.is_empty() {
        note.push_str(&format!(
            "; {} PRP plan{} read",
            loaded.prp.len(),
            plural(loaded.prp.len())
        ));
    }
    outcome.notes.push(note);
    Ok(outcome)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `--phase 2`, `--phase 02.1`, `--phase 07-batch-rendering`, `--phase phase-03`.
fn resolve_phase(planning: &Planning, written: &str) -> Result<PhaseId> {
    let w = written.trim();
    if let Some(p) = planning.find_phase_by_name(w).found() {
        return Ok(p.id.clone());
    }
    let bare = w.strip_prefix("phase-").unwrap_or(w);
    if let Some(id) = PhaseId::parse(bare) {
        if planning.find_phase(&id) != crate::planning::Lookup::NotFound {
            return Ok(id);
        }
    }
    let known: Vec<String> = planning
        .phases()
        .iter()
        .filter(|p| !p.area.is_archived())
        .map(|p| p.id.to_string())
        .collect();
    let help = match planning.suggest_phase(bare) {
        Some(s) => format!("did you mean {s}? phases: {}", known.join(", ")),
        None if known.is_empty() => format!("{}/phases/ holds no phase folders", planning.dir()),
        None => format!("phases: {}", known.join(", ")),
    };
    Err(Error::usage_help(
        format!("no phase `{written}` in {}/phases/", planning.dir()),
        help,
    ))
}

/// One row of `plans --list`.
#[derive(Serialize)]
struct Row<'a> {
    id: String,
    path: &'a str,
    /// The milestone an archived plan belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    archived: Option<&'a str>,
    wave: Option<u32>,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    files: usize,
    tasks: usize,
    summary: bool,
    verification: bool,
    frontmatter: FrontState,
}

#[derive(Serialize)]
struct ListDocument<'a> {
    schema: u32,
    planning_dir: &'a str,
    plans: Vec<Row<'a>>,
    prp_plans: Vec<PrpRow<'a>>,
}

#[derive(Serialize)]
struct PrpRow<'a> {
    path: &'a str,
    title: Option<&'a str>,
    files: usize,
}

fn rows<'a>(planning: &'a Planning, loaded: &'a Loaded, phase: Option<&PhaseId>) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for ph in planning.phases() {
        if phase.is_some_and(|p| *p != ph.id) {
            continue;
        }
        for file in &ph.plans {
            let Some(plan) = loaded.plan(file) else {
                continue;
            };
            out.push(Row {
                id: file.id.to_string(),
                path: &file.path,
                archived: match &ph.area {
                    Area::Milestone(m) => Some(m.as_str()),
                    Area::Phases => None,
                },
                wave: plan.wave,
                kind: plan.kind.as_deref(),
                files: plan.files_modified.len(),
                tasks: plan.tasks,
                summary: file.summary.is_some(),
                verification: ph.verification.is_some(),
                frontmatter: plan.doc.state,
            });
        }
    }
    out
}

fn print_list(
    ctx: &Context,
    planning: &Planning,
    loaded: &Loaded,
    phase: Option<&PhaseId>,
) -> Result<()> {
    let rows = rows(planning, loaded, phase);
    let text = match ctx.format {
        Format::Json => {
            let doc = ListDocument {
                schema: 1,
                planning_dir: planning.dir(),
                plans: rows,
                prp_plans: if phase.is_some() {
                    Vec::new()
                } else {
                    loaded
                        .prp
                        .iter()
                        .map(|p| PrpRow {
                            path: &p.path,
                            title: p.title.as_deref(),
                            files: p.files_modified.len(),
                        })
                        .collect()
                },
            };
            let mut s = serde_json::to_string_pretty(&doc)
                .map_err(|e| Error::usage(format!("cannot serialise the plan list: {e}")))?;
            s.push('\n');
            s
        }
        Format::Human => table(&rows, loaded, phase.is_none()),
        other => {
            return Err(Error::usage(format!(
                "`plans --list` prints a table or JSON, not --format {}",
                crate::report::format_name(other)
            )))
        }
    };
    crate::report::print_stdout(&text);
    Ok(())
}

fn table(rows: &[Row<'_>], loaded: &Loaded, with_prp: bool) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut cells: Vec<[String; 7]> = vec![[
        "ID".into(),
        "WAVE".into(),
        "TYPE".into(),
        "FILES".into(),
        "SUMMARY".into(),
        "VERIFICATION".into(),
        "PATH".into(),
    ]];
    for r in rows {
        let mut path = r.path.to_string();
        if r.frontmatter != FrontState::Valid {
            path.push_str(match r.frontmatter {
                FrontState::Recovered => "  (invalid YAML, recovered)",
                FrontState::Unreadable => "  (unreadable)",
                _ => "  (no frontmatter)",
            });
        }
        cells.push([
            r.id.clone(),
            r.wave.map_or("-".into(), |w| w.to_string()),
            r.kind.unwrap_or("-").to_string(),
            r.files.to_string(),
            yes(r.summary).into(),
            yes(r.verification).into(),
            path,
        ]);
    }
    if with_prp {
        for p in &loaded.prp {
            cells.push([
                "PRP".into(),
                "-".into(),
                "prp".into(),
                p.files_modified.len().to_string(),
                "-".into(),
                "-".into(),
                p.path.clone(),
            ]);
        }
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| {
            cells
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    for row in &cells {
        for (c, cell) in row.iter().enumerate() {
            if c == 6 {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            }
        }
        s.push('\n');
    }
    s
}
