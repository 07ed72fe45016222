"""Notebook 01's exercises: reliability, effects read off an SEM, coverage over many studies, common-method bias,
the revealed-affect gradient, and telling the notebook's kinds of evidence apart.

Expected answers are derived here from what the notebook passes in (never typed beside the question), so the
notebook shows only the questions and ``q.check(answer)``::

    q1, q2, q3, q4, q5, q6 = make_exercises(data, path_table, runs, by_taste, items, paths, seed)

Each solution is a short piece of code that sets ``answer``; the notebook test runs every solution through its
own check.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import emotion
from .._validation import check_frame
from ..simulate import emotion as study
from .core import Exercise, evidence_exercise, function_checker

__all__ = ["CLAIMS_TO_CLASSIFY", "EmotionalResponseExercises", "all_paths_within", "make_exercises"]

# Q5: four statements from notebook 01; the student says which kind of evidence stands behind each.
CLAIMS_TO_CLASSIFY = {
    "a": "In the simulated study, the TOST finds the superficial condition equivalent to no personalization "
    "within ±0.2 SD.",
    "b": "Privacy concern weakens the effect of authentic personalization on feeling understood by 0.25 SD "
    "per SD of concern.",
    "c": "In MovieLens 100K, ratings made after the cutoff are more often 5 stars the higher the recommender's "
    "prediction from the ratings before it.",
    "d": "Surprise's SVD reaches an RMSE of 0.934 on random 5-fold splits of MovieLens 100K.",
}
_CLAIM_KINDS = {"a": "recovery", "b": "assumption", "c": "real-data", "d": "published"}


class EmotionalResponseExercises(NamedTuple):
    q1: Exercise
    q2: Exercise
    q3: Exercise
    q4: Exercise
    q5: Exercise
    q6: Exercise


def all_paths_within(runs: pd.DataFrame, tolerance: float = 0.05) -> float:
    """Share of simulated studies (``rep``) in which every path's estimate lies within ``tolerance`` of its truth
    (|error| < tolerance); ``runs`` is what :func:`helpers.emotion.coverage_study` returns."""
    check_frame(runs, ["rep", "error"], "runs")
    return float((runs["error"].abs() < tolerance).groupby(runs["rep"]).all().mean())


def _alpha_without_cog4(data: pd.DataFrame) -> Exercise:
    return Exercise(
        "Cronbach's alpha of the cognitive-trust scale without its weakest item cog4 (three decimals)?",
        expected=float(emotion.cronbach_alpha(data[["cog1", "cog2", "cog3"]]).alpha),
        tolerance=0.001,
        hint="emotion.cronbach_alpha takes a frame with one column per item and returns a result with named "
        "fields; which columns belong to the shortened scale?",
        solution="answer = emotion.cronbach_alpha(data[['cog1', 'cog2', 'cog3']]).alpha",
    )


def _total_effect(path_table: pd.DataFrame) -> Exercise:
    rows = ["authentic -> affect", "authentic -> understanding", "understanding -> affect"]
    check_frame(path_table.reset_index(), ["estimate"], "path_table")
    missing = [r for r in rows if r not in path_table.index]
    if missing:
        raise ValueError(f"path_table has no rows {missing}: pass the SEM's path table")
    est = path_table["estimate"]
    return Exercise(
        "The total standardized effect of authentic personalization on emotional trust (direct + indirect)?",
        expected=float(est[rows[0]] + est[rows[1]] * est[rows[2]]),
        tolerance=0.002,
        hint="The direct effect is one row of path_table; the indirect effect multiplies the two paths that "
        "lead from the condition through the mediator.",
        solution="est = path_table['estimate']\n"
        "answer = est['authentic -> affect'] + est['authentic -> understanding'] * est['understanding -> affect']",
    )


_TOY_RUNS = pd.DataFrame({"rep": [0, 0, 1, 1, 2, 2, 3], "error": [0.01, -0.04, 0.06, 0.0, -0.049, 0.02, 0.2]})


def _all_within_checker(runs: pd.DataFrame):
    cases = [(f"a small test frame with tolerance={t}", (_TOY_RUNS, t)) for t in (0.05, 0.1, 0.3)]
    cases += [(f"the coverage study's runs with tolerance={t}", (runs, t)) for t in (0.05, 0.03)]
    return function_checker(
        "share_all_within(runs, tolerance)",
        "q3.check(share_all_within)",
        cases,
        all_paths_within,
        share_of="studies",
        include_zero=True,
        wrong="a study counts only if *every* one of its paths is close enough, and you divide by the number "
        "of studies, not of rows",
        tolerance=1e-12,
    )


def _all_within(runs: pd.DataFrame) -> Exercise:
    return Exercise(
        "Write share_all_within(runs, tolerance): the share of simulated studies in which every path lies within "
        "`tolerance` of its truth (|error| < tolerance). Pass the function to q3.check.",
        checker=_all_within_checker(runs),
        hint="First mark each row as close or not; then ask, study by study (groupby on 'rep'), whether all "
        "its rows are close; the mean of those True/False values is the share.",
        solution=(
            "def share_all_within(runs, tolerance):\n"
            "    close = runs['error'].abs() < tolerance\n"
            "    return close.groupby(runs['rep']).all().mean()\n"
            "answer = share_all_within"
        ),
    )


def _acquiescence_inflates(items, paths, n: int, seed: int) -> Exercise:
    params = study.EmotionStudyParams(n=n, acquiescence_sd=0.6)
    biased = study.simulate_study(params, np.random.default_rng(seed + 1))
    estimate = float(emotion.fit_sem(biased, items, paths).paths.loc["understanding -> affect", "estimate"])
    return Exercise(
        "Simulate the study again with acquiescence_sd=0.6 (participants who agree with everything; use "
        "np.random.default_rng(seed + 1)) and fit the SEM. Does the path understanding -> affect now exceed "
        "its truth of 0.6 by more than 0.05? Answer True or False.",
        expected=bool(estimate - 0.6 > 0.05),
        hint="study.EmotionStudyParams(n=n_participants, acquiescence_sd=0.6), then study.simulate_study and "
        "emotion.fit_sem(...).paths; compare the estimate with 0.6.",
        solution=(
            "biased = study.simulate_study(study.EmotionStudyParams(n=n_participants, acquiescence_sd=0.6), "
            "np.random.default_rng(seed + 1))\n"
            "fit = emotion.fit_sem(biased, items, paths)\n"
            "answer = bool(fit.paths.loc['understanding -> affect', 'estimate'] - 0.6 > 0.05)"
        ),
    )


def _delight_ratio(by_taste: pd.DataFrame) -> Exercise:
    check_frame(by_taste.reset_index(), ["delight"], "by_taste")
    if not {1, 10} <= set(by_taste.index):
        raise ValueError("by_taste must be indexed by decile 1..10 (emotion.affect_by_decile)")
    return Exercise(
        "In MovieLens, how many times more likely is a later rating to be 5 stars in the best-matched decile of "
        "taste than in the worst-matched one? (Use by_taste.)",
        expected=float(by_taste.loc[10, "delight"] / by_taste.loc[1, "delight"]),
        tolerance=0.05,
        hint="by_taste has one row per decile (its index) and the share of 5-star ratings in a column.",
        solution="answer = by_taste.loc[10, 'delight'] / by_taste.loc[1, 'delight']",
    )


def make_exercises(
    data: pd.DataFrame,
    path_table: pd.DataFrame,
    runs: pd.DataFrame,
    by_taste: pd.DataFrame,
    items,
    paths,
    seed: int,
) -> EmotionalResponseExercises:
    """The six exercises of notebook 01, with answers derived from the notebook's simulated ``data``, the SEM's
    ``path_table``, the coverage study's ``runs``, MovieLens ``by_taste`` (delight by decile of the taste term) and (for Q4) a new simulated study
    drawn from ``seed + 1`` with the notebook's ``items`` and ``paths``."""
    check_frame(data, ["cog1", "cog2", "cog3"], "data")
    return EmotionalResponseExercises(
        _alpha_without_cog4(data),
        _total_effect(path_table),
        _all_within(runs),
        _acquiescence_inflates(items, paths, len(data), seed),
        evidence_exercise(CLAIMS_TO_CLASSIFY, _CLAIM_KINDS),
        _delight_ratio(by_taste),
    )
