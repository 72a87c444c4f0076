"""Attach the example runner's controls to the pages' included example files."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

# A snippet include of an example file, whole or in part: "examples/x/y.py", "…:section",
# "…:3:12" (pymdownx.snippets' forms); only the file's path matters here.
INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)--8<--[ \t]+"examples/(?P<path>[^":\n]+\.py)(?::[^"\n]*)?"'
)
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
SLOT = re.compile(r"<!-- runner-slot: (?P<path>[^ ]+\.py) -->")
FRAMEWORK_NAMES = {"flask": "Flask", "django": "Django"}


def mark_examples(markdown: str, known: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Put a slot after the code block that first includes each known example (the lines shown,
    not the collapsed whole file below them). Returns the Markdown and the examples marked, in
    page order."""
    lines = markdown.split("\n")
    first_block_end: dict[str, int] = {}
    fence: tuple[str, str] | None = None  # (indent, marker) of the open code block
    pending: list[str] = []
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence, pending = (match.group("indent"), match.group("fence")), []
            continue
        if fence is not None:
            include = INCLUDE.match(line)
            if include and include.group("path") in known:
                pending.append(include.group("path"))
            if line.strip() == fence[1] or (match and match.group("fence").startswith(fence[1])):
                for path in pending:
                    first_block_end.setdefault(path, number)
                fence = None
    inserts: dict[int, list[str]] = {}
    for path, end in first_block_end.items():
        indent = FENCE.match(lines[end])
        prefix = indent.group("indent") if indent else ""
        inserts.setdefault(end, []).append(f"{prefix}<!-- runner-slot: {path} -->")
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        for slot in inserts.get(number, []):
            out += ["", slot]
    order = [path for path, _ in sorted(first_block_end.items(), key=lambda item: item[1])]
    return "\n".join(out), order


def control(scenario: Mapping[str, Any], source: str) -> str:
    """The Run control for a runnable example, or a plain note for one that cannot run."""
    example = scenario["example"]
    framework = FRAMEWORK_NAMES[scenario["framework"]]
    if not scenario["runnable"]:
        return (
            f'<p class="fvd-run-note" data-run-unavailable="examples/{example}">'
            "<strong>Not runnable in the browser:</strong> "
            f"{html.escape(scenario['cannot_run'])}</p>"
        )
    ident = "fvd-run-" + re.sub(r"[^a-z0-9]+", "-", example.lower()).strip("-")
    requests = len(scenario["requests"])
    what = f"Runs the {framework} example's {requests} test request{'s' * (requests != 1)}"
    buttons = [
        f'<button type="button" class="md-button md-button--primary" data-run="examples/{example}"'
        f' aria-describedby="{ident}-what">Run</button>',
        f'<button type="button" class="md-button" data-run-edit aria-expanded="false"'
        f' aria-controls="{ident}-editor">Edit</button>',
        '<button type="button" class="md-button" data-run-reset hidden>Reset</button>',
        '<button type="button" class="md-button" data-run-stop hidden>Stop</button>',
        f'<span class="fvd-run__what" id="{ident}-what">{what} in your browser</span>',
    ]
    editor = [
        f'<label for="{ident}-source">The whole tested file, editable'
        " (Tab moves to the next control)</label>",
        # A div, not a pre: the theme styles and adds a copy button to every pre > code.
        '<div class="fvd-run__code"><div class="fvd-run__highlight" aria-hidden="true"></div>',
        f'<textarea id="{ident}-source" class="fvd-run__source" spellcheck="false"'
        ' autocapitalize="off" autocomplete="off" rows="12" data-run-source>'
        f"{html.escape(source)}</textarea></div>",
    ]
    return "\n".join(
        [
            f'<div class="fvd-run" data-run-example="{html.escape(example)}" hidden>',
            '<div class="fvd-run__bar">',
            *buttons,
            "</div>",
            f'<div class="fvd-run__editor" id="{ident}-editor" hidden>',
            *editor,
            "</div>",
            '<div class="fvd-run__output" role="status" aria-live="polite" data-run-output></div>',
            "</div>",
        ]
    )


def fill_slots(
    page_html: str, scenarios: Mapping[str, Mapping[str, Any]], sources: Mapping[str, str]
) -> tuple[str, bool]:
    """Replace each slot with its control; also say whether any control is runnable."""
    runnable = False

    def replace(match: re.Match[str]) -> str:
        nonlocal runnable
        scenario = scenarios[match.group("path")]
        runnable = runnable or bool(scenario["runnable"])
        return control(scenario, sources.get(match.group("path"), ""))

    return SLOT.sub(replace, page_html), runnable


def assets(url: Any, runtime: str = "") -> str:
    """The runner's stylesheet and script: only pages with a runnable example load them. The
    script's address carries the digest of the runtime the site was built with, which the
    worker's boot checks the runtime's manifest against without waiting for the bundle."""
    script = url("assets/runner/runner.js") + (f"?runtime={runtime}" if runtime else "")
    return (
        f'<link rel="stylesheet" href="{url("assets/runner/runner.css")}">\n'
        f'<script type="module" src="{html.escape(script)}"></script>'
    )
