"""Shared helpers for the fidelity scripts (see docs/fidelity.md).

Paths come from the command line or the environment, never from the scripts:
  FIDELITY_CORPUS  folder holding the four skeleton clones (default: /tmp/planlint-corpus,
                   where ../shared/corpus/load puts them)
A "run" is a folder written by count.py --save: RUN/<repo>/<door>.json.
"""
import json
import os
import subprocess

REPOS = ['FastSense', 'KafPy', 'Project-Phoenix-MP', 'lifx-async']
DOORS = ['check', 'plans', 'ci']              # the three doors the judged sample draws from
VERIFY_DOORS = ['verify', 'verify-all']


def corpus():
    return os.environ.get('FIDELITY_CORPUS', '/tmp/planlint-corpus')


def git(repo, *args):
    """stdout of git in the clone of `repo` (empty on error)."""
    return subprocess.run(['git', '-C', os.path.join(corpus(), repo)] + list(args),
                          capture_output=True, text=True).stdout


def doc(run, repo, door):
    """The JSON document of one door, or None when the door printed none (exit 2)."""
    p = os.path.join(run, repo, door + '.json')
    if not os.path.exists(p) or not os.path.getsize(p):
        return None
    try:
        return json.load(open(p))
    except json.JSONDecodeError:
        return None


def findings(run, repo, door):
    d = doc(run, repo, door)
    return d['findings'] if d else []


def key(f):
    """The identity used to compare two runs: (rule, commit, path, plan)."""
    l = f['location']
    return (f['rule'], l.get('commit'), l.get('path'), l.get('plan'))


_subj = {}


def subject(repo, sha):
    if not sha:
        return ''
    if (repo, sha) not in _subj:
        _subj[(repo, sha)] = git(repo, 'log', '-1', '--format=%s', sha).rstrip('\n')
    return _subj[(repo, sha)]


def fm(text):
    """YAML frontmatter of a planning file, as text."""
    import re
    m = re.match(r'---\n(.*?)\n---', text, re.S)
    return m.group(1) if m else ''
