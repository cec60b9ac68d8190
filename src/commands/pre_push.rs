//! `planlint pre-push`.

use crate::cli::PrePushArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &PrePushArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint pre-push` is being written"))
}
