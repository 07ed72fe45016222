"""Randomized experiments: design (randomization, balance, power), effects (difference in means, CUPED,
regression adjustment, subgroups, coverage, paired tests), multiplicity (Holm, Benjamini-Hochberg), two-way
ANOVA (one study, or the F tests of many simulated studies at once), equivalence of an estimated effect
(TOST), and sequential peeking.

``from helpers import experiments``; ``experiments.estimate_arms(data, "trust", "arm", "control")``.
Randomness only through ``rng`` (a ``numpy.random.Generator`` or an int seed).
"""

from .anova import (
    EffectReplications,
    MainEffectReplications,
    two_way_anova,
    two_way_effects_many,
    two_way_main_effect_many,
)
from .design import (
    arm_sizes,
    balance_table,
    minimum_detectable_effect,
    power_of_test,
    randomize,
    sample_size_per_arm,
)
from .effects import (
    CoverageResult,
    EffectEstimate,
    cuped,
    difference_in_means,
    estimate_arms,
    heterogeneous_effects,
    interval_coverage,
    paired_tests_vs_baseline,
    regression_adjusted,
)
from .equivalence import equivalence_of_effect
from .multiplicity import benjamini_hochberg, holm
from .sequential import PeekingResult, peeking_simulation

__all__ = [
    "CoverageResult",
    "EffectEstimate",
    "EffectReplications",
    "MainEffectReplications",
    "PeekingResult",
    "arm_sizes",
    "balance_table",
    "benjamini_hochberg",
    "cuped",
    "difference_in_means",
    "equivalence_of_effect",
    "estimate_arms",
    "heterogeneous_effects",
    "holm",
    "interval_coverage",
    "minimum_detectable_effect",
    "paired_tests_vs_baseline",
    "peeking_simulation",
    "power_of_test",
    "randomize",
    "regression_adjusted",
    "sample_size_per_arm",
    "two_way_anova",
    "two_way_effects_many",
    "two_way_main_effect_many",
]
