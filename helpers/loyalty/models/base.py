"""The one base of the fitted loyalty models (lifetimes' BaseFitter idea, without a mutable fitter): a frozen
result holding the maximum-likelihood parameters, the log-likelihood on the data's own scale and the
covariance of the log-parameters, with the methods every fit shares; and the base of the two repeat-buying
models (BG/NBD and Pareto/NBD), whose public methods check their input once and leave the formulas to each
model.

Fits maximize the log-likelihood over log-parameters with scipy (BFGS polished by Nelder-Mead) and take the
covariance from the inverse numerical Hessian. A fit that reaches a non-finite log-likelihood raises; one
whose parameters drift to the edge of what the optimizer explores, or whose Hessian is not positive definite,
warns (``RuntimeWarning``): its numbers are not to be trusted as they stand.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import optimize

from ..._validation import check_array, check_count, check_number, check_positive_finite, check_rng
from .._checks import check_rfm, check_times, z_value

__all__ = ["FitResult", "RepeatBuyingResult"]

# A fitted parameter outside [1e-6, 1e6] sits where the likelihood is flat: the fit is degenerate.
PARAMETER_EDGE = 1e6


def numerical_hessian(f, x0, step: float = 1e-4) -> np.ndarray:
    """Central finite-difference Hessian of a scalar function."""
    x0 = np.asarray(x0, dtype=float)
    k = x0.size
    h = np.zeros((k, k))
    e = np.eye(k) * step
    for i in range(k):
        for j in range(i, k):
            v = (f(x0 + e[i] + e[j]) - f(x0 + e[i] - e[j]) - f(x0 - e[i] + e[j]) + f(x0 - e[i] - e[j])) / (
                4 * step**2
            )
            h[i, j] = h[j, i] = v
    return h


def log_param_covariance(negll, log_params) -> np.ndarray:
    """Covariance of the log-parameters: the inverse numerical Hessian of ``negll`` (NaN if singular)."""
    try:
        return np.linalg.inv(numerical_hessian(negll, log_params))
    except np.linalg.LinAlgError:
        return np.full((len(log_params), len(log_params)), np.nan)


def maximize_log_likelihood(negll, start) -> tuple[np.ndarray, float, np.ndarray]:
    """Minimize ``negll`` over log-parameters (BFGS, polished by Nelder-Mead); return the optimum, the
    maximized log-likelihood and the covariance of the log-parameters."""
    res = optimize.minimize(negll, start, method="BFGS", options={"gtol": 1e-7})
    res = optimize.minimize(
        negll, res.x, method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 5000}
    )
    return res.x, float(-res.fun), log_param_covariance(negll, res.x)


def covariance_is_usable(cov) -> bool:
    """A finite, symmetric positive-definite covariance matrix."""
    return cov is not None and bool(np.all(np.isfinite(cov))) and bool(np.all(np.linalg.eigvalsh(cov) > 0))


@dataclass(frozen=True)
class FitResult:
    """Base of the fitted models. A subclass names its model (``class XResult(FitResult, model="X")``) and
    declares its parameters as positional fields, in the model's order; the base holds what every fit has, as
    keyword-only fields: the maximized ``log_likelihood`` on the data's own scale (NaN for a model built by hand)
    and ``log_param_cov``, the covariance of the log-parameters (``None`` when unknown)."""

    log_likelihood: float = field(default=np.nan, kw_only=True)
    log_param_cov: np.ndarray | None = field(default=None, kw_only=True, repr=False, compare=False)
    MODEL: ClassVar[str] = ""  # the model's name in messages; empty on the abstract bases

    def __init_subclass__(cls, model: str = "", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.MODEL = model
        cls.__repr__ = FitResult._repr  # set before @dataclass runs, which then keeps it

    def _repr(self) -> str:
        """Parameters first, then what the fit adds (the covariance is left out)."""
        fields = [f for f in dataclasses.fields(self) if f.repr]
        ordered = sorted(fields, key=lambda f: f.kw_only)
        return f"{type(self).__name__}({', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in ordered)})"

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        """The model's parameters, in order: the positional fields."""
        return tuple(f.name for f in dataclasses.fields(cls) if not f.kw_only)

    @classmethod
    def check_params(cls, params) -> np.ndarray:
        """``params`` as an array of this model's parameters, in order, each positive and finite."""
        names = cls.param_names()
        values = check_array(params, "params")
        if values.size != len(names) or np.any(values <= 0):
            raise ValueError(
                f"params must be {len(names)} positive numbers ({', '.join(names)}), got {values.tolist()}"
            )
        return values

    def __post_init__(self):
        if not self.MODEL:
            raise TypeError(
                f"{type(self).__name__} is a base class: build BGNBDResult, ParetoNBDResult, GammaGammaResult or "
                "SBGResult, or call a fit_ function"
            )
        names = self.param_names()
        for name in names:
            object.__setattr__(self, name, check_positive_finite(getattr(self, name), self._describe(name)))
        if not (isinstance(self.log_likelihood, float) and np.isnan(self.log_likelihood)):
            object.__setattr__(self, "log_likelihood", check_number(self.log_likelihood, "log_likelihood"))
        for f in dataclasses.fields(self):
            if f.kw_only and f.type in ("int", int):  # counts of customers or periods
                object.__setattr__(self, f.name, check_count(getattr(self, f.name), f.name, minimum=0))
        cov = self.log_param_cov
        if cov is not None:  # NaN entries are allowed: a singular Hessian leaves the covariance unknown
            try:
                cov = np.asarray(cov, dtype=float)
            except (TypeError, ValueError):
                raise TypeError(
                    f"log_param_cov must be a square array of numbers or None, got {type(cov).__name__}"
                ) from None
            if cov.shape != (len(names), len(names)):
                raise ValueError(f"log_param_cov must be {len(names)}x{len(names)}, got {cov.shape}")
            object.__setattr__(self, "log_param_cov", cov)

    def _describe(self, name: str) -> str:
        return f"{type(self).__name__} parameter {name}"

    @property
    def params(self) -> dict:
        """The parameters by name, in the model's order."""
        return {name: getattr(self, name) for name in self.param_names()}

    @property
    def log_params(self) -> np.ndarray:
        return np.log([getattr(self, name) for name in self.param_names()])

    def with_params(self, log_params):
        """The same model at other (log) parameters, e.g. a draw; not a fit, so its log-likelihood is NaN."""
        log_params = check_array(log_params, "log_params")
        names = self.param_names()
        if log_params.size != len(names):
            raise ValueError(f"log_params needs {len(names)} values ({', '.join(names)})")
        values = {name: float(v) for name, v in zip(names, np.exp(log_params))}
        return dataclasses.replace(self, **values, log_likelihood=np.nan)

    def _usable_covariance(self) -> np.ndarray:
        if not covariance_is_usable(self.log_param_cov):
            raise ValueError(
                f"{type(self).__name__} has no usable parameter covariance (not a fitted result, or a flat "
                "likelihood): parameter draws and intervals need a result returned by a fit_ function"
            )
        return self.log_param_cov

    def parameter_draws(self, n_draws: int, rng) -> np.ndarray:
        """``(n_draws, n_params)`` log-parameter vectors from the fit's asymptotic normal distribution."""
        n_draws = check_count(n_draws, "n_draws")
        rng = check_rng(rng)
        return rng.multivariate_normal(
            self.log_params, self._usable_covariance(), size=n_draws, method="cholesky"
        )

    def confidence_intervals(self, confidence: float = 0.95) -> pd.DataFrame:
        """Each parameter with a Wald interval on the log scale (so the bounds stay positive)."""
        z = z_value(confidence)
        se = np.sqrt(np.diag(self._usable_covariance()))
        table = pd.DataFrame({"estimate": list(self.params.values())}, index=list(self.param_names()))
        table["ci_low"] = np.exp(self.log_params - z * se)
        table["ci_high"] = np.exp(self.log_params + z * se)
        return table

    @classmethod
    def _from_likelihood(cls, negll, start, **fields):
        """Maximize the likelihood from ``start`` (log-parameters) and return the result, warning or raising
        when the fit is degenerate."""
        best, log_likelihood, cov = maximize_log_likelihood(negll, np.asarray(start, dtype=float))
        return cls._checked(best, log_likelihood, cov, **fields)

    @classmethod
    def _checked(cls, log_params, log_likelihood, cov, **fields):
        name = cls.MODEL
        if not abs(log_likelihood) < 1e300:  # NaN, infinite, or the optimizer's stand-in for them
            raise ValueError(
                f"the {name} fit reached a log-likelihood of {log_likelihood}: the data do not identify the "
                "model (check for a degenerate sample, e.g. every customer alike)"
            )
        values = np.exp(log_params)
        edge = [
            f"{p}={v:.3g}"
            for p, v in zip(cls.param_names(), values)
            if not 1 / PARAMETER_EDGE < v < PARAMETER_EDGE
        ]
        if edge:
            warnings.warn(
                f"the {name} fit is degenerate: {', '.join(edge)} drifted to the edge of what the optimizer "
                "explores, where the likelihood is flat; these data cannot pin that parameter down",
                RuntimeWarning,
                stacklevel=3,
            )
        elif not covariance_is_usable(cov):
            warnings.warn(
                f"the {name} fit has no positive-definite Hessian at its optimum: standard errors, intervals "
                "and parameter draws are unavailable",
                RuntimeWarning,
                stacklevel=3,
            )
        return cls(*map(float, values), log_likelihood=log_likelihood, log_param_cov=cov, **fields)


@dataclass(frozen=True)
class RepeatBuyingResult(FitResult):
    """Base of the BG/NBD and Pareto/NBD results: while active, a customer buys as a Poisson process with
    rate lambda ~ Gamma(r, alpha) (alpha in the data's time unit); the models differ in how customers drop
    out. Subclasses give the formulas (``_expected``, ``_conditional``, ``_p_alive``, ``_p_active_new``) and
    the optimizer's starting point (``_start``)."""

    r: float
    alpha: float
    n_customers: int = field(default=0, kw_only=True)

    @property
    def purchase_rate(self) -> float:
        """Mean purchase rate of an active customer, r / alpha per time unit."""
        return self.r / self.alpha

    def expected_purchases(self, t):
        """E[X(t)]: expected repeat purchases of a new customer in (0, t]."""
        return self._expected(check_times(t))

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T]: expected repeat purchases in the next ``t`` time units of a customer with
        history (frequency, recency, T)."""
        t = check_times(t)
        x, t_x, T = check_rfm(frequency, recency, T)
        return self._conditional(t, x, t_x, T) * self._p_alive(x, t_x, T)

    def p_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T): the probability that a customer with this history has not dropped out."""
        return self._p_alive(*check_rfm(frequency, recency, T))

    def p_active_new(self, t):
        """P(a new customer is still active ``t`` time units after the first purchase)."""
        return self._p_active_new(check_times(t))

    @classmethod
    def _fit(cls, log_likelihood, frequency, recency, T):
        """Maximum-likelihood fit of per-customer log-likelihood ``log_likelihood(params, x, t_x, T)``."""
        x, t_x, T = check_rfm(frequency, recency, T)
        if not np.any(x > 0):
            raise ValueError(
                "no customer made a repeat purchase (every frequency is 0): the purchase rate and the dropout "
                "process cannot be estimated; use a longer calibration period or more customers"
            )

        def negll(log_params):
            value = -np.sum(log_likelihood(np.exp(log_params), x, t_x, T))
            return value if np.isfinite(value) else 1e300

        return cls._from_likelihood(negll, cls._start(float(np.mean(T))), n_customers=int(x.size))
