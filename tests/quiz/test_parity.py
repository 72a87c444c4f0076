"""The engine gives identical results in CPython and in the pinned Pyodide (run by Node)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from quiz.browser import recommend_json
from scripts.pyodide_runtime import install_runtime
from tests.pyodide_node import run_in_pyodide
from tests.quiz.answer_sets import random_answers

HERE = Path(__file__).parent
GOLDEN = json.loads((HERE / "fixtures" / "golden_answers.json").read_text(encoding="utf-8"))


def random_answer_sets(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_answers(rng, answered_share=0.7) for _ in range(count)]


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_runtime(tmp_path_factory.mktemp("site"), quiz_stdlib=False)


def test_golden_answer_sets_match_cpython_exactly(runtime_dir: Path, tmp_path: Path) -> None:
    answer_sets = [*GOLDEN, *random_answer_sets(40, seed=2026)]
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answer_sets), encoding="utf-8")
    output = run_in_pyodide(HERE / "run_in_pyodide.mjs", runtime_dir, answers_file, timeout=300)
    expected = [json.loads(recommend_json(json.dumps(answers))) for answers in answer_sets]
    assert output["replies"] == expected
    assert {reply["result"]["framework"] for reply in expected if reply["ok"]} == {
        "flask",
        "django",
        "either",
    }
    assert any(not reply["ok"] for reply in expected)  # the errors travel identically too
