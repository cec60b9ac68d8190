//! `planlint install` and `planlint uninstall`.

use crate::cli::InstallArgs;
use crate::error::{Error, Result};

use super::{Context, Outcome};

pub fn install(_ctx: &Context, _args: &InstallArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint install` is being written"))
}

pub fn uninstall(_ctx: &Context, _args: &InstallArgs) -> Result<Outcome> {
    Err(Error::usage("`planlint uninstall` is being written"))
}
