"""Put in the quiz's standard library the patterns and generated code its Pyodide compiles."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from scripts.compiled_boot import RECORD, TABLES
from scripts.engine_wheel import ROOT, BuildStepError, append_stored

# Compiled with stdlib_zip by the make step and carried by the zip, which imports them from its
# sitecustomize (scripts/stdlib_zip.py): compiled_boot installs the tables with the other two.
MODULES = [
    ROOT / "scripts" / name
    for name in ("compiled_boot.py", "compiled_patterns.py", "compiled_code.py")
]
# What compiled_boot did at Python's start, as a make_quiz_stdlib.mjs "report" expression.
STATE = "sys.modules['compiled_boot'].state() if 'compiled_boot' in sys.modules else 'absent'"


def modules_digest() -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in MODULES)).hexdigest()[:8]


def _rewrite(task_file: Path, target: Path, **keys: Any) -> Path:
    task = {**json.loads(task_file.read_text(encoding="utf-8")), **keys}
    target.write_text(json.dumps(task), encoding="utf-8")
    return target


def reporting(task_file: Path, expression: str = STATE) -> Path:
    """The task, its run reporting ``expression`` (see :func:`read_report`)."""
    report = {"expression": expression, "file": str(task_file.with_suffix(".report.json"))}
    return _rewrite(task_file, task_file, report=report)


def with_modules(task_file: Path, directory: str) -> Path:
    """The task, its make step also compiling the modules (written to ``directory``), and its
    runs reporting what compiled_boot did."""
    task = json.loads(task_file.read_text(encoding="utf-8"))
    sources = {f"{directory}/{path.name}": path.read_text(encoding="utf-8") for path in MODULES}
    files, compiled = {**task["files"], **sources}, [*task["bytecode_files"], *sources]
    return reporting(_rewrite(task_file, task_file, files=files, bytecode_files=compiled))


def recording_task(task_file: Path) -> Path:
    """A copy of a check's task whose Python records the tables from its start and reports them
    (hex)."""
    recording = _rewrite(task_file, task_file.with_name("recording.json"), env={RECORD: "1"})
    return reporting(recording, "__import__('compiled_boot').dumps().hex()")


def read_report(task_file: Path) -> Any:
    """What the last run of a :func:`reporting` task reported."""
    report_file = Path(json.loads(task_file.read_text(encoding="utf-8"))["report"]["file"])
    return json.loads(report_file.read_text(encoding="utf-8"))


def add_modules(stdlib: Path, pycs_file: Path) -> None:
    """Add the modules' bytecode, from the make step's JSON of compiled files, to ``stdlib``."""
    pycs = json.loads(pycs_file.read_text("utf-8"))
    files = {}
    for path in MODULES:
        [name] = [n for n in pycs if n.split("/")[-1].startswith(f"{path.stem}.")]
        files[f"{path.stem}.pyc"] = base64.b64decode(pycs[name])
    append_stored(stdlib, files)


def add_tables(stdlib: Path, recorded: str) -> None:
    """Add the tables a recording check reported to ``stdlib``."""
    if not recorded:
        raise BuildStepError("The quiz's Pyodide recorded no compiled patterns or generated code")
    append_stored(stdlib, {TABLES: bytes.fromhex(recorded)})
