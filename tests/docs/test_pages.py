"""Every topic page follows the guide's structure, cites official docs and has no loose ends."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from tests.docs.guide import (
    DOCS_DIR,
    SNIPPET_INCLUDE,
    SNIPPET_LIKE,
    VERDICT_CLOSE,
    VERDICT_LEADS,
    VERDICT_OPEN,
    WITHOUT_VERDICT,
    Page,
    nav_pages,
    read_page,
    topic_pages,
    versions,
)

TOPICS = topic_pages()

# The projects' own documentation: the frameworks, the libraries the pages compare, and the
# extensions the examples use. A page's Sources must cite at least one of these.
OFFICIAL_DOCS_HOSTS = frozenset(
    {
        # The frameworks and the Pallets libraries underneath Flask.
        "docs.djangoproject.com",
        "flask.palletsprojects.com",
        "werkzeug.palletsprojects.com",
        "jinja.palletsprojects.com",
        "quart.palletsprojects.com",
        # Extensions and libraries the pages and examples use.
        "flask-sqlalchemy.readthedocs.io",
        "docs.sqlalchemy.org",
        "alembic.sqlalchemy.org",
        "flask-migrate.readthedocs.io",
        "flask-admin.readthedocs.io",
        "flask-caching.readthedocs.io",
        "flask-wtf.readthedocs.io",
        "flask-login.readthedocs.io",
        "flask-smorest.readthedocs.io",
        "django-ninja.dev",
        "www.django-rest-framework.org",
        "channels.readthedocs.io",
        "asgi.readthedocs.io",
        "whitenoise.readthedocs.io",
    }
)

MAX_DESCRIPTION = 160
MAX_REVIEW_AGE = dt.timedelta(days=365)
# Versions that must come from extra.versions when a page names them as current.
CURRENT_VERSION_NAMES = {
    "Django": ("django", "django_last_lts", "django_current_lts"),
    "Flask": ("flask",),
}
SOURCES_HEADING = "Sources {#sources}"
EXPLICIT_ID = re.compile(r"\S \{#[a-z0-9]+(?:-[a-z0-9]+)*\}$")
MIN_PAGES_WITH_TABS = 5

# Left-over drafting markers. The uppercase ones are matched case-sensitively so that prose
# ("a todo app") is not caught; the phrases in any case.
PLACEHOLDERS = re.compile(r"\b(?:TODO|TBD|FIXME|XXX)\b|(?i:\blorem\b|\bcoming soon\b)")

# A current version may be named by hand only where the text is about history: the release
# that added or changed something, or the release notes of that version.
HISTORICAL_BEFORE = re.compile(
    r"(?i:\b(?:since|added in|new in|introduced in|changed in|raised in|removed in|deprecated in)"
    r"\s+)$"
)
HISTORICAL_AFTER = re.compile(r"^\s+release notes\b")

# A popularity figure (survey shares, stars, downloads) goes stale: the sentence that gives it must
# say when it was taken and link to where.
POPULARITY_FIGURE = re.compile(
    r"(?i)\b(?:stars?|survey|downloads?)\b.*?\b\d+(?:[.,]\d+)?\s?(?:%|k\b|million\b)"
    r"|\b\d+(?:[.,]\d+)?\s?(?:%|k\b|million\b).*?\b(?:stars?|survey|downloads?)\b",
    re.DOTALL,
)
A_YEAR = re.compile(r"\b20\d\d\b")


PAGES = [read_page(path) for path in TOPICS]
each_page = pytest.mark.parametrize("doc", PAGES, ids=[doc.name for doc in PAGES])


def hand_typed_versions(doc: Page, current: dict[str, str]) -> list[str]:
    """Where the page types "Django <current>" / "Flask <current>" instead of a placeholder."""
    numbers = {
        framework: [current[name] for name in names]
        for framework, names in CURRENT_VERSION_NAMES.items()
    }
    text = doc.body
    found = []
    for framework, versions_ in numbers.items():
        for number in versions_:
            # "Flask 3.1" but not "Flask 3.1.1" or "Flask 3.10".
            pattern = re.compile(rf"\b{framework} {re.escape(number)}(?![\d]|\.\d)")
            for match in pattern.finditer(text):
                before = text[max(0, match.start() - 40) : match.start()]
                after = text[match.end() : match.end() + 20]
                if HISTORICAL_BEFORE.search(before) or HISTORICAL_AFTER.match(after):
                    continue
                found.append(f"line {doc.line_of(match.start())}: {match.group()!r}")
    return found


def test_there_are_topic_pages() -> None:
    assert len(PAGES) >= 12, [doc.name for doc in PAGES]


@each_page
def test_front_matter(doc: Page) -> None:
    meta = doc.front_matter()
    assert isinstance(meta.get("title"), str), "front matter needs a title"
    assert meta["title"].strip()
    assert isinstance(meta.get("description"), str), "front matter needs a description"
    assert meta["description"].strip()
    assert len(meta["description"]) <= MAX_DESCRIPTION, (
        f"description is {len(meta['description'])} characters; search engines show about "
        f"{MAX_DESCRIPTION}"
    )
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, str):
        reviewed = dt.date.fromisoformat(reviewed)
    assert isinstance(reviewed, dt.date), f"reviewed must be an ISO date, got {reviewed!r}"
    assert not isinstance(reviewed, dt.datetime), "reviewed is a date, not a time"
    today = dt.date.today()
    assert reviewed <= today, f"reviewed {reviewed} is in the future"
    assert today - reviewed <= MAX_REVIEW_AGE, f"reviewed {reviewed}: more than a year ago"


@each_page
def test_title_heading_then_verdict(doc: Page) -> None:
    tokens = doc.tokens
    headings = doc.headings()
    assert [tag for tag, _ in headings].count("h1") == 1, "one H1 per page"
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1", "the page opens with # Title"
    assert tokens[1].content == doc.front_matter()["title"], "the H1 and the title differ"
    # heading_open, inline, heading_close, then the first block.
    first_block = tokens[3]
    if doc.name in WITHOUT_VERDICT:
        assert VERDICT_OPEN not in doc.body, "a reference page has no verdict to give"
        assert first_block.type == "paragraph_open", f"after the H1 comes {first_block.type}"
        assert not tokens[4].content.startswith("!!!"), "open with the content, not a box"
        return
    assert first_block.type == "html_block", "the verdict block comes right after the H1"
    assert first_block.content.strip() == VERDICT_OPEN, (
        f"after the H1 comes {first_block.content!r}"
    )
    closing = next(
        index
        for index, token in enumerate(tokens)
        if token.type == "html_block" and token.content.strip() == VERDICT_CLOSE
    )
    leads = [
        token.content.split("**", 2)[1]
        for token in tokens[4:closing]
        if token.type == "inline" and token.content.startswith("**")
    ]
    expected = [lead.strip("*") for lead in VERDICT_LEADS]
    assert leads == expected, f"the verdict is one bold lead per framework, {expected}; got {leads}"
    inside = {token.type for token in tokens[4:closing]}
    assert inside <= {"paragraph_open", "inline", "paragraph_close"}, (
        f"keep the verdict to plain paragraphs so it reads at body size; found {sorted(inside)}"
    )


def test_each_topic_has_one_name() -> None:
    """The nav entry, the front matter title and the H1 name a topic the same way."""
    nav_titles = {source: title for title, source in nav_pages()}
    differing = []
    for doc in PAGES:
        assert doc.name in nav_titles, f"{doc.name} is not in mkdocs.yml's nav"
        names = {nav_titles[doc.name], doc.front_matter()["title"], doc.headings()[0][1]}
        if len(names) > 1:
            differing.append(f"{doc.name}: {sorted(names)}")
    assert not differing, "one name per topic in nav, title and H1:\n" + "\n".join(differing)


@each_page
def test_mentions_both_frameworks(doc: Page) -> None:
    prose = " ".join(token.content for token in doc.tokens if token.type == "inline")
    assert re.search(r"\bFlask\b", prose), "the page never names Flask"
    assert re.search(r"\bDjango\b", prose), "the page never names Django"


@each_page
def test_sources_section_cites_official_docs(doc: Page) -> None:
    tokens = doc.tokens
    h2 = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    assert h2, "the page has no H2"
    last = h2[-1]
    assert tokens[last + 1].content == SOURCES_HEADING, "the last H2 must be the sources"
    section = tokens[last + 3 :]
    assert section and section[0].type == "bullet_list_open", "Sources starts with a list"
    links = [
        str(child.attrs["href"])
        for token in section
        if token.type == "inline"
        for child in token.children or []
        if child.type == "link_open"
    ]
    assert links, "the Sources list has no links"
    insecure = [link for link in links if not link.startswith("https://")]
    assert insecure == [], "sources link to other sites over HTTPS"
    hosts = {urlsplit(link).hostname for link in links}
    assert hosts & OFFICIAL_DOCS_HOSTS, f"no official documentation among {sorted(map(str, hosts))}"


def undated_figures(doc: Page) -> list[str]:
    """Paragraphs and list items that give a popularity figure without a year and a link."""
    found = []
    for token in doc.tokens:
        if token.type != "inline" or not POPULARITY_FIGURE.search(token.content):
            continue
        if not (A_YEAR.search(token.content) and "](https://" in token.content):
            found.append(token.content.splitlines()[0])
    return found


@each_page
def test_popularity_figures_carry_date_and_source(doc: Page) -> None:
    assert undated_figures(doc) == [], "say when each figure was taken and link to its source"


def test_undated_figures_are_caught() -> None:
    text = (
        "- FastAPI has about 89k GitHub stars.\n"
        "- On 26 August 2025 [a list](https://example.org) recorded 85k stars for Django.\n"
        "- Django 6.1 supports three databases.\n"
    )
    doc = Page(DOCS_DIR / "x.md", None, text)
    assert undated_figures(doc) == ["FastAPI has about 89k GitHub stars."]


@each_page
def test_no_placeholder_text(doc: Page) -> None:
    found = [
        f"line {doc.line_of(match.start())}: {match.group()!r}"
        for match in PLACEHOLDERS.finditer(doc.body)
    ]
    assert not found, "\n".join(found)


@each_page
def test_headings_have_explicit_ids(doc: Page) -> None:
    sections = [(tag, text) for tag, text in doc.headings() if tag != "h1"]
    assert sections, "a topic page has sections"
    missing = [text for _, text in sections if not EXPLICIT_ID.search(text)]
    assert missing == [], "give every section a stable {#id}: links and the quiz point at them"
    ids = [text.rsplit("{#", 1)[1].rstrip("}") for _, text in sections]
    assert len(ids) == len(set(ids)), "section ids repeat"


@each_page
def test_current_versions_come_from_placeholders(doc: Page) -> None:
    current = versions()
    names = ", ".join(
        f"{{{{ version.{name} }}}}" for group in CURRENT_VERSION_NAMES.values() for name in group
    )
    assert hand_typed_versions(doc, current) == [], (
        f"write {names}: mkdocs.yml extra.versions fills them in"
    )


def test_version_check_catches_current_versions() -> None:
    """The rule itself: current versions are caught, history and patch releases are not."""
    current = {
        "django": "6.1",
        "django_last_lts": "6.2",
        "django_current_lts": "5.2",
        "flask": "3.1",
    }
    text = (
        "Django 6.1 ships it. Flask 3.1 too. Django 5.2 is the LTS.\n"
        "Added in Flask 3.1; since Django 6.1; Flask 3.1.1 fixed it; Flask 3.10 is far off.\n"
        "See the [Django 6.1 release notes](https://example.org)."
    )
    doc = Page(DOCS_DIR / "x.md", None, text)
    assert hand_typed_versions(doc, current) == [
        "line 1: 'Django 6.1'",
        "line 1: 'Django 5.2'",
        "line 1: 'Flask 3.1'",
    ]


@each_page
def test_snippet_includes_exist(doc: Page) -> None:
    for match in SNIPPET_LIKE.finditer(doc.body):
        assert SNIPPET_INCLUDE.fullmatch(match.group()), (
            f"line {doc.line_of(match.start())}: {match.group().strip()!r} is not a snippet "
            'include; write --8<-- "examples/…" (ruff format must not touch the pages)'
        )
    for match in SNIPPET_INCLUDE.finditer(doc.body):
        target = DOCS_DIR / match.group(1)
        assert target.is_file(), f"line {doc.line_of(match.start())}: {match.group(1)} is missing"


def test_pages_compare_code_in_tabs() -> None:
    def has_tabs(doc: Page) -> bool:
        labels = set(re.findall(r'^[ \t]*=== "([^"]+)"[ \t]*$', doc.body, re.MULTILINE))
        return {"Flask", "Django"} <= labels

    with_tabs = [doc.name for doc in PAGES if has_tabs(doc)]
    assert len(with_tabs) >= MIN_PAGES_WITH_TABS, with_tabs
