"""helpers.evidence: the claims ledger refuses unknown evidence kinds and records what it shows."""

import json

import pytest

from helpers import evidence, paths, results


def test_a_claim_needs_a_known_kind_of_evidence():
    with pytest.raises(ValueError, match="evidence must be one of"):
        evidence.Claim("personalization builds trust", "intuition", "Summary")


@pytest.mark.parametrize("claims", [[], "a claim", {"claim": "x"}, [42]])
def test_the_ledger_refuses_what_is_not_a_list_of_claims(claims):
    with pytest.raises((ValueError, TypeError)):
        evidence.claims_table(claims)


def test_the_same_claim_twice_is_refused():
    claim = {"claim": "x", "evidence": "recovery", "section": "2"}
    with pytest.raises(ValueError, match="twice"):
        evidence.claims_table([claim, claim])


def test_record_claims_writes_them_under_claims(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    paths.set_current_notebook("99_test")
    results.reset()
    table = evidence.record_claims(
        [
            evidence.Claim("SEM recovers the paths", "recovery", "2. Paths"),
            {"claim": "BG/NBD fits CDNOW as published", "evidence": "published", "section": "4"},
        ]
    )
    assert list(table["evidence"]) == ["recovery", "published"]
    stored = json.loads((tmp_path / "results" / "99_test.json").read_text())["claims"]
    assert stored[1] == {"claim": "BG/NBD fits CDNOW as published", "evidence": "published", "section": "4"}
