#!/usr/bin/env python3.11
"""Differential test: pstat-view stats against the pstats oracle, live, over
every valid file of shared/corpus with many option sets, plus merges.

usage: differential.py PSTAT_VIEW CORPUS_DIR TOOLS_DIR WORK_DIR [--quick]

Prints one line per failing case (with a diff) and a closing line
"differential: N passed, N failed, N skipped".  Exit 0 if nothing failed.
Cases where pstats itself raises TypeError (sorting code-object names by
name/nfl) are skipped: pstat-view sorts them as text instead (documented).
Sampled files (3.15's profiling.sampling) are compared with 3.15's pstats
when PV_NEWPY_DIR names tools/get_new_pythons.sh's directory, else skipped.
"""
import difflib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle_lib  # noqa: E402

# pstat-view `stats` arguments; the file goes last.
FULL_SETS = [
    ['-s', 'none'],
    ['-s', 'calls'], ['-s', 'cumulative'], ['-s', 'filename'], ['-s', 'line'],
    ['-s', 'name'], ['-s', 'nfl'], ['-s', 'pcalls'], ['-s', 'stdname'],
    ['-s', 'time'], ['-s', 'file'], ['-s', 'module'],
    ['-s', 'none', '--callers'], ['-s', 'none', '--callees'],
    ['--strip-dirs', '-s', 'none'],
]
LIMITED_SETS = [
    ['-l', '10'],
    ['-s', 'tot', '-l', '12', '--callers'],
    ['-s', 'cu', '-l', '12', '--callees'],
    ['-s', 'time,name', '-l', '0.1'],
    ['-s', 'calls', '-s', 'cumtime', '--reverse', '-l', '25'],
    ['-s', 'pcalls', '--reverse', '-l', '0.05', '--callers'],
    ['-s', 'line,stdname', '-l', 'py:1[0-9]', '-l', '7'],
    ['-s', 'ncalls', '-l', r'\(<?[a-z_]+>?\)$', '-l', '0.5'],
    ['-s', 'nfl', '-l', '(?i)JSON|recur', '-l', '15'],
    ['-s', 'time', '-l', '(unclosed', '-l', '3'],
    ['-s', 'stdname', '--reverse', '-l', '[', '--callees', '-l', '9'],
    ['--strip-dirs', '-s', 'time', '-l', '15'],
    ['--strip-dirs', '-s', 'filename', '-l', '20', '--callers'],
    ['--strip-dirs', '-s', 'cumulative', '--reverse', '-l', '20', '--callees'],
    ['-s', 'time', '-l', '0'],
    ['-s', 'time', '-l', '0', '--callers'],
    ['-s', 'line', '-l', '-1', '-l', '100000'],
    ['-s', 'name', '-l', r'\d\d\d', '-l', '0.9'],
    ['-s', 'module', '-l', 'builtins|method', '--callers'],
    ['-s', 'cumtime', '-l', '.5', '-l', '0.25', '-l', '1e-1'],
]
MERGES = [
    ['py311_recursion.pstats', 'py312_recursion.pstats'],
    ['py311_recursion.pstats', 'py311_recursion.pstats'],
    ['jset.pstats', 'py27_jset.pstats', 'py313_jset.pstats'],
    ['py311_exceptions_profile.pstats', 'py311_exceptions.pstats'],
    ['edge/strip_collide.pstats', 'edge/base.v4.pstats', 'edge/toplevel.pstats'],
    ['py36_jsontool.pstats', 'py310_jsontool.pstats', 'py313_jsontool.pstats'],
    ['py315_sampled_jset.pstats', 'py315_sampled_recursion.pstats'],
    ['py315_sampled_workers.pstats', 'py315_sampled_builtins.pstats',
     'py315_sampled_workers.pstats'],
]
MERGE_SETS = [
    ['-s', 'none'], ['-s', 'time', '-l', '15'], ['--strip-dirs', '-s', 'cumulative', '-l', '20'],
    ['--strip-dirs', '-s', 'calls', '-l', '10', '--callers'],
    ['-s', 'nfl', '-l', '10', '--callees'],
]


def main(argv):
    quick = '--quick' in argv
    argv = [a for a in argv if a != '--quick']
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    pv, corpus, tools, work = argv
    oracle_lib.load_oracle(tools)
    files = [f for f in oracle_lib.prepare_tree(corpus, work)
             if not f.startswith('malformed' + os.sep)]
    cases = []
    for f in files:
        big = os.path.getsize(os.path.join(work, f)) > 60000
        sets = LIMITED_SETS if (quick or big) else FULL_SETS + LIMITED_SETS
        for s in sets:
            cases.append(s + [f])
    for m in MERGES:
        if all(os.path.exists(os.path.join(work, f)) for f in m):
            for s in MERGE_SETS:
                cases.append(s + m)
    passed = failed = skipped = 0
    sampled = set(f for f in files if oracle_lib.is_sampled(os.path.join(work, f)))
    for args in cases:
        oargs = oracle_lib.pv_to_oracle(args)
        if any(a in sampled for a in args):
            if not oracle_lib.have_py315():
                skipped += 1
                continue
            orc, oout, oerr = oracle_lib.run_oracle_py315(oargs, work)
        else:
            orc, oout, oerr = oracle_lib.run_oracle(oargs, work)
        if orc != 0:
            if oracle_lib.oracle_type_error(oerr):
                skipped += 1
                continue
        prc, pout, perr = oracle_lib.run_pv(pv, ['stats'] + args, work)
        ok = (orc == 0 and prc == 0 and pout == oout) or (orc != 0 and prc != 0 and pout == b'')
        if ok:
            passed += 1
            continue
        failed += 1
        print('FAIL: pstat-view stats %s (exit %d; oracle exit %d)' % (' '.join(args), prc, orc))
        if perr:
            print('  stderr: ' + perr.strip())
        if orc != 0:
            print('  oracle: ' + oerr.strip().splitlines()[-1])
        diff = difflib.unified_diff(
            oout.decode('utf-8', 'surrogateescape').splitlines(True),
            pout.decode('utf-8', 'surrogateescape').splitlines(True),
            'oracle', 'pstat-view', n=1)
        lines = list(diff)
        sys.stdout.write(''.join(lines[:40]).encode('utf-8', 'surrogateescape')
                         .decode('utf-8', 'replace'))
        if len(lines) > 40:
            print('  ... %d more diff lines' % (len(lines) - 40))
    print('differential: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
