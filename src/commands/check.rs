//! `planlint check`.

use crate::cli::CheckArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &CheckArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint check` is being written"))
}
