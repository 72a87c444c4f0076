"""A Flask-or-Django recommendation engine: questions as TOML data, pure standard library."""

from quiz.engine import recommend
from quiz.loader import QuizDataError, load_quiz
from quiz.model import Alternative, Option, Question, Quiz
from quiz.recommendation import AlsoConsider, CriterionScore, Pivot, Reason, Recommendation

__all__ = [
    "AlsoConsider",
    "Alternative",
    "CriterionScore",
    "Option",
    "Pivot",
    "Question",
    "Quiz",
    "QuizDataError",
    "Reason",
    "Recommendation",
    "load_quiz",
    "recommend",
]
