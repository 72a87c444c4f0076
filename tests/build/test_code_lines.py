"""Each highlighted code line carries its indentation, for the hanging indent of wrapped lines."""

from __future__ import annotations

import pytest

from scripts.code_lines import MAX_INDENT, mark_indentation


@pytest.mark.parametrize(
    ("line", "marked"),
    [
        ('<span id="__span-0-1">x = 1\n</span>', '<span id="__span-0-1">x = 1\n</span>'),
        (
            '<span id="__span-0-2">    return x\n</span>',
            '<span id="__span-0-2" class="fvd-indent-4">    return x\n</span>',
        ),
        (
            '<span id="__span-3-9"><span class="w">        </span>"""Doc."""\n</span>',
            '<span id="__span-3-9" class="fvd-indent-8"><span class="w">        </span>"""Doc."""\n'
            "</span>",
        ),
        (
            f'<span id="__span-0-4">{" " * 40}deep\n</span>',
            f'<span id="__span-0-4" class="fvd-indent-{MAX_INDENT}">{" " * 40}deep\n</span>',
        ),
    ],
)
def test_indentation_is_marked(line: str, marked: str) -> None:
    assert mark_indentation(line) == marked


def test_other_html_is_left_alone() -> None:
    html = '<p>    text</p><span id="other">    x</span>'
    assert mark_indentation(html) == html
