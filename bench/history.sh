#!/bin/sh
# The range door on a findings-heavy history (bench/gen_history.py: 23,001 commits shaped like
# rust-lang/cargo's, most headers plain English, about 15,500 message findings and 7,300 scan
# findings), side by side with git itself:
#   1. messages, JSON:  planlint --format json check --all --messages-only  vs  git log --format=%B
#   2. everything:      planlint --format json check --all                 vs  git log -p -M
#   3. peak memory of 2, both sides (target: 64 MB), and planlint's as the range grows (last
#      2,000, 5,000, 11,500 and all 23,001 commits: flat is the target).
# Each pair runs in one hyperfine invocation, ROUNDS times with the order alternated.
# Usage: bench/history.sh   (ROUNDS, RUNS, WARMUP tune it; CORPUS picks the repository)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
planlint=${PLANLINT:-$here/../target/release/planlint}
rounds=${ROUNDS:-3}
runs=${RUNS:-10}
warmup=${WARMUP:-2}
corpus=${CORPUS:-$here/corpus/cargo-like}

[ -x "$planlint" ] || (cd "$here/.." && cargo build --release --quiet)
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
[ -d "$corpus/.git" ] || python3 "$here/gen_history.py" --out "$corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/lib.sh"
cd "$corpus"
echo "corpus: $corpus ($(git rev-list --count HEAD) commits, $(git count-objects -vH | sed -n 's/size-pack: //p') packed)"
echo "planlint: $("$planlint" --version)  $(git --version)"
"$planlint" --format json check --all > "$work/all.json" 2>/dev/null || true
python3 - "$work/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("findings of a full check: %d (%s), %d bytes of JSON" % (len(d["findings"]), d["counts"], len(open(sys.argv[1]).read())))
PY
# Warm the page cache the same way for everyone.
git log -p -M >/dev/null

echo "== messages, JSON out"
pair "planlint messages json" "$planlint --format json check --all --messages-only" \
     "git log --format=%B" "git log --format=%B"
cpu planlint "$planlint --format json check --all --messages-only"; cpu git "git log --format=%B"

echo "== everything, JSON out"
pair "planlint check json" "$planlint --format json check --all" \
     "git log -p -M" "git log -p -M"

echo "== peak memory ($runs runs each)"
peak "planlint --format json check --all" "$planlint --format json check --all"
peak "git log -p -M" "git log -p -M"
for n in 2000 5000 11500; do
  from=$(git rev-list HEAD | sed -n "${n}p")
  peak "planlint, last $n commits" "$planlint --format json check $from..HEAD"
done
