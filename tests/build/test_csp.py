"""Each page's Content Security Policy allows exactly its inline scripts, and nothing unsafe."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from scripts.csp import CspError, add_policy, inline_script_hashes, inline_scripts, policy
from tests.e2e.conftest import built_site  # noqa: F401 (a fixture, registered by import)
from tests.site.sitemodel import Site

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>t</title>
<script>var a = 1;</script>
<script src="bundle.js"></script>
<script id="__config" type="application/json">{"base": "."}</script>
</head><body>
<script type="module">import "./x.mjs";
if (1 < 2) console.log("</div>");</script>
</body></html>
"""
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
REQUIRED = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(content: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for directive in content.split(";"):
        name, *values = directive.split()
        assert name not in parsed, f"{name} given twice"
        parsed[name] = values
    return parsed


def test_only_inline_scripts_that_run_are_hashed() -> None:
    assert inline_scripts(PAGE) == [
        "var a = 1;",
        'import "./x.mjs";\nif (1 < 2) console.log("</div>");',
    ]
    assert inline_script_hashes(PAGE) == {
        sha256("var a = 1;"),
        sha256('import "./x.mjs";\nif (1 < 2) console.log("</div>");'),
    }


def test_policy_goes_right_after_the_charset_before_any_script() -> None:
    page = add_policy(PAGE, also_allow={"'sha256-abc='"})
    meta = POLICY_META.search(page)
    assert meta is not None
    assert page.index('<meta charset="utf-8">') < meta.start() < page.index("<script")
    script_src = directives(meta.group(1))["script-src"]
    assert script_src == sorted(["'self'", *inline_script_hashes(PAGE), "'sha256-abc='"])


def test_policy_has_the_locked_down_directives() -> None:
    parsed = directives(policy(["'sha256-x='"]))
    for name, value in REQUIRED.items():
        assert parsed[name] == [value]
    assert parsed["script-src"] == ["'self'", "'sha256-x='"]
    assert all("'unsafe-inline'" not in parsed[name] for name in ("default-src", "script-src"))
    # Inline styles only, for framework HTML shown in the runner's sandboxed srcdoc frame.
    assert parsed["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>no head</p>", "no <head>"),
        ("<script>x()</script><head><meta charset=utf-8></head>", "before the page's <head>"),
        (add_policy(PAGE), "already has"),
    ],
)
def test_a_page_the_policy_cannot_protect_is_refused(html: str, problem: str) -> None:
    with pytest.raises(CspError, match=re.escape(problem)):
        add_policy(html)


def test_every_built_page_allows_its_own_inline_scripts_and_no_unsafe_source(
    site: Site,
) -> None:
    for path, page in site.pages.items():
        found = POLICY_META.findall(page.text)
        assert len(found) == 1, f"{path}: {len(found)} policy <meta> elements"
        parsed = directives(found[0])
        for name, value in REQUIRED.items():
            assert parsed[name] == [value], f"{path}: {name}"
        script_src = set(parsed["script-src"])
        assert inline_script_hashes(page.text) <= script_src, path
        unsafe = {"'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "data:", "blob:"}
        assert script_src.isdisjoint(unsafe), f"{path}: {script_src & unsafe}"
        assert page.text.index(found[0]) < page.text.find("<script"), path


def test_any_page_can_run_the_body_scripts_of_every_page(site: Site) -> None:
    """Instant navigation runs the next page's scripts under the policy of the page first opened."""
    body_scripts = {
        sha256(text)
        for page in site.pages.values()
        for text in inline_scripts(page.text[page.text.index("<body") :])
    }
    assert body_scripts, "no page has an inline script in its body"
    for path, page in site.pages.items():
        allowed = set(directives(POLICY_META.findall(page.text)[0])["script-src"])
        assert body_scripts <= allowed, f"{path} misses {body_scripts - allowed}"


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:  # noqa: F811 (the imported fixture, requested by name)
    return Site.load(built_site)
