"""Specifications of helpers.widgets.loyalty: the new-customer value view and its sliders."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import loyalty
from helpers.widgets import loyalty as widget


def test_new_customer_value_without_dropout_is_the_nbd_mean():
    out = widget.new_customer_value(
        r=0.5, alpha=5.0, a=1e-3, b=1e4, annual_discount_rate=0.0, spend_per_purchase=10.0, weeks=20
    )
    assert out["p_active_at_end"] == pytest.approx(1.0, abs=1e-4)
    assert out["purchases_at_end"] == pytest.approx(0.5 / 5.0 * 20, rel=1e-3)
    assert out["clv"] == pytest.approx(10.0 * out["purchases_at_end"], rel=1e-9)


def test_new_customer_value_is_the_loyalty_package_computation():
    out = widget.new_customer_value(0.243, 4.414, 0.793, 2.426, 0.1, 35.0)
    model = loyalty.new_customer_value(loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426), 35.0, 0.1, 104)
    assert out["clv"] == model.clv and np.array_equal(out["cumulative_value"], model.cumulative_value)


def test_new_customer_value_falls_with_the_discount_rate():
    low = widget.new_customer_value(0.243, 4.414, 0.793, 2.426, 0.0, 35.0)["clv"]
    high = widget.new_customer_value(0.243, 4.414, 0.793, 2.426, 0.3, 35.0)["clv"]
    assert high < low


def test_bgnbd_value_view_returns_three_panels_and_their_numbers():
    fig, stats = widget.bgnbd_value_view(0.243, 4.414, 0.793, 2.426)
    assert len(fig.axes) == 3 and set(stats) == {"p_active_at_end", "purchases_at_end", "clv"}
    plt.close(fig)


def test_bgnbd_value_view_rejects_non_positive_parameters():
    with pytest.raises(ValueError, match="parameter alpha must be > 0"):
        widget.bgnbd_value_view(0.243, 0.0, 0.793, 2.426)


def test_bgnbd_value_widget_redraws_when_a_slider_moves():
    box = widget.bgnbd_value_widget()
    caption, image = box.children[-1].children
    before = (caption.value, image.value)
    box.children[0].children[0].value = 0.5  # r
    assert caption.value != before[0] and image.value != before[1]
    assert "CLV $" in caption.value and image.value[:4] == b"\x89PNG"
    plt.close("all")


def test_bgnbd_value_widget_starts_where_it_is_told_even_outside_the_slider_range():
    box = widget.bgnbd_value_widget(r=3.0)
    assert box.children[0].children[0].value == 3.0
    plt.close("all")


def test_bgnbd_value_widget_refuses_a_nan_parameter():
    with pytest.raises(ValueError, match="parameter b"):
        widget.bgnbd_value_widget(b=float("nan"))
