"""Notebook 00 executed with papermill: it records the dataset facts every later notebook relies on, the
heavy-rater trend with its interval and its claims ledger; every exercise's solution passes its own check;
run twice through the course runner, it gives the same bytes (notebook, figures, results)."""

import pytest
from nbrun import assert_claims_ledger, assert_no_answer_shown, run_notebook

from helpers.tools import run

NOTEBOOK = "00_start_here"

# Appended to the notebook: run each question's solution in the notebook's namespace and print its check.
SOLUTIONS_PASS = """
for name, question in [("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4)]:
    namespace = dict(globals())
    exec(question.solution_text, namespace)
    print(name, question.check(namespace["answer"]))
"""
WRONG_ANSWERS_FAIL = """
print("wrong", q1.check(0.5), q2.check(10), q3.check(lambda ratings, fraction: 0.5),
      q4.check({"a": "published", "b": "real-data", "c": "assumption", "d": "recovery"}), sep="\\n")
"""


def test_start_here_records_dataset_facts(execute):
    recorded = execute("00_start_here", seed=1)
    assert recorded["movielens_ratings"] == 100_000
    assert recorded["movielens_mean_rating"] == pytest.approx(3.52986, abs=1e-5)
    assert recorded["cdnow_customers"] == 23_570
    # the long tail: the top 10% of users give far more than 10% of ratings
    assert 0.25 < recorded["share_of_ratings_from_top_users"] < 0.40
    assert {
        "rating_distribution.png",
        "activity_long_tail.png",
        "cdnow_weekly_purchases.png",
        "rating_vs_activity.png",
    } <= set(recorded["_figures"])


def test_heavy_raters_rate_lower_with_an_interval_that_excludes_zero(execute):
    recorded = execute(NOTEBOOK, seed=3)
    trend = recorded["rating_vs_activity"]
    assert trend["n_users"] == 943 and trend["n_boot"] == 2000
    assert trend["slope_per_tenfold"] == pytest.approx(-0.0959, abs=1e-4)  # the fit does not depend on seed
    assert trend["ci_low"] < trend["slope_per_tenfold"] < trend["ci_high"] < 0
    assert -0.25 < trend["ci_low"] and -0.1 < trend["r"] < -0.06


def test_the_claims_ledger_names_its_evidence(execute):
    claims = execute(NOTEBOOK, quick=True)["claims"]
    assert_claims_ledger(NOTEBOOK, claims, {"published", "real-data", "assumption"})
    heavy = next(c for c in claims if c["section"] == "Do heavy raters rate lower?")
    assert "95% CI" in heavy["claim"]


def test_every_exercise_solution_passes_its_check_and_wrong_answers_do_not(tmp_path):
    recorded = run_notebook(NOTEBOOK, tmp_path, extra_cells=[SOLUTIONS_PASS, WRONG_ANSWERS_FAIL], quick=True)
    passed, wrong = recorded["_extra"].split("wrong\n")
    assert passed.splitlines() == [f"q{i} Correct: well done." for i in range(1, 5)]
    assert [line.split(":")[0] for line in wrong.splitlines()] == ["Not yet"] * 4


def test_no_cell_shows_an_expected_answer():
    assert_no_answer_shown(NOTEBOOK)


def test_absurd_sizes_are_refused_up_front(execute):
    with pytest.raises(Exception, match=r"top_fraction = 5.0 is outside 0.01 to 1.0"):
        execute(NOTEBOOK, top_fraction=5.0)


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_runs_through_the_runner_give_the_same_bytes(tmp_path):
    for folder in ("first", "second"):
        assert run.main(["00", "--output-dir", str(tmp_path / folder)]) == 0
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert set(first) >= {
        "00_start_here.ipynb",
        "results/00_start_here.json",
        "figures/00_start_here/activity_long_tail.png",
    }
    different = sorted(name for name in first if first[name] != second.get(name))
    assert set(first) == set(second) and not different, f"differ between two runs: {different}"
    notebook = first["00_start_here.ipynb"]
    assert str(tmp_path).encode() not in notebook and b'"input_path"' not in notebook
