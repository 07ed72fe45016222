"""Every public function of helpers.emotion (and of its simulator and widget) fails closed on bad input.

``CALLS`` holds one valid call per function and the bad values each argument must refuse with a ValueError or
TypeError naming it; the named tests below are the issue's case and the cases a new user tries first.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import emotion as em
from helpers.simulate import emotion as se
from helpers.widgets import emotion as widget
from unit.badinput import (
    NON_FINITE,
    NON_POSITIVE,
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    OUTSIDE_UNIT,
    Call,
    assert_fails_closed,
    bad_numbers,
    expand,
    ratings_frame,
)

NAN = float("nan")
CONFIDENCE = [0.0, 1.0, *OUTSIDE_UNIT, *NOT_A_NUMBER, *NON_FINITE]
FINITE = [*NOT_A_NUMBER, *NON_FINITE]
ALPHA = [0.0, 0.5, 0.7, *NOT_A_NUMBER, *NON_FINITE]

# ----------------------------------------------------------------------------------------------- valid data
PARAMS = se.EmotionStudyParams(n=150)
STUDY = se.simulate_study(PARAMS, 0)
ITEMS = PARAMS.items()
PATHS = [(c, e) for c, e, _ in se.PATHS]
FIT = em.fit_sem(STUDY, ITEMS, PATHS)
TRUTH = PARAMS.standardized_paths()
TABLE = em.compare_with_truth(FIT.paths, TRUTH)
RUNS = em.coverage_study(se.EmotionStudyParams(n=100), ITEMS, PATHS, 1, 0, se.simulate_study)
ANSWERS = STUDY[ITEMS["affect"]]


def with_nan(frame, column, row=0):
    out = frame.astype({column: float})
    out.loc[out.index[row], column] = NAN
    return out


RATINGS = ratings_frame(12, 15).assign(timestamp=lambda f: np.random.default_rng(1).permutation(len(f)))
SPLIT = em.temporal_split(RATINGS, 0.6)
MATCH = em.fit_profile_match(SPLIT.train, SPLIT.test, n_factors=3, n_epochs=3)
LATER = MATCH.test.assign(match=np.linspace(1, 5, len(MATCH.test)))

NOT_A_FRAME = [None, "data", [[1, 2], [3, 4]], STUDY.iloc[:0]]
BAD_ITEMS = [
    None,
    {},
    "affect",
    ["aff1", "aff2"],
    {"affect": "aff1"},
    {"affect": ["aff1"]},
    {"affect": ["aff1", "aff1", "aff2"]},
    {"affect": ["aff1", 2]},
    {"affect": ["nope", "aff1", "aff2"]},
]
BAD_PATHS = [
    None,
    [],
    "understanding -> affect",
    [("a",)],
    [("affect", "affect")],
    [(1, 2)],
    PATHS + PATHS[:1],
]
BAD_STUDY = [*NOT_A_FRAME, STUDY.drop(columns=["aff2"]), with_nan(STUDY, "und3"), STUDY.head(10)]
BAD_ANSWERS = [
    None,
    "answers",
    np.ones((10, 1)),
    np.array([[1.0, 2.0, 3.0]]),  # a single respondent
    [[1.0, NAN], [2.0, 3.0], [3.0, 4.0]],
    [[1.0, np.inf], [2.0, 3.0], [3.0, 4.0]],
    np.empty((0, 3)),
    [1.0, 2.0, 3.0],
    ANSWERS.iloc[:0],
    with_nan(ANSWERS, "aff1"),
    ANSWERS.assign(aff1=5),
]
BAD_RATINGS = [
    None,
    RATINGS.iloc[:0],
    RATINGS.drop(columns=["timestamp"]),
    with_nan(RATINGS, "rating"),
    RATINGS.assign(rating=7.0),
    RATINGS.assign(rating="5"),
]
BAD_LATER = [
    None,
    LATER.iloc[:0],
    LATER.drop(columns=["rating"]),
    with_nan(LATER, "rating"),
    with_nan(LATER, "match"),
]

CALLS = [
    # reliability
    Call(em.cronbach_alpha, {"items": ANSWERS}, {"items": BAD_ANSWERS, "confidence": CONFIDENCE}),
    Call(
        em.omega_from_loadings,
        {"loadings": [0.8, 0.7, 0.6]},
        {"loadings": [None, "0.8", [0.8], [], [1.2, 0.5], [NAN, 0.5], [np.inf, 0.5]]},
    ),
    Call(
        em.omega_from_loadings,
        {"loadings": [1.0, 2.0], "residual_variances": [1.0, 3.0]},
        {"residual_variances": [[-1.0, 1.0], [1.0], [NAN, 1.0], "ab", [[1.0, 1.0]]]},
    ),
    Call(em.mcdonald_omega, {"items": ANSWERS}, {"items": [*BAD_ANSWERS, ANSWERS.iloc[:, :2]]}),
    Call(em.reliability_table, {"data": STUDY, "items": ITEMS}, {"data": BAD_STUDY[:-1], "items": BAD_ITEMS}),
    # CFA and SEM
    Call(em.measurement_syntax, {"items": ITEMS}, {"items": BAD_ITEMS[:-1]}),
    Call(em.structural_syntax, {"paths": PATHS}, {"paths": BAD_PATHS}),
    Call(em.fit_cfa, {"data": STUDY, "items": ITEMS}, {"data": BAD_STUDY, "items": BAD_ITEMS}),
    Call(
        em.fit_sem,
        {"data": STUDY, "items": ITEMS, "paths": PATHS},
        {"data": BAD_STUDY, "items": BAD_ITEMS, "paths": BAD_PATHS, "confidence": CONFIDENCE},
    ),
    Call(
        em.standardized_paths,
        {"model": FIT.model, "paths": PATHS},
        {
            "model": [None, "model", FIT],
            "paths": [*BAD_PATHS, [("greeting", "affect")]],
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        em.scale_score_paths,
        {"data": STUDY, "items": ITEMS, "paths": PATHS},
        {"data": BAD_STUDY, "items": BAD_ITEMS, "paths": BAD_PATHS, "confidence": CONFIDENCE},
    ),
    Call(
        em.bootstrap_indirect,
        {
            "data": STUDY,
            "items": ITEMS,
            "paths": PATHS,
            "cause": "authentic",
            "mediator": "understanding",
            "outcome": "affect",
            "n_boot": 50,
            "rng": 0,
        },
        {
            "data": BAD_STUDY,
            "items": BAD_ITEMS,
            "paths": BAD_PATHS,
            "cause": [None, 1, "", "greeting"],
            "mediator": [None, "affect"],
            "outcome": [None, "intention"],
            "n_boot": [*NOT_A_COUNT, 0, -5, 49],
            "moderators": ["authentic_x_privacy", 42, ["no_such_term"]],
            "rng": NOT_A_GENERATOR,
            "confidence": CONFIDENCE,
        },
    ),
    # recovery
    Call(
        em.compare_with_truth,
        {"estimates": FIT.paths, "truth": TRUTH},
        {
            "estimates": [
                None,
                FIT.paths.iloc[:0],
                FIT.paths.drop(columns=["ci_low"]),
                with_nan(FIT.paths, "estimate"),
            ],
            "truth": [
                None,
                [0.1],
                {},
                {**TRUTH, "understanding -> affect": NAN},
                {**TRUTH, "affect -> intention": "0.4"},
            ],
        },
    ),
    Call(
        em.coverage_study,
        {
            "params": PARAMS,
            "items": ITEMS,
            "paths": PATHS,
            "n_reps": 1,
            "rng": 0,
            "simulate": se.simulate_study,
        },
        {
            "params": [None, {}, "params"],
            "items": BAD_ITEMS,
            "paths": BAD_PATHS,
            "n_reps": [*NOT_A_COUNT, 0],
            "rng": NOT_A_GENERATOR,
            "simulate": [None, "simulate_study"],
        },
    ),
    Call(
        em.summarize_coverage,
        {"runs": RUNS},
        {"runs": [None, RUNS.iloc[:0], RUNS.drop(columns=["covered"]), with_nan(RUNS, "estimate")]},
    ),
    # revealed (MovieLens-shaped ratings)
    Call(
        em.temporal_split,
        {"ratings": RATINGS},
        {"ratings": BAD_RATINGS, "train_share": [0.0, 1.0, *OUTSIDE_UNIT, *FINITE]},
    ),
    Call(
        em.fit_profile_match,
        {"train": SPLIT.train, "test": SPLIT.test, "n_factors": 3, "n_epochs": 3},
        {
            "train": [BAD_RATINGS[i] for i in (0, 1, 3, 4, 5)],
            "test": [*BAD_RATINGS[:2], with_nan(SPLIT.test, "rating"), SPLIT.test.head(5)],
            "n_factors": [*NOT_A_COUNT, 0],
            "n_epochs": [*NOT_A_COUNT, 0],
            "random_state": [None, -1, 2.5, "0", np.random.default_rng(0)],
        },
    ),
    Call(
        em.affect_by_decile,
        {"test": MATCH.test, "n_boot": 50, "rng": 0},
        {
            "test": BAD_LATER,
            "n_boot": [*NOT_A_COUNT, 0, -5, 49],
            "rng": NOT_A_GENERATOR,
            "by": [None, 1, "", "nope"],
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        em.calibration_curve,
        {"test": LATER, "bins": [1.0, 3.0, 5.0001]},
        {"test": BAD_LATER, "bins": [None, "bins", [1.0], [1.0, 3.0, 2.0], [1.0, NAN, 5.0], [4.9, 5.0]]},
    ),
    Call(
        em.per_user_gradient,
        {"test": LATER, "min_ratings": 3},
        {"test": BAD_LATER, "min_ratings": [*NOT_A_COUNT, 0, 1, 10_000]},
    ),
    Call(
        em.trend,
        {"values": [1.0, 2.0, 3.0]},
        {"values": [None, "123", [], [1.0], [1.0, NAN], [2.0, 2.0, 2.0]]},
    ),
    # figures
    Call(
        em.draw_path_model,
        {"coefficients": TRUTH},
        {
            "coefficients": [None, [0.1], {"greeting -> affect": 0.1}, {"understanding -> affect": NAN}],
            "ax": ["ax", 1],
            "title": [None, 1],
        },
    ),
    Call(
        em.plot_item_distributions,
        {"data": STUDY, "items": ITEMS},
        {
            "data": [*BAD_STUDY[:-1], STUDY.assign(aff1=0), STUDY.assign(aff1=2.5)],
            "items": BAD_ITEMS[:5] + BAD_ITEMS[6:],
            "points": [*NOT_A_COUNT, 0, 1, 5],
            "ax": ["ax"],
        },
    ),
    Call(
        em.plot_paths_against_truth,
        {"table": TABLE},
        {
            "table": [None, TABLE.iloc[:0], TABLE.drop(columns=["truth"]), with_nan(TABLE, "ci_low")],
            "ax": ["ax"],
            "others": ["others", {"naive": None}, {"naive": TABLE.drop(columns=["estimate"])}],
        },
    ),
    # equivalence (re-exported from helpers.stats)
    Call(
        em.tost,
        {"x": [1.0, 2.0, 3.0], "y": [1.5, 2.5, 2.0], "low": -1.0, "high": 1.0},
        {"x": [None, [1.0], [1.0, NAN]], "low": [*FINITE, 1.0], "high": FINITE, "alpha": ALPHA},
    ),
    Call(
        em.tost_power,
        {"n_per_group": 100, "bound_d": 0.2},
        {"n_per_group": [*NOT_A_COUNT, 1], "bound_d": [*NON_POSITIVE, *FINITE], "alpha": ALPHA},
    ),
    Call(em.pooled_sd, {"x": [1.0, 2.0], "y": [3.0, 5.0]}, {"x": [None, [1.0], [NAN, 1.0]], "y": ["12"]}),
    # the simulator
    Call(
        se.EmotionStudyParams,
        {},
        {
            "n": [*NOT_A_COUNT, 0, 29, True],
            "condition_shares": [None, (0.5, 0.5), (0.5, NAN, 0.5), (0.2, 0.2, 0.2), (1.2, -0.1, -0.1)],
            "authentic_on_understanding": FINITE,
            "understanding_on_affect": [*FINITE, 1.1],
            "trait_correlation": [*FINITE, 1.0, -1.0],
            "loadings": [
                None,
                {},
                {**PARAMS.loadings, "affect": (0.8, 1.0, 0.7)},
                {**PARAMS.loadings, "affect": "x"},
            ],
            "likert_points": [*NOT_A_COUNT, 1, 12],
            "leniency": FINITE,
            "acquiescence_sd": [*FINITE, -0.1],
        },
    ),
    Call(se.path_name, {"cause": "a", "effect": "b"}, {"cause": [None, 1, ""], "effect": [None]}),
    Call(
        se.assign_conditions,
        {"n": 30, "shares": (0.2, 0.3, 0.5), "rng": 0},
        {
            "n": [*NOT_A_COUNT, 0],
            "shares": [None, (0.5, 0.5), (0.2, 0.3, 0.6), (0.5, NAN, 0.5)],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        se.simulate_latent,
        {"params": PARAMS, "rng": 0},
        {
            "params": [None, {}],
            "rng": NOT_A_GENERATOR,
            "conditions": ["none", ["none"] * 3, ["gamified"] * 150],
        },
    ),
    Call(
        se.simulate_study,
        {"params": PARAMS, "rng": 0},
        {
            "params": [{}, "params"],
            "rng": NOT_A_GENERATOR,
            "conditions": [["none"] * 149, [None] * 150],
            "keep_latent": ["yes", 1, None],
        },
    ),
    Call(PARAMS.indirect_effect, {}, {"cause": [None, 1, "greeting"], "outcome": [None, "nothing"]}),
    Call(
        PARAMS.implied_trust,
        {"depth": 0.5, "privacy_concern": 0.0},
        {"depth": [*FINITE, -0.1, 1.5], "privacy_concern": [*FINITE, 5.5, -6.0]},
    ),
    # the widget
    Call(
        widget.predicted_trust,
        {"params": PARAMS, "depth": 0.5, "privacy_concern": 0.0},
        {"params": [None, {}], "depth": [*FINITE, 1.5], "privacy_concern": [*FINITE, 9.0]},
    ),
    Call(
        widget.trust_view,
        {"params": PARAMS, "depth": 0.5, "privacy_concern": 0.0},
        {"params": [None], "depth": [*FINITE, -0.5], "privacy_concern": FINITE},
    ),
    Call(widget.trust_widget, {"params": PARAMS}, {"params": [None, {}, "params"]}),
]

EXEMPT = {
    "BOOTSTRAP_CHUNK": "a constant: bootstrap resamples per sweep task",
    "AlphaResult": "plain result dataclass, built by cronbach_alpha after its checks",
    "IndirectResult": "plain result dataclass, built by bootstrap_indirect after its checks",
    "ModeratedMediation": "plain result dataclass, built by bootstrap_indirect after its checks of moderators",
    "ProfileMatch": "plain result dataclass, built by fit_profile_match after its checks",
    "SEMResult": "plain result dataclass, built by fit_cfa/fit_sem after their checks",
    "TemporalSplit": "plain result dataclass, built by temporal_split after its checks",
    "Trend": "plain result dataclass, built by trend after its checks",
    "TOSTResult": "result of stats.tost; its alpha check is fed bad input in tests/unit/stats",
}


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@pytest.mark.filterwarnings(
    "ignore:some bootstrap samples drew no user:RuntimeWarning"
)  # 12 users, by design
@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.func.__qualname__)
def test_the_valid_call_of_each_registry_entry_works(call):
    import matplotlib.pyplot as plt

    call.func(**call.kwargs)
    plt.close("all")


# ----------------------------------------------------------------------------------------------- properties


@settings(max_examples=30, deadline=None)
@given(
    row=st.integers(0, len(ANSWERS) - 1),
    column=st.sampled_from(ITEMS["affect"]),
    hole=st.sampled_from([NAN, np.inf]),
)
def test_a_missing_or_infinite_answer_anywhere_is_refused_with_its_column(row, column, hole):
    answers = ANSWERS.astype(float)
    answers.iloc[row, answers.columns.get_loc(column)] = hole
    with pytest.raises(ValueError, match=column):
        em.cronbach_alpha(answers)
    with pytest.raises(ValueError, match=column):
        em.reliability_table(STUDY.astype({column: float}).assign(**{column: answers[column]}), ITEMS)


@settings(max_examples=25, deadline=None)
@given(value=bad_numbers([0.0, 1.0, 1.5, -0.5]))
def test_every_confidence_argument_refuses_a_bad_level(value):
    for func, kwargs in [
        (em.cronbach_alpha, {"items": ANSWERS}),
        (em.fit_sem, {"data": STUDY, "items": ITEMS, "paths": PATHS}),
        (em.scale_score_paths, {"data": STUDY, "items": ITEMS, "paths": PATHS}),
        (em.standardized_paths, {"model": FIT.model, "paths": PATHS}),
        (em.affect_by_decile, {"test": MATCH.test, "n_boot": 50, "rng": 0}),
    ]:
        assert_fails_closed(func, kwargs, "confidence", value)


@settings(max_examples=20, deadline=None)
@given(rng=st.sampled_from(NOT_A_GENERATOR), n_boot=st.integers(-1000, 49))
def test_the_bootstraps_refuse_a_bad_generator_or_too_few_samples(rng, n_boot):
    args = (STUDY, ITEMS, PATHS, "authentic", "understanding", "affect")
    with pytest.raises((TypeError, ValueError), match="rng|default_rng"):
        em.bootstrap_indirect(*args, n_boot=50, rng=rng)
    with pytest.raises(ValueError, match="n_boot"):
        em.bootstrap_indirect(*args, n_boot=n_boot, rng=0)
    with pytest.raises(ValueError, match="n_boot"):
        em.affect_by_decile(MATCH.test, n_boot, 0)


# ----------------------------------------------------------------------------------------------- named cases


def test_issue_12_emotion_tost_honours_its_alpha():
    # issue 12: `emotion.tost(..., alpha=0.01).equivalent` tested at 5%
    rng = np.random.default_rng(2)
    result = em.tost(rng.normal(0, 1, 200), rng.normal(0, 1, 200), -0.25, 0.25, alpha=0.01)
    assert 0.01 < result.p_value < 0.05 and not result.equivalent


def test_nan_in_a_survey_item_is_refused_by_every_model_and_named():
    holes = with_nan(STUDY, "aff2")
    for func in (em.fit_cfa, em.reliability_table):
        with pytest.raises(ValueError, match=r"\['aff2'\].*missing"):
            func(holes, ITEMS)
    with pytest.raises(ValueError, match=r"\['aff2'\].*missing"):
        em.fit_sem(holes, ITEMS, PATHS)


def test_a_single_respondent_is_refused():
    with pytest.raises(ValueError, match="three respondents"):
        em.cronbach_alpha(ANSWERS.head(1))
    with pytest.raises(ValueError, match="more respondents than variables"):
        em.fit_cfa(STUDY.head(1), ITEMS)


def test_an_empty_frame_is_refused_by_name():
    with pytest.raises(ValueError, match="data is empty"):
        em.fit_sem(STUDY.iloc[:0], ITEMS, PATHS)
    with pytest.raises(ValueError, match="ratings is empty"):
        em.temporal_split(RATINGS.iloc[:0])


def test_zero_replications_and_negative_bootstrap_counts_are_refused():
    with pytest.raises(ValueError, match="n_reps must be at least 1"):
        em.coverage_study(PARAMS, ITEMS, PATHS, 0, 0, se.simulate_study)
    with pytest.raises(ValueError, match="n_boot must be at least 50"):
        em.bootstrap_indirect(STUDY, ITEMS, PATHS, "authentic", "understanding", "affect", -10, 0)


def test_none_as_rng_is_refused_with_the_fix():
    with pytest.raises(TypeError, match=r"rng=np.random.default_rng\(seed\)"):
        em.coverage_study(PARAMS, ITEMS, PATHS, 1, None, se.simulate_study)
    with pytest.raises(TypeError, match=r"rng=np.random.default_rng\(seed\)"):
        se.simulate_study(PARAMS, None)
