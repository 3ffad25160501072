"""pstat_view: Python's .pstats profiles, read by the pstat-view program this
package ships (pstat_view/bin/pstat-view, built from C by `pip install .`).

    import pstat_view
    pstat_view.view("prof.pstats")          # the viewer, inline in a notebook
    pstat_view.view(cProfile.Profile())     # ... of a profile or pstats.Stats
    pstat_view.run(["stats", "-l", "10", "prof.pstats"]).stdout

In IPython/Jupyter, `%load_ext pstat_view` adds the %pstat_view and
%%pstat_view magics; with pytest, `pytest --pstat-view` profiles each test.
"""
from ._binary import PstatViewError, binary, run
from ._view import DEFAULT_MAX_BYTES, ProfileView, view

try:
    from importlib.metadata import PackageNotFoundError, version as _version
    try:
        __version__ = _version("pstat-view")
    except PackageNotFoundError:  # imported from a checkout
        __version__ = "0+unknown"
except ImportError:  # Python < 3.8
    __version__ = "0+unknown"

__all__ = ["DEFAULT_MAX_BYTES", "ProfileView", "PstatViewError", "binary", "run",
           "view", "load_ipython_extension"]


def load_ipython_extension(ipython):
    """%load_ext pstat_view: registers the %pstat_view / %%pstat_view magics."""
    from .magics import PstatViewMagics
    ipython.register_magics(PstatViewMagics)
