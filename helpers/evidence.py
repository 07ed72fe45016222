"""The claims ledger: what each notebook concludes, and what kind of evidence stands behind each conclusion.

A course on trust has to teach how we know. Every finding a notebook states is a :class:`Claim` with one of
four kinds of evidence (DESIGN.md, "Evidence"):

* ``published``  - a paper's data or table, reproduced here;
* ``real-data``  - measured here on real data (MovieLens 100K, CDNOW);
* ``recovery``   - a method recovers a truth that a simulation put in: this checks the method, it is not
  evidence about people;
* ``assumption`` - a modelling choice the conclusion rests on.

``record_claims`` validates the ledger, records it under ``claims`` in ``results/<notebook>.json`` and returns
the table the notebook's summary shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import pandas as pd

from . import results

__all__ = ["EVIDENCE_KINDS", "Claim", "claims_table", "record_claims"]

EVIDENCE_KINDS = {
    "published": "a paper's data or table, reproduced here",
    "real-data": "measured here on MovieLens 100K or CDNOW",
    "recovery": "a method recovers a truth the simulation put in (checks the method, not people)",
    "assumption": "a modelling choice the conclusion rests on",
}


@dataclass(frozen=True)
class Claim:
    """One finding: what it says, the kind of evidence behind it, and the section that shows it."""

    claim: str
    evidence: str
    section: str

    def __post_init__(self):
        for name in ("claim", "section"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"a claim's {name} must be a non-empty string, got {value!r}")
        if self.evidence not in EVIDENCE_KINDS:
            raise ValueError(
                f"evidence must be one of {', '.join(EVIDENCE_KINDS)}; got {self.evidence!r} "
                f"(for the claim {self.claim!r})"
            )


def _as_claims(claims: Iterable[Claim | Mapping[str, str]]) -> list[Claim]:
    if isinstance(claims, (str, bytes, Mapping)) or not isinstance(claims, Iterable):
        raise TypeError("claims must be a list of Claim objects or dicts with claim, evidence, section")
    out = []
    for item in claims:
        if isinstance(item, Claim):
            out.append(item)
        elif isinstance(item, Mapping):
            unknown = set(item) - {"claim", "evidence", "section"}
            if unknown:
                raise ValueError(
                    f"a claim has unknown fields {sorted(unknown)}; use claim, evidence, section"
                )
            out.append(Claim(**item))
        else:
            raise TypeError(f"each claim must be a Claim or a dict, got {type(item).__name__}")
    if not out:
        raise ValueError("the claims ledger is empty: a notebook states at least one finding")
    if len({c.claim for c in out}) != len(out):
        raise ValueError("the same claim appears twice in the ledger")
    return out


def claims_table(claims: Iterable[Claim | Mapping[str, str]]) -> pd.DataFrame:
    """The ledger as a table: claim, evidence, section (in the order given)."""
    return pd.DataFrame([asdict(c) for c in _as_claims(claims)], columns=["claim", "evidence", "section"])


def record_claims(claims: Iterable[Claim | Mapping[str, str]]) -> pd.DataFrame:
    """Validate the ledger, record it as ``claims`` in the notebook's results, and return its table."""
    table = claims_table(claims)
    results.record("claims", table.to_dict(orient="records"), show=False)
    return table
