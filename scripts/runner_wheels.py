"""Fetch the pinned wheels the example runner needs, trim them, and register them for Pyodide."""

from __future__ import annotations

import email.parser
import json
import re
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

from scripts.engine_wheel import ROOT, BuildStepError, write_wheel
from scripts.engine_wheel import _run as run_step

LOCK_FILE = ROOT / "requirements.lock"
CACHE_DIR = ROOT / ".cache" / "runner-wheels"
# Everything the runnable examples import, by the name in requirements.lock. Their versions come
# from there, so the browser runs exactly what the tests run.
DISTRIBUTIONS = (
    "Flask",
    "Werkzeug",
    "Jinja2",
    "MarkupSafe",
    "itsdangerous",
    "click",
    "blinker",
    "Flask-Caching",
    "cachelib",
    "Flask-WTF",
    "WTForms",
    "Django",
    "asgiref",
    "sqlparse",
    "tzdata",  # zoneinfo's time zones: Pyodide has no system database, Django's default is US time
)
# Only published with a compiled extension: build the pure-Python wheel from the sdist instead.
FROM_SDIST = {"markupsafe": "markupsafe"}
# Files a browser run never reads (translations other than English, the admin's static files,
# GeoDjango, message sources, the templates of startproject and startapp, the database backends
# and contrib app whose client libraries cannot run in a browser): most of Django's wheel, and
# fewer files to unpack. Django needs the English catalogue to start. The parity test runs every
# scenario against the trimmed wheels.
TRIMMED = re.compile(
    r"^django/(conf/locale/(?!en/)[^/]+/LC_MESSAGES/|contrib/[^/]+/locale/(?!en/)"
    r"|contrib/admin/static/|contrib/gis/|contrib/postgres/|db/backends/(mysql|oracle|postgresql)/"
    r"|.*\.po$|.*\.py-tpl$)"
)
# Imports a browser run never uses, deferred to their first use: Werkzeug's development server
# (with socketserver, http.server, http.client and the email parser) is imported by Werkzeug's and
# Flask's modules for `app.run()` and `flask run` alone, which cannot serve in a browser; pdb by
# Click's test runner for `invoke`, platform by Flask's `--version`, decimal by Flask's JSON
# encoder for Decimal values; also urllib.request (with http.client and the email parser) by
# Flask-WTF's reCAPTCHA validator, which only calls Google's server, and decimal by WTForms'
# DecimalField; Django's test cases (with its live server, unittest.mock and urllib.request) by
# django.test, whose Client alone the runner uses; importlib.metadata by Flask's `--version` and
# by its test client for a version the driver gives it (example_driver.py). Each import line
# becomes one line binding the same name: a function that imports the server when called, or a
# stand-in whose first attribute read imports the module (the other lines keep their numbers);
# the test cases' names are looked up by the module's __getattr__ on first use, in as many lines
# as their import took. The parity test runs every scenario with them.
SERVING_ON_FIRST_USE = (
    "def {name}(*args, **kwargs): from werkzeug.serving import {name} as imported; "
    "return imported(*args, **kwargs)  # deferred by the site's build\n"
)
MODULE_ON_FIRST_USE = (
    "{name} = type('{name}', (), {{'__getattr__': lambda self, attribute: "
    "getattr(__import__('{module}'{fromlist}), attribute)}})()"
    "  # deferred by the site's build\n"
)


def module_on_first_use(name: str, module: str = "") -> str:
    """The line binding ``name`` to a stand-in whose first attribute read imports ``module``
    (``name`` itself unless given). As the import it replaces: ``from a import b as name``
    binds the submodule (``fromlist``), ``import name.b`` the package, with ``b`` imported."""
    module = module or name
    fromlist = "" if module.startswith(f"{name}.") else ", fromlist=['*']"
    return MODULE_ON_FIRST_USE.format(name=name, module=module, fromlist=fromlist)


DEFERRED_IMPORTS = {
    "werkzeug/__init__.py": {
        "from .serving import run_simple as run_simple\n": SERVING_ON_FIRST_USE.format(
            name="run_simple"
        ),
    },
    "flask/app.py": {
        "from werkzeug.serving import is_running_from_reloader\n": SERVING_ON_FIRST_USE.format(
            name="is_running_from_reloader"
        ),
    },
    "flask/cli.py": {
        "import importlib.metadata\n": module_on_first_use("importlib", "importlib.metadata"),
        "import platform\n": module_on_first_use("platform"),
        "from werkzeug import run_simple\n": SERVING_ON_FIRST_USE.format(name="run_simple"),
        "from werkzeug.serving import is_running_from_reloader\n": SERVING_ON_FIRST_USE.format(
            name="is_running_from_reloader"
        ),
    },
    "flask/json/provider.py": {"import decimal\n": module_on_first_use("decimal")},
    "flask/testing.py": {
        "import importlib.metadata\n": module_on_first_use("importlib", "importlib.metadata"),
    },
    "click/testing.py": {"import pdb\n": module_on_first_use("pdb")},
    "flask_wtf/recaptcha/validators.py": {
        "from urllib import request as http\n": module_on_first_use("http", "urllib.request"),
    },
    "wtforms/fields/numeric.py": {"import decimal\n": module_on_first_use("decimal")},
    "django/test/__init__.py": {
        "from django.test.testcases import (\n"
        "    LiveServerTestCase,\n"
        "    SimpleTestCase,\n"
        "    TestCase,\n"
        "    TransactionTestCase,\n"
        "    skipIfDBFeature,\n"
        "    skipUnlessAnyDBFeature,\n"
        "    skipUnlessDBFeature,\n"
        ")\n": (
            "def __getattr__(name):  # deferred by the site's build (the next 8 lines too)\n"
            "    if name not in {\n"
            "        'LiveServerTestCase', 'SimpleTestCase', 'TestCase', 'TransactionTestCase',\n"
            "        'skipIfDBFeature', 'skipUnlessAnyDBFeature', 'skipUnlessDBFeature',\n"
            "    }:\n"
            "        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')\n"
            "    import importlib\n"
            "\n"
            "    return getattr(importlib.import_module('django.test.testcases'), name)\n"
        ),
    },
}
RUNNER_LOCK = "runner-lock.json"
WHEELS_SUBDIR = "runner"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(lock_file: Path = LOCK_FILE) -> dict[str, str]:
    """``{normalised name: version}`` from a ``pip freeze`` file."""
    versions: dict[str, str] = {}
    for line in lock_file.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.strip().partition("==")
        if sep:
            versions[normalise(name)] = version
    return versions


def _pip(args: list[str], what: str) -> None:
    run_step([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], what)


def _cached(directory: Path, pattern: str) -> Path | None:
    found = sorted(directory.glob(pattern))
    return found[0] if found else None


def fetch_wheel(name: str, version: str, cache: Path = CACHE_DIR) -> Path:
    """The pure-Python wheel of ``name==version``, downloaded once into ``cache``."""
    target = cache / f"{normalise(name)}-{version}"
    target.mkdir(parents=True, exist_ok=True)
    wheel = _cached(target, "*.whl")
    if wheel:
        return wheel
    if normalise(name) in FROM_SDIST:
        _pip(
            ["download", "--no-deps", "--no-binary=:all:", "-d", str(target), f"{name}=={version}"],
            f"Downloading the source of {name}=={version}",
        )
        sdist = _cached(target, "*.tar.gz")
        if sdist is None:
            raise BuildStepError(f"pip did not download a source archive of {name}=={version}")
        return pure_wheel_from_sdist(sdist, FROM_SDIST[normalise(name)], target)
    _pip(
        [
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--platform=any",
            "--implementation=py",
            "--abi=none",
            "--python-version=3.12",
            "-d",
            str(target),
            f"{name}=={version}",
        ],
        f"Downloading the wheel of {name}=={version}",
    )
    wheel = _cached(target, "*.whl")
    if wheel is None:
        raise BuildStepError(f"no pure-Python wheel of {name}=={version} on the package index")
    return wheel


def pure_wheel_from_sdist(sdist: Path, package: str, out_dir: Path) -> Path:
    """A py3-none-any wheel of the package's Python files (its C speed-ups left out: the
    package falls back to pure Python, as it does wherever the extension did not build)."""
    with tarfile.open(sdist) as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        top = next(iter(members)).split("/", 1)[0]
        pkg_info = archive.extractfile(members[f"{top}/PKG-INFO"])
        assert pkg_info is not None
        metadata = pkg_info.read()
        headers = email.parser.BytesHeaderParser().parsebytes(metadata)
        name, version = normalise(headers["Name"]).replace("-", "_"), headers["Version"]
        dist_info = f"{name}-{version}.dist-info"
        files: dict[str, bytes] = {}
        prefix = f"{top}/src/{package}/"
        for member_name, member in members.items():
            if member_name.startswith(prefix) and member_name.endswith((".py", "py.typed")):
                data = archive.extractfile(member)
                assert data is not None
                files[package + "/" + member_name[len(prefix) :]] = data.read()
    if f"{package}/__init__.py" not in files:
        raise BuildStepError(f"{sdist.name}: no {prefix}__init__.py in the source archive")
    files[f"{dist_info}/METADATA"] = metadata
    files[f"{dist_info}/WHEEL"] = b"".join(
        line + b"\n"
        for line in (b"Wheel-Version: 1.0", b"Root-Is-Purelib: true", b"Tag: py3-none-any")
    )
    return write_wheel(
        out_dir / f"{dist_info.removesuffix('.dist-info')}-py3-none-any.whl", files, dist_info
    )


def defer_imports(name: str, source: bytes) -> bytes:
    """``source`` with the imports ``DEFERRED_IMPORTS`` lists for ``name`` deferred; fails,
    naming the file and line, if one is not there (another version of the package)."""
    deferred = DEFERRED_IMPORTS.get(name)
    if not deferred:
        return source
    text = source.decode("utf-8")
    for line, on_first_use in deferred.items():
        if text.count(line) != 1:
            raise BuildStepError(f"{name}: expected the line {line.strip()!r} once, to defer it")
        text = text.replace(line, on_first_use)
    return text.encode("utf-8")


def trim_wheel(wheel: Path, out_dir: Path) -> Path:
    """A copy of ``wheel`` without the files no browser run reads (see ``TRIMMED``) and with
    the imports of ``DEFERRED_IMPORTS`` deferred, written by :func:`write_wheel`."""
    out = out_dir / wheel.name
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = next(name.split("/", 1)[0] for name in names if ".dist-info/" in name)
        files = {
            n: defer_imports(n, archive.read(n))
            for n in names
            if not TRIMMED.match(n) and not n.endswith("/")
        }
    return write_wheel(out, files, dist_info)


def check_closed(lockfile: Path, provided: set[str]) -> None:
    """Every dependency of the runner's packages must be one of them: the site serves no other."""
    packages = json.loads(lockfile.read_text(encoding="utf-8"))["packages"]
    for name in sorted(provided):
        missing = sorted(set(packages[name]["depends"]) - provided)
        if missing:
            raise BuildStepError(
                f"{name} needs {', '.join(missing)}, which the runner does not ship"
            )


def install_runner_wheels(runtime_dir: Path, base_lockfile: Path) -> Path:
    """Put the trimmed wheels in ``runtime_dir/runner/`` and write ``runtime_dir/runner-lock.json``
    (the quiz's own lock file is left as it is). Returns the lock file's path."""
    versions = pinned_versions()
    wheels_dir = runtime_dir / WHEELS_SUBDIR
    shutil.rmtree(wheels_dir, ignore_errors=True)
    wheels_dir.mkdir(parents=True)
    wheels = []
    for name in DISTRIBUTIONS:
        if normalise(name) not in versions:
            raise BuildStepError(f"{name} is not pinned in {LOCK_FILE.name}")
        wheels.append(trim_wheel(fetch_wheel(name, versions[normalise(name)]), wheels_dir))
    lockfile = runtime_dir / RUNNER_LOCK
    register_wheels(wheels, base_lockfile, lockfile)
    check_closed(lockfile, {normalise(name) for name in DISTRIBUTIONS})
    return lockfile


def register_wheels(wheels: list[Path], base_lockfile: Path, lockfile: Path) -> None:
    """``pyodide lockfile add-wheels``: file names relative to the lock file's folder. The lock
    file then keeps only these wheels' entries (their dependencies are among them, see
    :func:`check_closed`): the runner never loads Pyodide's own packages, and the worker reads
    this file before any wheel can be fetched."""
    run_step(
        [
            str(Path(sys.executable).with_name("pyodide")),
            "lockfile",
            "add-wheels",
            "--input",
            str(base_lockfile),
            "--output",
            str(lockfile),
            "--base-path",
            str(lockfile.parent),
            *map(str, wheels),
        ],
        "Registering the example runner's wheels with `pyodide lockfile add-wheels`",
    )
    lock = json.loads(lockfile.read_text(encoding="utf-8"))
    registered = {wheel.name for wheel in wheels}
    lock["packages"] = {
        name: entry
        for name, entry in lock["packages"].items()
        if entry["file_name"].rpartition("/")[2] in registered
    }
    lockfile.write_text(json.dumps(lock, separators=(",", ":")), encoding="utf-8")
