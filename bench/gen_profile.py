#!/usr/bin/env python3
"""bench/gen_profile.py OUT -n N [--seed S] [--version V]: writes a large,
realistic synthetic .pstats file for the benchmarks (never committed).

The profile looks like cProfile's output: N functions spread over about
N/25 modules in a package tree, about 4% C builtins ('~', 0, '<...>'), a
call graph where each function has one to three callers (so about 1.25
caller entries per function), recursion here and there, (nc, cc, tt, ct)
caller tuples whose sums match the callee's own counts, and cumulative
times that grow towards the roots.  Key tuples are shared between the
stats dict and the callers dicts, so marshal writes them once and refers
to them afterwards, as cProfile's files do.
"""
import argparse
import marshal
import random
import struct


# cProfile builds every number of its output as a new object, so marshal
# writes them in full; shared objects would be written once and referred
# to (FLAG_REF), which real profiles only do for keys, names and small ints.
def fresh_f(x):
    return struct.unpack("<d", struct.pack("<d", x))[0]


def fresh_i(x):
    return int(str(x))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=100000, help="functions")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--version", type=int, default=4, help="marshal version")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    n = max(a.n, 2)

    words = ("core util io net parse model view cache store query render "
             "plugin task queue codec crypto json http auth db").split()
    nmod = max(1, n // 25)
    modules = []
    for m in range(nmod):
        depth = 1 + rnd.randrange(3)
        parts = [rnd.choice(words) for _ in range(depth)]
        modules.append("/srv/app/%s/%s_%d.py" % ("/".join(parts), rnd.choice(words), m))

    keys = []
    for i in range(n):
        if i > 0 and rnd.random() < 0.04:
            keys.append(("~", 0, "<built-in method %s_%d>" % (rnd.choice(words), i)))
        else:
            f = modules[rnd.randrange(nmod)]
            keys.append((f, 1 + rnd.randrange(2000), "%s_%d" % (rnd.choice(words), i)))

    # callers: function i is called by earlier functions (a DAG rooted at 0),
    # plus occasional self-recursion
    stats = {}
    ct = [0.0] * n
    tt = [0.0] * n
    for i in range(n - 1, -1, -1):
        tt[i] = rnd.expovariate(1.0) * 1e-4
        ct[i] += tt[i]
    calls = [1] * n
    callers = [dict() for _ in range(n)]
    for i in range(1, n):
        k = 1 if rnd.random() < 0.8 else 2 + (rnd.random() < 0.3)
        total = 1 + int(rnd.expovariate(1.0 / 20))
        calls[i] = total
        for j in range(k):
            c = rnd.randrange(max(0, i - 5000), i) if rnd.random() < 0.7 else rnd.randrange(i)
            share = max(1, total // k)
            callers[i][keys[c]] = [share, share, 0.0, 0.0, c]
    # cumulative times flow to callers, from the leaves up
    for i in range(n - 1, 0, -1):
        entries = callers[i]
        if not entries:
            continue
        part = ct[i] / len(entries)
        for v in entries.values():
            v[2] = tt[i] / len(entries)
            v[3] = part
            ct[v[4]] += part
    for i in range(n):
        nc = calls[i]
        cc = nc
        cd = {}
        for key, (enc, ecc, ett, ect, _) in callers[i].items():
            cd[key] = (fresh_i(enc), fresh_i(ecc), fresh_f(ett), fresh_f(ect))
        if i > 0 and rnd.random() < 0.02:
            rec = rnd.randrange(1, 50)
            nc += rec
            cd[keys[i]] = (fresh_i(rec), 0, fresh_f(tt[i] * 0.1), fresh_f(ct[i] * 0.1))
        stats[keys[i]] = (fresh_i(cc), fresh_i(nc), fresh_f(tt[i]), fresh_f(ct[i]), cd)
    # the call that stopped the profiler, as in every cProfile file
    stats[("~", 0, "<method 'disable' of '_lsprof.Profiler' objects>")] = (1, 1, 0.0, 0.0, {})
    with open(a.out, "wb") as f:
        marshal.dump(stats, f, a.version)
    print("%s: %d functions, %d caller entries" %
          (a.out, len(stats), sum(len(v[4]) for v in stats.values())))


if __name__ == "__main__":
    main()
