"""Fill version placeholders and the "applies to" line of guide pages from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

VERSION_PLACEHOLDER = re.compile(r"\{\{\s*version\.(\w+)\s*\}\}")
FIRST_HEADING = re.compile(r"^# .+$", re.MULTILINE)


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
    """The one-line statement of which releases a page was checked against, and when."""
    return (
        '<p class="fvd-applies-to">'
        f"Applies to <strong>Django {versions['django']}</strong> "
        f"(and the {versions['django_lts']} LTS where the page says so) "
        f"and <strong>Flask {versions['flask']}</strong>. "
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
    """Put the applies-to line right after the page's first ``# `` heading."""
    match = FIRST_HEADING.search(markdown)
    if match is None:
        raise PageMetaError(f"{page}: a reviewed page needs a '# Title' heading")
    return f"{markdown[: match.end()]}\n\n{line}\n{markdown[match.end() :]}"
