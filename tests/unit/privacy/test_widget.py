"""Specifications of helpers.widgets.privacy: the epsilon view and its slider (views and controls only)."""

import pandas as pd
import pytest

from helpers import privacy


def fake_grid():
    rows = []
    for m in privacy.METHODS:
        for j, e in enumerate(["0.1", "1", "inf"]):
            for s in (0, 1):
                rows.append(
                    {
                        "method": m,
                        "epsilon": e,
                        "seed": s,
                        "rmse": 1.2 - 0.1 * j - 0.01 * privacy.METHODS.index(m),
                        "mia_auc": 0.5 + 0.01 * j,
                    }
                )
    return pd.DataFrame(rows)


def test_epsilon_view_reports_the_numbers_it_draws():
    import matplotlib.pyplot as plt

    from helpers.widgets import privacy as widget

    fig, numbers = widget.epsilon_view(fake_grid(), "1", nonprivate_rmse=0.9)
    plt.close(fig)
    assert numbers["laplace_scale"] == 4.0
    assert (
        numbers["laplace_scale"] == privacy.rating_noise(1.0).scale
    )  # the package's maths, not the widget's
    assert numbers["rmse"]["local_dp"] == pytest.approx(1.06)
    assert numbers["best_private"] == "billboard_global_effects"  # the lowest RMSE of the fake grid
    assert numbers["privacy_unit"]["local_dp"] == "value of a rating"
    assert numbers["best_by_unit"] == {
        "value of a rating": "local_dp",
        "presence of a rating": "billboard_global_effects",
    }


def test_epsilon_view_rejects_an_epsilon_not_in_the_grid():
    from helpers.widgets import privacy as widget

    with pytest.raises(ValueError, match="not in the grid"):
        widget.epsilon_view(fake_grid(), "3")


def test_epsilon_view_refuses_a_nan_reference():
    from helpers.widgets import privacy as widget

    with pytest.raises(ValueError, match="nonprivate_rmse"):
        widget.epsilon_view(fake_grid(), "1", nonprivate_rmse=float("nan"))


def test_epsilon_widget_redraws_when_the_slider_moves():
    from helpers.widgets import privacy as widget

    box = widget.epsilon_widget(fake_grid(), nonprivate_rmse=0.9)
    slider, view = box.children
    caption, image = view.children
    first = image.value
    slider.value = "inf"
    assert image.value != first and image.value[:4] == b"\x89PNG"
    assert "sd 0.00 stars" in caption.value
