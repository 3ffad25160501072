# Writes tests/unit/data/treefilter.pstats, the hand-made profile of test_treefilter.c:
#   python3 tests/unit/data/make_treefilter.py tests/unit/data/treefilter.pstats
# (run by hand; the test reads the committed file).
import marshal, sys
APP = "/home/u/proj/app/"
main = (APP + "main.py", 1, "main")
load = (APP + "io.py", 5, "load")
loads = ("/usr/lib/python3.11/json/__init__.py", 299, "loads")
decode = ("/usr/lib/python3.11/json/decoder.py", 332, "decode")
compute = (APP + "calc.py", 10, "compute")
dot = ("/usr/lib/python3/dist-packages/numpy/core/multiarray.py", 1, "dot")
blen = ("~", 0, "<built-in method builtins.len>")
helper = (APP + "util.py", 3, "helper")
longf = (APP + "main.py", 20, "a" * 3000)
def e(t, c): return (1, 1, t, c)
stats = {
    main: (1, 1, 0.5, 10.0, {}),
    load: (1, 1, 0.5, 4.0, {main: e(0.5, 4.0)}),
    loads: (1, 1, 0.5, 3.0, {load: e(0.5, 3.0)}),
    decode: (1, 1, 2.5, 2.5, {loads: e(2.5, 2.5)}),
    compute: (1, 1, 0.5, 5.0, {main: e(0.5, 5.0)}),
    dot: (1, 1, 3.0, 3.0, {compute: e(3.0, 3.0)}),
    blen: (1, 1, 1.0, 1.0, {compute: e(1.0, 1.0)}),
    helper: (2, 2, 1.0, 1.0, {load: e(0.5, 0.5), compute: e(0.5, 0.5)}),
    longf: (1, 1, 0.5, 0.5, {main: e(0.5, 0.5)}),
}
with open(sys.argv[1], "wb") as f:
    marshal.dump(stats, f)
