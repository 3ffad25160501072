#!/usr/bin/env python3.11
"""Prints the expected values of tests/unit/test_listsort.c, from CPython's
own list.sort (run it with Python 3.11, whose algorithm pv/listsort.h
follows; later versions changed how runs are found).

Each case is a list of numbers made by the same generator as the C test;
the sort orders the indices 0..n-1 by "<" on their numbers (or ">" for
the pstats-like descending case).  Printed per case: how many comparisons
list.sort made, a hash of the pairs it compared in order, a hash of the
result, and a hash over the lists left behind when the comparison raises
at its k-th call, for a spread of k (what CPython leaves after an error).
"""
import math
import sys

M64 = (1 << 64) - 1
FNV_BASIS, FNV_PRIME = 0xcbf29ce484222325, 0x100000001b3


def fnv(h, word):
    return ((h ^ word) * FNV_PRIME) & M64


class Rng:
    def __init__(self, seed):
        self.x = seed

    def next(self):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) & M64
        return self.x >> 33


def blocks(na, nb, a_first):
    # two ascending runs whose values interleave in blocks of 40, so that
    # merging them gallops; a_first: the first run starts lower
    off_a, off_b = (0, 40) if a_first else (40, 0)
    a = [(i // 40) * 80 + off_a + i % 40 for i in range(na)]
    b = [(j // 40) * 80 + off_b + j % 40 for j in range(nb)]
    return a + b


def case_values(name, n):
    r = Rng(n * 7919 + len(name))
    if name == "dups":
        return [r.next() % 50 for _ in range(n)]
    if name == "lo":
        return blocks(n * 5 // 11, n - n * 5 // 11, True)
    if name == "hi":
        return blocks(n * 6 // 11, n - n * 6 // 11, False)
    if name == "descending":
        v, top = [], 0
        while len(v) < n:
            length = 1 + r.next() % 300
            top = r.next() % 100000
            for i in range(length):
                # equal neighbours end a strictly descending run
                v.append(top - i if r.next() % 16 else top - i + 1)
        return v[:n]
    if name == "nearly":
        v = list(range(n))
        for _ in range(n // 100):
            at = r.next() % n
            v[at] = r.next() % n
        return v
    if name == "nan":
        return [math.nan if r.next() % 10 == 0 else (r.next() % 1000) / 8.0
                for _ in range(n)]
    if name == "equal":
        return [7] * n
    raise ValueError(name)


CASES = [("dups", 2000), ("lo", 2200), ("hi", 2200), ("descending", 3000),
         ("nearly", 5000), ("nan", 3000), ("equal", 1000), ("dups", 65),
         ("nan", 63), ("lo", 300), ("hi", 300)]


class Stop(Exception):
    pass


def run(values, descending, fail_at=0):
    log = []

    class K:
        __slots__ = ("i",)

        def __init__(self, i):
            self.i = i

        def __lt__(self, other):
            log.append((self.i, other.i))
            if len(log) == fail_at:
                raise Stop
            x, y = values[self.i], values[other.i]
            return x > y if descending else x < y

    items = [K(i) for i in range(len(values))]
    try:
        items.sort()
    except Stop:
        pass
    return [k.i for k in items], log


def main():
    for name, n in CASES:
        values = case_values(name, n)
        desc = name == "nan"
        out, log = run(values, desc)
        h_cmp = FNV_BASIS
        for x, y in log:
            h_cmp = fnv(fnv(h_cmp, x), y)
        h_out = FNV_BASIS
        for i in out:
            h_out = fnv(h_out, i)
        # failures at k = 1, 1 + step, ...: about 200 of them
        step = max(1, len(log) // 200)
        h_fail = FNV_BASIS
        for k in range(1, len(log) + 1, step):
            left, flog = run(values, desc, k)
            assert len(flog) == k
            for i in left:
                h_fail = fnv(h_fail, i)
        print('\t{ "%s", %d, %d, 0x%016xULL, 0x%016xULL, 0x%016xULL },'
              % (name, n, len(log), h_cmp, h_out, h_fail))


if __name__ == "__main__":
    sys.exit(main())
