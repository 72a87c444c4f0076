"""Fill version placeholders and the "applies to" line of guide pages from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

VERSION_PLACEHOLDER = re.compile(r"\{\{\s*version\.(\w+)\s*\}\}")
FIRST_HEADING = re.compile(r"^# .+$", re.MULTILINE)
# A topic page opens with its verdict: a block of "Choose Django when … / Choose Flask when …"
# paragraphs right under the title. The metadata line goes after it, so the verdict comes first.
VERDICT_BLOCK = re.compile(r'\s*^<div class="fvd-topic-verdict" markdown>$.*?^</div>$', re.M | re.S)


class PageMetaError(ValueError):
    """A page asks for a version or a review date that the configuration cannot give."""


def fill_versions(markdown: str, versions: Mapping[str, str], page: str) -> str:
    """Replace every ``{{ version.NAME }}`` with the version configured under ``extra.versions``."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in versions:
            known = ", ".join(sorted(versions))
            raise PageMetaError(f"{page}: unknown version placeholder {name!r} (known: {known})")
        return str(versions[name])

    return VERSION_PLACEHOLDER.sub(replace, markdown)


def applies_to_line(versions: Mapping[str, str], reviewed: dt.date) -> str:
    """The metadata line: the releases to start on, how long they last, when it was checked.

    A reader choosing today needs three things: the releases the page describes (the ones to
    start on), how long those get fixes, and what to upgrade to next.
    """
    django, flask = versions["django"], versions["flask"]
    return (
        '<p class="fvd-applies-to">'
        f"Applies to <strong>Django {django}</strong> and <strong>Flask {flask}</strong>, "
        "the releases to start on today. "
        f"Django {django} gets security fixes until {versions['django_security_until']}; "
        f"move to {versions['django_last_lts']}, the last LTS release, when it ships in "
        f"{versions['django_last_lts_release']} (supported until "
        f"{versions['django_last_lts_until']}). "
        "Flask fixes only its latest release. "
        f'Last reviewed <time datetime="{reviewed.isoformat()}">'
        f"{reviewed.day} {reviewed:%B %Y}</time>.</p>"
    )


def parse_reviewed(value: object, page: str) -> dt.date:
    """Read the ``reviewed`` front-matter field as a date."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PageMetaError(
        f"{page}: front matter 'reviewed' must be a date like 2026-11-27, got {value!r}"
    )


def insert_applies_to(markdown: str, line: str, page: str) -> str:
    """Put the applies-to line under the page's verdict, or under its title if it has none."""
    match = FIRST_HEADING.search(markdown)
    if match is None:
        raise PageMetaError(f"{page}: a reviewed page needs a '# Title' heading")
    end = match.end()
    verdict = VERDICT_BLOCK.match(markdown, end)
    if verdict is not None:
        end = verdict.end()
    return f"{markdown[:end]}\n\n{line}\n{markdown[end:]}"
