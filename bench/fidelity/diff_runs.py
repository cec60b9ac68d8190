#!/usr/bin/env python3
"""Findings gone and new between two runs, keyed by (rule, commit, path, plan).

usage: diff_runs.py OLD NEW [-v] [--messages] [--doors check,plans,ci,verify,verify-all]

Per door and repository: how many findings are gone / new, by rule. Keys are compared as
multisets, so two findings with one key count twice. -v lists every gone/new key with the
commit's subject (needs FIDELITY_CORPUS). --messages also lists findings whose key is in both
runs but whose message or severity changed (rewording is not "new").
"""
import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import REPOS, findings, key, subject  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('old')
    ap.add_argument('new')
    ap.add_argument('-v', action='store_true')
    ap.add_argument('--messages', action='store_true')
    ap.add_argument('--doors', default='check,plans,ci,verify,verify-all')
    a = ap.parse_args()
    tot = collections.Counter()
    for door in a.doors.split(','):
        for r in REPOS:
            fo, fn = findings(a.old, r, door), findings(a.new, r, door)
            m = collections.Counter(key(f) for f in fo)
            n = collections.Counter(key(f) for f in fn)
            gone, new = m - n, n - m
            tot[(door, 'gone')] += sum(gone.values())
            tot[(door, 'new')] += sum(new.values())
            gr = dict(collections.Counter(k[0] for k in gone.elements()))
            nr = dict(collections.Counter(k[0] for k in new.elements()))
            print(f'{door} {r}: gone {sum(gone.values())} {gr} | new {sum(new.values())} {nr}')
            if a.v:
                for tag, c in (('GONE', gone), ('NEW ', new)):
                    for k in sorted(c.elements(), key=lambda k: (k[0], k[1] or '', k[2] or '')):
                        print(f'   {tag} {k[0]} {(k[1] or "")[:8]} {k[3]} {k[2]} | {subject(r, k[1])[:70]}')
            if a.messages:
                mo = collections.Counter((key(f), f['message'], f['severity']) for f in fo)
                mn = collections.Counter((key(f), f['message'], f['severity']) for f in fn)
                for (k, msg, sev) in sorted((mn - mo).elements()):
                    if m[k] and n[k]:
                        print(f'   CHANGED {k[0]} {k[3]} ({sev}) {msg[:160]}')
    print()
    for door in a.doors.split(','):
        print(f'{door}: gone {tot[(door, "gone")]}, new {tot[(door, "new")]}')


if __name__ == '__main__':
    main()
