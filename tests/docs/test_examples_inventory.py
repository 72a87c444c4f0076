"""Every example file is shown on a page, run by a test, and says in one line what it is."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from tests.docs.guide import (
    DOCS_DIR,
    EXAMPLE_TESTS_DIR,
    EXAMPLES_DIR,
    SNIPPET_INCLUDE,
    all_pages,
)

MIN_EXAMPLES_PER_FRAMEWORK = 8

FRAMEWORK_EXAMPLES = sorted(
    path for framework in ("flask", "django") for path in EXAMPLES_DIR.glob(f"*/{framework}_*.py")
)
# Every module under docs/examples/ except the package markers.
EXAMPLE_MODULES = sorted(path for path in EXAMPLES_DIR.rglob("*.py") if path.name != "__init__.py")


def example_id(path: Path) -> str:
    return path.relative_to(EXAMPLES_DIR).as_posix()


def module_name(path: Path) -> str:
    """docs/examples/database/flask_models.py -> examples.database.flask_models"""
    return ".".join(path.relative_to(DOCS_DIR).with_suffix("").parts)


@functools.cache
def included_by_pages() -> frozenset[str]:
    """docs-relative paths of every snippet a page includes."""
    return frozenset(
        match.group(1)
        for page in all_pages()
        for match in SNIPPET_INCLUDE.finditer(page.read_text(encoding="utf-8"))
    )


def modules_used_by(source: str) -> set[str]:
    """Modules a test imports, in any import form, or names as a dotted-path string.

    A string counts because Django imports it: ROOT_URLCONF="examples.philosophy.django_hello",
    importlib.import_module("examples.deployment.django_settings").
    """
    used: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            used.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            used.add(node.module)
            used.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used.add(node.value)
    return used


@functools.cache
def used_by_example_tests() -> frozenset[str]:
    used: set[str] = set()
    for test in EXAMPLE_TESTS_DIR.glob("test_*.py"):
        used |= modules_used_by(test.read_text(encoding="utf-8"))
    return frozenset(used)


def test_examples_use_and_cover_both_frameworks() -> None:
    flask = [path for path in FRAMEWORK_EXAMPLES if path.name.startswith("flask_")]
    django = [path for path in FRAMEWORK_EXAMPLES if path.name.startswith("django_")]
    assert len(flask) >= MIN_EXAMPLES_PER_FRAMEWORK, [example_id(path) for path in flask]
    assert len(django) >= MIN_EXAMPLES_PER_FRAMEWORK, [example_id(path) for path in django]


@pytest.mark.parametrize("example", FRAMEWORK_EXAMPLES, ids=example_id)
def test_example_is_included_by_a_page(example: Path) -> None:
    path = example.relative_to(DOCS_DIR).as_posix()
    included = path in included_by_pages()
    assert included, f'no page has --8<-- "{path}"'


@pytest.mark.parametrize("example", FRAMEWORK_EXAMPLES, ids=example_id)
def test_example_is_run_by_a_test(example: Path) -> None:
    tested = module_name(example) in used_by_example_tests()
    assert tested, f"no test under tests/examples/ imports {module_name(example)}"


def test_import_forms_are_recognised() -> None:
    source = (
        "import examples.a.flask_x\n"
        "from examples.b import django_y, flask_z\n"
        "from .c import flask_q\n"
        'URLCONF = "examples.d.django_w"\n'
        "# examples.e.flask_comment\n"
    )
    used = modules_used_by(source)
    assert {"examples.a.flask_x", "examples.b.django_y", "examples.b.flask_z"} <= used
    assert "examples.d.django_w" in used
    assert "examples.e.flask_comment" not in used
    assert not any(name.endswith("flask_q") for name in used)


@pytest.mark.parametrize("example", EXAMPLE_MODULES, ids=example_id)
def test_example_has_a_one_line_docstring(example: Path) -> None:
    module = ast.parse(example.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(module, clean=False)
    assert docstring, "start the module with a docstring that says what it shows"
    assert docstring.strip(), "the docstring is empty"
    assert "\n" not in docstring, "keep the docstring to one line: it opens the snippet on the page"
    assert docstring == docstring.strip(), "no blank space inside the quotes"
