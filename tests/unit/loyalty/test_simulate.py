"""Specifications of helpers.simulate.loyalty: the personalization experiment and its known truth."""

import dataclasses

import numpy as np
import pytest

from helpers import loyalty
from helpers.simulate import loyalty as sim


@pytest.fixture(scope="module")
def experiment():
    return sim.simulate_experiment(sim.PersonalizationExperiment(), rng=11)


def test_parameters_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        sim.PersonalizationExperiment().churn_hazard = 0.5


def test_answer_probabilities_sum_to_one_and_personalization_raises_the_true_nps():
    params = sim.PersonalizationExperiment()
    assert params.answer_probabilities(False).sum() == pytest.approx(1.0)
    assert params.true_nps_difference > 0


def test_no_shift_means_no_true_nps_difference():
    assert sim.PersonalizationExperiment(nps_shift=0.0).true_nps_difference == pytest.approx(0.0)


def test_invalid_parameters_raise():
    with pytest.raises(ValueError, match="churn_hazard"):
        sim.PersonalizationExperiment(churn_hazard=0)
    with pytest.raises(ValueError, match="response_rate"):
        sim.PersonalizationExperiment(response_rate=1.5)


def test_arms_are_balanced_and_histories_are_consistent(experiment):
    assert (experiment["arm"].value_counts() == 2000).all()
    assert (experiment["recency"] <= experiment["tenure_weeks"]).all()
    assert (experiment.loc[experiment["frequency"] == 0, "recency"] == 0).all()
    assert (experiment["churned"] == (experiment["tenure_weeks"] < 52)).all()


def test_same_seed_same_experiment():
    params = sim.PersonalizationExperiment(n_per_arm=50)
    a, b = sim.simulate_experiment(params, 3), sim.simulate_experiment(params, 3)
    assert a.equals(b)


def test_churn_share_of_control_matches_the_exponential_model(experiment):
    control = experiment[experiment["arm"] == "control"]
    assert control["churned"].mean() == pytest.approx(1 - np.exp(-0.02 * 52), abs=0.03)


def test_response_rate_and_answer_range(experiment):
    answers = experiment["nps_answer"].dropna()
    assert len(answers) / len(experiment) == pytest.approx(0.4, abs=0.03)
    assert answers.between(0, 10).all()


def test_cox_model_recovers_the_true_hazard_ratio(experiment):
    hr = loyalty.cox_hazard_ratio(
        experiment["tenure_weeks"], experiment["churned"], experiment["personalized"]
    )
    assert hr.ci_low < 0.7 < hr.ci_high


def test_purchase_rate_while_active_matches_the_gamma_mean(experiment):
    control = experiment[experiment["arm"] == "control"]
    rate = control["frequency"].sum() / control["tenure_weeks"].sum()
    assert rate == pytest.approx(0.1, abs=0.012)  # 3 standard deviations over seeds


def test_nps_difference_interval_covers_the_truth(experiment):
    params = sim.PersonalizationExperiment()
    answered = experiment.dropna(subset=["nps_answer"])
    by_arm = {arm: group["nps_answer"].astype(int) for arm, group in answered.groupby("arm")}
    diff = loyalty.compare_nps(by_arm["control"], by_arm["personalized"])
    assert diff.ci_low < params.true_nps_difference < diff.ci_high


def test_simulate_experiment_refuses_an_unseeded_generator():
    # issue 12: default_rng(rng) silently accepted None (an unseeded, unreproducible run)
    with pytest.raises(TypeError, match="rng is None"):
        sim.simulate_experiment(sim.PersonalizationExperiment(n_per_arm=10), None)


def test_simulate_experiment_refuses_other_parameters():
    with pytest.raises(TypeError, match="PersonalizationExperiment"):
        sim.simulate_experiment({"n_per_arm": 10}, 0)


def test_an_experiment_too_large_to_allocate_is_refused_before_drawing():
    with pytest.raises(ValueError, match="GiB"):
        sim.simulate_experiment(sim.PersonalizationExperiment(n_per_arm=10**12), 0)


def test_parameters_refuse_nan_and_fractional_arms():
    with pytest.raises(ValueError, match="nps_mean"):
        sim.PersonalizationExperiment(nps_mean=float("nan"))
    with pytest.raises(ValueError, match="n_per_arm"):
        sim.PersonalizationExperiment(n_per_arm=10.5)


def test_answer_probabilities_need_a_real_bool():
    with pytest.raises(TypeError, match="personalized"):
        sim.PersonalizationExperiment().answer_probabilities("no")


# ---- survey non-response that depends on the answer


def test_random_nonresponse_leaves_the_nps_unbiased():
    probs = sim.PersonalizationExperiment().answer_probabilities(False)
    assert sim.SurveyNonResponse.random(0.3).bias(probs) == pytest.approx(0.0, abs=1e-12)


def test_happier_customers_answering_more_biases_the_nps_upward():
    probs = sim.PersonalizationExperiment().answer_probabilities(False)
    assert sim.SurveyNonResponse(0.2, 0.4).bias(probs) > 5
    assert sim.SurveyNonResponse(0.4, 0.2).bias(probs) < -5


def test_simulated_respondents_converge_to_the_respondent_nps_not_the_true_nps():
    params, nonresponse = sim.PersonalizationExperiment(), sim.SurveyNonResponse(0.2, 0.4)
    probs = params.answer_probabilities(False)
    surveys = sim.simulate_nps_surveys(probs, nonresponse, 2000, 400, rng=3)
    scores = 100 * (surveys["promoters"].sum() - surveys["detractors"].sum()) / surveys["respondents"].sum()
    assert scores == pytest.approx(nonresponse.respondent_nps(probs), abs=0.5)
    assert surveys["respondents"].mean() == pytest.approx(2000 * nonresponse.response_rate(probs), rel=0.01)


def test_simulated_surveys_are_consistent_counts():
    probs = sim.PersonalizationExperiment().answer_probabilities(False)
    surveys = sim.simulate_nps_surveys(probs, sim.SurveyNonResponse(), 300, 50, rng=0)
    assert (surveys["promoters"] + surveys["detractors"] <= surveys["respondents"]).all()
    assert (surveys["respondents"] <= surveys["invited"]).all()
    assert surveys.equals(sim.simulate_nps_surveys(probs, sim.SurveyNonResponse(), 300, 50, rng=0))


def test_nonresponse_study_keeps_coverage_under_random_nonresponse_and_loses_it_otherwise():
    probs = sim.PersonalizationExperiment().answer_probabilities(False)
    study = sim.nonresponse_study(
        probs,
        {"random": sim.SurveyNonResponse.random(0.35), "selective": sim.SurveyNonResponse(0.2, 0.4)},
        [1000, 10000],
        400,
        rng=2,
    )
    assert study.loc[("random", 1000), "coverage"] == pytest.approx(0.95, abs=0.035)
    assert study.loc[("selective", 10000), "coverage"] < 0.05  # more answers, same bias: worse coverage
    assert study.loc[("selective", 1000), "coverage"] > study.loc[("selective", 10000), "coverage"]
