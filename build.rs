//! Links the planlint binary as a position-dependent executable on GNU/Linux.
//!
//! planlint runs once per commit as a commit-msg hook, where start-up is most of its time. A
//! position-independent executable (Rust's default) carries about 24,000 relative relocations
//! that the dynamic loader applies at every start, writing to 430 KB of `.data.rel.ro`: a
//! fifth to a third of the hook's wall-clock time on a 2-core machine (BENCHMARKS.md, "Linked
//! at a fixed address"). Linked at a fixed address, the linker resolves them once and the
//! loader has about a hundred left. The cost is that the binary's own code is not placed at a random address
//! (libraries, stack and heap still are). Build with `PLANLINT_PIE=1` to keep the default.
//! Static builds and other targets (the release binaries are static musl builds) are linked
//! as Rust links them.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PLANLINT_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    let keep_pie = std::env::var_os("PLANLINT_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    // A static build (`+crt-static`) is linked `-static-pie`, which `-no-pie` would turn into
    // a static binary that still asks for the dynamic loader, and crashes: it has no loader's
    // relocations to save anyway.
    let static_crt = std::env::var("CARGO_CFG_TARGET_FEATURE")
        .is_ok_and(|f| f.split(',').any(|f| f == "crt-static"));
    if linux && gnu && !keep_pie && !static_crt {
        // Last of rustc's own `-pie` and this one wins, with gcc and clang alike.
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
