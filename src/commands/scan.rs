//! `planlint scan`.

use crate::cli::ScanArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn run(_ctx: &Context, _args: &ScanArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint scan` is being written"))
}
