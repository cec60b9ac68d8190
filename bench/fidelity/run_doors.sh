#!/bin/bash
# usage: run_doors.sh BINARY OUTROOT REPO_DIR...
# Every door in JSON and human form, with exit code and wall time in OUTROOT/<repo>/exitcodes.tsv.
# Extra `verify PH` runs come from $PHASES_<name> (space-separated; dashes in <name> become _).
# The human report goes to stderr (*.stderr); verify writes its Markdown report to stdout.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); OUT=$2; shift 2
for R in "$@"; do
  name=$(basename $R); mkdir -p $OUT/$name; d=$(cd $OUT/$name && pwd)
  : > $d/exitcodes.tsv
  run() { # label, outfile, cmd...
    local label=$1 of=$2; shift 2
    local t0=$(date +%s.%N)
    ( cd $R && "$@" ) > $d/$of 2> $d/$of.stderr
    local rc=$?
    local t1=$(date +%s.%N)
    printf "%s\t%s\t%.3f\t%s\n" "$label" "$rc" "$(echo "$t1-$t0"|bc)" "$*" >> $d/exitcodes.tsv
  }
  run check-json check.json $BIN check --all --format json
  run check-human check.txt $BIN --color never check --all --format human
  run plans-json plans.json $BIN plans --format json
  run plans-human plans.txt $BIN --color never plans --format human
  run plans-list plans-list.txt $BIN plans --list
  run verify-bare-json verify.json $BIN verify --format json
  run verify-bare-human verify.txt $BIN --color never verify
  var=PHASES_${name//-/_}
  for p in ${!var:-}; do
    run verify-$p-json verify-$p.json $BIN verify $p --format json
    run verify-$p-human verify-$p.txt $BIN --color never verify $p
  done
  base=$(cd $R && git rev-parse HEAD~30); head=$(cd $R && git rev-parse HEAD)
  cat > $d/event.json <<EOJ
{"action":"synchronize","number":1,"pull_request":{"number":1,"base":{"ref":"main","sha":"$base"},"head":{"ref":"feature","sha":"$head"}}}
EOJ
  export GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH=$d/event.json
  run ci-range ci-range.txt $BIN ci --print-range
  run ci-json ci.json $BIN ci --format json
  run ci-human ci.txt $BIN --color never ci --format human
  unset GITHUB_ACTIONS GITHUB_EVENT_NAME GITHUB_EVENT_PATH
done
