"""The built site as data: its HTML pages, what they link to, their ids and their metadata."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]

# Attributes that make the browser (or a reader's click) fetch another address.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("track", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("object", "data"),
    ("form", "action"),
}
SRCSET_TAGS = {"img", "source"}


@dataclass(frozen=True)
class Reference:
    tag: str
    attribute: str
    value: str
    line: int
    rel: str = ""


@dataclass
class HtmlPage:
    path: str  # relative to the site directory, e.g. "philosophy/index.html"
    text: str
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)

    def meta_one(self, key: str) -> str | None:
        """The content of the only ``<meta name|property=key>``; None when absent."""
        values = self.meta.get(key, [])
        assert len(values) <= 1, f"{self.path}: {len(values)} <meta> tags for {key!r}"
        return values[0] if values else None

    def links(self, rel: str) -> list[str]:
        return [ref.value for ref in self.references if ref.tag == "link" and rel in ref.rel]


class _Collector(HTMLParser):
    def __init__(self, page: HtmlPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.page.ids.add(attributes["name"])
        if tag == "meta" and "content" in attributes:
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.page.meta.setdefault(key, []).append(attributes["content"])
        rel = " ".join(attributes.get("rel", "").lower().split())
        for name, value in attributes.items():
            if (tag, name) in URL_ATTRIBUTES:
                self.page.references.append(Reference(tag, name, value.strip(), line, rel))
            elif name == "srcset" and tag in SRCSET_TAGS:
                for candidate in value.split(","):
                    if candidate.strip():
                        url = candidate.split()[0]
                        self.page.references.append(Reference(tag, name, url, line, rel))

    handle_startendtag = handle_starttag


def parse_page(site_dir: Path, file: Path) -> HtmlPage:
    page = HtmlPage(path=file.relative_to(site_dir).as_posix(), text=file.read_text("utf-8"))
    collector = _Collector(page)
    collector.feed(page.text)
    collector.close()
    return page


Kind = Literal["internal", "external", "outside-base", "other"]


@dataclass(frozen=True)
class Target:
    kind: Kind
    url: str  # absolute
    file: Path | None = None  # for internal targets: the file that answers, if any
    fragment: str = ""


@dataclass
class Site:
    """The built site directory and the URL it was built for (mkdocs.yml's site_url)."""

    directory: Path
    url: str
    pages: dict[str, HtmlPage]

    @classmethod
    def load(cls, directory: Path) -> Site:
        pages = {
            page.path: page
            for page in (parse_page(directory, file) for file in sorted(directory.rglob("*.html")))
        }
        # The home page's canonical URL is the site_url the build used (SITE_URL or the default).
        canonical = pages["index.html"].links("canonical")
        assert canonical, "index.html has no canonical link: is site_url set in mkdocs.yml?"
        return cls(directory, canonical[0], pages)

    @property
    def base_path(self) -> str:
        return urlsplit(self.url).path

    def page_url(self, page: HtmlPage) -> str:
        """The address a page is served at (the URL relative links resolve against)."""
        return self.url + page.path

    def content_pages(self) -> list[HtmlPage]:
        """The guide's pages: every HTML page but the 404 page."""
        return [page for path, page in self.pages.items() if path != "404.html"]

    def resolve(self, page: HtmlPage, value: str) -> Target:
        absolute = urljoin(self.page_url(page), value)
        parts = urlsplit(absolute)
        site = urlsplit(self.url)
        if parts.scheme not in {"http", "https"}:
            return Target("other", absolute)
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return Target("external", absolute)
        if not parts.path.startswith(self.base_path):
            return Target("outside-base", absolute)
        rest = unquote(parts.path[len(self.base_path) :])
        candidate = self.directory / rest
        if rest == "" or rest.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        found = candidate if candidate.is_file() else None
        return Target("internal", absolute, found, unquote(parts.fragment))

    def page_for(self, file: Path) -> HtmlPage | None:
        return self.pages.get(file.relative_to(self.directory).as_posix())
