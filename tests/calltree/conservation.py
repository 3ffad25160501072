#!/usr/bin/env python3
"""conservation.py PSTAT_VIEW CORPUS_DIR [PROFILE...] [--min-share 0.005] [--tol 0.01] [--floor PCT] [--known FILE]
                 [--counts-only DIR]

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
percent (docs/calltree.md says which functions cannot hold and why).

PROFILEs after the directory are checked too (a file of the same name as one
of the directory's is the same profile, checked once).

A profile can contradict itself, and then no tree holds it.  Each file is
checked from its own numbers (each figure beyond tol of the total):
  - threads: a function whose cumtime exceeds the profile's total tottime (the
    main thread's cumtimes count wall time that other threads' tottimes count);
  - overwritten keys (two code objects with one file, line and name): a function
    whose tottime and callee edges to functions outside its circle of calls carry
    more than its cumtime, or whose caller edges from outside its circle do.
Such files are listed with the contradiction's figures and their functions are
not held to the contract.  In every other file every function must hold,
except those listed in --known (file, function, why: the known leftovers); any
other failure fails the test.  Standard library only.

--counts-only DIR: first write each profile of CORPUS_DIR whose edges hold
times (cProfile's, not sampled) into DIR with its caller entries cut to call
counts, as the profile module writes them, and check those instead: the tree
must then estimate every edge from the functions' own numbers.  Failures are
reported; only the floor fails the test.
"""
import marshal
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


def circles(n, edges):
    """Per function, its strongly connected component (Tarjan, iterative)."""
    adj = [[] for _ in range(n)]
    for g, c in edges:
        adj[g].append(c)
    index = [None] * n
    low = [0] * n
    on = [False] * n
    stack, comp = [], [-1] * n
    nxt = ncomp = 0
    for s in range(n):
        if index[s] is not None:
            continue
        work = [(s, 0)]
        while work:
            v, pi = work.pop()
            if pi == 0:
                index[v] = low[v] = nxt
                nxt += 1
                stack.append(v)
                on[v] = True
            down = False
            for j in range(pi, len(adj[v])):
                w = adj[v][j]
                if index[w] is None:
                    work.append((v, j + 1))
                    work.append((w, 0))
                    down = True
                    break
                if on[w]:
                    low[v] = min(low[v], index[w])
            if down:
                continue
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp[w] = ncomp
                    if w == v:
                        break
                ncomp += 1
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
    return comp


def contradictions(model, tol):
    """What the profile's own numbers contradict, one line each (see above)."""
    total = model['totals']['total_tt'] or 0.0
    fns = model['functions']
    out = []
    for f in fns:
        if f['stats'] and (f['ct'] or 0.0) - total > tol * total:
            out.append('threads: %s has cumtime %.6g > the total tottime %.6g'
                       % (frame_label(f), f['ct'], total))
    edges = model['edges']
    if model['sampled'] or any(e['counts_only'] for e in edges):
        return out  # edge times are estimates: nothing to contradict
    comp = circles(len(fns), [(e['caller'], e['callee']) for e in edges])
    down = [0.0] * len(fns)
    up = [0.0] * len(fns)
    for e in edges:
        g, c = e['caller'], e['callee']
        if comp[g] != comp[c]:
            down[g] += e['ct'] or 0.0
            up[c] += e['ct'] or 0.0
    for k, f in enumerate(fns):
        if not f['stats']:
            continue
        ct = f['ct'] or 0.0
        if down[k] + (f['tt'] or 0.0) - ct > tol * total:
            out.append('overwritten key: %s has cumtime %.6g < its tottime and callee edges %.6g'
                       % (frame_label(f), ct, down[k] + (f['tt'] or 0.0)))
        if up[k] - ct > tol * total:
            out.append('overwritten key: %s has cumtime %.6g < its caller edges %.6g'
                       % (frame_label(f), ct, up[k]))
    return out


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
    return checked, held, bad, contradictions(model, tol)


def read_known(path):
    known = set()
    if not path:
        return known
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        f, lab, _why = line.split('\t', 2)
        known.add((f, lab))
    return known


def write_counts_only(binary, src, dst):
    """src as the profile module would have written it: caller entries hold
    call counts only.  False when src has no edge times to cut."""
    model = json.loads(run([binary, 'export', '--format', 'json', src]).decode('utf-8'))
    fns, edges = model['functions'], model['edges']
    if model['sampled'] or any(e['counts_only'] for e in edges) or any(f['code'] for f in fns):
        return False
    key = [(f['file'], f['line'], f['name']) for f in fns]
    stats = {}
    for f in fns:
        if f['stats']:
            stats[key[f['id']]] = (f['cc'], f['nc'], f['tt'], f['ct'], {})
    for e in edges:
        entry = stats.get(key[e['callee']])
        if entry is not None:
            entry[4][key[e['caller']]] = e['nc']
    with open(dst, 'wb') as out:
        marshal.dump(stats, out)
    return True


def main(argv):
    opts = {'min-share': 0.005, 'tol': 0.01, 'floor': 0.0, 'known': '', 'counts-only': ''}
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith('--') and '=' in a:
            k, v = a[2:].split('=', 1)
            opts[k] = v if k in ('known', 'counts-only') else float(v)
        elif a.startswith('--'):
            k = a[2:]
            opts[k] = argv[i + 1] if k in ('known', 'counts-only') else float(argv[i + 1])
            i += 1
        else:
            args.append(a)
        i += 1
    binary, corpus = args[0], args[1]
    paths = {f: os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith('.pstats')}
    for extra in args[2:]:
        paths.setdefault(os.path.basename(extra), extra)
    files = sorted(paths)
    counts_only = opts['counts-only']
    if counts_only:
        os.makedirs(counts_only, exist_ok=True)
        files = [f for f in files
                 if write_counts_only(binary, paths[f], os.path.join(counts_only, f))]
        paths = {f: os.path.join(counts_only, f) for f in files}
    if not files:
        print('no .pstats files in %s' % corpus)
        return 1
    known = read_known(opts['known'])
    tc = th = whole = 0
    unexpected, excused, fixed = [], [], []
    for name in files:
        c, h, bad, contra = check_file(binary, paths[name],
                                       opts['min-share'], opts['tol'])
        tc += c
        th += h
        whole += h == c
        print('%-40s %4d of %4d hold' % (name, h, c))
        for line in contra[:3]:
            print('    CONTRADICTS ITSELF: %s' % line)
        if len(contra) > 3:
            print('    (and %d more such figures)' % (len(contra) - 3))
        failed = set()
        for err, lab, ct, cs, tt, ss in bad:
            failed.add(lab)
            why = ''
            if contra:
                why = ' [the profile contradicts itself]'
                excused.append((name, lab))
            elif (name, lab) in known:
                why = ' [known]'
            else:
                unexpected.append((name, lab))
            print('    FAILS %s: cumtime %.6g drawn %.6g, tottime %.6g drawn %.6g (%.2f%% of the total)%s'
                  % (lab, ct, cs, tt, ss, 100 * err, why))
        fixed += [(f, lab) for f, lab in known if f == name and lab not in failed]
    pct = 100.0 * th / tc if tc else 100.0
    print('total: %d of %d functions hold (%.1f%%), %d of %d files wholly'
          % (th, tc, pct, whole, len(files)))
    print('%d failures in files that contradict themselves, %d known, %d unexpected'
          % (len(excused), sum(1 for f, lab in known if f in paths) - len(fixed), len(unexpected)))
    for f, lab in fixed:
        print('known failure now holds (remove it from the list): %s %s' % (f, lab))
    rc = 0
    for f, lab in unexpected:
        if counts_only:
            continue
        print('UNEXPECTED: %s %s fails' % (f, lab))
        rc = 1
    if pct < opts['floor']:
        print('below the floor of %.1f%%' % opts['floor'])
        rc = 1
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
