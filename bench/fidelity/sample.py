#!/usr/bin/env python3
"""Fixed-seed draws of findings to judge (docs/fidelity.md, Sampling).

usage: sample.py RUN main   [--seed S] [--quotas check=20,plans=10,ci=5]
       sample.py RUN verify [--seed S] [-n 7]
       sample.py RUN new --old OLD [--seed S] [-n 25]

main    per repository and door, `random.Random(f"{S}-{repo}-{door}").sample(findings, min(quota, len))`
        in the order of the door's JSON. Door `verify` in --quotas means every verify*.json of the
        repository, deduplicated by fingerprint (the baseline draw).
verify  per repository, 7 from `verify --all` + bare `verify`, deduplicated by (rule, commit, path,
        plan, line, message), leaving out CONTENT_RULES; rng `f"{S}-{repo}-verify"`.
new     findings of check/plans/ci in RUN whose (rule, commit, path, plan) is not in OLD (multiset),
        rng `f"{S}-new"`.
Seeds used: baseline 20250611 (quotas check=20,plans=10,verify=5), mid 20251206, final 20261206.
Prints `#i repo door rule severity | location` and the message; import draw()/verify_draw()/new_draw().
"""
import argparse
import collections
import glob
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import REPOS, DOORS, findings, key  # noqa: E402

# Left out of the verify draw: verdicts on file contents (one line per file in the skeletons)
# and summary-commit-missing (the skeletons rewrote every commit, so every cited hash is absent).
CONTENT_RULES = {'verify/artifact-stub', 'verify/artifact-missing', 'verify/artifact-orphaned',
                 'verify/link-not-wired', 'verify/summary-commit-missing'}
QUOTAS = {'check': 20, 'plans': 10, 'ci': 5}


def pool(run, r, door):
    if door != 'verify':
        return findings(run, r, door)
    seen = {}
    for p in sorted(glob.glob(os.path.join(run, r, 'verify*.json'))):
        try:
            for x in json.load(open(p))['findings']:
                seen.setdefault(x['fingerprint'], x)
        except (json.JSONDecodeError, KeyError):
            pass
    return list(seen.values())


def draw(run, seed, quotas=None):
    out = []
    for r in REPOS:
        for door, n in (quotas or QUOTAS).items():
            p = pool(run, r, door)
            rng = random.Random(f'{seed}-{r}-{door}')
            out += [(r, door, x) for x in rng.sample(p, min(n, len(p)))]
    return out


def verify_pool(run, r):
    seen, out = set(), []
    for door in ('verify-all', 'verify'):
        for x in findings(run, r, door):
            k = key(x) + (x['location'].get('line'), x['message'])
            if x['rule'] in CONTENT_RULES or k in seen:
                continue
            seen.add(k)
            out.append(x)
    return out


def verify_draw(run, seed, n=7):
    out = []
    for r in REPOS:
        p = verify_pool(run, r)
        if not p:
            continue
        rng = random.Random(f'{seed}-{r}-verify')
        out += [(r, 'verify', x) for x in rng.sample(p, min(n, len(p)))]
    return out


def new_pool(run, old, doors=DOORS):
    out = []
    for r in REPOS:
        for door in doors:
            m = collections.Counter(key(f) for f in findings(old, r, door))
            for f in findings(run, r, door):
                k = key(f)
                if m[k] > 0:
                    m[k] -= 1
                else:
                    out.append((r, door, f))
    return out


def new_draw(run, old, seed, n=25):
    p = new_pool(run, old)
    return random.Random(f'{seed}-new').sample(p, min(n, len(p)))


def args(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('run')
    ap.add_argument('kind', choices=['main', 'verify', 'new'])
    ap.add_argument('--seed', default='20261206')
    ap.add_argument('--quotas', help='door=n,... (default check=20,plans=10,ci=5)')
    ap.add_argument('--old', help='earlier run, for `new`')
    ap.add_argument('-n', type=int)
    ap.add_argument('rest', nargs='*', help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def pick(a):
    if a.kind == 'main':
        q = dict((d, int(n)) for d, n in (x.split('=') for x in a.quotas.split(','))) if a.quotas else None
        return draw(a.run, a.seed, q)
    if a.kind == 'verify':
        return verify_draw(a.run, a.seed, a.n or 7)
    if not a.old:
        sys.exit('new needs --old OLD')
    return new_draw(a.run, a.old, a.seed, a.n or 25)


if __name__ == '__main__':
    D = pick(args())
    for i, (r, door, x) in enumerate(D):
        loc = {k: v for k, v in x['location'].items() if k != 'span'}
        print(f'#{i} {r} {door} {x["rule"]} {x["severity"]} | {json.dumps(loc)}')
        print('   msg:', x['message'][:300])
