#!/usr/bin/env python3
"""The layer map, checked against the build (see ARCHITECTURE.md).

usage: check_arch.py SRC_DIR BUILD_DIR

Checks, and prints one line per violation:
  1. the map in ARCHITECTURE.md (its ```layers block) is the map the build
     uses (BUILD_DIR/pv_layers.txt, written by src/CMakeLists.txt);
  2. every folder of src/ is a layer of the map, and every layer a folder;
  3. no file calls a function defined in a layer it may not use (read from
     the object files' symbols with nm), and no file includes a header of
     such a layer (a header's layer is the layer of the file that
     implements it: the .c file whose first include it is);
  4. no circle between files (through symbols) or between folders.
Exit 0 when all hold, 1 otherwise.  Closing line: "arch: N passed, N failed".
"""
import os
import re
import subprocess
import sys


def read_map_doc(path):
    text = open(path, encoding='utf-8').read()
    m = re.search(r'```layers\n(.*?)```', text, re.S)
    if not m:
        return None
    return parse_map(m.group(1))


def parse_map(text):
    layers = {}
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        name, _, deps = line.partition(':')
        layers[name.strip()] = sorted(deps.split())
    return layers


def closure(layers):
    allowed = {}

    def visit(name, seen):
        for d in layers.get(name, []):
            if d not in seen:
                seen.add(d)
                visit(d, seen)
        return seen
    for name in layers:
        allowed[name] = visit(name, set())
    return allowed


def objects(build):
    """{(layer, file): path of its .o}"""
    out = {}
    for root, _dirs, files in os.walk(build):
        for f in files:
            if not f.endswith('.c.o'):
                continue
            p = os.path.join(root, f)
            m = re.search(r'/src/([a-z_]+)/([A-Za-z0-9_]+)\.c\.o$', p)
            if m and 'layercheck' not in p:
                out[(m.group(1), m.group(2))] = p
    return out


def symbols(path):
    res = subprocess.run(['nm', path], capture_output=True, text=True, check=True)
    defined, undefined = set(), set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == 'U':
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] in 'TDBRVWC':
            defined.add(parts[2])
    return defined, undefined


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__.split('\n')[2], file=sys.stderr)
        return 2
    src, build = sys.argv[1], sys.argv[2]
    failures, passed = [], 0

    def check(ok, msg):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(msg)

    doc = read_map_doc(os.path.join(src, 'ARCHITECTURE.md'))
    built = parse_map(open(os.path.join(build, 'pv_layers.txt')).read())
    check(doc is not None, 'ARCHITECTURE.md has no ```layers block')
    doc = doc or {}
    check(doc == built, 'ARCHITECTURE.md map %s != the build\'s %s' % (doc, built))
    folders = sorted(d for d in os.listdir(os.path.join(src, 'src'))
                     if os.path.isdir(os.path.join(src, 'src', d)))
    check(folders == sorted(built), 'folders of src/ %s != layers %s' % (folders, sorted(built)))
    allowed = closure(built)

    # symbols: who defines what
    objs = objects(build)
    check(len(objs) > 0, 'no object files under %s' % build)
    defs, undefs = {}, {}
    owner = {}
    for key, path in sorted(objs.items()):
        d, u = symbols(path)
        defs[key], undefs[key] = d, u
        for s in d:
            owner[s] = key
    file_edges = {}
    for key in sorted(objs):
        for s in sorted(undefs[key]):
            o = owner.get(s)
            if o is None or o == key:
                continue
            file_edges.setdefault(key, set()).add(o)
            layer, other = key[0], o[0]
            check(other == layer or other in allowed.get(layer, ()),
                  'src/%s/%s.c calls %s of src/%s/%s.c: %s may not use %s'
                  % (key[0], key[1], s, o[0], o[1], layer, other))

    # includes: a header's layer is the layer of the file implementing it
    header_layer = {}
    sources = []
    for layer in folders:
        d = os.path.join(src, 'src', layer)
        for f in sorted(os.listdir(d)):
            if f.endswith('.c') or f.endswith('.h'):
                sources.append((layer, os.path.join(d, f)))
    inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    for layer, path in sources:
        if not path.endswith('.c'):
            continue
        incs = inc_re.findall(open(path, encoding='utf-8').read())
        base = os.path.splitext(os.path.basename(path))[0]
        if incs and incs[0].startswith('pv/') and incs[0] == 'pv/%s.h' % base:
            header_layer[incs[0]] = layer
    for layer, path in sources:
        for inc in inc_re.findall(open(path, encoding='utf-8').read()):
            if inc.startswith('pv/'):
                hl = header_layer.get(inc)
            else:
                hl = inc.split('/')[0] if '/' in inc else layer
            if hl is None or hl not in built:
                continue
            check(hl == layer or hl in allowed.get(layer, ()),
                  '%s includes %s of layer %s: %s may not use %s'
                  % (os.path.relpath(path, src), inc, hl, layer, hl))

    # circles
    for comp in sccs(set(objs), file_edges):
        check(len(comp) == 1, 'files call each other in a circle: ' +
              ', '.join('src/%s/%s.c' % k for k in comp))
    folder_edges = {}
    for a, bs in file_edges.items():
        for b in bs:
            if a[0] != b[0]:
                folder_edges.setdefault(a[0], set()).add(b[0])
    for comp in sccs(set(k[0] for k in objs), folder_edges):
        check(len(comp) == 1, 'folders call each other in a circle: ' + ', '.join(comp))

    for f in failures:
        print('FAIL: ' + f)
    print('arch: %d passed, %d failed' % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
