//! Parse arguments, run one command, print, exit. Nothing else lives here.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    planlint::commands::install_panic_hook();
    let cli = match planlint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version on stdout with exit 0, usage errors with exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Before the command starts its threads: the allocator's settings only hold from there on.
    planlint::alloc::tune(cli.command.walks_history());
    ExitCode::from(planlint::commands::main(cli))
}
