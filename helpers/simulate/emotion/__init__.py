"""Generative model of notebook 01's user study: does personalization build trust through feeling understood?

Each simulated participant is randomly assigned (balanced) to one of three conditions of a recommender
(``none``, ``superficial``: a first name in the greeting and generic pop-ups, ``authentic``: recommendations
built from their own history) and answers a questionnaire of 7-point Likert items. The model follows the
structure of Komiak & Benbasat (2006) and Knijnenburg et al. (2012); its *numbers are ours*, chosen to be
plausible, because neither paper's estimates can be reproduced from what they publish.

Structural model (every latent construct has mean 0 and variance 1 in the study population; ``PC`` and
``DT`` are the users' privacy concern and disposition to trust, observed as z-scores; ``S`` and ``A`` are
0/1 indicators of the superficial and authentic conditions; ``ζ`` are independent normal residuals whose
variances make each construct's total variance 1; the intercepts ``k`` centre each construct)::

    understanding = k_U + a_sup·S + a_auth·A + m_priv·(A·PC) + m_disp·(A·DT)  + ζ_U
    affect        = k_E + b_affect·understanding + e_sup·S + e_auth·A          + ζ_E   (emotional trust)
    cognitive     = c_und·understanding + c_disp·DT + c_priv·PC                + ζ_C   (cognitive trust)
    intention     = d_affect·affect + d_cog·cognitive                          + ζ_I   (keep using, recommend)

The intercepts are minus the population mean of each equation's causes times their paths
(:meth:`EmotionStudyParams.intercepts`; ``k_U = -(a_sup·p_sup + a_auth·p_auth)`` with ``p`` the condition
shares, ``k_E`` likewise for the direct effects, 0 for the rest): a construct's 0 is the study population's
average, so "above average" in the widget means above the average participant. Intercepts move no path,
covariance or standardized coefficient.

The direct effects ``e_sup`` and ``e_auth`` are 0 by default (full mediation); the analysis estimates them
anyway rather than assume them away. Coefficients into and between constructs are in standard deviations of
the outcome: authentic personalization raises perceived understanding by ``a_auth`` SD (a Cohen's d), each SD
of privacy concern changes that effect by ``m_priv`` SD and each SD of disposition to trust by ``m_disp`` SD
(the two traits moderate the first step; both also act directly on cognitive trust).
:meth:`EmotionStudyParams.standardized_paths` converts them to the fully standardized path coefficients
(beta) that SEM software and papers report; those are the truth the notebook's SEM must recover, and
:meth:`EmotionStudyParams.implied_trust` gives the trust the model implies for one user (the widget's view).

Measurement model: item ``j`` of a construct with standardized loading ``λ_j`` has the continuous response
``λ_j·η + sqrt(1 - λ_j²)·ε_j (+ leniency_j + acquiescence_i)``, cut into 1..7 at fixed thresholds. Leniency
shifts an item's answers upward (people agree more with some wordings); acquiescence, a person's tendency to
agree with everything (0 by default), is the common-method bias that the exercises switch on.
"""

from .draws import assign_conditions, simulate_latent, simulate_study
from .model import (
    CONDITIONS,
    CONSTRUCTS,
    ITEM_WORDING,
    PATHS,
    PREFIX,
    TRAITS,
    EmotionStudyParams,
    ImpliedCovariance,
    path_name,
)

__all__ = [
    "CONDITIONS",
    "CONSTRUCTS",
    "ITEM_WORDING",
    "PATHS",
    "PREFIX",
    "TRAITS",
    "EmotionStudyParams",
    "ImpliedCovariance",
    "assign_conditions",
    "path_name",
    "simulate_latent",
    "simulate_study",
]
