"""Loyalty measures with their uncertainty (notebook 05): Net Promoter Score, cohort retention, survival
(Kaplan-Meier, log-rank, Cox via lifelines), the probability models of Fader & Hardie (sBG retention, BG/NBD
and Pareto/NBD repeat buying, Gamma-Gamma spend; fitted by maximum likelihood into frozen results whose methods
give the predictions) and discounted customer lifetime value.

``from helpers import loyalty``; ``loyalty.fit_bgnbd(frequency, recency, T)``. Modules, one idea each:

* ``nps``          — Net Promoter Score, its intervals, bootstrap, comparison of two groups, sample size
* ``cohorts``      — cohort retention tables
* ``survival``     — time to repeat, Kaplan-Meier, log-rank, Cox hazard ratio
* ``transactions`` — calibration/holdout summaries and cumulative repeat transactions (actual and expected)
* ``models``       — ``base`` (the shared fitted-result base), ``sbg``, ``bgnbd``, ``pareto_nbd``, ``nbd``,
  ``gamma_gamma``
* ``projection``   — naive survival curves (line, exponential) and checks of a projection on held-out years
* ``clv``          — discounted CLV, its parameter draws, the value path of a new customer
* ``comparison``   — ours beside published values; the ratio of two groups' purchase rates
"""

from .clv import (
    NewCustomerValue,
    clv_parameter_draws,
    discounted_clv,
    new_customer_value,
    weekly_discount_rate,
)
from .cohorts import COHORT_PERIODS, cohort_retention
from .comparison import RateRatio, compare_to_published, ratio_interval
from .models import (
    BGNBDResult,
    FitResult,
    GammaGammaResult,
    NBDResult,
    ParetoNBDResult,
    RepeatBuyingResult,
    SBGResult,
    bgnbd_log_likelihood,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_nbd,
    fit_pareto_nbd,
    fit_sbg,
    gamma_gamma_log_likelihood,
    nbd_log_likelihood,
    pareto_nbd_log_likelihood,
)
from .nps import (
    NPSDifference,
    NPSIntervals,
    NPSResult,
    compare_nps,
    net_promoter_score,
    nps_bootstrap_interval,
    nps_interval_from_counts,
    nps_sample_size,
)
from .projection import CURVE_KINDS, CurveFit, fit_survival_curve, holdout_comparison, holdout_record
from .survival import HazardRatio, LogRankResult, cox_hazard_ratio, kaplan_meier, logrank, time_to_repeat
from .transactions import calibration_holdout, cumulative_expected_repeat, cumulative_repeat_transactions

__all__ = [
    "COHORT_PERIODS",
    "CURVE_KINDS",
    "BGNBDResult",
    "CurveFit",
    "FitResult",
    "GammaGammaResult",
    "HazardRatio",
    "LogRankResult",
    "NBDResult",
    "NPSDifference",
    "NPSIntervals",
    "NPSResult",
    "NewCustomerValue",
    "ParetoNBDResult",
    "RateRatio",
    "RepeatBuyingResult",
    "SBGResult",
    "bgnbd_log_likelihood",
    "calibration_holdout",
    "clv_parameter_draws",
    "cohort_retention",
    "compare_nps",
    "compare_to_published",
    "cox_hazard_ratio",
    "cumulative_expected_repeat",
    "cumulative_repeat_transactions",
    "discounted_clv",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_nbd",
    "fit_pareto_nbd",
    "fit_sbg",
    "fit_survival_curve",
    "gamma_gamma_log_likelihood",
    "holdout_comparison",
    "holdout_record",
    "kaplan_meier",
    "logrank",
    "nbd_log_likelihood",
    "net_promoter_score",
    "new_customer_value",
    "nps_bootstrap_interval",
    "nps_interval_from_counts",
    "nps_sample_size",
    "pareto_nbd_log_likelihood",
    "ratio_interval",
    "time_to_repeat",
    "weekly_discount_rate",
]
