"""Stability of rating predictions (Adomavicius & Zhang 2012, "Stability of recommendation algorithms", ACM
TOIS 30(4)): add some of a model's own predictions to its training data as if users had confirmed them,
retrain, and measure how far its *other* predictions move.

A perfectly stable ("consistent") algorithm agrees with its own predictions: ratings it predicted, once
confirmed, change nothing else. The paper's measures over the unknown pairs that were not added:

    MAS  = mean |P2(u, i) - P1(u, i)|          (mean absolute shift)
    RMSS = sqrt(mean (P2(u, i) - P1(u, i))^2)   (root mean squared shift)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from .. import recsys
from .._validation import check_count, check_rng
from .knn_scores import UserKNNRecommender, user_knn_pair_scores
from .models import dense_predictions, make_model

__all__ = ["StabilityResult", "prediction_stability", "stability_task"]


@dataclass(frozen=True)
class StabilityResult:
    """One algorithm's stability: shifts of its predictions on ``n_evaluated`` unknown pairs after ``n_added``
    of its own predictions were added to training, and its RMSE on the test ratings before that."""

    algorithm: str
    mas: float
    rmss: float
    max_shift: float
    test_rmse: float
    n_added: int
    n_evaluated: int


def _test_rmse(model, test: pd.DataFrame, cells) -> float:
    index = model.index_
    u, i = index.encode(test)
    known = (u >= 0) & (i >= 0)
    pred = np.empty(len(test))
    pred[known] = cells(u[known], i[known])
    if (~known).any():
        pred[~known] = model.predict(test[~known])
    return recsys.rmse(test["rating"].to_numpy(dtype=float), pred)


def _knn_cells(model: UserKNNRecommender, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """What :func:`dense_predictions` gives at (rows, cols) of a user-based k-NN, computed pair by pair."""
    scores = user_knn_pair_scores(model.algo_, model.inner_users_[rows], model.inner_items_[cols])
    scores[~np.isfinite(scores)] = model.trainset_.global_mean
    return np.clip(scores, *model.rating_scale)


def prediction_stability(
    algorithm: str,
    train: pd.DataFrame,
    test: pd.DataFrame,
    n_added: int = 5000,
    n_eval_users: int = 200,
    rng=None,
) -> StabilityResult:
    """The paper's protocol for one algorithm (see the module docstring).

    1. Fit on ``train``; predict every unknown (user, item) pair of the training users and items (P1), and
       score the model's RMSE on ``test``.
    2. Draw ``n_added`` unknown pairs uniformly and add their predictions to ``train`` as ratings.
    3. Refit (same seed, so a model that draws starts from the same point) and predict again (P2) for
       ``n_eval_users`` users drawn at random, on their unknown pairs that were not added.

    ``rng`` (Generator or int) draws the model seed, the added pairs and the evaluated users. For user-based
    k-NN only the P1 predictions the protocol uses (evaluated users, added and test pairs) are computed: the
    same numbers as the dense ones, at a fraction of the cost.
    """
    rng = check_rng(rng)
    recsys.check_ratings(train, "train")
    recsys.check_ratings(test, "test")
    n_added = check_count(n_added, "n_added")
    model_seed = int(rng.integers(2**31 - 1))
    model = make_model(algorithm, model_seed).fit(train)
    index = model.index_
    n_users, n_items = index.n_users, index.n_items
    n_eval_users = check_count(n_eval_users, "n_eval_users", maximum=n_users)
    unknown = ~model.seen_.toarray()
    cells = np.flatnonzero(unknown.ravel())
    if n_added >= cells.size:
        raise ValueError(f"n_added={n_added} is not below the {cells.size} unknown pairs: add fewer")
    added = np.sort(rng.choice(cells, n_added, replace=False))
    rows, cols = np.divmod(added, n_items)
    evaluated = np.sort(rng.choice(n_users, n_eval_users, replace=False))
    if isinstance(model, UserKNNRecommender):  # scoring every user is costly: only the pairs and rows needed
        before_evaluated = dense_predictions(model, index.users.to_numpy()[evaluated])
        predicted = partial(_knn_cells, model)
    else:
        before = dense_predictions(model, index.users.to_numpy())
        before_evaluated = before[evaluated]

        def predicted(r, c):
            return before[r, c]

    test_rmse = _test_rmse(model, test, predicted)
    extra = pd.DataFrame(
        {
            "user_id": index.users.to_numpy()[rows],
            "item_id": index.items.to_numpy()[cols],
            "rating": predicted(rows, cols),
        }
    )
    augmented = pd.concat([train[["user_id", "item_id", "rating"]], extra], ignore_index=True)
    refit = make_model(algorithm, model_seed).fit(augmented)
    if not (refit.index_.users.equals(index.users) and refit.index_.items.equals(index.items)):
        raise RuntimeError("the refit model's users or items differ from the first fit's")  # cannot happen
    mask = unknown[evaluated]
    mask[np.searchsorted(evaluated, rows[np.isin(rows, evaluated)]), cols[np.isin(rows, evaluated)]] = False
    after = dense_predictions(refit, index.users.to_numpy()[evaluated])
    shift = (after - before_evaluated)[mask]
    return StabilityResult(
        algorithm=algorithm,
        mas=float(np.mean(np.abs(shift))),
        rmss=float(np.sqrt(np.mean(shift**2))),
        max_shift=float(np.max(np.abs(shift))),
        test_rmse=test_rmse,
        n_added=n_added,
        n_evaluated=int(mask.sum()),
    )


def stability_task(algorithm, train, test, n_added, n_eval_users, rng) -> StabilityResult:
    """:func:`prediction_stability` as a ``sweep.run_tasks`` task (one algorithm per task)."""
    return prediction_stability(algorithm, train, test, n_added=n_added, n_eval_users=n_eval_users, rng=rng)
