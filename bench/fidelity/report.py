#!/usr/bin/env python3
"""Judged sample tables and agree rates (docs/fidelity.md, Results).

usage: report.py RUN [--seed 20261206] [--still-in LATER] [--tally-only]

Draws the main and verify samples of RUN (sample.py), joins them with the verdicts in
judgments.py (J, JV: they belong to the after-final run and seed 20261206), and prints each table
and the AGREE / DISAGREE tally per repository and door. --still-in LATER keeps only the drawn
findings whose (rule, commit, path, plan) is also in LATER (a later binary's run) and tallies
those: the verdicts carried over to the later binary, not a new draw. Needs FIDELITY_CORPUS.
"""
import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample as S  # noqa: E402
from common import REPOS, findings, key, subject  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
from judgments import J, JV, J_DRAW, JV_DRAW  # noqa: E402


def row(i, r, door, x, v):
    loc = x['location']
    sha = loc.get('commit')
    if sha:
        where = sha[:8] + ' `' + subject(r, sha)[:58].replace('|', '/') + '`'
    else:
        where = '`' + (loc.get('plan', '') and 'plan ' + loc['plan'] + ' ') + '…' + (loc.get('path') or '')[-50:] + '`'
    extra = (' `' + loc['path'].rsplit('/', 1)[-1] + '`') if sha and loc.get('path') else ''
    return (f"| {i} | {r} | {door} | {x['rule']} ({x['severity'][0]}){extra} | {where} | {v[0]} | {v[1]} | "
            f"{v[2].replace('|', '/')} |")


def digest(D):
    return hashlib.sha1(json.dumps([[r, d] + list(key(x)) for r, d, x in D]).encode()).hexdigest()[:16]


def table(D, JJ, tag, want, later=None, tally_only=False):
    if len(JJ) != len(D) or digest(D) != want:
        sys.exit(f'{tag}: this draw ({len(D)} findings, {digest(D)}) is not the one judged ({len(JJ)}, {want}): '
                 'give the after-final run and seed 20261206, and --still-in for a later run')
    keep = None
    if later:
        keep = {r: collections.Counter(key(f) for d in ('check', 'plans', 'ci', 'verify', 'verify-all')
                                       for f in findings(later, r, d)) for r in REPOS}
    out = ['| # | repo | door | finding | commit / plan+path | verdict | cat | reason |', '|---|---|---|---|---|---|---|---|']
    t, cats, dropped = collections.Counter(), collections.Counter(), []
    for i, (r, door, x) in enumerate(D):
        v = JJ[i]
        if keep is not None and not keep[r][key(x)]:
            dropped.append((i, r, x['rule'], v[0], v[1]))
            continue
        out.append(row(i, r, door, x, v))
        for k in ((r, door), ('all', door), ('all', 'all')):
            t[k + (v[0],)] += 1
        if v[0] == 'DISAGREE':
            cats[v[1]] += 1
    print(f'\n### {tag}\n')
    if not tally_only:
        print('\n'.join(out))
    if dropped:
        print(f'\nnot in {later}: ' + ', '.join(f'#{i} {r} {rule} {v} {c}' for i, r, rule, v, c in dropped))
    print('\n| repo | door | agree | disagree | rate |\n|---|---|---|---|---|')
    for r in REPOS + ['all']:
        for door in ['check', 'plans', 'ci', 'verify', 'all']:
            a, d = t[(r, door, 'AGREE')], t[(r, door, 'DISAGREE')]
            if a + d:
                print(f'| {r} | {door} | {a} | {d} | {a}/{a + d} ({100 * a / (a + d):.0f} %) |')
    print('\nDISAGREE by category:shape', dict(cats.most_common()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('run')
    ap.add_argument('--seed', default='20261206')
    ap.add_argument('--still-in')
    ap.add_argument('--tally-only', action='store_true')
    a = ap.parse_args()
    table(S.draw(a.run, a.seed), J, 'main sample', J_DRAW, a.still_in, a.tally_only)
    table(S.verify_draw(a.run, a.seed), JV, 'verify sample', JV_DRAW, a.still_in, a.tally_only)


if __name__ == '__main__':
    main()
