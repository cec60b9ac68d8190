//! The planlint binary: everything it does is [`planlint::run`].

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(planlint::run())
}
