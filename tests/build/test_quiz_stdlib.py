"""The quiz's standard library: complete for every answer set, and the build's proof can fail."""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from quiz import load_quiz
from quiz.browser import recommend_json
from scripts.engine_wheel import BuildStepError
from scripts.pyodide_runtime import ENGINE_PACKAGE, MANIFEST_NAME, QUIZ_LOCK, install_runtime
from scripts.quiz_stdlib import (
    BUNDLE_NAME,
    OMITTED,
    answer_sets,
    engine_imports,
    run_script,
    write_task,
)
from scripts.quiz_tables import TABLES, add_tables, read_report, reporting
from scripts.stdlib_zip import LAZY
from tests.quiz.answer_sets import random_answers

GOLDEN = Path(__file__).parents[1] / "quiz" / "fixtures" / "golden_answers.json"


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to check the quiz's standard library")
    return install_runtime(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def bundle(runtime_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle as a reader's worker gets it, inflated from the published .gz."""
    target = tmp_path_factory.mktemp("bundle") / BUNDLE_NAME
    target.write_bytes(gzip.decompress((runtime_dir / f"{BUNDLE_NAME}.gz").read_bytes()))
    return target


def without(bundle: Path, target: Path, prefix: str) -> Path:
    """A copy of ``bundle`` at ``target`` without the entries whose names start with ``prefix``."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            if not item.filename.startswith(prefix):
                copy.writestr(item, source.read(item))
    return target


def test_build_answer_sets_reach_every_option_and_the_refusals() -> None:
    sets = answer_sets()
    reached = {
        (question, option)
        for answers in sets
        for question, value in answers.items()
        for option in (value if isinstance(value, list) else [value])
    }
    quiz = load_quiz()
    assert {(q.id, o.id) for q in quiz.questions for o in q.options} <= reached
    replies = [json.loads(recommend_json(json.dumps(answers))) for answers in sets]
    assert any(not reply["ok"] for reply in replies)


def test_bundle_answers_every_answer_set_as_cpython_does(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    rng = random.Random(9)
    sets: list[dict[str, Any]] = [
        *json.loads(GOLDEN.read_text(encoding="utf-8")),
        *(random_answers(rng, answered_share=share) for share in (0.3, 0.7, 1.0) * 20),
    ]
    report = run_script("check", runtime_dir, write_task(tmp_path / "task.json", sets), bundle)
    assert report["python"]
    assert report["replies"] == [json.loads(recommend_json(json.dumps(a))) for a in sets]
    # Python really ran from the bundle's bytecode (the few others are frozen into the binary).
    compiled = [name for name in report["modules"] if name.endswith(".pyc")]
    assert len(compiled) > 0.9 * len(report["modules"])


def test_a_module_missing_from_the_bundle_fails_the_check_naming_it(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    lacking = without(bundle, tmp_path / "lacking.zip", "tomllib/")
    with pytest.raises(BuildStepError, match="No module named 'tomllib'"):
        run_script("check", runtime_dir, write_task(tmp_path / "task.json", [{}]), lacking)


def test_the_bundle_uses_its_compiled_patterns_and_code_from_pythons_start(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    task = reporting(write_task(tmp_path / "task.json", [{}]))
    run_script("check", runtime_dir, task, bundle)
    assert read_report(task) == "installed"


def test_tables_of_another_runtime_are_refused_and_the_answers_kept(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as zipped:
        patterns, code = marshal.loads(zipped.read(TABLES))
    runtime, table = marshal.loads(patterns)
    foreign = marshal.dumps(((f"{runtime[0]} (another build)", *runtime[1:]), table))
    library = without(bundle, tmp_path / "foreign.zip", TABLES)
    add_tables(library, marshal.dumps((foreign, code)).hex())
    sets = answer_sets()
    task = reporting(write_task(tmp_path / "task.json", sets))
    report = run_script("check", runtime_dir, task, library)
    assert read_report(task) == "refused"
    assert report["replies"] == [json.loads(recommend_json(json.dumps(a))) for a in sets]


def test_engine_imports_follow_the_browser_entry_point_not_the_terminal_one() -> None:
    imports = engine_imports()
    assert {"json", "tomllib", "dataclasses", "__future__"} <= set(imports)
    assert "argparse" not in imports  # only the command line uses it
    assert not [name for name in imports if name.split(".")[0] == "quiz"]


def test_manifest_describes_the_published_files(runtime_dir: Path) -> None:
    manifest = json.loads((runtime_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["pyodide"] and len(manifest["runtime_sha256"]) == 64
    for name, entry in manifest["files"].items():
        published = runtime_dir / entry["url"]
        assert published.stat().st_size == entry["transfer"], name
        data = published.read_bytes()
        if entry["encoding"] == "gzip":
            data = gzip.decompress(data)
        assert len(data) == entry["size"], name
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
    assert not (runtime_dir / BUNDLE_NAME).exists()  # only the compressed copy is published


def test_manifest_names_the_engine_wheel_by_digest(runtime_dir: Path) -> None:
    # A memory snapshot kept in a reader's browser is keyed by it: a new engine, a new key.
    manifest = json.loads((runtime_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    [(name, entry)] = manifest["packages"].items()
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][name]["file_name"] == entry["file"]
    wheel = (runtime_dir / entry["file"]).read_bytes()
    assert hashlib.sha256(wheel).hexdigest() == entry["sha256"] == lock["packages"][name]["sha256"]


def test_quiz_lockfile_holds_the_engine_entry_alone(runtime_dir: Path) -> None:
    # Pyodide reads every entry of its lockfile into Python on each boot: the quiz's has one.
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    quiz_lock = json.loads((runtime_dir / QUIZ_LOCK).read_text(encoding="utf-8"))
    assert quiz_lock["info"] == lock["info"]
    assert quiz_lock["packages"] == {ENGINE_PACKAGE: lock["packages"][ENGINE_PACKAGE]}
    assert len(lock["packages"]) > 1  # Pyodide's own file, left whole for other callers


# Re-imports a module from the bundle, counting the reads of its zip entries.
READS = """
import zipimport
importer = type(sys.path_importer_cache[STDLIB]).__name__
reads = []
read = zipimport._get_data
zipimport._get_data = lambda path, entry: reads.append(entry[0]) or read(path, entry)
del sys.modules["tomllib._re"]
importlib.import_module("tomllib._re")
zipimport._get_data = read
replies = [importer, [name.removeprefix(STDLIB + "/") for name in reads]]
"""


def read_counts(runtime_dir: Path, library: Path, tmp_path: Path) -> list[Any]:
    task_file = write_task(tmp_path / "task.json", [])
    task = {**json.loads(task_file.read_text(encoding="utf-8")), "workload": READS}
    task_file.write_text(json.dumps(task), encoding="utf-8")
    replies: list[Any] = run_script("check", runtime_dir, task_file, library)["replies"]
    return replies


def test_the_bundle_reads_each_module_once_from_pythons_start(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as zipped:
        assert "sitecustomize.pyc" in zipped.namelist()
    assert read_counts(runtime_dir, bundle, tmp_path) == [
        "DirectoryNamedZip",
        ["tomllib/_re.pyc"],
    ]


def test_without_its_sitecustomize_the_bundle_reads_each_module_twice(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    plain = without(bundle, tmp_path / "plain.zip", "sitecustomize.pyc")
    assert read_counts(runtime_dir, plain, tmp_path) == [
        "zipimporter",
        ["tomllib/_re.pyc", "tomllib/_re.pyc"],
    ]


def test_the_bundle_leaves_out_the_omitted_modules(runtime_dir: Path, bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as zipped:
        names = set(zipped.namelist())
    with zipfile.ZipFile(runtime_dir / "python_stdlib.zip") as full:
        in_full = set(full.namelist())
    for module in OMITTED:
        assert f"{module}.py" in in_full  # Pyodide's start imports it from the full library
        assert f"{module}.pyc" not in names
    assert "base64.pyc" not in names  # only ssl imported it while the quiz starts


def test_lazy_modules_are_not_run_while_the_quiz_starts_and_answers(
    runtime_dir: Path, bundle: Path, tmp_path: Path
) -> None:
    # Each lazy module pays only if nothing runs it: the check answers every answer set.
    task = write_task(tmp_path / "task.json", answer_sets())
    report = run_script("check", runtime_dir, task, bundle)
    assert report["lazy"] == sorted(LAZY)
    with zipfile.ZipFile(bundle) as zipped:
        assert {f"{name}.pyc" for name in LAZY} <= set(zipped.namelist())
    # The control: without its sitecustomize, the bundle loads every module at its import.
    plain = without(bundle, tmp_path / "plain.zip", "sitecustomize.pyc")
    assert run_script("check", runtime_dir, task, plain)["lazy"] == []


# Uses each lazy module, as code that needs them would; they load then and work as usual.
USES = """
import io, tarfile, traceback
try:
    1 / 0
except ZeroDivisionError as error:
    formatted = "".join(traceback.format_exception(error))
archive = io.BytesIO()
with tarfile.open(fileobj=archive, mode="w") as tar:
    tar.addfile(tarfile.TarInfo("answer.txt"))
archive.seek(0)
import locale
replies = [
    formatted.splitlines()[-1],
    locale.getencoding(),
    tarfile.open(fileobj=archive).getnames(),
    sorted(name for name, module in sys.modules.items() if type(module).__name__ == "_LazyModule"),
]
"""


def test_lazy_modules_load_when_used(runtime_dir: Path, bundle: Path, tmp_path: Path) -> None:
    task_file = write_task(tmp_path / "task.json", [])
    task = {**json.loads(task_file.read_text(encoding="utf-8")), "workload": USES}
    task_file.write_text(json.dumps(task), encoding="utf-8")
    assert run_script("check", runtime_dir, task_file, bundle)["replies"] == [
        "ZeroDivisionError: division by zero",
        "UTF-8",
        ["answer.txt"],
        [],
    ]
