"""The emotional-response study's model: its constructs, items and paths, the parameters (the truth) and
what they imply (covariances, R², indirect effects, moderated mediation, the trust a user of a given
profile can expect)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import stats

from ..._validation import (
    check_array,
    check_count,
    check_number,
)

CONDITIONS = ("none", "superficial", "authentic")
CONSTRUCTS = ("understanding", "affect", "cognitive", "intention")
TRAITS = ("privacy_concern", "disposition_to_trust")

#: Item wordings (7-point agreement scale), adapted from Komiak & Benbasat (2006) and Pu, Chen & Hu (2011).
ITEM_WORDING = MappingProxyType(
    {
        "und1": "The recommendations show that the system understands what I like.",
        "und2": "The system knows my taste.",
        "und3": "The recommendations are tailored to me, not to people in general.",
        "und4": "I feel the system 'gets' me.",
        "aff1": "I feel pleased when I see the recommendations.",
        "aff2": "I feel secure relying on this recommender.",
        "aff3": "I feel comfortable following its suggestions.",
        "aff4": "Using it puts me in a good mood.",
        "cog1": "The recommender is competent at finding movies for me.",
        "cog2": "The recommender acts in my interest, not only the seller's.",
        "cog3": "The recommendations are accurate.",
        "cog4": "The recommender is honest about what it suggests.",
        "int1": "I will keep using this recommender.",
        "int2": "I would recommend it to a friend.",
        "int3": "Next time I look for a movie I will start here.",
    }
)

PREFIX = MappingProxyType({"understanding": "und", "affect": "aff", "cognitive": "cog", "intention": "int"})

#: The structural paths, as (cause, effect, parameter name): the order tables and results use.
PATHS = (
    ("superficial", "understanding", "superficial_on_understanding"),
    ("authentic", "understanding", "authentic_on_understanding"),
    ("authentic_x_privacy", "understanding", "privacy_moderation"),
    ("authentic_x_disposition", "understanding", "disposition_moderation"),
    ("understanding", "affect", "understanding_on_affect"),
    ("superficial", "affect", "superficial_on_affect"),
    ("authentic", "affect", "authentic_on_affect"),
    ("understanding", "cognitive", "understanding_on_cognitive"),
    ("disposition_to_trust", "cognitive", "disposition_on_cognitive"),
    ("privacy_concern", "cognitive", "privacy_on_cognitive"),
    ("affect", "intention", "affect_on_intention"),
    ("cognitive", "intention", "cognitive_on_intention"),
)

# the observed causes: the conditions' indicators, their products with the traits, the traits
_EXOGENOUS = (*CONDITIONS[1:], "authentic_x_privacy", "authentic_x_disposition", *TRAITS)


def path_name(cause: str, effect: str) -> str:
    """The name of a path in tables and results, e.g. ``'authentic -> understanding'``."""
    for name, value in [("cause", cause), ("effect", effect)]:
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a variable name (a non-empty string), got {value!r}")
    return f"{cause} -> {effect}"


@dataclass(frozen=True, eq=False)
class ImpliedCovariance:
    """The model's population covariance of causes and constructs, and each construct's residual variance.

    Unpacks as ``covariance, residual = params.implied_covariance()``.
    """

    covariance: pd.DataFrame  # exogenous causes then constructs, in causal order
    residual: dict[str, float]  # construct -> residual variance (1 - R²)

    def __iter__(self):
        return iter((self.covariance, self.residual))


@dataclass(frozen=True)
class EmotionStudyParams:
    """Parameters of the simulated user study; the defaults are the documented truth of notebook 01.

    Path coefficients are in SD of the outcome per unit of the cause (0/1 for conditions, SD for traits and
    constructs); see the module docstring for the equations.
    """

    n: int = 2000
    condition_shares: tuple[float, float, float] = (1 / 3, 1 / 3, 1 / 3)  # none, superficial, authentic
    superficial_on_understanding: float = 0.0  # the seed's claim: a first name in a greeting does nothing
    authentic_on_understanding: float = 0.8  # d = 0.8: a large effect, as manipulation checks usually are
    privacy_moderation: float = -0.25  # concerned users feel less understood by the same recommender
    disposition_moderation: float = 0.15  # trusting users read tailored suggestions more charitably
    understanding_on_affect: float = 0.6  # the emotional route
    superficial_on_affect: float = 0.0  # direct effects of the conditions on affect: none, so the
    authentic_on_affect: float = 0.0  # effect runs entirely through feeling understood
    understanding_on_cognitive: float = 0.3  # the rational route
    disposition_on_cognitive: float = 0.3
    privacy_on_cognitive: float = -0.2
    affect_on_intention: float = 0.45  # feeling, more than judgement, turns into intention
    cognitive_on_intention: float = 0.2
    trait_correlation: float = -0.2  # privacy concern vs disposition to trust
    loadings: dict = field(
        default_factory=lambda: {
            "understanding": (0.85, 0.80, 0.75, 0.70),
            "affect": (0.80, 0.80, 0.75, 0.65),
            "cognitive": (0.80, 0.75, 0.70, 0.65),
            "intention": (0.85, 0.80, 0.75),
        }
    )
    likert_points: int = 7
    leniency: float = 0.3  # mean upward shift of answers (items vary around it)
    acquiescence_sd: float = 0.0  # person-level agreement bias shared by all items

    def __post_init__(self):
        if not isinstance(self.loadings, Mapping):
            raise TypeError(f"loadings must map each construct to its item loadings, got {self.loadings!r}")
        frozen = {k: tuple(check_array(v, f"loadings[{k!r}]").tolist()) for k, v in self.loadings.items()}
        object.__setattr__(self, "loadings", MappingProxyType(frozen))  # immutable, like the dataclass
        _validate(self)

    def path_values(self) -> dict[str, float]:
        """The structural coefficients in the generator's units, keyed by path name."""
        return {path_name(c, e): float(getattr(self, p)) for c, e, p in PATHS}

    def exogenous_covariance(self) -> pd.DataFrame:
        """Population covariance of the observed causes (condition indicators, their product, traits)."""
        _, p_sup, p_auth = self.condition_shares
        rho = self.trait_correlation
        cov = pd.DataFrame(0.0, index=_EXOGENOUS, columns=_EXOGENOUS)
        cov.loc["superficial", "superficial"] = p_sup * (1 - p_sup)
        cov.loc["authentic", "authentic"] = p_auth * (1 - p_auth)
        cov.loc["superficial", "authentic"] = cov.loc["authentic", "superficial"] = -p_sup * p_auth
        cov.loc["authentic_x_privacy", "authentic_x_privacy"] = p_auth  # E[A·PC²] with E[PC] = 0
        cov.loc["authentic_x_disposition", "authentic_x_disposition"] = p_auth
        for a, b, value in [
            ("authentic_x_privacy", "privacy_concern", p_auth),  # E[A·PC·PC]
            ("authentic_x_privacy", "disposition_to_trust", p_auth * rho),
            ("authentic_x_disposition", "disposition_to_trust", p_auth),
            ("authentic_x_disposition", "privacy_concern", p_auth * rho),
            ("authentic_x_privacy", "authentic_x_disposition", p_auth * rho),
            ("privacy_concern", "disposition_to_trust", rho),
        ]:
            cov.loc[a, b] = cov.loc[b, a] = value
        cov.loc["privacy_concern", "privacy_concern"] = cov.loc[
            "disposition_to_trust", "disposition_to_trust"
        ] = 1.0
        return cov

    def implied_covariance(self) -> ImpliedCovariance:
        """Population covariance of causes and constructs, and each construct's residual variance.

        Constructs are built in causal order; each residual variance is 1 minus the variance the paths
        into the construct explain (its R²), so every construct has variance 1. Unpacks as
        ``covariance, residual = params.implied_covariance()``.
        """
        names = list(_EXOGENOUS) + list(CONSTRUCTS)
        cov = pd.DataFrame(0.0, index=names, columns=names)
        exo = self.exogenous_covariance()
        cov.loc[exo.index, exo.columns] = exo.values
        residual = {}
        for construct in CONSTRUCTS:
            weights = pd.Series(0.0, index=names)
            for cause, effect, param in PATHS:
                if effect == construct:
                    weights[cause] = getattr(self, param)
            explained = float(weights @ cov.values @ weights)
            residual[construct] = 1.0 - explained
            column = cov.values @ weights.values
            cov.loc[construct, :] = column
            cov.loc[:, construct] = column
            cov.loc[construct, construct] = 1.0
        return ImpliedCovariance(cov, residual)

    def exogenous_means(self) -> dict[str, float]:
        """Population means of the observed causes: the condition shares for the two indicators, 0 for the
        centred traits and for their products with the authentic indicator (E[A·PC] = p_auth·E[PC] = 0)."""
        _, p_sup, p_auth = self.condition_shares
        return {name: {"superficial": p_sup, "authentic": p_auth}.get(name, 0.0) for name in _EXOGENOUS}

    def intercepts(self) -> dict[str, float]:
        """Each construct's intercept: minus the population mean of its equation's causes times their paths,
        so every construct has mean 0 in the study population (constructs are built in causal order, so a
        construct that causes another is already centred)."""
        means = {**self.exogenous_means(), **dict.fromkeys(CONSTRUCTS, 0.0)}
        out = dict.fromkeys(CONSTRUCTS, 0.0)
        for cause, effect, param in PATHS:
            out[effect] -= float(getattr(self, param)) * means[cause]
        return out

    def r_squared(self) -> dict[str, float]:
        """The share of each construct's variance explained by its causes."""
        _, residual = self.implied_covariance()
        return {k: 1.0 - v for k, v in residual.items()}

    def standardized_paths(self) -> dict[str, float]:
        """Fully standardized path coefficients (beta = b·SD(cause)/SD(effect)): the truth an SEM reports."""
        cov, _ = self.implied_covariance()
        return {
            path_name(c, e): float(getattr(self, p) * np.sqrt(cov.loc[c, c]))  # effects have SD 1
            for c, e, p in PATHS
        }

    def indirect_effect(self, cause: str = "authentic", outcome: str = "affect") -> float:
        """Standardized indirect effect of ``cause`` on ``outcome`` through perceived understanding."""
        for name, value in [("cause", cause), ("outcome", outcome)]:
            if not isinstance(value, str):
                raise TypeError(f"{name} must name a variable of the model (a string), got {value!r}")
        beta = self.standardized_paths()
        first = beta.get(path_name(cause, "understanding"))
        second = beta.get(path_name("understanding", outcome))
        if first is None or second is None:
            raise ValueError(f"no path {cause} -> understanding -> {outcome} in the model")
        return first * second

    def moderated_mediation_index(self, moderator: str, outcome: str = "affect") -> float:
        """True index of moderated mediation (Hayes 2015) of ``moderator`` on authentic -> understanding ->
        ``outcome``: the change of the indirect effect, in SD of the outcome per 0 -> 1 switch of the
        authentic condition, per SD of the moderator (``m·b``: constructs have variance 1)."""
        moderations = {
            "privacy_concern": self.privacy_moderation,
            "disposition_to_trust": self.disposition_moderation,
        }
        if moderator not in moderations:
            raise ValueError(f"moderator must be one of {', '.join(moderations)}, got {moderator!r}")
        second = self.path_values().get(path_name("understanding", outcome))
        if second is None:
            raise ValueError(f"no path understanding -> {outcome} in the model")
        return moderations[moderator] * second

    def thresholds(self) -> np.ndarray:
        """Cut points of the continuous response: equally spaced on [-1.8, 1.8] (7 points: 0.6 apart)."""
        return np.linspace(-1.8, 1.8, self.likert_points - 1)

    def items(self) -> dict[str, list[str]]:
        """Item names per construct, e.g. ``{'understanding': ['und1', ..., 'und4'], ...}``."""
        return {c: [f"{PREFIX[c]}{j + 1}" for j in range(len(self.loadings[c]))] for c in CONSTRUCTS}

    @cached_property
    def _residual_and_intercepts(self) -> tuple[dict[str, float], dict[str, float]]:
        # computed once per (frozen) parameter set: the widget asks for hundreds of settings
        return self.implied_covariance().residual, self.intercepts()

    def implied_trust(self, depth: float, privacy_concern: float) -> dict[str, dict[str, float]]:
        """Normal distribution (mean, sd, share above 0) of each trust outcome for users at one setting.

        ``depth`` runs from 0 (no personalization) to 1 (the study's authentic personalization); values in
        between interpolate the condition's effects linearly, which the study (two levels) cannot check.
        ``privacy_concern`` is the user's z-score (within ±5). Outcomes are in SD of the study population,
        whose mean is 0 (the intercepts centre it: :meth:`intercepts`), so ``share_above_average`` is the share
        trusting more than the average participant of the study (a third of whom had authentic
        personalization). The disposition to trust of a user with this concern follows its conditional normal
        distribution.
        """
        depth = check_number(depth, "depth", low=0.0, high=1.0)
        privacy_concern = check_number(privacy_concern, "privacy_concern", low=-5.0, high=5.0)
        psi, k = self._residual_and_intercepts
        rho = self.trait_correlation
        # given the concern, disposition to trust is normal with mean rho·concern and variance 1 - rho²
        var_dt = 1 - rho**2
        mean_u = k["understanding"] + depth * (
            self.authentic_on_understanding
            + self.privacy_moderation * privacy_concern
            + self.disposition_moderation * rho * privacy_concern
        )
        cov_u_dt = depth * self.disposition_moderation * var_dt
        var_u = (depth * self.disposition_moderation) ** 2 * var_dt + psi["understanding"]
        b, cu, cd = (
            self.understanding_on_affect,
            self.understanding_on_cognitive,
            self.disposition_on_cognitive,
        )
        mean_e = k["affect"] + b * mean_u + self.authentic_on_affect * depth
        var_e = b**2 * var_u + psi["affect"]
        mean_c = (
            k["cognitive"]
            + cu * mean_u
            + cd * rho * privacy_concern
            + self.privacy_on_cognitive * privacy_concern
        )
        var_c = cu**2 * var_u + cd**2 * var_dt + 2 * cu * cd * cov_u_dt + psi["cognitive"]
        cov_ec = b * (cu * var_u + cd * cov_u_dt)
        a, c = self.affect_on_intention, self.cognitive_on_intention
        mean_i = k["intention"] + a * mean_e + c * mean_c
        var_i = a**2 * var_e + c**2 * var_c + 2 * a * c * cov_ec + psi["intention"]
        out = {}
        moments = {"affect": (mean_e, var_e), "cognitive": (mean_c, var_c), "intention": (mean_i, var_i)}
        for name, (m, v) in moments.items():
            sd = float(np.sqrt(v))
            out[name] = {"mean": float(m), "sd": sd, "share_above_average": float(stats.norm.sf(0, m, sd))}
        return out


def _validate(p: EmotionStudyParams) -> None:
    if isinstance(p.n, (int, np.integer)) and not isinstance(p.n, bool) and p.n < 30:
        raise ValueError(
            f"n must be a positive number of participants, at least 30 (10 per condition), got {p.n}"
        )
    checked = {
        "n": check_count(p.n, "n", minimum=30),
        "likert_points": check_count(p.likert_points, "likert_points", minimum=2, maximum=11),
        "trait_correlation": check_number(
            p.trait_correlation, "trait_correlation", low=-1, high=1, low_open=True, high_open=True
        ),
        "leniency": check_number(p.leniency, "leniency"),
        "acquiescence_sd": check_number(p.acquiescence_sd, "acquiescence_sd", low=0.0),
        **{param: check_number(getattr(p, param), param) for _, _, param in PATHS},
    }
    shares = check_array(p.condition_shares, "condition_shares", low=0.0)
    if shares.shape != (3,) or np.any(shares <= 0) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(
            "condition_shares must be three positive shares (none, superficial, authentic) summing to 1, "
            f"got {p.condition_shares!r}"
        )
    checked["condition_shares"] = tuple(shares.tolist())
    for name, value in checked.items():
        object.__setattr__(p, name, value)
    if set(p.loadings) != set(CONSTRUCTS):
        raise ValueError(
            f"loadings must give items for exactly these constructs: {', '.join(CONSTRUCTS)}; "
            f"got {', '.join(map(str, p.loadings))}"
        )
    for construct, values in p.loadings.items():
        if not 3 <= len(values) <= 4:
            raise ValueError(f"{construct} needs 3 or 4 items (loadings), got {len(values)}")
        if any(not 0 < value < 1 for value in values):
            raise ValueError(
                f"standardized loadings must lie in (0, 1): {construct} has {values}; "
                "a loading of 1 would mean an item without measurement error"
            )
    for construct, value in p.implied_covariance().residual.items():
        if value <= 0.01:
            raise ValueError(
                f"impossible paths: the causes of {construct} would explain {1 - value:.0%} of its "
                "variance (at most 99% is possible with constructs of variance 1); "
                "make the coefficients into it smaller"
            )


def _check_params(params) -> EmotionStudyParams:
    if not isinstance(params, EmotionStudyParams):
        raise TypeError(f"params must be an EmotionStudyParams, got {type(params).__name__}")
    return params
