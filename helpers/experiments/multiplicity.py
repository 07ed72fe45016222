"""Multiple-testing corrections: Holm's step-down adjustment (family-wise error rate) and the
Benjamini-Hochberg adjustment (false discovery rate), both through statsmodels.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_array

__all__ = ["benjamini_hochberg", "holm"]


def check_pvalues(pvalues, name: str = "pvalues") -> np.ndarray:
    """A non-empty one-dimensional array of p-values, each in [0, 1] and none missing."""
    p = check_array(pvalues, name)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"{name} must lie in [0, 1]; got values from {p.min():g} to {p.max():g}")
    return p


def holm(pvalues) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values: controls the family-wise error rate."""
    from statsmodels.stats.multitest import multipletests

    return multipletests(check_pvalues(pvalues), method="holm")[1]


def benjamini_hochberg(pvalues) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (q-values): controls the false discovery rate."""
    from statsmodels.stats.multitest import multipletests

    return multipletests(check_pvalues(pvalues), method="fdr_bh")[1]
