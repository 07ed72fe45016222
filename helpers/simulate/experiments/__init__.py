"""Generative models with known truth for notebook 02: an A/B(/C) test of transparency features, the
Herlocker, Konstan & Riedl (2000) randomized block study of 21 explanation interfaces, and the Kizilcec (2016)
2 x 3 study of transparency and expectation violation.

Each model's parameters live in a frozen dataclass whose defaults are the documented truth.

A/B test (:class:`ABTestParams`). Unit i has privacy concern ``H_i ~ Bernoulli(share_high_concern)``, a
pre-experiment trust score and a post-experiment trust score (a 1-7 survey scale treated as continuous)::

    trust_pre_i = baseline + concern_shift * H_i + sd * Z1_i
    trust_i     = baseline + concern_shift * H_i + tau(arm_i, H_i) + sd * (rho * Z1_i + sqrt(1 - rho^2) * Z2_i)

with Z1, Z2 independent standard normals and ``tau(arm, H) = effect_low[arm] + H * (effect_high - effect_low)``.
The true average treatment effect of an arm is ``effect_low + share_high_concern * (effect_high - effect_low)``.
Arms are assigned by complete randomization with fixed shares.

Herlocker block study (:class:`HerlockerParams`). Participant u answers "how likely would you go and see this
movie?" on a 1-7 scale for each of 21 explanation interfaces. A latent response
``L_ui = m_i + s_i * (sqrt(r) * B_u + sqrt(1 - r) * E_ui)`` (B, E standard normal; r = within-participant
correlation, not published, assumed 0.5) is rounded and clipped to 1..7. ``m_i, s_i`` are calibrated so the
*discretized* responses have exactly the published Table 1 mean and SD of interface i in expectation. With
``match_published_means`` (default) randomly chosen answers are then moved by one point until each interface's
sample mean equals the published mean to the nearest 1/n, so the re-analysis tests the published means rather
than one noisy draw of them; only the within-participant structure (r) remains an assumption.

Kizilcec study (:class:`KizilcecParams`). Participants' expectations are violated (grade lower than expected)
with probability ``share_violated``; transparency (low, medium, high) is randomized. Trust is normal with SD
``sd`` around ``mean_not_violated`` minus ``drop_when_violated[transparency]`` for violated participants. The
default drops (0.96, 0.30, 0.96 SD) encode the reported pattern — medium transparency buffers the loss of trust,
high transparency does not — and give a population partial eta^2 of about 0.12 for the violation main effect.
"""

from .ab import ABReplications, ABTestParams, simulate_ab_replications, simulate_ab_test
from .herlocker import (
    HERLOCKER_2000_TABLE1,
    HERLOCKER_BASELINE,
    HerlockerParams,
    Moments,
    calibrate_latent,
    discretized_moments,
    herlocker_directions,
    herlocker_sensitivity,
    simulate_herlocker,
)
from .kizilcec import KizilcecParams, kizilcec_replication_tests, kizilcec_replications, simulate_kizilcec

__all__ = [
    "HERLOCKER_2000_TABLE1",
    "HERLOCKER_BASELINE",
    "ABReplications",
    "ABTestParams",
    "HerlockerParams",
    "KizilcecParams",
    "Moments",
    "calibrate_latent",
    "discretized_moments",
    "herlocker_directions",
    "herlocker_sensitivity",
    "kizilcec_replication_tests",
    "kizilcec_replications",
    "simulate_ab_replications",
    "simulate_ab_test",
    "simulate_herlocker",
    "simulate_kizilcec",
]
