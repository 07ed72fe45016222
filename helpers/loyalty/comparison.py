"""Comparisons the course reports: our estimates beside a paper's published values, and the ratio of two
groups' mean purchase rates from two repeat-buying fits with its delta-method interval."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import check_number
from ._checks import z_value
from .models.base import RepeatBuyingResult

__all__ = ["RateRatio", "compare_to_published", "ratio_interval"]


def _numbers(values, name: str) -> dict:
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a dict of name -> number, got {type(values).__name__}")
    return {key: check_number(value, f"{name}[{key!r}]") for key, value in values.items()}


def compare_to_published(ours: dict, published: dict) -> pd.DataFrame:
    """Published values beside ours: columns ``published, ours, difference, relative difference (%)``,
    one row per key of ``published`` (the relative difference is NaN where the published value is 0)."""
    published = _numbers(published, "published")
    if not published:
        raise ValueError("published is empty: give at least one published value to compare with")
    if not isinstance(ours, Mapping):
        raise TypeError(f"ours must be a dict of name -> number, got {type(ours).__name__}")
    missing = set(published) - set(ours)
    if missing:
        raise ValueError(f"ours lacks published quantities {sorted(missing)}")
    ours = _numbers({k: ours[k] for k in published}, "ours")
    table = pd.DataFrame(
        {"published": pd.Series(published, dtype=float), "ours": pd.Series(ours, dtype=float)}
    )
    table["difference"] = table["ours"] - table["published"]
    scale = table["published"].abs()
    table["relative difference (%)"] = 100 * table["difference"] / scale.where(scale > 0)
    return table


@dataclass(frozen=True)
class RateRatio:
    """Ratio of two mean purchase rates (b over a) with its interval; unpacks and indexes as
    ``(estimate, low, high)``."""

    estimate: float
    ci_low: float
    ci_high: float
    confidence: float

    def __iter__(self):
        return iter((self.estimate, self.ci_low, self.ci_high))

    def __getitem__(self, index):
        return tuple(self)[index]

    def __len__(self) -> int:
        return 3


def ratio_interval(fit_a, fit_b, confidence: float = 0.95) -> RateRatio:
    """Ratio of mean purchase rates r/alpha of two independent BG/NBD, Pareto/NBD or NBD fits, b over a, with a
    delta-method interval from the log-parameter covariances."""
    for name, fit in (("fit_a", fit_a), ("fit_b", fit_b)):
        if not isinstance(fit, RepeatBuyingResult):
            raise TypeError(f"{name} must be a BG/NBD, Pareto/NBD or NBD result, got {type(fit).__name__}")
    z = z_value(confidence)
    cov_a, cov_b = fit_a._usable_covariance(), fit_b._usable_covariance()
    c = np.zeros(cov_a.shape[0])
    c[:2] = [1.0, -1.0]  # r and alpha lead the parameters of both models
    log_ratio = (np.log(fit_b.r) - np.log(fit_b.alpha)) - (np.log(fit_a.r) - np.log(fit_a.alpha))
    se = float(np.sqrt(c @ cov_a @ c + c @ cov_b @ c))
    return RateRatio(
        float(np.exp(log_ratio)),
        float(np.exp(log_ratio - z * se)),
        float(np.exp(log_ratio + z * se)),
        float(confidence),
    )
