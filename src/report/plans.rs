//! `planlint plans --list`: the plan list as a table for a person or a versioned JSON document.

use serde::Serialize;

use crate::planning::frontmatter::FrontState;
use crate::planning::PlanList;

/// The JSON document: `schema` is bumped on any incompatible change.
#[derive(Serialize)]
struct ListDocument<'a> {
    schema: u32,
    #[serde(flatten)]
    list: &'a PlanList,
}

pub fn json(list: &PlanList) -> String {
    super::pretty_json(&ListDocument { schema: 1, list })
}

/// Columns padded to their widest cell; the path last, unpadded.
pub fn table(list: &PlanList) -> String {
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
    for r in &list.plans {
        let mut path = r.path.clone();
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
            r.kind.clone().unwrap_or_else(|| "-".into()),
            r.files.to_string(),
            yes(r.summary).into(),
            yes(r.verification).into(),
            path,
        ]);
    }
    for p in &list.prp_plans {
        cells.push([
            "PRP".into(),
            "-".into(),
            "prp".into(),
            p.files.to_string(),
            "-".into(),
            "-".into(),
            p.path.clone(),
        ]);
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
