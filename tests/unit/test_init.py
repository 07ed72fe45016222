"""helpers (the package's own functions): start_notebook, quick_sizes and check_parameters."""

import pytest

import helpers
from helpers import ParameterError, check_parameters, quick_sizes


def test_start_notebook_registers_the_name_and_starts_an_empty_record(tmp_path, monkeypatch):
    from helpers import paths, results

    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    helpers.start_notebook("98_init")
    results.record("x", 1, show=False)
    helpers.start_notebook("98_init")
    results.record("y", 2, show=False)
    assert paths.current_notebook() == "98_init"
    assert results.load("98_init", tmp_path / "results") == {"y": 2}


def test_quick_sizes_are_used_only_when_quick(monkeypatch):
    monkeypatch.delenv(helpers.EXPLICIT_PARAMETERS_ENV, raising=False)
    assert quick_sizes(False, n_boot=(300, 60), n_reps=(200, 20)) == (300, 200)
    sizes = quick_sizes(True, n_boot=(300, 60), n_reps=(200, 20))
    assert sizes == (60, 20) and sizes.n_boot == 60


def test_an_explicit_parameter_wins_over_quick(monkeypatch):
    monkeypatch.setenv(helpers.EXPLICIT_PARAMETERS_ENV, "seed,n_reps")
    n_boot, n_reps = quick_sizes(True, n_boot=(300, 60), n_reps=(5000, 20))
    assert (n_boot, n_reps) == (60, 5000)


@pytest.mark.parametrize(
    ("quick", "sizes", "error"),
    [("yes", {"n": (1, 2)}, TypeError), (True, {}, ValueError), (True, {"n": 5}, TypeError)],
)
def test_quick_sizes_refuses_bad_input(quick, sizes, error):
    with pytest.raises(error):
        quick_sizes(quick, **sizes)


def test_sizes_inside_their_bounds_pass():
    check_parameters(n_users=(943, 1, 100_000), share=(0.8, 0.05, 0.95), n=(1, 1, 1))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, r"n_surveys = 0 is outside 1 to 100,000"),
        (10**12, r"n_surveys = 1,000,000,000,000 is outside 1 to 100,000"),
        (1e12, r"n_surveys = 1000000000000.0 is not a whole number"),
        (2.5, r"not a whole number"),
        (True, r"not a whole number"),
        ("300", r"not a whole number"),
        (None, r"not a whole number"),
    ],
)
def test_a_size_outside_its_ceiling_is_refused_with_the_fix(value, message):
    with pytest.raises(ParameterError, match=message) as info:
        check_parameters(n_surveys=(value, 1, 100_000))
    assert "-p n_surveys" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.99, "0.5", None])
def test_a_share_outside_its_range_is_refused(value):
    with pytest.raises(ParameterError, match="train_share"):
        check_parameters(train_share=(value, 0.05, 0.95))


@pytest.mark.parametrize(
    ("spec", "error"),
    [((1, 5, 2), ValueError), ((1, 0), TypeError), (3, TypeError), ((1, 0, float("inf")), TypeError)],
)
def test_check_parameters_refuses_malformed_bounds(spec, error):
    with pytest.raises(error):
        check_parameters(n=spec)


def test_check_parameters_needs_something_to_check():
    with pytest.raises(ValueError, match="at least one"):
        check_parameters()
