#!/usr/bin/env python3
"""check_diff.py BIN BASE NEW [OPTION...]: an independent model of
`pstat-view diff`, built on Python's own pstats module.

Runs `BIN diff BASE NEW OPTION...` in text and in JSON and compares: the
text byte for byte with what this script computes, the JSON value by
value.  Options understood: --match exact|name, --strip-dirs,
--sortby cumtime|tottime|ncalls|cumpct|name|none, --limit N|FRACTION.
Exit status 0 when both agree, 1 otherwise (the first differences are
printed).  Used to write and re-check tests/diff/golden/*.
"""
import json
import math
import pstats
import subprocess
import sys


class _Loaded:
    """A stats dict for pstats.Stats(); a sampled file's marker (3.15's
    profiling.sampling writes ('__sampled__',): True, which only 3.15's
    pstats knows) is taken away as 3.15's pstats does, and remembered."""
    def __init__(self, path):
        import marshal
        with open(path, 'rb') as f:
            self.stats = marshal.load(f)
        self.sampled = self.stats.pop(('__sampled__',), None) is True

    def create_stats(self):
        pass


def load(path, strip):
    src = _Loaded(path)
    sampled = src.sampled
    s = pstats.Stats(src)
    s.sampled = sampled
    if strip:
        s.strip_dirs()
    return s


def std(func):
    return pstats.func_std_string(func)


def pct(base, delta):
    return delta / abs(base) * 100.0 if base != 0 else math.nan


def rows_of(sb, sn, match):
    def key(func):
        if match == 'name':
            return (func[0].rsplit('/', 1)[-1], func[2])
        return func
    rows, index = [], {}
    for side, st in ((0, sb), (1, sn)):
        for func, (cc, nc, tt, ct, _callers) in st.stats.items():
            k = key(func)
            if k in index:
                r = rows[index[k]]
            else:
                r = {'order': len(rows), 'sides': [None, None], 'rep': (side, func)}
                index[k] = len(rows)
                rows.append(r)
            s = r['sides'][side]
            if s is None:
                r['sides'][side] = {'id': list(st.stats).index(func) if False else None,
                                    'func': func, 'n': 1, 'nc': nc, 'cc': cc, 'tt': tt, 'ct': ct}
            else:
                s['n'] += 1
                s['nc'] += nc
                s['cc'] += cc
                s['tt'] += tt
                s['ct'] += ct
    zero = {'nc': 0, 'cc': 0, 'tt': 0.0, 'ct': 0.0, 'n': 0}
    for r in rows:
        b = r['sides'][0] or zero
        n = r['sides'][1] or zero
        r['b'], r['n'] = b, n
        r['d_nc'] = n['nc'] - b['nc']
        r['d_tt'] = n['tt'] - b['tt']
        r['d_ct'] = n['ct'] - b['ct']
        r['p_nc'] = pct(float(b['nc']), float(r['d_nc'])) if b['nc'] != 0 else math.nan
        r['p_tt'] = pct(b['tt'], r['d_tt'])
        r['p_ct'] = pct(b['ct'], r['d_ct'])
        r['status'] = 'both' if b['n'] and n['n'] else ('base' if b['n'] else 'new')
        r['label'] = std(r['rep'][1])
    return rows


def mag(v):
    return -1.0 if math.isnan(v) else abs(v)


def sort_rows(rows, key):
    if key == 'none':
        return sorted(rows, key=lambda r: r['order'])
    if key == 'name':
        return sorted(rows, key=lambda r: (r['label'], r['order']))
    if key == 'ncalls':
        return sorted(rows, key=lambda r: (-abs(r['d_nc']), r['order']))
    if key == 'tottime':
        return sorted(rows, key=lambda r: (-mag(r['d_tt']), r['order']))
    if key == 'cumpct':
        return sorted(rows, key=lambda r: (-(math.inf if r['status'] != 'both' else mag(r['p_ct'])),
                                           r['order']))
    return sorted(rows, key=lambda r: (-mag(r['d_ct']), r['order']))


def ftime(v, width=0, sign=False):
    if math.isnan(v):
        s = 'nan'
    elif math.isinf(v):
        s = '-inf' if v < 0 else ('+inf' if sign else 'inf')
    else:
        s = ('%+.6f' if sign else '%.6f') % v
    return s.rjust(width)


def fpct(r, p):
    if r['status'] == 'new':
        s = 'new'
    elif r['status'] == 'base':
        s = 'gone'
    else:
        s = tpct(p)
    return ' ' + s.rjust(8)


def tpct(p):
    if math.isnan(p):
        return 'n/a'
    if math.isinf(p):
        return ('-' if p < 0 else '+') + 'inf%'
    return '%+.1f%%' % p


def fcount(v, width=0, sign=False):
    s = ('+' if sign and v >= 0 else '') + str(v)
    return s.rjust(width)


ORDER_TEXT = {
    'cumtime': 'cumtime delta, largest first', 'tottime': 'tottime delta, largest first',
    'ncalls': 'ncalls delta, largest first', 'cumpct': 'cumtime percent change, largest first',
    'name': 'function name', 'none': 'base order, then new order',
}


def text(paths, sts, rows, shown, opts):
    out = []
    # sampled profiles count samples: the words follow
    unit = {(False, False): 'calls', (True, True): 'samples'}.get(
        (sts[0].sampled, sts[1].sampled), 'calls/samples')
    for i, (p, st) in enumerate(zip(paths, sts)):
        out.append('%s %s: %d functions, %d %s, %s s' % ('new: ' if i else 'base:', p,
                   len(st.stats), st.total_calls, 'samples' if st.sampled else 'calls',
                   ftime(st.total_tt)))
    out.append('Matched by %s; ordered by %s.' % (
        '(basename of file, name)' if opts['match'] == 'name' else '(file, line, name)',
        ORDER_TEXT[opts['sortby']]))
    both = sum(r['status'] == 'both' for r in rows)
    ob = sum(r['status'] == 'base' for r in rows)
    on = sum(r['status'] == 'new' for r in rows)
    line = '%d functions: %d in both, %d only in base (-), %d only in new (+)' % (len(rows), both, ob, on)
    if shown < len(rows):
        line += '; %d shown' % shown
    out.append(line)
    out.append('')
    out.append('  ---------------- cumtime (s) --------------'
               '   ---------------- tottime (s) --------------'
               '   ' + (' ncalls/nsamples ' if '/' in unit else ' n%s ' % unit)
               .center(43, '-'))
    out.append('%11s %11s %11s %8s %11s %11s %11s %8s %9s %9s %9s %8s  %s' % (
        'base', 'new', 'delta', '%', 'base', 'new', 'delta', '%', 'base', 'new', 'delta', '%',
        'function'))
    for r in rows[:shown]:
        b, n = r['b'], r['n']
        s = (ftime(b['ct'], 11) + ' ' + ftime(n['ct'], 11) + ' ' + ftime(r['d_ct'], 11, True)
             + fpct(r, r['p_ct']) + ' '
             + ftime(b['tt'], 11) + ' ' + ftime(n['tt'], 11) + ' ' + ftime(r['d_tt'], 11, True)
             + fpct(r, r['p_tt']) + ' '
             + fcount(b['nc'], 9) + ' ' + fcount(n['nc'], 9) + ' ' + fcount(r['d_nc'], 9, True)
             + fpct(r, r['p_nc'])
             + {'new': '  + ', 'base': '  - ', 'both': '    '}[r['status']] + r['label'])
        out.append(s)
    tb, tn = sts[0].total_tt, sts[1].total_tt
    cb, cn = sts[0].total_calls, sts[1].total_calls
    out.append('')
    out.append('Total: %s s -> %s s (%s s, %s); %d -> %d %s (%s, %s)' % (
        ftime(tb), ftime(tn), ftime(tn - tb, 0, True), tpct(pct(tb, tn - tb)), cb, cn, unit,
        fcount(cn - cb, 0, True), tpct(pct(float(cb), float(cn - cb)) if cb else math.nan)))
    return '\n'.join(out) + '\n'


def num(v):
    return None if isinstance(v, float) and not math.isfinite(v) else v


def same(a, b, where, errs):
    """JSON value a (from pstat-view) against expected b."""
    if isinstance(b, dict):
        if not isinstance(a, dict) or set(a) != set(b):
            errs.append('%s: keys %s, expected %s' % (where, sorted(a) if isinstance(a, dict) else a, sorted(b)))
            return
        for k in b:
            same(a[k], b[k], where + '.' + k, errs)
    elif isinstance(b, float) or isinstance(a, float):
        if a is None or b is None or float(a) != float(b):
            if not (a is None and (b is None or not math.isfinite(b))):
                errs.append('%s: %r, expected %r' % (where, a, b))
    elif a != b:
        errs.append('%s: %r, expected %r' % (where, a, b))


def count_json(v):
    return v if -2**53 < v < 2**53 else str(v)


def expected_json(paths, sts, rows, shown, opts):
    def side(s):
        if not s['n']:
            return None
        return {'id': s['id'], 'functions': s['n'], 'nc': count_json(s['nc']),
                'cc': count_json(s['cc']), 'tt': num(s['tt']), 'ct': num(s['ct'])}

    def prof(p, st):
        return {'label': p, 'sampled': st.sampled, 'functions': len(st.stats),
                'total_calls': count_json(st.total_calls),
                'primitive_calls': count_json(st.prim_calls), 'total_tt': num(st.total_tt)}
    tb, tn = sts[0].total_tt, sts[1].total_tt
    cb, cn = sts[0].total_calls, sts[1].total_calls
    return {
        'version': 1, 'match': opts['match'], 'sortby': opts['sortby'],
        'base': prof(paths[0], sts[0]), 'new': prof(paths[1], sts[1]),
        'totals': {'rows': len(rows), 'shown': shown,
                   'both': sum(r['status'] == 'both' for r in rows),
                   'only_base': sum(r['status'] == 'base' for r in rows),
                   'only_new': sum(r['status'] == 'new' for r in rows),
                   'tt': {'base': tb, 'new': tn, 'delta': tn - tb, 'pct': num(pct(tb, tn - tb))},
                   'calls': {'base': count_json(cb), 'new': count_json(cn), 'delta': count_json(cn - cb),
                             'pct': num(pct(float(cb), float(cn - cb)) if cb else math.nan)}},
        'rows': [{'status': r['status'], 'label': r['label'], 'file': r['rep'][1][0],
                  'line': r['rep'][1][1], 'name': r['rep'][1][2],
                  'base': side(r['b']), 'new': side(r['n']),
                  'delta': {'nc': count_json(r['d_nc']), 'tt': num(r['d_tt']), 'ct': num(r['d_ct'])},
                  'pct': {'nc': num(r['p_nc']), 'tt': num(r['p_tt']), 'ct': num(r['p_ct'])}}
                 for r in rows[:shown]],
    }


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, base, new = sys.argv[1:4]
    args = sys.argv[4:]
    opts = {'match': 'exact', 'strip': False, 'sortby': 'cumtime', 'limit': None}
    i = 0
    while i < len(args):
        a = args[i]
        if a == '--strip-dirs':
            opts['strip'] = True
        elif a in ('--match', '--sortby', '--limit'):
            i += 1
            opts[a[2:]] = args[i]
        else:
            print('check_diff.py: unknown option ' + a, file=sys.stderr)
            return 2
        i += 1
    sts = [load(base, opts['strip']), load(new, opts['strip'])]
    rows = sort_rows(rows_of(sts[0], sts[1], opts['match']), opts['sortby'])
    shown = len(rows)
    if opts['limit'] is not None:
        lim = opts['limit']
        shown = min(int(lim), len(rows)) if lim.isdigit() else int(len(rows) * float(lim) + 0.5)
    # ids: the first function of the row in each profile, in dict order
    for side, st in enumerate(sts):
        ids = {f: k for k, f in enumerate(st.stats)}
        for r in rows:
            if r['sides'][side]:
                r['sides'][side]['id'] = ids[r['sides'][side]['func']]
    errs = []
    want = text([base, new], sts, rows, shown, opts).encode('utf-8', 'surrogateescape')
    got = subprocess.run([binary, 'diff', base, new] + args, stdout=subprocess.PIPE,
                         check=True).stdout
    if got != want:
        gl, wl = got.split(b'\n'), want.split(b'\n')
        for k in range(max(len(gl), len(wl))):
            g = gl[k] if k < len(gl) else b'<none>'
            w = wl[k] if k < len(wl) else b'<none>'
            if g != w:
                errs.append('text line %d:\n  got:  %r\n  want: %r' % (k + 1, g, w))
                if len(errs) > 5:
                    break
    got = subprocess.run([binary, 'diff', base, new, '--format', 'json'] + args,
                         stdout=subprocess.PIPE, check=True).stdout
    same(json.loads(got), expected_json([base, new], sts, rows, shown, opts), 'json', errs)
    for e in errs[:20]:
        print(e)
    print('%s: %s' % (' '.join(args) or 'defaults', 'FAILED' if errs else 'ok'))
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
