"""Input checks shared by the list metrics: top-k lists as a 2-D array of item ids (one row per list), relevance
judgements as one collection (or item -> gain mapping) per list, and the overlap depth of two lists."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..._validation import check_count, check_size

# Largest boolean comparison block (rows x len_a x len_b) built at once when two sets of lists are compared.
_BLOCK = 20_000_000


def as_lists(values, name: str, *, unique: bool = True) -> tuple[np.ndarray, bool]:
    """``values`` as a 2-D array of item ids (rows are lists) and whether a single 1-D list was given."""
    if isinstance(values, (str, bytes, Mapping, set, frozenset)):
        raise TypeError(
            f"{name} must be a list or array of item ids (one row per list), got {type(values).__name__}"
        )
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(
            f"{name} rows have different lengths: pass lists of equal length (top-k lists)"
        ) from None
    if array.ndim not in (1, 2):
        raise ValueError(f"{name} must be one list (1-D) or one list per row (2-D), got shape {array.shape}")
    single = array.ndim == 1
    array = array[None, :] if single else array
    if array.size == 0:
        raise ValueError(f"{name} is empty: need at least one item in at least one list")
    if array.dtype.kind in "bc" or array.dtype.kind == "V":
        raise TypeError(f"{name} must hold item ids (ints or strings), got dtype {array.dtype}")
    if pd.isna(array).any():
        raise ValueError(f"{name} contains missing item ids (NaN or None)")
    if unique and array.shape[1] > 1:
        try:
            ordered = np.sort(array, axis=1)
        except TypeError:
            raise TypeError(
                f"{name} mixes item ids of different types (for example ints and strings)"
            ) from None
        repeated = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
        if repeated.any():
            rows = np.flatnonzero(repeated)
            raise ValueError(
                f"{name} has an item twice in list {rows[0]}"
                + (f" (and {rows.size - 1} other lists)" if rows.size > 1 else "")
                + ": a ranked list names each item once"
            )
    return array, single


def check_k(k, width: int, name: str = "k") -> int:
    """A list depth from 1 to ``width`` (the length of the lists)."""
    k = check_count(k, name, minimum=1)
    if k > width:
        raise ValueError(
            f"{name}={k} is larger than the lists, which hold {width} items: pass {name} <= {width}"
        )
    return k


def relevance(
    relevant, n_rows: int, single: bool, name: str = "relevant"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flatten relevance judgements into (row, item, gain) arrays.

    One list takes one collection of relevant items (gain 1) or a mapping item -> gain (a dict or a pandas
    Series); several lists take a sequence of those, one per row.
    """
    groups = [relevant] if single else relevant
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__len__"):
        raise TypeError(f"{name} must be a sequence with one collection of relevant items per list")
    if len(groups) != n_rows:
        raise ValueError(f"{name} has {len(groups)} entries for {n_rows} lists: give one per list")
    rows, items, gains = [], [], []
    for row, group in enumerate(groups):
        if isinstance(group, (str, bytes)) or group is None:
            raise TypeError(f"{name}[{row}] must be a collection of item ids or a mapping item -> gain")
        if isinstance(group, pd.Series):
            keys, values = group.index.to_numpy(), group.to_numpy(dtype=float)
        elif isinstance(group, Mapping):
            keys, values = np.asarray(list(group.keys())), np.asarray(list(group.values()), dtype=float)
        else:
            keys = np.asarray(list(group))
            values = np.ones(keys.size)
        if keys.size and pd.isna(keys).any():
            raise ValueError(f"{name}[{row}] contains missing item ids")
        if keys.size != pd.unique(keys).size:
            raise ValueError(f"{name}[{row}] names an item twice")
        if not np.all(np.isfinite(values)) or (values < 0).any():
            raise ValueError(f"{name}[{row}] has gains that are negative, NaN or infinite")
        rows.append(np.full(keys.size, row))
        items.append(keys)
        gains.append(values)
    return np.concatenate(rows), np.concatenate(items) if items else np.array([]), np.concatenate(gains)


def gains_of(
    lists: np.ndarray, rel_rows: np.ndarray, rel_items: np.ndarray, rel_gains: np.ndarray
) -> np.ndarray:
    """Gain of every listed item for its row (0 where the item is not relevant), shape of ``lists``."""
    n, width = lists.shape
    if rel_items.size == 0:
        return np.zeros((n, width))
    listed, judged = lists.ravel(), rel_items
    if listed.dtype.kind != judged.dtype.kind:
        listed, judged = listed.astype(object), judged.astype(object)
    codes, _ = pd.factorize(np.concatenate([listed, judged]))
    n_codes = int(codes.max()) + 1
    list_keys = np.repeat(np.arange(n), width) * n_codes + codes[: n * width]
    rel_keys = rel_rows * n_codes + codes[n * width :]
    order = np.argsort(rel_keys, kind="stable")
    sorted_keys = rel_keys[order]
    pos = np.minimum(np.searchsorted(sorted_keys, list_keys), sorted_keys.size - 1)
    hit = sorted_keys[pos] == list_keys
    return np.where(hit, rel_gains[order][pos], 0.0).reshape(n, width)


def overlap_depths(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``X[r, d-1]``: how many items the first ``d`` entries of ``a[r]`` and ``b[r]`` share, d = 1..max length.

    An item shared by both lists joins the overlap at depth ``max(rank in a, rank in b)``; a list shorter than
    ``d`` contributes all its items.
    """
    n, ka = a.shape
    kb = b.shape[1]
    depth = max(ka, kb)
    check_size(n, depth + 1, what="the overlap table")
    counts = np.zeros((n, depth + 1))
    step = max(1, _BLOCK // (ka * kb))
    for start in range(0, n, step):
        match = a[start : start + step, :, None] == b[start : start + step, None, :]
        r, i, j = np.nonzero(match)
        np.add.at(counts, (start + r, np.maximum(i, j) + 1), 1.0)
    return np.cumsum(counts, axis=1)[:, 1:]


def same_rows(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{names[0]} has {a.shape[0]} lists and {names[1]} {b.shape[0]}: compare them row by row"
        )


def as_result(values: np.ndarray, single: bool):
    """A float for one list, the per-list array otherwise."""
    return float(values[0]) if single else values
