//! The frontmatter reader, strict and tolerant: any plan text reads into a plan (with findings
//! about it), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planlint::planning::frontmatter::Doc;
use planlint::planning::id::{PhaseId, PlanId};
use planlint::planning::layout::{Area, PlanFile};
use planlint::planning::plan::Plan;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Doc::parse(".planning/phases/02-x/02-01-PLAN.md", text.to_string());
    assert!(doc.body_start <= text.len());
    let phase = PhaseId::parse("02").expect("phase");
    let file = PlanFile {
        id: PlanId::new(phase.clone(), 1),
        path: ".planning/phases/02-x/02-01-PLAN.md".into(),
        file_name: "02-01-PLAN.md".into(),
        slug: None,
        phase_dir: "02-x".into(),
        phase,
        area: Area::Phases,
        summary: None,
    };
    let _ = Plan::parse(&file, text.to_string());
});
