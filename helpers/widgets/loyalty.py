"""Widget of notebook 05: what the BG/NBD parameters and the discount rate imply for a new customer's
activity, repeat purchases and lifetime value."""

from __future__ import annotations

import matplotlib.pyplot as plt

from .. import loyalty
from .view import FigureView


def new_customer_value(
    r: float,
    alpha: float,
    a: float,
    b: float,
    annual_discount_rate: float,
    spend_per_purchase: float,
    weeks: int = 104,
) -> dict:
    """Week-by-week P(active), expected cumulative repeat purchases and discounted value of one new customer
    under a BG/NBD with these parameters (computed by :func:`helpers.loyalty.new_customer_value`).

    Returns arrays ``week``, ``p_active``, ``expected_purchases``, ``cumulative_value`` (dollars) and the
    totals at ``weeks``.
    """
    model = loyalty.BGNBDResult(r, alpha, a, b)
    out = loyalty.new_customer_value(model, spend_per_purchase, annual_discount_rate, weeks)
    return {
        "week": out.week,
        "p_active": out.p_active,
        "expected_purchases": out.expected_purchases,
        "cumulative_value": out.cumulative_value,
        "p_active_at_end": out.p_active_at_end,
        "purchases_at_end": out.purchases_at_end,
        "clv": out.clv,
    }


def bgnbd_value_view(
    r: float,
    alpha: float,
    a: float,
    b: float,
    annual_discount_rate: float = 0.10,
    spend_per_purchase: float = 35.0,
    weeks: int = 104,
) -> tuple[plt.Figure, dict]:
    """Three panels for a new customer: P(still active), expected repeat purchases, discounted value.

    Returns the figure and the numbers it shows (P(active), expected purchases and CLV at ``weeks``), so tests
    can check the view without a browser.
    """
    out = new_customer_value(r, alpha, a, b, annual_discount_rate, spend_per_purchase, weeks)
    stats = {k: round(out[k], 3) for k in ("p_active_at_end", "purchases_at_end", "clv")}
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    axes[0].plot(out["week"], out["p_active"])
    axes[0].set(
        ylim=(0, 1.02),
        xlabel="weeks since first purchase",
        ylabel="P(still active)",
        title=f"{stats['p_active_at_end']:.0%} still active at week {weeks}",
    )
    axes[1].plot(out["week"], out["expected_purchases"], color="C1")
    axes[1].set(
        xlabel="weeks since first purchase",
        ylabel="expected repeat purchases",
        title=f"{stats['purchases_at_end']:.2f} repeat purchases expected",
    )
    axes[2].plot(out["week"], out["cumulative_value"], color="C2")
    axes[2].set(
        xlabel="weeks since first purchase",
        ylabel="discounted value (US$)",
        title=f"CLV ${stats['clv']:.0f} at {annual_discount_rate:.0%} a year",
    )
    fig.suptitle(
        f"BG/NBD r={r:.3g}, alpha={alpha:.3g}, a={a:.3g}, b={b:.3g}; ${spend_per_purchase:.0f} a purchase",
        fontsize=10,
    )
    fig.tight_layout()
    return fig, stats


def bgnbd_value_widget(
    r: float = 0.243,
    alpha: float = 4.414,
    a: float = 0.793,
    b: float = 2.426,
    spend_per_purchase: float = 35.0,
    weeks: int = 104,
):
    """Sliders over the BG/NBD parameters and the annual discount rate, redrawing :func:`bgnbd_value_view`."""
    import ipywidgets as w

    model = loyalty.BGNBDResult(r, alpha, a, b)  # refuses non-positive or non-finite parameters up front

    def slider(name, low, high, step, description):
        value = getattr(model, name)  # the range stretches to hold a start outside it, never clamps it
        return w.FloatSlider(
            value=value, min=min(low, value), max=max(high, value), step=step, description=description
        )

    sliders = {
        "r": slider("r", 0.05, 2.0, 0.01, "r"),
        "alpha": slider("alpha", 0.5, 30.0, 0.1, "alpha (weeks)"),
        "a": slider("a", 0.1, 5.0, 0.01, "a"),
        "b": slider("b", 0.1, 20.0, 0.1, "b"),
        "annual_discount_rate": w.FloatSlider(
            value=0.10, min=0.0, max=0.5, step=0.01, description="discount/yr"
        ),
    }
    for slider in sliders.values():
        slider.continuous_update = False
        slider.style = {"description_width": "initial"}
    view = FigureView()

    def redraw(change=None):
        fig, stats = bgnbd_value_view(
            **{k: s.value for k, s in sliders.items()}, spend_per_purchase=spend_per_purchase, weeks=weeks
        )
        view.show(
            fig,
            f"P(active) {stats['p_active_at_end']:.3f}, purchases {stats['purchases_at_end']:.2f}, "
            f"CLV ${stats['clv']:.2f}",
        )

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox(list(sliders.values())[:3]), w.HBox(list(sliders.values())[3:]), view.widget])
