"""The links of the trust loop (see ``model``): each a :class:`Link` holding its value and its source, read from
the earlier notebooks' results where they were estimated, published or measured, and labelled "assumed" where
the course has no estimate."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._validation import check_number, check_probability

__all__ = ["SOURCES", "Link", "TrustLoopParams", "curve_value"]

SOURCES = (
    "estimated (notebook 01)",
    "estimated (notebook 02)",
    "real-data (notebook 04)",
    "published",
    "assumed",
)

# notebook 01's results keys, as (parameter, key of ``paths``)
_PATHS_01 = (
    ("authentic_on_understanding", "authentic -> understanding"),
    ("superficial_on_understanding", "superficial -> understanding"),
    ("privacy_moderation", "authentic_x_privacy -> understanding"),
    ("disposition_moderation", "authentic_x_disposition -> understanding"),
    ("understanding_on_affect", "understanding -> affect"),
    ("superficial_on_affect", "superficial -> affect"),
    ("authentic_on_affect", "authentic -> affect"),
    ("understanding_on_cognitive", "understanding -> cognitive"),
    ("disposition_on_cognitive", "disposition_to_trust -> cognitive"),
    ("privacy_on_cognitive", "privacy_concern -> cognitive"),
    ("affect_on_intention", "affect -> intention"),
    ("cognitive_on_intention", "cognitive -> intention"),
)


@dataclass(frozen=True)
class Link:
    """One link of the loop: its value (a number, or a curve as ``((x, y), ...)``), its source and a note."""

    value: float | tuple
    source: str
    note: str = ""

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"a link's source must be one of {SOURCES}, got {self.source!r}")
        if isinstance(self.value, tuple):
            if not self.value or any(len(pair) != 2 for pair in self.value):
                raise ValueError("a curve link's value must be a non-empty tuple of (x, y) pairs")
            for x, y in self.value:
                check_number(x, "a curve's x", low=0.0, low_open=True, allow_inf=True)
                check_number(y, "a curve's y", low=0.0)
        else:
            check_number(self.value, "a link's value")
        if not isinstance(self.note, str):
            raise TypeError(f"a link's note must be a string, got {type(self.note).__name__}")


@dataclass(frozen=True)
class TrustLoopParams:
    """Every link of the loop; build it with :meth:`from_results` so the estimated ones are read, not typed."""

    authentic_on_understanding: Link
    superficial_on_understanding: Link
    privacy_moderation: Link
    disposition_moderation: Link
    understanding_on_affect: Link
    superficial_on_affect: Link
    authentic_on_affect: Link
    understanding_on_cognitive: Link
    disposition_on_cognitive: Link
    privacy_on_cognitive: Link
    affect_on_intention: Link
    cognitive_on_intention: Link
    explanations_effect: Link  # trust points (1-7 scale) added by explanations
    control_effect: Link  # trust points added by a control panel
    dp_kept: Link  # ((epsilon, share of MF's gain over the global mean kept), ...)
    churn_alpha: Link
    churn_beta: Link
    purchases_per_year: Link
    spend_per_purchase: Link
    optout_by_epsilon: Link = Link(
        ((0.1, 0.106), (math.inf, 0.225)),
        "assumed",
        "notebook 04's illustrative opt-out model: 22.5% opt out without DP, 10.6% with any epsilon",
    )
    trust_scale_sd: Link = Link(
        1.2, "assumed", "trust points (notebook 02's 1-7 scale) per unit of intention"
    )
    learning_exponent: Link = Link(
        0.5, "assumed", "accuracy grows as (share of users sharing data) ** exponent"
    )
    disappointment: Link = Link(
        0.15, "assumed", "trust lost per unit of shallow personalization, every period"
    )
    inconsistency: Link = Link(
        0.2, "assumed", "trust lost by a fully inconsistent experience (notebook 03's lever)"
    )
    update_rate: Link = Link(0.3, "assumed", "share of the way to the target trust covered in a period")
    trust_noise: Link = Link(0.1, "assumed", "SD of a user's period-to-period trust shock")
    optout_trust: Link = Link(0.5, "assumed", "log-odds of opting out lost per unit of trust")
    optout_concern: Link = Link(0.5, "assumed", "log-odds of opting out added per SD of privacy concern")
    churn_trust: Link = Link(0.5, "assumed", "log-odds of churning in a year lost per unit of trust")
    purchase_trust: Link = Link(0.2, "assumed", "log purchase rate added per unit of trust")
    annual_discount_rate: Link = Link(0.10, "assumed", "discount rate of the CLV, as notebook 05")

    def __post_init__(self):
        for field in dataclasses.fields(self):
            if not isinstance(getattr(self, field.name), Link):
                raise TypeError(
                    f"{field.name} must be a Link (value, source), got {getattr(self, field.name)!r}"
                )
        for name in (
            "trust_scale_sd",
            "churn_alpha",
            "churn_beta",
            "purchases_per_year",
            "spend_per_purchase",
        ):
            check_number(self.v(name), name, low=0.0, low_open=True)
        for name in ("update_rate", "annual_discount_rate"):
            check_probability(self.v(name), name)
        if not isinstance(self.dp_kept.value, tuple) or not isinstance(self.optout_by_epsilon.value, tuple):
            raise TypeError("dp_kept and optout_by_epsilon must be curves ((epsilon, value), ...)")
        if any(not 0 < y < 1 for _, y in self.optout_by_epsilon.value):
            raise ValueError("optout_by_epsilon's shares must lie strictly between 0 and 1")

    def v(self, name: str):
        """The value of link ``name``."""
        return getattr(self, name).value

    @property
    def assumed_links(self) -> tuple[str, ...]:
        """The names of the links whose source is 'assumed' (what the sensitivity analysis varies)."""
        return tuple(f.name for f in dataclasses.fields(self) if getattr(self, f.name).source == "assumed")

    def links(self) -> pd.DataFrame:
        """Every link with its value and source: the table that shows no number is unlabelled."""
        rows = [
            (
                f.name,
                _show(getattr(self, f.name).value),
                getattr(self, f.name).source,
                getattr(self, f.name).note,
            )
            for f in dataclasses.fields(self)
        ]
        return pd.DataFrame(rows, columns=["link", "value", "source", "note"]).set_index("link")

    def as_record(self) -> dict:
        """Every link as ``{name: {"value", "source"}}`` with plain numbers (a curve as {epsilon: value})."""
        out = {}
        for f in dataclasses.fields(self):
            link = getattr(self, f.name)
            value = {f"{x:g}": y for x, y in link.value} if isinstance(link.value, tuple) else link.value
            out[f.name] = {"value": value, "source": link.source}
        return out

    def vary(self, **values) -> TrustLoopParams:
        """A copy with some links' values replaced (their sources kept), e.g. ``params.vary(churn_trust=1.0)``."""
        changes = {}
        for name, value in values.items():
            if name not in {f.name for f in dataclasses.fields(self)}:
                raise ValueError(f"{name!r} is not a link of the trust loop; see TrustLoopParams.links()")
            changes[name] = dataclasses.replace(getattr(self, name), value=value)
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_results(
        cls, r01: dict, r02: dict, r04: dict, r05: dict, dp_method: str = "dp_sgd_mf", **assumed
    ):
        """Read the estimated, real-data and published links from the results of notebooks 01, 02, 04 and 05.

        Notebook 01: its estimated ``paths``. Notebook 02: the preregistered (CUPED) effects of explanations and
        the control panel. Notebook 04: for ``dp_method``, the share of non-private MF's RMSE gain over the
        global mean kept at each epsilon; its ``optout_share_by_epsilon`` if recorded (else the assumed link).
        Notebook 05: the sBG of the regular cohort (Fader & Hardie 2007) and the BG/NBD and Gamma-Gamma fits
        to CDNOW (Fader, Hardie & Lee 2005). ``assumed`` overrides assumed links' values.
        """
        for name, value in (("r01", r01), ("r02", r02), ("r04", r04), ("r05", r05)):
            if not isinstance(value, dict):
                raise TypeError(f"{name} must be a notebook's results (a dict), got {type(value).__name__}")
        try:
            links = {
                name: Link(float(r01["paths"][key]["estimate"]), "estimated (notebook 01)", f"path {key}")
                for name, key in _PATHS_01
            }
            for arm, name in (("explanations", "explanations_effect"), ("control_panel", "control_effect")):
                links[name] = Link(
                    float(r02["preregistered"][arm]["estimate"]),
                    "estimated (notebook 02)",
                    f"preregistered CUPED effect of {arm} on trust (points)",
                )
            curve = r04["rmse_by_epsilon"][dp_method]
            floor, best = float(r04["rmse_global_mean"]), float(curve["inf"])
            kept = tuple(
                (float(eps), float(np.clip((floor - float(rmse)) / (floor - best), 0.0, 1.0)))
                for eps, rmse in sorted(curve.items(), key=lambda kv: float(kv[0]))
            )
            links["dp_kept"] = Link(kept, "real-data (notebook 04)", f"{dp_method}: share of MF's gain kept")
            sbg, bg, gg = r05["sbg_regular"], r05["bgnbd"], r05["gamma_gamma"]
        except KeyError as error:
            raise ValueError(f"a results file lacks {error}: re-run the notebook that records it") from None
        published = "published"
        links["churn_alpha"] = Link(
            float(sbg["alpha"]), published, "sBG alpha, Fader & Hardie 2007 (notebook 05)"
        )
        links["churn_beta"] = Link(
            float(sbg["beta"]), published, "sBG beta, Fader & Hardie 2007 (notebook 05)"
        )
        links["purchases_per_year"] = Link(
            52.0 * float(bg["r"]) / float(bg["alpha"]), published, "BG/NBD mean rate on CDNOW (notebook 05)"
        )
        links["spend_per_purchase"] = Link(
            float(gg["p"]) * float(gg["gamma"]) / (float(gg["q"]) - 1.0),
            published,
            "Gamma-Gamma mean spend on CDNOW, US$ (notebook 05)",
        )
        if "optout_share_by_epsilon" in r04:
            shares = tuple(sorted((float(e), float(s)) for e, s in r04["optout_share_by_epsilon"].items()))
            links["optout_by_epsilon"] = Link(
                shares, "assumed", "notebook 04's opt-out model (an assumption there), read from its results"
            )
        params = cls(**links)
        return params.vary(**assumed) if assumed else params


def _show(value):
    if isinstance(value, tuple):
        return "; ".join(f"{x:g}: {y:.3g}" for x, y in value)
    return f"{value:.4g}"


def curve_value(curve: tuple, epsilon: float, name: str) -> float:
    """A curve's value at epsilon: linear in log epsilon between its finite points; its inf point at inf."""
    points = dict(curve)
    if math.isinf(epsilon):
        return float(points.get(math.inf, max(points.values())))
    finite = sorted((x, y) for x, y in curve if math.isfinite(x))
    if epsilon < finite[0][0]:
        raise ValueError(f"epsilon = {epsilon:g} is below the smallest epsilon of {name} ({finite[0][0]:g})")
    xs, ys = np.log([x for x, _ in finite]), [y for _, y in finite]
    return float(np.interp(math.log(epsilon), xs, ys))
