//! The `.planning/` tree as data.
//!
//! - [`id`]: plan and phase ids, compared as numbers (`2-3` = `02-03`, `02` < `02.1` < `03`).
//! - [`layout`]: where the plans are, from directory listings only ([`Planning::discover`]:
//!   cheap enough for the commit-msg hook), and lookups by id, folder name or quick-task id.
//! - [`load`]: reading what discovery found, bounded ([`Planning::load_plan`],
//!   [`Planning::load_all`]); the models ([`plan`], [`summary`], [`prp`]) parse text purely,
//!   through [`frontmatter`] (serde-saphyr with spans, and a tolerant fallback) and [`yaml`].
//! - [`lint`]: the checks of `planlint plans`; [`list`]: its `--list`.
//!
//! Discovery and reading are separate on purpose: a caller that only needs to know whether
//! `02-01` exists never opens a file.

pub mod declared;
pub mod frontmatter;
pub mod id;
pub mod layout;
pub mod lint;
pub mod list;
pub mod load;
pub mod plan;
pub mod project;
pub mod prp;
pub mod requirements;
pub mod resolve;
pub mod roadmap;
pub mod rules;
pub mod source;
pub mod state;
pub mod summary;
pub mod verification;
pub mod yaml;

pub use id::{PhaseId, PlanId};
pub use layout::{Area, Lookup, Phase, PlanFile, PlanKind, Planning, QuickId, QuickTask};
pub use list::PlanList;
pub use load::Loaded;
pub use plan::{Artifact, DepTarget, Dependency, KeyLink, MustHaves, Plan};
pub use prp::PrpPlan;
pub use rules::RULES;
pub use summary::Summary;
pub use verification::VerificationDoc;
