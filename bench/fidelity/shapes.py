#!/usr/bin/env python3
"""Put every finding of a run into a noise shape or a residual bucket, and count them.

usage: shapes.py RUN            (needs FIDELITY_CORPUS for commit subjects and unkept-promise history)

Doors: check, plans, ci, and verify (= verify --all + bare verify, deduplicated). Shape ids are
the ones docs/fidelity.md uses (N1..N18, Nv, V1, V3); R-* buckets are residuals judged true
wherever sampled, X-* are verdicts the skeletons do not allow judging. The lists below were
checked by hand against the histories during the after-final review (seed 20261206): extend them
when you judge more, and say so in docs/fidelity.md. An unkept promise in none of the lists is
`R-unkept-unverified/<what git shows happened to the file>` (unkept_class).
"""
import collections
import json
import os
import re
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import REPOS, findings, git as g, subject as subj  # noqa: E402

# N15: commit made before any plan of its id was in its tree, charged to a same-numbered plan of
# another phase from a newer tree
N15_COMMITS = {('FastSense', c) for c in ('384f3d86', 'bbbb6680', '63f3f251', 'fa341f84', '0863d94b',
                                          'c1ad0c7b', '053c7a2c')} | {('KafPy', 'd0067d78')}
# N1: unkept although a commit naming the plan (or its phase slug) changed the file
N1_PLANS = {('FastSense', '1006-01'), ('FastSense', '01-03'), ('KafPy', '04-01')}
# N5: promise kept by a commit that does not name the plan
N5_PLANS = {('lifx-async', 'quick-260726-824'), ('lifx-async', 'quick-260726-42c'), ('FastSense', 'quick-260416-jnp'),
            ('FastSense', 'quick-260416-j6e'), ('Project-Phoenix-MP', '16-02'), ('KafPy', '38-01')}
N5_PATHS = {('FastSense', '1006-04', 'libs/Dashboard/DashboardEngine.m'),
            ('FastSense', '02-02', 'tests/suite/TestGroupWidget.m'),
            ('Project-Phoenix-MP', '06-03',
             'shared/src/commonMain/kotlin/com/devil/phoenixproject/domain/premium/BiomechanicsEngine.kt')}
# Nv: verify-/audit-only or conditional files in files_modified that the plan or SUMMARY says stay unchanged
VERIFY_ONLY = {('FastSense', '1006-04', 'tests/suite/TestDashboardToolbarImageExport.m'),
               ('FastSense', '1001-04', 'tests/suite/TestThresholdRule.m'),
               ('FastSense', '1001-04', 'tests/test_threshold_rule.m'),
               ('FastSense', '1013-06', '.github/workflows/benchmark.yml'),
               ('FastSense', '1013-06', '.github/workflows/examples.yml'),
               ('FastSense', '02-02', 'libs/Dashboard/DashboardTheme.m'),
               ('lifx-async', '06-02', 'tests/test_effects/test_spin.py')} | {
    ('KafPy', '33-02', p) for p in ('src/pyconsumer.rs', 'src/kafka_message.rs', 'src/config.rs',
                                    'src/produce.rs', 'src/errors.rs')}
CROSS_REPO = {('Project-Phoenix-MP', '23-03', 'supabase/migrations/20260304_sync_compat_quality_fixes.sql')}
# unkept promises judged true by hand
UNKEPT_TRUE = {('KafPy', '06-01'), ('KafPy', '07'), ('KafPy', '23-01'), ('KafPy', '40-02'), ('FastSense', '1013-01'),
               ('FastSense', '01-02'), ('Project-Phoenix-MP', '02-02')}
UNKEPT_TRUE_PATHS = {
    ('KafPy', '30-01', 'src/dispatcher/mod.rs'),
    ('Project-Phoenix-MP', '07-03', 'shared/src/commonMain/kotlin/com/devil/phoenixproject/presentation/screen/WorkoutTab.kt'),
    ('Project-Phoenix-MP', '02-04',
     'shared/src/commonMain/kotlin/com/devil/phoenixproject/presentation/manager/WorkoutSessionManager.kt')}
# N16: deleted source of a declared move (gone in planlint-now)
MOVE_SOURCES = {('KafPy', '49517332', 'src/coordinator/commit_task.rs'),
                ('KafPy', '49517332', 'src/coordinator/offset_tracker.rs')}

# --- what git shows happened to an unkept promise's file --------------------------------------
_log = {}


def _commits(r):
    if r not in _log:
        out = g(r, 'log', '--all', '--format=%x1e%H%x00%aI%x00%s', '--name-only')
        L = []
        for rec in out.split('\x1e')[1:]:
            head, _, files = rec.partition('\n')
            h, d, s = head.split('\x00')
            L.append((h, datetime.fromisoformat(d), s, [f for f in files.split('\n') if f]))
        _log[r] = L
    return _log[r]


def _scope(s):
    m = re.match(r'[A-Za-z]+\(([^)]*)\)!?:', s)
    return m.group(1) if m else None


def _num(p):
    return str(float(p)).rstrip('0').rstrip('.') if '.' in p else str(int(p))


def _names(sc, plan):
    if sc is None:
        return False
    if plan.startswith('quick-'):
        return plan[6:] in sc
    m = re.fullmatch(r'(\d+(?:\.\d+)?)(?:-(\d+))?', plan)
    if not m:
        return False
    ph, pl = _num(m.group(1)), m.group(2)
    for part in re.split(r'[,\s]+', sc):
        mm = re.fullmatch(r'(?:phase-?)?0*(\d+(?:\.\d+)?)(?:-0*(\d+))?(?:-[a-z][a-z0-9-]*)?', part)
        if mm and _num(mm.group(1)) == ph and (pl is None or mm.group(2) is None or int(mm.group(2)) == int(pl)):
            return True
    return False


def _sibling(sc, plan):
    if sc is None or plan.startswith('quick-'):
        return False
    m = re.fullmatch(r'(\d+(?:\.\d+)?)(?:-(\d+))?', plan)
    mm = re.match(r'0*(\d+(?:\.\d+)?)-0*(\d+)$', sc)
    return bool(m and mm and float(mm.group(1)) == float(m.group(1)))


def unkept_class(r, f):
    """named-commit-changed-it | no-named-commit | sibling-plan-commit-changed-it |
    other-commit-in-window-changed-it | untouched-in-window (window: named commits +- 3 h)"""
    plan, path = f['location']['plan'], f['location']['path']
    L = _commits(r)
    named = [c for c in L if _names(_scope(c[2]), plan)]
    touch = [c for c in L if path in c[3]]
    if any(c in named for c in touch):
        return 'named-commit-changed-it'
    if not named:
        return 'no-named-commit'
    lo = min(c[1] for c in named) - timedelta(hours=3)
    hi = max(c[1] for c in named) + timedelta(hours=3)
    win = [c for c in touch if lo <= c[1] <= hi]
    if any(_sibling(_scope(c[2]), plan) for c in win):
        return 'sibling-plan-commit-changed-it'
    return 'other-commit-in-window-changed-it' if win else 'untouched-in-window'


def shape(r, door, f):
    rule, loc = f['rule'], f['location']
    sha, path, plan = loc.get('commit') or '', loc.get('path') or '', loc.get('plan') or ''
    s = subj(r, sha) if sha else ''
    if rule == 'diff/unkept-promise':
        if (r, plan) in N1_PLANS:
            return ('N1', 'a', 'unkept-promise although a commit naming the plan (or its phase) changed the file')
        if (r, plan) in N5_PLANS or (r, plan, path) in N5_PATHS or (
                r == 'FastSense' and plan == 'quick-260508-huo' and path.startswith('libs/FastSenseCompanion/')):
            return ('N5', 'f', 'unkept-promise kept by a commit that does not name the plan')
        if r == 'FastSense' and plan == 'quick-260403-nvv':
            return ('N9', 'a', 'quick task executed as `quick-01` -> commits not attributed')
        if (r, plan, path) in VERIFY_ONLY:
            return ('Nv', 'd', 'verify-/audit-only or conditional file in files_modified')
        if (r, plan, path) in CROSS_REPO:
            return ('N17', 'f', 'file of another repository')
        if (r, plan) in UNKEPT_TRUE or (r, plan, path) in UNKEPT_TRUE_PATHS:
            return ('R-unkept-true', 'agree', 'unkept-promise, checked by hand: true')
        c = unkept_class(r, f)
        return ('R-unkept-unverified/' + c, '?', 'unkept-promise not checked by hand: ' + c)
    if rule == 'diff/undeclared':
        if (r, sha[:8]) in N15_COMMITS:
            return ('N15', 'a', 'undeclared against a same-numbered plan of another phase from a newer tree')
        if (r, sha[:8], path) in MOVE_SOURCES:
            return ('N16', 'a', 'deleted source of a declared move')
        return ('R-undeclared', 'agree', 'diff/undeclared (true in every sampled case)')
    if rule == 'msg/plan-ambiguous':
        return ('N2', 'a', 'plan-ambiguous although the commit touches one candidate folder')
    if rule in ('summary/id-mismatch', 'summary/missing-field') and '/quick/' in path:
        return ('N4', 'a', 'quick SUMMARY judged as plan 00-00')
    if rule.startswith('scan/') and path.startswith('.planning/'):
        return ('N6', 'e', 'scan/empty-handler in .planning/ scripts')
    if rule == 'msg/plan-not-found' and r == 'Project-Phoenix-MP':
        return ('N7', 'f', 'scope = task id of a non-GSD plan')
    if rule == 'msg/plan-not-found' and re.match(r'\w+\(quick-\d{2}\)', s):
        return ('N9', 'a', 'numbered quick scope `quick-01` not resolved')
    if rule == 'msg/unknown-type' and s.startswith('spec(phase'):
        return ('N8', 'd', 'GSD spec-phase commit rejected')
    if rule == 'plan/invalid-value' and 'quick' in f['message']:
        return ('N10', 'd', '`type: quick` is an error')
    if rule == 'plan/no-requirements' and r == 'FastSense':
        return ('N11', 'd', 'no-requirements on backlog phase 1028')
    if rule == 'summary/orphan' and r == 'KafPy':
        return ('N12', 'a', 'summary/orphan beside NN-PLAN.md')
    if rule == 'diff/docs-commit-touches-code' and sha.startswith('2ec8d25e'):
        return ('N13', 'f', 'docs plan declares mkdocs.yml')
    if rule == 'verification/no-frontmatter' and f['severity'] == 'error':
        return ('N14', 'd', 'verification/no-frontmatter as error')
    if rule == 'verify/summary-key-file-missing' and r == 'FastSense' and 'od4' in path:
        return ('V1', 'a', 'SUMMARY key file listed under `deleted:` reported missing')
    if rule == 'verify/summary-key-file-missing' and r == 'lifx-async' and '06-01' in path:
        return ('V3', 'd', 'SUMMARY key file moved by a later refactor; error on a shipped phase')
    if rule == 'msg/footer-format' and sha.startswith('cb181223'):
        return ('N18', 'd', 'footer-format on a body paragraph never meant as trailers')
    if rule == 'diff/planning-committed':
        return ('R-planning-committed', 'agree', 'planning files committed while the commit\'s .gitignore ignores .planning/')
    if rule == 'msg/header-length':
        return ('R-header>100', 'agree', 'header > 100 chars')
    if rule in ('msg/header-format', 'msg/missing-colon', 'msg/unknown-type'):
        return ('R-non-CC', 'agree', 'non-CC subject in the GSD era')
    if rule in ('verify/artifact-stub', 'verify/artifact-orphaned', 'verify/link-not-wired', 'verify/artifact-missing'):
        return ('X-content', 'x', 'content or existence verdict, left out of the sample')
    if rule == 'verify/summary-commit-missing':
        return ('X-hash', 'x', 'SUMMARY hash absent: the skeletons rewrote every commit')
    return ('R-' + rule, '?', rule)


def vkey(f):
    l = f['location']
    return (f['rule'], l.get('commit'), l.get('path'), l.get('plan'), l.get('line'), f['message'])


def door_findings(run, r, door):
    if door != 'verify':
        return findings(run, r, door)
    seen, out = set(), []
    for d in ('verify-all', 'verify'):
        for f in findings(run, r, d):
            if vkey(f) not in seen:
                seen.add(vkey(f))
                out.append(f)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run = sys.argv[1]
    tot, per, ex, desc = collections.Counter(), collections.Counter(), {}, {}
    for r in REPOS:
        for door in ('check', 'plans', 'ci', 'verify'):
            for f in door_findings(run, r, door):
                k, cat, d = shape(r, door, f)
                tot[(k, door)] += 1
                per[(k, door, r)] += 1
                desc[k] = (cat, d)
                loc = f['location']
                ex.setdefault((k, door), (r, (loc.get('commit') or '')[:8], loc.get('plan', ''), (loc.get('path') or '')[-60:]))
    for door in ('check', 'plans', 'ci', 'verify'):
        n = sum(v for (k, dd), v in tot.items() if dd == door)
        print(f'== {door}: {n}')
        for (k, dd), v in sorted(tot.items(), key=lambda kv: (kv[0][0][0] not in 'NV', -kv[1], kv[0][0])):
            if dd == door:
                reps = {r: per[(k, door, r)] for r in REPOS if per[(k, door, r)]}
                print(f'{v:4d} {k:22s} ({desc[k][0]}) {desc[k][1]}  {reps}  e.g. {ex[(k, door)]}')


if __name__ == '__main__':
    main()
