"""helpers.exercises.emotional_response: notebook 01's questions accept their own solutions, derive their
answers from what the notebook passes in, and refuse wrong answers with a reason that does not give them away."""

import numpy as np
import pandas as pd
import pytest

from helpers import emotion
from helpers.exercises import emotional_response as ex
from helpers.simulate import emotion as study

N = 400  # a small study keeps the SEM fits of Q2 and Q4 fast
SEED = 3


@pytest.fixture(scope="module")
def notebook():
    params = study.EmotionStudyParams(n=N)
    data = study.simulate_study(params, np.random.default_rng(SEED))
    items = params.items()
    paths = [(cause, effect) for cause, effect, _ in study.PATHS]
    path_table = emotion.compare_with_truth(
        emotion.fit_sem(data, items, paths).paths, params.standardized_paths()
    )
    runs = pd.DataFrame({"rep": [0, 0, 1, 1, 2, 2], "error": [0.01, -0.02, 0.07, 0.0, 0.03, -0.049]})
    by_taste = pd.DataFrame(
        {"delight": np.linspace(0.2, 0.3, 10)}, index=pd.RangeIndex(1, 11, name="taste_decile")
    )
    questions = ex.make_exercises(data, path_table, runs, by_taste, items, paths, SEED)
    namespace = {
        "np": np,
        "emotion": emotion,
        "study": study,
        "data": data,
        "path_table": path_table,
        "runs": runs,
        "by_taste": by_taste,
        "items": items,
        "paths": paths,
        "seed": SEED,
        "n_participants": N,
    }
    return questions, namespace


def test_every_solution_passes_its_own_check(notebook):
    questions, namespace = notebook
    for name, question in questions._asdict().items():
        scope = dict(namespace)
        exec(question.solution_text, scope)  # noqa: S102 - the course's own solution text
        assert question.check(scope["answer"]).correct, name


def test_an_unanswered_question_is_not_correct(notebook):
    questions, _ = notebook
    for name, question in questions._asdict().items():
        assert not question.check(...).correct, name


def test_the_share_of_studies_with_every_path_close_counts_studies_not_rows(notebook):
    questions, namespace = notebook
    assert ex.all_paths_within(namespace["runs"], 0.05) == pytest.approx(2 / 3)
    per_row = lambda runs, tolerance: float((runs["error"].abs() < tolerance).mean())
    assert not questions.q3.check(per_row).correct


def test_the_delight_ratio_follows_the_table_it_was_given(notebook):
    questions, _ = notebook
    q6 = questions.q6
    assert q6.check(0.3 / 0.2).correct
    assert not q6.check(0.2 / 0.3).correct


def test_the_evidence_question_keeps_its_kinds_out_of_the_message(notebook):
    questions, _ = notebook
    result = questions.q5.check({"a": "recovery", "b": "assumption", "c": "published", "d": "published"})
    assert not result.correct and result.message.endswith("think again about c")
    assert "real-data" not in result.message


def test_make_exercises_refuses_a_decile_table_without_deciles_1_and_10(notebook):
    _, namespace = notebook
    with pytest.raises(ValueError, match="by_taste"):
        ex.make_exercises(
            namespace["data"], namespace["path_table"], namespace["runs"],
            pd.DataFrame({"delight": [0.1, 0.2]}), namespace["items"], namespace["paths"], SEED,
        )  # fmt: skip
