"""Summary of replications of Chaney, Stewart & Engelhardt's (2018) simulation
(:func:`helpers.simulate.feedback.chaney_replication`): homogeneity and utility relative to the ideal
recommender, how often the paper's ordering comes back, and per-run values for a spread plot."""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["chaney_summary"]


def _run_value(run: dict, recommender: str, key: str, index: int) -> float:
    value = run[recommender][key]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise TypeError(f"replications[{index}][{recommender!r}][{key!r}] must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(
            f"replications[{index}][{recommender!r}][{key!r}] is {value}; every value must be finite"
        )
    return float(value)


def chaney_summary(replications) -> dict:
    """Summary of Chaney-style replications (a list of :func:`~helpers.simulate.feedback.chaney_replication`
    outputs, ``{recommender: {"jaccard": ..., "utility": ..., ...}}``, all with the same recommenders, among
    them ``"ideal"``).

    Definitions (following the paper):

    * ``jaccard_vs_ideal``: the *change in Jaccard index* relative to ideal, a difference. Each run's
      ``jaccard_vs_ideal`` (the Jaccard index of users paired by the recommender's own representation minus
      the same pairs' index under ideal) when every run has it, else ``jaccard - ideal's jaccard``.
    * ``utility_vs_ideal``: ``utility / ideal utility - 1``, the relative change (the paper's axis "utility
      relative to ideal" runs from about -0.6 to 0, which only a relative measure reaches).
    * ``share_of_runs_popularity_above_ideal_above_random``: the share of runs with popularity's
      ``jaccard_vs_ideal > 0 >`` random's (the paper's ordering of homogeneity).

    Returns ``n_simulations``; ``jaccard_vs_ideal`` and ``utility_vs_ideal`` ({recommender: mean over runs});
    their standard deviations over runs (``*_sd``); ``share_of_runs_homogenized`` ({recommender: share of
    runs with ``jaccard_vs_ideal > 0``}); the ordering share; ``jaccard_true_pairs_vs_ideal`` (users paired by
    true preferences for every recommender, when the runs carry ``jaccard_true_pairs``);
    ``jaccard_definition`` ("paired difference" or "difference of means", see above); and ``per_run``
    ({"jaccard_vs_ideal": {recommender: [one value per run]}, "utility_vs_ideal": {...}}) for a spread plot.
    """
    if isinstance(replications, dict) or not isinstance(replications, (list, tuple)):
        raise TypeError("replications must be a list of chaney_replication outputs (dicts)")
    if not replications:
        raise ValueError("replications is empty: run at least one chaney_replication")
    first = replications[0]
    if not isinstance(first, dict):
        raise TypeError(f"replications[0] must be a dict, got {type(first).__name__}")
    recommenders = list(first)
    if "ideal" not in recommenders:
        raise ValueError(f"every replication needs an 'ideal' entry to compare with; got {recommenders}")
    for index, run in enumerate(replications):
        if not isinstance(run, dict):
            raise TypeError(f"replications[{index}] must be a dict, got {type(run).__name__}")
        if list(run) != recommenders:
            raise ValueError(
                f"replications[{index}] has recommenders {list(run)}, the first has {recommenders}"
            )
        for name in recommenders:
            if not isinstance(run[name], dict) or not {"jaccard", "utility"} <= set(run[name]):
                raise ValueError(
                    f"replications[{index}][{name!r}] must be a dict with 'jaccard' and 'utility'"
                )
    paired = all("jaccard_vs_ideal" in run[name] for run in replications for name in recommenders)
    true_pairs = all("jaccard_true_pairs" in run[name] for run in replications for name in recommenders)
    jac = {name: [] for name in recommenders}
    util = {name: [] for name in recommenders}
    jac_true = {name: [] for name in recommenders}
    for index, run in enumerate(replications):
        ideal_j = _run_value(run, "ideal", "jaccard", index)
        ideal_u = _run_value(run, "ideal", "utility", index)
        if ideal_u <= 0:
            raise ValueError(f"replications[{index}]['ideal']['utility'] is {ideal_u}; it must be positive")
        for name in recommenders:
            j = _run_value(run, name, "jaccard", index)
            jac[name].append(_run_value(run, name, "jaccard_vs_ideal", index) if paired else j - ideal_j)
            util[name].append(_run_value(run, name, "utility", index) / ideal_u - 1.0)
            if true_pairs:
                jac_true[name].append(_run_value(run, name, "jaccard_true_pairs", index) - ideal_j)
    out = {
        "n_simulations": len(replications),
        "jaccard_vs_ideal": {name: float(np.mean(v)) for name, v in jac.items()},
        "utility_vs_ideal": {name: float(np.mean(v)) for name, v in util.items()},
        "jaccard_vs_ideal_sd": {
            name: float(np.std(v, ddof=1)) if len(v) > 1 else 0.0 for name, v in jac.items()
        },
        "utility_vs_ideal_sd": {
            name: float(np.std(v, ddof=1)) if len(v) > 1 else 0.0 for name, v in util.items()
        },
        "share_of_runs_homogenized": {
            name: float(np.mean(np.asarray(v) > 0)) for name, v in jac.items() if name != "ideal"
        },
        "share_of_runs_popularity_above_ideal_above_random": None,
        "jaccard_definition": "paired difference" if paired else "difference of means",
        "per_run": {
            "jaccard_vs_ideal": {name: [float(x) for x in v] for name, v in jac.items()},
            "utility_vs_ideal": {name: [float(x) for x in v] for name, v in util.items()},
        },
    }
    if {"popularity", "random"} <= set(recommenders):
        above = (np.asarray(jac["popularity"]) > 0) & (np.asarray(jac["random"]) < 0)
        out["share_of_runs_popularity_above_ideal_above_random"] = float(above.mean())
    if true_pairs:
        out["jaccard_true_pairs_vs_ideal"] = {name: float(np.mean(v)) for name, v in jac_true.items()}
    return out
