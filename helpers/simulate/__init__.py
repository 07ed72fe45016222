"""Documented generative models for synthetic users, studies and experiments, each with known ground truth.

One module per notebook topic; each model's parameters live in a frozen dataclass whose defaults are the
truth a notebook's analysis must recover:

* ``simulate.emotion``     — the user study of notebook 01 (personalization -> understanding -> affect -> trust)
* ``simulate.experiments`` — randomized A/B studies of transparency and control (notebook 02)
* ``simulate.sessions``    — RecSim's "choc vs kale" user who tires of clickbait (notebook 03)
* ``simulate.privacy``     — users who opt out of data collection by privacy concern (notebook 04)
* ``simulate.loyalty``     — churn, purchases and NPS under personalization (notebook 05)
* ``simulate.feedback``    — Chaney et al.'s recommender feedback loop over simulated users and items (notebook 06)
* ``simulate.trust_loop``  — the course's trust loop, every link labelled with its source (notebook 06)
"""

from . import emotion, experiments, feedback, loyalty, privacy, sessions, trust_loop  # noqa: F401
