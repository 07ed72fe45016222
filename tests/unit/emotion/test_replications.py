"""Specifications of helpers.emotion._replications: a replication runs on one BLAS thread wherever it runs, and
its warnings reach the caller."""

import warnings

import pytest

from helpers.emotion._replications import run_replication, warn_again


def noisy(value):
    warnings.warn("a doubt", RuntimeWarning)
    warnings.warn("a doubt", RuntimeWarning)
    return value * 2


def test_run_replication_returns_the_value_and_every_warning_even_repeated_ones():
    value, caught = run_replication(noisy, value=3)
    assert value == 6
    assert caught == [(RuntimeWarning, "a doubt"), (RuntimeWarning, "a doubt")]


def blas_threads():
    from threadpoolctl import threadpool_info

    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_a_replication_runs_on_one_blas_thread_as_in_a_worker_and_the_caller_keeps_its_own():
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):
        before = blas_threads()
        inside, _ = run_replication(blas_threads)
        assert inside <= {1} and blas_threads() == before


def test_warn_again_summarizes_each_message_once_with_its_replications():
    caught = [[(RuntimeWarning, "a doubt")] * 2, [], [(RuntimeWarning, "a doubt"), (UserWarning, "other")]]
    with pytest.warns(Warning) as raised:
        warn_again(caught, "simulated studies")
    assert [(w.category, str(w.message)) for w in raised] == [
        (RuntimeWarning, "in 2 of 3 simulated studies (number 0, 2): a doubt"),
        (UserWarning, "in 1 of 3 simulated studies (number 2): other"),
    ]


def test_warn_again_lists_at_most_five_replications():
    with pytest.warns(RuntimeWarning, match=r"in 7 of 7 chunks \(number 0, 1, 2, 3, 4, \.\.\.\): x"):
        warn_again([[(RuntimeWarning, "x")]] * 7, "chunks")


def test_warn_again_is_silent_when_nothing_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_again([[], []], "chunks")
