//! The `.planning/` tree: where the plans are ([`layout`]), what their ids mean ([`id`]).
//!
//! Discovery and reading are separate on purpose: [`Planning::discover`] only lists folders
//! (the commit-msg hook calls it on every commit), reading a plan's frontmatter is asked for
//! per plan.

pub mod id;
pub mod layout;
mod rules;

pub use id::{PhaseId, PlanId};
pub use layout::{Area, Lookup, Phase, PlanFile, Planning, QuickTask};
pub use rules::RULES;
