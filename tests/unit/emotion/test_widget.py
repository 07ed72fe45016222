"""Specifications of helpers.widgets.emotion: the trust widget shows the model's numbers and redraws."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from helpers.simulate import emotion as se
from helpers.widgets import emotion as widget


def test_reference_user_has_average_trust():
    out = widget.predicted_trust(se.EmotionStudyParams(), 0.0, 0.0)
    assert out["affect"]["mean"] == pytest.approx(0.0)
    assert out["affect"]["share_above_average"] == pytest.approx(0.5)


def test_authentic_personalization_raises_emotional_trust_less_for_concerned_users():
    params = se.EmotionStudyParams()
    calm = widget.predicted_trust(params, 1.0, -1.0)["affect"]["mean"]
    average = widget.predicted_trust(params, 1.0, 0.0)["affect"]["mean"]
    worried = widget.predicted_trust(params, 1.0, 1.5)["affect"]["mean"]
    assert average == pytest.approx(params.understanding_on_affect * params.authentic_on_understanding)
    assert calm > average > worried


def test_predicted_trust_is_the_models_implied_trust():
    params = se.EmotionStudyParams()
    assert widget.predicted_trust(params, 0.4, -1.2) == params.implied_trust(0.4, -1.2)


def test_predicted_trust_keeps_the_numbers_the_notebook_shows():
    # notebook 01's table under the concerned-user figure (depth 1, concern +1.5 SD), rounded as printed
    shown = widget.predicted_trust(se.EmotionStudyParams(), 1.0, 1.5)
    rounded = {k: {m: round(v, 3) for m, v in d.items()} for k, d in shown.items()}
    assert rounded == {
        "affect": {"mean": 0.228, "sd": 0.972, "share_above_average": 0.593},
        "cognitive": {"mean": -0.276, "sd": 0.96, "share_above_average": 0.387},
        "intention": {"mean": 0.047, "sd": 0.991, "share_above_average": 0.519},
    }


def test_trust_view_shows_the_numbers_of_the_pure_function():
    params = se.EmotionStudyParams()
    fig, numbers = widget.trust_view(params, 0.5, 1.0)
    assert numbers == widget.predicted_trust(params, 0.5, 1.0)
    assert len(fig.axes) == 2
    plt.close(fig)


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
