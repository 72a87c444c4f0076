"""Every runnable example gives identical responses in CPython and in the pinned Pyodide (Node),
with the trimmed, precompiled wheels, the runner's standard library and the bundle the site
serves."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from scripts.example_driver import mask_tokens
from scripts.pyodide_runtime import PYODIDE_PACKAGE, install_runtime
from scripts.quiz_stdlib import runtime_digest
from scripts.runner_bytecode import SOURCES_NAME, STDLIB_NAME
from scripts.runner_scenarios import load_scenarios
from scripts.runner_site import install_runner
from scripts.runner_wheels import TRIMMED
from tests.examples.scenario_runs import cpython_results
from tests.pyodide_node import run_in_pyodide

HERE = Path(__file__).parent
EDITED = "philosophy/flask_hello.py"
RAISED = "raise RuntimeError('edited in the page')"
# Modules no example imports: their sources come in a second zip, added after the first result
# (the last one inside a package whose __init__ is precompiled).
UNCOMPILED = ["configparser", "csv", "timeit", "email.mime.application"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    install_runtime(site, quiz_stdlib=False)
    install_runner(
        site, {s["example"]: s for s in load_scenarios()}, PYODIDE_PACKAGE / "pyodide-lock.json"
    )
    return site


@pytest.fixture(scope="module")
def stdlib_zip(site: Path) -> Path:
    """The runner's standard library, inflated as the browser inflates it."""
    target = site / "pyodide" / STDLIB_NAME
    target.write_bytes(gzip.decompress((site / "pyodide" / f"{STDLIB_NAME}.gz").read_bytes()))
    return target


@pytest.fixture(scope="module")
def pyodide_output(site: Path, stdlib_zip: Path) -> dict[str, Any]:
    source = (HERE.parents[1] / "docs" / "examples" / EDITED).read_text(encoding="utf-8")
    check = site / "check.json"
    edited = {"example": EDITED, "source": f"{source}\n{RAISED}\n"}
    check.write_text(json.dumps({"edited": edited, "imports": UNCOMPILED}), encoding="utf-8")
    return run_in_pyodide(HERE / "run_in_pyodide.mjs", site, stdlib_zip, check)


@pytest.fixture(scope="module")
def pyodide_results(pyodide_output: dict[str, Any]) -> dict[str, Any]:
    results: dict[str, Any] = pyodide_output["results"]
    return results


def test_pyodide_runs_every_runnable_example(pyodide_results: dict[str, Any]) -> None:
    runnable = {s["example"] for s in load_scenarios() if s["runnable"]}
    assert set(pyodide_results) == runnable


@pytest.mark.parametrize("example", sorted(s["example"] for s in load_scenarios() if s["runnable"]))
def test_pyodide_responses_equal_cpython(example: str, pyodide_results: dict[str, Any]) -> None:
    in_browser = pyodide_results[example]
    assert in_browser["ok"], in_browser.get("error")
    assert mask_tokens(in_browser) == mask_tokens(cpython_results()[example])


def test_edited_example_traceback_shows_its_source_line(pyodide_output: dict[str, Any]) -> None:
    edited = pyodide_output["edited"]
    assert not edited["ok"]
    assert f'File "examples/{EDITED}"' in edited["error"]
    assert RAISED in edited["error"]  # the line itself, read from the edited source
    assert edited["error"].endswith("RuntimeError: edited in the page\n")


def test_modules_no_example_imports_still_import(
    pyodide_output: dict[str, Any], stdlib_zip: Path, site: Path
) -> None:
    with zipfile.ZipFile(stdlib_zip) as archive:
        compiled = set(archive.namelist())
    with zipfile.ZipFile(site / "pyodide" / SOURCES_NAME) as archive:
        sources = set(archive.namelist())
    uncompiled = {name.replace(".", "/") + ".py" for name in UNCOMPILED}
    assert uncompiled <= sources and not uncompiled & compiled  # only in the second zip
    assert "email/__init__.pyc" in compiled and "json/__init__.pyc" in compiled  # precompiled
    assert not {name.removesuffix("c") for name in compiled} & sources  # never both
    assert pyodide_output["imported"] == UNCOMPILED


def test_werkzeugs_development_server_is_imported_on_first_use_only(
    pyodide_output: dict[str, Any],
) -> None:
    # No scenario imports it (the build defers Flask's and Werkzeug's imports of it); Flask's
    # command line still finds it when called.
    assert pyodide_output["serving"] == {
        "during_scenarios": False,
        "reloader": False,
        "after": True,
    }


def test_a_first_flask_run_leaves_the_deferred_modules_unimported(
    pyodide_output: dict[str, Any],
) -> None:
    # The build defers these imports of Flask and Werkzeug to their first use, which Flask's
    # first scenario does not make (scripts/runner_wheels.py); every scenario still answers as
    # CPython.
    first = pyodide_output["firstRun"]
    assert first["example"] == "philosophy/flask_hello.py"
    assert "flask" in first["modules"]
    deferred = {"importlib.metadata", "decimal", "platform", "werkzeug.serving"}
    assert deferred & set(first["modules"]) == set()


def test_the_driver_is_imported_from_the_bundles_bytecode(pyodide_output: dict[str, Any]) -> None:
    assert pyodide_output["driverBytecode"] == {"as_bundled": True, "runtime": True, "source": True}


def test_the_scenarios_regular_expressions_come_from_the_bundles_table(
    pyodide_output: dict[str, Any],
) -> None:
    # Recorded by the build for the same scenarios; only patterns built from run-time values
    # (a few in Django) are parsed in the browser.
    counts = pyodide_output["patterns"]
    assert counts["table"] > 150
    assert counts["parsed"] < counts["table"] / 10


def test_wheels_hold_bytecode_in_place_of_the_imported_sources(site: Path) -> None:
    served = next((site / "pyodide" / "runner").glob("flask-*.whl.gz"))
    with zipfile.ZipFile(io.BytesIO(gzip.decompress(served.read_bytes()))) as wheel:
        names = set(wheel.namelist())
        record = wheel.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
    assert "flask/app.pyc" in names and "flask/app.py" not in names
    assert "flask/app.pyc,sha256=" in record


def test_each_wheel_is_served_gzip_compressed_with_its_files_stored(site: Path) -> None:
    # The worker inflates NAME.whl.gz, checks the lock's digest, and slices the files out; the
    # uncompressed wheel is never fetched, so the site does not publish it.
    lock = json.loads((site / "pyodide" / "runner-lock.json").read_text(encoding="utf-8"))
    for entry in lock["packages"].values():
        wheel = site / "pyodide" / entry["file_name"]
        assert not wheel.exists()
        inflated = gzip.decompress(wheel.with_name(f"{wheel.name}.gz").read_bytes())
        assert hashlib.sha256(inflated).hexdigest() == entry["sha256"]
        with zipfile.ZipFile(io.BytesIO(inflated)) as archive:
            assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert sorted(path.name for path in (site / "pyodide" / "runner").iterdir()) == sorted(
        f"{entry['file_name'].rsplit('/', 1)[-1]}.gz" for entry in lock["packages"].values()
    )


def test_bundle_lists_each_frameworks_modules_after_those_they_import(site: Path) -> None:
    # The warm-up imports them in this order, one module per step.
    bundle = json.loads((site / "assets" / "runner" / "bundle.json").read_text(encoding="utf-8"))
    flask, django = bundle["import_order"]["flask"], bundle["import_order"]["django"]
    assert flask.index("werkzeug.routing") < flask.index("flask.app") < flask.index("flask")
    assert flask.index("wtforms.fields.core") < flask.index("flask_wtf")  # other pages' packages
    assert django.index("django.urls.resolvers") < django.index("django.urls")
    assert not [name for name in flask + django if name.split(".")[0] == "examples"]


def test_bundle_names_the_runtime_the_bytecode_was_made_for(site: Path) -> None:
    # The worker loads the runner's standard library only if runtime.json names this runtime.
    bundle = json.loads((site / "assets" / "runner" / "bundle.json").read_text(encoding="utf-8"))
    assert bundle["runtime"] == runtime_digest(PYODIDE_PACKAGE)


def test_trimming_drops_translations_but_keeps_english() -> None:
    assert TRIMMED.match("django/conf/locale/fr/LC_MESSAGES/django.mo")
    assert TRIMMED.match("django/contrib/admin/static/admin/css/base.css")
    assert TRIMMED.match("django/contrib/auth/locale/de/LC_MESSAGES/django.mo")
    assert TRIMMED.match("django/conf/locale/en/LC_MESSAGES/django.po")
    assert TRIMMED.match("django/db/backends/postgresql/base.py")
    assert TRIMMED.match("django/conf/project_template/manage.py-tpl")
    assert not TRIMMED.match("django/conf/locale/en/LC_MESSAGES/django.mo")
    assert not TRIMMED.match("django/db/backends/sqlite3/base.py")
    assert not TRIMMED.match("django/conf/locale/fr/formats.py")
    assert not TRIMMED.match("django/contrib/admin/templates/admin/base.html")
