//! (to be written)

pub mod verify;

use crate::finding::Rule;

/// The rules of this module, for the registry.
pub static RULES: &[&Rule] = &[];
