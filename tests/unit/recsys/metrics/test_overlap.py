"""Specifications of helpers.recsys.metrics.overlap: Jaccard@k and rank-biased overlap (Webber et al. 2010)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import recsys

# RBO_ext (Webber, Moffat & Zobel 2010, eq. 32) of list pairs, computed with the PyPI package ``rbo`` 0.1.3
# (``RankingSimilarity(a, b).rbo_ext(p)``, changyaochen/rbo), which implements the same equation; the pair
# "abcdefg"/"zcavwxy" is the example of the paper's Figure 5 that package's tests use, and the first pair is
# the example of the rankmeasures implementation (0.828).
RBO_PACKAGE_VALUES = [
    ("abcde", "bcdae", 0.9, 0.828),
    ("abcdefg", "zcavwxy", 0.9, 0.28821728571428573),
    ("abcdefghij", "bdacfejhgi", 0.8, 0.6444883545396826),
    ("abcdefgh", "cbxa", 0.9, 0.64575),
    ("abc", "xaybzc", 0.95, 0.6013725624999999),
    ("abcdefghijkl", "lkjihgfedcba", 0.9, 0.4442989627905196),
]


def rbo_ext_by_the_equation(a, b, p):
    """Eq. 32 of Webber et al. (2010), written out with sets and loops."""
    S, L = (a, b) if len(a) <= len(b) else (b, a)
    s, l = len(S), len(L)
    X = {d: len(set(S[:d]) & set(L[:d])) for d in range(1, l + 1)}
    total = sum(X[d] / d * p**d for d in range(1, l + 1))
    total += sum(X[s] * (d - s) / (s * d) * p**d for d in range(s + 1, l + 1))
    return (1 - p) / p * total + ((X[l] - X[s]) / l + X[s] / s) * p**l


@pytest.mark.parametrize(("a", "b", "p", "expected"), RBO_PACKAGE_VALUES)
def test_rbo_reproduces_the_reference_implementation(a, b, p, expected):
    assert recsys.rank_biased_overlap(list(a), list(b), p=p) == pytest.approx(expected, abs=1e-12)


def test_rbo_agrees_with_the_equation_on_random_uneven_lists():
    rng = np.random.default_rng(0)
    for _ in range(200):
        la, lb = rng.integers(1, 15, 2)
        a, b = rng.choice(25, la, replace=False), rng.choice(25, lb, replace=False)
        p = rng.uniform(0.05, 0.99)
        assert recsys.rank_biased_overlap(a, b, p) == pytest.approx(
            rbo_ext_by_the_equation(list(a), list(b), p)
        )


def test_rbo_of_many_pairs_is_vectorized_row_by_row():
    rng = np.random.default_rng(1)
    a = np.array([rng.permutation(30)[:10] for _ in range(50)])
    b = np.array([rng.permutation(30)[:10] for _ in range(50)])
    many = recsys.rank_biased_overlap(a, b, p=0.9)
    assert many.shape == (50,)
    np.testing.assert_allclose(many, [recsys.rank_biased_overlap(x, y, p=0.9) for x, y in zip(a, b)])


def test_rbo_is_top_heavy():
    base = list(range(10))
    swap_top, swap_bottom = base.copy(), base.copy()
    swap_top[0], swap_top[1] = 1, 0
    swap_bottom[8], swap_bottom[9] = 9, 8
    assert recsys.rank_biased_overlap(base, swap_top) < recsys.rank_biased_overlap(base, swap_bottom) < 1


@pytest.mark.parametrize("p", [0.0, 1.0, -0.5, 1.5, float("nan")])
def test_rbo_refuses_p_outside_the_open_unit_interval(p):
    with pytest.raises(ValueError, match="p"):
        recsys.rank_biased_overlap([1, 2], [2, 1], p=p)


def test_rbo_and_jaccard_refuse_lists_with_duplicates():
    with pytest.raises(ValueError, match="twice"):
        recsys.rank_biased_overlap([1, 2, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="twice"):
        recsys.jaccard_at_k([1, 2, 3], [3, 3, 4])


def test_jaccard_by_hand():
    assert recsys.jaccard_at_k([1, 2, 3, 4], [3, 4, 5, 6]) == pytest.approx(2 / 6)
    assert recsys.jaccard_at_k([1, 2, 3, 4], [2, 1, 5, 6], k=2) == pytest.approx(1.0)
    np.testing.assert_allclose(recsys.jaccard_at_k([[1, 2], [3, 4]], [[2, 1], [5, 6]]), [1.0, 0.0])


def test_jaccard_refuses_k_beyond_the_lists():
    with pytest.raises(ValueError, match="larger than the lists"):
        recsys.jaccard_at_k([1, 2], [2, 3], k=3)


def test_row_counts_must_match():
    with pytest.raises(ValueError, match="row by row"):
        recsys.jaccard_at_k([[1, 2], [3, 4]], [[1, 2]])


lists = st.lists(st.integers(0, 30), min_size=1, max_size=12, unique=True)


@settings(max_examples=80, deadline=None)
@given(lists, lists, st.floats(0.01, 0.99))
def test_rbo_and_jaccard_lie_in_the_unit_interval_and_are_symmetric(a, b, p):
    rbo = recsys.rank_biased_overlap(a, b, p=p)
    assert 0.0 <= rbo <= 1.0
    assert rbo == pytest.approx(recsys.rank_biased_overlap(b, a, p=p))
    jaccard = recsys.jaccard_at_k(a, b)
    assert 0.0 <= jaccard <= 1.0


@settings(max_examples=50, deadline=None)
@given(lists, st.floats(0.01, 0.99))
def test_identical_lists_score_one(a, p):
    assert recsys.rank_biased_overlap(a, a, p=p) == pytest.approx(1.0)
    assert recsys.jaccard_at_k(a, a) == 1.0
