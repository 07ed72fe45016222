"""What inconsistency could cost in trust, under stated assumptions: notebook 01's path model (feeling
understood -> affect and cognitive trust -> intention) extended by one *assumed* link, from lists that change
more than a user expects to feeling less understood."""

from __future__ import annotations

from dataclasses import dataclass

from .._validation import check_number, check_probability

__all__ = ["TRUST_PATHS", "TrustCost", "trust_cost_of_churn"]

# The links of notebook 01 this uses (keys of results/01_emotional_response.json "paths").
TRUST_PATHS = (
    "understanding -> affect",
    "understanding -> cognitive",
    "affect -> intention",
    "cognitive -> intention",
)


@dataclass(frozen=True)
class TrustCost:
    """Implied changes (in standard deviations of each construct) of an unexpected change of lists."""

    unexpected_churn: float
    understanding: float
    affect: float
    cognitive: float
    intention: float


def trust_cost_of_churn(
    churn: float, expected_churn: float, churn_on_understanding: float, paths
) -> TrustCost:
    """Implied drop in feeling understood, affect, cognitive trust and intention when a user's top-10 changes
    by ``churn`` (1 - Jaccard@10) and they expected ``expected_churn``.

    Assumed link: feeling understood moves by ``churn_on_understanding`` (SD per unit of unexpected churn,
    negative for a loss) times max(churn - expected_churn, 0). The other links are notebook 01's estimates,
    given as ``paths``: a mapping of the :data:`TRUST_PATHS` to numbers (or to dicts with an ``estimate``).
    """
    churn = check_probability(churn, "churn")
    expected_churn = check_probability(expected_churn, "expected_churn")
    slope = check_number(churn_on_understanding, "churn_on_understanding")
    if not hasattr(paths, "keys"):
        raise TypeError("paths must be a mapping such as results/01_emotional_response.json's 'paths'")
    missing = [key for key in TRUST_PATHS if key not in paths]
    if missing:
        raise ValueError(f"paths lacks {missing}: pass the 'paths' recorded by notebook 01")
    value = {
        key: check_number(paths[key]["estimate"] if hasattr(paths[key], "keys") else paths[key], key)
        for key in TRUST_PATHS
    }
    unexpected = max(churn - expected_churn, 0.0)
    understanding = slope * unexpected
    affect = understanding * value["understanding -> affect"]
    cognitive = understanding * value["understanding -> cognitive"]
    intention = affect * value["affect -> intention"] + cognitive * value["cognitive -> intention"]
    return TrustCost(unexpected, understanding, affect, cognitive, intention)
