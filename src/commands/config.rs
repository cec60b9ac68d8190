//! `planlint config`: the effective configuration, as TOML.

use crate::cli::ConfigArgs;
use crate::config::Config;
use crate::error::Result;

use super::explain::print_stdout;
use super::{Context, Outcome};

pub fn run(ctx: &Context, args: &ConfigArgs) -> Result<Outcome> {
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
    print_stdout(&format!("{origin}{}", config.to_toml()));
    Ok(Outcome {
        printed: true,
        subject: "configuration".into(),
        ..Outcome::default()
    })
}
