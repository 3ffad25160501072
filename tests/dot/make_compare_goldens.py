#!/usr/bin/env python3
"""make_compare_goldens.py GPROF2DOT PRINTDIR CORPUS - (maintenance) runs
gprof2dot's `--compare` on the pairs below and stores what it writes as the
goldens of `pstat-view dot --compare`.

    GPROF2DOT   gprof2dot.py (upstream, run with this python3; nothing of
                it is copied into the repository)
    PRINTDIR    the directory of gprof2dot's own compare test pair,
                tests/compare/pstats/print/print1.pstats and print2.pstats
    CORPUS      the directory of the corpus profiles (py311_jsontool.pstats...)

Writes tests/dot/golden/compare.NAME.dot.gz, the profiles it needs into
tests/dot/data (gzip'd; existing ones are kept) and tests/dot/cases.compare.txt.
The tests never read these directories: run this again only to change the
cases.  A pair gprof2dot fails on is reported and left out.
"""
import gzip
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

JSON = 'py311_jsontool.pstats py312_jsontool.pstats'
EXC = 'py311_exceptions.pstats py312_exceptions.pstats'
DIFFLIB = 'py310_ut_difflib.pstats py311_ut_difflib.pstats'
SELF = 'py311_compileall.pstats py311_compileall.pstats'
PRINT = 'print1.pstats print2.pstats'
REC = 'py311_recursion.pstats py312_recursion.pstats'
PROF = 'py311_recursion_profile.pstats py311_recursion.pstats'
PROF_R = 'py311_recursion.pstats py311_recursion_profile.pstats'

# name, profiles A B, options besides --compare
CASES = [
    # gprof2dot's own test pair
    ('print.default', PRINT, ''),
    ('print.tolerance', PRINT, '--compare-tolerance 0.5'),
    ('print.tolerance_tiny', PRINT, '--compare-tolerance 0.00004'),
    ('print.tolerance_ten', PRINT, '--compare-tolerance 10'),
    ('print.times_exponent', PRINT, '--compare-tolerance 1e-9 --node-label self-time '
     '--node-label total-time'),
    ('print.only_slower', PRINT, '--compare-only-slower'),
    ('print.only_faster', PRINT, '--compare-only-faster'),
    ('print.only_both', PRINT, '--compare-only-slower --compare-only-faster'),
    ('print.color_by_difference', PRINT, '--compare-color-by-difference'),
    ('print.reversed', 'print2.pstats print1.pstats', ''),
    ('print.labels', PRINT, '--node-label total-time --node-label self-time-percentage '
     '--node-label self-time --time-format %.6f'),
    ('print.no_total', PRINT, '--node-label self-time-percentage --compare-color-by-difference'),
    # one program under two Python versions
    ('jsontool.default', JSON, ''),
    ('jsontool.full', JSON, '-n0 -e0'),
    ('jsontool.tolerance', JSON, '--compare-tolerance 0.1'),
    ('jsontool.only_slower', JSON, '--compare-only-slower'),
    ('jsontool.only_faster', JSON, '--compare-only-faster'),
    ('jsontool.color_by_difference', JSON, '--compare-color-by-difference'),
    ('jsontool.thres_pink', JSON, '-n 2 -e 1 -c pink'),
    ('jsontool.diffcolor_thres_gray', JSON,
     '--compare-color-by-difference -n 1 -e 0.5 -c gray --compare-tolerance 0.01'),
    ('jsontool.slower_print_skew', JSON, '--compare-only-slower -c print --skew 0.3'),
    ('jsontool.faster_bw_thres', JSON, '--compare-only-faster -c bw -n 5 -e 2'),
    ('jsontool.selftime_wrap', JSON, '--color-nodes-by-selftime -w -s'),
    ('jsontool.root', JSON, '-z *main*'),
    ('jsontool.root_nomatch', JSON, '-z nosuchfunction'),
    ('jsontool.path', JSON, '-p /usr/lib'),
    ('jsontool.reversed', 'py312_jsontool.pstats py311_jsontool.pstats', ''),
    ('jsontool.n01', JSON, '-n 0.1 -e0'),
    ('exceptions.default', EXC, ''),
    ('exceptions.full', EXC, '-n0 -e0'),
    ('exceptions.color_by_difference', EXC, '--compare-color-by-difference -n 0.2'),
    ('exceptions.labels', EXC, '--node-label total-time --node-label self-time '
     '--compare-tolerance 0.0001'),
    ('difflib.default', DIFFLIB, ''),
    ('difflib.only_faster_thres', DIFFLIB, '--compare-only-faster -n 1 -e 1'),
    ('difflib.full', DIFFLIB, '-n0 -e0'),
    ('difflib.exponent', DIFFLIB, '--compare-tolerance 1e-9'),
    ('recursion.default', REC, ''),
    ('recursion.full_diffcolor', REC, '-n0 -e0 --compare-color-by-difference'),
    # a profile against itself: nothing differs
    ('self.default', SELF, ''),
    ('self.color_by_difference', SELF, '--compare-color-by-difference'),
    ('self.full', SELF, '-n0 -e0'),
    # `python -m profile` against cProfile of one workload
    ('profile.default', PROF, ''),
    ('profile.full', PROF, '-n0 -e0'),
    ('profile.reversed', PROF_R, ''),
    ('profile.color_by_difference', PROF_R, '--compare-color-by-difference -n0 -e0'),
]


def put_gz(data, dst):
    blob = gzip.compress(data, compresslevel=9, mtime=0)
    if os.path.exists(dst):
        with open(dst, 'rb') as f:
            if f.read() == blob:
                return
    with open(dst, 'wb') as f:
        f.write(blob)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    gprof2dot, printdir, corpus = argv[1:]

    def source(name):
        return os.path.join(printdir if name.startswith('print') else corpus, name)

    lines = ['# Generated by make_compare_goldens.py with gprof2dot --compare: do not edit.\n',
             '# name | profiles (tests/dot/data) | options | exit | golden | check\n']
    inputs = set()
    for name, files, opts in CASES:
        names = files.split()
        argv = [sys.executable, gprof2dot, '-f', 'pstats', '--compare'] + opts.split() + \
            [source(n) for n in names]
        r = subprocess.run(argv, capture_output=True)
        if r.returncode != 0:
            print('gprof2dot fails on %s, left out: %s' % (
                name, r.stderr.decode('utf-8', 'replace').strip().splitlines()[-1]))
            continue
        inputs.update(names)
        golden = 'compare.' + name
        put_gz(r.stdout, os.path.join(HERE, 'golden', golden + '.dot.gz'))
        # profile-module names hold a code object's address, new on every run
        check = 'semantic' if b'<code object ' in r.stdout else 'bytes'
        lines.append('compare.%s|%s|--compare %s|0|%s|%s\n' % (
            name, files, opts, golden, check))
    with open(os.path.join(HERE, 'cases.compare.txt'), 'w', encoding='utf-8') as f:
        f.writelines(lines)
    for name in sorted(inputs):
        dst = os.path.join(HERE, 'data', name + '.gz')
        if not os.path.exists(dst):
            with open(source(name), 'rb') as f:
                put_gz(f.read(), dst)
    print('%d goldens, %d profiles' % (len(lines) - 2, len(inputs)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
