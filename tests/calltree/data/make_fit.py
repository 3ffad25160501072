#!/usr/bin/env python3
"""make_fit.py OUT: writes fit.pstats, a profile-module profile (caller entries
hold call counts only) of an import, made by hand for test_calltree's
test_counted_fit.

    run -> exec -> a.py <module> -> _find_and_load x2 -> exec -> b.py, c.py
    run -> work2 -> _find_and_load x3 (modules already loaded: cheap)

_find_and_load's 5 calls share its 0.403 s by counts as 2/5 to a.py's module
(0.161 s), but a.py's module runs once, so it hands its callees exactly its
cumtime less its tottime: 1.0 - 0.1 - 0.5 (work, its only caller) = 0.4 s.
"""
import marshal
import sys

BOOT = '<frozen importlib._bootstrap>'
run = ('r.py', 1, 'run')
work2 = ('r.py', 5, 'work2')
exec_ = ('', 0, 'exec')            # the profile module's key for a C function
fal = (BOOT, 1165, '_find_and_load')
a = ('a.py', 1, '<module>')
work = ('a.py', 5, 'work')
b = ('b.py', 1, '<module>')
c = ('c.py', 1, '<module>')

# key: (primitive calls, calls, tottime, cumtime, {caller: calls})
stats = {
    run: (1, 1, 0.0, 1.004, {}),
    work2: (1, 1, 0.001, 0.004, {run: 1}),
    exec_: (1, 3, 0.0, 1.0, {run: 1, fal: 2}),
    a: (1, 1, 0.1, 1.0, {exec_: 1}),
    work: (1, 1, 0.5, 0.5, {a: 1}),
    fal: (5, 5, 0.023, 0.403, {a: 2, work2: 3}),
    b: (1, 1, 0.3, 0.3, {exec_: 1}),
    c: (1, 1, 0.08, 0.08, {exec_: 1}),
}

with open(sys.argv[1], 'wb') as out:
    marshal.dump(stats, out, 2)
