"""Runs shared/tools/pstats_oracle.py in-process (one interpreter for many
cases) and maps pstat-view `stats` command lines to oracle command lines.

Used by make_golden.py (generates the golden files once) and by
differential.py (compares pstat-view with the oracle live).  Needs
Python 3.11 (the oracle's reference interpreter).
"""
import io
import os
import subprocess
import sys


class _KeepOpen(io.BytesIO):
    def close(self):  # the oracle's TextIOWrapper closes its buffer on GC
        pass


_oracle = None


def load_oracle(tools_dir):
    global _oracle
    if _oracle is None:
        sys.path.insert(0, tools_dir)
        import pstats_oracle  # noqa: E402
        _oracle = pstats_oracle
    return _oracle


def pv_to_oracle(pv_args):
    """pstat-view stats arguments -> oracle arguments (without --tz/--mtime).
    Returns None for options the oracle has no counterpart for (--format)."""
    out = []
    sort_given = False
    i = 0
    while i < len(pv_args):
        a = pv_args[i]
        i += 1
        if a in ('-s', '--sortby'):
            sort_given = True
            for k in pv_args[i].split(','):
                if k != 'none':
                    out += ['--sort', k]
            i += 1
        elif a in ('-l', '--limit'):
            out += ['--limit', pv_args[i]]
            i += 1
        elif a in ('--strip-dirs', '--reverse', '--callers', '--callees'):
            out.append(a)
        elif a.startswith('-') and a != '-':
            return None
        else:
            out.append(a)
    if not sort_given:
        out = ['--sort', 'cumulative'] + out
    return out


def run_oracle(oracle_args, cwd):
    """Returns (rc, stdout bytes, stderr text) of the oracle run in cwd."""
    mod = _oracle
    old = os.getcwd()
    old_out, old_err = sys.stdout, sys.stderr
    buf = _KeepOpen()
    err = io.StringIO()
    sys.stdout = io.TextIOWrapper(buf, encoding='utf-8')
    sys.stderr = err
    try:
        os.chdir(cwd)
        rc = mod.main(list(oracle_args) + ['--tz', 'UTC', '--mtime', '0'])
    finally:
        os.chdir(old)
        sys.stdout = old_out
        sys.stderr = old_err
    return rc, buf.getvalue(), err.getvalue()


def run_pv(pv, args, cwd):
    p = subprocess.run([pv] + list(args), cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=dict(os.environ, TZ='UTC'))
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')


def oracle_type_error(stderr):
    """pstats' own failure on code-object keys (sorting by name/nfl)."""
    return "pstats raised TypeError: '<' not supported" in stderr


def prepare_tree(src, dst, only=None):
    """Copies the .pstats files under src (or the relative paths in `only`)
    to dst and sets their mtime to 0."""
    import shutil
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    rels = []
    if only is None:
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for f in sorted(files):
                if f.endswith('.pstats'):
                    rels.append(os.path.relpath(os.path.join(root, f), src))
    else:
        rels = list(only)
    for rel in rels:
        d = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copyfile(os.path.join(src, rel), d)
        os.chmod(d, 0o644)
        os.utime(d, (0, 0))
    return rels


# Sampled files (3.15's profiling.sampling: the key ('__sampled__',)) are
# read only by 3.15's pstats, which the oracle runs through the interpreter
# tools/get_new_pythons.sh unpacks (PV_NEWPY_DIR).

def is_sampled(path):
    """True if the file holds the sampling profiler's marker key."""
    with open(path, 'rb') as f:
        return b'__sampled__' in f.read()


def have_py315():
    d = os.environ.get('PV_NEWPY_DIR')
    return bool(d) and os.path.exists(os.path.join(d, 'run315'))


def run_oracle_py315(oracle_args, cwd):
    """Like run_oracle, through `pstats_oracle.py --python 3.15` in a child
    process (needs PV_NEWPY_DIR; see have_py315)."""
    p = subprocess.run([sys.executable, _oracle.__file__] + list(oracle_args) +
                       ['--tz', 'UTC', '--mtime', '0', '--python', '3.15'],
                       cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')
