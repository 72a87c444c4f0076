"""A Flask-or-Django recommendation engine: questions as TOML data, pure standard library."""

from quiz.engine import recommend
from quiz.loader import QuizDataError, load_quiz
from quiz.model import Alternative, Option, Question, Quiz
from quiz.recommendation import (
    AlsoConsider,
    Change,
    Flip,
    Reason,
    Recommendation,
    TopicAnswer,
    TopicPoints,
    TopicScore,
    Tutorial,
)

__all__ = [
    "AlsoConsider",
    "Alternative",
    "Change",
    "Flip",
    "Option",
    "Question",
    "Quiz",
    "QuizDataError",
    "Reason",
    "Recommendation",
    "TopicAnswer",
    "TopicPoints",
    "TopicScore",
    "Tutorial",
    "load_quiz",
    "recommend",
]
