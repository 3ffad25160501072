"""setup.py: the part of the Python package's build that pyproject.toml
cannot say.

build_py also builds the C program: CMake configure + build (only the
pstat-view target, -DBUILD_TESTING=OFF) in a temporary directory, and copies
the binary into the package as pstat_view/bin/pstat-view, the way py-spy and
ruff ship their native binaries.  The wheel is tagged py3-none-<platform>:
the binary does not use Python's ABI, but it is a Linux binary linked to the
system's libgvc, libmicrohttpd, cjson, pcre2 and zlib (scripts/setup
installs them on Debian 12).

Environment:
  PV_JOBS                build parallelism (default 2, as scripts/setup)
  PSTAT_VIEW_CMAKE_ARGS  extra arguments for the CMake configure step
  CMAKE                  the cmake to run (default: cmake on PATH)
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py as _build_py

try:
    from wheel.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:  # wheel missing: pip's legacy paths still work
    _bdist_wheel = None

ROOT = os.path.dirname(os.path.abspath(__file__))

# pkg-config module -> the Debian package scripts/setup installs for it
PKG_MODULES = {
    "libgvc": "libgraphviz-dev",
    "libcgraph": "libgraphviz-dev",
    "libcjson": "libcjson-dev",
    "libmicrohttpd": "libmicrohttpd-dev",
    "libpcre2-8": "libpcre2-dev",
    "zlib": "zlib1g-dev",
}
HINT = ("run scripts/setup as root (Debian 12) to install the compiler, cmake, "
        "pkg-config and the libraries pstat-view links (libgvc, libmicrohttpd, "
        "cjson, pcre2, zlib)")


def project_version():
    """The version in CMakeLists.txt's project() (one source of truth)."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*pstat_view\s+VERSION\s+([0-9][0-9.]*)", f.read())
    if not m:
        sys.exit("setup.py: no 'project(pstat_view VERSION x.y.z' in CMakeLists.txt")
    return m.group(1)


def fail(msg, log=None):
    if log:
        lines = log.splitlines()[-40:]
        sys.stderr.write("".join("  | " + l + "\n" for l in lines))
    sys.stderr.write("pstat-view: error: %s\n" % msg)
    sys.exit(1)


def check_tools():
    cmake = shutil.which(os.environ.get("CMAKE") or "cmake")
    if not cmake:
        fail("%s is not installed: %s" % (os.environ.get("CMAKE") or "cmake", HINT))
    pkgconfig = shutil.which("pkg-config")
    if not pkgconfig:
        fail("pkg-config is not installed: " + HINT)
    missing = [m for m in PKG_MODULES
               if subprocess.call([pkgconfig, "--exists", m]) != 0]
    if missing:
        debs = sorted({PKG_MODULES[m] for m in missing})
        fail("missing libraries (pkg-config %s; Debian: %s): %s"
             % (" ".join(missing), " ".join(debs), HINT))
    return cmake


def run_step(what, cmd):
    print("pstat-view: %s: %s" % (what, " ".join(shlex.quote(c) for c in cmd)),
          flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, universal_newlines=True)
    if p.returncode != 0:
        fail("%s failed (exit %d); %s" % (what, p.returncode, HINT), p.stdout)


def build_binary(dest):
    """Builds the pstat-view target in a temporary directory and copies the
    binary to dest."""
    cmake = check_tools()
    jobs = os.environ.get("PV_JOBS", "2")
    extra = shlex.split(os.environ.get("PSTAT_VIEW_CMAKE_ARGS", ""))
    with tempfile.TemporaryDirectory(prefix="pstat-view-build.") as tmp:
        run_step("cmake configure", [
            cmake, "-S", ROOT, "-B", tmp,
            "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DBUILD_TESTING=OFF",
            "-DPV_WERROR=OFF"] + extra)
        run_step("cmake build", [cmake, "--build", tmp, "--target", "pstat-view",
                                 "-j", jobs])
        built = os.path.join(tmp, "pstat-view")
        if not os.path.isfile(built):
            fail("cmake built no %s" % built)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(built, dest)
        os.chmod(dest, 0o755)


class build_py(_build_py):
    """build_py that also builds and bundles the C program."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            # pip install -e: the package is imported from python/, so the
            # binary goes there (python/.gitignore ignores it).
            dest = os.path.join(ROOT, "python", "pstat_view", "bin", "pstat-view")
        else:
            dest = os.path.join(self.build_lib, "pstat_view", "bin", "pstat-view")
        build_binary(dest)


cmdclass = {"build_py": build_py}

if _bdist_wheel is not None:
    class bdist_wheel(_bdist_wheel):
        """A platform wheel (it holds a native binary) for any Python 3."""

        def finalize_options(self):
            super().finalize_options()
            self.root_is_pure = False

        def get_tag(self):
            _, _, plat = super().get_tag()
            return "py3", "none", plat

    cmdclass["bdist_wheel"] = bdist_wheel

setup(version=project_version(), cmdclass=cmdclass)
