#!/bin/sh
# Whole-process time of the commit-msg door: `planlint msg FILE` against committed
# (`committed --commit-file FILE`, from crates.io) on the same message file, side by side in one
# hyperfine run, repeated ROUNDS times. The file is what a commit-msg hook gets from
# `git commit -v`: a header, a body, trailers, git's comment block, the scissors line and a diff.
#
# Needs: hyperfine, committed (`cargo install committed --locked`), a release build of planlint
# (built here when missing). Usage: bench/msg.sh [ROUNDS] [RUNS]
set -eu

ROUNDS=${1:-3}
RUNS=${2:-300}
here=$(cd "$(dirname "$0")/.." && pwd)
planlint=${PLANLINT:-$here/target/release/planlint}
committed=${COMMITTED:-$(command -v committed || echo "$HOME/.cargo/bin/committed")}

[ -x "$planlint" ] || (cd "$here" && cargo build --release --quiet)
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
[ -x "$committed" ] || { echo "committed is missing (cargo install committed --locked)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
git init -q -b main "$repo"
cd "$repo"

# A GSD tree shaped like a real project's after a year: three archived milestones of ten
# phases (five plans each, with SUMMARYs, VERIFICATION and UAT), the current milestone's eight
# phases of six plans, 60 dated and 20 numbered quick tasks, research and codebase maps, and
# the project files. 278 plans; the message names one of the current milestone's.
plan() {  # plan DIR STEM PHASE PLAN
  printf -- '---\nphase: %s\nplan: %s\ntype: execute\nwave: 1\ndepends_on: []\nfiles_modified: [src/a.ts]\nautonomous: true\nmust_haves:\n  truths: ["works"]\n---\n\n<tasks><task>do it</task></tasks>\n' "$3" "$4" > "$1/$2-PLAN.md"
  printf -- '---\nphase: %s\nplan: %s\n---\n\n# Summary\n' "$3" "$4" > "$1/$2-SUMMARY.md"
}
for m in 1 2 3; do
  for n in 01 02 03 04 05 06 07 08 09 10; do
    ph=$(( (m - 1) * 10 + ${n#0} ))
    ph=$(printf '%02d' "$ph")
    d=.planning/milestones/v$m.0-phases/$ph-phase-$ph
    mkdir -p "$d"
    for pl in 01 02 03 04 05; do plan "$d" "$ph-$pl" "$ph" "$pl"; done
    printf -- '---\nstatus: passed\n---\n' > "$d/$ph-VERIFICATION.md"
    printf '# UAT\n' > "$d/$ph-UAT.md"
  done
  printf '# v%s.0\n' "$m" > ".planning/milestones/v$m.0-ROADMAP.md"
  printf '# v%s.0\n' "$m" > ".planning/milestones/v$m.0-REQUIREMENTS.md"
done
for ph in 31 32 33 34 35 36 37 38; do
  d=.planning/phases/$ph-phase-$ph
  mkdir -p "$d"
  for pl in 01 02 03 04 05 06; do plan "$d" "$ph-$pl" "$ph" "$pl"; done
  printf '# context\n' > "$d/$ph-CONTEXT.md"
  printf '# research\n' > "$d/$ph-RESEARCH.md"
done
i=0
while [ $i -lt 60 ]; do
  id=$(printf '2606%02d-%03x' $(( i % 28 + 1 )) $(( i * 37 % 4096 )))
  d=.planning/quick/$id-task-$i
  mkdir -p "$d"
  plan "$d" "$id" quick 01
  i=$((i + 1))
done
i=1
while [ $i -le 20 ]; do
  n=$(printf '%03d' $i)
  d=.planning/quick/$n-old-task-$i
  mkdir -p "$d"
  plan "$d" "$n" quick 01
  i=$((i + 1))
done
mkdir -p .planning/research .planning/codebase
for f in STACK FEATURES ARCHITECTURE PITFALLS SUMMARY; do printf '# %s\n' $f > .planning/research/$f.md; done
for f in STACK ARCHITECTURE STRUCTURE CONVENTIONS TESTING INTEGRATIONS CONCERNS; do printf '# %s\n' $f > .planning/codebase/$f.md; done
for f in PROJECT ROADMAP REQUIREMENTS MILESTONES; do printf '# %s\n' $f > .planning/$f.md; done
printf '# State\n\nPhase: 37 of 38 (Rendering)\n' > .planning/STATE.md
printf '{"commit_docs": true, "mode": "yolo"}\n' > .planning/config.json
echo "tree: $(find .planning -name '*-PLAN.md' | wc -l) plans, $(find .planning -type d | wc -l) folders, $(find .planning -type f | wc -l) files"

# committed checks Conventional Commits with the same limits planlint applies.
cat > committed.toml <<'EOF'
style = "conventional"
subject_length = 100
line_length = 0
subject_capitalized = false
imperative_subject = false
allowed_types = ["feat", "fix", "test", "refactor", "perf", "docs", "style", "chore", "build", "ci", "revert", "wip", "spec"]
EOF

msg=$repo/COMMIT_EDITMSG
cat > "$msg" <<'EOF'
feat(37-03): add batch rendering of plan summaries

Render every summary of a phase in one pass instead of one process per
file, which keeps the verifier under its time budget on large phases.

Refs: #214
Signed-off-by: Ann Example <ann@example.com>
# Please enter the commit message for your changes. Lines starting
# with '#' will be ignored, and an empty message aborts the commit.
#
# On branch main
# Changes to be committed:
#	modified:   src/render.rs
#
# ------------------------ >8 ------------------------
# Do not modify or remove the line above.
# Everything below it will be ignored.
diff --git a/src/render.rs b/src/render.rs
index 3b18e51..a9c2f7d 100644
--- a/src/render.rs
+++ b/src/render.rs
@@ -1,3 +1,4 @@
+pub fn batch() {}
 pub fn one() {}
EOF

echo "planlint: $("$planlint" --version)  committed: $("$committed" --version)"
echo "exit codes on this file: planlint $("$planlint" msg "$msg" >/dev/null 2>&1; echo $?), committed $("$committed" --commit-file "$msg" --config committed.toml >/dev/null 2>&1; echo $?)"

p_cmd="$planlint msg $msg"
c_cmd="$committed --commit-file $msg --config committed.toml"
# cocogitto and convco, when installed (bench/run installs them), run in the same rounds as
# further anchors. Their exit codes on this file are printed: they are timed either way.
extra=""
if command -v cog >/dev/null 2>&1; then
  echo "cocogitto: $(cog --version) exit code $(cog verify --file "$msg" >/dev/null 2>&1; echo $?)"
  extra="cog"
fi
if command -v convco >/dev/null 2>&1; then
  echo "convco: $(convco --version) exit code $(convco check --from-stdin < "$msg" >/dev/null 2>&1; echo $?)"
  extra="$extra convco"
fi
i=1
while [ "$i" -le "$ROUNDS" ]; do
  # Alternate which command goes first, so a load change during a round favours neither.
  if [ $((i % 2)) -eq 1 ]; then
    set -- -n planlint "$p_cmd" -n committed "$c_cmd"
  else
    set -- -n committed "$c_cmd" -n planlint "$p_cmd"
  fi
  for tool in $extra; do
    case $tool in
      cog) set -- "$@" -n cocogitto "cog verify --file $msg" ;;
      # convco reads the message on stdin only: a shell feeds it (about 1 ms of sh included).
      convco) set -- "$@" -n convco "sh -c 'convco check --from-stdin < $msg'" ;;
    esac
  done
  hyperfine -N -i --warmup 30 --runs "$RUNS" --export-json "$work/round$i.json" "$@" >/dev/null
  python3 - "$work/round$i.json" "$i" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
cells = ["%s median %.2f ms (mean %.2f ± %.2f)" % (r["command"], r["median"] * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3)
         for r in data["results"]]
print("round %s: %s" % (sys.argv[2], " | ".join(cells)))
EOF
  i=$((i + 1))
done

# CPU time per process, which a busy machine disturbs far less than wall-clock time.
if command -v perf >/dev/null 2>&1; then
  for name in planlint committed; do
    if [ "$name" = planlint ]; then cmd=$p_cmd; else cmd=$c_cmd; fi
    # shellcheck disable=SC2086
    cpu=$(perf stat -x, -e task-clock -r "$RUNS" $cmd 2>&1 >/dev/null | awk -F, '/task-clock/ {printf "%.2f", $1}')
    echo "perf stat task-clock ($RUNS runs): $name $cpu ms"
  done
fi
