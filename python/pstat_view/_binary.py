"""Finding and running the bundled pstat-view binary."""
import os
import subprocess
import sys

__all__ = ["PstatViewError", "binary", "run"]


class PstatViewError(RuntimeError):
    """pstat-view failed: a bad or unreadable profile, a write error, or no
    binary.  The message is pstat-view's own one-line error."""


def binary():
    """The path of the pstat-view program this package runs: $PSTAT_VIEW_BIN
    if set, else the one built into the package (pstat_view/bin/pstat-view)."""
    env = os.environ.get("PSTAT_VIEW_BIN")
    if env:
        return env
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "pstat-view")
    if not os.access(path, os.X_OK):
        raise PstatViewError(
            "%s is missing: this copy of the pstat_view package was not installed "
            "with pip (pip install . builds it), or set PSTAT_VIEW_BIN to a "
            "pstat-view binary" % path)
    return path


def run(args, check=True, cwd=None):
    """Runs `pstat-view ARGS...` and returns its subprocess.CompletedProcess
    (stdout and stderr as text), in directory CWD if given.  With check, a non-zero exit raises
    PstatViewError with the program's error message."""
    cmd = [binary()] + [os.fspath(a) for a in args]
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE,
                       encoding="utf-8", errors="replace")
    if check and p.returncode != 0:
        msg = p.stderr.strip().splitlines()
        msg = msg[0] if len(msg) == 1 else (p.stderr.strip() or
                                            "pstat-view exited with status %d" % p.returncode)
        raise PstatViewError(msg)
    return p


def exec_binary(args):
    """Replaces this process with `pstat-view ARGS...` (same arguments, same
    exit status, signals go straight to it)."""
    try:
        path = binary()
    except PstatViewError as e:
        sys.stderr.write("pstat-view: error: %s\n" % e)
        sys.exit(1)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execv(path, ["pstat-view"] + list(args))
    except OSError as e:
        sys.stderr.write("pstat-view: error: cannot run %s: %s\n" % (path, e))
        sys.exit(1)
