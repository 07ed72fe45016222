"""Fixtures the loyalty tests share: the published CDNOW summary with its BG/NBD and Pareto/NBD fits, and our
calibration/holdout split of the CDNOW sample with its Gamma-Gamma fit (each computed once per session)."""

import pytest

from helpers import datasets, loyalty


@pytest.fixture(scope="session")
def summary():
    datasets.fetch("cdnow")
    return datasets.load_cdnow_summary()


@pytest.fixture(scope="session")
def bgnbd(summary):
    return loyalty.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])


@pytest.fixture(scope="session")
def pareto(summary):
    return loyalty.fit_pareto_nbd(summary["frequency"], summary["recency"], summary["T"])


@pytest.fixture(scope="session")
def calibration():
    datasets.fetch("cdnow")
    tx = datasets.load_cdnow_transactions("sample")
    return loyalty.calibration_holdout(tx, "1997-09-30", "1998-06-30")


@pytest.fixture(scope="session")
def gamma_gamma(calibration):
    return loyalty.fit_gamma_gamma(calibration["frequency"], calibration["monetary_value"])
