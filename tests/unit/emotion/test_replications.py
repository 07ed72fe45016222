"""Specifications of helpers.emotion._replications: warnings raised inside replications reach the caller."""

import warnings

import pytest

from helpers.emotion._replications import keeping_warnings, warn_again


def noisy(value):
    warnings.warn("a doubt", RuntimeWarning)
    warnings.warn("a doubt", RuntimeWarning)
    return value * 2


def test_keeping_warnings_returns_the_value_and_every_warning_even_repeated_ones():
    value, caught = keeping_warnings(noisy, 3)
    assert value == 6
    assert caught == [(RuntimeWarning, "a doubt"), (RuntimeWarning, "a doubt")]


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
