"""The emotional response to personalization: survey measurement, structural models, and its trace in ratings.

``from helpers import emotion``; every public name of the modules below is available as ``emotion.<name>``:

* ``reliability`` — Cronbach's alpha (Feldt's interval), McDonald's omega, a reliability table per construct
* ``sem``         — CFA and SEM (semopy) with standardized paths, scale-score regressions
* ``mediation``   — the indirect effect a·b and the index of moderated mediation with bootstrap intervals
  (refits run through ``helpers.sweep``)
* ``recovery``    — estimates beside a simulated truth, and coverage studies over many simulated studies
  (run through ``helpers.sweep``: local worker processes or a Dask cluster, the same numbers on either)
* ``revealed``    — MovieLens: temporal split, profile match (Surprise SVD), delight and disappointment by
  decile of the match
* ``plots``       — the path diagram, item distributions, paths against the truth

The equivalence tests (``tost``, ``tost_power``, ``pooled_sd``) live in :mod:`helpers.stats` and are
re-exported here.
"""

from ..stats.equivalence import TOSTResult, pooled_sd, tost, tost_power
from .mediation import BOOTSTRAP_CHUNK, IndirectResult, ModeratedMediation, bootstrap_indirect
from .plots import draw_path_model, plot_item_distributions, plot_paths_against_truth
from .recovery import compare_with_truth, coverage_study, summarize_coverage
from .reliability import AlphaResult, cronbach_alpha, mcdonald_omega, omega_from_loadings, reliability_table
from .revealed import (
    ProfileMatch,
    TemporalSplit,
    Trend,
    affect_by_decile,
    calibration_curve,
    fit_profile_match,
    per_user_gradient,
    temporal_split,
    trend,
)
from .sem import (
    SEMResult,
    fit_cfa,
    fit_sem,
    measurement_syntax,
    scale_score_paths,
    standardized_paths,
    structural_syntax,
)

__all__ = [
    "BOOTSTRAP_CHUNK",
    "AlphaResult",
    "IndirectResult",
    "ModeratedMediation",
    "ProfileMatch",
    "SEMResult",
    "TOSTResult",
    "TemporalSplit",
    "Trend",
    "affect_by_decile",
    "bootstrap_indirect",
    "calibration_curve",
    "compare_with_truth",
    "coverage_study",
    "cronbach_alpha",
    "draw_path_model",
    "fit_cfa",
    "fit_profile_match",
    "fit_sem",
    "mcdonald_omega",
    "measurement_syntax",
    "omega_from_loadings",
    "per_user_gradient",
    "plot_item_distributions",
    "plot_paths_against_truth",
    "pooled_sd",
    "reliability_table",
    "scale_score_paths",
    "standardized_paths",
    "structural_syntax",
    "summarize_coverage",
    "temporal_split",
    "tost",
    "tost_power",
    "trend",
]
