"""The guide's Markdown sources and built pages, read the way the content tests need them."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = ROOT / "docs"
EXAMPLES_DIR = DOCS_DIR / "examples"
EXAMPLE_TESTS_DIR = ROOT / "tests" / "examples"
MKDOCS_YML = ROOT / "mkdocs.yml"
# Same convention as tests/e2e/conftest.py: `make test` builds site/, SITE_DIR overrides it.
SITE_DIR = Path(os.environ.get("SITE_DIR", ROOT / "site"))

# Pages that are not topic pages: the home page and the quiz have their own structure.
NOT_TOPICS = {"index.md", "quiz.md"}
# Reference pages with nothing to rule on: they open with their content, not a verdict.
WITHOUT_VERDICT = {"concept-map.md", "faq.md"}
# The verdict block that opens every other topic page, and how its paragraphs start.
VERDICT_OPEN = '<div class="fvd-topic-verdict" markdown>'
VERDICT_CLOSE = "</div>"
VERDICT_LEADS = ("**Choose Django when**", "**Choose Flask when**")

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
# pymdownx.snippets' single-line include, as the pages write it: --8<-- "examples/x/y.py"
SNIPPET_INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"([^"\n]+)"[ \t]*$', re.MULTILINE)
# Anything that looks like an include marker, including ones a formatter has mangled
# (ruff turned `--8<-- "x"` into `--8 < --"x"`, which snippets no longer recognises).
SNIPPET_LIKE = re.compile(r"^[ \t]*-+[ \t]*8[ \t]*<[ \t]*-+.*$", re.MULTILINE)


@functools.cache
def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml read by MkDocs' own loader (``!ENV`` resolved), without running the hooks."""
    with MKDOCS_YML.open(encoding="utf-8") as config:
        loaded: dict[str, Any] = yaml_load(config)
    return loaded


def nav_pages() -> list[tuple[str, str]]:
    """(title, source file) of every page in mkdocs.yml's nav, in order."""

    def walk(items: object) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        assert isinstance(items, list)
        for item in items:
            assert isinstance(item, dict)
            for title, value in item.items():
                found += walk(value) if isinstance(value, list) else [(str(title), str(value))]
        return found

    return walk(mkdocs_config()["nav"])


def page_path(source: str) -> str:
    """The URL path, relative to site_url, of a page built from ``source`` (directory URLs)."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def versions() -> dict[str, str]:
    return {name: str(value) for name, value in mkdocs_config()["extra"]["versions"].items()}


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Page:
    """One Markdown page: its front matter (YAML, split off by hand) and its body."""

    path: Path
    front_matter_text: str | None
    body: str
    # Lines before the body (the front matter block), to report lines as the file numbers them.
    body_offset: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    @functools.cached_property
    def tokens(self) -> list[Token]:
        return markdown_parser().parse(self.body)

    def front_matter(self) -> dict[str, Any]:
        """The parsed front matter; raises if it is missing or is not valid YAML."""
        if self.front_matter_text is None:
            raise ValueError(f"{self.name}: no front matter block at the top")
        try:
            data = yaml.safe_load(self.front_matter_text)
        except yaml.YAMLError as error:
            # MkDocs then shows the block as text and ignores title, description and reviewed.
            raise ValueError(
                f"{self.name}: front matter is not valid YAML (quote values containing ': '):\n"
                f"{error}"
            ) from None
        if not isinstance(data, dict):
            raise ValueError(f"{self.name}: front matter is not a mapping: {data!r}")
        return data

    def line_of(self, offset: int) -> int:
        """The file's line number of character ``offset`` in the body."""
        return self.body_offset + self.body.count("\n", 0, offset) + 1

    def headings(self) -> list[tuple[str, str]]:
        """(tag, inline source) of every heading, in order."""
        return [
            (token.tag, self.tokens[index + 1].content)
            for index, token in enumerate(self.tokens)
            if token.type == "heading_open"
        ]

    def links(self) -> list[str]:
        """Every link target in the page, including those indented under admonitions and tabs.

        CommonMark reads text indented by four spaces as code, so the page is parsed a second
        time with indented code switched off; fenced code stays code and its text is skipped.
        """
        tokens = markdown_parser().disable("code").parse(self.body)
        return [
            str(child.attrs["href"])
            for token in tokens
            if token.type == "inline"
            for child in token.children or []
            if child.type == "link_open"
        ]


def read_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if match is None:
        return Page(path, None, text)
    return Page(path, match.group(1), text[match.end() :], match.group(0).count("\n"))


def all_pages() -> list[Path]:
    return sorted(DOCS_DIR.glob("*.md"))


def topic_pages() -> list[Path]:
    return [path for path in all_pages() if path.name not in NOT_TOPICS]


def built_page(site_dir: Path, source: str) -> Path:
    """Where MkDocs (use_directory_urls) writes the page built from docs/``source``."""
    return site_dir / page_path(source) / "index.html"


# Elements without an end tag.
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


class _Elements(HTMLParser):
    """Every id in a page, and the text of every element by class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.by_class: dict[str, list[str]] = {}
        self._open: list[tuple[str, list[str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, (values.get("class") or "").split(), []))

    def handle_data(self, data: str) -> None:
        for _, classes, parts in self._open:
            if classes:
                parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _, _ in self._open):
            return
        while self._open:
            open_tag, classes, parts = self._open.pop()
            for name in classes:
                self.by_class.setdefault(name, []).append("".join(parts))
            if open_tag == tag:
                break


@functools.cache
def html_elements(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_ids(path: Path) -> set[str]:
    return html_elements(path).ids


def html_texts(path: Path, css_class: str) -> list[str]:
    """The text of every element carrying ``css_class``, whitespace collapsed."""
    return [" ".join(text.split()) for text in html_elements(path).by_class.get(css_class, [])]
