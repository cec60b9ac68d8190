#!/usr/bin/env python3
"""Totals of several runs side by side (docs/fidelity.md, Results).

usage: totals.py LABEL=RUN [LABEL=RUN ...]     e.g. baseline=fid/before mid=fid/after-mid final=fid/after-final now=fid/now

Prints markdown: one row per (repository, door) with `total (blocker/error/warning/info)` per run
(`exit 2` where the door printed no JSON, `–` where the run has no such file), the door sums
over the four repositories, then one table per door of findings by (rule, severity).
RUN is a folder written by count.py --save (RUN/<repo>/<door>.json).
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import REPOS, doc  # noqa: E402

SEV = ('blocker', 'error', 'warning', 'info')


def cell(run, r, door):
    if not os.path.exists(os.path.join(run, r, door + '.json')):
        return '–', None
    x = doc(run, r, door)
    if x is None:
        return 'exit 2', None
    c = x.get('counts', {})
    return f"{len(x['findings'])} ({'/'.join(str(c.get(k, 0)) for k in SEV)})", x


def main():
    runs = [a.split('=', 1) for a in sys.argv[1:]]
    if not runs or any(len(r) != 2 for r in runs):
        sys.exit(__doc__)
    doors = ['check', 'plans', 'ci', 'verify', 'verify-all']
    print('| repo | door | ' + ' | '.join(l for l, _ in runs) + ' |')
    print('|---|---|' + '---|' * len(runs))
    sums = collections.defaultdict(lambda: collections.Counter())
    for r in REPOS:
        for door in doors:
            cells = []
            for label, run in runs:
                s, x = cell(run, r, door)
                cells.append(s)
                if x:
                    sums[(door, label)]['total'] += len(x['findings'])
                    for k in SEV:
                        sums[(door, label)][k] += x['counts'].get(k, 0)
            if set(cells) != {'–'}:
                print(f'| {r} | {door} | ' + ' | '.join(cells) + ' |')
    print()
    print('| door (4 repositories) | ' + ' | '.join(l for l, _ in runs) + ' |')
    print('|---|' + '---|' * len(runs))
    for door in doors:
        cells = []
        for label, _ in runs:
            c = sums[(door, label)]
            cells.append(f"{c['total']} ({'/'.join(str(c[k]) for k in SEV)})" if c else '–')
        print(f'| {door} | ' + ' | '.join(cells) + ' |')
    for door in doors:
        rules = collections.defaultdict(collections.Counter)
        for label, run in runs:
            for r in REPOS:
                x = doc(run, r, door)
                for f in (x['findings'] if x else []):
                    rules[(f['rule'], f['severity'][0])][label] += 1
        if not rules:
            continue
        print(f'\n#### {door}\n')
        print('| rule (severity) | ' + ' | '.join(l for l, _ in runs) + ' |')
        print('|---|' + '---|' * len(runs))
        last = runs[-1][0]
        for (rule, s), v in sorted(rules.items(), key=lambda kv: (-kv[1][last], kv[0])):
            print(f'| {rule} ({s}) | ' + ' | '.join(str(v[l]) for l, _ in runs) + ' |')


if __name__ == '__main__':
    main()
