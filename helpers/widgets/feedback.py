"""Views of notebook 06 (feedback loops): the trust loop's trajectories for a set of policies, the tornado plot of
its sensitivity analysis, and the instructor widget over the operator's levers (depth, transparency, epsilon,
consistency)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._validation import check_bool, check_count, check_number, check_probability
from ..simulate import trust_loop
from .view import FigureView

__all__ = [
    "EPSILONS",
    "caption",
    "tornado_figure",
    "trajectories_figure",
    "trust_loop_view",
    "trust_loop_widget",
]

EPSILONS = ("0.1", "0.5", "1", "2", "5", "10", "inf")

_PANELS = (
    ("trust_all", "mean trust (notebook 01's intention units)"),
    ("data_share", "share of active users sharing data"),
    ("accuracy", "accuracy (share of the best MF gain)"),
    ("retention", "share of the cohort still active"),
)


def chaney_spread_figure(summary: dict, title: str) -> plt.Figure:
    """Per-run homogeneity and utility relative to the ideal recommender, one box per recommender (``summary``
    from ``dynamics.chaney_summary``)."""
    if not isinstance(summary, dict) or "per_run" not in summary:
        raise ValueError("summary must be what dynamics.chaney_summary returns (with per_run)")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.0))
    for ax, key, label in (
        (axes[0], "jaccard_vs_ideal", "Jaccard change vs ideal (homogeneity)"),
        (axes[1], "utility_vs_ideal", "utility relative to ideal (share)"),
    ):
        runs = {k: v for k, v in summary["per_run"][key].items() if k != "ideal"}
        ax.boxplot(list(runs.values()), tick_labels=list(runs))
        ax.axhline(0, color="grey", lw=1, ls="--")
        ax.set(ylabel=label, xlabel="recommender")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def popularity_figure(loops: dict, title: str) -> plt.Figure:
    """Gini of item interactions and the average popularity of the recommended items on current and on
    original counts, per iteration, one line per algorithm (``loops``: {algorithm: FeedbackLoopResult})."""
    if not isinstance(loops, dict) or not loops:
        raise ValueError("loops must be a non-empty dict {algorithm: FeedbackLoopResult}")
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.0))
    for i, (name, loop) in enumerate(loops.items()):
        it = np.arange(len(loop.gini) + 1)
        axes[0].plot(it, [loop.gini_original, *loop.gini], marker="o", color=f"C{i}", label=name)
        axes[1].plot(it[1:], loop.arp_current, marker="o", color=f"C{i}")
        axes[2].plot(it[1:], loop.arp_original, marker="o", color=f"C{i}")
    axes[0].set(xlabel="iteration (0 = training data)", ylabel="Gini of item interaction counts")
    axes[1].set(xlabel="iteration", ylabel="ARP on current counts (share of users)")
    axes[2].set(xlabel="iteration", ylabel="ARP on original counts (share of users)")
    axes[0].legend(fontsize=9)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def trajectories_figure(runs: dict, title: str) -> plt.Figure:
    """Four panels over the years: trust, data share, accuracy and retention, one line per policy.

    ``runs`` maps a policy name to a :class:`~helpers.simulate.trust_loop.TrustLoopRun`.
    """
    if not isinstance(runs, dict) or not runs:
        raise ValueError("runs must be a non-empty dict {policy name: TrustLoopRun}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {type(title).__name__}")
    fig, axes = plt.subplots(1, 4, figsize=(14, 4.0))
    for name, run in runs.items():
        if not isinstance(run, trust_loop.TrustLoopRun):
            raise TypeError(f"runs[{name!r}] must be a TrustLoopRun, got {type(run).__name__}")
        years = np.arange(run.retention.size)
        for ax, (key, label) in zip(axes, _PANELS):
            ax.plot(years, getattr(run, key), label=name)
            ax.set(xlabel="year", ylabel=label)
    axes[-1].set_ylim(0, 1.02)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(runs), 4), fontsize=9, frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def tornado_figure(table: pd.DataFrame, metric_label: str, title: str) -> plt.Figure:
    """Horizontal bars from each assumed link's low to its high value of the outcome, largest swing on top,
    with the value at the assumed links as a vertical line (``table`` from ``trust_loop.tornado_table``)."""
    if not isinstance(table, pd.DataFrame) or not {"low", "high"} <= set(table.columns) or table.empty:
        raise ValueError("table must be the non-empty DataFrame trust_loop.tornado_table returns")
    reference = float(table.attrs.get("at_assumed_values", 0.0))
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(table) + 1.4))
    rows = table.iloc[::-1]
    y = np.arange(len(rows))
    ax.barh(y, rows["high"] - reference, left=reference, color="C1", label="link x 2")
    ax.barh(y, rows["low"] - reference, left=reference, color="C0", label="link x 0.5")
    ax.axvline(reference, color="black", lw=1)
    ax.axvline(0, color="grey", lw=1, ls="--")
    ax.set_yticks(y, rows.index)
    ax.set(xlabel=metric_label, title=title)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def _policy(depth, epsilon, transparency, consistency) -> trust_loop.Policy:
    check_probability(depth, "depth")
    check_bool(transparency, "transparency")
    check_probability(consistency, "consistency")
    if isinstance(epsilon, str):
        if epsilon not in EPSILONS:
            raise ValueError(f"epsilon must be one of {EPSILONS}, got {epsilon!r}")
        epsilon = float(epsilon)
    epsilon = check_number(epsilon, "epsilon", low=0.0, low_open=True, allow_inf=True)
    return trust_loop.Policy("chosen", depth, epsilon, transparency, transparency, consistency)


def trust_loop_view(
    params,
    depth: float = 1.0,
    epsilon="1",
    transparency: bool = True,
    consistency: float = 1.0,
    n_users: int = 2000,
    n_periods: int = 10,
    seed: int = 0,
) -> tuple[plt.Figure, dict]:
    """The chosen policy beside no personalization (same levers otherwise) on one cohort drawn from ``seed``:
    trust, data share, accuracy and retention per year. Returns the figure and its long-run numbers."""
    if not isinstance(params, trust_loop.TrustLoopParams):
        raise TypeError(f"params must be TrustLoopParams, got {type(params).__name__}")
    n_users = check_count(n_users, "n_users", maximum=200_000)
    policy = _policy(depth, epsilon, transparency, consistency)
    baseline = trust_loop.Policy(
        "no personalization", 0.0, policy.epsilon, transparency, transparency, consistency
    )
    population = trust_loop.draw_population(params, n_users, n_periods, seed)
    runs = {
        f"depth {policy.depth:.2g}": trust_loop.simulate(params, policy, population),
        baseline.name: trust_loop.simulate(params, baseline, population),
    }
    chosen, none = (run.summary() for run in runs.values())
    stats = {
        "trust_change": round(chosen["trust_change"], 3),
        "retention": round(chosen["retention"], 3),
        "clv": round(chosen["clv"], 2),
        "clv_vs_none": round(chosen["clv"] - none["clv"], 2),
    }
    eps = "no DP" if math.isinf(policy.epsilon) else f"epsilon {policy.epsilon:g}"
    verdict = "virtuous" if stats["trust_change"] > 0 else "vicious"
    title = (
        f"A {verdict} cycle: depth {policy.depth:.2g}, {eps}, transparency {'on' if transparency else 'off'}, "
        f"consistency {consistency:.2g} (trust {stats['trust_change']:+.2f} in {n_periods} years)"
    )
    return trajectories_figure(runs, title), stats


def trust_loop_widget(params, n_users: int = 2000, n_periods: int = 10, seed: int = 0):
    """Levers for depth, transparency, epsilon and consistency, redrawing :func:`trust_loop_view`."""
    import ipywidgets as w

    controls = {
        "depth": w.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="depth"),
        "epsilon": w.SelectionSlider(options=list(EPSILONS), value="1", description="epsilon"),
        "transparency": w.Checkbox(value=True, description="transparency"),
        "consistency": w.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="consistency"),
    }
    for control in controls.values():
        control.continuous_update = False
        control.style = {"description_width": "initial"}
    view = FigureView()

    def redraw(change=None):
        fig, stats = trust_loop_view(
            params,
            **{k: c.value for k, c in controls.items()},
            n_users=n_users,
            n_periods=n_periods,
            seed=seed,
        )
        view.show(fig, caption(stats))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox(list(controls.values())[:2]), w.HBox(list(controls.values())[2:]), view.widget])


def caption(stats: dict) -> str:
    """The widget's caption for the numbers of :func:`trust_loop_view`."""
    return (
        f"trust change {stats['trust_change']:+.3f}, retention {stats['retention']:.3f}, "
        f"CLV ${stats['clv']:.2f} ({stats['clv_vs_none']:+.2f} vs no personalization)"
    )
