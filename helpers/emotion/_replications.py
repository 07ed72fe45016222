"""How the emotion package's replications travel through :mod:`helpers.sweep` without losing their warnings.

A warning raised in a worker process (a Heywood case in one simulated study, say) would stay in that process:
:func:`keeping_warnings` runs a replication and returns its warnings with its result, and
:func:`warn_again` raises them in the caller, one summary per distinct message, whatever the backend.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

Caught = list[tuple[type[Warning], str]]


def keeping_warnings(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> tuple[Any, Caught]:
    """``func(*args, **kwargs)`` and the warnings it raised, as (category, message) pairs."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = func(*args, **kwargs)
    return value, [(w.category, str(w.message)) for w in caught]


def warn_again(caught: Sequence[Caught], what: str, stacklevel: int = 3) -> None:
    """Raise the warnings of replication ``i`` (``caught[i]``) in the caller: one per distinct message, saying
    in how many of the ``what`` (e.g. "simulated studies") it arose and in which."""
    where: dict[tuple[type[Warning], str], list[int]] = {}
    for index, pairs in enumerate(caught):
        for pair in dict.fromkeys(pairs):  # a message repeated within one replication counts once
            where.setdefault(pair, []).append(index)
    for (category, message), indices in where.items():
        shown = ", ".join(map(str, indices[:5])) + (", ..." if len(indices) > 5 else "")
        warnings.warn(
            f"in {len(indices)} of {len(caught)} {what} (number {shown}): {message}",
            category,
            stacklevel=stacklevel,
        )
