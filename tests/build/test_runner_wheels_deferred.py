"""The runner's wheels import Werkzeug's development server on first use only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scripts.engine_wheel import BuildStepError
from scripts.runner_wheels import defer_imports

APP = b"""import os
from werkzeug.serving import is_running_from_reloader
from werkzeug.wrappers import Response

def run():
    return is_running_from_reloader()
"""


def test_the_import_becomes_a_function_of_the_same_name_on_the_same_line() -> None:
    deferred = defer_imports("flask/app.py", APP).decode()
    lines = deferred.splitlines()
    assert len(lines) == len(APP.decode().splitlines())
    assert lines[1].startswith("def is_running_from_reloader(")
    assert "from werkzeug.serving import is_running_from_reloader as imported" in lines[1]
    assert lines[2] == "from werkzeug.wrappers import Response"
    namespace: dict[str, object] = {}
    exec(compile(deferred, "app.py", "exec"), namespace)
    assert callable(namespace["is_running_from_reloader"])


def test_other_files_are_left_as_they_are() -> None:
    assert defer_imports("flask/helpers.py", APP) == APP


def test_a_package_version_without_the_line_fails_the_build_naming_the_file() -> None:
    with pytest.raises(BuildStepError, match=r"flask/app\.py: expected the line 'from werkzeug"):
        defer_imports("flask/app.py", b"import os\n")


def test_a_deferred_module_is_imported_by_the_first_attribute_read() -> None:
    deferred = defer_imports("click/testing.py", b"import pdb\ndebugger = None\n").decode()
    assert deferred.splitlines()[1] == "debugger = None"
    namespace: dict[str, Any] = {}
    exec(compile(deferred, "testing.py", "exec"), namespace)
    import pdb

    assert namespace["pdb"].Pdb is pdb.Pdb


def test_a_module_imported_under_another_name_is_imported_by_the_first_attribute_read() -> None:
    source = b"import json\nfrom urllib import request as http\nfrom urllib.parse import quote\n"
    deferred = defer_imports("flask_wtf/recaptcha/validators.py", source).decode()
    lines = deferred.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("http = ")
    assert lines[2] == "from urllib.parse import quote"
    namespace: dict[str, Any] = {}
    exec(compile(deferred, "validators.py", "exec"), namespace)
    import urllib.request

    assert namespace["http"].urlopen is urllib.request.urlopen


def test_a_dotted_import_gives_its_package_with_the_submodule_imported_on_first_read() -> None:
    source = b"import importlib.metadata\nimport typing as t\n"
    deferred = defer_imports("flask/testing.py", source).decode()
    lines = deferred.splitlines()
    assert len(lines) == 2 and lines[0].startswith("importlib = ")
    namespace: dict[str, Any] = {}
    exec(compile(deferred, "testing.py", "exec"), namespace)
    import importlib.metadata

    assert namespace["importlib"].metadata.version is importlib.metadata.version


def test_django_test_cases_are_imported_when_first_named() -> None:
    import django.test
    import django.test.testcases

    source = Path(django.test.__file__).read_bytes()
    deferred = defer_imports("django/test/__init__.py", source).decode()
    assert len(deferred.splitlines()) == len(source.decode().splitlines())
    namespace: dict[str, Any] = {"__name__": "django.test"}
    exec(compile(deferred, "__init__.py", "exec"), namespace)
    assert namespace["__getattr__"]("TestCase") is django.test.testcases.TestCase
    assert namespace["override_settings"] is django.test.override_settings
    with pytest.raises(AttributeError, match="no attribute 'TestCases'"):
        namespace["__getattr__"]("TestCases")
