"""A randomized personalization experiment on a membership platform, with known truth (notebook 05).

The model, customer by customer (``i``), for a study of ``weeks`` weeks that everybody joins at week 0:

* **Arm.** Customers are randomized 1:1 to ``control`` or ``personalized`` (exactly ``n_per_arm`` each).
* **Churn.** Time on the platform is exponential with weekly hazard ``churn_hazard`` in control and
  ``churn_hazard * churn_hazard_ratio`` under personalization (proportional hazards, so a Cox model's hazard
  ratio estimates ``churn_hazard_ratio``). Cancellation is observed; customers still members at ``weeks`` are
  censored.
* **Purchases.** Everybody buys at joining (week 0). While a member, customer i makes repeat purchases as a
  Poisson process with rate ``lambda_i ~ Gamma(shape=purchase_shape, rate=purchase_scale)`` per week, times
  ``purchase_rate_ratio`` under personalization. Mean weekly rate while active: ``purchase_shape /
  purchase_scale`` (times the ratio). The shape of the rate distribution is the same in both arms.
* **NPS answer.** A share ``response_rate`` of customers, chosen at random, answer the 0-10 recommendation
  question at the end of the study; churned customers answer too (an exit survey). The answer is a latent
  normal ``N(nps_mean + nps_shift * personalized, nps_sd)`` rounded to the nearest whole number and clipped
  to 0..10, independent of churn and purchases. The true NPS of each arm follows from the normal CDF.

The truths a notebook must recover are properties of :class:`PersonalizationExperiment`:
``churn_hazard_ratio``, ``purchase_rate_ratio``, and ``true_nps_difference``.

A second, smaller model shows what survey non-response does to an NPS (:class:`SurveyNonResponse`,
:func:`simulate_nps_surveys`): every invited customer has an answer they would give (drawn from the platform's
answer distribution), but answers with a probability that depends on that answer, rising linearly from
``response_at_0`` (answer 0) to ``response_at_10`` (answer 10). With equal ends the non-response is random; with
``response_at_10 > response_at_0`` happier customers answer more often, and the respondents' NPS is biased
upward by an amount the model gives exactly (:meth:`SurveyNonResponse.respondent_nps`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import (
    check_array,
    check_bool,
    check_count,
    check_number,
    check_positive_finite,
    check_probability,
    check_rng,
    check_size,
)


@dataclass(frozen=True)
class PersonalizationExperiment:
    """Parameters of the simulated experiment; the defaults are the documented truth."""

    n_per_arm: int = 2000
    weeks: float = 52.0
    churn_hazard: float = 0.02  # weekly hazard of cancelling, control arm (about 65% leave within a year)
    churn_hazard_ratio: float = 0.7  # personalized / control
    purchase_shape: float = 0.8  # r of the gamma distribution of weekly purchase rates
    purchase_scale: float = 8.0  # alpha (rate parameter, weeks): mean rate 0.1 purchases a week
    purchase_rate_ratio: float = 1.25  # personalized / control
    nps_mean: float = 7.4  # latent mean answer in control
    nps_sd: float = 2.0
    nps_shift: float = 0.6  # latent shift under personalization
    response_rate: float = 0.4  # share of customers who answer the NPS question

    def __post_init__(self):
        object.__setattr__(self, "n_per_arm", check_count(self.n_per_arm, "n_per_arm", minimum=2))
        for name in (
            "weeks",
            "churn_hazard",
            "churn_hazard_ratio",
            "purchase_shape",
            "purchase_scale",
            "purchase_rate_ratio",
            "nps_sd",
        ):
            object.__setattr__(self, name, check_positive_finite(getattr(self, name), name))
        for name in ("nps_mean", "nps_shift"):
            object.__setattr__(self, name, check_number(getattr(self, name), name))
        rate = check_number(self.response_rate, "response_rate", low=0.0, high=1.0, low_open=True)
        object.__setattr__(self, "response_rate", rate)

    def answer_probabilities(self, personalized: bool) -> np.ndarray:
        """P(answer = k), k = 0..10, of the rounded and clipped latent normal."""
        personalized = check_bool(personalized, "personalized")
        mean = self.nps_mean + (self.nps_shift if personalized else 0.0)
        edges = np.concatenate([[-np.inf], np.arange(0.5, 10.0, 1.0), [np.inf]])
        return np.diff(stats.norm.cdf(edges, loc=mean, scale=self.nps_sd))

    def true_nps(self, personalized: bool) -> float:
        """The NPS of the arm's answer distribution, in points."""
        probs = self.answer_probabilities(personalized)
        return float(100 * (probs[9:].sum() - probs[:7].sum()))

    @property
    def true_nps_difference(self) -> float:
        """NPS(personalized) - NPS(control), in points."""
        return self.true_nps(True) - self.true_nps(False)

    @property
    def mean_purchase_rate(self) -> float:
        """Mean weekly purchase rate of an active control customer."""
        return self.purchase_shape / self.purchase_scale


def simulate_experiment(params: PersonalizationExperiment, rng) -> pd.DataFrame:
    """Draw one experiment: one row per customer.

    Columns: ``arm`` ("control"/"personalized"), ``personalized`` (0/1), ``tenure_weeks`` (observed time on the
    platform), ``churned`` (cancellation observed before the end), ``frequency`` (repeat purchases), ``recency``
    (week of the last repeat purchase, 0 if none), ``T`` (weeks observed since the first purchase = ``weeks``),
    ``nps_answer`` (0-10, missing for non-respondents; pandas ``Int64``).
    """
    if not isinstance(params, PersonalizationExperiment):
        raise TypeError(f"params must be a PersonalizationExperiment, got {type(params).__name__}")
    rng = check_rng(rng)
    n = 2 * params.n_per_arm
    check_size(n, 8, what="the simulated experiment (customers x columns)")
    personalized = rng.permutation(np.repeat([0, 1], params.n_per_arm))
    hazard = params.churn_hazard * np.where(personalized == 1, params.churn_hazard_ratio, 1.0)
    lifetime = rng.exponential(1.0 / hazard)
    churned = lifetime < params.weeks
    tenure = np.minimum(lifetime, params.weeks)
    rate = rng.gamma(params.purchase_shape, 1.0 / params.purchase_scale, size=n)
    rate = rate * np.where(personalized == 1, params.purchase_rate_ratio, 1.0)
    frequency = rng.poisson(rate * tenure)
    # the last of `frequency` uniform times on (0, tenure): tenure * U^(1/frequency)
    u = rng.uniform(size=n)
    recency = np.where(frequency > 0, tenure * u ** (1.0 / np.maximum(frequency, 1)), 0.0)
    responded = rng.uniform(size=n) < params.response_rate
    answer = np.empty(n)
    for arm in (0, 1):
        mask = personalized == arm
        answer[mask] = rng.choice(11, size=int(mask.sum()), p=params.answer_probabilities(bool(arm)))
    nps = pd.array(np.where(responded, answer, np.nan), dtype="Int64")
    return pd.DataFrame(
        {
            "arm": np.where(personalized == 1, "personalized", "control"),
            "personalized": personalized,
            "tenure_weeks": tenure,
            "churned": churned,
            "frequency": frequency,
            "recency": recency,
            "T": np.full(n, float(params.weeks)),
            "nps_answer": nps,
        }
    )


def _answer_distribution(answer_probabilities) -> np.ndarray:
    probs = check_array(answer_probabilities, "answer_probabilities", low=0.0, high=1.0)
    if probs.size != 11 or not np.isclose(probs.sum(), 1.0, atol=1e-9):
        raise ValueError(
            "answer_probabilities must be 11 probabilities (answers 0..10) that sum to 1, e.g. "
            "PersonalizationExperiment().answer_probabilities(False)"
        )
    return probs / probs.sum()


def _nps_of(probs: np.ndarray) -> float:
    return float(100 * (probs[9:].sum() - probs[:7].sum()))


@dataclass(frozen=True)
class SurveyNonResponse:
    """Who answers an NPS survey: P(answer the survey | would answer k) rises linearly in k from
    ``response_at_0`` to ``response_at_10``. Equal ends make non-response random (unrelated to the answer)."""

    response_at_0: float = 0.20  # a customer who would answer 0 responds one time in five
    response_at_10: float = 0.40  # one who would answer 10, twice as often

    def __post_init__(self):
        for name in ("response_at_0", "response_at_10"):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))
        if self.response_at_0 == 0 and self.response_at_10 == 0:
            raise ValueError(
                "nobody would ever answer (both response probabilities are 0): raise one of them"
            )

    @classmethod
    def random(cls, response_rate: float) -> SurveyNonResponse:
        """Non-response unrelated to the answer: everybody answers with probability ``response_rate``."""
        rate = check_number(response_rate, "response_rate", low=0.0, high=1.0, low_open=True)
        return cls(rate, rate)

    @property
    def is_random(self) -> bool:
        return self.response_at_0 == self.response_at_10

    def response_probabilities(self) -> np.ndarray:
        """P(answer the survey | would answer k), k = 0..10."""
        return np.linspace(self.response_at_0, self.response_at_10, 11)

    def response_rate(self, answer_probabilities) -> float:
        """Share of invited customers who answer, given the population's answer distribution."""
        return float(_answer_distribution(answer_probabilities) @ self.response_probabilities())

    def respondent_answer_probabilities(self, answer_probabilities) -> np.ndarray:
        """The answer distribution among respondents: P(k) P(respond | k), renormalized."""
        weighted = _answer_distribution(answer_probabilities) * self.response_probabilities()
        return weighted / weighted.sum()

    def respondent_nps(self, answer_probabilities) -> float:
        """The NPS that respondents' answers converge to as surveys grow (points): the estimate's target."""
        return _nps_of(self.respondent_answer_probabilities(answer_probabilities))

    def bias(self, answer_probabilities) -> float:
        """Respondents' NPS minus the population's true NPS, in points (0 for random non-response)."""
        return self.respondent_nps(answer_probabilities) - _nps_of(_answer_distribution(answer_probabilities))


def simulate_nps_surveys(
    answer_probabilities, nonresponse: SurveyNonResponse, n_invited: int, n_surveys: int, rng
):
    """Draw ``n_surveys`` independent surveys that each invite ``n_invited`` customers; return one row per
    survey with the counts an analyst sees: ``respondents``, ``promoters`` (9-10) and ``detractors`` (0-6).

    Each invited customer's would-be answer follows ``answer_probabilities``; they answer with
    ``nonresponse.response_probabilities()[answer]``. Counts are drawn per answer category (multinomial, then
    binomial), which is the same in distribution as drawing customer by customer."""
    probs = _answer_distribution(answer_probabilities)
    if not isinstance(nonresponse, SurveyNonResponse):
        raise TypeError(f"nonresponse must be a SurveyNonResponse, got {type(nonresponse).__name__}")
    n_invited = check_count(n_invited, "n_invited")
    n_surveys = check_count(n_surveys, "n_surveys")
    check_size(n_surveys, 11 * 2, what="the simulated surveys (surveys x answer categories)")
    rng = check_rng(rng)
    invited = rng.multinomial(n_invited, probs, size=n_surveys)
    answered = rng.binomial(invited, nonresponse.response_probabilities())
    return pd.DataFrame(
        {
            "invited": np.full(n_surveys, n_invited),
            "respondents": answered.sum(axis=1),
            "promoters": answered[:, 9:].sum(axis=1),
            "detractors": answered[:, :7].sum(axis=1),
        }
    )


def nonresponse_study(
    answer_probabilities, nonresponse: dict, invited, n_surveys: int, rng, confidence: float = 0.95
) -> pd.DataFrame:
    """How often an NPS interval covers the true NPS when non-response follows each model of ``nonresponse``
    (a dict label -> :class:`SurveyNonResponse`), for surveys inviting each size in ``invited``.

    One row per (label, invited): ``respondents`` (mean per survey), ``true NPS`` (the population's),
    ``respondents' NPS`` (what the estimate converges to under that non-response), ``mean estimate`` and
    ``coverage`` (share of the ``n_surveys`` normal intervals from :func:`helpers.loyalty.nps_interval_from_counts`
    that contain the true NPS)."""
    from ..loyalty import nps_interval_from_counts

    probs = _answer_distribution(answer_probabilities)
    if not isinstance(nonresponse, dict) or not nonresponse:
        raise TypeError("nonresponse must be a non-empty dict of label -> SurveyNonResponse")
    sizes = [check_count(n, "invited") for n in np.atleast_1d(check_array(invited, "invited", ndim=None))]
    rng = check_rng(rng)
    truth = _nps_of(probs)
    rows = []
    for label, model in nonresponse.items():
        for n_invited in sizes:
            surveys = simulate_nps_surveys(probs, model, n_invited, n_surveys, rng)
            answered = surveys[surveys["respondents"] > 0]
            score, low, high = nps_interval_from_counts(
                answered["promoters"], answered["detractors"], answered["respondents"], confidence
            )
            rows.append(
                {
                    "non-response": str(label),
                    "invited": n_invited,
                    "respondents": float(surveys["respondents"].mean()),
                    "true NPS": truth,
                    "respondents' NPS": model.respondent_nps(probs),
                    "mean estimate": float(score.mean()),
                    "coverage": float(np.mean((low <= truth) & (truth <= high))),
                }
            )
    return pd.DataFrame(rows).set_index(["non-response", "invited"])
