"""Equivalence of an estimated effect: the two one-sided tests (TOST) from an estimate and its standard error.

``helpers.stats.tost`` tests the difference of two samples' means; a pre-registered "no difference" claim is
often about an estimate that is not such a difference (a treatment x subgroup interaction, a regression
coefficient). The same logic applies: the claim is shown when the effect is significantly above ``low`` and
significantly below ``high``, bounds named in advance (Schuirmann 1987; Lakens 2017).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from .._validation import check_number, check_positive_finite
from ..stats import TOSTResult

__all__ = ["equivalence_of_effect"]


def equivalence_of_effect(
    estimate: float, se: float, low: float, high: float, alpha: float = 0.05, dof: float = np.inf
) -> TOSTResult:
    """TOST of an effect estimated as ``estimate`` with standard error ``se``: normal reference when ``dof``
    is infinite (large samples, robust standard errors), else Student's t with ``dof`` degrees of freedom.

    Returns :class:`helpers.stats.TOSTResult` (``equivalent`` at ``alpha``; its ``ci_low``/``ci_high`` are
    the 1 - 2·alpha interval, inside the bounds exactly when equivalence is shown).
    """
    estimate = check_number(estimate, "estimate")
    se = check_positive_finite(se, "se")
    low = check_number(low, "low")
    high = check_number(high, "high")
    if not low < high:
        raise ValueError(f"the equivalence bounds must satisfy low < high, got low={low}, high={high}")
    alpha = check_number(alpha, "alpha", low=0.0, high=0.5, low_open=True, high_open=True)
    dof = check_number(dof, "dof", low=0.0, low_open=True, allow_inf=True)
    reference = stats.norm if np.isinf(dof) else stats.t(dof)
    p_lower = reference.sf((estimate - low) / se)
    p_upper = reference.cdf((estimate - high) / se)
    q = reference.ppf(1 - alpha)
    return TOSTResult(
        difference=float(estimate),
        ci_low=float(estimate - q * se),
        ci_high=float(estimate + q * se),
        low=low,
        high=high,
        p_lower=float(p_lower),
        p_upper=float(p_upper),
        p_value=float(max(p_lower, p_upper)),
        dof=float(dof),
        alpha=alpha,
    )
