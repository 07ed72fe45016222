"""Specifications of helpers.widgets.emotion: the trust widget shows the model's numbers and redraws."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.simulate import emotion as se
from helpers.widgets import emotion as widget


def test_the_same_user_at_depth_0_is_the_reference_of_each_change():
    params = se.EmotionStudyParams()
    _, numbers = widget.trust_view(params, 1.0, 0.0)
    plt.close("all")
    # full depth for a user of average concern: a_auth·b SD of emotional trust more than at depth 0
    assert numbers["affect"]["change_from_depth_0"] == pytest.approx(0.8 * 0.6)
    assert numbers["affect"]["mean"] == pytest.approx(0.8 * 0.6 * 2 / 3)  # the study average is 0


def test_authentic_personalization_raises_emotional_trust_less_for_concerned_users():
    params = se.EmotionStudyParams()
    gains = widget.trust_grid(params, [1.0], [-1.0, 0.0, 1.5]).set_index("privacy_concern")
    gain = gains["affect_change_from_depth_0"]
    assert gain[0.0] == pytest.approx(params.understanding_on_affect * params.authentic_on_understanding)
    assert gain[-1.0] > gain[0.0] > gain[1.5] > 0


def test_personalization_never_lowers_trust_over_the_sliders_range():
    # the talking point the README may state: at any depth and concern the widget offers, the same user
    # trusts at least as much with personalization as without it
    grid = widget.trust_grid(se.EmotionStudyParams(), np.linspace(0, 1, 21), np.linspace(-2.5, 2.5, 51))
    changes = grid.filter(like="change_from_depth_0")
    assert (changes >= -1e-12).all().all()
    assert grid.loc[grid["depth"] == 0, changes.columns].abs().max().max() < 1e-12


def test_trust_grid_has_one_row_per_setting_and_refuses_depth_outside_zero_one():
    grid = widget.trust_grid(se.EmotionStudyParams(), [0.0, 0.5, 1.0], [-1.0, 1.0])
    assert len(grid) == 6
    assert {"affect_mean", "intention_share_above_average", "cognitive_change_from_depth_0"} <= set(grid)
    with pytest.raises(ValueError, match="depths"):
        widget.trust_grid(se.EmotionStudyParams(), [1.5], [0.0])
    with pytest.raises(TypeError, match="EmotionStudyParams"):
        widget.trust_grid({}, [1.0], [0.0])


def test_predicted_trust_is_the_models_implied_trust():
    params = se.EmotionStudyParams()
    assert widget.predicted_trust(params, 0.4, -1.2) == params.implied_trust(0.4, -1.2)


def test_predicted_trust_keeps_the_numbers_the_notebook_shows():
    # notebook 01's table under the concerned-user figure (depth 1, concern +1.5 SD), rounded as printed
    shown = widget.predicted_trust(se.EmotionStudyParams(), 1.0, 1.5)
    rounded = {k: {m: round(v, 3) for m, v in d.items()} for k, d in shown.items()}
    assert rounded == {
        "affect": {"mean": 0.068, "sd": 0.972, "share_above_average": 0.528},
        "cognitive": {"mean": -0.356, "sd": 0.96, "share_above_average": 0.355},
        "intention": {"mean": -0.041, "sd": 0.991, "share_above_average": 0.484},
    }


def test_trust_view_shows_the_numbers_of_the_pure_function():
    params = se.EmotionStudyParams()
    fig, numbers = widget.trust_view(params, 0.5, 1.0)
    setting, same_user = widget.predicted_trust(params, 0.5, 1.0), widget.predicted_trust(params, 0.0, 1.0)
    for key, dist in setting.items():
        assert {k: numbers[key][k] for k in dist} == dist
        assert numbers[key]["change_from_depth_0"] == pytest.approx(dist["mean"] - same_user[key]["mean"])
    assert len(fig.axes) == 2
    assert fig.legends[0].get_texts()[0].get_text().startswith("same user, depth 0")
    plt.close(fig)


def test_caption_names_the_change_and_the_share():
    _, numbers = widget.trust_view(se.EmotionStudyParams(), 1.0, 0.0)
    plt.close("all")
    assert widget.trust_caption(numbers) == (
        "intention to keep using: +0.26 SD vs the same user at depth 0, 57% above the study average"
    )


def test_predicted_trust_rejects_depth_outside_zero_one():
    with pytest.raises(ValueError, match="depth"):
        widget.predicted_trust(se.EmotionStudyParams(), 1.5, 0.0)


def test_widget_functions_refuse_anything_but_study_parameters():
    for call in (lambda: widget.predicted_trust({}, 0.5, 0.0), lambda: widget.trust_widget(None)):
        with pytest.raises(TypeError, match="EmotionStudyParams"):
            call()


def test_trust_widget_redraws_caption_and_figure_when_depth_moves():
    box = widget.trust_widget(se.EmotionStudyParams())
    depth = box.children[0].children[0]
    caption, image = box.children[1].children
    before = (caption.value, image.value)
    depth.value = 0.0
    assert caption.value != before[0] and image.value != before[1]
    assert "intention to keep using" in caption.value
