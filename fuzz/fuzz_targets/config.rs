//! The config loader must turn any text into a config or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = planlint::config::Config::parse("planlint.toml", text, &planlint::rules::ids());
    }
});
