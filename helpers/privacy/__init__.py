"""Differential privacy for recommenders: mechanisms, their pitfalls, audits, accounting, DP rating predictors
and the privacy-utility study of notebook 04.

* :mod:`.mechanisms` — Laplace, Gaussian (analytic or classic calibration), k-ary randomized response.
* :mod:`.pitfalls` — the floating-point Laplace sampler Mironov (2012) broke, OpenDP's exact sampler, and a
  bounded Laplace that redraws (and so breaks its epsilon).
* :mod:`.audit` — empirical lower bounds on epsilon: :func:`audit_epsilon`, :func:`membership_inference`.
* :mod:`.accounting` — DP-SGD's epsilon and noise multiplier from Google's ``dp-accounting`` (RDP).
* :mod:`.recommenders` and :mod:`.dpsgd` — DP global mean and effects, input perturbation, local DP,
  DP-SGD matrix factorization.
* :mod:`.billboard` — global effects in the billboard model (joint DP): noisy item effects, local user effects.
* :mod:`.calibration` — tables of the noise each mechanism needs, one row per epsilon.
* :mod:`.catalogue` — :data:`METHODS`, their privacy units (:data:`PRIVACY_UNIT`), :class:`PrivateConfig`,
  :func:`fit_private`.
* :mod:`.tuning` — hyperparameters and the best method per epsilon chosen on a validation split.
* :mod:`.study` — :func:`privacy_utility_grid` (one :mod:`helpers.sweep` task per fit: local processes or a
  Dask cluster, the same numbers on each) and its summaries.
* :mod:`.references` — Surprise's 5-fold protocol; ALS and SVD tuned with the same budget.
* :mod:`.optout_study` — who opts out under an epsilon-aware reassurance model, and what it costs.

Every function checks its input and fails closed: epsilon and delta positive and finite, delta below 1,
sensitivity positive, values inside the declared scale, no empty input, randomness from an explicit ``rng``
(a ``numpy.random.Generator`` or an int seed). ``clopper_pearson`` is :func:`helpers.stats.clopper_pearson`.
"""

from ..stats import clopper_pearson
from .accounting import RDP_ORDERS, dpsgd_epsilon, dpsgd_noise_multiplier
from .audit import (
    AuditResult,
    EpsilonBound,
    MembershipInference,
    audit_epsilon,
    epsilon_lower_bound,
    membership_inference,
)
from .billboard import billboard_global_effects
from .calibration import dpsgd_calibration_table, noise_calibration_table
from .catalogue import (
    CAPACITY,
    METHOD_LABELS,
    METHODS,
    PRIVACY_UNIT,
    PRIVACY_UNITS,
    UNITS,
    PrivateConfig,
    epsilon_from_label,
    epsilon_label,
    fit_private,
    sort_epsilon_labels,
)
from .dpsgd import DPSGDMatrixFactorization
from .mechanisms import (
    gaussian,
    gaussian_delta,
    gaussian_sigma_analytic,
    gaussian_sigma_classic,
    laplace,
    randomized_response,
    rr_keep_probability,
    rr_unbiased,
)
from .optout_study import OptOutSweep, optout_sweep
from .pitfalls import (
    MIN_ACCEPTANCE,
    bounded_laplace_naive,
    bounded_laplace_true_epsilon,
    low_bits_statistic,
    naive_laplace,
    naive_laplace_can_output,
    opendp_laplace,
)
from .recommenders import (
    RATING_CATEGORIES,
    RATING_SCALE,
    GlobalEffects,
    RatingNoise,
    dp_global_effects,
    dp_global_mean,
    laplace_noise_variance,
    local_dp_ratings,
    perturb_ratings,
    rating_noise,
    rr_noise_variance,
)
from .references import REFERENCE_CANDIDATES, fit_reference, surprise_cross_validation, tune_references
from .study import (
    GRID_VALUES,
    best_private_method,
    grid_epsilon_labels,
    means_at_epsilon,
    nested_by_epsilon,
    privacy_utility_grid,
    summarize_grid,
)
from .tuning import TUNING_CANDIDATES, TuningChoice, choose_tuning, tune_private, tuning_candidates

__all__ = [
    "CAPACITY",
    "GRID_VALUES",
    "METHODS",
    "METHOD_LABELS",
    "MIN_ACCEPTANCE",
    "PRIVACY_UNIT",
    "PRIVACY_UNITS",
    "RATING_CATEGORIES",
    "RATING_SCALE",
    "RDP_ORDERS",
    "REFERENCE_CANDIDATES",
    "TUNING_CANDIDATES",
    "UNITS",
    "AuditResult",
    "DPSGDMatrixFactorization",
    "EpsilonBound",
    "GlobalEffects",
    "MembershipInference",
    "OptOutSweep",
    "PrivateConfig",
    "RatingNoise",
    "TuningChoice",
    "audit_epsilon",
    "best_private_method",
    "billboard_global_effects",
    "bounded_laplace_naive",
    "bounded_laplace_true_epsilon",
    "choose_tuning",
    "clopper_pearson",
    "dp_global_effects",
    "dp_global_mean",
    "dpsgd_calibration_table",
    "dpsgd_epsilon",
    "dpsgd_noise_multiplier",
    "epsilon_from_label",
    "epsilon_label",
    "epsilon_lower_bound",
    "fit_private",
    "fit_reference",
    "gaussian",
    "gaussian_delta",
    "gaussian_sigma_analytic",
    "gaussian_sigma_classic",
    "grid_epsilon_labels",
    "laplace",
    "laplace_noise_variance",
    "local_dp_ratings",
    "low_bits_statistic",
    "means_at_epsilon",
    "membership_inference",
    "naive_laplace",
    "naive_laplace_can_output",
    "nested_by_epsilon",
    "noise_calibration_table",
    "opendp_laplace",
    "optout_sweep",
    "perturb_ratings",
    "privacy_utility_grid",
    "randomized_response",
    "rating_noise",
    "rr_keep_probability",
    "rr_noise_variance",
    "rr_unbiased",
    "sort_epsilon_labels",
    "summarize_grid",
    "surprise_cross_validation",
    "tune_private",
    "tune_references",
    "tuning_candidates",
]
