#!/usr/bin/env python3
"""Checks `pstat-view stats --format json` against docs/stats.schema.json
(with a small JSON Schema validator: type, const, enum, properties,
required, additionalProperties, items, minimum, anyOf, $ref), and that the
JSON rows, the CSV rows and the text report agree (same functions in the
same order; tottime/cumtime in the text are the JSON values formatted with
%8.3f, a null being NaN or an infinity).  Standard library only.

usage: check_formats.py PSTAT_VIEW SCHEMA DATA_DIR WORK_DIR
Closes with "formats: N passed, N failed".
"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys


class Invalid(Exception):
    pass


def validate(value, schema, root, path='$'):
    if '$ref' in schema:
        ref = schema['$ref']
        assert ref.startswith('#/')
        target = root
        for part in ref[2:].split('/'):
            target = target[part]
        return validate(value, target, root, path)
    if 'anyOf' in schema:
        for sub in schema['anyOf']:
            try:
                validate(value, sub, root, path)
                break
            except Invalid:
                pass
        else:
            raise Invalid('%s: %r matches no alternative' % (path, value))
    if 'const' in schema and value != schema['const']:
        raise Invalid('%s: %r is not %r' % (path, value, schema['const']))
    if 'enum' in schema and value not in schema['enum']:
        raise Invalid('%s: %r not in %r' % (path, value, schema['enum']))
    if 'type' in schema:
        types = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        ok = False
        for t in types:
            ok = ok or {
                'object': isinstance(value, dict),
                'array': isinstance(value, list),
                'string': isinstance(value, str),
                'integer': isinstance(value, int) and not isinstance(value, bool),
                'number': isinstance(value, (int, float)) and not isinstance(value, bool),
                'boolean': isinstance(value, bool),
                'null': value is None,
            }[t]
        if not ok:
            raise Invalid('%s: %r is not of type %s' % (path, value, types))
    if 'minimum' in schema and isinstance(value, (int, float)) and value < schema['minimum']:
        raise Invalid('%s: %r < %r' % (path, value, schema['minimum']))
    if isinstance(value, dict):
        for k in schema.get('required', []):
            if k not in value:
                raise Invalid('%s: missing %r' % (path, k))
        props = schema.get('properties', {})
        for k, v in value.items():
            if k in props:
                validate(v, props[k], root, path + '.' + k)
            elif schema.get('additionalProperties', True) is False:
                raise Invalid('%s: unexpected member %r' % (path, k))
    if isinstance(value, list) and 'items' in schema:
        for i, v in enumerate(value):
            validate(v, schema['items'], root, '%s[%d]' % (path, i))


def f8(x):
    return '     nan' if math.isnan(x) else '%8.3f' % x


# A JSON time as the text prints it: null stands for NaN or an infinity.
NONFINITE = b'(?:     nan|     inf|    -inf)'


def f8re(x):
    return NONFINITE if x is None else re.escape(f8(x).encode())


OPTION_SETS = [
    ['-s', 'none'], ['-s', 'time', '-l', '30'], ['--callers', '-s', 'cumulative', '-l', '15'],
    ['--callees', '-s', 'none', '-l', '0.3'], ['--strip-dirs', '-s', 'calls', '-l', 'x', '-l', '('],
]


def run(pv, args, cwd):
    p = subprocess.run([pv, 'stats'] + args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout


def check(pv, schema, work, f, opts):
    rc, out = run(pv, opts + ['--format', 'json', f], work)
    if rc != 0:
        raise Invalid('exit %d' % rc)
    doc = json.loads(out.decode('utf-8', 'surrogatepass'))
    validate(doc, schema, schema)
    mode = doc['mode']
    if doc['count'] != len(doc['functions']):
        raise Invalid('count %d but %d functions' % (doc['count'], len(doc['functions'])))
    for fn in doc['functions']:
        if mode == 'stats' and ('callers' in fn or 'callees' in fn):
            raise Invalid('edges in stats mode')
        if mode != 'stats' and mode not in fn:
            raise Invalid('no %s in %s mode' % (mode, mode))
    # text rows: the JSON values, formatted as pstats does, give the text
    rc, text = run(pv, opts + [f], work)
    if mode == 'stats' and doc['count']:
        rows = []
        for fn in doc['functions']:
            nc, cc = fn['ncalls'], fn['pcalls']
            c = str(nc) if nc == cc else '%d/%d' % (nc, cc)
            tp, cp = fn['tottime_percall'], fn['cumtime_percall']
            rows.append(re.escape(c.rjust(9).encode()) + b' ' + f8re(fn['tottime']) + b' ' +
                        (b' ' * 8 if nc == 0 else f8re(tp)) + b' ' +
                        f8re(fn['cumtime']) + b' ' +
                        (b' ' * 8 if cc == 0 else f8re(cp)) + b' ' +
                        re.escape(fn['std_name'].encode('utf-8', 'surrogateescape')) + b'\n')
        if not re.search(b''.join(rows), text):
            raise Invalid('the text rows are not the JSON rows')
    # CSV: header, columns, same rows as the JSON
    rc, out = run(pv, opts + ['--format', 'csv', f], work)
    rows = list(csv.reader(io.StringIO(out.decode('utf-8', 'surrogateescape'), newline='')))
    header, rows = rows[0], rows[1:]
    ncol = len(header)
    if any(len(r) != ncol for r in rows):
        raise Invalid('csv rows of different lengths')
    if mode == 'stats':
        if [r[3] for r in rows] != [fn['std_name'].encode('utf-8', 'surrogateescape')
                                    .decode('utf-8', 'surrogateescape')
                                    for fn in doc['functions']]:
            raise Invalid('csv rows differ from json rows')
        for r, fn in zip(rows, doc['functions']):
            tt = float(r[6])
            if int(r[4]) != fn['ncalls'] or (
                    math.isfinite(tt) if fn['tottime'] is None else tt != fn['tottime']):
                raise Invalid('csv numbers differ: %r / %r' % (r, fn))
    else:
        edges = sum(max(1, len(fn[mode])) for fn in doc['functions'])
        if len(rows) != edges:
            raise Invalid('%d csv rows for %d edges' % (len(rows), edges))


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    pv, schema_path, data, work = argv
    schema = json.load(open(schema_path))
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(data, work)
    files = []
    for root, dirs, fs in os.walk(work):
        dirs.sort()
        for x in sorted(fs):
            rel = os.path.relpath(os.path.join(root, x), work)
            if x.endswith('.pstats') and subprocess.run(
                    [pv, 'stats', '-l', '0', rel], cwd=work, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL).returncode == 0:
                files.append(rel)
    passed = failed = 0
    for f in files:
        for opts in OPTION_SETS:
            try:
                check(pv, schema, work, f, opts)
                passed += 1
            except (Invalid, ValueError, KeyError) as e:
                failed += 1
                print('FAIL: stats %s %s: %s' % (' '.join(opts), f, e))
    print('formats: %d passed, %d failed' % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
