"""Every internal link and #fragment of the built site resolves; external links are well formed.

Internal means relative, root-absolute, or absolute under site_url: each must name a file of the
built site, and a fragment must name an element id of the page it points to. External links are
listed in the report (run with -rA to see them) and checked for syntax, never fetched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from tests.site.sitemodel import HtmlPage, Reference, Site

HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
# Schemes that fetch nothing from another host when followed or that only act locally.
HARMLESS_SCHEMES = {"mailto", "tel", "data", "blob"}


def broken_links(site: Site, page: HtmlPage) -> list[str]:
    problems = []
    for ref in page.references:
        where = f"{page.path}:{ref.line} <{ref.tag} {ref.attribute}={ref.value!r}>"
        if not ref.value:
            problems.append(f"{where}: empty address")
            continue
        target = site.resolve(page, ref.value)
        if target.kind == "outside-base":
            problems.append(f"{where}: outside the site's base path {site.base_path}")
        elif target.kind == "other":
            scheme = urlsplit(target.url).scheme
            if scheme not in HARMLESS_SCHEMES:
                problems.append(f"{where}: unexpected scheme {scheme!r}")
        elif target.kind == "internal":
            if target.file is None:
                problems.append(f"{where}: no such file in the built site")
            elif target.fragment:
                linked = site.page_for(target.file)
                if linked is not None and target.fragment not in linked.ids:
                    problems.append(f"{where}: no element with id {target.fragment!r}")
    return problems


def external_links(site: Site) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for page in site.pages.values():
        for ref in page.references:
            target = site.resolve(page, ref.value)
            if target.kind == "external":
                found[target.url].add(page.path)
    return found


def external_link_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return "not http(s)"
    if not parts.hostname or not HOSTNAME.match(parts.hostname):
        return f"bad host {parts.hostname!r}"
    if re.search(r"\s", url):
        return "whitespace in the address"
    try:
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as error:
        return str(error)
    return None


def test_the_site_is_built_for_a_sub_path(site: Site) -> None:
    # GitHub Pages serves a project site under /<repository>/: every URL must allow for that.
    assert site.base_path.startswith("/") and site.base_path.endswith("/")
    assert site.base_path != "/", f"site_url {site.url} has no sub-path to test against"


def test_internal_links_and_anchors_resolve(site: Site) -> None:
    problems = [problem for page in site.pages.values() for problem in broken_links(site, page)]
    assert problems == []
    internal = [
        ref
        for page in site.pages.values()
        for ref in page.references
        if site.resolve(page, ref.value).kind == "internal"
    ]
    # Navigation alone gives each page dozens of internal links: a parser that found none is broken.
    assert len(internal) > 20 * len(site.pages)


def test_the_checker_catches_a_broken_link_and_a_broken_anchor(site: Site) -> None:
    page = HtmlPage(path="philosophy/index.html", text="")
    page.references.extend(
        Reference("a", "href", value, line)
        for line, value in enumerate(
            ["../no-such-page/", "../quiz/#no-such-anchor", "/elsewhere/", "../quiz/#fvd-form"], 1
        )
    )
    problems = broken_links(site, page)
    assert len(problems) == 3
    assert "no such file" in problems[0]
    assert "no element with id 'no-such-anchor'" in problems[1]
    assert "outside the site's base path" in problems[2]


def test_external_links_are_listed_and_well_formed(site: Site) -> None:
    links = external_links(site)
    print(f"\n{len(links)} external links (not fetched):")
    for url in sorted(links):
        pages = ", ".join(sorted(links[url]))
        print(f"  {url}  <- {pages}")
    assert links, "the guide cites its sources: expected some external links"
    problems = {url: problem for url in links if (problem := external_link_problem(url))}
    assert problems == {}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://docs.djangoproject.com/en/6.1/", None),
        ("http://flask.palletsprojects.com/", None),
        ("https:///no-host", "bad host None"),
        ("https://exa mple.com/", "bad host 'exa mple.com'"),
        ("https://example.com:99999/", "Port out of range 0-65535"),
    ],
)
def test_external_link_syntax_check(url: str, problem: str | None) -> None:
    assert external_link_problem(url) == problem
