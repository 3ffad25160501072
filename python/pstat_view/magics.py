"""IPython magics (%load_ext pstat_view):

    %pstat_view FILE...                      the viewer of FILEs, inline
    %pstat_view -s tottime -l 15 FILE...     pstats' report (pstat-view stats)
    %%pstat_view [-o FILE] [-s KEY -l N]     profile the cell with cProfile and
                                             show it (or its report)

Errors in the arguments or from pstat-view print one line (UsageError), no
traceback; an exception in a profiled cell is the cell's own and propagates.
"""
import argparse
import cProfile
import os
import shlex
import shutil
import tempfile

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import display

from ._binary import PstatViewError, run
from ._view import DEFAULT_MAX_BYTES, view


class _HelpShown(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as UsageError instead of exiting."""

    def error(self, message):
        raise UsageError("%pstat_view: " + message)

    def exit(self, status=0, message=None):
        if message:
            raise UsageError("%pstat_view: " + message.strip())
        raise _HelpShown()


def _parser():
    p = _Parser(
        prog="%pstat_view",
        description="Shows .pstats files (the line magic) or profiles the cell with "
        "cProfile (%%pstat_view) in pstat-view's viewer, inline; with -s/-l/"
        "--callers/--callees/--text prints pstats' report instead.",
        add_help=True)
    p.add_argument("files", nargs="*", metavar="FILE",
                   help=".pstats files (line magic), merged as pstats.Stats merges them")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="%%%%pstat_view: keep the cell's profile in FILE (.pstats)")
    p.add_argument("-s", "--sortby", action="append", metavar="KEY",
                   help="report sorted by KEY (pstat-view stats -s; repeatable)")
    p.add_argument("-l", "--limit", action="append", metavar="ARG",
                   help="report restricted by ARG (pstat-view stats -l; repeatable)")
    p.add_argument("--callers", action="store_true", help="report: print_callers()")
    p.add_argument("--callees", action="store_true", help="report: print_callees()")
    p.add_argument("--strip-dirs", action="store_true", help="report: strip_dirs()")
    p.add_argument("--text", action="store_true",
                   help="print the report (default options) instead of the viewer")
    p.add_argument("--height", type=int, default=600, metavar="PX",
                   help="the viewer's height in pixels (default 600)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help="largest viewer page shown inline (default %d)" % DEFAULT_MAX_BYTES)
    return p


def _stats_args(a):
    args = ["stats"]
    for s in a.sortby or []:
        args += ["-s", s]
    for lim in a.limit or []:
        args += ["-l", lim]
    if a.callers:
        args.append("--callers")
    if a.callees:
        args.append("--callees")
    if a.strip_dirs:
        args.append("--strip-dirs")
    return args


def _wants_text(a):
    return bool(a.text or a.sortby or a.limit or a.callers or a.callees)


@magics_class
class PstatViewMagics(Magics):

    @line_cell_magic
    def pstat_view(self, line, cell=None):
        """%pstat_view [-s KEY] [-l ARG] [--text] FILE... | %%pstat_view [-o FILE] ...

        See `%pstat_view -h`."""
        __tracebackhide__ = True
        parser = _parser()
        try:
            a = parser.parse_args(shlex.split(line))
        except _HelpShown:
            print(parser.format_help(), end="")
            return None
        except ValueError as e:  # shlex: "No closing quotation"
            raise UsageError("%%pstat_view: %s" % e)
        if cell is None:
            if not a.files:
                raise UsageError("%pstat_view: no FILE given (usage: %pstat_view "
                                 "[-s KEY] [-l ARG] FILE..., or %%pstat_view as a cell magic)")
            if a.output:
                raise UsageError("%pstat_view: -o is for %%pstat_view (the cell magic)")
            self._show(a, a.files)
            return None
        if a.files:
            raise UsageError("%%%%pstat_view takes no FILE (it profiles the cell); "
                             "got %s" % " ".join(a.files))
        tmp = tempfile.mkdtemp(prefix="pstat-view-cell.")
        try:
            path = a.output or os.path.join(tmp, "cell.pstats")
            if self._profile_cell(cell, path):
                # the report's header names the file: cell.pstats, not tmp's path
                self._show(a, [path] if a.output else ["cell.pstats"],
                           cwd=None if a.output else tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return None

    def _show(self, a, files, cwd=None):
        try:
            if _wants_text(a):
                print(run(_stats_args(a) + ["--"] + list(files), cwd=cwd).stdout, end="")
            else:
                if cwd:
                    files = [os.path.join(cwd, f) for f in files]
                display(view(list(files), max_bytes=a.max_bytes, height=a.height))
        except (PstatViewError, OSError) as e:
            msg = str(e)
            if msg.startswith("pstat-view: "):
                msg = msg[len("pstat-view: "):]
            raise UsageError("%%pstat_view: %s" % msg)

    def _profile_cell(self, cell, path):
        """Runs the cell under cProfile in the user's namespace and writes the
        profile to PATH; False (after showing it) on a syntax error."""
        shell = self.shell
        code = shell.transform_cell(cell)
        try:
            filename = shell.compile.cache(code, shell.execution_count)
        except Exception:  # older IPython: no cache() with these arguments
            filename = "<pstat_view cell>"
        try:
            compiled = compile(code, filename, "exec")
        except SyntaxError:
            shell.showsyntaxerror(filename=filename)
            return False
        __tracebackhide__ = True  # IPython shows the cell's frames, not these
        prof = cProfile.Profile()
        ns = shell.user_ns
        try:
            prof.enable()
            try:
                exec(compiled, ns, ns)
            finally:
                prof.disable()
        except SystemExit as e:
            print("%%%%pstat_view: the cell raised SystemExit(%r)" % (e.code,))
        try:
            prof.dump_stats(path)
        except OSError as e:
            raise UsageError("%%%%pstat_view: cannot write %s: %s" % (path, e.strerror))
        return True
