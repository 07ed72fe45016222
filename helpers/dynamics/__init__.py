"""Feedback-loop analyses (notebook 06): the summary of Chaney et al.'s simulation and the MovieLens
popularity-amplification loop of Mansoury et al. (2020).

* :func:`chaney_summary` condenses replications of :func:`helpers.simulate.feedback.chaney_replication`:
  homogeneity and utility of each recommender relative to the ideal one, how often the paper's ordering
  (popularity above ideal above random) comes back, and the per-run values for a spread plot.
* :func:`popularity_feedback_loop` runs the offline loop of Mansoury, Abdollahpouri, Pechenizkiy, Mobasher &
  Burke (2020, CIKM, "Feedback loop and bias amplification in recommender systems") on a ratings frame:
  recommend -> users accept with a probability falling with rank -> accepted items join the data -> retrain.
  It tracks the Gini of item interaction counts, the average popularity of the recommended items on the
  current and on the original counts, and, overall and per user group, the lists' miscalibration against
  the users' original profiles: by item popularity (head/mid/tail; Abdollahpouri, Mansoury, Burke & Mobasher
  2020, RecSys, "The connection between popularity bias, calibration, and fairness in recommendation") and,
  given item genres, by genre (Steck 2018, "Calibrated recommendations"). Which of the two Mansoury et al.
  report for the female minority of ML-100K should be checked against the paper before quoting it.

Modules: ``chaney`` (the summary), ``popularity_loop`` (the loop and its measures).

Why both popularity measurements: on the *current* counts, the items a loop keeps recommending gain the
interactions the loop itself adds, so the average popularity of the lists rises even when they move to items
that were obscure at the start; on the *original* counts the same lists can show falling popularity (the
most-popular loop does exactly this once users have consumed the head). A claim of "popularity amplification"
has to say which counts it uses.
"""

from .chaney import chaney_summary
from .popularity_loop import (
    LOOP_ALGORITHMS,
    FeedbackLoopResult,
    acceptance_probabilities,
    popularity_feedback_loop,
    popularity_groups,
    popularity_loop_task,
    popularity_miscalibration,
)

__all__ = [
    "LOOP_ALGORITHMS",
    "FeedbackLoopResult",
    "acceptance_probabilities",
    "chaney_summary",
    "popularity_feedback_loop",
    "popularity_groups",
    "popularity_loop_task",
    "popularity_miscalibration",
]
