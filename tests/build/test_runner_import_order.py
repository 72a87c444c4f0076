"""The warm-up's import order: each framework's modules as its scenarios imported them, imported
one per step."""

from __future__ import annotations

import sys
from typing import Any

from scripts.example_driver import import_next
from scripts.runner_patterns import import_order

SCENARIOS: dict[str, dict[str, Any]] = {
    "philosophy/flask_hello.py": {"framework": "flask"},
    "philosophy/django_hello.py": {"framework": "django"},
    "performance/flask_cache.py": {"framework": "flask"},
}


def test_each_framework_keeps_its_scenarios_modules_in_the_order_they_were_executed() -> None:
    imported = {
        "philosophy/flask_hello.py": ["werkzeug.routing", "werkzeug", "flask.app", "flask"],
        "philosophy/django_hello.py": ["django.urls.resolvers", "django.urls"],
        "performance/flask_cache.py": ["cachelib.base", "cachelib", "flask_caching"],
    }
    assert import_order(SCENARIOS, imported) == {
        "flask": [
            "werkzeug.routing",
            "werkzeug",
            "flask.app",
            "flask",
            "cachelib.base",
            "cachelib",
            "flask_caching",
        ],
        "django": ["django.urls.resolvers", "django.urls"],
    }


def test_the_guides_own_modules_are_left_out() -> None:
    imported = {
        "philosophy/flask_hello.py": [
            "example_driver",
            "examples",
            "examples.philosophy",
            "examples.philosophy.flask_hello",
            "compiled_patterns",
            "examples_of_a_library",
            "flask",
        ],
    }
    assert import_order(SCENARIOS, imported) == {"flask": ["examples_of_a_library", "flask"]}


def test_the_warm_up_imports_one_module_per_step_and_skips_what_is_imported() -> None:
    # Each step imports the first module not imported yet and says where the next step begins;
    # a module that fails to import is passed over (the Run that needs it reports the error).
    modules = ["json", "colorsys", "no_such_module_for_the_warm_up", "colorsys"]
    sys.modules.pop("colorsys", None)
    assert import_next(modules, 0) == 2  # json is imported already: colorsys is the step
    assert "colorsys" in sys.modules
    assert import_next(modules, 2) == 3
    assert "no_such_module_for_the_warm_up" not in sys.modules
    assert import_next(modules, 3) == len(modules)
