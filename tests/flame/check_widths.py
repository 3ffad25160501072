#!/usr/bin/env python3
"""check_widths.py SVG PSTATS WIDTH [--shares]: the boxes of a flame SVG
are as wide as their times, worked out from Python's pstats, not from
pstat-view.

Always:
  - the root box 'all' spans the chart: the image (WIDTH px) less the
    same margin either side;
  - every box lies within its parent's span (the box one level nearer
    the root that starts last at or before it), and the widths of a
    box's children add up to no more than its own (in the layout's own
    data-x/data-w, written to 0.001 px).
With --shares (for cProfile files, whose roots cover the whole run, so
'all' stands for pstats' total_tt):
  - every exact (solid) box of a function is as wide as the function's
    cumtime share of total_tt times the chart width, to the 0.01 px the
    SVG is written with.
Prints what is wrong and exits 1; exits 0 when all holds.
"""
import pstats
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
EPS = 0.011  # rect widths are written as %.2f
LEPS = 0.0011  # data-x and data-w as %.3f


def boxes(path):
    """(depth, rect x, rect width, classes, first title line, data-x,
    data-w) of every box."""
    out = []
    for g in ET.parse(path).getroot().iter(SVG + "g"):
        cls = g.get("class", "").split()
        if "pv-f" not in cls:
            continue
        rect = g.find(SVG + "rect")
        title = g.find(SVG + "title").text.split("\n")[0]
        out.append((int(g.get("data-d")), float(rect.get("x")), float(rect.get("width")),
                    cls, title, float(g.get("data-x")), float(g.get("data-w"))))
    return out


def main():
    svg, prof, width = sys.argv[1], sys.argv[2], float(sys.argv[3])
    shares = "--shares" in sys.argv[4:]
    bad = []
    bs = boxes(svg)
    roots = [b for b in bs if b[0] == 0]
    if len(roots) != 1 or roots[0][4] != "all":
        print("%s: not one root box 'all'" % svg)
        return 1
    x0, w0 = roots[0][1], roots[0][2]
    if not (0 <= x0 < width / 10 and abs(x0 + w0 - (width - x0)) <= EPS):
        bad.append("'all' spans %.2f..%.2f, not the chart of a %g px image" %
                   (x0, x0 + w0, width))
    # nesting: each box within its parent, children no wider than it
    by_depth = {}
    for b in bs:
        by_depth.setdefault(b[0], []).append(b)
    kids = {}
    for d, level in by_depth.items():
        for b in level[:] if d else ():
            before = [p for p in by_depth.get(d - 1, ()) if p[5] <= b[5] + LEPS]
            if not before:
                bad.append("%s (depth %d): no parent" % (b[4], d))
                continue
            p = max(before, key=lambda q: q[5])
            kids.setdefault(id(p), [p, 0.0])[1] += b[6]
            if b[5] + b[6] > p[5] + p[6] + LEPS:
                bad.append("%s (depth %d) sticks out of %s" % (b[4], d, p[4]))
    for p, sum_w in kids.values():
        if sum_w > p[6] + LEPS:
            bad.append("the children of %s (depth %d) are %.3f px wide, it %.3f" %
                       (p[4], p[0], sum_w, p[6]))
    checked = 0
    if shares:
        st = pstats.Stats(prof)
        total = st.total_tt
        ct = {}
        for func, (cc, nc, tt, cum, callers) in st.stats.items():
            name = pstats.func_std_string(func)
            ct[name] = None if name in ct else cum  # None: ambiguous
        for d, x, w, cls, title, _, _ in bs:
            if d == 0 or "pv-est" in cls or "pv-other" in cls or ct.get(title) is None:
                continue
            want = ct[title] / total * w0
            checked += 1
            if abs(w - want) > EPS:
                bad.append("%s: %.2f px wide, want %.4f (cumtime %.6g of %.6g)" %
                           (title, w, want, ct[title], total))
        if checked == 0:
            bad.append("no exact box to check")
    for b in bad:
        print("%s: %s" % (svg, b))
    if shares and not bad:
        print("%s: %d exact boxes as wide as their cumtime shares" % (svg, checked))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
