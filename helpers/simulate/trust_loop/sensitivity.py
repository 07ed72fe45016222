"""Summaries of trust-loop sweeps: the policy table over replications, the tipping epsilon, and the one-at-a-time
sensitivity analysis (tornado) over the assumed links."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..._validation import check_number
from .links import TrustLoopParams

__all__ = ["policy_table", "sensitivity_points", "tipping_epsilon", "tornado_table"]


def _scaled(value, factor):
    if isinstance(value, tuple):  # a curve: scale its values, keeping shares below 1
        return tuple((x, float(min(y * factor, 0.99))) for x, y in value)
    return float(value * factor)


def sensitivity_points(params: TrustLoopParams, low: float = 0.5, high: float = 2.0) -> list[dict]:
    """Sweep points ``{"link", "level", "overrides"}``: every assumed link at ``low`` and ``high`` times its value
    (rates bounded by 1 are capped at 1), one at a time; plus one point at the assumed values (link "none")."""
    if not isinstance(params, TrustLoopParams):
        raise TypeError(f"params must be TrustLoopParams, got {type(params).__name__}")
    low = check_number(low, "low", low=0.0, high=1.0, high_open=True)
    high = check_number(high, "high", low=1.0, low_open=True, high=100.0)
    points = [{"link": "none", "level": "assumed", "overrides": {}}]
    for name in params.assumed_links:
        for level, factor in (("low", low), ("high", high)):
            value = _scaled(params.v(name), factor)
            if name in ("update_rate", "annual_discount_rate") and not isinstance(value, tuple):
                value = min(value, 1.0)
            points.append({"link": name, "level": level, "overrides": {name: value}})
    return points


def _difference(output: dict, focal: str, baseline: str, metric: str) -> float:
    for name in (focal, baseline):
        if name not in output:
            raise ValueError(f"no policy {name!r} in the sweep's output (it has {sorted(output)})")
    return float(output[focal][metric] - output[baseline][metric])


def tornado_table(points: list[dict], outputs: list[dict], focal: str, baseline: str, metric: str = "clv"):
    """One row per assumed link: the focal policy's advantage over the baseline in ``metric`` at the link's low
    and high values, the swing (high - low) and whether either end reverses the sign of the advantage at the
    assumed values. Sorted by the absolute swing, largest first."""
    if len(points) != len(outputs) or not points:
        raise ValueError("points and outputs must be the same non-empty lists (outputs of run_tasks(points))")
    at_assumed = [
        _difference(o, focal, baseline, metric) for p, o in zip(points, outputs) if p["link"] == "none"
    ]
    if len(at_assumed) != 1:
        raise ValueError("the points need exactly one run at the assumed values (link 'none')")
    reference = at_assumed[0]
    rows = {}
    for point, output in zip(points, outputs):
        if point["link"] != "none":
            rows.setdefault(point["link"], {})[point["level"]] = _difference(output, focal, baseline, metric)
    table = pd.DataFrame.from_dict(rows, orient="index")[["low", "high"]]
    table["swing"] = table["high"] - table["low"]
    table["reverses"] = (np.sign(table[["low", "high"]]) != np.sign(reference)).any(axis=1)
    table = table.reindex(table["swing"].abs().sort_values(ascending=False).index)
    table.index.name = "assumed link"
    table.attrs["at_assumed_values"] = reference
    return table


def policy_table(outputs: list[dict]) -> pd.DataFrame:
    """Mean and 2.5/97.5 percentiles over replications of every policy's summary numbers."""
    if not outputs:
        raise ValueError("outputs is empty: pass the list run_tasks returned")
    frame = pd.DataFrame(
        [{"policy": name, **{k: v for k, v in summary.items() if k != "paths"}} for o in outputs
         for name, summary in o.items()]
    )  # fmt: skip
    grouped = frame.groupby("policy", sort=False)
    mean = grouped.mean()
    low, high = grouped.quantile(0.025), grouped.quantile(0.975)
    return pd.concat({"mean": mean, "low": low, "high": high}, axis=1)


def tipping_epsilon(epsilons, advantage) -> float:
    """The epsilon at which an advantage that grows with epsilon crosses zero, interpolated in log epsilon;
    NaN if it never crosses within the grid (inf stands for no privacy noise and is left out)."""
    eps = np.asarray(epsilons, dtype=float)
    adv = np.asarray(advantage, dtype=float)
    if eps.shape != adv.shape or eps.size == 0 or np.isnan(eps).any() or np.isnan(adv).any():
        raise ValueError("epsilons and advantage must be equal-length, non-empty lists of numbers")
    order = np.argsort(eps)
    eps, adv = eps[order], adv[order]
    keep = np.isfinite(eps) & (eps > 0)
    eps, adv = eps[keep], adv[keep]
    for i in range(eps.size - 1):
        if adv[i] < 0 <= adv[i + 1]:
            x0, x1 = math.log(eps[i]), math.log(eps[i + 1])
            return float(math.exp(x0 + (x1 - x0) * (-adv[i]) / (adv[i + 1] - adv[i])))
    return math.nan
