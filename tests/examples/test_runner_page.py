"""Run controls go after the code block that includes an example, however the include is cut."""

from __future__ import annotations

import pytest

from scripts.runner_page import assets, fill_slots, mark_examples

KNOWN = {"philosophy/flask_hello.py": {}, "philosophy/django_hello.py": {}}
TABS = """=== "Flask"

    ```python title="flask_hello.py"
    --8<-- "examples/philosophy/flask_hello.py{cut}"
    ```

=== "Django"

    ```python
    --8<-- "examples/philosophy/django_hello.py"
    ```

After."""


@pytest.mark.parametrize("cut", ["", ":hello", ":3:12", ":3"])
def test_slot_follows_the_block_whatever_part_is_included(cut: str) -> None:
    marked, order = mark_examples(TABS.format(cut=cut), KNOWN)
    assert order == ["philosophy/flask_hello.py", "philosophy/django_hello.py"]
    lines = marked.split("\n")
    flask_slot = lines.index("    <!-- runner-slot: philosophy/flask_hello.py -->")
    assert lines[flask_slot - 2] == "    ```"  # right after the block, inside the tab
    assert lines[flask_slot - 3].startswith('    --8<-- "examples/philosophy/flask_hello.py')


def test_a_file_included_twice_gets_one_slot_under_the_lines_shown_first() -> None:
    """The page shows a section, then the whole file in a collapsed block: Run goes under the
    section, where the reader sees it."""
    markdown = (
        '```python\n--8<-- "examples/philosophy/flask_hello.py:compare"\n```\n\n'
        '??? example "The whole file"\n\n'
        '    ```python\n    --8<-- "examples/philosophy/flask_hello.py"\n    ```\n'
    )
    marked, order = mark_examples(markdown, KNOWN)
    assert order == ["philosophy/flask_hello.py"]
    assert marked.count("runner-slot") == 1
    assert marked.index(":compare") < marked.index("runner-slot") < marked.index("??? example")


def test_includes_outside_code_blocks_and_unknown_files_are_left_alone() -> None:
    markdown = (
        '--8<-- "examples/philosophy/flask_hello.py"\n\n'
        '```python\n--8<-- "examples/other/flask_x.py"\n```\n'
    )
    assert mark_examples(markdown, KNOWN) == (markdown, [])


def test_filled_slots_carry_the_contract_and_the_whole_file() -> None:
    scenarios = {
        "philosophy/flask_hello.py": {
            "example": "philosophy/flask_hello.py",
            "framework": "flask",
            "runnable": True,
            "requests": [{"method": "GET", "path": "/", "expect": 200}],
        },
        "philosophy/django_hello.py": {
            "example": "philosophy/django_hello.py",
            "framework": "django",
            "runnable": False,
            "cannot_run": "Needs <a compiled> core.",
        },
    }
    sources = {"philosophy/flask_hello.py": 'PAGE = "<h1>Hi</h1>"\n'}
    page = "\n".join(f"<!-- runner-slot: {name} -->" for name in scenarios)
    html, runnable = fill_slots(page, scenarios, sources)
    assert runnable
    assert 'data-run="examples/philosophy/flask_hello.py"' in html
    assert 'role="status" aria-live="polite"' in html
    assert "PAGE = &quot;&lt;h1&gt;Hi&lt;/h1&gt;&quot;" in html  # escaped inside the textarea
    assert "Needs &lt;a compiled&gt; core." in html
    assert 'data-run="examples/philosophy/django_hello.py"' not in html


def test_the_script_address_carries_the_runtime_the_site_was_built_with() -> None:
    tags = assets(lambda path: f"../{path}", runtime="c4153f02")
    assert '<script type="module" src="../assets/runner/runner.js?runtime=c4153f02">' in tags
    assert 'src="../assets/runner/runner.js"' in assets(lambda path: f"../{path}")
