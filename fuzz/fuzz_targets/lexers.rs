//! Every language's lexer: any bytes give contiguous regions covering the input exactly once,
//! and the scanner built on them gives findings on lines that exist. Never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use planlint::config::ScanConfig;
use planlint::scan::lang::Lang;
use planlint::scan::lexer::Lexer;
use planlint::scan::scanner::Scanner;

const PATHS: &[&str] = &[
    "a.rs", "a.ts", "a.py", "a.go", "a.java", "a.kt", "a.swift", "a.c", "a.cpp", "a.cs", "a.rb",
    "a.php", "a.sh", "a.dart", "a.scala", "a.lua", "a.sql", "a.yaml", "a.toml", "a.html", "a.vue",
];

fuzz_target!(|data: &[u8]| {
    for lang in Lang::ALL {
        let mut lx = Lexer::new(lang.syntax(), data);
        let mut at = 0;
        while let Some(r) = lx.next_region() {
            assert_eq!(r.start, at, "{lang:?}");
            assert!(r.end > r.start, "{lang:?}");
            at = r.end;
        }
        assert_eq!(at, data.len(), "{lang:?}");
    }
    // Built once: compiling the rule set per input would be most of the work.
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    let scanner = SCANNER.get_or_init(|| Scanner::new(&ScanConfig::default()).expect("default scan config"));
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u32;
    let path = PATHS[data.first().map_or(0, |&b| b as usize % PATHS.len())];
    for f in scanner.scan(path, data, None).findings {
        assert!(f.location.line.is_some_and(|l| l >= 1 && l <= lines), "{f:?}");
    }
});
