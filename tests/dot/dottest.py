#!/usr/bin/env python3
"""dottest.py - the `pstat-view dot` tests (run by ctest; standard library only).

    dottest.py golden BIN NAME     one case of cases.*.txt: run pstat-view dot
                                   with its options and compare with its golden
    dottest.py render BIN CASE     a rendering test (see RENDER below)
    dottest.py regen BIN           rewrite the goldens of the 'self' cases
    dottest.py normcheck           dotnorm.py sees real differences, not cosmetic ones

Case lines (cases.gprof2dot.txt, cases.compare.txt, cases.extra.txt):
    name | profiles (in data/, gzip'd) | options | exit | golden | check
check is one of
    bytes     the output must equal golden/GOLDEN.dot.gz byte for byte
    semantic  the output must draw the same graph (dotnorm.py): used where
              the input's dict order differs from gprof2dot's file
    self      like bytes, against pstat-view's own reviewed output (inputs
              gprof2dot cannot read, options it does not have)
    none      exit status only, plus one line on stderr when it is 1
    usage     exit status 2 (a usage error): stderr's first line holds the
              golden column's text, nothing on stdout
On a byte mismatch the semantic differences are printed too, so a failure
says which nodes or edges changed.
"""
import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import dotnorm  # noqa: E402

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def read_cases():
    cases = {}
    for fname in ('cases.gprof2dot.txt', 'cases.compare.txt', 'cases.extra.txt'):
        with open(os.path.join(HERE, fname), encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line.strip() or line.startswith('#'):
                    continue
                name, files, opts, code, golden, check = line.split('|')
                cases[name] = (files.split(), shlex.split(opts), int(code), golden, check)
    return cases


def unpack(files, tmp):
    paths = []
    for name in files:
        dst = os.path.join(tmp, name)
        if not os.path.exists(dst):
            with gzip.open(os.path.join(HERE, 'data', name + '.gz'), 'rb') as src, \
                    open(dst, 'wb') as out:
                shutil.copyfileobj(src, out)
        paths.append(dst)
    return paths


def run(argv, **kw):
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=600, **kw)


def sanitizer_report(stderr):
    return re.search(rb'(AddressSanitizer|LeakSanitizer|runtime error:)', stderr)


class Failures:
    def __init__(self):
        self.n = 0

    def __call__(self, msg):
        self.n += 1
        print('FAIL: ' + msg)


def golden_path(golden):
    return os.path.join(HERE, 'golden', golden + '.dot.gz')


def semantic_diff(got, want, tmp):
    a, b = os.path.join(tmp, 'got.dot'), os.path.join(tmp, 'want.dot')
    with open(a, 'wb') as f:
        f.write(got)
    with open(b, 'wb') as f:
        f.write(want)
    fa = dotnorm.normal_form(got.decode('utf-8', 'surrogateescape'))
    fb = dotnorm.normal_form(want.decode('utf-8', 'surrogateescape'))
    lines = ['  only in pstat-view: ' + x for x in sorted((fa - fb).elements())]
    lines += ['  only in golden:     ' + x for x in sorted((fb - fa).elements())]
    return lines


def cmd_golden(binary, name):
    cases = read_cases()
    if name not in cases:
        print('dottest: no case %r' % name)
        return 2
    files, opts, code, golden, check = cases[name]
    fail = Failures()
    with tempfile.TemporaryDirectory(prefix='pv-dot.') as tmp:
        argv = [binary, 'dot'] + opts + unpack(files, tmp)
        print('$ pstat-view dot ' + ' '.join(shlex.quote(a) for a in opts + files))
        r = run(argv, cwd=tmp)
        if sanitizer_report(r.stderr):
            fail('sanitizer report:\n' + r.stderr.decode('utf-8', 'replace'))
        if r.returncode != code:
            fail('exit status %d, expected %d; stderr: %s' %
                 (r.returncode, code, r.stderr.decode('utf-8', 'replace')))
        if check == 'usage':
            lines = r.stderr.decode('utf-8', 'replace').splitlines()
            if not lines or not lines[0].startswith('pstat-view dot: ') or golden not in lines[0]:
                fail('expected a usage error with %r on stderr, got %r' % (golden, lines))
            if r.stdout:
                fail('output on stdout despite the error')
        elif code != 0:
            lines = r.stderr.decode('utf-8', 'replace').splitlines()
            if len(lines) != 1 or not lines[0].startswith('pstat-view: '):
                fail('expected one error line on stderr, got %r' % lines)
            if r.stdout:
                fail('output on stdout despite the error')
        elif r.stderr:
            fail('unexpected stderr: %s' % r.stderr.decode('utf-8', 'replace'))
        if check not in ('none', 'usage') and r.returncode == 0:
            with gzip.open(golden_path(golden), 'rb') as f:
                want = f.read()
            got = r.stdout
            if check in ('bytes', 'self'):
                if got != want:
                    diff = semantic_diff(got, want, tmp)
                    fail('output differs from golden %s (%s)%s' % (
                        golden, 'semantically too' if diff else 'bytes only, same graph',
                        ''.join('\n' + d for d in diff[:40])))
                else:
                    print('byte-identical to %s' % golden)
            elif check == 'semantic':
                diff = semantic_diff(got, want, tmp)
                if diff:
                    fail('graph differs from golden %s:\n%s' % (golden, '\n'.join(diff[:40])))
                else:
                    print('same graph as %s (%s)' % (
                        golden, 'byte-identical' if got == want else 'ids/order differ'))
            else:
                fail('unknown check %r' % check)
    print('%d passed, %d failed' % (0 if fail.n else 1, 1 if fail.n else 0))
    return 1 if fail.n else 0


def cmd_regen(binary):
    for name, (files, opts, code, golden, check) in sorted(read_cases().items()):
        if check != 'self':
            continue
        with tempfile.TemporaryDirectory(prefix='pv-dot.') as tmp:
            r = run([binary, 'dot'] + opts + unpack(files, tmp), cwd=tmp)
            if r.returncode != 0:
                print('regen: %s failed: %s' % (name, r.stderr.decode()))
                return 1
            with open(golden_path(golden), 'wb') as f:
                f.write(gzip.compress(r.stdout, compresslevel=9, mtime=0))
            print('wrote', golden)
    return 0


# ------------------------------------------------------------- rendering

def png_size(data):
    """(width, height) from a PNG's IHDR chunk."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b'IHDR':
        return None
    return int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big')


def svg_texts(data):
    root = ET.fromstring(data)
    if not root.tag.endswith('svg'):
        raise ValueError('root element is %s, not svg' % root.tag)
    return [''.join(el.itertext()) for el in root.iter() if el.tag.endswith('text')]


def render_case(binary, case, tmp, fail):
    prof = unpack(['jset.pstats'], tmp)[0]
    out = os.path.join(tmp, 'out')
    os.mkdir(out)

    def pv(*args, env=None):
        e = dict(os.environ)
        e.update(env or {})
        r = run([binary, 'dot'] + list(args), cwd=tmp, env=e)
        if sanitizer_report(r.stderr):
            fail('sanitizer report: ' + r.stderr.decode('utf-8', 'replace'))
        return r

    def one_error_line(r, code, pattern):
        if r.returncode != code:
            fail('exit %d, expected %d (stderr %r)' % (r.returncode, code, r.stderr))
        lines = r.stderr.decode('utf-8', 'replace').splitlines()
        errs = [x for x in lines if not x.startswith('usage:')]
        if len(errs) != 1 or not re.search(pattern, errs[0]):
            fail('expected one line matching %r on stderr, got %r' % (pattern, lines))
        if r.stdout:
            fail('unexpected output on stdout')

    def two_profile_svg(option, name):
        """The texts of `dot OPTION jset py313_jset -o NAME` (an SVG)."""
        other = unpack(['py313_jset.pstats'], tmp)[0]
        r = pv(option, prof, other, '-o', os.path.join(out, name))
        if r.returncode != 0:
            fail('exit %d: %r' % (r.returncode, r.stderr))
        with open(os.path.join(out, name), 'rb') as f:
            return svg_texts(f.read())

    def only_files(*names):
        left = sorted(os.listdir(out))
        if left != sorted(names):
            fail('files in the output directory: %r, expected %r' % (left, sorted(names)))

    labels = ['jset:30:calc_julia', '99.17%', '(5.18%)', '~:0:<built-in method builtins.exec>']
    if case == 'png':
        r = pv(prof, '-o', os.path.join(out, 'g.png'))
        if r.returncode != 0 or r.stderr:
            fail('exit %d, stderr %r' % (r.returncode, r.stderr))
        with open(os.path.join(out, 'g.png'), 'rb') as f:
            data = f.read()
        size = png_size(data)
        if not size or size[0] < 50 or size[1] < 50:
            fail('not a PNG picture of a graph: %r (%d bytes)' % (data[:24], len(data)))
        if data[-12:-4] != b'\x00\x00\x00\x00IEND':
            fail('PNG does not end with an IEND chunk')
        only_files('g.png')
    elif case == 'png_stdout':
        r = pv('-T', 'png', prof)
        if r.returncode != 0 or png_size(r.stdout) is None:
            fail('-T png to stdout: exit %d, %r' % (r.returncode, r.stdout[:16]))
    elif case == 'svg':
        r = pv(prof, '-o', os.path.join(out, 'g.svg'))
        if r.returncode != 0 or r.stderr:
            fail('exit %d, stderr %r' % (r.returncode, r.stderr))
        with open(os.path.join(out, 'g.svg'), 'rb') as f:
            texts = svg_texts(f.read())
        for want in labels:
            if want not in texts:
                fail('SVG has no text %r (has %r...)' % (want, texts[:8]))
        # one text element per label line of the DOT graph
        r = pv(prof)
        _defaults, nodes, edges = dotnorm.parse(r.stdout.decode('utf-8'))
        want = sum(len(dotnorm.label_lines(a['label'])) for a in nodes.values())
        want += sum(len(dotnorm.label_lines(a['label'])) for _s, _d, a in edges)
        if len(texts) != want or len(nodes) < 5:
            fail('SVG has %d text elements, the DOT %d label lines' % (len(texts), want))
    elif case == 'svg_stdout_T':
        r = pv('-T', 'svg', prof)
        texts = svg_texts(r.stdout)
        if r.returncode != 0 or 'jset:30:calc_julia' not in texts:
            fail('-T svg: exit %d, texts %r' % (r.returncode, texts[:5]))
        # -T wins over the extension of -o
        r = pv('-T', 'svg', '-o', os.path.join(out, 'g.png'), prof)
        with open(os.path.join(out, 'g.png'), 'rb') as f:
            if b'<svg' not in f.read(2000):
                fail('-T svg -o g.png did not write SVG')
        # .dot and unknown extensions give DOT text
        r = pv('-o', os.path.join(out, 'g.gv'), prof)
        with open(os.path.join(out, 'g.gv'), 'rb') as f:
            if not f.read().startswith(b'digraph {\n'):
                fail('-o g.gv did not write DOT')
    elif case == 'pdf':
        r = pv(prof, '-o', os.path.join(out, 'g.pdf'))
        with open(os.path.join(out, 'g.pdf'), 'rb') as f:
            data = f.read()
        if r.returncode != 0 or not data.startswith(b'%PDF-') or b'%%EOF' not in data[-64:]:
            fail('not a PDF: exit %d, %r' % (r.returncode, data[:8]))
    elif case == 'unknown_format':
        r = pv('-T', 'jpg', prof, '-o', os.path.join(out, 'g.jpg'))
        one_error_line(r, 2, r"unknown output format 'jpg'")
        only_files()
    elif case == 'unwritable':
        # -o names a directory: the temporary file must not be left behind
        os.mkdir(os.path.join(out, 'sub'))
        r = pv(prof, '-o', os.path.join(out, 'sub'), '-T', 'svg')
        one_error_line(r, 1, r'sub: cannot write')
        only_files('sub')
        r = pv(prof, '-o', os.path.join(out, 'nosuchdir', 'g.png'))
        one_error_line(r, 1, r'g\.png: cannot write')
        only_files('sub')
    elif case == 'no_plugins':
        # Graphviz with no plugin configuration: one line naming the cure
        empty = os.path.join(tmp, 'gvbin')
        os.mkdir(empty)
        r = pv(prof, '-o', os.path.join(out, 'g.png'), env={'GVBINDIR': empty})
        one_error_line(r, 1, r"cannot render png: Graphviz has no 'dot' layout plugin.*libgvc6.*dot -c")
        only_files()
        # DOT text needs no plugin
        r = pv(prof, '-o', os.path.join(out, 'g.dot'), env={'GVBINDIR': empty})
        if r.returncode != 0:
            fail('DOT output failed without plugins: %r' % r.stderr)
    elif case == 'terminal':
        # a picture is not written to a terminal (script(1) gives one)
        if shutil.which('script') is None:
            print('script(1) missing: skipped')
            return 77
        cmd = '%s dot -T png %s' % (shlex.quote(binary), shlex.quote(prof))
        r = run(['script', '-qec', cmd, '/dev/null'], cwd=tmp)
        text = r.stdout.decode('utf-8', 'replace')
        if 'will not write png to a terminal' not in text or PNG_SIGNATURE in r.stdout:
            fail('PNG to a terminal: %r' % text[:200])
    elif case == 'big_graph_warning':
        big = unpack(['py313_ut_json.pstats'], tmp)[0]
        # 1339 nodes and no edges: over the limit, yet quick to lay out
        r = pv('-n0', '-e', '100', big, '-o', os.path.join(out, 'g.svg'))
        err = r.stderr.decode('utf-8', 'replace')
        if r.returncode != 0:
            fail('exit %d: %s' % (r.returncode, err))
        if not re.search(r'warning: 1339 nodes .* raise -n/--node-thres \(now 0\)', err):
            fail('no big-graph warning naming -n: %r' % err)
        # DOT text is not laid out: no warning
        r = pv('-n0', '-e0', big, '-o', os.path.join(out, 'g.dot'))
        if r.returncode != 0 or r.stderr:
            fail('DOT output warned or failed: %r' % r.stderr)
    elif case == 'compare_svg':
        # gprof2dot's compare graph: "A% + d%", "n ×/ m ×" and cds shapes
        texts = two_profile_svg('--compare', 'c.svg')
        if not any(re.match(r'^[0-9.]+% [-+] [0-9.]+%$', t) for t in texts):
            fail('compare SVG shows no "A%% +/- d%%" figures: %r' % texts[:8])
        if not any('\u00d7/ ' in t for t in texts):
            fail('compare SVG shows no "n \u00d7/ m \u00d7" calls: %r' % texts[:8])
    elif case == 'diff_svg':
        texts = two_profile_svg('--diff', 'd.svg')
        if not any('\u2192' in t for t in texts):
            fail('diff SVG shows no base \u2192 new figures: %r' % texts[:8])
    else:
        print('dottest: no render case %r' % case)
        return 2
    return 0


def cmd_render(binary, case):
    fail = Failures()
    with tempfile.TemporaryDirectory(prefix='pv-dot.') as tmp:
        rc = render_case(binary, case, tmp, fail)
    if rc:
        return rc
    print('%d passed, %d failed' % (0 if fail.n else 1, 1 if fail.n else 0))
    return 1 if fail.n else 0


def cmd_normcheck():
    """The semantic comparison must be able to fail (and to pass)."""
    fail = Failures()
    with gzip.open(golden_path('py311_recursion.default'), 'rb') as f:
        text = f.read().decode('utf-8')
    base = dotnorm.normal_form(text)
    lines = text.split('\n')
    body = [x for x in lines[5:] if x.startswith('\t')]  # node and edge statements
    # the same graph: statements reordered, node 0 renamed to 1000
    shuffled = '\n'.join(lines[:5] + list(reversed(body[3:])) + body[:3] + ['}', ''])
    renamed = re.sub(r'(?m)^\t0 ', '\t1000 ', text).replace(' -> 0 [', ' -> 1000 [')
    for what, variant in (('reordered', shuffled), ('renumbered', renamed)):
        if dotnorm.normal_form(variant) != base:
            fail('%s graph compared different' % what)
    edge = next(x for x in body if ' -> ' in x)
    node = next(x for x in body if ' -> ' not in x)
    changes = {
        'a colour': text.replace('#f92b01', '#f92b02', 1),
        'a call count': text.replace('\\n1\u00d7"', '\\n2\u00d7"', 1),
        'a missing edge': text.replace(edge + '\n', '', 1),
        'a missing node': text.replace(node + '\n', '', 1),
        'a tooltip': text.replace('tooltip="~"', 'tooltip="~~"', 1),
        'an edge target': text.replace(edge, re.sub(r'-> \d+', '-> 0', edge), 1),
        'a pen width': text.replace('penwidth="0.88"', 'penwidth="0.89"', 1),
    }
    for what, variant in changes.items():
        if variant == text:
            fail('could not make a graph with %s changed' % what)
        elif dotnorm.normal_form(variant) == base:
            fail('a graph with %s changed compared equal' % what)
    print('%d passed, %d failed' % (0 if fail.n else 1, 1 if fail.n else 0))
    return 1 if fail.n else 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'golden':
        return cmd_golden(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == 'render':
        return cmd_render(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == 'regen':
        return cmd_regen(argv[2])
    if len(argv) == 2 and argv[1] == 'normcheck':
        return cmd_normcheck()
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
