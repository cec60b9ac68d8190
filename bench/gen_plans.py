#!/usr/bin/env python3
"""Generates a `.planning/` tree of N GSD plans for benchmarking `planlint plans`.

Usage: bench/gen_plans.py OUT_DIR [--plans 2000] [--per-phase 50]

OUT_DIR becomes a git repository holding `.planning/phases/NN-slug/` folders with plans in the
current template (every required field, must_haves with artifacts and key_links, three
`<task>` elements), a SUMMARY for every other plan, a VERIFICATION per phase, and one plan in
twenty with frontmatter that is not valid YAML (a regex in double quotes), so the tolerant
reader is measured too. Output is deterministic: the same arguments give the same bytes.
"""

import argparse
import os
import subprocess

PLAN = """---
phase: {phase:02d}-{slug}
plan: {plan:02d}
type: {kind}
wave: {wave}
depends_on: [{deps}]
files_modified:
  - src/{slug}/module_{plan:02d}.ts
  - src/{slug}/module_{plan:02d}.test.ts
  - src/shared/types_{phase:02d}_{plan:02d}.ts (generated)
autonomous: true
requirements: [{req}]
user_setup: []
must_haves:
  truths:
    - "Module {plan} of {slug} handles the happy path"
    - "Errors from module {plan} are reported to the caller"
  artifacts:
    - path: src/{slug}/module_{plan:02d}.ts
      provides: "Module {plan} implementation"
      min_lines: 30
      exports: ["handle{plan}", "Module{plan}"]
      contains: "export"
  key_links:
    - from: src/{slug}/module_{plan:02d}.ts
      to: src/shared/types_{phase:02d}_{plan:02d}.ts
      via: "shared types"
      pattern: {pattern}
---

# Phase {phase}, Plan {plan}: {slug} module {plan}

## Objective
Build module {plan} of {slug} with tests.

<tasks>
<task type="auto">
  <name>Task 1: write the failing tests</name>
  <files>src/{slug}/module_{plan:02d}.test.ts</files>
  <action>Cover the happy path and the error path.</action>
  <verify>npm test -- module_{plan:02d}</verify>
</task>
<task type="auto">
  <name>Task 2: implement the module</name>
  <files>src/{slug}/module_{plan:02d}.ts</files>
  <action>Implement handle{plan} using the shared types.</action>
  <verify>npm test -- module_{plan:02d}</verify>
</task>
<task type="auto">
  <name>Task 3: wire the types</name>
  <files>src/shared/types_{phase:02d}_{plan:02d}.ts</files>
  <action>Generate and import the types.</action>
  <verify>npm run typecheck</verify>
</task>
</tasks>
"""

SUMMARY = """---
phase: {phase:02d}-{slug}
plan: {plan:02d}
subsystem: {slug}
key-files:
  created: [src/{slug}/module_{plan:02d}.ts]
  modified: [src/shared/types_{phase:02d}_{plan:02d}.ts]
requirements-completed: [{req}]
duration: 12min
---

# Phase {phase} Plan {plan} Summary

- Task 1: tests - `{h1}` (test)
- Task 2: module - `{h2}` (feat)

## Self-Check: PASSED
"""

VERIFICATION = """---
phase: {phase:02d}-{slug}
verified: 2026-05-22T17:25:50Z
status: passed
score: {n}/{n} must-haves verified
---

# Phase {phase} Verification
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--plans", type=int, default=2000)
    ap.add_argument("--per-phase", type=int, default=50)
    args = ap.parse_args()
    total = 0
    phase = 0
    while total < args.plans:
        phase += 1
        slug = f"area{phase}"
        folder = os.path.join(args.out, ".planning", "phases", f"{phase:02d}-{slug}")
        count = min(args.per_phase, args.plans - total)
        for plan in range(1, count + 1):
            # Waves of ten plans; each plan after the first wave depends on one of the wave before.
            wave = (plan - 1) // 10 + 1
            deps = f'"{phase:02d}-{plan - 10:02d}"' if plan > 10 else ""
            broken = (total + plan) % 20 == 0
            pattern = '"handle\\(.*\\)"' if broken else "'handle\\(.*\\)'"
            req = f"REQ-{phase:02d}{plan:02d}"
            fields = dict(
                phase=phase,
                plan=plan,
                slug=slug,
                kind="tdd" if plan % 3 == 0 else "execute",
                wave=wave,
                deps=deps,
                req=req,
                pattern=pattern,
            )
            stem = f"{phase:02d}-{plan:02d}"
            write(os.path.join(folder, f"{stem}-PLAN.md"), PLAN.format(**fields))
            if plan % 2 == 0:
                n = phase * 1000 + plan
                write(
                    os.path.join(folder, f"{stem}-SUMMARY.md"),
                    SUMMARY.format(h1=f"{n:07x}a", h2=f"{n:07x}b", **fields),
                )
        write(
            os.path.join(folder, f"{phase:02d}-VERIFICATION.md"),
            VERIFICATION.format(phase=phase, slug=slug, n=count),
        )
        total += count
    if not os.path.isdir(os.path.join(args.out, ".git")):
        subprocess.run(["git", "init", "-q", args.out], check=True)
    print(f"{total} plans in {phase} phases under {args.out}/.planning")


if __name__ == "__main__":
    main()
