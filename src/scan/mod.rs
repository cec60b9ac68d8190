//! The anti-pattern scanner (SPEC §5): what an agent leaves behind when it claims to be done.
//!
//! - [`lang`]: which language a file is in, and its lexical syntax.
//! - [`lexer`]: one parametrised lexer telling code, comments and strings apart.
//! - [`patterns`]: per-language candidate patterns, compiled into one regex per language.
//! - [`checks`]: what confirms a candidate (an empty block, a stub-only suite, ...).
//! - [`rules`]: rule ids, severities, explanations, `planlint-allow` names.
//! - [`scanner`]: [`Scanner`], a file's bytes in, findings out; pure apart from
//!   [`Scanner::scan_file`], which reads one file from disk, bounded.
//!
//! `planlint scan` walks a tree with it; `check`, `pre-push` and `ci` call [`Scanner::scan`]
//! with blob contents and the [`LineSet`] of added lines.

pub mod checks;
pub mod lang;
pub mod layout;
pub mod lexer;
pub mod patterns;
pub mod rules;
pub mod scanner;

pub use lang::Lang;
pub use layout::WorkTreeLayout;
pub use rules::RULES;
pub use scanner::{Layout, LineSet, ScanOutput, Scanner, MAX_LINE};
