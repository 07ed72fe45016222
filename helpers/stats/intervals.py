"""Confidence intervals with exact coverage guarantees: the Clopper-Pearson interval of a proportion."""

from __future__ import annotations

from dataclasses import dataclass

from scipy import stats

from .._validation import check_confidence, check_count

__all__ = ["Interval", "clopper_pearson"]


@dataclass(frozen=True)
class Interval:
    """A two-sided interval ``[low, high]`` at ``confidence``; unpacks as ``low, high = interval``."""

    low: float
    high: float
    confidence: float

    def __iter__(self):
        return iter((self.low, self.high))

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def clopper_pearson(successes: int, trials: int, confidence: float = 0.95) -> Interval:
    """Exact two-sided Clopper-Pearson interval for a binomial proportion (``successes`` of ``trials``).

    Conservative: its coverage is at least ``confidence`` for every true proportion.
    """
    trials = check_count(trials, "trials", minimum=1)
    successes = check_count(successes, "successes", minimum=0, maximum=trials)
    confidence = check_confidence(confidence)
    alpha = 1 - confidence
    low = stats.beta.ppf(alpha / 2, successes, trials - successes + 1) if successes > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes) if successes < trials else 1.0
    return Interval(float(low), float(high), confidence)
