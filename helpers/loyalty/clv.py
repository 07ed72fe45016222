"""Customer lifetime value: the discounted value of each customer's expected future purchases (a repeat-buying
model times a spend model), its spread under parameter uncertainty, and the value path of a new customer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import (
    check_count,
    check_nonnegative_finite,
    check_positive_finite,
    check_rng,
    check_size,
)
from ._checks import check_rfm
from .models.base import RepeatBuyingResult
from .models.gamma_gamma import GammaGammaResult

__all__ = [
    "NewCustomerValue",
    "clv_parameter_draws",
    "discounted_clv",
    "new_customer_value",
    "weekly_discount_rate",
]


def weekly_discount_rate(annual_discount_rate: float) -> float:
    """The weekly rate that compounds to ``annual_discount_rate`` over 52 weeks (0.10 means 10% a year)."""
    annual_discount_rate = check_nonnegative_finite(annual_discount_rate, "annual_discount_rate")
    return (1 + annual_discount_rate) ** (1 / 52) - 1


def _check_models(transactions_model, spend_model) -> None:
    if not isinstance(transactions_model, RepeatBuyingResult):
        raise TypeError(
            "transactions_model must be a BG/NBD or Pareto/NBD result (fit_bgnbd, fit_pareto_nbd), "
            f"got {type(transactions_model).__name__}"
        )
    if not isinstance(spend_model, GammaGammaResult):
        raise TypeError(
            f"spend_model must be a GammaGammaResult (fit_gamma_gamma), got {type(spend_model).__name__}"
        )


def discounted_clv(
    transactions_model,
    spend_model,
    frequency,
    recency,
    T,
    monetary_value,
    horizon_weeks: float = 52,
    annual_discount_rate: float = 0.10,
    margin: float = 1.0,
    step_weeks: float = 1,
) -> np.ndarray:
    """Discounted expected value of each customer's purchases over the next ``horizon_weeks`` weeks.

    CLV = margin * E[spend | x, m_x] * sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) / (1 + d_week)^(t_k), with t_k every
    ``step_weeks`` weeks and E[Y(t)] the transaction model's conditional expectation (BG/NBD or Pareto/NBD).
    """
    _check_models(transactions_model, spend_model)
    horizon_weeks = check_positive_finite(horizon_weeks, "horizon_weeks")
    step_weeks = check_positive_finite(step_weeks, "step_weeks")
    margin = check_positive_finite(margin, "margin")
    d = weekly_discount_rate(annual_discount_rate)
    x, t_x, T = check_rfm(frequency, recency, T)
    spend = spend_model.conditional_expected_spend(x, monetary_value)
    check_size(np.ceil(horizon_weeks / step_weeks), x.size, what="the CLV grid (time steps x customers)")
    grid = np.arange(step_weeks, horizon_weeks + step_weeks, step_weeks, dtype=float)
    grid[-1] = min(grid[-1], horizon_weeks)
    cum = transactions_model.conditional_expected_purchases(
        grid[:, None], x[None, :], t_x[None, :], T[None, :]
    )
    increments = np.diff(np.vstack([np.zeros((1, x.size)), cum]), axis=0)
    discount = (1 + d) ** -grid
    return margin * spend * (discount[:, None] * increments).sum(axis=0)


def clv_parameter_draws(
    transactions_model,
    spend_model,
    frequency,
    recency,
    T,
    monetary_value,
    n_draws: int = 200,
    *,
    rng,
    **clv_kwargs,
) -> np.ndarray:
    """CLV recomputed at ``n_draws`` parameter vectors drawn from the fits' asymptotic normal distributions
    (on log-parameters): an ``(n_draws, n_customers)`` array. It shows parameter uncertainty only, not the
    luck of each customer's future purchases. ``clv_kwargs`` go to :func:`discounted_clv`."""
    _check_models(transactions_model, spend_model)
    n_draws = check_count(n_draws, "n_draws")
    rng = check_rng(rng)
    x, t_x, T = check_rfm(frequency, recency, T)
    check_size(n_draws, x.size, what="the CLV draws (draws x customers)")
    draws_t = transactions_model.parameter_draws(n_draws, rng)
    draws_s = spend_model.parameter_draws(n_draws, rng)
    out = []
    for log_t, log_s in zip(draws_t, draws_s):
        drawn_t, drawn_s = transactions_model.with_params(log_t), spend_model.with_params(log_s)
        out.append(discounted_clv(drawn_t, drawn_s, x, t_x, T, monetary_value, **clv_kwargs))
    return np.array(out)


@dataclass(frozen=True, eq=False)
class NewCustomerValue:
    """Week by week (0..weeks) for one new customer: P(still active), expected cumulative repeat purchases and
    cumulative discounted value (currency of ``spend_per_purchase``)."""

    week: np.ndarray
    p_active: np.ndarray
    expected_purchases: np.ndarray
    cumulative_value: np.ndarray

    @property
    def p_active_at_end(self) -> float:
        return float(self.p_active[-1])

    @property
    def purchases_at_end(self) -> float:
        return float(self.expected_purchases[-1])

    @property
    def clv(self) -> float:
        """Discounted value of the customer's repeat purchases over the whole horizon."""
        return float(self.cumulative_value[-1])


def new_customer_value(
    model, spend_per_purchase: float, annual_discount_rate: float = 0.10, weeks: int = 104
) -> NewCustomerValue:
    """What a repeat-buying model (in weeks) implies for one new customer over ``weeks`` weeks: P(still active),
    expected repeat purchases and their discounted value at ``spend_per_purchase`` a purchase."""
    if not isinstance(model, RepeatBuyingResult):
        raise TypeError(f"model must be a BG/NBD or Pareto/NBD result, got {type(model).__name__}")
    spend_per_purchase = check_nonnegative_finite(spend_per_purchase, "spend_per_purchase")
    d = weekly_discount_rate(annual_discount_rate)
    weeks = check_count(weeks, "weeks")
    check_size(weeks + 1, 4, what="the weekly value path")
    week = np.arange(0, weeks + 1, dtype=float)
    purchases = model.expected_purchases(week)
    value = np.concatenate([[0.0], np.cumsum(np.diff(purchases) * (1 + d) ** -week[1:])]) * spend_per_purchase
    return NewCustomerValue(week, model.p_active_new(week), purchases, value)
