#!/bin/sh
# The range door on a generated GSD-shaped repository of 20,000 commits (bench/gen_corpus.py,
# built with git fast-import and packed as a fresh clone), side by side with git itself:
#   1. messages only:   planlint check --all --messages-only   vs  git log --format=%B
#   2. changed files:   planlint check --all --no-scan         vs  git log --name-status -M --format=%H
#   3. everything:      planlint check --all (messages, diff rules, scan of added lines)
#   4. pre-push of the last 50 commits, fed git's stdin line (target: under 100 ms)
#   5. peak memory of 2 and 3 (target: under 64 MB), from GNU time or /proc, RUNS runs each.
# Each pair runs in one hyperfine invocation, ROUNDS times with the order alternated, and
# `perf stat` adds CPU time, which a busy machine disturbs far less than wall-clock time.
# Usage: bench/check.sh [COMMITS]   (ROUNDS, RUNS, WARMUP tune it; CORPUS picks the repository;
# LAYOUT=fast-import keeps fast-import's delta chains, oldest version as base, where gix must
# resolve long chains: see the report for how much slower that is)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
planlint=${PLANLINT:-$here/../target/release/planlint}
commits=${1:-20000}
rounds=${ROUNDS:-3}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
layout=${LAYOUT:-clone}
case $layout in
  clone) corpus=${CORPUS:-$here/corpus/gsd-$commits}; gen_flags="" ;;
  fast-import) corpus=${CORPUS:-$here/corpus/gsd-$commits-fast-import}; gen_flags="--fast-import-deltas" ;;
  *) echo "LAYOUT is clone or fast-import" >&2; exit 2 ;;
esac

[ -x "$planlint" ] || (cd "$here/.." && cargo build --release --quiet)
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
if [ ! -d "$corpus/.git" ]; then
  # shellcheck disable=SC2086
  python3 "$here/gen_corpus.py" --commits "$commits" --out "$corpus" $gen_flags
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$corpus"
echo "corpus: $corpus ($(git rev-list --count HEAD) commits, $(git count-objects -vH | sed -n 's/size-pack: //p') packed)"
echo "planlint: $("$planlint" --version)  $(git --version)"
# Warm the page cache the same way for everyone.
git log --name-status --format=%H >/dev/null

. "$here/lib.sh"

echo "== messages only"
pair "planlint check --all --messages-only" "$planlint check --all --messages-only" \
     "git log --format=%B" "git log --format=%B"
cpu planlint "$planlint check --all --messages-only"; cpu git "git log --format=%B"

echo "== changed files"
pair "planlint check --all --no-scan" "$planlint check --all --no-scan" \
     "git log --name-status -M --format=%H" "git log --name-status -M --format=%H"
cpu planlint "$planlint check --all --no-scan"; cpu git "git log --name-status -M --format=%H"

echo "== everything (messages, diff rules, scan of added lines)"
hyperfine -N -i --warmup 1 --runs "$runs" -n "planlint check --all" "$planlint check --all" \
  | grep -E "Time|Range"

echo "== pre-push of the last 50 commits"
head=$(git rev-parse HEAD)
base=$(git rev-parse HEAD~50)
printf 'refs/heads/main %s refs/heads/main %s\n' "$head" "$base" > "$work/push.txt"
# hyperfine 1.15 has no --input: a shell redirects stdin (about 1 ms of sh included).
hyperfine -i --warmup 5 --runs "$((runs * 5))" \
  -n "planlint pre-push (50 commits)" "$planlint pre-push origin < $work/push.txt" \
  | grep -E "Time|Range"

echo "== peak memory ($runs runs each)"
peak "planlint check --all --no-scan" "$planlint check --all --no-scan"
peak "planlint check --all" "$planlint check --all"
peak "git log --name-status -M --format=%H" "git log --name-status -M --format=%H"
