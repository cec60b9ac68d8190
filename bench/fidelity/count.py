#!/usr/bin/env python3
"""Count planlint findings by door, rule and severity.

usage: count.py BINARY REPO [REPO ...] [--verify REPO=PH1,PH2 ...] [--verify-all] [--save DIR] [--ci-back N]

Runs, in each repository (read-only):
  check --all --format json
  plans --format json
  verify --format json             (bare) and `verify PH` for each --verify phase
  verify --all --format json       with --verify-all (binaries from after-final on; saved as verify-all.json)
  ci --format json                 with a made-up GitHub pull_request event
                                   (base = HEAD~N first-parent, default N=30; head = HEAD)
and prints one table row per (repo, door, rule, severity), then per-door totals with
exit code and wall time. --save DIR keeps each JSON as DIR/<repo>/<door>.json.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time


def run(binary, repo, args, env=None):
    e = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITLAB_CI"):
        e.pop(k, None)
    if env:
        e.update(env)
    t0 = time.time()
    p = subprocess.run([binary] + args, cwd=repo, env=e, capture_output=True, text=True)
    dt = time.time() - t0
    data = None
    if p.stdout.strip():
        try:
            data = json.loads(p.stdout)
        except json.JSONDecodeError:
            data = None
    return p.returncode, dt, data, p.stdout, p.stderr


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True,
                          text=True, check=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("repos", nargs="+")
    ap.add_argument("--verify", action="append", default=[],
                    help="REPO=PH1,PH2: also run `verify PH` (REPO is the basename)")
    ap.add_argument("--verify-all", action="store_true",
                    help="also run `verify --all` (the door is called verify-all)")
    ap.add_argument("--save", help="directory to keep the JSON outputs")
    ap.add_argument("--ci-back", type=int, default=30)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    phases = {}
    for v in a.verify:
        name, _, ph = v.partition("=")
        phases[name] = [p for p in ph.split(",") if p]

    rows = []      # (repo, door, rule, severity, n)
    totals = []    # (repo, door, rc, secs, n_findings, counts, err)
    tmp = tempfile.mkdtemp(prefix="planlint-count-")
    for repo in a.repos:
        repo = os.path.abspath(repo)
        name = os.path.basename(repo.rstrip("/"))
        doors = [("check", ["check", "--all", "--format", "json"], None),
                 ("plans", ["plans", "--format", "json"], None),
                 ("verify", ["verify", "--format", "json"], None)]
        if a.verify_all:
            doors.append(("verify-all", ["verify", "--all", "--format", "json"], None))
        for ph in phases.get(name, []):
            doors.append(("verify " + ph, ["verify", ph, "--format", "json"], None))
        base = git(repo, "rev-parse", "HEAD~%d" % a.ci_back)
        head = git(repo, "rev-parse", "HEAD")
        ev = os.path.join(tmp, name + "-event.json")
        with open(ev, "w") as f:
            json.dump({"action": "synchronize", "number": 1,
                       "pull_request": {"number": 1,
                                        "base": {"ref": "main", "sha": base},
                                        "head": {"ref": "feature", "sha": head}}}, f)
        doors.append(("ci", ["ci", "--format", "json"],
                      {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
                       "GITHUB_EVENT_PATH": ev}))
        for door, args, env in doors:
            rc, dt, data, out, err = run(binary, repo, args, env)
            if a.save:
                d = os.path.join(a.save, name)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, door.replace(" ", "-") + ".json"), "w") as f:
                    f.write(out)
            if data is None:
                totals.append((name, door, rc, dt, 0, {}, (err.strip().splitlines() or [""])[0]))
                continue
            c = collections.Counter((f["rule"], f["severity"]) for f in data.get("findings", []))
            for (rule, sev), n in sorted(c.items()):
                rows.append((name, door, rule, sev, n))
            totals.append((name, door, rc, dt, len(data.get("findings", [])),
                           data.get("counts", {}), ""))

    w = max([len(r[2]) for r in rows] + [20])
    print("%-20s %-12s %-*s %-8s %6s" % ("repo", "door", w, "rule", "severity", "n"))
    for r in rows:
        print("%-20s %-12s %-*s %-8s %6d" % (r[0], r[1], w, r[2], r[3], r[4]))
    print()
    print("%-20s %-12s %3s %8s %6s  %s" % ("repo", "door", "rc", "secs", "total", "blocker/error/warning/info  (or first stderr line)"))
    for name, door, rc, dt, n, counts, err in totals:
        cs = "/".join(str(counts.get(k, 0)) for k in ("blocker", "error", "warning", "info"))
        print("%-20s %-12s %3d %8.3f %6d  %s" % (name, door, rc, dt, n, cs if not err else err))


if __name__ == "__main__":
    sys.exit(main())
