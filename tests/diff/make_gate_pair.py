"""make_gate_pair.py - writes the CI gate's regression pair (tests/diff/data).

    python3 tests/diff/make_gate_pair.py tests/diff/data

gate_base.pstats and gate_new.pstats profile one small "application" whose
code lives in myapp/ (file names given to compile(), so the labels do not
depend on where this runs):
  - myapp/db.py query(): sleeps 120 ms in base, 160 ms in new;
  - myapp/db.py connect(): 20 ms in both;
  - myapp/util.py helper(): called 10 times in base, 11 in new;
  - myapp/report.py render(): only in new, 30 ms.
The files are committed; the tests read them, they never rerun this.
"""
import cProfile
import sys

DB = """
import time
def connect():
    time.sleep(0.020)

def query(seconds):
    time.sleep(seconds)
"""
UTIL = """
def helper(x):
    return x * 2
"""
REPORT = """
import time
def render():
    time.sleep(0.030)
"""


APP = """
def load(src, filename):
    ns = {}
    exec(compile(src, filename, "exec"), ns)
    return ns

def app(new):
    db = load(DB, "myapp/db.py")
    util = load(UTIL, "myapp/util.py")
    db["connect"]()
    db["query"](0.160 if new else 0.120)
    for i in range(11 if new else 10):
        util["helper"](i)
    if new:
        load(REPORT, "myapp/report.py")["render"]()
"""


def main(out):
    ns = {"DB": DB, "UTIL": UTIL, "REPORT": REPORT}
    exec(compile(APP, "app.py", "exec"), ns)
    for name, new in (("gate_base", False), ("gate_new", True)):
        prof = cProfile.Profile()
        prof.runcall(ns["app"], new)
        prof.dump_stats(f"{out}/{name}.pstats")


if __name__ == "__main__":
    main(sys.argv[1])
