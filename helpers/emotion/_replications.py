"""How the emotion package's replications run as :mod:`helpers.sweep` tasks: the same numbers on every backend,
and no warning lost in a worker.

:func:`run_replication` runs one replication on a single BLAS thread whatever the backend gives its workers
(floats of a fit can differ in the last digits between one and two threads), so a replication computed in
this process gives the same bits as one computed in a worker; and it returns the replication's warnings with
its result (a Heywood case in one simulated study, say), which would otherwise stay in the worker. :func:`warn_again` raises them in the
caller, one summary per distinct message.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

from threadpoolctl import threadpool_limits

Caught = list[tuple[type[Warning], str]]


def run_replication(func: Callable[..., Any], /, **kwargs: Any) -> tuple[Any, Caught]:
    """``func(**kwargs)`` on one BLAS thread, and the warnings it raised, as (category, message) pairs.

    One thread is also faster here: a small SEM fit took 12 times longer with two BLAS threads on a busy
    2-core machine.
    """
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = func(**kwargs)
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
