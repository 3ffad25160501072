#!/usr/bin/env python3.11
"""Generates tests/stats/golden/*.golden ONCE from the pstats oracle.

usage: make_golden.py PSTAT_VIEW TOOLS_DIR [--only GROUP]
       (TOOLS_DIR = shared/tools)

Each case is a pstat-view command line run in a copy of tests/stats/data
(TZ=UTC, every file's mtime 0) and the stdout and exit status expected.
"oracle" cases take stdout from shared/tools/pstats_oracle.py (CPython
3.11's pstats) for the equivalent oracle command line; "pstat-view" cases
(errors, formats pstats does not have, and the orders pstats cannot give)
take it from pstat-view itself and were checked by hand when generated.

Golden file format (binary-safe; golden_runner.c reads it):
    # comment
    @case NAME
    @source oracle|pstat-view
    @args ["stats", "-s", "none", "jset.pstats"]      (a JSON array)
    @stdin N                                          (optional: standard
    <exactly N bytes>                                  input, then a newline)
    @exit 0
    @stdout N
    <exactly N bytes>
    @end
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle_lib  # noqa: E402

DATA = os.path.join(HERE, 'data')
GOLDEN = os.path.join(HERE, 'golden')

PY3 = ['jset.pstats', 'py311_recursion.pstats', 'py312_recursion.pstats',
       'py313_jset.pstats', 'py36_recursion.pstats', 'py310_compileall.pstats']
PY27 = ['py27_jset.pstats', 'py27_recursion.pstats', 'py27_exceptions.pstats']
PROFILE = ['py27_recursion_profile.pstats', 'py36_recursion_profile.pstats',
           'py311_recursion_profile.pstats', 'py311_exceptions_profile.pstats',
           'py312_jsontool_profile.pstats', 'py313_recursion_profile.pstats',
           'py27_jsontool_profile.pstats']
VARIANTS = ['variants/py311_recursion.v0.pstats', 'variants/py311_recursion.py2v2.pstats',
            'variants/py27_exceptions.v4.pstats',
            'variants/py27_recursion_profile.py2v1.pstats',
            'variants/py311_recursion_profile.v2.pstats']
SYNTH = ['synthetic/syn_1k_s4_toplevel.pstats', 'synthetic/syn_3k_s3_unicode.pstats']
EDGE = sorted('edge/' + f for f in os.listdir(os.path.join(DATA, 'edge')))
# Python 3.14 and 3.15 (cProfile, profile with slices in code objects,
# profiling.tracing): the reports shared/golden/stats315 holds from
# 3.15's own pstats, which prints the same bytes as the oracle for them.
NEWPY = ['py314_exceptions.pstats', 'py314_jset.pstats', 'py314_recursion.pstats',
         'py314_recursion_profile.pstats', 'py314_slices_profile.pstats',
         'py315_compileall.pstats', 'py315_exceptions.pstats',
         'py315_exceptions_tracing.pstats', 'py315_jset.pstats', 'py315_jsontool.pstats',
         'py315_recursion.pstats', 'py315_recursion_profile.pstats',
         'py315_recursion_tracing.pstats', 'py315_slices_profile.pstats']
NEWPY_SETS = [['-s', 'none'], ['-s', 'tottime', '-l', '10'],
              ['-s', 'none', '--callers', '-l', '5'], ['-s', 'none', '--callees', '-l', '5'],
              ['--strip-dirs', '-s', 'cumulative', '-l', '40']]
ODD = ['malformed/line_float.pstats', 'malformed/bytes_keys.pstats']

COMMON = [
    ['-s', 'none'],
    ['-s', 'time', '-l', '15'],
    ['-l', '12'],
    ['-s', 'cumulative', '-l', '12', '--callers'],
    ['-s', 'tottime', '-l', '10', '--callees'],
    ['-s', 'calls,name', '-l', '20'],
    ['--strip-dirs', '-s', 'filename', '-l', '25'],
    ['--reverse', '-s', 'line', '-l', '12'],
    ['-s', 'pcalls', '-l', '0.1', '--callers', '--strip-dirs'],
    ['-s', 'stdname', '-l', '(?i)[a-z]+\\.py:[0-9]+', '-l', '8', '--callees'],
]
EDGE_SETS = [
    ['-s', 'none'], ['-s', 'none', '--callers'], ['-s', 'none', '--callees'],
    ['-s', 'time'], ['-s', 'cumulative', '--reverse'], ['-s', 'stdname'],
    ['--strip-dirs', '-s', 'none'], ['--strip-dirs', '-s', 'none', '--callers'],
    ['--strip-dirs', '-s', 'calls', '--callees'], ['-s', 'line', '-l', '0.5'],
]
SORT_WORDS = ['calls', 'ncalls', 'cumtime', 'cumulative', 'filename', 'file', 'module',
              'line', 'name', 'nfl', 'pcalls', 'stdname', 'time', 'tottime',
              'cu', 'tot', 'ti', 'fi', 'mo', 'std', 'pc', 'nf', 'na', 'li', 'ca', 'nc']
RESTRICTIONS = [
    ['0'], ['1'], ['5'], ['-1'], ['100000'], ['+3'], ['007'], ['99999999999999999999999'],
    ['0.5'], ['.25'], ['0.0'], ['0.999'], ['1e-1'], ['-0.0'], ['5e-3'], ['0.5\n'],
    ['fib'], ['\\.py:\\d+\\('], ['(?i)RECURSION'], ['^/usr'], ['\\)$'], ['{built-in'],
    ['[0-9]{2}'], ['ackermann|hanoi'], ['1.0'], ['nan'], ['1e3'], ["it's"], ['\t'],
    ['\\bfib\\b'], ['(?P<x>fib)'], ['fi+b?'], ['.*?mutual'], ['[^a-z/]'], ['\\Z'],
    ['('], ['['], ['*x'], ['a)'], ['(?<'],
    ['recursion', '5'], ['0.5', 'fib'], ['10', '0.3', '2'], ['(', '0.5', 'e'],
    ['builtins', '-1', '0.75'], ['\\d', '[', '3'],
]
MERGES = [
    ['py311_recursion.pstats', 'py312_recursion.pstats'],
    ['py311_recursion.pstats', 'py311_recursion.pstats'],
    ['jset.pstats', 'py27_jset.pstats', 'py313_jset.pstats'],
    ['py311_exceptions_profile.pstats', 'py311_recursion_profile.pstats'],
    ['edge/strip_collide.pstats', 'edge/base.v4.pstats', 'edge/toplevel.pstats'],
    ['edge/big_counts.pstats', 'edge/big_counts.pstats', 'edge/numbers.pstats'],
]
MERGE_SETS = [['-s', 'none'], ['-s', 'time', '-l', '15'],
              ['--strip-dirs', '-s', 'cumulative', '-l', '20'],
              ['--strip-dirs', '-s', 'calls', '-l', '10', '--callers'],
              ['-s', 'nfl', '-l', '10', '--callees']]


def groups():
    g = {}
    g['py3x'] = [s + [f] for f in PY3 for s in COMMON]
    g['py27'] = [s + [f] for f in PY27 for s in COMMON]
    g['py314_315'] = [s + [f] for f in NEWPY for s in NEWPY_SETS]
    g['profile'] = [s + [f] for f in PROFILE for s in COMMON
                    if not ('name' in ' '.join(s))]
    g['variants'] = [s + [f] for f in VARIANTS for s in COMMON[:6]]
    g['synthetic'] = [s + [f] for f in SYNTH for s in COMMON[1:]] + \
        [['-s', 'nfl', '-l', '30', f] for f in SYNTH]
    g['edge'] = [s + [f] for f in EDGE + ODD for s in EDGE_SETS
                 if not (f == 'edge/profile_codeobj.pstats' and False)]
    g['sortkeys'] = ([['-s', w, '-l', '25', 'py311_recursion.pstats'] for w in SORT_WORDS] +
                     [['-s', w, '-l', '30', 'py27_exceptions.pstats'] for w in SORT_WORDS[:14]] +
                     [['-s', 'time', '-s', 'name', '-l', '20', 'py311_ut_json.pstats'],
                      ['-s', 'calls', '-s', 'calls', '-l', '20', 'py311_ut_json.pstats'],
                      ['-s', 'file,line', '-l', '20', '--reverse', 'py311_ut_json.pstats'],
                      ['-s', 'pcalls,cumtime,stdname', '-l', '25', 'py311_ut_json.pstats'],
                      ['-s', 'time', '-l', '40', 'py311_ut_json.pstats'],
                      ['-s', 'time', '--reverse', '-l', '40', 'py311_ut_json.pstats'],
                      ['-s', 'none', 'py311_ut_json.pstats'],
                      ['-s', 'cumulative', '--callers', '-l', '0.02', 'py311_ut_json.pstats'],
                      ['-s', 'name', '--callees', '-l', '0.02', 'py311_ut_json.pstats'],
                      ['--reverse', '-s', 'none', '-l', '5', 'jset.pstats']])
    g['restrictions'] = ([['-s', 'time'] + sum((['-l', a] for a in r), []) +
                          ['py311_recursion.pstats'] for r in RESTRICTIONS] +
                         [['-s', 'none', '--callers'] + sum((['-l', a] for a in r), []) +
                          ['jset.pstats'] for r in RESTRICTIONS[::3]] +
                         [['-s', 'line', '-l', 'é|ü|\\w+\\.py:1\\(', '-l', '10',
                           'synthetic/syn_3k_s3_unicode.pstats'],
                          ['-s', 'none', '-l', '[^\\x00-\\x7f]', 'edge/names.pstats'],
                          ['-s', 'none', '-l', '\\s', 'edge/names.pstats'],
                          ['-s', 'none', '-l', '^.{1,12}$', 'edge/names.pstats']])
    g['merge'] = [s + m for m in MERGES for s in MERGE_SETS]
    return g


# Cases whose expected output comes from pstat-view itself (checked by hand).
def own_cases():
    c = []
    # pstats raises TypeError here; pstat-view compares code-object names as text
    for f in ['py311_recursion_profile.pstats', 'edge/profile_codeobj.pstats',
              'py27_recursion_profile.pstats']:
        c.append(['stats', '-s', 'name', '-l', '8', f])
        c.append(['stats', '-s', 'nfl', '--callees', '-l', '6', f])
    # formats pstats does not have
    for f in ['edge/names.pstats', 'edge/big_counts.pstats', 'edge/nan_inf.pstats',
              'edge/mixed_callers.pstats', 'edge/numbers.pstats']:
        c.append(['stats', '--format', 'json', '-s', 'none', '-l', 'x', '-l', '(', f])
        c.append(['stats', '--format', 'csv', '-s', 'time', f])
        c.append(['stats', '--format', 'json', '--callers', f])
        c.append(['stats', '--format', 'csv', '--callees', '-s', 'none', f])
    # errors: nothing on stdout, exit 1 (bad file) or 2 (usage)
    for f in sorted(os.listdir(os.path.join(DATA, 'malformed'))):
        if f not in ('line_float.pstats', 'bytes_keys.pstats'):
            c.append(['stats', 'malformed/' + f])
    c += [['stats', 'missing.pstats'], ['stats'], ['stats', '-s', 'c', 'jset.pstats'],
          ['stats', '-s', 'foo', 'jset.pstats'], ['stats', '-s', 'none,time', 'jset.pstats'],
          ['stats', '--callers', '--callees', 'jset.pstats'], ['stats', '-x', 'jset.pstats'],
          ['stats', '--format', 'xml', 'jset.pstats'], ['stats', '-l'],
          ['stats', 'jset.pstats', 'malformed/empty.pstats'],
          ['stats', '-s', 'time,', 'jset.pstats']]
    # option spellings
    c += [['stats', '--sortby=time', '--limit=3', 'jset.pstats'],
          ['stats', '-stime', '-l3', 'jset.pstats'],
          ['stats', '-l', '3', '--', 'jset.pstats'],
          ['stats', 'jset.pstats', '-l', '2']]
    return c


# `pstat-view shell` sessions: expected output from `python3.11 -m pstats`
# (Python's own browser) fed the same commands.
SHELL = [
    (['jset.pstats'],
     'help\nhelp stats\nhelp help\nhelp foo\nhelp EOF\nsort\nsort foo\nsort t\n?\n'
     'foo bar\n!ls\nstats 3 1.5 -0.5 nan\n\nreverse\nstrip\nadd nonexist\n'
     'read nonexist\nread\nsort time\nreverse\nstats 2\ncallers 3\nstrip\n'
     'callees 0.05\nadd py311_recursion.pstats\nsort cu name\nstats 5 rec\n  \n'
     '?help\nhelp stats 3\nEOF\n'),
    ([], 'stats 2\nsort nfl\nreverse\nread\nread edge/base.v4.pstats\ncallers\n'
         'sort calls\nreverse\nstats\nread\nstats\nquit\n'),
    (['py311_recursion.pstats', 'py312_recursion.pstats', 'py311_recursion.pstats'],
     'sort tottime\nstats 8\ncallees fib\nstrip\nstats 0.05\nsort file line\n'
     'callers 4 recursion\nreverse\ncallees 3\nhelp sort\nhelp read\nstats 1 2 3'),
    (['edge/nan_inf.pstats'], 'sort time\nstats\nsort cumulative\nstats\nhelp callers\n'
     'callers nan|inf\nquit\nstats\n'),
]


def shell_cases(work):
    import subprocess
    out = []
    for files, script in SHELL:
        p = subprocess.run([sys.executable, '-m', 'pstats'] + files, cwd=work,
                           input=script.encode(), stdout=subprocess.PIPE,
                           env=dict(os.environ, TZ='UTC'))
        out.append((['shell'] + files, script.encode(), p.returncode, p.stdout))
    return out


def write_shell(pv, work):
    path = os.path.join(GOLDEN, 'shell.golden')
    with open(path, 'wb') as out:
        out.write(b'# pstat-view golden cases: shell (expected: python3.11 -m pstats)\n')
        for n, (args, stdin, rc, stdout) in enumerate(shell_cases(work), 1):
            out.write(('@case shell-%03d\n@source python-m-pstats\n@args %s\n@stdin %d\n'
                       % (n, json.dumps(args), len(stdin))).encode())
            out.write(stdin + b'\n')
            out.write(('@exit %d\n@stdout %d\n' % (rc, len(stdout))).encode())
            out.write(stdout + b'\n@end\n')
    print('shell: %d cases' % len(SHELL))


def write_group(name, cases, pv, work):
    path = os.path.join(GOLDEN, name + '.golden')
    n = 0
    with open(path, 'wb') as out:
        out.write(('# pstat-view golden cases: %s\n# generated by tests/stats/'
                   'make_golden.py; see its docstring for the format\n' % name).encode())
        for args in cases:
            if args and args[0] == 'stats' and name == 'own':
                source = 'pstat-view'
                rc, stdout, _ = oracle_lib.run_pv(pv, args, work)
            else:
                source = 'oracle'
                oargs = oracle_lib.pv_to_oracle(args)
                rc, stdout, err = oracle_lib.run_oracle(oargs, work)
                if rc != 0:
                    sys.stderr.write('oracle failed for %s: %s\n' % (args, err))
                    continue
                args = ['stats'] + args
            n += 1
            out.write(('@case %s-%03d\n@source %s\n@args %s\n@exit %d\n@stdout %d\n'
                       % (name, n, source, json.dumps(args), rc, len(stdout))).encode())
            out.write(stdout)
            out.write(b'\n@end\n')
    print('%s: %d cases' % (name, n))


def main(argv):
    only = None
    if len(argv) == 4 and argv[2] == '--only':
        only = argv[3]
        argv = argv[:2]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    pv, tools = argv
    oracle_lib.load_oracle(tools)
    work = os.path.join('/tmp', 'pv-make-golden')
    oracle_lib.prepare_tree(DATA, work)
    os.makedirs(GOLDEN, exist_ok=True)
    for name, cases in groups().items():
        if only in (None, name):
            write_group(name, cases, pv, work)
    if only in (None, 'own'):
        write_group('own', own_cases(), pv, work)
    if only in (None, 'shell'):
        write_shell(pv, work)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
