//! `planlint msg`.

use crate::cli::MsgArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &MsgArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint msg` is being written"))
}
