"""What each notebook's instructor widget must do in a browser: one small spec per notebook.

A spec names the widget's main control by its description (the label the instructor sees), the value it
starts at and the value the test moves it to, and computes the text (and figure) the widget must show for a
value by calling the widget's pure function directly. Adding a notebook is one ``WidgetSpec(...)`` entry in
``SPECS`` and, usually, a three-line ``_view`` function.

Supported controls (``kind``): ``slider`` (Int/Float slider: the value is typed into its readout),
``dropdown`` (option label), ``toggle`` (ToggleButtons: button label), ``radio`` (option label),
``checkbox`` (True/False), ``text`` (Int/Float/Text box), ``multiselect`` (SelectMultiple: a list of labels),
``selection_slider`` (SelectionSlider: the option label; moved with the arrow keys).
A widget that prints no text can set ``text=None``: the test then checks that its figure follows the control
(with ``figure``) or at least redraws.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@dataclass(frozen=True)
class WidgetSpec:
    notebook: str  # file stem in notebooks/
    control: str  # the main control's description, exactly as shown beside it
    start: Any  # its value when the widget appears (or a function computing it, called only by the tests)
    to: Any  # the value the test moves it to
    text: Callable[[Any], str] | None  # text the widget shows for a value (from the pure function)
    figure: Callable[[Any], plt.Figure] | None = None  # figure it draws for a value (None: no figure check)
    kind: str = "slider"
    parameters: dict = field(default_factory=lambda: {"quick": True})  # injected like papermill's -p
    run_seconds: float = 180.0  # budget to run every cell up to the widget, on a busy 2-core machine

    @property
    def id(self) -> str:
        return self.notebook

    def start_value(self):
        return self.start() if callable(self.start) else self.start


# ---- 00_start_here: IntSlider "min ratings" over active_users_view -----------------------------------------


@functools.cache
def _movielens():
    from helpers import datasets

    return datasets.load_movielens_100k()


def _start_here(min_ratings: int):
    from helpers.widgets.start_here import active_users_view

    return active_users_view(_movielens(), int(min_ratings))


def _start_here_text(value) -> str:
    fig, stats = _start_here(value)
    plt.close(fig)
    return f"users kept: {stats['users_kept']}, ratings kept: {stats['ratings_kept']}"


# ---- 01_emotional_response: FloatSlider "depth" over trust_view (the study's true parameters) ------------


def _trust(depth):
    from helpers.simulate.emotion import EmotionStudyParams
    from helpers.widgets.emotion import trust_view

    # the notebook passes EmotionStudyParams(n=n_participants); n plays no part in the view
    return trust_view(EmotionStudyParams(), float(depth), 0.0)  # privacy concern stays at its default 0


def _trust_text(depth) -> str:
    from helpers.widgets.emotion import trust_caption

    fig, stats = _trust(depth)
    plt.close(fig)
    return trust_caption(stats)


# ---- 02_transparency_and_control: SelectMultiple "exclude" (genres) over control_panel_view ----------------


@functools.cache
def _item_knn():
    from helpers import datasets, explain

    return explain.fit_item_knn(_movielens()), datasets.load_movielens_items()


def _control_panel(excluded_genres):
    from helpers.widgets.transparency import control_panel_view

    model, movies = _item_knn()  # as the notebook fits it; the widget starts at user 1 (demo_user), n=8
    return control_panel_view(model, movies, 1, (), tuple(excluded_genres), n=8)


def _control_panel_text(excluded_genres) -> str:
    fig, stats = _control_panel(excluded_genres)
    plt.close(fig)
    return f"entered: {stats['entered']}\nleft: {stats['left']}"


# ---- 04_private_recommenders: SelectionSlider "epsilon" over epsilon_view ----------------------------------


def _noise_text(epsilon) -> str:
    """The start of the caption: the Laplace noise at ``epsilon``. That part depends on epsilon alone; the
    rest (RMSE of the best method) needs the notebook's grid of fits, which the test does not recompute."""
    import pandas as pd

    from helpers import privacy
    from helpers.widgets.privacy import epsilon_view

    labels = ["0.1", "1", "10", "inf"]  # the grid of the quick run (the widget starts at the middle, "10")
    stub = pd.DataFrame(
        [(e, m, 1.0, 0.5) for e in labels for m in privacy.METHODS],
        columns=["epsilon", "method", "rmse", "mia_auc"],
    )
    fig, numbers = epsilon_view(stub, str(epsilon))
    plt.close(fig)
    return f"Laplace noise on one rating: sd {numbers['noise_sd']:.2f} stars;"


# ---- 05_loyalty_measurement: FloatSlider "r" over bgnbd_value_view (the notebook's fitted BG/NBD) --------


@functools.cache
def _loyalty_fit():
    from helpers import datasets, loyalty

    summary = datasets.load_cdnow_summary()  # as the notebook fits them
    bgnbd = loyalty.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    sample = datasets.load_cdnow_transactions("sample")
    split = loyalty.calibration_holdout(sample, calibration_end="1997-09-30", holdout_end="1998-06-30")
    return bgnbd, loyalty.fit_gamma_gamma(split["frequency"], split["monetary_value"]).mean_spend


def _bgnbd_value(r):
    from helpers.widgets.loyalty import bgnbd_value_view

    bgnbd, spend = _loyalty_fit()  # the widget starts at the fit, a 10% discount rate, 104 weeks
    return bgnbd_value_view(
        r, bgnbd.alpha, bgnbd.a, bgnbd.b, annual_discount_rate=0.10, spend_per_purchase=spend, weeks=104
    )


def _bgnbd_value_text(r) -> str:
    fig, stats = _bgnbd_value(r)
    plt.close(fig)
    return (
        f"P(active) {stats['p_active_at_end']:.3f}, purchases {stats['purchases_at_end']:.2f}, "
        f"CLV ${stats['clv']:.2f}"
    )


# ---- 03_consistency: FloatSlider "lambda" over calibration_view ------------------------------------------


@functools.cache
def _calibration_case():
    import numpy as np

    from helpers import consistency, datasets, recsys

    ratings = datasets.load_movielens_100k()  # as the notebook builds it with quick=True (150 users, seed 0)
    genres = consistency.genre_frame(datasets.load_movielens_items())
    train, test = recsys.train_test_split(ratings, test_fraction=0.2, rng=0)
    liked = np.sort(test.loc[test["rating"] >= 4, "user_id"].unique())
    users = np.sort(np.random.default_rng(0).choice(liked, 150, replace=False))
    model = consistency.make_model("most_popular", 0).fit(train)
    return consistency.calibration_case(model, train, test, genres, users)


def _calibration(lam):
    from helpers.widgets.consistency import calibration_view

    return calibration_view(_calibration_case(), lam)


def _calibration_text(lam) -> str:
    fig, stats = _calibration(lam)
    plt.close(fig)
    return (
        f"lambda {stats['lambda']:.2f}: user {stats['user_id']} miscalibration {stats['user_miscalibration']:.3f}; "
        f"precision@10 {stats['precision_at_10']:.4f} (cost {stats['precision_cost']:+.4f})"
    )


# ---- 06_feedback_loops: FloatSlider "depth" over trust_loop_view (links read from the results files) -------


@functools.cache
def _trust_loop_params():
    from helpers import paths, results
    from helpers.simulate import trust_loop

    names = ["01_emotional_response", "02_transparency_and_control", "04_private_recommenders"]
    earlier = [results.load(n, root=paths.ROOT / "results") for n in [*names, "05_loyalty_measurement"]]
    return trust_loop.TrustLoopParams.from_results(*earlier)


def _trust_loop(depth):
    from helpers.widgets.feedback import trust_loop_view

    # the widget starts at depth 1, epsilon "1", transparency on, consistency 1; 2,000 users, 10 years, seed 0
    return trust_loop_view(
        _trust_loop_params(), float(depth), "1", True, 1.0, n_users=2000, n_periods=10, seed=0
    )


def _trust_loop_text(depth) -> str:
    from helpers.widgets.feedback import caption

    fig, stats = _trust_loop(depth)
    plt.close(fig)
    return caption(stats)


SPECS = [
    WidgetSpec(
        notebook="00_start_here",
        control="min ratings",
        start=20,
        to=100,
        text=_start_here_text,
        figure=lambda v: _start_here(v)[0],
    ),
    WidgetSpec(
        notebook="01_emotional_response",
        control="depth",
        start=1.0,
        to=0.5,
        text=_trust_text,
        figure=lambda v: _trust(v)[0],
    ),
    WidgetSpec(
        notebook="02_transparency_and_control",
        control="exclude",
        kind="multiselect",
        start=(),
        to=("Drama",),
        text=_control_panel_text,
        figure=lambda v: _control_panel(v)[0],
    ),
    WidgetSpec(
        notebook="04_private_recommenders",
        control="epsilon",
        kind="selection_slider",
        start="10",
        to="1",
        text=_noise_text,
        figure=None,
        run_seconds=300,
    ),
    WidgetSpec(
        notebook="05_loyalty_measurement",
        control="r",
        start=lambda: _loyalty_fit()[0].r,
        to=0.5,
        text=_bgnbd_value_text,
        figure=lambda v: _bgnbd_value(v)[0],
    ),
    WidgetSpec(
        notebook="03_consistency",
        control="lambda",
        start=0.0,
        to=0.9,
        text=_calibration_text,
        figure=lambda v: _calibration(v)[0],
    ),
    WidgetSpec(
        notebook="06_feedback_loops",
        control="depth",
        start=1.0,
        to=0.5,
        text=_trust_loop_text,
        figure=lambda v: _trust_loop(v)[0],
    ),
]


def spec_for(notebook: str) -> WidgetSpec:
    return next(s for s in SPECS if s.notebook == notebook)


def present_specs() -> list[WidgetSpec]:
    """The specs whose notebook is in this checkout (a spec may land before its notebook does)."""
    from helpers import paths

    return [s for s in SPECS if (paths.NOTEBOOKS / f"{s.notebook}.ipynb").exists()]
