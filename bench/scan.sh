#!/bin/sh
# Whole-tree `planlint scan` side by side with ripgrep running the same regex set over the same
# file types, and with leasot (npm) as a second anchor, in one hyperfine run.
#
#   bench/scan.sh [TREE]        default TREE: the crate sources of the local cargo registry
#
# Needs: a release build (cargo build --release), hyperfine, rg, leasot (npm install -g leasot).
# bench/scan-patterns.txt and bench/scan-globs.txt are generated from the scanner's own tables
# (a unit test keeps them current), so ripgrep searches for exactly the candidates planlint
# does; planlint then also lexes the files with candidates and confirms each match.
# RUNS (default 10) and WARMUP (default 2) tune hyperfine; EXPORT names a markdown export file.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 0 ]; then
    tree=$1
else
    set -- "$HOME"/.cargo/registry/src/*/
    tree=${1%/}
fi
planlint=${PLANLINT:-$here/../target/release/planlint}
runs=${RUNS:-10}
warmup=${WARMUP:-2}

for tool in hyperfine rg leasot; do
    command -v "$tool" >/dev/null || { echo "bench/scan.sh: $tool is not installed" >&2; exit 2; }
done
[ -x "$planlint" ] || { echo "bench/scan.sh: build first: cargo build --release" >&2; exit 2; }

globs=""
while IFS= read -r g; do
    globs="$globs --iglob '$g'"
done < "$here/scan-globs.txt"

echo "tree: $tree ($(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1))"
echo "planlint: $("$planlint" --version), $(rg --version | sed -n 1p), leasot $(leasot --version)"

json=${EXPORT_JSON:-$(mktemp)}
set -- --warmup "$warmup" --runs "$runs" --ignore-failure --export-json "$json"
if [ -n "${EXPORT:-}" ]; then
    set -- "$@" --export-markdown "$EXPORT"
fi
hyperfine "$@" \
    -n "planlint scan" \
    "'$planlint' -C '$tree' scan" \
    -n "rg, same patterns, same file types" \
    "rg --no-unicode -f '$here/scan-patterns.txt' $globs '$tree'" \
    -n "rg, same patterns, all files" \
    "rg --no-unicode -f '$here/scan-patterns.txt' '$tree'" \
    -n "leasot (TODO FIXME XXX TBD HACK)" \
    "leasot --exit-nicely --skip-unsupported --tags XXX,TBD,HACK '$tree/**/*'"

# Medians, and each against planlint's.
python3 - "$json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print("\nmedian of %d runs:" % len(results[0]["times"]))
for r in results:
    print("  %-40s %7.3f s  %5.2fx" % (r["command"], r["median"], r["median"] / base))
PY
