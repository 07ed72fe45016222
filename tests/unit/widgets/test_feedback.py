"""Views of notebook 06: the trust-loop view returns its figure and numbers, follows its levers, and refuses bad
levers; the trajectory and tornado figures refuse what they cannot draw."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from helpers.simulate import trust_loop
from helpers.widgets import feedback
from unit.simulate.test_trust_loop import R01, R02, R04, R05

PARAMS = trust_loop.TrustLoopParams.from_results(R01, R02, R04, R05)


def _view(**levers):
    fig, stats = feedback.trust_loop_view(PARAMS, n_users=400, n_periods=5, **levers)
    plt.close(fig)
    return stats


def test_the_view_returns_a_figure_and_its_long_run_numbers():
    fig, stats = feedback.trust_loop_view(PARAMS, n_users=400, n_periods=5)
    assert isinstance(fig, plt.Figure) and len(fig.axes) == 4
    assert set(stats) == {"trust_change", "retention", "clv", "clv_vs_none"}
    assert "virtuous" in fig._suptitle.get_text()
    plt.close(fig)
    assert feedback.caption(stats).startswith("trust change +")


def test_strict_privacy_without_transparency_turns_the_cycle_vicious():
    assert (
        _view(epsilon="0.1", transparency=False, consistency=0.5)["trust_change"]
        < 0
        < _view()["trust_change"]
    )


def test_no_depth_means_no_advantage_over_no_personalization():
    assert _view(depth=0.0)["clv_vs_none"] == 0.0


def test_the_view_is_reproducible():
    assert _view(depth=0.6) == _view(depth=0.6)


@pytest.mark.parametrize(
    "levers",
    [{"depth": 1.5}, {"epsilon": "0.3"}, {"epsilon": 0.0}, {"transparency": "yes"}, {"consistency": -0.1}],
)
def test_bad_levers_are_refused(levers):
    with pytest.raises((ValueError, TypeError)):
        _view(**levers)


def test_figures_refuse_what_they_cannot_draw():
    with pytest.raises(ValueError):
        feedback.trajectories_figure({}, "title")
    with pytest.raises(TypeError):
        feedback.trajectories_figure({"a": 1}, "title")
    with pytest.raises(ValueError):
        feedback.tornado_figure(None, "x", "title")
    with pytest.raises(TypeError):
        feedback.trust_loop_view(None)


def test_the_widget_builds_and_redraws():
    pytest.importorskip("ipywidgets")
    widget = feedback.trust_loop_widget(PARAMS, n_users=300, n_periods=4)
    depth = widget.children[0].children[0]
    caption = widget.children[2].children[0]
    before = caption.value
    depth.value = 0.0
    assert caption.value != before and "+0.00 vs no personalization" in caption.value


def test_the_chaney_and_popularity_figures_draw_what_they_are_given():
    summary = {"per_run": {
        "jaccard_vs_ideal": {"ideal": [0.0, 0.0], "popularity": [0.5, 0.6], "random": [-0.1, 0.0]},
        "utility_vs_ideal": {"ideal": [0.0, 0.0], "popularity": [-0.3, -0.2], "random": [-0.3, -0.3]},
    }}  # fmt: skip
    fig = feedback.chaney_spread_figure(summary, "title")
    assert len(fig.axes) == 2 and [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "popularity",
        "random",
    ]
    plt.close(fig)
    with pytest.raises(ValueError):
        feedback.chaney_spread_figure({}, "title")
    with pytest.raises(ValueError):
        feedback.popularity_figure({}, "title")
