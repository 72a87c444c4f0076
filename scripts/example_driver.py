"""Run one guide example's scenario (its requests) and report each response as plain data.

The same module runs under CPython (tests) and in the reader's browser (Pyodide), so it imports
only the standard library and, lazily, the framework the example uses.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
import traceback
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

# Headers that change on every run or only repeat the body's length: never shown.
HIDDEN_HEADERS = frozenset({"age", "content-length", "date", "expires", "last-modified"})
# A hidden form field's token value, random on each run (CSRF tokens).
TOKEN_FIELD = re.compile(
    r'<input\b[^>]*\bname="(csrf_token|csrfmiddlewaretoken)"[^>]*>', re.IGNORECASE
)
TOKEN_VALUE = re.compile(r'\bvalue="([^"]+)"')

# The Django settings of every example run, tests and browser alike.
DJANGO_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def django_settings(example_apps: list[str]) -> dict[str, Any]:
    """Settings for a project whose apps are the guide's example folders."""
    return {
        "DEBUG": False,
        "SECRET_KEY": "examples-only-not-secret",
        "ALLOWED_HOSTS": ["testserver"],
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            *example_apps,
        ],
        "MIDDLEWARE": DJANGO_MIDDLEWARE,
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        "ROOT_URLCONF": "examples.urls",
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
    }


def example_apps(docs_dir: Path) -> list[str]:
    """Every folder of docs/examples/ is a Django app (models need no explicit app_label)."""
    examples_dir = docs_dir / "examples"
    return sorted(
        f"examples.{folder.name}"
        for folder in examples_dir.iterdir()
        if folder.is_dir() and (folder / "__init__.py").exists()
    )


def configure_django(docs_dir: Path, **overrides: Any) -> None:
    """Configure and set up Django once per interpreter."""
    import django  # type: ignore[import-untyped]
    from django.conf import settings  # type: ignore[import-untyped]

    if not settings.configured:
        settings.configure(**{**django_settings(example_apps(docs_dir)), **overrides})
        django.setup()


def module_name(example: str) -> str:
    """'philosophy/flask_hello.py' -> 'examples.philosophy.flask_hello'"""
    return "examples." + example.removesuffix(".py").replace("/", ".")


def import_next(modules: list[str], start: int) -> int:
    """Import the first of ``modules`` from ``start`` on that is not imported yet, and say where
    to go on from: the runner's warm-up imports one module per step, so that a Run waits for one
    module at most."""
    for index in range(start, len(modules)):
        if modules[index] not in sys.modules:
            # Only a head start: the Run that needs the module reports its error.
            with suppress(Exception):
                importlib.import_module(modules[index])
            return index + 1
    return len(modules)


def forget_folder_listings(docs_dir: Path) -> None:
    """Make the import system read the example folders under ``docs_dir`` again (an edit may
    add a file), and no other: ``importlib.invalidate_caches()`` would also drop the standard
    library zip's directory, which the next import then reads again in full."""
    root = str(docs_dir)
    for path, finder in list(sys.path_importer_cache.items()):
        invalidate = getattr(finder, "invalidate_caches", None)  # as PathFinder asks
        if invalidate is not None and (path == root or path.startswith(root + os.sep)):
            invalidate()


@contextmanager
def fresh_topic(docs_dir: Path, example: str) -> Iterator[None]:
    """Import the example's folder afresh, then put back the modules that were loaded before,
    so each run starts from the file as it is now and leaves no state behind."""
    package = module_name(example).rpartition(".")[0]
    prefix = package + "."
    saved = {name: module for name, module in sys.modules.items() if name.startswith(prefix)}
    for name in saved:
        del sys.modules[name]
    forget_folder_listings(docs_dir)
    try:
        with warnings.catch_warnings():
            # Re-importing a module with Django models registers them again, on purpose.
            warnings.filterwarnings("ignore", "Model .* was already registered", RuntimeWarning)
            yield
    finally:
        for name in [name for name in sys.modules if name.startswith(prefix)]:
            del sys.modules[name]
        sys.modules.update(saved)
        parent = sys.modules.get(package)
        for name, module in saved.items():
            if parent is not None and name.count(".") == prefix.count("."):
                setattr(parent, name.rpartition(".")[2], module)


def _shown_headers(headers: Any) -> dict[str, str]:
    shown: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in HIDDEN_HEADERS:
            continue
        if name.lower() == "set-cookie":
            # The cookie's name tells the story; its value and expiry change on every run.
            cookie = value.split("=", 1)[0]
            shown["Set-Cookie"] = (
                f"{shown['Set-Cookie']}, {cookie}" if "Set-Cookie" in shown else cookie
            )
            continue
        shown[name] = value
    return shown


def _body(content_type: str, data: bytes) -> tuple[str, Any]:
    text = data.decode("utf-8", errors="replace")
    if content_type.startswith("application/json"):
        try:
            return "json", json.loads(text)
        except ValueError:
            return "text", text
    if content_type.startswith("text/html"):
        return "html", text
    return "text", text


def _form_token(exchanges: list[dict[str, Any]]) -> dict[str, str]:
    """The CSRF field of the last form received, as a reader's browser would send it back."""
    for exchange in reversed(exchanges):
        field = TOKEN_FIELD.search(exchange["body"]) if isinstance(exchange["body"], str) else None
        value = TOKEN_VALUE.search(field.group(0)) if field else None
        if field and value:
            return {field.group(1): value.group(1)}
    return {}


class _FlaskClient:
    def __init__(self, module: Any, scenario: Mapping[str, Any]) -> None:
        if "app_module" in scenario:
            module = importlib.import_module(scenario["app_module"])
        app = eval(scenario["app"], vars(module))  # the scenario file is the project's own data
        _note_werkzeug_version()
        _keep_compiled_templates()
        self.client = app.test_client()

    def send(self, method: str, path: str, options: dict[str, Any]) -> tuple[int, str, Any, bytes]:
        response = self.client.open(path, method=method, **options)
        reason = response.status.partition(" ")[2]
        return response.status_code, reason, response.headers, response.get_data()


def _note_werkzeug_version() -> None:
    """Fill Flask's cache of Werkzeug's version (its test client's User-Agent) from the name of
    Werkzeug's installed ``*.dist-info`` folder, which carries it. Flask would ask
    ``importlib.metadata``, which lists every ``sys.path`` entry, the standard library's zip
    included, and parses the metadata file: 15 to 20 ms of a first Flask run in Pyodide."""
    import flask.testing
    import werkzeug

    if getattr(flask.testing, "_werkzeug_version", None) != "":
        return  # known already, or a Flask that keeps it elsewhere
    found = list(Path(werkzeug.__file__).parent.parent.glob("werkzeug-*.dist-info"))
    if len(found) == 1:
        flask.testing._werkzeug_version = found[0].name.removesuffix(".dist-info").split("-")[1]


# Python code objects of the templates Jinja generated, by source text and file name.
_template_code: dict[tuple[str, str], Any] = {}
TEMPLATE_CODE_KEPT = 64
# By Jinja environment (one an app): its compiled templates, by source string and arguments.
_environment_templates: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)


def _kept(cache: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    """``cache[key]``, made by ``make()`` the first time; a full cache is emptied first, so that
    edited templates keep memory bounded."""
    if key not in cache:
        if len(cache) >= TEMPLATE_CODE_KEPT:
            cache.clear()
        cache[key] = make()
    return cache[key]


def _keep_compiled_templates() -> None:
    """Keep Python's ``compile()`` of each template's generated source. Jinja compiles a template
    string again on every render (``render_template_string``), and each run makes a new app:
    parsing and generating depend on the environment (its filters, constant folding) and stay
    Jinja's, but compiling the generated text is a pure function of it, through the hook Jinja
    provides for this (``Environment._compile``): 1 to 3 ms a render in Pyodide. Within one
    environment, a template string is parsed and generated once (``Environment.compile``), as
    Jinja's own loaders keep a template they loaded: the same string rendered again (three times
    in a form's run) skips Jinja's parsing and code generation, about a third of such a run."""
    from jinja2 import Environment
    from jinja2.utils import internalcode

    compile_source = Environment._compile
    if getattr(compile_source, "keeps_code", False):
        return

    @internalcode  # left out of template tracebacks, as Jinja's own frames are
    def compile_once(self: Environment, source: str, filename: str) -> Any:
        return _kept(
            _template_code, (source, filename), lambda: compile_source(self, source, filename)
        )

    compile_template = Environment.compile

    @internalcode
    def compile_in_environment(self: Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(source, str):
            return compile_template(self, source, *args, **kwargs)
        return _kept(
            _environment_templates.setdefault(self, {}),
            (source, args, tuple(sorted(kwargs.items()))),
            lambda: compile_template(self, source, *args, **kwargs),
        )

    compile_once.keeps_code = True  # type: ignore[attr-defined]
    Environment._compile = compile_once  # type: ignore[method-assign]
    Environment.compile = compile_in_environment  # type: ignore[method-assign]


class _DjangoClient:
    def __init__(self, module: Any, scenario: Mapping[str, Any]) -> None:
        from django.test import Client  # type: ignore[import-untyped]

        self.client = Client(enforce_csrf_checks=True)

    def send(self, method: str, path: str, options: dict[str, Any]) -> tuple[int, str, Any, bytes]:
        kwargs: dict[str, Any] = {"headers": options.get("headers", {})}
        if "json" in options:
            kwargs.update(data=json.dumps(options["json"]), content_type="application/json")
        elif "data" in options:
            kwargs["data"] = options["data"]
        response = self.client.generic(method, path, **_django_body(kwargs))
        # Django keeps cookies apart from the headers until the server writes them out.
        headers = dict(response.headers.items())
        for morsel in response.cookies.values():
            headers.setdefault("Set-Cookie", f"{morsel.key}=")
        return response.status_code, response.reason_phrase, headers, response.content


def _django_body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Client.generic takes a raw body; encode a form the way Client.post does."""
    data = kwargs.get("data")
    if isinstance(data, dict):
        from urllib.parse import urlencode

        kwargs["data"] = urlencode(data)
        kwargs["content_type"] = "application/x-www-form-urlencoded"
    return kwargs


def _django_overrides(module: Any, scenario: Mapping[str, Any]) -> dict[str, Any]:
    overrides: dict[str, Any] = {"ROOT_URLCONF": scenario.get("urlconf", module.__name__)}
    for name in scenario.get("settings_from_module", []):
        overrides[name] = getattr(module, name)
    return overrides


def _exchanges(client: Any, scenario: Mapping[str, Any]) -> list[dict[str, Any]]:
    exchanges: list[dict[str, Any]] = []
    for step in scenario["requests"]:
        options: dict[str, Any] = {"headers": dict(step.get("headers", {}))}
        if "json" in step:
            options["json"] = step["json"]
        if "form" in step or step.get("form_token"):
            form = dict(step.get("form", {}))
            if step.get("form_token"):
                form.update(_form_token(exchanges))
            options["data"] = form
        status, reason, headers, data = client.send(step["method"], step["path"], options)
        content_type = headers.get("Content-Type", "")
        kind, body = _body(content_type, data)
        exchanges.append(
            {
                "method": step["method"],
                "path": step["path"],
                "status": status,
                "reason": reason,
                "headers": _shown_headers(headers),
                "kind": kind,
                "body": body,
            }
        )
    return exchanges


def run_scenario(docs_dir: Path, scenario: Mapping[str, Any]) -> dict[str, Any]:
    """Run ``scenario`` against the example file as it is now on disk under ``docs_dir``.

    Returns ``{"ok": True, "exchanges": [...]}``, or ``{"ok": False, "error": traceback}`` when
    the example fails to import or a request raises.
    """
    if str(docs_dir) not in sys.path:
        sys.path.insert(0, str(docs_dir))
    example = scenario["example"]
    try:
        with fresh_topic(docs_dir, example):
            if scenario["framework"] == "django":
                configure_django(docs_dir)
                module = importlib.import_module(module_name(example))
                from django.core.cache import caches  # type: ignore[import-untyped]
                from django.test import override_settings

                for cache in caches.all():
                    cache.clear()  # each run starts with an empty cache, as on a fresh server
                with override_settings(**_django_overrides(module, scenario)):
                    exchanges = _exchanges(_DjangoClient(module, scenario), scenario)
            else:
                module = importlib.import_module(module_name(example))
                exchanges = _exchanges(_FlaskClient(module, scenario), scenario)
    except Exception:
        return {"ok": False, "error": _traceback(docs_dir)}
    return {"ok": True, "exchanges": exchanges}


def _traceback(docs_dir: Path) -> str:
    """The traceback from the example's own frames on, as a reader needs it."""
    kind, error, trace = sys.exc_info()
    frames = traceback.extract_tb(trace)
    ours = [i for i, frame in enumerate(frames) if frame.filename.startswith(str(docs_dir))]
    start = ours[0] if ours else 0
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[start:])
    lines += traceback.format_exception_only(kind, error)
    return "".join(lines).replace(str(docs_dir) + "/", "")


def run_scenario_json(docs_dir: str, scenario_json: str, source: str | None = None) -> str:
    """Browser entry point: optionally write the edited ``source`` first; JSON in, JSON out."""
    scenario = json.loads(scenario_json)
    if source is not None:
        (Path(docs_dir) / "examples" / scenario["example"]).write_text(source, encoding="utf-8")
    return json.dumps(run_scenario(Path(docs_dir), scenario))


def mask_tokens(result: Mapping[str, Any]) -> Any:
    """``result`` with each run's random CSRF token values replaced, for comparing two runs."""

    def mask(match: re.Match[str]) -> str:
        return TOKEN_VALUE.sub('value="…"', match.group(0))

    masked = json.loads(json.dumps(result))
    for exchange in masked.get("exchanges", []):
        if isinstance(exchange["body"], str):
            exchange["body"] = TOKEN_FIELD.sub(mask, exchange["body"])
    return masked


def main(argv: list[str]) -> int:
    """Run every scenario in a JSON file; print the results as JSON (for the parity test)."""
    docs_dir, scenarios_file = Path(argv[0]), Path(argv[1])
    scenarios = json.loads(scenarios_file.read_text(encoding="utf-8"))
    results = {s["example"]: run_scenario(docs_dir, s) for s in scenarios if s.get("runnable")}
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
