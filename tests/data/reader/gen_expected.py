#!/usr/bin/env python3
"""Regenerates expected.tsv: for every real corpus profile (tests/data/corpus)
and every hand-made edge case (tests/data/reader), the values Python computes:
number of functions and caller entries, and pstats' get_top_level_stats()
totals (sums in dict order) and max_name_len.  Needs the shared tools'
pmarshal.py (the format's executable spec, which also reads Python 2 files):

    python3 gen_expected.py ../../../../shared/tools > expected.tsv
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '../../../../shared/tools'))
import pmarshal  # noqa: E402


# Files pmarshal does not read (a 3.15 frozendict, '}'): test_reader.c
# checks them by hand.
BEYOND_PMARSHAL = ('code_slice_frozendict.pstats',)


def std(k):
    f, line, n = k
    if (f, line) == ('~', 0):
        n = str(n)
        return '{%s}' % n[1:-1] if n.startswith('<') and n.endswith('>') else n
    return "%s:%d(%s)" % (f, line, n)


def main():
    os.chdir(os.path.join(here, '..'))
    print("# file\tfunctions\tedges\ttotal_calls\tprim_calls\ttotal_tt (repr)\tmax_name_len")
    print("# values from Python: pmarshal (the shared executable spec of the format) and pstats'")
    print("# get_top_level_stats sums in dict order; regenerate with tests/data/reader/gen_expected.py")
    files = sorted('corpus/' + f for f in os.listdir('corpus'))
    files += sorted('reader/' + f for f in os.listdir('reader')
                    if f.endswith('.pstats') and not f.startswith(('py', 'jset'))
                    and f not in BEYOND_PMARSHAL)
    for path in files:
        d, _ = pmarshal.load_file(path)
        tc = pc = edges = mx = 0
        tt = 0.0
        for k, (cc, nc, t, _ct, callers) in d.items():
            tc += nc
            pc += cc
            tt += t
            edges += len(callers)
            mx = max(mx, len(std(k)))
        print("%s\t%d\t%d\t%d\t%d\t%r\t%d" % (path, len(d), edges, tc, pc, tt, mx))


if __name__ == '__main__':
    main()
