"""Users who opt out of data collection because of privacy concern (notebook 04): a documented model.

Each user carries a privacy-concern trait ``c`` in [0, 1] drawn from ``Beta(concern_a, concern_b)``. Westin's
surveys sort people into privacy fundamentalists, pragmatists and the unconcerned (Kumaraguru & Cranor
2005); the default Beta(2, 3) (mean 0.4) puts about 18% of users above 0.6 (fundamentalists) and 18% below 0.2
(unconcerned), the pragmatists in between. A user opts out of data collection with probability

    P(opt out | c) = logistic(opt_out_intercept + opt_out_slope * c * (1 - dp_reassurance * [DP offered]))

so offering a formal privacy guarantee removes a share ``dp_reassurance`` of the concern's effect: the
seed's claim that clear, responsible data practice builds trust. The defaults (22.5% opt out without
DP, 10.6% with it) are illustrative assumptions, not estimates; the notebook varies them.

What a guarantee protects matters (an assumption, stated so it can be varied). Offered at ``epsilon`` for a
privacy ``unit`` (one of :data:`UNITS`), it removes the share

    reassurance(epsilon, unit) = dp_reassurance * unit_weight(unit) / (1 + (epsilon / reassurance_half_epsilon) ** reassurance_steepness)

of the concern's effect: the whole of ``dp_reassurance`` for a strong guarantee on a whole user, half of it at
``epsilon = reassurance_half_epsilon``, almost nothing at large epsilon or at ``epsilon = inf`` (no guarantee);
a guarantee on the value of a rating (who rated what stays visible) reassures less than one on its presence.
Without ``epsilon`` (``dp_offered=True`` alone) the flat ``dp_reassurance`` of the first version applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import integrate, special, stats

from .._validation import (
    check_array,
    check_bool,
    check_columns,
    check_number,
    check_positive_finite,
    check_probability,
    check_rng,
    check_size,
)

__all__ = ["UNITS", "PrivacyConcernModel", "drop_opted_out", "simulate_users"]

UNITS = ("value of a rating", "presence of a rating", "whole user")  # the same as helpers.privacy.UNITS


@dataclass(frozen=True)
class PrivacyConcernModel:
    """Parameters of the opt-out model; the defaults are the truth the notebook's simulation uses."""

    concern_a: float = 2.0  # Beta shape of the privacy-concern trait
    concern_b: float = 3.0
    opt_out_intercept: float = -3.0  # log-odds of opting out for a user with no concern
    opt_out_slope: float = 4.0  # added log-odds per unit of concern
    dp_reassurance: float = 0.5  # share of the concern effect removed when a DP guarantee is offered
    reassurance_half_epsilon: float = 2.0  # epsilon at which a guarantee reassures half as much (assumption)
    reassurance_steepness: float = 2.0  # how fast reassurance fades with epsilon (assumption)
    unit_weight_value: float = 0.5  # reassurance of a guarantee on a rating's value, relative to a whole user
    unit_weight_presence: float = 0.8  # the same for the presence of a rating (assumption)

    def __post_init__(self):
        check_positive_finite(self.concern_a, "concern_a (a Beta shape parameter)")
        check_positive_finite(self.concern_b, "concern_b (a Beta shape parameter)")
        check_number(self.opt_out_intercept, "opt_out_intercept")
        check_number(self.opt_out_slope, "opt_out_slope")
        check_probability(self.dp_reassurance, "dp_reassurance")
        check_positive_finite(self.reassurance_half_epsilon, "reassurance_half_epsilon")
        check_positive_finite(self.reassurance_steepness, "reassurance_steepness")
        check_probability(self.unit_weight_value, "unit_weight_value")
        check_probability(self.unit_weight_presence, "unit_weight_presence")

    def reassurance(self, epsilon, unit: str = "whole user") -> float:
        """Share of the concern's effect removed by a guarantee at ``epsilon`` (``inf``: none) for ``unit``."""
        epsilon = check_number(epsilon, "epsilon", low=0.0, low_open=True, allow_inf=True)
        weight = {"value of a rating": self.unit_weight_value, "presence of a rating": self.unit_weight_presence,
                  "whole user": 1.0}  # fmt: skip
        if unit not in weight:
            raise ValueError(f"unit must be one of {UNITS}, got {unit!r}")
        if epsilon == np.inf:
            return 0.0
        fade = 1.0 / (1.0 + (epsilon / self.reassurance_half_epsilon) ** self.reassurance_steepness)
        return float(self.dp_reassurance * weight[unit] * fade)

    def _share_removed(self, dp_offered, epsilon, unit) -> float:
        dp_offered = check_bool(dp_offered, "dp_offered")
        if epsilon is None:
            if unit is not None:
                raise ValueError("unit given without epsilon: pass the epsilon of the guarantee too")
            return self.dp_reassurance if dp_offered else 0.0
        if not dp_offered:
            raise ValueError("epsilon given without a DP offer: pass dp_offered=True")
        return self.reassurance(epsilon, "whole user" if unit is None else unit)

    def _probability(self, concern, removed: float):
        slope = self.opt_out_slope * (1 - removed)
        return special.expit(self.opt_out_intercept + slope * concern)

    def opt_out_probability(self, concern, dp_offered: bool = False, epsilon=None, unit=None) -> np.ndarray:
        """P(opt out | concern), vectorized; ``concern`` in [0, 1]. With ``epsilon`` (and ``unit``), the
        offer reassures as :meth:`reassurance` says; without, by the flat ``dp_reassurance``."""
        concern = check_array(concern, "concern", ndim=None, low=0.0, high=1.0)
        return self._probability(concern, self._share_removed(dp_offered, epsilon, unit))

    def expected_opt_out_share(self, dp_offered: bool = False, epsilon=None, unit=None) -> float:
        """The population share that opts out: the integral of P(opt out | c) over the Beta trait."""
        removed = self._share_removed(dp_offered, epsilon, unit)
        density = stats.beta(self.concern_a, self.concern_b).pdf
        value, _ = integrate.quad(lambda c: float(self._probability(c, removed)) * density(c), 0, 1)
        return float(value)


def simulate_users(
    user_ids,
    rng: np.random.Generator,
    model: PrivacyConcernModel = PrivacyConcernModel(),
    dp_offered: bool = False,
    epsilon=None,
    unit=None,
) -> pd.DataFrame:
    """One row per user: ``user_id, concern, p_opt_out, opted_out`` (the same rng gives the same users).
    ``epsilon`` and ``unit`` describe the guarantee offered (see :meth:`PrivacyConcernModel.reassurance`).

    Concern and the uniform draw deciding the opt-out are drawn first, so the same users (and the same
    draws) are compared with and without a DP offer: a user who opts out under DP also opts out without.
    """
    if isinstance(user_ids, str) or not hasattr(user_ids, "__len__"):
        raise TypeError(f"user_ids must be a list or array of ids, got {type(user_ids).__name__}")
    ids = np.asarray(user_ids)
    if ids.ndim != 1:
        raise ValueError(f"user_ids must be 1-dimensional, got shape {ids.shape}")
    if ids.size == 0:
        raise ValueError("need at least one user id")
    if pd.isna(ids).any():
        raise ValueError("user_ids has missing ids")
    check_size(ids.size, 4, what="the simulated users")
    if len(np.unique(ids)) != ids.size:
        raise ValueError("user ids must be distinct")
    rng = check_rng(rng)
    if not isinstance(model, PrivacyConcernModel):
        raise TypeError(f"model must be a PrivacyConcernModel, got {type(model).__name__}")
    model._share_removed(dp_offered, epsilon, unit)  # fails on a bad offer before drawing
    concern = rng.beta(model.concern_a, model.concern_b, size=ids.size)
    draw = rng.random(ids.size)
    p = model.opt_out_probability(concern, dp_offered, epsilon, unit)
    return pd.DataFrame({"user_id": ids, "concern": concern, "p_opt_out": p, "opted_out": draw < p})


def drop_opted_out(ratings: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    """The ratings the system may collect: those of users who did not opt out."""
    check_columns(ratings, ["user_id"], "ratings")
    check_columns(users, ["user_id", "opted_out"], "users (see simulate_users)")
    if not pd.api.types.is_bool_dtype(users["opted_out"]) or users["opted_out"].isna().any():
        raise TypeError(
            f"users['opted_out'] must be True/False for every user, got dtype {users['opted_out'].dtype}"
        )
    if users["user_id"].isna().any() or users["user_id"].duplicated().any():
        raise ValueError("users must list each user_id once, with no missing ids")
    unknown = ~ratings["user_id"].isin(users["user_id"])
    if unknown.any():
        example = ratings["user_id"][unknown].iloc[0]
        raise ValueError(
            f"{int(unknown.sum())} ratings are by users missing from users (e.g. user {example!r}); "
            "simulate every user who rated"
        )
    gone = set(users.loc[users["opted_out"], "user_id"].tolist())
    return ratings[~ratings["user_id"].isin(gone)].reset_index(drop=True)
