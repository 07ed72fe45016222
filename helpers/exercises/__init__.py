"""Student exercises: the ``Exercise`` class (``check``, ``hint``, ``solution``) and each notebook's questions.

A notebook's exercises live in a module named for the notebook's topic (``helpers.exercises.start_here`` for
notebook 00, and so on), so the expected answers and the checks stay out of the student's sight: the notebook
shows the question and calls ``q1.check(answer)``; only ``q1.solution()`` reveals the answer.
"""

from .core import CheckResult, Exercise, evidence_exercise, function_checker

__all__ = ["CheckResult", "Exercise", "evidence_exercise", "function_checker"]
