"""Equivalence of an estimated effect: the two one-sided tests (TOST) from an estimate and its standard error.

``helpers.stats.tost`` tests the difference of two samples' means; a pre-registered "no difference" claim is
often about an estimate that is not such a difference (a treatment x subgroup interaction, a regression
coefficient). The same logic applies: the claim is shown when the effect is significantly above ``low`` and
significantly below ``high``, bounds named in advance (Schuirmann 1987; Lakens 2017). The test itself lives in
:func:`helpers.stats.equivalence_of_effect`, shared with ``stats.tost``; experiments re-exports it.
"""

from __future__ import annotations

from ..stats import equivalence_of_effect

__all__ = ["equivalence_of_effect"]
