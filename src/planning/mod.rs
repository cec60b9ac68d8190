//! The `.planning/` tree: where the plans are ([`layout`]), what their ids mean ([`id`]).
//!
//! Discovery and reading are separate on purpose: [`Planning::discover`] only lists folders
//! (the commit-msg hook calls it on every commit), reading a plan's frontmatter is asked for
//! per plan.

pub mod frontmatter;
pub mod id;
pub mod layout;
pub mod plan;
pub mod rules;
pub mod yaml;

pub use id::{PhaseId, PlanId};
pub use layout::{Area, Lookup, Phase, PlanFile, Planning, QuickTask};
pub use rules::RULES;
