"""view(): the static viewer (`pstat-view serve --export`) of a profile, for
notebooks (inline, as an <iframe srcdoc>) and browsers."""
import html as _html
import os
import shutil
import tempfile
import webbrowser

from ._binary import run

__all__ = ["DEFAULT_MAX_BYTES", "ProfileView", "view"]

#: The largest page _repr_html_ puts into a notebook (bytes of the page,
#: UTF-8).  A notebook holds its outputs in memory and in the .ipynb file;
#: beyond this view(..., max_bytes=...) decides.
DEFAULT_MAX_BYTES = 20 * 1000 * 1000


def _is_profile(x):
    """cProfile.Profile, profile.Profile, or anything with their interface."""
    return hasattr(x, "create_stats") and hasattr(x, "dump_stats")


def _is_stats(x):
    """pstats.Stats, or anything that can dump_stats() a profile."""
    return hasattr(x, "dump_stats") and hasattr(x, "stats")


def _to_files(items, tmp):
    """Paths for the inputs: paths as they are, profiles and Stats dumped to
    tmp/profile-N.pstats."""
    files = []
    for n, x in enumerate(items):
        if isinstance(x, (str, bytes, os.PathLike)):
            files.append(os.fsdecode(os.fspath(x)))
        elif _is_profile(x):
            path = os.path.join(tmp, "profile-%d.pstats" % n)
            x.dump_stats(path)  # create_stats() (which disables it), then marshal
            files.append(path)
        elif _is_stats(x):
            path = os.path.join(tmp, "profile-%d.pstats" % n)
            x.dump_stats(path)
            files.append(path)
        else:
            raise TypeError("pstat_view.view: expected a path, a pstats.Stats or a "
                            "cProfile.Profile, not %s" % type(x).__name__)
    return files


def export_html(sources):
    """The viewer page (one self-contained HTML document, `pstat-view serve
    --export`) of SOURCES: a path, a pstats.Stats, a cProfile.Profile, or a
    list of them (merged as pstats.Stats(a, b, ...) merges them)."""
    items = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    if not items:
        raise ValueError("pstat_view.view: no profile given")
    tmp = tempfile.mkdtemp(prefix="pstat-view.")
    try:
        files = _to_files(items, tmp)
        out = os.path.join(tmp, "view.html")
        run(["serve", "--export", out, "--"] + files)
        with open(out, encoding="utf-8") as f:
            return f.read()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class ProfileView:
    """A profile's viewer page.  In a notebook it shows itself inline
    (_repr_html_: an <iframe srcdoc> with the whole page, no server needed);
    .html is the page, .save(path) writes it, .open() shows it in a browser.
    """

    def __init__(self, html, max_bytes=DEFAULT_MAX_BYTES, height=600, title="profile"):
        self.html = html
        self.max_bytes = max_bytes
        self.height = height
        self.title = title

    @property
    def nbytes(self):
        """The size of the page in bytes (UTF-8)."""
        return len(self.html.encode("utf-8"))

    def save(self, path):
        """Writes the page to PATH (a self-contained HTML file) and returns
        PATH."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.html)
        return path

    def open(self):
        """Writes the page to a temporary file, opens it with webbrowser and
        returns the file's path (the file is left for the browser)."""
        fd, path = tempfile.mkstemp(prefix="pstat-view.", suffix=".html")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(self.html)
        webbrowser.open("file://" + path)
        return path

    def _height_css(self):
        h = self.height
        return "%dpx" % h if isinstance(h, int) else str(h)

    def _repr_html_(self):
        size = self.nbytes
        if self.max_bytes is not None and size > self.max_bytes:
            return (
                '<div class="pstat-view-too-large" style="padding:0.5em 1em;'
                'border:1px solid #c90;background:#fff8e1;color:#333">'
                "<b>pstat-view:</b> this profile&#x27;s viewer is %s, more than "
                "the %s this notebook shows inline (a notebook keeps every "
                "output in memory and in its file).  Open it outside the notebook "
                "with <code>pstat-view serve FILE.pstats</code> in a terminal, or "
                "<code>.open()</code> / <code>.save(&quot;profile.html&quot;)</code> "
                "on this object, or show it anyway with "
                "<code>pstat_view.view(..., max_bytes=%d)</code>.</div>"
                % (_mb(size), _mb(self.max_bytes), _round_up(size)))
        h = self.height
        height_attr = ' height="%d"' % h if isinstance(h, int) else ""
        return (
            '<iframe class="pstat-view" title="%s" srcdoc="%s" '
            'sandbox="allow-scripts allow-downloads" width="100%%"%s '
            'style="width:100%%;height:%s;border:1px solid #ccc"></iframe>'
            % (_html.escape(self.title, quote=True),
               _html.escape(_srcdoc_page(self.html), quote=True),
               height_attr, _html.escape(self._height_css(), quote=True)))

    def __repr__(self):
        return "<pstat_view.ProfileView of %s: %s page>" % (self.title, _mb(self.nbytes))


# In an <iframe srcdoc> the page's URL is about:srcdoc and its origin is
# opaque (sandbox without allow-same-origin), so history.pushState() with the
# viewer's #state throws a SecurityError, which would stop the viewer from
# redrawing after a click.  The inline copy gets this guard before its own
# scripts: the state is simply not recorded in the (notebook's) history.
_SRCDOC_SHIM = (
    "<script>(function(){try{var h=window.history;"
    "['pushState','replaceState'].forEach(function(k){var f=h[k];"
    "h[k]=function(){try{return f.apply(h,arguments);}catch(e){}};});"
    "}catch(e){}})();</script>")


def _srcdoc_page(page):
    """The page as it goes into the iframe: _SRCDOC_SHIM before its first
    script (the page's CSP allows inline scripts)."""
    i = page.find("<script")
    if i < 0:
        return page
    return page[:i] + _SRCDOC_SHIM + "\n" + page[i:]


def _mb(n):
    if n >= 1000 * 1000:
        return "%.1f MB" % (n / 1e6)
    return "%.1f kB" % (n / 1e3)


def _round_up(n):
    """A round limit above n, for the message."""
    step = 10 * 1000 * 1000
    return (n // step + 1) * step


def _title(sources):
    items = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    names = []
    for x in items:
        if isinstance(x, (str, bytes, os.PathLike)):
            names.append(os.path.basename(os.fsdecode(os.fspath(x))))
        else:
            names.append(type(x).__name__)
    return " + ".join(names) or "profile"


def view(sources, max_bytes=DEFAULT_MAX_BYTES, height=600):
    """The interactive viewer of a profile, for a notebook or a browser.

    SOURCES is a .pstats path, a pstats.Stats, a cProfile.Profile (or
    profile.Profile), or a list of them, merged as pstats.Stats(a, b, ...)
    merges them.  Returns a ProfileView: a notebook shows it inline, with no
    server, as an <iframe> holding the whole page (so it still works in the
    saved notebook); .open() opens it in a browser, .save(path) writes it,
    .html is the page.

    max_bytes: a page larger than this (default DEFAULT_MAX_BYTES, 20 MB) is
    not put into the notebook, which shows a short message instead; None
    means no limit.  height: the iframe's height (pixels, or a CSS length).

    Raises PstatViewError (with pstat-view's message) for a file it cannot
    read.
    """
    return ProfileView(export_html(sources), max_bytes=max_bytes, height=height,
                       title=_title(sources))

