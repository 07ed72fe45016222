"""Notebook 06 executed with papermill (quick): the trust loop's links come from the earlier notebooks' results
files (not retyped) and each carries a source; the virtuous and vicious cycles go the way their policies say;
the tipping point, the sensitivity analysis, the claims ledger, and every exercise's solution."""

import math

import nbformat
import pytest
from nbrun import assert_claims_ledger, assert_no_answer_shown, run_notebook

from helpers import paths, results
from helpers.simulate import trust_loop

NAME = "06_feedback_loops"
VIRTUOUS = "virtuous: deep, epsilon 1, transparent"
VICIOUS = "vicious: deep, epsilon 0.1, opaque, inconsistent"

SOLUTIONS_PASS = """
for _name, _q in [("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4), ("q5", q5)]:
    _namespace = dict(globals())
    exec(_q.solution_text, _namespace)
    print(_name, _q.check(_namespace["answer"]))
print("--- wrong answers ---")
for _q, _wrong in [(q1, 0.05), (q2, lambda k_a, k_s: 0.5), (q3, {"a": "real-data", "b": "published",
                   "c": "real-data", "d": "recovery"}), (q4, "trust_noise"), (q5, 0.99)]:
    print(_q.check(_wrong))
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One quick run (seed 1) with the exercises' solutions appended."""
    return run_notebook(
        NAME, tmp_path_factory.mktemp("nb06"), extra_cells=[SOLUTIONS_PASS], quick=True, seed=1
    )


def _earlier(name):
    return results.load(name, root=paths.ROOT / "results")


def test_every_link_carries_a_source_and_the_estimated_ones_are_read_from_the_results(recorded):
    links = recorded["trust_loop"]["links"]
    assert all(link["source"] in trust_loop.SOURCES for link in links.values())
    paths_01 = _earlier("01_emotional_response")["paths"]
    assert links["authentic_on_understanding"]["value"] == pytest.approx(
        paths_01["authentic -> understanding"]["estimate"], rel=1e-4
    )
    assert links["understanding_on_affect"]["value"] == pytest.approx(
        paths_01["understanding -> affect"]["estimate"], rel=1e-4
    )
    assert links["affect_on_intention"]["source"] == "estimated (notebook 01)"
    prereg = _earlier("02_transparency_and_control")["preregistered"]
    assert links["control_effect"]["value"] == pytest.approx(prereg["control_panel"]["estimate"], rel=1e-4)
    assert links["explanations_effect"]["source"] == "estimated (notebook 02)"
    assert links["dp_kept"]["source"] == "real-data (notebook 04)"
    sbg = _earlier("05_loyalty_measurement")["sbg_regular"]
    assert links["churn_alpha"]["value"] == pytest.approx(sbg["alpha"], rel=1e-4)
    assert links["churn_alpha"]["source"] == "published"
    assert {name for name, link in links.items() if link["source"] == "assumed"} >= {
        "disappointment", "churn_trust", "optout_trust", "purchase_trust", "learning_exponent", "inconsistency"}  # fmt: skip


def test_chaney_homogenization_comes_back_with_its_spread(recorded):
    chaney = recorded["chaney"]
    assert chaney["n_simulations"] == 6  # quick
    for name in ("popularity", "content", "mf"):
        assert chaney["jaccard_vs_ideal"][name] > 0.1, name
        assert chaney["share_of_runs_homogenized"][name] >= 0.5, name
    assert chaney["jaccard_vs_ideal"]["ideal"] == 0.0
    assert all(value < 0 for name, value in chaney["utility_vs_ideal"].items() if name != "ideal")
    assert chaney["share_of_runs_popularity_above_ideal_above_random"] >= 0.5
    assert set(chaney["jaccard_vs_ideal_sd"]) == set(chaney["jaccard_vs_ideal"])


def test_the_most_popular_loop_raises_the_gini_and_both_popularity_measures_are_recorded(recorded):
    loops = recorded["popularity_amplification"]
    assert set(loops) == {"most_popular", "item_knn", "mf"}
    for name, loop in loops.items():
        assert len(loop["gini"]) == len(loop["arp_current"]) == len(loop["arp_original"]) == 3, name
        assert set(loop["groups"]) == {"F", "M"}
    popular = loops["most_popular"]
    assert popular["gini"][-1] > popular["gini_original"] + 0.03
    assert popular["arp_current"][-1] > popular["arp_current"][0]
    assert popular["arp_original"][-1] < popular["arp_original"][0]


def test_the_virtuous_cycle_gains_trust_and_loyalty_the_vicious_one_loses_them(recorded):
    policies = recorded["trust_loop"]["policies"]
    assert policies[VIRTUOUS]["trust_change"]["low"] > 0.1
    assert policies[VICIOUS]["trust_change"]["high"] < -0.05
    assert policies[VIRTUOUS]["clv"]["mean"] > policies["no personalization"]["clv"]["mean"]
    assert policies[VICIOUS]["clv"]["mean"] < policies["no personalization"]["clv"]["mean"]
    for policy in policies.values():
        assert 0 < policy["retention"]["mean"] < 1
        assert policy["clv"]["low"] <= policy["clv"]["mean"] <= policy["clv"]["high"]
    assert recorded["trust_loop"]["n_replications"] == 8  # quick


def test_the_tipping_point_lies_where_accuracy_crosses_its_threshold(recorded):
    loop = recorded["trust_loop"]
    assert 0.3 < loop["tipping_accuracy"] < 0.8
    assert 0.1 < loop["tipping_epsilon"] < 1.0 and not math.isnan(loop["tipping_epsilon"])


def test_the_sensitivity_analysis_covers_every_assumed_link(recorded):
    sensitivity = recorded["sensitivity"]
    assumed = {n for n, link in recorded["trust_loop"]["links"].items() if link["source"] == "assumed"}
    assert set(sensitivity["clv"]) == assumed
    for row in sensitivity["clv"].values():
        assert row["swing"] == pytest.approx(row["high"] - row["low"], abs=1e-3)
    assert abs(sensitivity["clv"]["inconsistency"]["swing"]) < 1e-6  # both policies share consistency
    assert sensitivity["at_assumed_values"] > 0


def test_every_figure_is_written(recorded):
    assert {
        "virtuous_and_vicious_cycles.png",
        "tipping_point_epsilon.png",
        "loyalty_by_policy.png",
        "tornado_assumed_links.png",
        "trust_loop_levers.png",
        "chaney_homogenization.png",
        "popularity_amplification.png",
    } <= set(recorded["_figures"])


def test_the_claims_ledger_states_no_simulated_outcome_as_a_finding(recorded):
    claims = recorded["claims"]
    assert_claims_ledger(NAME, claims, {"published", "real-data", "recovery", "assumption"})
    recovery = [c["claim"] for c in claims if c["evidence"] == "recovery"]
    assert all("when they are true" in claim for claim in recovery)
    loop_claims = [c for c in claims if "In the trust loop" in c["claim"] or "virtuous policy" in c["claim"]]
    assert loop_claims and all(c["evidence"] == "assumption" for c in loop_claims)


def test_every_exercise_solution_passes_its_check_and_wrong_answers_do_not(recorded):
    passed, wrong = recorded["_extra"].split("--- wrong answers ---\n")
    assert passed.splitlines() == [f"q{i} Correct: well done." for i in range(1, 6)]
    assert [line.split(":")[0] for line in wrong.splitlines()] == ["Not yet"] * 5


def test_no_cell_shows_an_expected_answer():
    assert_no_answer_shown(NAME)


def test_the_notebook_says_its_outcomes_are_not_findings_about_people():
    text = "\n".join(
        cell.source for cell in nbformat.read(paths.NOTEBOOKS / f"{NAME}.ipynb", as_version=4).cells
        if cell.cell_type == "markdown"
    )  # fmt: skip
    assert "not findings about\n# people" in text or "not findings about people" in text.replace("\n", " ")


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"n_users": 10**9}, "n_users = 1,000,000,000 is outside 100 to 200,000"),
        ({"n_periods": 1}, "n_periods = 1 is outside 2 to 50"),
        ({"n_chaney": 10**6}, "n_chaney = 1,000,000 is outside 2 to 100,000"),
    ],
)
def test_absurd_sizes_are_refused_up_front(tmp_path, parameters, message):
    with pytest.raises(Exception, match=message):
        run_notebook(NAME, tmp_path, quick=True, **parameters)
