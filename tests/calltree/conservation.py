#!/usr/bin/env python3
"""conservation.py PSTAT_VIEW CORPUS_DIR [--min-share 0.005] [--tol 0.01] [--floor PCT]

The call tree's contract (docs/calltree.md), checked on every .pstats profile of
CORPUS_DIR from pstat-view's own outputs: the profile's numbers from
`export --format json`, the tree from `export --format collapsed` (folded stacks,
'a;b;c N' per path).  For every function F with cumtime >= min-share of the total:

  - outermost: the stacks that contain F (each counted once, however often F is in
    it) add up to cumtime(F);
  - self: the stacks that end in F add up to tottime(F);

each within tol of the total.  The collapsed counts are microseconds, or for a
sampled profile samples (export's unit: primitive samples / total tottime per
second), converted back to seconds here.  Prints held/checked per file, the
functions that fail, and the total; fails when the total falls below --floor
percent (docs/calltree.md says which functions cannot hold and why).  Standard
library only.
"""
import json
import os
import subprocess
import sys
from collections import defaultdict


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise SystemExit('%s: exit %d: %s' % (' '.join(argv), r.returncode,
                                               r.stderr.decode('utf-8', 'replace')))
    return r.stdout


def frame_label(f):
    """The frame name the collapsed export writes for function f."""
    if f['builtin']:
        s = f['label']
    else:
        s = '%s (%s:%d)' % (f['name'], f['file'], f['line'])
    return s.replace(';', ':')


def check_file(binary, path, min_share, tol):
    model = json.loads(run([binary, 'export', '--format', 'json', path])
                       .decode('utf-8', 'surrogateescape'))
    total_tt = model['totals']['total_tt'] or 0.0
    scale = 1e6
    prim = model['totals']['primitive_calls']
    if model['sampled'] and float(prim) > 0 and total_tt > 0:
        scale = float(prim) / total_tt
    cum = defaultdict(float)
    self_t = defaultdict(float)
    text = run([binary, 'export', '--format', 'collapsed', path]).decode('utf-8', 'surrogateescape')
    for line in text.split('\n'):
        if not line:
            continue
        stack, _, v = line.rpartition(' ')
        v = int(v) / scale
        frames = stack.split(';')
        for fr in set(frames):
            cum[fr] += v
        self_t[frames[-1]] += v
    total = total_tt if total_tt > 0 else 1.0
    checked = held = 0
    bad = []
    for f in model['functions']:
        if not f['stats']:
            continue
        ct, tt = f['ct'] or 0.0, f['tt'] or 0.0
        if not (ct >= min_share * total):
            continue
        checked += 1
        lab = frame_label(f)
        dc = (cum.get(lab, 0.0) - ct) / total
        ds = (self_t.get(lab, 0.0) - tt) / total
        if abs(dc) <= tol and abs(ds) <= tol:
            held += 1
        else:
            bad.append((max(abs(dc), abs(ds)), lab, ct, cum.get(lab, 0.0), tt,
                        self_t.get(lab, 0.0)))
    bad.sort(reverse=True)
    return checked, held, bad


def main(argv):
    opts = {'min-share': 0.005, 'tol': 0.01, 'floor': 0.0}
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith('--') and '=' in a:
            k, v = a[2:].split('=', 1)
            opts[k] = float(v)
        elif a.startswith('--'):
            opts[a[2:]] = float(argv[i + 1])
            i += 1
        else:
            args.append(a)
        i += 1
    binary, corpus = args[0], args[1]
    files = sorted(f for f in os.listdir(corpus) if f.endswith('.pstats'))
    if not files:
        print('no .pstats files in %s' % corpus)
        return 1
    tc = th = whole = 0
    for name in files:
        c, h, bad = check_file(binary, os.path.join(corpus, name), opts['min-share'], opts['tol'])
        tc += c
        th += h
        whole += h == c
        print('%-40s %4d of %4d hold' % (name, h, c))
        for err, lab, ct, cs, tt, ss in bad:
            print('    FAILS %s: cumtime %.6g drawn %.6g, tottime %.6g drawn %.6g (%.2f%% of the total)'
                  % (lab, ct, cs, tt, ss, 100 * err))
    pct = 100.0 * th / tc if tc else 100.0
    print('total: %d of %d functions hold (%.1f%%), %d of %d files wholly'
          % (th, tc, pct, whole, len(files)))
    rc = 0
    if pct < opts['floor']:
        print('below the floor of %.1f%%' % opts['floor'])
        rc = 1
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
