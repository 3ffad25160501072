#!/usr/bin/env python3.11
"""Round trip of `pstat-view merge`: Python's own pstats (plain marshal, no
helpers) must read the merged file and print the same report as
`pstat-view stats` prints for the input files (the golden tests tie that
to the oracle).  The header (file names and dates) differs by nature and
is not compared.

Sampled files (3.15's profiling.sampling) keep their marker through the
merge, so only 3.15's pstats reads the result: those inputs are checked
with it when PV_NEWPY_DIR names tools/get_new_pythons.sh's directory
(PV_NEWPY_DIR/run315), else skipped.

usage: merge_roundtrip.py PSTAT_VIEW DATA_DIR WORK_DIR
Closes with "merge_roundtrip: N passed, N failed".
"""
import codecs
import difflib
import io
import os
import pstats
import shutil
import subprocess
import sys

INPUTS = [
    ['jset.pstats'],
    ['py311_recursion.pstats', 'py312_recursion.pstats'],
    ['py27_recursion.pstats', 'py311_recursion.pstats', 'py27_recursion.pstats'],
    ['py27_exceptions.pstats'],
    ['py311_exceptions_profile.pstats', 'py311_recursion_profile.pstats'],
    ['py312_jsontool_profile.pstats'],
    ['py27_recursion_profile.pstats'],
    ['edge/names.pstats'], ['edge/big_counts.pstats', 'edge/big_counts.pstats'],
    ['edge/nan_inf.pstats'], ['edge/numbers.pstats'], ['edge/mixed_callers.pstats'],
    ['edge/strip_collide.pstats', 'edge/toplevel.pstats'],
    ['edge/py2_int64_stringref.pstats'], ['edge/base.ftext.pstats', 'edge/duplicate_key.pstats'],
    ['synthetic/syn_3k_s3_unicode.pstats'], ['synthetic/syn_1k_s4_toplevel.pstats'],
    ['variants/py311_recursion.py2v2.pstats', 'variants/py311_recursion.v0.pstats'],
]
SAMPLED_INPUTS = [
    ['py315_sampled_jset.pstats', 'py315_sampled_recursion.pstats'],
    ['py315_sampled_builtins.pstats'], ['py315_sampled_workers.pstats'] * 2,
]
PY315_REPORT = (
    'import io, pstats, sys\n'
    'keys, amounts, method = eval(sys.argv[2])\n'
    's = io.StringIO()\n'
    'st = pstats.Stats(sys.argv[1], stream=s)\n'
    'assert type(st).__name__ == "SampledStats", type(st)\n'
    'st.sort_stats(*keys)\n'
    'getattr(st, method)(*amounts)\n'
    'sys.stdout.buffer.write(s.getvalue().encode())\n')


def py315():
    d = os.environ.get('PV_NEWPY_DIR')
    exe = d and os.path.join(d, 'run315')
    return exe if exe and os.path.exists(exe) else None
# (pstats calls, pstat-view stats options)
VIEWS = [
    ((('stdname',), (), 'print_stats'), ['-s', 'stdname']),
    ((('time',), (20,), 'print_stats'), ['-s', 'time', '-l', '20']),
    ((('stdname',), (), 'print_callers'), ['-s', 'stdname', '--callers']),
    ((('stdname',), (), 'print_callees'), ['-s', 'stdname', '--callees']),
]


def _handler(exc):
    out = bytearray()
    for ch in exc.object[exc.start:exc.end]:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(o - 0xDC00)
        elif 0xD800 <= o <= 0xDFFF:
            out += ch.encode('utf-8', 'surrogatepass')
        else:
            raise exc
    return bytes(out), exc.end


codecs.register_error('pv-roundtrip', _handler)


def body(report, is_stats):
    """Drops print_stats' header (file lines up to the first empty line)."""
    lines = report.split(b'\n')
    if is_stats:
        while lines and lines[0] != b'':
            lines.pop(0)
    return b'\n'.join(lines)


def python_report(path, view):
    (keys, amounts, method) = view
    if 'sampled' in os.path.basename(path):
        p = subprocess.run([py315(), '-c', PY315_REPORT, path, repr(view)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        return p.stdout
    s = io.StringIO()
    st = pstats.Stats(path, stream=s)
    st.sort_stats(*keys)
    getattr(st, method)(*amounts)
    return s.getvalue().encode('utf-8', 'pv-roundtrip')


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    pv, data, work = argv
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(data, work)
    passed = failed = 0
    inputs = INPUTS + (SAMPLED_INPUTS if py315() else [])
    for n, files in enumerate(inputs):
        for strip in ([], ['--strip-dirs']):
            out = 'merged%d%s%s.pstats' % (n, '-s' if strip else '',
                                           '-sampled' if 'sampled' in files[0] else '')
            p = subprocess.run([pv, 'merge'] + files + ['-o', out] + strip, cwd=work,
                               stderr=subprocess.PIPE)
            if p.returncode != 0:
                failed += 1
                print('FAIL: pstat-view merge %s: %s' % (' '.join(files), p.stderr.decode()))
                continue
            for view, opts in VIEWS:
                want = subprocess.run([pv, 'stats'] + opts + strip + files, cwd=work,
                                      stdout=subprocess.PIPE).stdout
                try:
                    got = python_report(os.path.join(work, out), view)
                except Exception as e:  # noqa: BLE001
                    failed += 1
                    print('FAIL: python pstats cannot read %s (%s): %r' % (out, files, e))
                    continue
                st = view[2] == 'print_stats'
                if body(got, st) == body(want, st):
                    passed += 1
                    continue
                failed += 1
                print('FAIL: merge %s %s, view %s' % (' '.join(files), ' '.join(strip), opts))
                d = difflib.unified_diff(
                    body(want, st).decode('utf-8', 'replace').splitlines(True),
                    body(got, st).decode('utf-8', 'replace').splitlines(True),
                    'pstat-view stats INPUTS', 'python pstats MERGED', n=1)
                sys.stdout.write(''.join(list(d)[:30]))
    print('merge_roundtrip: %d passed, %d failed' % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
