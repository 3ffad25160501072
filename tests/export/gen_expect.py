#!/usr/bin/env python3.11
"""gen_expect.py DATA_DIR OUT_DIR: writes OUT_DIR/NAME.expect for every
DATA_DIR/NAME.pstats, from Python's pstats alone (not from pstat-view):

    total US         the profile's total tottime in integer microseconds
    top FILE:FN:LINE the three functions with the largest tottime, as
                     callgrind_annotate names a function of
                     `pstat-view export --format callgrind` ({name} for
                     built-ins, whose file is '~')

check.sh compares callgrind_annotate's report and the collapsed stacks'
sum with these.  Run it again only when the data files change.
"""
import os
import pstats
import sys


def fn_name(func):
    file, line, name = func
    if file == '~' and line == 0:
        std = pstats.func_std_string(func)
        return '~:' + std
    return '%s:%s:%d' % (file, name, line)


def main():
    data, out = sys.argv[1:3]
    for f in sorted(os.listdir(data)):
        if not f.endswith('.pstats'):
            continue
        s = pstats.Stats(os.path.join(data, f))
        top = sorted(s.stats.items(), key=lambda kv: -kv[1][2])[:3]
        with open(os.path.join(out, f[:-7] + '.expect'), 'w') as o:
            o.write('total %d\n' % round(s.total_tt * 1e6))
            for func, _ in top:
                o.write('top %s\n' % fn_name(func))


if __name__ == '__main__':
    main()
