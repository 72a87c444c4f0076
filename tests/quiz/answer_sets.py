"""Random but reproducible answer sets over the shipped quiz, for tests that compare engines."""

from __future__ import annotations

import random
from typing import Any

from quiz import load_quiz


def random_answers(rng: random.Random, answered_share: float) -> dict[str, Any]:
    """Answer about ``answered_share`` of the questions, picking options at random."""
    answers: dict[str, Any] = {}
    for question in load_quiz().questions:
        if rng.random() < answered_share:
            ids = [option.id for option in question.options]
            if question.multiple:
                answers[question.id] = rng.sample(ids, rng.randint(1, len(ids)))
            else:
                answers[question.id] = rng.choice(ids)
    return answers
