"""Notebook 01 executed with papermill (quick): it records the keys issues 5 and 11 ask for, and they say what
the notebook claims: the SEM recovers the simulated truth, superficial personalization is equivalent to none;
in MovieLens, split at one global time cutoff, delight rises (disappointment falls) with the full prediction,
while its personal taste term predicts delight far worse than its non-personal part; the widget's talking
points are the model's."""

import json

import numpy as np
import pytest
from nbrun import assert_claims_ledger, assert_no_answer_shown, run_notebook

# appended to the notebook before it runs: each exercise's published solution must pass its own check
SOLUTIONS_CHECK = """
import json as _json
_passed = {}
for _name, _q in zip(["q1", "q2", "q3", "q4", "q5", "q6"], [q1, q2, q3, q4, q5, q6]):
    _scope = dict(globals())
    exec(_q.solution_text, _scope)
    _passed[_name] = bool(_q.check(_scope["answer"]))
print("SOLUTIONS " + _json.dumps(_passed))
"""

KEYS = {
    "paths",
    "reliability",
    "coverage_pooled",
    "coverage_all_paths_share",
    "indirect_effect",
    "moderated_mediation_index",
    "tost_superficial",
    "movielens_delight_by_decile",
    "movielens_disappointment_by_decile",
    "movielens_delight_by_taste_decile",
    "movielens_disappointment_by_taste_decile",
    "movielens_split",
    "movielens_auc_delight",
    "widget_talking_points",
    "claims",
}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    # module-scoped: the notebook runs once for all tests below instead of once per test
    result = run_notebook(
        "01_emotional_response", tmp_path_factory.mktemp("nb01"), [SOLUTIONS_CHECK], quick=True, seed=1
    )
    result["_solutions"] = json.loads(result.pop("_extra").split("SOLUTIONS ", 1)[1])
    return result


def test_records_exactly_the_keys_of_the_issue(recorded):
    assert set(recorded) - {"_figures", "_solutions"} == KEYS


def test_every_path_has_estimate_interval_and_truth_and_sits_near_it(recorded):
    for name, path in recorded["paths"].items():
        assert set(path) == {"estimate", "ci_low", "ci_high", "truth"}
        assert path["ci_low"] < path["estimate"] < path["ci_high"]
        # seed 1 at n = 2,000: standard errors are about 0.025, so 0.08 is more than three of them
        assert path["estimate"] == pytest.approx(path["truth"], abs=0.08), name
    assert recorded["paths"]["understanding -> affect"]["truth"] == pytest.approx(0.6)


def test_scales_are_reliable(recorded):
    for construct, values in recorded["reliability"].items():
        assert 0.75 < values["alpha"] <= values["omega"] + 0.005 < 0.9, construct


def test_indirect_effect_interval_covers_the_truth(recorded):
    ind = recorded["indirect_effect"]
    assert ind["truth"] == pytest.approx(0.2263, abs=1e-4)
    assert ind["ci_low"] < ind["truth"] < ind["ci_high"]
    assert ind["ci_low"] > 0


def test_superficial_personalization_is_equivalent_to_none(recorded):
    tost = recorded["tost_superficial"]
    assert tost["p_value"] < 0.05
    assert tost["low"] == pytest.approx(-tost["high"])


def _spearman_with_position(values):
    ranks = np.argsort(np.argsort(values))
    return float(np.corrcoef(np.arange(len(values)), ranks)[0, 1])


def test_movielens_delight_rises_and_disappointment_falls_with_the_full_prediction(recorded):
    delight = recorded["movielens_delight_by_decile"]
    disappointment = recorded["movielens_disappointment_by_decile"]
    assert len(delight) == len(disappointment) == 10
    # about 290 ratings a decile: neighbouring deciles may swap, the trend may not
    assert _spearman_with_position(delight) > 0.9
    assert _spearman_with_position(disappointment) < -0.9
    assert delight[-1] > 10 * delight[0]


def test_movielens_split_has_one_global_cutoff_and_scores_only_known_users(recorded):
    split = recorded["movielens_split"]
    assert split["cutoff"] == "1998-03-07"  # 80% of the ratings fall on or before it
    assert split["train_ratings"] + split["test_ratings"] + split["dropped"] == 100_000
    assert 0 < split["test_users"] < 943
    assert 0.9 < split["rmse"] < 1.1


def test_the_taste_term_predicts_delight_far_worse_than_the_non_personal_part(recorded):
    auc = recorded["movielens_auc_delight"]
    assert auc["taste"] < auc["user_specific"] < auc["non_personal"]
    assert auc["non_personal"] - auc["taste"] > 0.1
    assert abs(auc["full"] - auc["non_personal"]) < 0.05
    assert len(recorded["movielens_delight_by_taste_decile"]) == 10
    assert len(recorded["movielens_disappointment_by_taste_decile"]) == 10


def test_widget_talking_points_are_the_models(recorded):
    points = recorded["widget_talking_points"]
    average = points["+0 SD concern"]
    assert average["affect_change"] == pytest.approx(0.48, abs=1e-3)  # a_auth · b = 0.8 · 0.6
    assert average["affect_share_above_average_depth_0"] < 0.5 < average["affect_share_above_average_depth_1"]
    assert (
        points["-2 SD concern"]["affect_change"]
        > average["affect_change"]
        > points["+2 SD concern"]["affect_change"]
        > 0
    )


def test_writes_the_figures(recorded):
    assert {
        "path_model.png",
        "paths_vs_truth.png",
        "interval_coverage.png",
        "movielens_delight_by_decile.png",
        "trust_view_concerned.png",
        "equivalence_test.png",
    } <= set(recorded["_figures"])


def test_every_exercise_accepts_its_own_solution(recorded):
    assert recorded["_solutions"] == {f"q{i}": True for i in range(1, 7)}


def test_moderated_mediation_indices_have_the_sign_of_their_truth(recorded):
    for trait, index in recorded["moderated_mediation_index"].items():
        assert index["ci_low"] <= index["estimate"] <= index["ci_high"], trait
        assert index["estimate"] * index["truth"] > 0, trait


def test_coverage_is_reported_as_measured(recorded):
    assert 0.85 < recorded["coverage_pooled"] <= 1.0
    assert 0.0 <= recorded["coverage_all_paths_share"] <= 1.0


def test_claims_ledger_names_every_kind_of_evidence_the_notebook_uses(recorded):
    claims = recorded["claims"]
    assert_claims_ledger(
        "01_emotional_response", claims, {"published", "real-data", "recovery", "assumption"}
    )
    recovery = [c["claim"] for c in claims if c["evidence"] == "recovery"]
    assert all("recover" in text for text in recovery)


def test_no_cell_shows_an_expected_answer():
    assert_no_answer_shown("01_emotional_response")
