"""Probability models of customer behaviour, each fitted by maximum likelihood into a frozen result
(:class:`FitResult`): sBG contract duration, BG/NBD and Pareto/NBD repeat buying, NBD purchase counts over a
known exposure (contractual data), Gamma-Gamma spend."""

from .base import FitResult, RepeatBuyingResult
from .bgnbd import BGNBDResult, bgnbd_log_likelihood, fit_bgnbd
from .gamma_gamma import GammaGammaResult, fit_gamma_gamma, gamma_gamma_log_likelihood
from .nbd import NBDResult, fit_nbd, nbd_log_likelihood
from .pareto_nbd import ParetoNBDResult, fit_pareto_nbd, pareto_nbd_log_likelihood
from .sbg import SBGResult, fit_sbg

__all__ = [
    "BGNBDResult",
    "FitResult",
    "GammaGammaResult",
    "NBDResult",
    "ParetoNBDResult",
    "RepeatBuyingResult",
    "SBGResult",
    "bgnbd_log_likelihood",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_nbd",
    "fit_pareto_nbd",
    "fit_sbg",
    "gamma_gamma_log_likelihood",
    "nbd_log_likelihood",
    "pareto_nbd_log_likelihood",
]
