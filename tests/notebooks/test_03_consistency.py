"""Notebook 03 executed with papermill (quick): its recorded stability results against the paper's ordering
and the item mean's exact stability, the top-N and calibration results, RecSim's defaults, the claims ledger,
and the exercises' solutions run inside the executed notebook."""

import itertools

import pytest
from nbrun import assert_claims_ledger, assert_no_answer_shown, run_notebook

NAME = "03_consistency"

SOLUTIONS_PASS = """
for _name, _q in [("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4)]:
    _namespace = dict(globals())
    exec(_q.solution_text, _namespace)
    print(_name, _q.check(_namespace["answer"]))
print("--- wrong answers ---")
for _q, _wrong in [(q1, 0.5), (q2, lambda a, b: 1.0), (q3, -3.33), (q4, {"a": "published", "b": "published",
                                                                          "c": "published", "d": "published"})]:
    print(_q.check(_wrong))
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One quick run (seed 0, so the split is the recorded one) with the exercises' solutions appended."""
    return run_notebook(
        NAME, tmp_path_factory.mktemp("nb03"), extra_cells=[SOLUTIONS_PASS], quick=True, seed=0
    )


def test_the_split_is_named(recorded):
    assert recorded["split"].startswith("seeded 80/20 (recsys.train_test_split, seed 0)")


def test_user_based_knn_is_less_stable_than_every_model_based_algorithm(recorded):
    s = recorded["stability"]
    assert set(s) == {
        "item_mean",
        "baseline_biases",
        "als",
        "item_knn",
        "user_knn_means",
    }  # quick: one user kNN
    assert max(s["baseline_biases"]["rmss"], s["als"]["rmss"]) < s["user_knn_means"]["rmss"]
    for values in s.values():
        assert values["mas"] <= values["rmss"] + 1e-12
        assert 0.85 < values["test_rmse"] < 1.1


def test_the_item_mean_agrees_with_its_own_predictions(recorded):
    assert recorded["item_mean_max_shift"] < 1e-9
    assert recorded["stability"]["item_mean"]["rmss"] < 1e-9


def test_deterministic_models_keep_their_lists_and_als_does_not(recorded):
    overlap = recorded["topn_overlap"]
    for algorithm in ["item_mean", "baseline_biases", "item_knn", "user_knn_means", "most_popular"]:
        assert overlap[f"{algorithm} | new_seed"]["jaccard"] == 1.0
    assert overlap["als | new_seed"]["jaccard"] < 0.6
    assert set(recorded["topn_jaccard"]) >= {"als", "item_knn", "most_popular"}


def test_miscalibration_falls_as_lambda_rises_and_the_popular_list_pays_in_precision(recorded):
    for model in ["als", "most_popular"]:
        curve = [row for row in recorded["calibration_tradeoff"] if row["model"] == model]
        kl = [row["miscalibration"] for row in curve]
        assert [row["lambda"] for row in curve] == sorted(row["lambda"] for row in curve)
        assert all(b <= a + 1e-9 for a, b in itertools.pairwise(kl)), model
    popular = [row for row in recorded["calibration_tradeoff"] if row["model"] == "most_popular"]
    assert popular[-1]["precision_at_10"] < popular[0]["precision_at_10"]


def test_recsim_defaults_contain_no_tradeoff(recorded):
    default = recorded["recsim_default"]
    assert default["always_choc_engagement"] == pytest.approx(19.27, abs=0.01)
    assert default["always_kale_engagement"] == pytest.approx(12.60, abs=0.01)
    assert default["satisfaction_range"] == pytest.approx([0.4917, 0.5083], abs=1e-4)
    region = recorded["recsim_tradeoff_region"]
    assert region["default_has_tradeoff"] is False
    assert 0 < region["n_points_myopic_loses"] < region["n_points"]
    thresholds = region["min_sensitivity_by_memory"]
    assert thresholds["0.95"] < thresholds["0.0"]  # with a long memory a smaller sensitivity suffices


def test_every_figure_is_written(recorded):
    assert {
        "prediction_stability.png",
        "topn_stability.png",
        "calibration_tradeoff.png",
        "recsim_tradeoff_region.png",
        "calibration_one_user.png",
    } <= set(recorded["_figures"])


def test_the_claims_ledger_names_every_kind_of_evidence(recorded):
    claims = recorded["claims"]
    assert_claims_ledger(NAME, claims, {"published", "real-data", "recovery", "assumption"})
    assert any("when the model is true" in c["claim"] for c in claims if c["evidence"] == "recovery")


def test_the_trust_links_are_read_from_notebook_01_and_the_assumptions_named(recorded):
    cost = recorded["trust_cost"]
    assert set(cost["links_from_01"]) == {
        "understanding -> affect",
        "understanding -> cognitive",
        "affect -> intention",
        "cognitive -> intention",
    }
    assert cost["assumed"] == {"churn_on_understanding": -0.5, "expected_churn": 0.2}


def test_every_exercise_solution_passes_its_check_and_wrong_answers_do_not(recorded):
    passed, wrong = recorded["_extra"].split("--- wrong answers ---\n")
    assert passed.splitlines() == [f"q{i} Correct: well done." for i in range(1, 5)]
    assert [line.split(":")[0] for line in wrong.splitlines()] == ["Not yet"] * 4


def test_no_cell_shows_an_expected_answer():
    assert_no_answer_shown(NAME)


def test_the_run_time_is_not_recorded(recorded):
    assert not [key for key in recorded if any(word in key for word in ("seconds", "run_time", "wall"))]


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"n_added": 10**9}, "n_added = 1,000,000,000 is outside 100 to 50,000"),
        ({"n_eval_users": 5}, "n_eval_users = 5 is outside 20 to 943"),
    ],
)
def test_absurd_sizes_are_refused_up_front(tmp_path, parameters, message):
    with pytest.raises(Exception, match=message):
        run_notebook(NAME, tmp_path, quick=True, **parameters)
