"""The installed Python package (run by tests/python/run.sh with the pytest
of a venv that `pip install --no-index --no-build-isolation` built it into).

PSTAT_VIEW_SOURCE is the (copied) checkout: its samples/ and
tests/python/sample_project/.  JUPYTER_*_DIR and IPYTHONDIR point into
run.sh's temporary directory.
"""
import base64
import cProfile
import html
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET

import pytest

import pstat_view

SRC = os.environ.get("PSTAT_VIEW_SOURCE")
if not SRC:
    pytest.skip("PSTAT_VIEW_SOURCE is not set (tests/python/run.sh sets it)",
                allow_module_level=True)
JSET = os.path.join(SRC, "samples", "jset.pstats")
SAMPLE_PROJECT = os.path.join(SRC, "tests", "python", "sample_project")
SCRIPTS = sysconfig.get_path("scripts")


def project_version():
    with open(os.path.join(SRC, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(\s*pstat_view\s+VERSION\s+([0-9.]+)", f.read()).group(1)


def pv_distinctive_work(n):
    """A function whose name must show up in the profiles."""
    return sum(i * i for i in range(n))


def make_profile():
    prof = cProfile.Profile()
    prof.enable()
    pv_distinctive_work(20000)
    prof.disable()
    return prof


def srcdoc(frag):
    """The page inside an <iframe srcdoc="..."> (unescaped)."""
    m = re.search(r'<iframe[^>]* srcdoc="([^"]*)"', frag)
    assert m, "no <iframe srcdoc=...> in: " + frag[:300]
    return html.unescape(m.group(1))


def embedded(page, ident="pv-profile"):
    """The bytes the exported page carries in <script type="application/
    octet-stream" id=IDENT> (base64): pv-profile, the profile as a .pstats
    file; pv-meta, its files and totals; pv-wasm, the engine."""
    m = re.search(r'<script type="application/octet-stream" id="%s">([^<]*)</script>'
                  % ident, page)
    assert m, "no %s in the page" % ident
    return base64.b64decode(m.group(1))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


# ---- the program: console script, python -m, bundled binary ---------------

def test_binary_is_bundled_in_the_installed_package():
    path = pstat_view.binary()
    assert path.startswith(sys.prefix + os.sep), path
    assert path.endswith(os.path.join("pstat_view", "bin", "pstat-view"))
    assert not path.startswith(SRC)


def test_console_script_and_python_m_run_the_binary():
    script = os.path.join(SCRIPTS, "pstat-view")
    assert shutil.which("pstat-view", path=SCRIPTS) == script
    want = "pstat-view %s\n" % project_version()
    for cmd in ([script, "--version"], [sys.executable, "-m", "pstat_view", "--version"]):
        p = run(cmd)
        assert (p.returncode, p.stdout) == (0, want), cmd
    assert pstat_view.__version__ == project_version()


@pytest.mark.parametrize("args, status", [
    (["bogus"], 2),
    (["stats", "/nonexistent.pstats"], 1),
    (["stats", "-s", "tottime", "-l", "3", JSET], 0),
])
def test_same_arguments_and_exit_status(args, status):
    outs = []
    for cmd in ([os.path.join(SCRIPTS, "pstat-view")], [sys.executable, "-m", "pstat_view"]):
        p = run(cmd + args)
        assert p.returncode == status, (cmd, p.stderr)
        outs.append((p.stdout, p.stderr))
    direct = run([pstat_view.binary()] + args)
    assert outs[0] == outs[1] == (direct.stdout, direct.stderr)


# ---- pstat_view.view() ----------------------------------------------------

def check_view(v, *names):
    frag = v._repr_html_()
    tag = re.sub(r'srcdoc="[^"]*"', 'srcdoc="..."', frag)  # for the messages
    assert tag.startswith("<iframe") and tag.endswith("</iframe>"), tag[:300]
    assert re.search(r'sandbox="[^"]*\ballow-scripts\b', tag), tag
    assert 'width="100%"' in tag and 'height="600"' in tag, tag
    page = srcdoc(frag)
    assert page.lstrip().lower().startswith("<!doctype html>")
    # the profile and the engine are in the page, not fetched
    assert embedded(page, "pv-wasm").startswith(b"\0asm")
    prof = embedded(page)
    assert prof[:1] == b"{", prof[:8]  # a .pstats file: marshal's dict
    for name in names:
        assert name.encode() in prof, name
        assert name.encode() in embedded(v.html), name
    return page


def test_view_path():
    page = check_view(pstat_view.view(JSET), "calc_point_val", "calc_julia")
    assert b"jset.pstats" in embedded(page, "pv-meta")


def test_view_stats():
    check_view(pstat_view.view(pstats.Stats(make_profile())), "pv_distinctive_work")


def test_view_profile():
    check_view(pstat_view.view(make_profile()), "pv_distinctive_work")


def test_view_list_merges():
    v = pstat_view.view([JSET, make_profile()])
    check_view(v, "calc_point_val", "pv_distinctive_work")


def test_view_too_large_for_a_notebook():
    v = pstat_view.view(JSET, max_bytes=1000)
    frag = v._repr_html_()
    assert "<iframe" not in frag
    assert "pstat-view serve" in frag and "max_bytes" in frag
    assert pstat_view.view(JSET, max_bytes=None)._repr_html_().startswith("<iframe")


def test_view_save_and_open(tmp_path, monkeypatch):
    v = pstat_view.view(JSET)
    out = tmp_path / "v.html"
    assert v.save(str(out)) == str(out)
    assert out.read_text(encoding="utf-8") == v.html
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    path = v.open()
    try:
        assert opened == ["file://" + path]
        with open(path, encoding="utf-8") as f:
            assert f.read() == v.html
    finally:
        os.unlink(path)


def test_view_errors(tmp_path):
    with pytest.raises(pstat_view.PstatViewError, match="nonexistent.pstats"):
        pstat_view.view(str(tmp_path / "nonexistent.pstats"))
    with pytest.raises(TypeError):
        pstat_view.view(42)
    with pytest.raises(ValueError):
        pstat_view.view([])


# ---- IPython magics, in a notebook executed headless ------------------------

NOTEBOOK_CELLS = [
    "import pstat_view\npstat_view.view(%r)" % JSET,                      # 0
    "%load_ext pstat_view",                                                 # 1
    "def pv_cell_fib(n):\n    return n if n < 2 else pv_cell_fib(n - 1) + pv_cell_fib(n - 2)",
    "%%pstat_view -o cell.pstats\npv_cell_fib(16)",                         # 3
    "%pstat_view -s tottime -l 5 cell.pstats",                              # 4
    "%pstat_view cell.pstats " + JSET,                                      # 5
    "%pstat_view /nonexistent.pstats",                                      # 6
    "%pstat_view --no-such-option x",                                       # 7
    "%%pstat_view -s cumulative -l 3\nsorted(range(1000), key=lambda x: -x)",  # 8
    "print('done')",                                                        # 9
]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    work = tmp_path_factory.mktemp("notebook")
    # A kernel spec for this venv's python, in run.sh's temporary
    # JUPYTER_DATA_DIR: the kernel imports the pstat_view installed here.
    kdir = os.path.join(os.environ["JUPYTER_DATA_DIR"], "kernels", "pstat-view-test")
    os.makedirs(kdir, exist_ok=True)
    with open(os.path.join(kdir, "kernel.json"), "w") as f:
        json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f",
                            "{connection_file}"],
                   "display_name": "pstat-view test", "language": "python"}, f)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS])
    nbclient.NotebookClient(nb, kernel_name="pstat-view-test", timeout=120,
                            allow_errors=True,
                            resources={"metadata": {"path": str(work)}}).execute()
    path = work / "executed.ipynb"
    nbformat.write(nb, str(path))  # saved and read back, as a shared notebook is
    nb = nbformat.read(str(path), as_version=4)
    return work, nb


def outputs(nb, i, kind=None):
    outs = nb.cells[i].outputs
    assert not [o for o in outs if o.output_type == "error"], \
        "cell %d raised: %s" % (i, [(o.ename, o.evalue) for o in outs if o.output_type == "error"])
    return outs


def html_outputs(nb, i):
    return [o.data["text/html"] for o in outputs(nb, i)
            if o.output_type in ("display_data", "execute_result") and "text/html" in o.data]


def text(nb, i, name):
    return "".join(o.text for o in nb.cells[i].outputs
                   if o.output_type == "stream" and o.name == name)


def test_notebook_view_is_an_inline_iframe(notebook):
    _, nb = notebook
    (frag,) = html_outputs(nb, 0)
    assert frag.startswith("<iframe")
    assert b"calc_point_val" in embedded(srcdoc(frag))


def test_cell_magic_profiles_the_cell_and_keeps_it(notebook):
    work, nb = notebook
    (frag,) = html_outputs(nb, 3)
    assert "<iframe" in frag and b"pv_cell_fib" in embedded(srcdoc(frag))
    assert (work / "cell.pstats").is_file()
    p = run([pstat_view.binary(), "stats", str(work / "cell.pstats")])
    assert p.returncode == 0 and "(pv_cell_fib)" in p.stdout


def test_line_magic_report(notebook):
    _, nb = notebook
    out = text(nb, 4, "stdout")
    assert "Ordered by: internal time" in out
    assert "List reduced from" in out or "function calls" in out
    assert "(pv_cell_fib)" in out
    assert not html_outputs(nb, 4)


def test_line_magic_shows_files(notebook):
    _, nb = notebook
    (frag,) = html_outputs(nb, 5)
    page = srcdoc(frag)
    assert b"pv_cell_fib" in embedded(page) and b"calc_point_val" in embedded(page)


@pytest.mark.parametrize("cell, words", [(6, "nonexistent.pstats"),
                                         (7, "--no-such-option")])
def test_magic_errors_are_one_line(notebook, cell, words):
    _, nb = notebook
    assert not html_outputs(nb, cell)
    err = text(nb, cell, "stderr")
    assert err.count("\n") == 1 and "%pstat_view" in err and words in err, err
    assert "Traceback" not in err


def test_cell_magic_report(notebook):
    _, nb = notebook
    out = text(nb, 8, "stdout")
    assert "Ordered by: cumulative time" in out and "cell.pstats" in out
    assert text(nb, 9, "stdout") == "done\n"


# ---- the pytest plugin -----------------------------------------------------

def run_sample(tmp_path, *args):
    proj = tmp_path / "sample_project"
    if not proj.exists():
        shutil.copytree(SAMPLE_PROJECT, str(proj))
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    return run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider"] + list(args),
               cwd=str(proj), env=env), proj


def test_plugin_does_nothing_without_the_option(tmp_path):
    p, proj = run_sample(tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "3 passed" in p.stdout
    assert "pstat-view profile" not in p.stdout
    assert sorted(os.listdir(str(proj))) == ["sample_lib.py", "test_sample.py"]


def test_plugin_writes_profiles_and_summary(tmp_path):
    p, proj = run_sample(tmp_path, "--pstat-view", "--pstat-view-limit", "7")
    assert p.returncode == 0, p.stdout + p.stderr
    prof = proj / "prof"
    files = sorted(os.listdir(str(prof)))
    tests = [f for f in files if f.startswith("test_sample.py")]
    assert tests == ["test_sample.py_test_slow_fib_15-610.pstats",
                     "test_sample.py_test_slow_fib_18-2584.pstats",
                     "test_sample.py_test_top_words.pstats"], files
    assert sorted(set(files) - set(tests)) == ["callgraph.svg", "combined.pstats",
                                                "index.html"]
    # the summary: pstat-view stats -s tottime -l 7 prof/combined.pstats
    out = p.stdout
    assert "pstat-view profile" in out
    assert "prof/combined.pstats" in out and "Ordered by: internal time" in out
    assert "List reduced from" in out and "to 7 due to restriction <7>" in out
    assert "sample_lib.py:4(slow_fib)" in out
    # the combined profile reads, and has every test's functions
    s = run([pstat_view.binary(), "stats", str(prof / "combined.pstats")])
    assert s.returncode == 0, s.stderr
    for name in ("(slow_fib)", "(word_counts)", "(top_words)", "(test_top_words)"):
        assert name in s.stdout, name
    # one test's profile has its own functions only
    one = run([pstat_view.binary(), "stats", str(prof / tests[2])]).stdout
    assert "(top_words)" in one and "(slow_fib)" not in one
    # the viewer page holds the profile; the call graph is SVG
    page = (prof / "index.html").read_text(encoding="utf-8")
    assert b"slow_fib" in embedded(page)
    root = ET.parse(str(prof / "callgraph.svg")).getroot()
    assert root.tag.endswith("svg")
    assert "slow_fib" in (prof / "callgraph.svg").read_text(encoding="utf-8")


def test_plugin_dir_and_sort_options(tmp_path):
    p, proj = run_sample(tmp_path, "--pstat-view=out/profiles", "--pstat-view-sort",
                         "cumulative", "--pstat-view-limit", "3", "-k", "top_words")
    assert p.returncode == 0, p.stdout + p.stderr
    files = sorted(os.listdir(str(proj / "out" / "profiles")))
    assert files == ["callgraph.svg", "combined.pstats", "index.html",
                     "test_sample.py_test_top_words.pstats"]
    assert "Ordered by: cumulative time" in p.stdout
    assert "out/profiles/combined.pstats" in p.stdout


def test_plugin_refuses_a_test_file_as_dir(tmp_path):
    # `--pstat-view test_sample.py` would take the test file as DIR
    p, proj = run_sample(tmp_path, "--pstat-view", "test_sample.py")
    assert p.returncode == 4, p.stdout + p.stderr  # pytest's usage error
    assert "--pstat-view=DIR" in p.stderr
    assert sorted(os.listdir(str(proj))) == ["sample_lib.py", "test_sample.py"]

# ---- the build's message when a library is missing ---------------------------

def test_build_names_scripts_setup_when_a_library_is_missing(tmp_path):
    # pkg-config finds nothing: the build stops before CMake with one line
    # naming the libraries and scripts/setup.  (It builds in SRC, the copy.)
    env = dict(os.environ, PKG_CONFIG_LIBDIR=str(tmp_path / "none"),
               PIP_CONFIG_FILE=os.devnull)
    env.pop("PIP_FIND_LINKS", None)
    p = run([sys.executable, "-m", "pip", "wheel", "--no-index", "--no-build-isolation",
             "--no-cache-dir", "--no-deps", "-w", str(tmp_path / "wheels"), SRC], env=env)
    assert p.returncode != 0
    out = p.stdout + p.stderr
    assert "pstat-view: error: missing libraries" in out, out[-3000:]
    assert "libgvc" in out and "libmicrohttpd" in out and "scripts/setup" in out

