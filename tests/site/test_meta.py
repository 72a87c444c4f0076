"""What readers, search engines and link previews see: descriptions, Open Graph and Twitter
metadata, the social card, the favicon, the sitemap, the 404 page, the header's repository link
and the light/dark palette toggle."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.docs.guide import DOCS_DIR, mkdocs_config, nav_pages, page_path, read_page
from tests.site.sitemodel import ROOT, HtmlPage, Site

SOCIAL_CARD = "assets/images/social-card.png"
FAVICON = "assets/images/favicon.svg"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def description(page: HtmlPage) -> str:
    value = page.meta_one("description")
    assert value is not None, f"{page.path}: no <meta name='description'>"
    return value


def test_every_page_has_its_own_description(site: Site) -> None:
    default = str(mkdocs_config()["site_description"])
    descriptions = {page.path: description(page) for page in site.content_pages()}
    assert len(descriptions) == len(nav_pages())
    for path, text in descriptions.items():
        assert text.strip(), f"{path}: empty description"
        assert text != default, f"{path}: only the site's default description"
        assert 50 <= len(text) <= 200, f"{path}: {len(text)} characters, too short or too long"
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"


def test_every_page_has_open_graph_and_twitter_metadata(site: Site) -> None:
    image = site.url + SOCIAL_CARD
    for page in site.content_pages():
        canonical = page.links("canonical")
        assert canonical == [site.url + page.path.removesuffix("index.html")]
        expected = {
            "og:title": page.meta_one("og:title") or "",
            "og:description": description(page),
            "og:type": "website" if page.path == "index.html" else "article",
            "og:url": canonical[0],
            "og:image": image,
            "og:image:width": "1200",
            "og:image:height": "630",
            "twitter:card": "summary_large_image",
            "twitter:image": image,
            "twitter:description": description(page),
        }
        found = {key: page.meta_one(key) for key in expected}
        assert found == expected, page.path
        assert expected["og:title"].strip(), f"{page.path}: empty og:title"
        title_tag = page.text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title_tag.startswith(expected["og:title"]), page.path


def test_the_social_card_is_a_1200_by_630_png_in_the_site(site: Site) -> None:
    committed = ROOT / "docs" / SOCIAL_CARD
    built = site.directory / SOCIAL_CARD
    assert png_size(committed.read_bytes()) == (1200, 630)
    assert built.read_bytes() == committed.read_bytes()
    assert built.stat().st_size < 300_000, "keep the card small: previews fetch it often"


def test_every_page_uses_the_svg_favicon(site: Site) -> None:
    svg = ET.parse(site.directory / FAVICON).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox")
    for page in site.pages.values():
        icons = page.links("icon")
        assert len(icons) == 1, page.path
        target = site.resolve(page, icons[0])
        assert target.file == site.directory / FAVICON, page.path


def test_the_sitemap_lists_every_page_under_the_site_url(site: Site) -> None:
    root = ET.parse(site.directory / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert all(location.startswith(site.url) for location in locations)
    expected = {site.url + page_path(source) for _, source in nav_pages()}
    assert sorted(locations) == sorted(expected)
    # Each listed address is a page of the built site.
    for location in locations:
        assert (site.directory / location.removeprefix(site.url) / "index.html").is_file()


def test_the_header_links_the_repository_and_offers_both_palettes(site: Site) -> None:
    repo = str(mkdocs_config()["repo_url"])
    for page in site.pages.values():
        assert f'<a href="{repo}" title="Go to repository" class="md-source">' in page.text
        toggles = page.text.count('<input class="md-option" data-md-color-media=')
        assert toggles == 2, f"{page.path}: {toggles} palette toggles"
        assert 'aria-label="Switch to dark mode"' in page.text
        assert 'aria-label="Switch to light mode"' in page.text


class TestNotFoundPage:
    @pytest.fixture
    def page(self, site: Site) -> HtmlPage:
        return site.pages["404.html"]

    def content_links(self, page: HtmlPage) -> list[str]:
        content = page.text.split('<h1 id="page-not-found">', 1)[1].split("</article>", 1)[0]
        return [
            ref.value
            for ref in page.references
            if ref.tag == "a" and f'href="{ref.value}"' in content
        ]

    def test_it_links_home_the_quiz_and_every_topic(self, site: Site, page: HtmlPage) -> None:
        links = self.content_links(page)
        targets = {urlsplit(site.resolve(page, link).url).path for link in links}
        expected = {site.base_path + page_path(source) for _, source in nav_pages()}
        assert targets == expected

    def test_its_links_work_at_any_depth(self, site: Site, page: HtmlPage) -> None:
        # The page is served for any missing address, so relative links would break: every link
        # and asset is absolute, from the path of site_url.
        for ref in page.references:
            if site.resolve(page, ref.value).kind != "internal":
                continue
            assert ref.value.startswith(site.base_path), ref
            # Resolved from a deep, missing address, it still names a file of the site.
            deep = HtmlPage(path="no/such/deep/page/index.html", text="")
            target = site.resolve(deep, ref.value)
            assert target.file is not None, ref

    def test_it_explains_and_points_to_search(self, page: HtmlPage) -> None:
        assert "<title>Page not found - Flask or Django?</title>" in page.text
        assert "search" in page.text.split('<h1 id="page-not-found">', 1)[1].lower()
        assert page.meta_one("robots") == "noindex"


def test_pages_have_front_matter_descriptions() -> None:
    # The source of the meta descriptions: the front matter of every page in the nav.
    for _, source in nav_pages():
        meta = read_page(DOCS_DIR / source).front_matter()
        assert str(meta.get("description", "")).strip(), f"docs/{source}: no description"
        assert str(meta.get("title", "")).strip(), f"docs/{source}: no title"


def test_page_path() -> None:
    assert page_path("index.md") == ""
    assert page_path("quiz.md") == "quiz/"
    assert page_path("guide/index.md") == "guide/"


def test_png_size_reads_the_header() -> None:
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + struct.pack(">II", 10, 20)
    assert png_size(header) == (10, 20)
    with pytest.raises(AssertionError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(20))


def test_no_page_title_names_the_site_twice(site: Site) -> None:
    for page in site.pages.values():
        title = page.text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title.count("Flask or Django?") == 1, f"{page.path}: {title!r}"


def test_every_page_links_to_the_previous_and_next_page(site: Site) -> None:
    pages = [page for page in site.content_pages() if "md-footer__inner" in page.text]
    assert len(pages) == len(site.content_pages()), "a page has no previous/next footer"
    for page in pages:
        footer = page.text.split('class="md-footer__inner', 1)[1].split("</nav>", 1)[0]
        links = footer.count("md-footer__link--prev") + footer.count("md-footer__link--next")
        assert links >= 1, page.path
