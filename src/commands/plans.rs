//! `planlint plans`.

use crate::cli::PlansArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &PlansArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint plans` is being written"))
}
