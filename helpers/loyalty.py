"""Loyalty measures with their uncertainty: Net Promoter Score, cohort retention, survival (Kaplan-Meier,
log-rank, Cox via lifelines), the shifted-beta-geometric retention model, the BG/NBD and Pareto/NBD models of
repeat buying, the Gamma-Gamma spend model and discounted customer lifetime value.

The probability models follow Fader & Hardie's papers and are fitted by maximum likelihood on log-parameters
with scipy; every fit returns a small frozen result object (parameters, log-likelihood on the data's own time
scale, the covariance of the log-parameters) whose methods give the model's predictions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats


def compare_to_published(ours: dict, published: dict) -> pd.DataFrame:
    """Published values beside ours: columns ``published, ours, difference, relative difference (%)``,
    one row per key of ``published``."""
    missing = set(published) - set(ours)
    if missing:
        raise ValueError(f"ours lacks published quantities {sorted(missing)}")
    table = pd.DataFrame({"published": pd.Series(published, dtype=float),
                          "ours": pd.Series({k: ours[k] for k in published}, dtype=float)})  # fmt: skip
    table["difference"] = table["ours"] - table["published"]
    table["relative difference (%)"] = 100 * table["difference"] / table["published"].abs()
    return table


# --------------------------------------------------------------------------------------------------------------
# Net Promoter Score
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NPSResult:
    """NPS in points (-100..100) with a normal-approximation interval."""

    score: float
    ci_low: float
    ci_high: float
    n: int
    promoters: float  # share answering 9-10
    detractors: float  # share answering 0-6
    confidence: float

    @property
    def standard_error(self) -> float:
        return _nps_se(self.promoters, self.detractors, self.n)


@dataclass(frozen=True)
class NPSDifference:
    """NPS of group b minus NPS of group a, in points, with its interval and two-sided p-value."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    nps_a: NPSResult
    nps_b: NPSResult


def _validate_answers(scores, name: str = "scores") -> np.ndarray:
    try:
        values = np.asarray(scores, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"{name}: NPS answers must be numbers from 0 to 10") from None
    if values.size == 0:
        raise ValueError(f"{name}: net_promoter_score needs at least one answer (got none)")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}: NPS answers contain NaN or infinity; drop non-responses first")
    if np.any((values < 0) | (values > 10)):
        raise ValueError(
            f"{name}: NPS answers must lie from 0 to 10 (got {values.min():g}..{values.max():g})"
        )
    if np.any(values != np.round(values)):
        raise ValueError(f"{name}: NPS answers must be whole numbers from 0 to 10 (got fractional answers)")
    return values


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _nps_se(p, d, n):
    """Standard error of NPS in points: Var = 100^2 [p(1-p) + d(1-d) + 2pd] / n."""
    return 100.0 * np.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)


def nps_interval_from_counts(n_promoters, n_detractors, n, confidence: float = 0.95):
    """Vectorized NPS and its normal interval from counts: returns ``(score, low, high)`` arrays in points."""
    n = np.asarray(n, dtype=float)
    p = np.asarray(n_promoters, dtype=float) / n
    d = np.asarray(n_detractors, dtype=float) / n
    score = 100.0 * (p - d)
    half = _z(confidence) * _nps_se(p, d, n)
    return score, np.maximum(score - half, -100.0), np.minimum(score + half, 100.0)


def net_promoter_score(scores, confidence: float = 0.95) -> NPSResult:
    """Net Promoter Score of 0-10 survey answers, with a normal-approximation interval.

    Promoters answer 9-10, detractors 0-6 (Reichheld 2003); NPS = 100 (share promoters - share detractors).
    The multinomial variance is Var(NPS) = 100^2 [p(1-p) + d(1-d) + 2pd] / n; the interval is clipped to
    [-100, 100].
    """
    values = _validate_answers(scores)
    n = values.size
    n_pro, n_det = int(np.sum(values >= 9)), int(np.sum(values <= 6))
    score, low, high = nps_interval_from_counts(n_pro, n_det, n, confidence)
    return NPSResult(float(score), float(low), float(high), n, n_pro / n, n_det / n, confidence)


def nps_bootstrap_interval(
    scores, n_boot: int = 2000, confidence: float = 0.95, rng=None
) -> tuple[float, float]:
    """Percentile bootstrap interval of the NPS (resampling answers with replacement), in points.

    Resampling answers only matters through the three category counts, so the resamples are drawn as
    multinomial counts: identical in distribution to resampling rows, and fast.
    """
    values = _validate_answers(scores)
    if n_boot < 100:
        raise ValueError(f"n_boot must be at least 100 for a percentile interval, got {n_boot}")
    _z(confidence)
    rng = np.random.default_rng(rng)
    n = values.size
    shares = [np.mean(values >= 9), np.mean(values <= 6)]
    shares.append(max(0.0, 1.0 - shares[0] - shares[1]))
    counts = rng.multinomial(n, shares, size=n_boot)
    boot = 100.0 * (counts[:, 0] - counts[:, 1]) / n
    tail = (1 - confidence) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return float(low), float(high)


def compare_nps(a, b, confidence: float = 0.95) -> NPSDifference:
    """Difference NPS(b) - NPS(a) of two independent groups of answers, with a normal interval.

    The variance of the difference is the sum of the two groups' variances.
    """
    nps_a = net_promoter_score(_validate_answers(a, "a"), confidence)
    nps_b = net_promoter_score(_validate_answers(b, "b"), confidence)
    diff = nps_b.score - nps_a.score
    se = float(np.hypot(nps_a.standard_error, nps_b.standard_error))
    half = _z(confidence) * se
    p_value = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else (0.0 if diff != 0 else 1.0)
    return NPSDifference(diff, diff - half, diff + half, p_value, nps_a, nps_b)


def nps_sample_size(
    margin: float, promoters: float = 0.4, detractors: float = 0.2, confidence: float = 0.95
) -> int:
    """Respondents needed for an NPS interval of half-width ``margin`` points, given expected shares.

    n = z^2 100^2 [p(1-p) + d(1-d) + 2pd] / margin^2, rounded up. The worst case (p = d = 0.5) needs
    z^2 100^2 / margin^2.
    """
    if not margin > 0:
        raise ValueError(f"margin must be positive (NPS points), got {margin}")
    if not (0 <= promoters <= 1 and 0 <= detractors <= 1 and promoters + detractors <= 1):
        raise ValueError("promoters and detractors are shares in [0, 1] that sum to at most 1")
    var = promoters * (1 - promoters) + detractors * (1 - detractors) + 2 * promoters * detractors
    return int(np.ceil(_z(confidence) ** 2 * 100.0**2 * var / margin**2))


# --------------------------------------------------------------------------------------------------------------
# Cohorts and survival (lifelines)
# --------------------------------------------------------------------------------------------------------------


def _check_transactions(transactions: pd.DataFrame) -> pd.DataFrame:
    missing = {"customer_id", "date"} - set(transactions.columns)
    if missing:
        raise ValueError(f"transactions need columns customer_id and date; missing {sorted(missing)}")
    if transactions.empty:
        raise ValueError("transactions are empty")
    return transactions


def cohort_retention(
    transactions: pd.DataFrame, cohort: str = "M", period_days: int = 28, end=None
) -> pd.DataFrame:
    """Cohort retention matrix: share of each acquisition cohort that buys in each period after its first purchase.

    Cohorts group customers by the calendar period (``cohort``: "M" month, "W" week) of their first purchase.
    Period k covers days [k, k+1) * ``period_days`` after a customer's own first purchase; period 0 is 1 by
    definition. A cell is NaN where not every customer of the cohort was observed for the whole period
    (``end``: last day of observation, default the last transaction date). ``attrs["cohort_size"]`` holds the
    number of customers per cohort.
    """
    tx = _check_transactions(transactions)
    if period_days < 1:
        raise ValueError(f"period_days must be a positive number of days, got {period_days}")
    end = pd.Timestamp(end) if end is not None else tx["date"].max()
    first = tx.groupby("customer_id")["date"].min().rename("first")
    tx = tx.join(first, on="customer_id")
    tx = tx[tx["date"] <= end]
    period = ((tx["date"] - tx["first"]).dt.days // period_days).astype(int)

    def labels(dates):  # weekly cohorts are named by their first day, other periods by pandas' label
        periods = dates.dt.to_period(cohort)
        return (
            periods.dt.start_time.dt.strftime("%Y-%m-%d")
            if cohort.upper().startswith("W")
            else periods.astype(str)
        )

    label = labels(tx["first"])
    active = pd.DataFrame(
        {"cohort": label, "period": period, "customer_id": tx["customer_id"]}
    ).drop_duplicates()
    counts = active.groupby(["cohort", "period"])["customer_id"].nunique().unstack(fill_value=0)
    size = labels(first).value_counts().sort_index()
    # a period is observable for a cohort when its latest-joining customer saw all of it
    last_join = first.groupby(labels(first)).max()
    observable_periods = ((end - last_join).dt.days + 1) // period_days
    columns = range(max(int(observable_periods.max()), 1))
    matrix = counts.reindex(columns=columns, fill_value=0).div(size, axis=0).sort_index()
    for name, k_max in observable_periods.items():
        matrix.loc[name, matrix.columns >= k_max] = np.nan
    matrix = matrix.loc[:, matrix.notna().any()]
    matrix.index.name, matrix.columns.name = "cohort", f"period ({period_days} days) since first purchase"
    matrix.attrs["cohort_size"] = size.to_dict()
    return matrix


def time_to_repeat(transactions: pd.DataFrame, end) -> pd.DataFrame:
    """Time from each customer's first purchase to the first purchase on a later day, censored at ``end``.

    Returns one row per customer: ``first_date, first_amount, first_quantity`` (the first day's totals),
    ``weeks`` (to the repeat purchase, or to ``end`` if none) and ``repeated`` (event observed).
    """
    tx = _check_transactions(transactions)
    end = pd.Timestamp(end)
    missing = {"quantity", "amount"} - set(tx.columns)
    if missing:
        raise ValueError(f"time_to_repeat needs columns quantity and amount; missing {sorted(missing)}")
    daily = (
        tx[tx["date"] <= end].groupby(["customer_id", "date"], as_index=False)[["quantity", "amount"]].sum()
    )
    daily = daily.sort_values(["customer_id", "date"])
    order = daily.groupby("customer_id").cumcount()
    first = daily[order == 0].set_index("customer_id")
    second = daily[order == 1].set_index("customer_id")["date"]
    out = pd.DataFrame({"first_date": first["date"], "first_amount": first["amount"],
                        "first_quantity": first["quantity"]})  # fmt: skip
    out["repeated"] = out.index.isin(second.index)
    stop = second.reindex(out.index).fillna(end)
    out["weeks"] = (stop - out["first_date"]).dt.days / 7.0
    return out


def _survival_arrays(durations, observed):
    durations = np.asarray(durations, dtype=float).ravel()
    observed = np.asarray(observed).ravel()
    if durations.size == 0:
        raise ValueError("survival analysis needs at least one duration (got none)")
    if durations.shape != observed.shape:
        raise ValueError("durations and observed must have the same length")
    if not np.all(np.isfinite(durations)) or np.any(durations < 0):
        raise ValueError("durations must be finite and non-negative")
    return durations, observed.astype(bool)


def kaplan_meier(durations, observed, label: str | None = None, confidence: float = 0.95):
    """Kaplan-Meier estimate (a fitted ``lifelines.KaplanMeierFitter``) of the survival function."""
    from lifelines import KaplanMeierFitter

    durations, observed = _survival_arrays(durations, observed)
    return KaplanMeierFitter(alpha=1 - confidence).fit(durations, observed, label=label)


@dataclass(frozen=True)
class LogRankResult:
    statistic: float  # chi-squared with 1 degree of freedom
    p_value: float


def logrank(durations, observed, groups) -> LogRankResult:
    """Log-rank test that two groups (``groups`` holds exactly two distinct labels) share one survival curve."""
    from lifelines.statistics import logrank_test

    durations, observed = _survival_arrays(durations, observed)
    groups = np.asarray(groups).ravel()
    labels = pd.unique(groups)
    if groups.shape != durations.shape or labels.size != 2:
        raise ValueError("groups must have one label per duration and exactly two distinct labels")
    a, b = groups == labels[0], groups == labels[1]
    test = logrank_test(durations[a], durations[b], observed[a], observed[b])
    return LogRankResult(float(test.test_statistic), float(test.p_value))


@dataclass(frozen=True)
class HazardRatio:
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float


def cox_hazard_ratio(durations, observed, treated, confidence: float = 0.95) -> HazardRatio:
    """Hazard ratio of ``treated`` (0/1) from a Cox proportional-hazards model (lifelines ``CoxPHFitter``)."""
    from lifelines import CoxPHFitter

    durations, observed = _survival_arrays(durations, observed)
    treated = np.asarray(treated, dtype=float).ravel()
    if treated.shape != durations.shape or not np.isin(treated, [0, 1]).all():
        raise ValueError("treated must be a 0/1 indicator with one value per duration")
    frame = pd.DataFrame({"duration": durations, "event": observed.astype(int), "treated": treated})
    cph = CoxPHFitter(alpha=1 - confidence).fit(frame, "duration", "event")
    beta, se = float(cph.params_["treated"]), float(cph.standard_errors_["treated"])
    z = _z(confidence)
    return HazardRatio(float(np.exp(beta)), float(np.exp(beta - z * se)), float(np.exp(beta + z * se)),
                       float(cph.summary.loc["treated", "p"]))  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# Shifted-beta-geometric (Fader & Hardie 2007)
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SBGResult:
    """sBG model of contract duration: each customer churns each period with probability theta ~ Beta(alpha, beta)."""

    alpha: float
    beta: float
    log_likelihood: float
    n_periods: int
    cohort_size: int

    def survival(self, t):
        """Share of the cohort still a customer after ``t`` renewal periods: S(t) = B(alpha, beta+t)/B(alpha, beta)."""
        t = np.asarray(t, dtype=float)
        return np.exp(special.betaln(self.alpha, self.beta + t) - special.betaln(self.alpha, self.beta))

    def churn_probability(self, t):
        """P(T = t): churn in period t >= 1."""
        t = np.asarray(t, dtype=float)
        return np.exp(
            special.betaln(self.alpha + 1, self.beta + t - 1) - special.betaln(self.alpha, self.beta)
        )

    def retention_rate(self, t):
        """Retention rate r_t = S(t)/S(t-1) = (beta + t - 1)/(alpha + beta + t - 1): rises with t (sorting)."""
        t = np.asarray(t, dtype=float)
        return (self.beta + t - 1) / (self.alpha + self.beta + t - 1)

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """Sum over t >= 0 of S(t)/(1+d)^t = 2F1(1, beta; alpha+beta; 1/(1+d)) (Fader & Hardie 2010)."""
        if not discount_rate > 0:
            raise ValueError("discount_rate must be positive")
        return float(special.hyp2f1(1.0, self.beta, self.alpha + self.beta, 1.0 / (1.0 + discount_rate)))


def _validate_survival(survival_percentages) -> np.ndarray:
    s = np.asarray(survival_percentages, dtype=float).ravel()
    if s.size == 0:
        raise ValueError("fit_sbg needs survival percentages (got none)")
    if s.size < 3:
        raise ValueError(
            "fit_sbg needs at least 3 survival percentages (100 at period 0 and two more periods)"
        )
    if not np.all(np.isfinite(s)) or s[0] <= 0 or np.any(s < 0):
        raise ValueError("survival percentages must be finite, non-negative, and start with a positive value")
    if np.any(np.diff(s) > 0):
        rise = int(np.argmax(np.diff(s) > 0)) + 1
        raise ValueError(f"survival percentages must never rise (period {rise} is above period {rise - 1}): "
                         "a cohort cannot gain customers")  # fmt: skip
    return s


def fit_sbg(survival_percentages, cohort_size: int = 1000) -> SBGResult:
    """Fit the shifted-beta-geometric model to a cohort's survival curve (percent alive at periods 0, 1, ...).

    The curve is turned into counts for a cohort of ``cohort_size`` customers (Fader & Hardie 2007 use 1,000):
    customers lost in each period, and the survivors at the last period (right-censored). The MLE does not
    depend on the cohort size; the log-likelihood does.
    """
    s = _validate_survival(survival_percentages)
    if cohort_size < 1:
        raise ValueError("cohort_size must be a positive number of customers")
    alive = cohort_size * s / s[0]
    lost = -np.diff(alive)
    t = np.arange(1, s.size)

    def negll(log_params):
        al, be = np.exp(log_params)
        log_p = special.betaln(al + 1, be + t - 1) - special.betaln(al, be)
        log_s = special.betaln(al, be + t[-1]) - special.betaln(al, be)
        return -(np.sum(lost * log_p) + alive[-1] * log_s)

    res = optimize.minimize(negll, np.zeros(2), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10,
                                                                             "maxiter": 4000})  # fmt: skip
    al, be = np.exp(res.x)
    return SBGResult(float(al), float(be), float(-res.fun), int(s.size - 1), int(cohort_size))


# --------------------------------------------------------------------------------------------------------------
# Repeat buying: BG/NBD and Pareto/NBD
# --------------------------------------------------------------------------------------------------------------


def _validate_rfm(frequency, recency, T):
    x = np.asarray(frequency, dtype=float).ravel()
    t_x = np.asarray(recency, dtype=float).ravel()
    T = np.asarray(T, dtype=float).ravel()
    if x.size == 0:
        raise ValueError("frequency, recency and T are empty: need at least one customer")
    if not (x.shape == t_x.shape == T.shape):
        raise ValueError(
            f"frequency, recency and T must have the same length ({x.size}, {t_x.size}, {T.size})"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(t_x)) and np.all(np.isfinite(T))):
        raise ValueError("frequency, recency and T must be finite (no NaN)")
    if np.any(x < 0):
        raise ValueError("frequency (number of repeat purchases) must not be negative")
    if np.any(x != np.round(x)):
        raise ValueError("frequency must be a whole number of repeat purchases")
    if np.any(t_x < 0) or np.any(T <= 0):
        raise ValueError("recency must be >= 0 and T (time since the first purchase) > 0")
    if np.any(t_x > T + 1e-9):
        raise ValueError("recency (time of the last repeat purchase) cannot be greater than T "
                         "(time since the first purchase)")  # fmt: skip
    if np.any((x == 0) & (t_x > 0)):
        raise ValueError("a customer with frequency 0 (no repeat purchase) must have recency 0")
    return x, t_x, T


def _hessian(f, x0, step: float = 1e-4) -> np.ndarray:
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


def _fit_log_params(negll, x0) -> tuple[np.ndarray, float, np.ndarray]:
    """Minimize ``negll`` over log-parameters (BFGS, polished by Nelder-Mead); return the optimum, the
    maximized log-likelihood and the covariance of the log-parameters (inverse numerical Hessian)."""
    res = optimize.minimize(negll, x0, method="BFGS", options={"gtol": 1e-7})
    res = optimize.minimize(negll, res.x, method="Nelder-Mead",
                            options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 5000})  # fmt: skip
    try:
        cov = np.linalg.inv(_hessian(negll, res.x))
    except np.linalg.LinAlgError:
        cov = np.full((x0.size, x0.size), np.nan)
    return res.x, float(-res.fun), cov


def bgnbd_log_likelihood(params, frequency, recency, T) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6) at ``params = (r, alpha, a, b)``."""
    r, alpha, a, b = params
    x, t_x = frequency, recency
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    xm = np.maximum(x, 1)
    a2 = special.betaln(a + 1, b + xm - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x)
    a2 = np.where(x > 0, a2, -np.inf)
    return common + np.logaddexp(a1, a2)


def _near_one(a: float, func, eps: float = 1e-4):
    """Evaluate ``func(a)``; at a = 1 the BG/NBD expectations are 0/0, so average func(1 - eps), func(1 + eps)
    (the expectation is smooth in a)."""
    if abs(a - 1) < eps:
        return 0.5 * (func(1 - eps) + func(1 + eps))
    return func(a)


def _bgnbd_ex(r, alpha, a, b, t):
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)


@dataclass(frozen=True)
class BGNBDResult:
    """Fitted BG/NBD: purchase rate lambda ~ Gamma(r, alpha); after each repeat purchase a customer drops out
    with probability p ~ Beta(a, b). Times are in the units of the data (weeks for CDNOW)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    log_param_cov: np.ndarray = field(repr=False, compare=False, default=None)

    @property
    def params(self) -> dict:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def expected_purchases(self, t):
        """E[X(t)]: expected repeat purchases of a new customer in (0, t] (FHL 2005, eq. 9)."""
        t = np.asarray(t, dtype=float)
        return _near_one(self.a, lambda a: _bgnbd_ex(self.r, self.alpha, a, self.b, t))

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T]: expected repeat purchases in the next ``t`` periods of a customer with
        history (frequency, recency, T) (FHL 2005, eq. 10)."""
        x, t_x, T = _validate_rfm(frequency, recency, T)
        r, alpha, b = self.r, self.alpha, self.b
        t = np.asarray(t, dtype=float)

        def part(a):
            hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)

        return _near_one(self.a, part) * self.p_alive(x, t_x, T)

    def p_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))."""
        x, t_x, T = _validate_rfm(frequency, recency, T)
        xm = np.maximum(x, 1)
        log_odds = (
            np.log(self.a)
            - np.log(self.b + xm - 1)
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        )
        return np.where(x > 0, special.expit(-log_odds), 1.0)

    def p_active_new(self, t):
        """P(a new customer is still active at t) = E[exp(-lambda p t)] = 2F1(r, a; a+b; -t/alpha), evaluated
        through Pfaff's transformation as (alpha/(alpha+t))^r 2F1(r, b; a+b; t/(alpha+t)) (argument in [0, 1))."""
        t = np.asarray(t, dtype=float)
        z = t / (self.alpha + t)
        return (1 - z) ** self.r * special.hyp2f1(self.r, self.b, self.a + self.b, z)

    def with_params(self, log_params) -> BGNBDResult:
        r, alpha, a, b = np.exp(log_params)
        return BGNBDResult(
            float(r), float(alpha), float(a), float(b), np.nan, self.n_customers, self.log_param_cov
        )


def fit_bgnbd(frequency, recency, T) -> BGNBDResult:
    """Maximum-likelihood BG/NBD on per-customer (frequency, recency, T); the log-likelihood is reported on the
    data's own time scale (the scale of the paper when the data are in weeks)."""
    x, t_x, T = _validate_rfm(frequency, recency, T)

    def negll(log_params):
        return -np.sum(bgnbd_log_likelihood(np.exp(log_params), x, t_x, T))

    scale = float(np.mean(T))
    start = np.log([0.5, max(scale / 5, 1e-3), 1.0, 2.0])
    best, ll, cov = _fit_log_params(negll, start)
    r, alpha, a, b = np.exp(best)
    return BGNBDResult(float(r), float(alpha), float(a), float(b), ll, int(x.size), cov)


def _pareto_log_a0(r, alpha, s, beta, x, t_x, T):
    """log A0 of the Pareto/NBD likelihood (Fader, Hardie & Lee 2005 note), stable for either alpha >= beta."""
    rsx = r + s + x
    if alpha >= beta:
        c, lo_arg, hi_arg = s + 1, alpha + t_x, alpha + T
        z1, z2 = (alpha - beta) / lo_arg, (alpha - beta) / hi_arg
    else:
        c, lo_arg, hi_arg = r + x, beta + t_x, beta + T
        z1, z2 = (beta - alpha) / lo_arg, (beta - alpha) / hi_arg
    log1 = np.log(special.hyp2f1(rsx, c, rsx + 1, z1)) - rsx * np.log(lo_arg)
    log2 = np.log(special.hyp2f1(rsx, c, rsx + 1, z2)) - rsx * np.log(hi_arg)
    # A0 = exp(log1) - exp(log2) > 0 (t_x <= T)
    with np.errstate(divide="ignore"):
        return log1 + np.log1p(-np.exp(np.minimum(log2 - log1, 0.0)))


def pareto_nbd_log_likelihood(params, frequency, recency, T) -> np.ndarray:
    """Per-customer Pareto/NBD log-likelihood at ``params = (r, alpha, s, beta)``."""
    r, alpha, s, beta = params
    x, t_x = frequency, recency
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    term1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    term2 = np.log(s) - np.log(r + s + x) + _pareto_log_a0(r, alpha, s, beta, x, t_x, T)
    return common + np.logaddexp(term1, term2)


@dataclass(frozen=True)
class ParetoNBDResult:
    """Fitted Pareto/NBD: purchase rate lambda ~ Gamma(r, alpha) and exponential lifetimes with rate
    mu ~ Gamma(s, beta) (Schmittlein, Morrison & Colombo 1987)."""

    r: float
    alpha: float
    s: float
    beta: float
    log_likelihood: float
    n_customers: int
    log_param_cov: np.ndarray = field(repr=False, compare=False, default=None)

    @property
    def params(self) -> dict:
        return {"r": self.r, "alpha": self.alpha, "s": self.s, "beta": self.beta}

    def expected_purchases(self, t):
        """E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)] (log limit at s = 1)."""
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        t = np.asarray(t, dtype=float)
        if abs(s - 1) < 1e-8:
            return r * beta / alpha * np.log1p(t / beta)
        return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))

    def p_alive(self, frequency, recency, T):
        """P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)."""
        x, t_x, T = _validate_rfm(frequency, recency, T)
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        log_odds = (np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + T) + s * np.log(beta + T)
                    + _pareto_log_a0(r, alpha, s, beta, x, t_x, T))  # fmt: skip
        return special.expit(-log_odds)

    def conditional_expected_purchases(self, t, frequency, recency, T):
        """E[Y(t) | x, t_x, T] = (r+x)(beta+T)/((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)."""
        x, t_x, T = _validate_rfm(frequency, recency, T)
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        t = np.asarray(t, dtype=float)
        if abs(s - 1) < 1e-8:
            core = (r + x) * (beta + T) / (alpha + T) * np.log1p(t / (beta + T))
        else:
            core = (
                (r + x)
                * (beta + T)
                / ((alpha + T) * (s - 1))
                * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
            )
        return core * self.p_alive(x, t_x, T)


def fit_pareto_nbd(frequency, recency, T) -> ParetoNBDResult:
    """Maximum-likelihood Pareto/NBD on per-customer (frequency, recency, T), log-likelihood on the data's scale."""
    x, t_x, T = _validate_rfm(frequency, recency, T)

    def negll(log_params):
        value = -np.sum(pareto_nbd_log_likelihood(np.exp(log_params), x, t_x, T))
        return value if np.isfinite(value) else 1e300

    scale = float(np.mean(T))
    start = np.log([0.5, max(scale / 4, 1e-3), 0.5, max(scale / 4, 1e-3)])
    best, ll, cov = _fit_log_params(negll, start)
    r, alpha, s, beta = np.exp(best)
    return ParetoNBDResult(float(r), float(alpha), float(s), float(beta), ll, int(x.size), cov)


def calibration_holdout(
    transactions: pd.DataFrame, calibration_end, holdout_end, freq_days: int = 7
) -> pd.DataFrame:
    """Per-customer summary for a calibration/holdout check, counting purchases by day (FHL 2005).

    Returns ``frequency, recency, T`` (calibration, in units of ``freq_days`` days, from each customer's first
    purchase), ``monetary_value`` (mean amount of the calibration repeat-purchase days, 0 if none),
    ``frequency_holdout`` (purchase days in the holdout), ``amount_holdout`` (spend in the holdout), and
    ``first_date``. Only customers whose first purchase falls in the calibration period are kept.
    """
    tx = _check_transactions(transactions)
    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if hold_end <= cal_end:
        raise ValueError("holdout_end must come after calibration_end")
    daily = tx[tx["date"] <= hold_end].groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    first = daily.groupby("customer_id")["date"].min().rename("first_date")
    first = first[first <= cal_end]
    daily = daily.join(first, on="customer_id", how="inner")
    cal = daily[daily["date"] <= cal_end]
    repeat = cal[cal["date"] > cal["first_date"]]
    out = pd.DataFrame(index=first.index)
    out["frequency"] = repeat.groupby("customer_id").size().reindex(out.index, fill_value=0)
    last = cal.groupby("customer_id")["date"].max()
    out["recency"] = (last - first).dt.days / freq_days
    out["T"] = (cal_end - first).dt.days / freq_days
    out["monetary_value"] = repeat.groupby("customer_id")["amount"].mean().reindex(out.index, fill_value=0.0)
    hold = daily[daily["date"] > cal_end]
    out["frequency_holdout"] = hold.groupby("customer_id").size().reindex(out.index, fill_value=0)
    out["amount_holdout"] = hold.groupby("customer_id")["amount"].sum().reindex(out.index, fill_value=0.0)
    out["first_date"] = first
    return out


def cumulative_repeat_transactions(transactions: pd.DataFrame, origin, weeks: int) -> np.ndarray:
    """Actual cumulative repeat transactions (purchase days after each customer's first) at the end of weeks
    1..``weeks`` counted from ``origin``."""
    tx = _check_transactions(transactions)
    days = tx[["customer_id", "date"]].drop_duplicates()
    first = days.groupby("customer_id")["date"].transform("min")
    repeat_days = (days.loc[days["date"] > first, "date"] - pd.Timestamp(origin)).dt.days
    week = repeat_days // 7 + 1  # day 0-6 -> week 1
    counts = np.bincount(week[week <= weeks].astype(int), minlength=weeks + 1)[1:]
    return np.cumsum(counts)


def cumulative_expected_repeat(model, start_weeks, weeks: int) -> np.ndarray:
    """Model-expected cumulative repeat transactions of a cohort at the end of weeks 1..``weeks``: the sum over
    customers of E[X(w - s_i)], where s_i (``start_weeks``) is the week-time of customer i's first purchase."""
    start = np.asarray(start_weeks, dtype=float).ravel()
    if start.size == 0:
        raise ValueError("start_weeks is empty: need at least one customer")
    w = np.arange(1, weeks + 1, dtype=float)[:, None]
    return model.expected_purchases(np.clip(w - start[None, :], 0.0, None)).sum(axis=1)


# --------------------------------------------------------------------------------------------------------------
# Spend and lifetime value
# --------------------------------------------------------------------------------------------------------------


def _validate_spend(frequency, monetary_value):
    x = np.asarray(frequency, dtype=float).ravel()
    m = np.asarray(monetary_value, dtype=float).ravel()
    if x.size == 0:
        raise ValueError("frequency and monetary_value are empty: need at least one customer")
    if x.shape != m.shape:
        raise ValueError("frequency and monetary_value must have the same length")
    if np.any(x < 0) or not np.all(np.isfinite(x)) or not np.all(np.isfinite(m)):
        raise ValueError("frequency must be non-negative and both inputs finite")
    if np.any((x > 0) & (m <= 0)):
        raise ValueError("a customer with repeat purchases must have a positive monetary_value (mean spend)")
    return x, m


@dataclass(frozen=True)
class GammaGammaResult:
    """Gamma-Gamma spend model: transaction values ~ Gamma(p, nu), nu ~ Gamma(q, gamma) across customers."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int
    log_param_cov: np.ndarray = field(repr=False, compare=False, default=None)

    @property
    def params(self) -> dict:
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def mean_spend(self) -> float:
        """Population mean transaction value p gamma / (q - 1) (infinite when q <= 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else np.inf

    def conditional_expected_spend(self, frequency, monetary_value):
        """E[M | x, m_x] = (gamma + m_x x) p / (p x + q - 1): a weighted mean of the population mean and m_x.
        Customers with x = 0 get the population mean."""
        x, m = _validate_spend(frequency, monetary_value)
        return (self.gamma + m * x) * self.p / (self.p * x + self.q - 1)


def gamma_gamma_log_likelihood(params, frequency, monetary_value) -> np.ndarray:
    """Per-customer Gamma-Gamma log-likelihood of the mean spend m_x of x transactions (Fader & Hardie 2013)."""
    p, q, gamma = params
    x, m = frequency, monetary_value
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(gamma)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(gamma + m * x))  # fmt: skip


def fit_gamma_gamma(frequency, monetary_value) -> GammaGammaResult:
    """Fit the Gamma-Gamma model on customers with at least one repeat purchase (``frequency > 0``)."""
    x, m = _validate_spend(frequency, monetary_value)
    keep = x > 0
    if not keep.any():
        raise ValueError("fit_gamma_gamma needs customers with frequency > 0")
    x, m = x[keep], m[keep]

    def negll(log_params):
        value = -np.sum(gamma_gamma_log_likelihood(np.exp(log_params), x, m))
        return value if np.isfinite(value) else 1e300

    start = np.log([1.0, 1.0, max(float(np.mean(m)), 1e-3)])
    best, ll, cov = _fit_log_params(negll, start)
    p, q, gamma = np.exp(best)
    return GammaGammaResult(float(p), float(q), float(gamma), ll, int(x.size), cov)


def weekly_discount_rate(annual_discount_rate: float) -> float:
    if not annual_discount_rate >= 0:
        raise ValueError("annual_discount_rate must be non-negative (0.1 means 10% a year)")
    return (1 + annual_discount_rate) ** (1 / 52) - 1


def discounted_clv(transactions_model, spend_model, frequency, recency, T, monetary_value,
                   horizon_weeks: int = 52, annual_discount_rate: float = 0.10, margin: float = 1.0,
                   step_weeks: int = 1) -> np.ndarray:  # fmt: skip
    """Discounted expected value of each customer's purchases over the next ``horizon_weeks`` weeks.

    CLV = margin * E[spend | x, m_x] * sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) / (1 + d_week)^(t_k), with t_k every
    ``step_weeks`` weeks and E[Y(t)] the transaction model's conditional expectation (BG/NBD or Pareto/NBD).
    """
    if horizon_weeks <= 0 or step_weeks <= 0:
        raise ValueError("horizon_weeks and step_weeks must be positive")
    x, t_x, T = _validate_rfm(frequency, recency, T)
    spend = spend_model.conditional_expected_spend(x, monetary_value)
    d = weekly_discount_rate(annual_discount_rate)
    grid = np.arange(step_weeks, horizon_weeks + step_weeks, step_weeks, dtype=float)
    grid[-1] = min(grid[-1], horizon_weeks)
    cum = transactions_model.conditional_expected_purchases(
        grid[:, None], x[None, :], t_x[None, :], T[None, :]
    )
    increments = np.diff(np.vstack([np.zeros((1, x.size)), cum]), axis=0)
    discount = (1 + d) ** -grid
    return margin * spend * (discount[:, None] * increments).sum(axis=0)


def clv_parameter_draws(bgnbd: BGNBDResult, gamma_gamma: GammaGammaResult, frequency, recency, T, monetary_value,
                        n_draws: int = 200, rng=None, **clv_kwargs) -> np.ndarray:  # fmt: skip
    """CLV recomputed at ``n_draws`` parameter vectors drawn from the fits' asymptotic normal distributions
    (on log-parameters): an ``(n_draws, n_customers)`` array. It shows parameter uncertainty only, not the
    luck of each customer's future purchases."""
    rng = np.random.default_rng(rng)
    if n_draws < 1:
        raise ValueError("n_draws must be positive")
    for fit in (bgnbd, gamma_gamma):
        cov = fit.log_param_cov
        if cov is None or not np.all(np.isfinite(cov)) or np.any(np.linalg.eigvalsh(cov) <= 0):
            raise ValueError(f"{type(fit).__name__} has no usable parameter covariance (not a fitted result, or a "
                             "flat likelihood): parameter draws need fits from fit_bgnbd and fit_gamma_gamma")  # fmt: skip
    mean_b = np.log([bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b])
    mean_g = np.log([gamma_gamma.p, gamma_gamma.q, gamma_gamma.gamma])
    draws_b = rng.multivariate_normal(mean_b, bgnbd.log_param_cov, size=n_draws, method="cholesky")
    draws_g = rng.multivariate_normal(mean_g, gamma_gamma.log_param_cov, size=n_draws, method="cholesky")
    out = []
    for lb, lg in zip(draws_b, draws_g):
        p, q, g = np.exp(lg)
        gg = GammaGammaResult(float(p), float(q), float(g), np.nan, gamma_gamma.n_customers)
        out.append(
            discounted_clv(bgnbd.with_params(lb), gg, frequency, recency, T, monetary_value, **clv_kwargs)
        )
    return np.array(out)


def ratio_interval(fit_a, fit_b, confidence: float = 0.95) -> tuple[float, float, float]:
    """Ratio of mean purchase rates r/alpha of two independent BG/NBD (or Pareto/NBD) fits, b over a, with a
    delta-method interval from the log-parameter covariances: ``(estimate, low, high)``."""
    c = np.array([1.0, -1.0, 0.0, 0.0])
    log_ratio = (np.log(fit_b.r) - np.log(fit_b.alpha)) - (np.log(fit_a.r) - np.log(fit_a.alpha))
    se = float(np.sqrt(c @ fit_a.log_param_cov @ c + c @ fit_b.log_param_cov @ c))
    z = _z(confidence)
    return float(np.exp(log_ratio)), float(np.exp(log_ratio - z * se)), float(np.exp(log_ratio + z * se))
