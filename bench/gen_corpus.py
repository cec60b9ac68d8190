#!/usr/bin/env python3
"""Generates a GSD-shaped git repository for planlint's benchmarks, quickly, via git fast-import.

    bench/gen_corpus.py [--commits 20000] [--out bench/corpus] [--seed 1] [--fast-import-deltas]

History shape (what GSD leaves behind): phases of 3-5 plans; each phase starts with a
`docs(NN): create phase plan` commit adding PLAN.md files whose frontmatter declares
`files_modified`; each plan is executed as `test(NN-MM)` / `feat(NN-MM)` / `fix(NN-MM)` /
`refactor(NN-MM)` commits (a refactor renames a file), and closed by a
`docs(NN-MM): complete ... plan` commit adding the SUMMARY and updating STATE.md. Now and then a
commit strays outside its plan's files, and unscoped `chore:`/`docs(state):` commits appear.
Deterministic for a given seed. Needs only python3 and git.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

WORDS = ("auth session token cache queue router parser render store index billing "
         "invoice upload search profile audit metrics export import schedule notify").split()
EXTS = (".ts", ".py", ".rs", ".go")


def code(rng, path, n):
    lines = [f"// {path}", ""]
    for i in range(n):
        w = rng.choice(WORDS)
        if path.endswith(".py"):
            lines.append(f"def {w}_{i}(x):\n    return x + {rng.randint(0, 999)}\n")
        else:
            lines.append(f"function {w}_{i}(x) {{ return x + {rng.randint(0, 999)}; }}")
    if rng.random() < 0.05:
        lines.append("// TODO: tighten this")
    return "\n".join(lines) + "\n"


class Stream:
    """Writes a fast-import stream to git's stdin."""

    def __init__(self, proc):
        self.out = proc.stdin
        self.mark = 0
        self.time = 1_700_000_000

    def data(self, text):
        b = text.encode()
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def commit(self, message, ops):
        self.mark += 1
        self.time += 97
        self.out.write(b"commit refs/heads/main\n")
        self.out.write(b"mark :%d\n" % self.mark)
        self.out.write(b"author Bench <bench@example.com> %d +0000\n" % self.time)
        self.out.write(b"committer Bench <bench@example.com> %d +0000\n" % self.time)
        self.data(message)
        if self.mark > 1:
            self.out.write(b"from :%d\n" % (self.mark - 1))
        for op in ops:
            if op[0] == "M":
                self.out.write(b"M 100644 inline %s\n" % op[1].encode())
                self.data(op[2])
            elif op[0] == "D":
                self.out.write(b"D %s\n" % op[1].encode())
            elif op[0] == "R":
                self.out.write(b'R "%s" "%s"\n' % (op[1].encode(), op[2].encode()))
        self.out.write(b"\n")


def plan_doc(phase, plan, files, tdd):
    fm = "\n".join(f"  - {f}" for f in files)
    return (f"---\nphase: {phase:02d}-work\nplan: {plan:02d}\ntype: {'tdd' if tdd else 'execute'}\n"
            f"wave: 1\ndepends_on: []\nfiles_modified:\n{fm}\nautonomous: true\n"
            f"requirements: [REQ-{phase:02d}]\nmust_haves:\n  truths: [\"it works\"]\n---\n\n"
            f"# Plan {phase:02d}-{plan:02d}\n\n<task>do it</task>\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "corpus"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fast-import-deltas", action="store_true",
                    help="keep fast-import's delta chains (each version a delta of the one "
                         "before) instead of repacking as a clone would be")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True, env=env)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.out,
                            stdin=subprocess.PIPE, env=env)
    s = Stream(proc)
    s.commit("chore: initial commit\n", [("M", "README.md", "# corpus\n"),
                                          ("M", ".planning/config.json", '{"commit_docs": true}\n'),
                                          ("M", ".planning/STATE.md", "phase 0\n")])
    existing = []
    phase = 0
    while s.mark < args.commits:
        phase += 1
        nplans = rng.randint(3, 5)
        plans = []
        ops = []
        for p in range(1, nplans + 1):
            new = [f"src/{rng.choice(WORDS)}{phase}/{rng.choice(WORDS)}{p}{rng.choice(EXTS)}"
                   for _ in range(rng.randint(1, 3))]
            old = rng.sample(existing, min(len(existing), rng.randint(0, 2)))
            files = sorted(set(new + old))
            tdd = rng.random() < 0.2
            test = f"tests/{phase}/{p}_test.ts"
            files.append(test)
            plans.append((p, files, tdd, test))
            ops.append(("M", f".planning/phases/{phase:02d}-work/{phase:02d}-{p:02d}-PLAN.md",
                        plan_doc(phase, p, files, tdd)))
        s.commit(f"docs({phase:02d}): create phase plan\n", ops)
        for p, files, tdd, test in plans:
            sid = f"{phase:02d}-{p:02d}"
            src = [f for f in files if f != test]
            steps = []
            if tdd:
                steps.append(("test", [test]))
            for _ in range(rng.randint(2, 6)):
                kind = rng.choice(("feat", "feat", "fix", "test", "refactor"))
                steps.append((kind, rng.sample(src, min(len(src), rng.randint(1, 2)))
                              if kind != "test" else [test]))
            for kind, paths in steps:
                if s.mark >= args.commits:
                    break
                ops = [("M", f, code(rng, f, rng.randint(5, 40))) for f in paths]
                if kind == "refactor" and rng.random() < 0.5 and existing:
                    victim = rng.choice(existing)
                    moved = victim.replace("src/", "src/moved/", 1)
                    if moved not in existing:
                        ops = [("R", victim, moved)]
                        existing.remove(victim)
                        existing.append(moved)
                if rng.random() < 0.05:
                    ops.append(("M", f"src/misc/stray{rng.randint(0, 50)}.ts", code(rng, "x", 3)))
                desc = f"{rng.choice(('add', 'wire', 'handle', 'cover'))} {rng.choice(WORDS)}"
                body = "" if rng.random() < 0.7 else f"\n\nWhy: {rng.choice(WORDS)} needed it.\n"
                s.commit(f"{kind}({sid}): {desc}{body}\n", ops)
                for op in ops:
                    if op[0] == "M" and op[1].startswith("src/") and op[1] not in existing:
                        existing.append(op[1])
            if s.mark >= args.commits:
                break
            s.commit(f"docs({sid}): complete {rng.choice(WORDS)} plan\n",
                     [("M", f".planning/phases/{phase:02d}-work/{sid}-SUMMARY.md",
                       f"# {sid} summary\n\nDone.\n"),
                      ("M", ".planning/STATE.md", f"phase {phase} plan {p}\n")])
            if rng.random() < 0.1 and s.mark < args.commits:
                s.commit("chore: bump dependencies\n", [("M", "Cargo.lock", f"# {s.mark}\n")])
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    # What a fresh clone looks like: one pack with deltas computed afresh (newer versions as
    # bases, as a server packs them), a commit-graph, and a checkout. fast-import's own chains
    # run the other way (every version a delta of the one before), which `git gc` keeps.
    if args.fast_import_deltas:
        subprocess.run(["git", "gc", "-q"], cwd=args.out, check=True, env=env)
    else:
        subprocess.run(["git", "repack", "-a", "-d", "-f", "-q"], cwd=args.out, check=True, env=env)
        subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=args.out,
                       check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True, env=env)
    print(f"{args.out}: {s.mark} commits, {phase} phases")


if __name__ == "__main__":
    main()
