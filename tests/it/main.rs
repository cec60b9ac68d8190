//! planlint's tests that drive the real binary and the library from outside, as one crate:
//! one build, one link, every test found by the file named after what it tests.

mod common;
mod hostile_support;

mod check;
mod check_diff;
mod ci;
mod cli;
mod dist;
mod gsd_shapes;
mod history;
mod hostile;
mod hostile_slow;
mod install;
mod integrations;
mod msg_hook;
mod msg_props;
mod msg_table;
mod plans;
mod pre_push;
mod properties;
mod readme;
mod report;
mod scan_api;
mod scan_cli;
mod scan_fixtures;
mod stream;
mod verify;
mod verify_model;
mod verify_seed;
mod verify_targets;
