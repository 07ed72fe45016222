"""The recommender feedback-loop simulation of Chaney, Stewart & Engelhardt (2018), vectorized (notebook 06).

Implemented from the paper (RecSys '18, "How algorithmic confounding in recommendation systems increases
homogeneity and decreases utility") and the description of its T-RECS replication (Lucherini, Sun, Winecoff &
Narayanan 2021; github.com/sunnymatt/t-recs-experiments, ``algo_confounding/replication_sim.py``); the
``trecs`` package itself is not used.

**One world.** ``K`` attributes. Users: ``mu_rho ~ Dir(user_base_concentration * 1_K)``, preferences
``theta_u ~ Dir(user_concentration * mu_rho)``. Items: ``mu_alpha ~ Dir(item_base_concentration * 1_K)``,
attributes ``beta_i ~ Dir(item_concentration * mu_alpha)``. True utility ``V_ui ~ Beta'(theta_u . beta_i,
utility_sd)``, where ``Beta'(mu, sigma)`` is the beta distribution with mean ``mu`` and standard deviation
``sigma`` (the paper's footnote 3); users know ``V*_ui = eta_ui V_ui`` with ``eta_ui ~ Beta'(
known_utility_share, utility_sd)``, so by default they know 98% of each item's utility.

**Time.** Every step ``items_per_step`` new items appear. During ``startup_steps`` users are shown all available
items in random order; afterwards, for ``training_steps``, the recommender (retrained before every step:
"repeated training") ranks the items that existed before the step, and the step's new items are interleaved
at uniformly random positions of that list (new items have no interactions, so no recommender could rank
them). Each step every user interacts with exactly one item they have not interacted with before: the one
that maximizes ``V*_ui * rank^attention_exponent`` (rank 1 = top of the list; with -0.8 users favour the top).

**Recommenders.** ``ideal`` ranks by the true utility ``V_ui``; ``popularity`` by interaction counts; ``random``
by fresh uniform scores each step; ``content`` by ``theta_hat_u . beta_i`` with ``theta_hat_u`` the
non-negative least-squares fit of the user's 0/1 interactions on the true item attributes (as the
replication's ``ChaneyContent``; solved by warm-started projected gradient for all users at once); ``mf`` by
``p_u . q_i`` from a rank-``mf_factors`` least-squares factorization of the 0/1 interaction matrix (a few
warm-started ALS sweeps a step, every cell weighted equally: a simplification of the weighted implicit ALS
of Hu, Koren & Volinsky 2008 that T-RECS's ``ImplicitMF`` uses).

**Measures** (:func:`chaney_replication`). *Homogeneity*, as the paper defines it: pair every user with the
user most similar to them by the cosine similarity of the user representation the recommender itself learned
(``theta`` for ideal, ``theta_hat`` for content, ``p_u`` for mf; popularity gives everybody the same
representation and random a random one, so their pairs are random; ties are broken at random), take the
Jaccard index of the two users' interaction sets (all steps), average over users, and subtract the Jaccard
index that the *same pairs* have under the ideal recommender (``jaccard_vs_ideal``; 0 for ideal itself).
*Utility*: mean true utility ``V_ui`` of the items users interacted with during the training steps.

**Our choices** where the replication differs or is silent: every recommender continues from the *same*
startup interactions, and at each step all of them see the new items at the same list positions (common
random numbers: their differences are less noisy); "mf" is the unweighted factorization above. One
replication (five recommenders, 100 steps) takes about 0.4 s of one core. The simulation is about simulated
users: it shows what the mechanism can do, not what people do.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .._validation import (
    check_count,
    check_number,
    check_open_unit,
    check_positive_finite,
    check_rng,
    check_size,
)

__all__ = ["RECOMMENDERS", "ChaneyParams", "ChaneyWorld", "chaney_replication", "chaney_task", "draw_world"]

RECOMMENDERS = ("ideal", "popularity", "random", "content", "mf")


@dataclass(frozen=True)
class ChaneyParams:
    """Parameters of one simulated world; the defaults are those of the T-RECS replication of Chaney et al.

    ``list_length=None`` shows every available item each step (the replication's repeated-training setting);
    an int shows the recommender's top ``list_length - items_per_step`` items plus the new ones.
    """

    n_users: int = 100
    n_attributes: int = 20
    items_per_step: int = 10
    startup_steps: int = 10
    training_steps: int = 90
    attention_exponent: float = -0.8
    known_utility_share: float = 0.98  # mean of eta: the share of an item's utility users know
    utility_sd: float = 1e-5  # sigma of the mean/sd-parameterized beta draws (Beta')
    user_base_concentration: float = 1.0  # mu_rho ~ Dir(1)
    user_concentration: float = 10.0  # theta_u ~ Dir(10 mu_rho)
    item_base_concentration: float = 100.0  # mu_alpha ~ Dir(100)
    item_concentration: float = 0.1  # beta_i ~ Dir(0.1 mu_alpha)
    list_length: int | None = None
    mf_factors: int = 20  # the replication uses as many latent factors as attributes
    mf_reg: float = 0.1
    mf_sweeps: int = 2  # ALS sweeps per step, warm-started from the previous step
    content_iterations: int = 20  # projected-gradient iterations per step, warm-started

    def __post_init__(self):
        minima = {
            "n_users": 2,
            "n_attributes": 2,
            "items_per_step": 1,
            "startup_steps": 1,
            "training_steps": 1,
        }
        minima.update(mf_factors=1, mf_sweeps=1, content_iterations=1)
        for name, minimum in minima.items():
            object.__setattr__(self, name, check_count(getattr(self, name), name, minimum=minimum))
        checked = {
            "attention_exponent": check_number(self.attention_exponent, "attention_exponent", high=0.0),
            "known_utility_share": check_open_unit(self.known_utility_share, "known_utility_share"),
            "utility_sd": check_number(self.utility_sd, "utility_sd", low=0.0, high=0.5, low_open=True),
        }
        for name in ("user_base_concentration", "user_concentration", "item_base_concentration"):
            checked[name] = check_positive_finite(getattr(self, name), name)
        for name in ("item_concentration", "mf_reg"):
            checked[name] = check_positive_finite(getattr(self, name), name)
        if self.list_length is not None:
            minimum = self.items_per_step + 1
            checked["list_length"] = check_count(self.list_length, "list_length", minimum=minimum)
        for name, value in checked.items():
            object.__setattr__(self, name, value)
        share, sd = self.known_utility_share, self.utility_sd
        if sd**2 >= share * (1 - share):
            raise ValueError(
                f"utility_sd={sd:g} is too large for a beta with mean known_utility_share={share:g}: "
                f"need utility_sd**2 < share * (1 - share) = {share * (1 - share):.3g}"
            )
        check_size(self.n_users, self.n_items, what="the utility matrix", limit=10_000_000)  # x5 recommenders

    @property
    def n_steps(self) -> int:
        return self.startup_steps + self.training_steps

    @property
    def n_items(self) -> int:
        """Items created over the whole simulation."""
        return self.items_per_step * self.n_steps


@dataclass(frozen=True, eq=False)
class ChaneyWorld:
    """One drawn world: ``preferences`` (users x K), ``attributes`` (items x K), true ``utility`` and the
    ``known_utility`` users act on (users x items, item ``i`` created at step ``i // items_per_step``)."""

    params: ChaneyParams
    preferences: np.ndarray
    attributes: np.ndarray
    utility: np.ndarray
    known_utility: np.ndarray


def _dirichlet(rng: np.random.Generator, alpha: np.ndarray, size: int) -> np.ndarray:
    return rng.dirichlet(np.maximum(alpha, 1e-300), size=size)  # numpy handles small alphas by stick-breaking


def _beta_mean_sd(rng: np.random.Generator, mean, sd: float, size) -> np.ndarray:
    """Beta draws with the given mean and standard deviation (variance capped below mean * (1 - mean))."""
    mean = np.clip(mean, 1e-9, 1 - 1e-9)
    var = np.minimum(sd**2, 0.999 * mean * (1 - mean))
    a = mean * (mean * (1 - mean) / var - 1)
    b = a * (1 / mean - 1)
    return rng.beta(a, b, size=size)


def draw_world(params: ChaneyParams, rng) -> ChaneyWorld:
    """Draw users, items and utilities of one world (the paper's nested Dirichlet model)."""
    if not isinstance(params, ChaneyParams):
        raise TypeError(f"params must be a ChaneyParams, got {type(params).__name__}")
    rng = check_rng(rng)
    k, n_users, n_items = params.n_attributes, params.n_users, params.n_items
    mu_rho = _dirichlet(rng, np.full(k, params.user_base_concentration), 1)[0]
    theta = _dirichlet(rng, params.user_concentration * mu_rho, n_users)
    mu_alpha = _dirichlet(rng, np.full(k, params.item_base_concentration), 1)[0]
    beta = _dirichlet(rng, params.item_concentration * mu_alpha, n_items)
    utility = _beta_mean_sd(rng, theta @ beta.T, params.utility_sd, (n_users, n_items))
    eta = _beta_mean_sd(rng, params.known_utility_share, params.utility_sd, (n_users, n_items))
    return ChaneyWorld(params, theta, beta, utility, utility * eta)


# ---------------------------------------------------------------------------------------------- users


def _new_positions(n_users: int, m: int, n_new: int, rng: np.random.Generator) -> np.ndarray:
    """0-based positions of ``n_new`` items inserted at uniformly random places of a list of ``m`` ranked items
    (each inserted in turn at a uniform place of the list so far: a uniformly random set of positions)."""
    pos = np.empty((n_users, n_new), dtype=np.int64)
    for j in range(n_new):
        p = rng.integers(0, m + j + 1, size=n_users)
        pos[:, :j] += pos[:, :j] >= p[:, None]
        pos[:, j] = p
    return pos


def _ranked_positions(new_pos: np.ndarray, r: int) -> np.ndarray:
    """0-based final positions of the ranked items of old rank 0..r-1, given the new items' positions."""
    n_users, n_new = new_pos.shape
    before = np.sort(new_pos, axis=1) - np.arange(n_new)  # ranked items before each new item
    flat = (np.arange(n_users)[:, None] * (r + 1) + np.minimum(before, r)).ravel()
    shifted = np.bincount(flat, minlength=n_users * (r + 1)).reshape(n_users, r + 1).cumsum(axis=1)
    return np.arange(r) + shifted[:, :r]


# the top of each list examined first; items further down can only win if the bound check below fails
_TOP = 64


def _choose(keys, m: int, new, known, known_max, exponent: float, rng, copies: int = 1) -> np.ndarray:
    """Each user's pick from their list: the ``m`` items with the smallest ``keys`` (users x old items; minus
    the recommender's score, ``+inf`` for items already interacted with) with the ``new`` items (users x n)
    inserted at uniformly random positions. The pick maximizes ``known * position^exponent`` (position 1 =
    top).

    Only the top ``_TOP`` ranked items are sorted; an item further down sits at position > ``_TOP``, so its
    value is at most ``known_max * (_TOP + 1)^exponent``; users whose best value is below that bound get the
    exact answer from a full sort. With ``copies`` > 1 the rows are that many stacked copies of the same users
    (one per recommender), and every copy gets the same positions for the new items (common random numbers)."""
    n_users, n_new = new.shape
    new_pos = np.tile(_new_positions(n_users // copies, m, n_new, rng), (copies, 1))
    weights = np.arange(1, m + n_new + 1, dtype=float) ** exponent
    rows = np.arange(n_users)[:, None]
    value_new = known[rows, new] * weights[new_pos]
    if m == 0:
        return new[np.arange(n_users), np.argmax(value_new, axis=1)]

    def pick(users, k, r):
        top = np.argpartition(k, r - 1, axis=1)[:, :r] if r < k.shape[1] else np.argsort(k, axis=1)[:, :r]
        ranked = np.take_along_axis(top, np.argsort(np.take_along_axis(k, top, axis=1), axis=1), axis=1)
        value_old = known[users[:, None], ranked] * weights[_ranked_positions(new_pos[users], r)]
        values = np.hstack([value_old, value_new[users]])
        best = np.argmax(values, axis=1)
        at = np.arange(users.size)
        items = np.where(
            best < r, ranked[at, np.minimum(best, r - 1)], new[users][at, np.maximum(best - r, 0)]
        )
        return items, values[at, best]

    r = min(m, _TOP)
    chosen, best = pick(np.arange(n_users), keys, r)
    if r < m:
        unsure = np.flatnonzero(best < known_max * (r + 1.0) ** exponent)
        if unsure.size:
            chosen[unsure] = pick(unsure, keys[unsure], m)[0]
    return chosen


# ---------------------------------------------------------------------------------------------- models


class _Model:
    """A recommender's state: ``scores(n_old)`` (users x n_old) and ``representation()`` for the pairing."""

    def __init__(self, name: str, world: ChaneyWorld, rng: np.random.Generator):
        self.name, self.world, self.rng, self.p = name, world, rng, world.params
        n_users, k = world.preferences.shape
        if name == "content":
            self.theta_hat = np.full((n_users, k), 1.0 / k)
        elif name == "mf":
            self.P = rng.normal(0.0, 0.1, (n_users, self.p.mf_factors))
            self.Q = rng.normal(0.0, 0.1, (self.p.n_items, self.p.mf_factors))

    def train(self, seen: np.ndarray) -> None:
        """Refit on the interactions so far, ``seen`` (users x n_old, bool)."""
        if self.name not in ("content", "mf"):
            return
        Y = seen.astype(float)
        n_old = Y.shape[1]
        if self.name == "content":
            B = self.world.attributes[:n_old]
            gram, rhs = B.T @ B, Y @ B
            step = 1.0 / max(np.linalg.eigvalsh(gram)[-1], 1e-12)
            x = y = self.theta_hat
            t = 1.0
            for _ in range(self.p.content_iterations):  # FISTA on ||Y_u - B theta||^2, theta >= 0
                x_new = np.maximum(y - step * (y @ gram - rhs), 0.0)
                t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
                y = x_new + ((t - 1) / t_new) * (x_new - x)
                x, t = x_new, t_new
            self.theta_hat = x
        elif self.name == "mf":
            reg = self.p.mf_reg * np.eye(self.p.mf_factors)
            P, Q = self.P, self.Q[:n_old]
            for _ in range(self.p.mf_sweeps):
                Q = (Y.T @ P) @ np.linalg.inv(P.T @ P + reg)  # ridge solutions; the Gram matrices are k x k
                P = (Y @ Q) @ np.linalg.inv(Q.T @ Q + reg)
            self.P, self.Q[:n_old] = P, Q

    def keys(self, n_old: int, seen: np.ndarray) -> np.ndarray:
        """Minus the scores of the ``n_old`` oldest items (a fresh users x n_old array; smaller ranks higher).
        Popularity ties go to the older item (a key offset far below one interaction)."""
        n_users = self.p.n_users
        if self.name == "ideal":
            return -self.world.utility[:, :n_old]
        if self.name == "popularity":
            key = -seen.sum(axis=0) + np.arange(n_old) / (2.0 * self.p.n_items)
            return np.tile(key, (n_users, 1))
        if self.name == "random":
            return self.rng.random((n_users, n_old))
        if self.name == "content":
            return -(self.theta_hat @ self.world.attributes[:n_old].T)
        return -(self.P @ self.Q[:n_old].T)

    def representation(self) -> np.ndarray:
        n_users, k = self.world.preferences.shape
        if self.name == "ideal":
            return self.world.preferences
        if self.name == "popularity":
            return np.ones((n_users, k))
        if self.name == "random":
            return self.rng.random((n_users, k))
        if self.name == "content":
            return self.theta_hat
        return self.P


# ---------------------------------------------------------------------------------------------- runs


def _run(names, world: ChaneyWorld, streams, startup_rng, step_rng) -> tuple[list[_Model], np.ndarray]:
    """The shared startup (random lists, one copy of the users), then every recommender of ``names`` at once
    (users stacked as copies: rows ``c * n_users + u``). Returns the models and the histories (copies x users
    x steps)."""
    p = world.params
    copies, n_users = 1, p.n_users
    interacted = np.zeros((n_users, p.n_items), dtype=bool)
    history = np.empty((n_users, p.n_steps), dtype=np.int64)
    models = [_Model(name, world, stream) for name, stream in zip(names, streams)]
    blocks = [slice(c * n_users, (c + 1) * n_users) for c in range(len(names))]
    known = world.known_utility
    known_max = known.max(axis=1)
    for t in range(p.n_steps):
        if t == p.startup_steps:  # from here on, one copy of every user per recommender
            copies = len(names)
            interacted, history = np.tile(interacted, (copies, 1)), np.tile(history, (copies, 1))
            known, known_max = np.tile(known, (copies, 1)), np.tile(known_max, copies)
        n_old = t * p.items_per_step
        seen = interacted[:, :n_old]
        if t < p.startup_steps:
            keys = startup_rng.random((n_users, n_old))
        else:
            keys = np.empty((copies * n_users, n_old))
            for model, block in zip(models, blocks):
                model.train(seen[block])
                keys[block] = model.keys(n_old, seen[block])
            keys += np.arange(n_old) * 1e-12  # exact ties (e.g. MF's unrated items) go to the older item
        keys[seen] = np.inf
        m = n_old - t  # every user has interacted with t of the old items
        if p.list_length is not None and t >= p.startup_steps:
            m = min(m, p.list_length - p.items_per_step)
        new = np.broadcast_to(
            np.arange(n_old, n_old + p.items_per_step), (copies * n_users, p.items_per_step)
        )
        rng = startup_rng if t < p.startup_steps else step_rng
        chosen = _choose(keys, m, new, known, known_max, p.attention_exponent, rng, copies)
        interacted[np.arange(copies * n_users), chosen] = True
        history[:, t] = chosen
    return models, history.reshape(copies, n_users, p.n_steps)


def _most_similar(representation: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each user's most similar other user by cosine similarity; ties broken uniformly at random."""
    norms = np.linalg.norm(representation, axis=1)
    unit = representation / np.where(norms > 0, norms, 1.0)[:, None]
    sim = unit @ unit.T
    np.fill_diagonal(sim, -np.inf)
    best = sim.max(axis=1, keepdims=True)
    tied = sim >= best - 1e-12
    return np.argmax(np.where(tied, rng.random(sim.shape), -1.0), axis=1)


def _jaccard(history: np.ndarray, partner: np.ndarray, n_items: int) -> float:
    """Mean over users of the Jaccard index of their interaction set and their partner's."""
    n_users = history.shape[0]
    sets = np.zeros((n_users, n_items), dtype=bool)
    sets[np.arange(n_users)[:, None], history] = True
    common = (sets & sets[partner]).sum(axis=1)
    union = (sets | sets[partner]).sum(axis=1)
    return float(np.mean(common / union))


def chaney_replication(params: ChaneyParams, rng) -> dict:
    """One simulated world run under every recommender of :data:`RECOMMENDERS`, from the same users, items and
    startup interactions. Returns ``{recommender: measures}`` with, for each recommender,

    * ``jaccard``: mean over users of the Jaccard index of the user's interaction set (all steps) and that of
      their most similar user by the recommender's own user representation (see the module docstring);
    * ``jaccard_ideal``: the same pairs' Jaccard index under the ideal recommender's interactions;
    * ``jaccard_vs_ideal``: ``jaccard - jaccard_ideal``, the paper's "change in Jaccard index" (0 for ideal);
    * ``jaccard_true_pairs``: the Jaccard index with users paired by their true preferences instead (the same
      pairs for every recommender; for ideal it equals ``jaccard``): where the definition matters;
    * ``utility``: mean true utility of the items chosen during the training steps;
    * ``utility_vs_ideal``: ``utility / ideal utility - 1`` (relative change; 0 for ideal).

    ``rng`` (a Generator or an int seed) draws the world, the startup and one stream per recommender.
    """
    if not isinstance(params, ChaneyParams):
        raise TypeError(f"params must be a ChaneyParams, got {type(params).__name__}")
    rng = check_rng(rng)
    world_rng, startup_rng, step_rng, *streams = rng.spawn(3 + len(RECOMMENDERS))
    world = draw_world(params, world_rng)
    models, stacked = _run(RECOMMENDERS, world, streams, startup_rng, step_rng)
    histories = dict(zip(RECOMMENDERS, stacked))
    pairs = {model.name: _most_similar(model.representation(), model.rng) for model in models}
    true_pairs = pairs["ideal"]
    users = np.arange(params.n_users)[:, None]
    training = slice(params.startup_steps, params.n_steps)
    ideal_utility = float(world.utility[users, histories["ideal"][:, training]].mean())
    out = {}
    for name in RECOMMENDERS:
        jaccard = _jaccard(histories[name], pairs[name], params.n_items)
        jaccard_ideal = _jaccard(histories["ideal"], pairs[name], params.n_items)
        utility = float(world.utility[users, histories[name][:, training]].mean())
        out[name] = {
            "jaccard": jaccard,
            "jaccard_ideal": jaccard_ideal,
            "jaccard_vs_ideal": jaccard - jaccard_ideal,
            "jaccard_true_pairs": _jaccard(histories[name], true_pairs, params.n_items),
            "utility": utility,
            "utility_vs_ideal": utility / ideal_utility - 1.0,
        }
    return out


def chaney_task(*, rng, params: ChaneyParams | None = None, replication=None, **overrides) -> dict:
    """:func:`chaney_replication` as a task for ``sweep.run_tasks``: ``params`` (default :class:`ChaneyParams`)
    usually comes through ``shared``; a grid may vary any of its fields (``attention_exponent=[-0.8, 0]``,
    passed as ``overrides``); ``replication`` (a grid index) is ignored."""
    params = ChaneyParams() if params is None else params
    if not isinstance(params, ChaneyParams):
        raise TypeError(f"params must be a ChaneyParams, got {type(params).__name__}")
    fields = {f.name for f in dataclasses.fields(ChaneyParams)}
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise TypeError(f"chaney_task got unknown parameters {unknown}; ChaneyParams has {sorted(fields)}")
    if overrides:
        params = dataclasses.replace(params, **overrides)
    return chaney_replication(params, rng)
