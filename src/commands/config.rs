//! `planlint config`: the effective configuration, as TOML.

use crate::cli::ConfigArgs;
use crate::config::Config;
use crate::outcome::{Document, Outcome};

use super::Context;

pub fn run(ctx: &Context, args: &ConfigArgs) -> Outcome {
    let config = if args.defaults {
        Config::default()
    } else {
        ctx.config.clone()
    };
    let origin = match (&ctx.config_path, args.defaults) {
        (_, true) => "# built-in defaults\n".to_string(),
        (Some(p), false) => format!("# from {}\n", p.display()),
        (None, false) => "# no planlint.toml found: built-in defaults\n".to_string(),
    };
    Outcome::document(
        "configuration",
        Document::Text(format!("{origin}{}", config.to_toml())),
    )
}
