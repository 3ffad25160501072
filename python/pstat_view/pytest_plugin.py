"""pytest plugin (entry point pytest11 "pstat_view"):

    pytest --pstat-view[=DIR] [--pstat-view-sort KEY] [--pstat-view-limit N]

profiles each test's call with cProfile and writes into DIR (default prof/,
relative to where pytest was started):

    <test node id, made a safe file name>.pstats   one per test
    combined.pstats    all of them merged (pstat-view merge)
    index.html         the viewer of combined.pstats (pstat-view serve --export)
    callgraph.svg      its call graph (pstat-view dot -T svg)

and prints the top functions of combined.pstats (pstat-view stats -s KEY -l N)
in the terminal summary.  Without --pstat-view the plugin does nothing.
"""
import cProfile
import hashlib
import os
import re

import pytest

from ._binary import PstatViewError, run

DEFAULT_DIR = "prof"
_MERGE_BATCH = 500  # files per `pstat-view merge` command line


def pytest_addoption(parser):
    group = parser.getgroup("pstat-view", "profiling with pstat-view")
    group.addoption(
        "--pstat-view", dest="pstat_view", nargs="?", const=DEFAULT_DIR, default=None,
        metavar="DIR",
        help="profile each test with cProfile; write one .pstats per test, "
        "combined.pstats, index.html (viewer) and callgraph.svg into DIR "
        "(default %s/; give it as --pstat-view=DIR)" % DEFAULT_DIR)
    group.addoption(
        "--pstat-view-sort", dest="pstat_view_sort", default="tottime", metavar="KEY",
        help="sort key of the summary's top functions (pstat-view stats -s; "
        "default tottime)")
    group.addoption(
        "--pstat-view-limit", dest="pstat_view_limit", default="20", metavar="N",
        help="how many top functions the summary prints (pstat-view stats -l; "
        "default 20)")


def pytest_configure(config):
    d = config.getoption("pstat_view", None)
    if d is None:
        return
    # `pytest --pstat-view test_x.py` takes test_x.py as DIR (an optional
    # value, as pytest-cov's --cov): say so rather than write into it.
    path = os.path.join(str(config.invocation_params.dir), d)
    if d.endswith(".py") or "::" in d or (os.path.exists(path) and not os.path.isdir(path)):
        raise pytest.UsageError(
            "--pstat-view: %r is not a directory for the profiles; write "
            "--pstat-view=DIR, or put --pstat-view after the test paths" % d)
    config.pluginmanager.register(Profiler(config, d), "pstat-view-profiler")


def safe_name(nodeid):
    """A file name (no directory) for a test's node id: letters, digits and
    . _ - only; long ids are cut and get a hash of the whole id."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("._") or "test"
    if len(name) > 150:
        digest = hashlib.sha1(nodeid.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        name = name[:150] + "-" + digest
    return name


class Profiler:
    """Registered by pytest_configure only when --pstat-view is given."""

    def __init__(self, config, directory):
        self.config = config
        base = str(config.invocation_params.dir)
        self.dir = os.path.normpath(os.path.join(base, directory))
        self.sort = config.getoption("pstat_view_sort")
        self.limit = config.getoption("pstat_view_limit")
        self.files = []      # the .pstats written, in test order
        self.names = set()   # their names, to keep them distinct
        self.worker = hasattr(config, "workerinput")  # a pytest-xdist worker
        self.report = None   # stats text for the summary
        self.written = []    # combined files written
        self.errors = []

    def _path_for(self, nodeid):
        name = safe_name(nodeid)
        unique, n = name, 1
        while unique in self.names or unique == "combined":
            n += 1
            unique = "%s-%d" % (name, n)
        self.names.add(unique)
        return os.path.join(self.dir, unique + ".pstats")

    # trylast: the innermost wrapper, right around the test's call, so the
    # other plugins' wrappers (output capture, skip/xfail marks) are not in
    # the profile.
    @pytest.hookimpl(hookwrapper=True, trylast=True)
    def pytest_runtest_call(self, item):
        prof = cProfile.Profile()
        try:
            prof.enable()
        except ValueError as e:  # another profiler (sys.monitoring) is active
            self.errors.append("%s: not profiled: %s" % (item.nodeid, e))
            yield
            return
        try:
            yield
        finally:
            prof.disable()
        try:
            os.makedirs(self.dir, exist_ok=True)
            path = self._path_for(item.nodeid)
            prof.dump_stats(path)
            self.files.append(path)
        except OSError as e:
            self.errors.append("%s: cannot write its profile: %s" % (item.nodeid, e))

    def pytest_sessionfinish(self, session):
        if not self.files or self.worker:
            return
        combined = os.path.join(self.dir, "combined.pstats")
        html = os.path.join(self.dir, "index.html")
        svg = os.path.join(self.dir, "callgraph.svg")
        try:
            done = []
            for i in range(0, len(self.files), _MERGE_BATCH):
                run(["merge", "-o", combined, "--"] + done + self.files[i:i + _MERGE_BATCH])
                done = [combined]
            self.written.append(combined)
            run(["serve", "--export", html, "--", combined])
            self.written.append(html)
            run(["dot", "-T", "svg", "-o", svg, "--", combined])
            self.written.append(svg)
            # run where pytest started, so the report's header names the
            # file as the summary does (prof/combined.pstats)
            base = str(self.config.invocation_params.dir)
            self.report = run(["stats", "-s", self.sort, "-l", self.limit, "--",
                               os.path.relpath(combined, base)], cwd=base).stdout
        except (PstatViewError, OSError) as e:
            self.errors.append(str(e))

    def pytest_terminal_summary(self, terminalreporter):
        tr = terminalreporter
        if not self.files and not self.errors:
            return
        tr.write_sep("-", "pstat-view profile")
        if self.report:
            tr.write(self.report)
        rel = os.path.relpath(self.dir, str(self.config.invocation_params.dir))
        if self.files:
            what = ["%d test profiles (.pstats)" % len(self.files)]
            what += [os.path.basename(p) for p in self.written]
            tr.write_line("pstat-view: wrote %s in %s%s" % (", ".join(what), rel, os.sep))
        if os.path.join(self.dir, "combined.pstats") in self.written:
            tr.write_line("pstat-view: view it with: pstat-view serve %s"
                          % os.path.join(rel, "combined.pstats"))
        for e in self.errors:
            tr.write_line("pstat-view: error: %s" % e, red=True)
