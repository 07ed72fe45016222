"""The trust loop of notebook 06 (see ``model``'s docstring for the equations): every link labelled with its
source, the simulation of a cohort under the operator's policies, and the sensitivity analysis over the
assumed links (``sensitivity``). Its outcomes are the model's consequences of its labelled assumptions, not
findings about people."""

from .links import SOURCES, Link, TrustLoopParams
from .model import (
    Policy,
    Population,
    TrustLoopRun,
    accuracy,
    compare_task,
    draw_population,
    loop_gain,
    simulate,
    tipping_accuracy,
    total_effects,
)
from .sensitivity import policy_table, sensitivity_points, tipping_epsilon, tornado_table

__all__ = [
    "SOURCES",
    "Link",
    "Policy",
    "Population",
    "TrustLoopParams",
    "TrustLoopRun",
    "accuracy",
    "compare_task",
    "draw_population",
    "loop_gain",
    "policy_table",
    "sensitivity_points",
    "simulate",
    "tipping_accuracy",
    "tipping_epsilon",
    "tornado_table",
    "total_effects",
]
