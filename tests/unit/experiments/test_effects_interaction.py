"""Specifications of helpers.experiments.heterogeneous_effects' interaction estimate (two subgroups)."""

import numpy as np
import pandas as pd
import pytest

from helpers import experiments as ex


def test_the_interaction_estimate_is_the_gap_between_the_subgroup_effects():
    r = np.random.default_rng(3)
    n = 800
    frame = pd.DataFrame({"t": r.random(n) < 0.5, "g": r.random(n) < 0.4})
    frame["y"] = 0.1 * frame["t"] + 0.3 * frame["t"] * frame["g"] + r.normal(size=n)
    table = ex.heterogeneous_effects(frame, "y", "t", "g")
    gap = table.loc[True, "estimate"] - table.loc[False, "estimate"]
    assert table.attrs["interaction_estimate"] == pytest.approx(gap)
    assert table.attrs["interaction_se"] > 0
