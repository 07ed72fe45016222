"""Shared package of the Trust & Personalization Lab: notebooks tell the story, helpers do the work.

A notebook's first code cell calls :func:`start_notebook` with its own name; figures then go to
``figures/<name>/`` and recorded results to ``results/<name>.json``. Its parameter-derived cell calls
:func:`quick_sizes` (the small sizes of ``quick=True``) and :func:`check_parameters` (sizes refused up front,
with a ceiling, before anything is allocated).

Which package each notebook uses: 00 ``datasets``, ``overview``; 01 ``emotion``, ``simulate.emotion``;
02 ``experiments``, ``explain``, ``simulate.experiments``; 03 ``consistency``, ``recsys``, ``simulate.sessions``;
04 ``privacy``, ``recsys``, ``simulate.privacy``; 05 ``loyalty``, ``simulate.loyalty``; 06 ``dynamics``,
``simulate.feedback``, ``simulate.trust_loop``; all of them ``results``, ``plotting``, ``exercises`` and ``widgets``.
The course's commands (``python -m helpers.run``, ``helpers.present``, ``helpers.site``) live in
``helpers.tools``; notebooks never import them.
"""

from __future__ import annotations

import collections
import math
import numbers
import os

from . import paths

__all__ = ["EXPLICIT_PARAMETERS_ENV", "ParameterError", "check_parameters", "quick_sizes", "start_notebook"]

# Set by the runner and the presenter for the kernels: the parameters given explicitly with ``-p``.
EXPLICIT_PARAMETERS_ENV = "TRUSTLAB_EXPLICIT_PARAMETERS"


class ParameterError(ValueError):
    """A notebook parameter outside what the notebook can run with; the message names the fix."""


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


def _explicit_names() -> set[str]:
    return {name.strip() for name in os.environ.get(EXPLICIT_PARAMETERS_ENV, "").split(",") if name.strip()}


def quick_sizes(quick: bool, **sizes: tuple):
    """The sizes to run with: ``name=(value, quick_value)`` gives ``quick_value`` when ``quick`` is True, except
    for a parameter given explicitly to the runner (``python -m helpers.run NN --quick -p name value``), which
    keeps its value: an explicit ``-p`` always wins over ``--quick``.

    Returns a named tuple in the order of the keywords, to unpack::

        n_boot, n_reps = helpers.quick_sizes(quick, n_boot=(n_boot, 60), n_reps=(n_reps, 20))
    """
    if not isinstance(quick, bool):
        raise TypeError(f"quick must be True or False, got {type(quick).__name__} {quick!r}")
    if not sizes:
        raise ValueError("quick_sizes needs at least one size, e.g. quick_sizes(quick, n_boot=(n_boot, 60))")
    explicit = _explicit_names()
    chosen = {}
    for name, pair in sizes.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"{name} must be a pair (value, quick_value), got {pair!r}")
        value, quick_value = pair
        chosen[name] = quick_value if quick and name not in explicit else value
    return collections.namedtuple("Sizes", list(chosen))(**chosen)


def _notebook_name() -> str:
    try:
        return paths.current_notebook().split("_")[0]
    except RuntimeError:
        return "NN"


def _is_whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_parameters(**limits: tuple) -> None:
    """Refuse notebook parameters outside ``name=(value, low, high)`` before anything is computed.

    With whole-number bounds the value must be a whole number (an ``int``) in ``[low, high]``; with float
    bounds a finite real number in ``[low, high]``. The ceiling ``high`` is what the notebook can hold in
    memory and run in reasonable time; the message says which value was refused and how to pass another::

        helpers.check_parameters(n_surveys=(n_surveys, 1, 100_000), train_share=(train_share, 0.05, 0.95))
    """
    if not limits:
        raise ValueError("check_parameters needs at least one name=(value, low, high)")
    for name, spec in limits.items():
        if not isinstance(spec, tuple) or len(spec) != 3:
            raise TypeError(f"{name} must be given as (value, low, high), got {spec!r}")
        value, low, high = spec
        for bound in (low, high):
            if isinstance(bound, bool) or not isinstance(bound, numbers.Real) or not math.isfinite(bound):
                raise TypeError(f"the bounds of {name} must be finite numbers, got {low!r} and {high!r}")
        if low > high:
            raise ValueError(f"the bounds of {name} are reversed: low {low} > high {high}")
        whole = _is_whole(low) and _is_whole(high)
        kind = "a whole number" if whole else "a number"
        fix = f"pass another value, e.g. `python -m helpers.run {_notebook_name()} -p {name} {low}`"
        if whole and not _is_whole(value):
            raise ParameterError(
                f"{name} = {value!r} is not {kind}: {name} must be an int from {low:,} to {high:,}; {fix}"
            )
        if not whole and (
            isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value)
        ):
            raise ParameterError(f"{name} = {value!r} is not a finite number from {low} to {high}; {fix}")
        if not low <= value <= high:
            shown = f"{low:,} to {high:,}" if whole else f"{low} to {high}"
            raise ParameterError(
                f"{name} = {value:,} is outside {shown} (the ceiling keeps a run within this machine's "
                f"memory and minutes); {fix}"
            )
