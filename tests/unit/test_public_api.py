"""Every public callable of every science package is fed bad input somewhere.

Each package's ``tests/unit/<pkg>/test_bad_input.py`` lists ``CALLS`` (functions with one valid call and the bad
values each argument must refuse) and ``EXEMPT`` (public names with nothing to refuse, each with a reason).
This test fails when a new public function appears in a package's ``__all__`` without either.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = [
    "privacy",
    "loyalty",
    "emotion",
    "experiments",
    "recsys",
    "stats",
    "explain",
    "dynamics",
    "consistency",
]


def _registry(package: str):
    module = importlib.import_module(f"unit.{package}.test_bad_input")
    calls = module.CALLS
    exempt = getattr(module, "EXEMPT", {})
    covered = {getattr(call.func, "__name__", "") for call in calls} | set(exempt)
    return covered, exempt


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_callable_is_fed_bad_input(package):
    public = importlib.import_module(f"helpers.{package}")
    covered, exempt = _registry(package)
    callables = {
        name for name in public.__all__ if callable(getattr(public, name)) and not name.startswith("_")
    }
    missing = sorted(callables - covered)
    assert not missing, f"helpers.{package} public callables without a bad-input test: {missing}"
    assert all(isinstance(reason, str) and reason for reason in exempt.values())


@pytest.mark.parametrize("package", PACKAGES)
def test_the_package_exports_only_what_exists(package):
    public = importlib.import_module(f"helpers.{package}")
    assert len(set(public.__all__)) == len(public.__all__)
    for name in public.__all__:
        assert hasattr(public, name), f"helpers.{package}.__all__ names {name!r}, which does not exist"
        obj = getattr(public, name)
        if inspect.isfunction(obj):
            assert obj.__doc__, f"helpers.{package}.{name} has no docstring"
