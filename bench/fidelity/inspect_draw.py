#!/usr/bin/env python3
"""Context for judging drawn findings (docs/fidelity.md, Judging).

usage: inspect_draw.py RUN KIND N [N ...] [--seed S] [--old OLD]    KIND = main | verify | new (as sample.py)
       inspect_draw.py --candidates REPO SHA|- PLAN

For draw N: the finding; for a commit, `git show --stat` and the full message; the PLAN.md
files with that id in the commit's tree, or, when there is none, every stored version of the plan
id and its history; the plan's files_modified; for an unkept promise, every commit that touched
the path and every commit whose subject names the plan.
--candidates lists every PLAN.md ever stored with that plan id: in the commit's tree or not,
when it was added and deleted, and its files_modified when added.
Needs FIDELITY_CORPUS (the clones).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import git as g, fm  # noqa: E402


def plan_files(repo, plan, sha=None):
    """PLAN.md paths with this plan id: in `sha`'s tree, or (sha None) ever stored."""
    if sha:
        paths = g(repo, 'ls-tree', '-r', '--name-only', sha, '--', '.planning').split('\n')
    else:
        paths = sorted(set(g(repo, 'log', '--all', '--format=', '--name-only', '--', '.planning').split('\n')))
    if plan.startswith('quick-'):
        q = plan[6:]
        return [p for p in paths if '/quick/' in p and q in p and p.endswith('PLAN.md')]
    m = re.fullmatch(r'(\d+(?:\.\d+)?)(?:-(\d+))?', plan)
    if not m:
        return []
    ph, pl = m.group(1), m.group(2)
    out = []
    for p in paths:
        b = p.rsplit('/', 1)[-1]
        if not b.endswith('PLAN.md'):
            continue
        mm = re.match(r'0*(\d+(?:\.\d+)?)-0*(\d+)-PLAN\.md$', b)
        if pl and mm and float(mm.group(1)) == float(ph) and int(mm.group(2)) == int(pl):
            out.append(p)
        if not pl:
            mm = re.match(r'0*(\d+)-PLAN\.md$', b)
            if mm and int(mm.group(1)) == int(float(ph)):
                out.append(p)
    return out


def files_modified(text):
    f = fm(text)
    m = re.search(r'files_modified:.*?(?=\n[a-z_]+:|\Z)', f, re.S)
    return m.group(0) if m else '(no files_modified)'


def show(r, door, x, maxstat=30):
    loc = x['location']
    sha, plan, path = loc.get('commit'), loc.get('plan'), loc.get('path')
    print(f'{r} {door} {x["rule"]} {x["severity"]}\n  MSG: {x["message"]}\n  LOC: { {k: v for k, v in loc.items() if k != "span"} }')
    if sha:
        st = g(r, 'show', '--stat=200', '--format=%H%nparents: %P%ndate: %ad%n%n%B', sha).split('\n')
        print('\n'.join(st[:maxstat]))
        if len(st) > maxstat:
            print(f'   ... ({len(st)} lines)')
        print('  paths in tree matching plan:', plan_files(r, plan, sha) if plan else '')
    if plan and x['rule'].startswith('diff/'):
        ps = plan_files(r, plan, sha) if sha else []
        allps = plan_files(r, plan)
        print('  plan files ever:', allps)
        for p in (ps or allps)[:2]:
            ref = sha if (sha and p in ps) else g(r, 'log', '-1', '--all', '--full-history', '--format=%H', '--', p).strip()
            t = g(r, 'show', f'{ref}:{p}') or g(r, 'show', f'{ref}^:{p}')
            if sha and p not in ps:
                print(f'   (plan NOT in tree of {sha[:8]}; history of plan file:)')
                print(g(r, 'log', '--all', '--full-history', '--format=    %h %ad %s', '--date=iso', '--', p)[:800])
            print(f'  --- files_modified of {p} @ {ref[:8]}:')
            print('   ', files_modified(t)[:1500].replace('\n', '\n    '))
            if path:
                print('   path in plan body:', path in t, '| basename in body:', path.rsplit('/', 1)[-1] in t)
        if not sha:
            print('  --- history of plan file(s):')
            for p in allps[:2]:
                print(g(r, 'log', '--all', '--full-history', '--format=    %h %ad %s', '--date=iso', '--', p)[:1200])
    if path and plan and x['rule'] == 'diff/unkept-promise':
        print('  --- commits touching', path)
        print(g(r, 'log', '--all', '--full-history', '--format=    %h %ad %s', '--date=iso', '--', path)[:2000])
        k = plan[6:] if plan.startswith('quick-') else '(' + plan
        print('  --- commits whose message has', k)
        print(g(r, 'log', '--all', '--format=    %h %ad | %s', '--date=iso', '--fixed-strings', '--grep', k)[:2500])


def candidates(r, sha, plan):
    if sha != '-':
        print(g(r, 'show', '--stat=150', '--format=%h %ad %s', '--date=iso', sha).strip()[:2500])
    for p in plan_files(r, plan):
        adds = g(r, 'log', '--all', '--full-history', '--format=%h %ad %s', '--date=iso', '--diff-filter=A', '--', p).strip().split('\n')
        dels = g(r, 'log', '--all', '--full-history', '--format=%h %ad %s', '--date=iso', '--diff-filter=D', '--', p).strip().split('\n')
        intree = bool(g(r, 'ls-tree', '--name-only', sha, '--', p).strip()) if sha != '-' else None
        ref = adds[-1].split()[0] if adds and adds[-1] else None
        print(f'  CAND {p}\n     in tree at commit: {intree}\n     added: {adds[-1] if adds else None}\n'
              f'     deleted: {dels[0] if dels and dels[0] else None}')
        if ref:
            print('     fm @add:', files_modified(g(r, 'show', f'{ref}:{p}')).replace('\n', ' ')[:600])


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--candidates':
        candidates(*sys.argv[2:5])
        sys.exit()
    import sample
    a = sample.args()
    D = sample.pick(a)
    for n in a.rest:
        r, door, x = D[int(n)]
        print('=' * 100)
        print(f'#{n} {a.kind}')
        show(r, door, x)
