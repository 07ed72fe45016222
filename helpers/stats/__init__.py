"""Statistics the course uses in several places: exact and bootstrap intervals, and equivalence tests.

``from helpers import stats``; ``stats.clopper_pearson(k, n)``, ``stats.tost(x, y, low, high)``.
"""

from .equivalence import TOSTResult, equivalence_of_effect, pooled_sd, tost, tost_power
from .intervals import Interval, clopper_pearson
from .welch import WelchResult, welch, welch_dof

__all__ = [
    "Interval",
    "TOSTResult",
    "WelchResult",
    "clopper_pearson",
    "equivalence_of_effect",
    "pooled_sd",
    "tost",
    "tost_power",
    "welch",
    "welch_dof",
]
