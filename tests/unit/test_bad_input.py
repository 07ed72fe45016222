"""Every public function of the notebooks' infrastructure (helpers' own functions, paths, results, plotting,
exercises, overview, datasets) fails closed on bad input with a ValueError or TypeError naming the problem.

``CALLS`` holds one valid call per function and the bad values each argument must refuse; ``EXEMPT`` names the
public names with nothing to refuse. The named tests below are the cases users try first.
"""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings

import helpers
from helpers import datasets, exercises, overview, paths, plotting, results
from unit.badinput import (
    NOT_A_COUNT,
    NOT_A_NUMBER,
    Call,
    assert_fails_closed,
    bad_numbers,
    expand,
    ratings_frame,
)

RATINGS = ratings_frame()
TRANSACTIONS = pd.DataFrame(
    {
        "customer_id": [1, 2],
        "date": pd.to_datetime(["1997-01-01", "1997-01-09"]),
        "quantity": [1, 2],
        "amount": [1.0, 2.0],
    }
)
BAD_FRAMES = [None, "ratings", RATINGS.iloc[:0], RATINGS.drop(columns="rating")]


@pytest.fixture(autouse=True)
def _outputs_in_a_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    paths.set_current_notebook("99_bad_input")


def _figure():
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    return fig


CALLS = [
    Call(helpers.start_notebook, {"name": "99_bad_input"}, {"name": [None, "", 3]}),
    Call(
        helpers.check_parameters,
        {"n": (10, 1, 100)},
        {"n": [(0, 1, 100), (101, 1, 100), (2.5, 1, 100), ("10", 1, 100), (None, 1, 100), (10, 100, 1), 10]},
    ),
    Call(
        helpers.quick_sizes,
        {"quick": True, "n": (10, 2)},
        {"quick": ["yes", 1, None], "n": [10, (10,), None]},
    ),
    Call(paths.set_current_notebook, {"name": "99_bad_input"}, {"name": [None, "", 4]}),
    Call(
        paths.write_atomic,
        {"path": "x.txt", "data": "text"},
        {"path": [None, 3, ""], "data": [None, 3, [b"x"]]},
    ),
    Call(
        results.record,
        {"key": "x", "value": 1, "show": False},
        {"key": ["", None, 3], "value": [object()], "show": ["no", 1]},
    ),
    Call(results.load, {"notebook": "99_bad_input"}, {"notebook": [None, "", 3]}),
    Call(
        plotting.savefig,
        {"name": "line", "fig": None},
        {"name": ["", None, "../up", "a/b"], "dpi": [0, 2.5, "110", None]},
    ),
    Call(
        exercises.Exercise,
        {"question": "share?", "expected": 0.2},
        {
            "question": ["", None, 3],
            "expected": [float("nan"), float("inf")],
            "tolerance": [-1.0, *NOT_A_NUMBER, float("inf")],
            "checker": ["not callable"],
            "hint": [None, 3],
            "solution": [None, 3],
        },
    ),
    Call(
        overview.activity_long_tail, {"ratings": RATINGS}, {"ratings": BAD_FRAMES, "by": ["rating", None, ""]}
    ),
    Call(
        overview.share_of_ratings_from_top,
        {"ratings": RATINGS, "top_fraction": 0.5},
        {"ratings": BAD_FRAMES, "top_fraction": [0.0, 1.5, -0.1, *NOT_A_NUMBER, float("inf")], "by": ["x"]},
    ),
    Call(
        overview.filter_active,
        {"ratings": RATINGS, "min_ratings": 2},
        {"ratings": BAD_FRAMES, "min_ratings": [*NOT_A_COUNT, 0]},
    ),
    Call(
        overview.weekly_purchases,
        {"transactions": TRANSACTIONS},
        {"transactions": [None, TRANSACTIONS.iloc[:0], TRANSACTIONS.assign(date="1997-01-01")]},
    ),
    Call(datasets.fetch, {"name": "cdnow"}, {"name": ["ml-1m", None, 3], "verbose": ["yes", 1]}),
    Call(
        datasets.fetch_all,
        {"names": ["cdnow"], "verbose": False},
        {"names": ["cdnow", [], ["ml-1m"], [None]]},
    ),
    Call(datasets.verify, {"name": "cdnow"}, {"name": ["ml-1m", None]}),
    Call(datasets.dataset_dir, {"name": "cdnow"}, {"name": ["ml-1m", None]}),
    Call(datasets.load_cdnow_transactions, {"which": "sample"}, {"which": ["all", "", None, 1]}),
    Call(datasets.describe, {"ratings": RATINGS}, {"ratings": BAD_FRAMES}),
]

EXEMPT = {
    "paths.current_notebook": "no argument; raises RuntimeError with the fix when no notebook is registered",
    "paths.data_cache, output_root, figures_dir, results_dir": "no argument: folders from the environment",
    "paths.describe_os_error": "formats an OSError already raised; never called with user input",
    "results.reset": "no argument",
    "plotting.set_theme": "no argument",
    "exercises.CheckResult": "a plain frozen result (correct, message)",
    "datasets.load_movielens_100k, load_movielens_items, load_movielens_users, load_cdnow_summary": "no argument",
    "datasets.sha256": "a checksum of a path the module itself builds",
    "datasets.main": "a command line: argparse refuses bad input with its usage message and exit status 2",
    "datasets.Dataset, DATASETS, GENRES, GROUPLENS_URL, DatasetError": "constants and plain types",
}


@pytest.mark.parametrize(("call", "argument", "value"), expand(CALLS))
def test_public_function_fails_closed(call, argument, value):
    if call.func is plotting.savefig:
        call.kwargs["fig"] = _figure()
    try:
        assert_fails_closed(call.func, call.kwargs, argument, value)
    finally:
        plt.close("all")


@settings(max_examples=40, deadline=None)
@given(bad_numbers([0.0, -1.0, 1.5]))
def test_any_bad_share_is_refused_by_the_overview(value):
    with pytest.raises((ValueError, TypeError)):
        overview.share_of_ratings_from_top(RATINGS, value)


@settings(max_examples=40, deadline=None)
@given(bad_numbers([0, -3, 10**9]))
def test_any_bad_size_is_refused_by_check_parameters(value):
    with pytest.raises((ValueError, TypeError)):
        helpers.check_parameters(n_users=(value, 1, 100_000))


def test_clv_horizon_of_a_trillion_weeks_is_refused_before_anything_is_allocated():
    with pytest.raises(
        helpers.ParameterError, match="clv_horizon_weeks = 1,000,000,000,000 is outside 1 to 520"
    ):
        helpers.check_parameters(clv_horizon_weeks=(10**12, 1, 520))


def test_an_unknown_dataset_is_a_value_error_and_a_dataset_error():
    with pytest.raises(datasets.UnknownDatasetError) as info:
        datasets.fetch("ml-1m")
    assert isinstance(info.value, ValueError) and isinstance(info.value, datasets.DatasetError)


def test_a_negative_tolerance_names_the_argument():
    with pytest.raises(ValueError, match="tolerance must be >= 0"):
        exercises.Exercise("share?", expected=0.2, tolerance=-0.1)
