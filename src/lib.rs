//! planlint keeps plan-driven development honest.
//!
//! One engine, three doors (commit-msg hook, pre-push hook, CI): `git`, `planning` and the
//! message parser turn the world into plain data, `check`, `scan` and the message rules turn
//! that data into [`finding::Finding`]s, and `report` renders them. `commands` wires one CLI
//! subcommand to that pipeline each; `main` only parses, runs and maps the result to an exit code.

pub mod alloc;
pub mod check;
pub mod ci;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod error;
pub mod finding;
pub mod fs;
pub mod git;
pub mod message;
pub mod outcome;
pub mod planning;
pub mod range;
pub mod report;
pub mod rules;
pub mod scan;
pub mod suggest;
pub mod verifier;
