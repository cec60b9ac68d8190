#!/usr/bin/env python3
"""Generates a findings-heavy history shaped like rust-lang/cargo's, via git fast-import.

    bench/gen_history.py [--commits 23000] [--out bench/corpus/cargo-like] [--seed 1]

What it imitates (cargo at 23,077 commits, where planlint reports about 20,000 findings): a
bors-style main line where pull requests of one to four commits land through merge commits
(`Auto merge of #1234 - user:branch, r=reviewer`); most commit headers are plain English
(`Fix typo in the resolver docs`), some Conventional (`fix(resolver): ...`, `chore(deps): ...`),
some over 72 characters, many with bodies; about 1,500 source files of 40-400 lines, each
commit changing one to six of them by a few lines, now and then adding a TODO or a debug print
(so the anti-pattern scan has work); no `.planning/` (cargo is not a GSD project). Messages and
diffs both carry findings, so the report side of planlint is exercised as hard as the walk.
Deterministic for a given seed. Needs only python3 and git.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

WORDS = ("resolver registry lockfile manifest workspace feature profile target build script "
         "rustc rustdoc fingerprint unit dependency source index download publish vendor "
         "config credential patch metadata toml package layout timing fix test doc").split()
VERBS = ("Fix", "Add", "Update", "Remove", "Refactor", "Improve", "Document", "Handle", "Use",
         "Avoid", "Support", "Allow", "Move", "Rename", "Clean up", "Bump", "Make", "Don't")
USERS = ("alex", "ehuss", "epage", "weihanglo", "arlosi", "Muscraft", "joshtriplett", "est31")


def header(rng):
    r = rng.random()
    topic = " ".join(rng.sample(WORDS, rng.randint(2, 5)))
    if r < 0.12:
        return f"{rng.choice(('fix', 'feat', 'refactor', 'test', 'docs'))}({rng.choice(WORDS)}): {topic}"
    if r < 0.18:
        return f"chore(deps): update rust crate {rng.choice(WORDS)} to v0.{rng.randint(1, 40)}.{rng.randint(0, 9)}"
    if r < 0.26:
        # Longer than 72 characters: a header-length finding besides the format one.
        return f"{rng.choice(VERBS)} {topic} when the {' '.join(rng.sample(WORDS, 6))} is missing from the lockfile"
    if r < 0.30:
        return f"{rng.choice(VERBS).lower()} {topic}."
    return f"{rng.choice(VERBS)} {topic}"


def body(rng):
    if rng.random() < 0.45:
        return ""
    lines = []
    for _ in range(rng.randint(1, 4)):
        para = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
        # Wrap at about 72 columns, as most authors do.
        words, line = para.split(), ""
        for w in words:
            if len(line) + len(w) + 1 > 72:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
        lines.append("")
    if rng.random() < 0.2:
        lines.append(f"Fixes #{rng.randint(1, 13000)}")
    return "\n" + "\n".join(lines).rstrip() + "\n"


def source(rng, path, n):
    lines = [f"//! {path}", ""]
    for i in range(n):
        w = rng.choice(WORDS)
        lines.append(f"pub fn {w}_{i}(x: u32) -> u32 {{ x + {rng.randint(0, 999)} }}")
    return lines


class Stream:
    """Writes a fast-import stream to git's stdin."""

    def __init__(self, proc):
        self.out = proc.stdin
        self.mark = 0
        self.time = 1_500_000_000

    def data(self, text):
        b = text.encode()
        self.out.write(b"data %d\n" % len(b))
        self.out.write(b)
        self.out.write(b"\n")

    def commit(self, ref, message, ops, parent=None, merge=None, author="Dev <dev@example.com>"):
        self.mark += 1
        self.time += 331
        self.out.write(b"commit %s\n" % ref.encode())
        self.out.write(b"mark :%d\n" % self.mark)
        self.out.write(b"author %s %d +0000\n" % (author.encode(), self.time))
        self.out.write(b"committer %s %d +0000\n" % (author.encode(), self.time))
        self.data(message)
        if parent:
            self.out.write(b"from :%d\n" % parent)
        if merge:
            self.out.write(b"merge :%d\n" % merge)
        for path, text in ops:
            self.out.write(b"M 100644 inline %s\n" % path.encode())
            self.data(text)
        self.out.write(b"\n")
        return self.mark


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=23000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "corpus", "cargo-like"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True, env=env)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.out,
                            stdin=subprocess.PIPE, env=env)
    s = Stream(proc)
    files = {}
    for i in range(1500):
        top = rng.choice(("src/cargo/core", "src/cargo/ops", "src/cargo/util", "crates",
                          "tests/testsuite", "src/doc"))
        path = f"{top}/{rng.choice(WORDS)}_{i}.rs"
        files[path] = source(rng, path, rng.randint(40, 400))
    paths = sorted(files)
    main_tip = s.commit("refs/heads/main", "Initial commit\n",
                        [(p, "\n".join(files[p]) + "\n") for p in paths])

    def change(n):
        ops = {}
        for p in rng.sample(paths, n):
            lines = files[p]
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(2, len(lines))
                w = rng.choice(WORDS)
                new = f"pub fn {w}_{rng.randint(0, 10**6)}(x: u32) -> u32 {{ x * {rng.randint(1, 9)} }}"
                r = rng.random()
                if r < 0.04:
                    new += " // TODO: handle the overflow"
                elif r < 0.06:
                    new = f"    dbg!(\"{w}\");"
                if rng.random() < 0.5:
                    lines[at] = new
                else:
                    lines.insert(at, new)
            ops[p] = "\n".join(lines) + "\n"
        return list(ops.items())

    pr = 0
    while s.mark < args.commits:
        if rng.random() < 0.1:
            # A direct push to main.
            main_tip = s.commit("refs/heads/main", header(rng) + "\n" + body(rng),
                                change(rng.randint(1, 3)), parent=main_tip)
            continue
        pr += 1
        tip, touched, titles = main_tip, {}, []
        for _ in range(rng.randint(1, 4)):
            h = header(rng)
            titles.append(h)
            ops = change(rng.randint(1, 6))
            touched.update(ops)
            tip = s.commit("refs/heads/pr", h + "\n" + body(rng), ops, parent=tip,
                           author=f"{rng.choice(USERS)} <{rng.choice(USERS)}@example.com>")
        user, branch = rng.choice(USERS), "-".join(rng.sample(WORDS, 2))
        message = (f"Auto merge of #{pr} - {user}:{branch}, r={rng.choice(USERS)}\n\n"
                   f"{titles[0]}\n\n{body(rng).strip()}\n")
        main_tip = s.commit("refs/heads/main", message, list(touched.items()),
                            parent=main_tip, merge=tip, author="bors <bors@rust-lang.org>")
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "update-ref", "-d", "refs/heads/pr"], cwd=args.out, check=True, env=env)
    # What a fresh clone looks like: one pack with deltas computed afresh, a commit-graph.
    subprocess.run(["git", "repack", "-a", "-d", "-f", "-q", "--window=10"], cwd=args.out,
                   check=True, env=env)
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=args.out,
                   check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True, env=env)
    print(f"{args.out}: {s.mark} commits, {pr} pull requests")


if __name__ == "__main__":
    main()
