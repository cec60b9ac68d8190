# Shared by the range benchmarks (check.sh, history.sh): set `rounds`, `runs`, `warmup` and
# `work` (a scratch folder) before sourcing.

# One pair, ROUNDS times, order alternated; prints medians and the ratio per round.
pair() {
  name_a=$1 cmd_a=$2 name_b=$3 cmd_b=$4
  i=1
  while [ "$i" -le "$rounds" ]; do
    if [ $((i % 2)) -eq 1 ]; then
      set -- -n "$name_a" "$cmd_a" -n "$name_b" "$cmd_b"
    else
      set -- -n "$name_b" "$cmd_b" -n "$name_a" "$cmd_a"
    fi
    # planlint exits 1 on findings (the corpora carry them on purpose): -i.
    hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$work/r.json" "$@" >/dev/null 2>&1
    python3 - "$work/r.json" "$i" "$name_a" "$name_b" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
a, b = res[sys.argv[3]], res[sys.argv[4]]
cell = lambda r: "%s median %.0f ms mean %.0f ms (user %.0f ms)" % (r["command"], r["median"] * 1e3, r["mean"] * 1e3, r["user"] * 1e3)
print("round %s: %s | %s | ratio %.2fx" % (sys.argv[2], cell(a), cell(b), a["median"] / b["median"]))
EOF
    i=$((i + 1))
  done
}

cpu() {   # CPU time (task-clock) of one command, RUNS runs
  if command -v perf >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    perf stat -x, -e task-clock -r "$runs" $2 2>&1 >/dev/null | awk -F, -v n="$1" '/task-clock/ {printf "  cpu %s: %.0f ms\n", n, $1}'
  fi
}

# Peak resident memory of one run in kB, "total anon": the kernel's high-water mark (VmHWM,
# what GNU time's %M reports) and the highest anonymous part seen (RssAnon, sampled every
# 10 ms: the rest is files mapped in, the pack git and planlint both read).
peak_once() {
  # shellcheck disable=SC2086
  $1 >/dev/null 2>&1 &
  pid=$!; hwm=0; anon=0
  while kill -0 "$pid" 2>/dev/null; do
    set -- $(awk '/VmHWM/ {h = $2} /RssAnon/ {a = $2} END {print h + 0, a + 0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
    [ "${1:-0}" -gt "$hwm" ] && hwm=$1
    [ "${2:-0}" -gt "$anon" ] && anon=$2
    sleep 0.01
  done
  wait "$pid" 2>/dev/null || true
  echo "$hwm $anon"
}

peak() {  # peak NAME CMD: RUNS runs, median and highest of both figures
  i=0; : > "$work/peaks"
  while [ "$i" -lt "$runs" ]; do peak_once "$2" >> "$work/peaks"; i=$((i + 1)); done
  python3 - "$work/peaks" "$1" <<'EOF'
import statistics, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
hwm, anon = [r[0] for r in rows], [r[1] for r in rows]
print("  %s: peak RSS median %d kB, highest %d kB; of it anonymous median %d kB, highest %d kB"
      % (sys.argv[2], statistics.median(hwm), max(hwm), statistics.median(anon), max(anon)))
EOF
}
