#!/bin/sh
# The range door on a generated GSD-shaped repository of 20,000 commits (bench/gen_corpus.py,
# built with git fast-import), side by side in one hyperfine run with git itself:
#   1. messages only:   planlint check --all --messages-only   vs  git log --format=%B
#   2. changed files:   planlint check --all --no-scan         vs  git log --name-status -M --format=%H
#   3. pre-push sized:  planlint check HEAD~50..HEAD            (target: under 100 ms)
#   4. peak memory of planlint check --all (target: under 64 MB), from /usr/bin/time -v or
#      /proc when GNU time is missing.
# Usage: bench/check.sh [COMMITS]   (RUNS, WARMUP tune hyperfine)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
planlint=${PLANLINT:-$here/../target/release/planlint}
commits=${1:-20000}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
corpus=${CORPUS:-$here/corpus/gsd-$commits}

[ -x "$planlint" ] || (cd "$here/.." && cargo build --release --quiet)
if [ ! -d "$corpus/.git" ]; then
  python3 "$here/gen_corpus.py" --commits "$commits" --out "$corpus"
fi
cd "$corpus"
echo "corpus: $corpus ($(git rev-list --count HEAD) commits)"
# Warm git's and planlint's view of the repository the same way (pack files in the page cache).
git log --format=%H >/dev/null

# planlint exits 1 on findings (the corpus has stray files on purpose): -i keeps hyperfine going.
hyperfine -N -i --warmup "$warmup" --runs "$runs" \
  -n "planlint check --all --messages-only" "$planlint check --all --messages-only" \
  -n "git log --format=%B" "git log --format=%B"
hyperfine -N -i --warmup "$warmup" --runs "$runs" \
  -n "planlint check --all --no-scan" "$planlint check --all --no-scan" \
  -n "git log --name-status -M --format=%H" "git log --name-status -M --format=%H"
hyperfine -N -i --warmup "$warmup" --runs "$((runs * 3))" \
  -n "planlint check HEAD~50..HEAD (pre-push sized)" "$planlint check HEAD~50..HEAD"

if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$planlint" check --all >/dev/null 2>"$corpus.time" || true
  grep "Maximum resident" "$corpus.time" | sed 's/^\s*/peak memory, planlint check --all: /'
else
  "$planlint" check --all >/dev/null 2>&1 &
  pid=$!; peak=0
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
    sleep 0.01
  done
  echo "peak memory, planlint check --all: $peak kB (VmHWM, sampled)"
fi
