#!/bin/sh
# Benchmarks `planlint plans` (lint) and `planlint plans --list` on a generated tree of 2,000
# plans. Usage: bench/plans.sh [PLANLINT_BINARY] [OUT_DIR]
# Needs python3 and hyperfine; build first with `cargo build --release`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../target/release/planlint}
out=${2:-${TMPDIR:-/tmp}/planlint-bench-plans}
rm -rf "$out"
python3 "$here/gen_plans.py" "$out" --plans 2000 --per-phase 50
cd "$out"
# `plans` exits 1: one plan in twenty has invalid YAML on purpose (-i keeps hyperfine going).
hyperfine --warmup 3 --runs 30 -N -i \
    "$bin plans" \
    "$bin plans --list"
