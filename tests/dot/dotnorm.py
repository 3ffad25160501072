#!/usr/bin/env python3
"""dotnorm.py - semantic comparison of two gprof2dot-style DOT call graphs.

    dotnorm.py A.dot B.dot      exit 0 if A and B draw the same graph, else
                                print the differing lines and exit 1
    dotnorm.py A.dot            print A's normal form

Two graphs are the same when they have the same default attributes and the
same multiset of nodes and edges, where a node is known by what it shows
(its name lines, its tooltip) rather than by its DOT id, and the order of
statements and attributes does not matter.  Addresses such as 0x7f12ab34
(code objects of `python -m profile` files) are masked.

Only the DOT that gprof2dot and pstat-view write is understood: one
digraph, attribute statements, node and edge statements, quoted and bare
ids.  Standard library only.
"""
import collections
import re
import sys

TOKEN = re.compile(r'''
    (?P<space>[ \t\r\n]+|//[^\n]*|/\*.*?\*/)
  | (?P<arrow>->)
  | (?P<punct>[{}\[\];,=])
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<bare>[^\s{}\[\];,="]+)
''', re.VERBOSE | re.DOTALL)

STAT_LINE = re.compile(r'^\(?-?[0-9.]+(e[-+]?[0-9]+)?%?\)?$|^-?[0-9]+\u00d7$')
ADDRESS = re.compile(r'0x[0-9a-fA-F]+')


def tokens(text):
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError('cannot read DOT at %r' % text[pos:pos + 30])
        pos = m.end()
        kind = m.lastgroup
        if kind == 'space':
            continue
        value = m.group(kind)
        if kind == 'quoted':
            yield ('id', value[1:-1].replace('\\"', '"'))
        elif kind == 'bare':
            yield ('id', value)
        else:
            yield (value, value)


def parse(text):
    """Returns (defaults, nodes {id: attrs}, edges [(a, b, attrs)])."""
    toks = list(tokens(text))
    i = 0

    def take(kind=None):
        nonlocal i
        if i >= len(toks):
            raise ValueError('unexpected end of DOT')
        tok = toks[i]
        if kind and tok[0] != kind:
            raise ValueError('expected %r, got %r' % (kind, tok[1]))
        i += 1
        return tok

    def attrs():
        out = {}
        while i < len(toks) and toks[i][0] == '[':
            take('[')
            while toks[i][0] != ']':
                if toks[i][0] in (',', ';'):
                    take()
                    continue
                key = take('id')[1]
                take('=')
                out[key] = take('id')[1]
            take(']')
        return out

    if take('id')[1] == 'strict':
        take('id')
    if toks[i][0] == 'id':
        take('id')
    take('{')
    defaults, nodes, edges = [], {}, []
    while toks[i][0] != '}':
        if toks[i][0] == ';':
            take()
            continue
        first = take('id')[1]
        if i < len(toks) and toks[i][0] == '=':
            take('=')
            defaults.append(('graph', {first: take('id')[1]}))
        elif first in ('graph', 'node', 'edge'):
            defaults.append((first, attrs()))
        elif toks[i][0] == '->':
            take('->')
            second = take('id')[1]
            edges.append((first, second, attrs()))
        else:
            nodes.setdefault(first, {}).update(attrs())
    return defaults, nodes, edges


def label_lines(label):
    """Graphviz escString lines: \\n \\l \\r end a line, \\\\ is a backslash."""
    lines, cur, k = [], [], 0
    while k < len(label):
        c = label[k]
        if c == '\\' and k + 1 < len(label):
            d = label[k + 1]
            if d in 'nlr':
                lines.append(''.join(cur))
                cur = []
            else:
                cur.append(d)
            k += 2
            continue
        cur.append(c)
        k += 1
    lines.append(''.join(cur))
    return lines


def split_label(label):
    """(name lines, figure lines) of a node label."""
    lines = label_lines(label)
    n = len(lines)
    while n > 1 and STAT_LINE.match(lines[n - 1].strip()):
        n -= 1
    return lines[:n], lines[n:]


def attr_text(attrs, skip):
    return ' '.join('%s=%s' % (k, attrs[k]) for k in sorted(attrs) if k not in skip)


def normal_form(text):
    defaults, nodes, edges = parse(text)
    ident = {}
    lines = collections.Counter()
    for kind, a in defaults:
        lines['A %s %s' % (kind, attr_text(a, ()))] += 1
    for nid, a in nodes.items():
        name, figures = split_label(a.get('label', nid))
        who = ADDRESS.sub('0x?', ' / '.join(name)) + ' @ ' + a.get('tooltip', '')
        ident[nid] = who
        lines['N %s | %s | %s' % (who, ' / '.join(figures),
                                  attr_text(a, ('label', 'tooltip')))] += 1
    for src, dst, a in edges:
        lines['E %s -> %s | %s | %s' % (
            ident.get(src, '?' + src), ident.get(dst, '?' + dst),
            ' / '.join(label_lines(a.get('label', ''))), attr_text(a, ('label',)))] += 1
    return lines


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    forms = []
    for path in argv[1:]:
        with open(path, encoding='utf-8', errors='surrogateescape') as f:
            forms.append(normal_form(f.read()))
    if len(forms) == 1:
        for line in sorted(forms[0].elements()):
            print(line)
        return 0
    a, b = forms
    only_a = sorted((a - b).elements())
    only_b = sorted((b - a).elements())
    for line in only_a:
        print('only in %s: %s' % (argv[1], line))
    for line in only_b:
        print('only in %s: %s' % (argv[2], line))
    return 1 if only_a or only_b else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
