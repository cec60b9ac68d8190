//! `planlint ci`.

use crate::cli::CiArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &CiArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint ci` is being written"))
}
