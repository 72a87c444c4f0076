"""The topics answers weigh on, one per topic page of the guide, and where their names live."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Literal

# Topic ids are the guide's page slugs: ``admin`` is docs/admin.md. Their names are not kept here:
# a topic is called what the guide's navigation calls its page (see `guide_titles`).
TOPICS: Final[tuple[str, ...]] = (
    "philosophy",
    "performance",
    "learning-curve",
    "flexibility",
    "database",
    "admin",
    "security",
    "async",
    "deployment",
    "ecosystem",
)

FRAMEWORKS: Final[tuple[Literal["flask"], Literal["django"]]] = ("flask", "django")

# A nav entry as mkdocs.yml writes it: `- Title: page.md` (title optionally quoted) or `- page.md`.
_NAV_ENTRY = re.compile(
    r"""^\s*-\s+(?:(?P<quote>["']?)(?P<title>.+?)(?P=quote):\s+)?(?P<page>[\w./-]+\.md)\s*$"""
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_TITLE_LINE = re.compile(
    r"""^title:\s*(?P<quote>["']?)(?P<title>.+?)(?P=quote)\s*$""", re.MULTILINE
)
_FIRST_H1 = re.compile(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.MULTILINE)


class TopicTitleError(LookupError):
    """A topic has no page, or its page has no title, in the guide."""


def page_of(topic: str) -> str:
    """The guide page that explains a topic: ``admin`` -> ``admin.md``."""
    return f"{topic}.md"


def guide_titles(root: Path, topics: Iterable[str] = TOPICS) -> dict[str, str]:
    """Each topic's name as the guide's navigation shows it, read from ``root``'s mkdocs.yml.

    MkDocs' own order applies: the title given in the nav, else the page's front-matter
    ``title``, else its first ``#`` heading.
    """
    nav_titles: dict[str, str | None] = {}
    for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        match = _NAV_ENTRY.match(line)
        if match:
            nav_titles.setdefault(match["page"], match["title"])
    titles: dict[str, str] = {}
    for topic in topics:
        page = page_of(topic)
        if page not in nav_titles:
            raise TopicTitleError(f"topic {topic!r}: {page} is not in mkdocs.yml's nav")
        titles[topic] = nav_titles[page] or _page_title(root / "docs" / page, topic)
    return titles


def _page_title(path: Path, topic: str) -> str:
    text = path.read_text(encoding="utf-8")
    front = _FRONT_MATTER.match(text)
    if front:
        line = _TITLE_LINE.search(front.group(1))
        if line:
            return line["title"]
        text = text[front.end() :]
    heading = _FIRST_H1.search(text)
    if heading:
        return heading.group(1)
    raise TopicTitleError(f"topic {topic!r}: {path.name} has no title")
