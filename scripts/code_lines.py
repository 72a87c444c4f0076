"""Mark each highlighted code line with its indentation, so that a wrapped line hangs under it."""

from __future__ import annotations

import re

# pymdownx.highlight's `line_spans` wraps each line: <span id="__span-0-3">    code…</span>;
# Pygments puts some indentation in a whitespace token: <span class="w">    </span>.
LINE_START = re.compile(r'<span id="(__span-\d+-\d+)">((?:<span class="w">)?)( +)')
# layout.css has a rule per indentation up to this many spaces; deeper lines hang at the limit.
MAX_INDENT = 24


def mark_indentation(html: str) -> str:
    """Give every indented code line the class ``fvd-indent-N`` (N leading spaces)."""

    def mark(match: re.Match[str]) -> str:
        line, token, spaces = match.groups()
        level = min(len(spaces), MAX_INDENT)
        return f'<span id="{line}" class="fvd-indent-{level}">{token}{spaces}'

    return LINE_START.sub(mark, html)
