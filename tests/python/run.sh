#!/usr/bin/env bash
# tests/python/run.sh [SOURCE] - the Python package, as a user installs it:
# builds SOURCE (default $PSTAT_VIEW_SOURCE, else this checkout) with
#   pip install --no-index --no-build-isolation SOURCE
# into a fresh venv of Debian's python3 (--system-site-packages, for Debian's
# setuptools, IPython, ipykernel, nbclient and pytest), then runs
# tests/python/test_package.py with that venv's pytest: the console script,
# python -m pstat_view, pstat_view.view(), the IPython magics in a notebook
# executed headless, and the pytest plugin on tests/python/sample_project.
#
# pip builds in the tree it is given (setuptools writes python/build/ and
# python/*.egg-info), so it is given a copy of SOURCE (git's files, or the
# tree without build*/ and node_modules/): the checkout is never written.
# Everything (venv, copy, pytest's, Jupyter's and IPython's files) is in one
# temporary directory, removed at exit.
#
# Exit status: 0 passed, 1 failed, 77 skipped (Debian's python3 or one of
# its modules is missing; scripts/setup --test installs them).
# PSTAT_VIEW_PYTHON overrides the interpreter (default /usr/bin/python3).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-${PSTAT_VIEW_SOURCE:-$(cd "$here/../.." && pwd)}}
src=$(cd "$src" && pwd)
py=${PSTAT_VIEW_PYTHON:-/usr/bin/python3}
start=$SECONDS

say() { printf 'python.package: %s\n' "$*"; }
skip() { say "skip: $*"; exit 77; }

[[ -x $py ]] || skip "$py is missing (apt-get install python3)"
# module -> the Debian package that has it (scripts/setup --test installs them)
declare -A deb=([venv]=python3-venv [ensurepip]=python3-venv [pip]=python3-pip
	[setuptools]=python3-setuptools [wheel]=python3-wheel [pytest]=python3-pytest
	[IPython]=python3-ipython [ipykernel]=python3-ipykernel
	[nbclient]=python3-nbclient [nbformat]=python3-nbformat)
missing=()
for m in venv ensurepip pip setuptools wheel pytest IPython ipykernel nbclient nbformat; do
	"$py" -c "import $m" >/dev/null 2>&1 || missing+=("${deb[$m]}")
done
((${#missing[@]} == 0)) ||
	skip "$py lacks modules from: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')(scripts/setup --test installs them)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pstat-view-python.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- a copy of the checkout ---------------------------------------------
mkdir "$tmp/src"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# tracked and new files, not ignored ones (build trees, node_modules)
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$tmp/src"
else
	tar -C "$src" --exclude='./build*' --exclude=node_modules --exclude=.git \
		--exclude='*.egg-info' --exclude=./python/build -cf - . | tar -xf - -C "$tmp/src"
fi

# ---- venv + pip install with no index --------------------------------------
"$py" -m venv --system-site-packages "$tmp/venv"
t0=$SECONDS
# No index, no find-links, no cache, no config: only what is on this machine.
if ! env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	"$tmp/venv/bin/python" -m pip install --no-index --no-build-isolation --no-cache-dir \
	--disable-pip-version-check "$tmp/src" >"$tmp/pip.log" 2>&1; then
	cat "$tmp/pip.log"
	say "FAILED: pip install --no-index --no-build-isolation"
	exit 1
fi
say "pip install --no-index --no-build-isolation: ok ($((SECONDS - t0)) s)"

# ---- the tests, with the venv's pytest -------------------------------------
mkdir -p "$tmp/home/jupyter-data" "$tmp/home/jupyter-runtime" "$tmp/home/jupyter-config" \
	"$tmp/home/ipython"
rc=0
(
	cd "$tmp"
	unset PSTAT_VIEW_BIN PYTEST_ADDOPTS PYTHONPATH
	export PSTAT_VIEW_SOURCE=$tmp/src PYTHONDONTWRITEBYTECODE=1
	export JUPYTER_DATA_DIR=$tmp/home/jupyter-data JUPYTER_RUNTIME_DIR=$tmp/home/jupyter-runtime
	export JUPYTER_CONFIG_DIR=$tmp/home/jupyter-config IPYTHONDIR=$tmp/home/ipython
	export JUPYTER_PLATFORM_DIRS=1 PYDEVD_DISABLE_FILE_VALIDATION=1
	exec "$tmp/venv/bin/python" -m pytest -p no:cacheprovider --basetemp="$tmp/pytest" \
		-v -rs --tb=short "$tmp/src/tests/python/test_package.py"
) || rc=$?
say "$( ((rc == 0)) && echo passed || echo "FAILED (pytest exit $rc)") in $((SECONDS - start)) s"
exit $((rc == 0 ? 0 : 1))
