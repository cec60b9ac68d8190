//! Files Modified vs Plan: each declared file kept or not, each touched file declared or not.

use super::*;

/// `files_modified` against the paths the plan's commits touched. As in the diff check (SPEC
/// §4), a declared file not touched is a broken promise only once the plan is finished (has a
/// SUMMARY); before that it is a plan not started, or one still under way.
pub(super) fn files_rows(plan: &PlanInput) -> Vec<FileRow> {
    let row = |path: &str, status| FileRow {
        plan: plan.id.clone(),
        path: path.to_string(),
        status,
    };
    let not_touched = if plan.summary.is_some() {
        FileStatus::Untouched
    } else if plan.commits == 0 {
        FileStatus::NotStarted
    } else {
        FileStatus::Pending
    };
    let declared = FilesModified::new(&plan.files_modified);
    let mut rows = Vec::new();
    let kept_entries = declared.covers_any_of(&plan.touched);
    for (entry, &kept) in plan.files_modified.iter().zip(&kept_entries) {
        rows.push(row(
            entry,
            if kept { FileStatus::Kept } else { not_touched },
        ));
    }
    let mut extra: Vec<&String> = plan
        .touched
        .iter()
        .filter(|t| !declared.covers(t))
        .collect();
    extra.sort();
    extra.dedup();
    rows.extend(extra.into_iter().map(|t| row(t, FileStatus::Undeclared)));
    rows
}
