"""The engine's boundary with the browser: JSON text in, JSON text out, errors as data."""

from __future__ import annotations

import json

from quiz.engine import recommend


def recommend_json(answers_json: str) -> str:
    """``{"ok": true, "result": …}`` or ``{"ok": false, "error": …}`` for a JSON answers object."""
    try:
        answers = json.loads(answers_json)
        result = recommend(answers).as_dict()
    except (ValueError, TypeError) as error:
        return json.dumps({"ok": False, "error": str(error)})
    return json.dumps({"ok": True, "result": result})
