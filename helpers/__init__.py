"""Shared package of the Trust & Personalization Lab: notebooks tell the story, helpers do the work.

A notebook's first code cell calls :func:`start_notebook` with its own name; figures then go to
``figures/<name>/`` and recorded results to ``results/<name>.json``.
"""
from __future__ import annotations

from . import paths


def start_notebook(name: str) -> None:
    """Prepare a notebook run: inline figures, the suite's seaborn theme, and a fresh results record."""
    from . import plotting, results

    paths.set_current_notebook(name)
    try:  # inline figures even when MPLBACKEND=Agg is set (figures would vanish from outputs)
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.run_line_magic("matplotlib", "inline")
    except ImportError:  # plain Python: nothing to do
        pass
    plotting.set_theme()
    results.reset()
