"""Differential privacy for recommenders: mechanisms, their pitfalls, audits, accounting, DP rating predictors
and the privacy-utility study of notebook 04.

* :mod:`.mechanisms` — Laplace, Gaussian (analytic or classic calibration), k-ary randomized response.
* :mod:`.pitfalls` — the floating-point Laplace sampler Mironov (2012) broke, OpenDP's exact sampler, and a
  bounded Laplace that redraws (and so breaks its epsilon).
* :mod:`.audit` — empirical lower bounds on epsilon: :func:`audit_epsilon`, :func:`membership_inference`.
* :mod:`.accounting` — DP-SGD's epsilon and noise multiplier from Google's ``dp-accounting`` (RDP).
* :mod:`.recommenders` and :mod:`.dpsgd` — DP global mean and effects, input perturbation, local DP,
  DP-SGD matrix factorization.
* :mod:`.study` — :data:`METHODS`, :class:`PrivateConfig`, :func:`fit_private`, :func:`privacy_utility_grid`
  (one :mod:`helpers.sweep` task per fit: local processes or a Dask cluster, the same numbers on each) and its
  summaries.

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
from .study import (
    GRID_VALUES,
    METHOD_LABELS,
    METHODS,
    PRIVACY_UNITS,
    PrivateConfig,
    best_private_method,
    epsilon_from_label,
    epsilon_label,
    fit_private,
    grid_epsilon_labels,
    means_at_epsilon,
    nested_by_epsilon,
    privacy_utility_grid,
    sort_epsilon_labels,
    summarize_grid,
)

__all__ = [
    "GRID_VALUES",
    "METHODS",
    "METHOD_LABELS",
    "MIN_ACCEPTANCE",
    "PRIVACY_UNITS",
    "RATING_CATEGORIES",
    "RATING_SCALE",
    "RDP_ORDERS",
    "AuditResult",
    "DPSGDMatrixFactorization",
    "EpsilonBound",
    "GlobalEffects",
    "MembershipInference",
    "PrivateConfig",
    "RatingNoise",
    "audit_epsilon",
    "best_private_method",
    "bounded_laplace_naive",
    "bounded_laplace_true_epsilon",
    "clopper_pearson",
    "dp_global_effects",
    "dp_global_mean",
    "dpsgd_epsilon",
    "dpsgd_noise_multiplier",
    "epsilon_from_label",
    "epsilon_label",
    "epsilon_lower_bound",
    "fit_private",
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
    "opendp_laplace",
    "perturb_ratings",
    "privacy_utility_grid",
    "randomized_response",
    "rating_noise",
    "rr_keep_probability",
    "rr_noise_variance",
    "rr_unbiased",
    "sort_epsilon_labels",
    "summarize_grid",
]
