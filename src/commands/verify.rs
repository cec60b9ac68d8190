//! `planlint verify`.

use crate::cli::VerifyArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &VerifyArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint verify` is being written"))
}
