"""Specifications of helpers.emotion.sem: CFA and SEM recover the simulated truth; scale means attenuate it;
degenerate fits say so. The indirect effect's bootstrap is specified in test_mediation.py."""

import numpy as np
import pandas as pd
import pytest

from helpers import emotion as em

from .conftest import PATHS


def test_sem_recovers_every_path_within_0_05_at_the_default_size(default_study):
    params, data = default_study
    fit = em.fit_sem(data, params.items(), PATHS)
    table = em.compare_with_truth(fit.paths, params.standardized_paths())
    assert table["error"].abs().max() < 0.05


def test_standardized_paths_agree_with_semopy_for_latent_paths(default_study):
    params, data = default_study
    fit = em.fit_sem(data, params.items(), PATHS)
    est = fit.model.inspect(std_est=True)
    row = est[(est["lval"] == "affect") & (est["op"] == "~") & (est["rval"] == "understanding")]
    assert fit.paths.loc["understanding -> affect", "estimate"] == pytest.approx(
        row["Est. Std"].iloc[0], abs=1e-9
    )


def test_a_higher_confidence_widens_the_delta_method_interval(default_study):
    params, data = default_study
    fit = em.fit_sem(data, params.items(), PATHS)
    wide = em.standardized_paths(fit.model, PATHS, confidence=0.99)
    assert (wide["ci_low"] < fit.paths["ci_low"]).all() and (wide["ci_high"] > fit.paths["ci_high"]).all()
    assert np.allclose(wide["estimate"], fit.paths["estimate"])


def test_cfa_fits_the_true_measurement_model(default_study):
    params, data = default_study
    cfa = em.fit_cfa(data, params.items())
    assert cfa.fit["cfi"] > 0.98 and cfa.fit["rmsea"] < 0.03
    true = pd.Series(
        {i: lam for c, names in params.items().items() for i, lam in zip(names, params.loadings[c])}
    )
    # Likert cut points attenuate loadings a little; they stay close to the continuous truth
    assert (cfa.loadings["loading"] - true).abs().max() < 0.06


def test_sem_result_is_frozen(default_study):
    params, data = default_study
    cfa = em.fit_cfa(data, params.items())
    with pytest.raises(AttributeError):
        cfa.n = 3


def test_fit_sem_names_missing_columns(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match=r"lacks columns \['aff2'\]"):
        em.fit_sem(data.drop(columns=["aff2"]), params.items(), PATHS)


def test_fit_sem_names_items_with_missing_answers(default_study):
    params, data = default_study
    holes = data.astype({"und3": float})
    holes.loc[5, "und3"] = np.nan
    with pytest.raises(ValueError, match=r"\['und3'\].*missing"):
        em.fit_sem(holes, params.items(), PATHS)


def test_fit_cfa_refuses_an_item_that_duplicates_another(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="und1 and und2 are identical"):
        em.fit_cfa(data.assign(und2=data["und1"]), params.items())


def test_fit_cfa_warns_when_a_residual_variance_sits_at_zero(default_study):
    _, data = default_study
    near_twin = data.assign(und2=data["und1"] + 0.02 * np.random.default_rng(1).standard_normal(len(data)))
    with pytest.warns(RuntimeWarning, match="Heywood"):
        em.fit_cfa(near_twin, {"understanding": ["und1", "und2", "und3"]})


def test_fit_sem_needs_more_respondents_than_variables(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="more respondents than variables"):
        em.fit_sem(data.head(12), params.items(), PATHS)


def test_syntax_is_lavaan_style():
    assert em.measurement_syntax({"affect": ["aff1", "aff2"]}) == "affect =~ aff1 + aff2"
    assert em.structural_syntax([("a", "c"), ("b", "c"), ("c", "d")]) == "c ~ a + b\nd ~ c"


def test_scale_means_attenuate_the_paths_between_constructs(default_study):
    params, data = default_study
    naive = em.scale_score_paths(data, params.items(), PATHS)
    # expected attenuation: beta * sqrt(reliability of both scales), about 0.6 * 0.84 = 0.50
    assert naive.loc["understanding -> affect", "estimate"] == pytest.approx(0.5, abs=0.04)
    truth = params.standardized_paths()["understanding -> affect"]
    assert naive.loc["understanding -> affect", "estimate"] < truth - 0.05
