"""Put in the quiz's standard library the patterns and generated code its Pyodide compiles."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

from scripts.compiled_boot import RECORD, TABLES
from scripts.engine_wheel import ROOT, BuildStepError

# Compiled with stdlib_zip by the make step and carried by the zip, which imports them from its
# sitecustomize (scripts/stdlib_zip.py): compiled_boot installs the tables with the other two.
MODULES = [
    ROOT / "scripts" / name
    for name in ("compiled_boot.py", "compiled_patterns.py", "compiled_code.py")
]
# The make_quiz_stdlib.mjs "report" of a check: what compiled_boot did at Python's start.
STATE = "sys.modules['compiled_boot'].state() if 'compiled_boot' in sys.modules else 'absent'"


def module_sources(directory: str) -> dict[str, str]:
    """The modules' sources, by their path in ``directory``, for the make step to compile."""
    return {f"{directory}/{path.name}": path.read_text(encoding="utf-8") for path in MODULES}


def modules_digest() -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in MODULES)).hexdigest()[:8]


def add_modules(stdlib: Path, pycs_file: Path) -> None:
    """Add the modules' bytecode, from the make step's JSON of compiled files, to ``stdlib``."""
    pycs = json.loads(pycs_file.read_text("utf-8"))
    with zipfile.ZipFile(stdlib, "a", zipfile.ZIP_STORED) as archive:
        for path in MODULES:
            [name] = [n for n in pycs if n.split("/")[-1].startswith(f"{path.stem}.")]
            info = zipfile.ZipInfo(f"{path.stem}.pyc", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, base64.b64decode(pycs[name]))


def recording_task(task_file: Path) -> Path:
    """A copy of a check's task whose Python records the tables from its start and reports them
    (hex)."""
    task = json.loads(task_file.read_text(encoding="utf-8"))
    task.update(env={RECORD: "1"}, report="__import__('compiled_boot').dumps().hex()")
    recording = task_file.with_name("recording_task.json")
    recording.write_text(json.dumps(task), encoding="utf-8")
    return recording


def add_tables(stdlib: Path, recorded: str) -> None:
    """Add the tables a recording check reported to ``stdlib``."""
    if not recorded:
        raise BuildStepError("The quiz's Pyodide recorded no compiled patterns or generated code")
    with zipfile.ZipFile(stdlib, "a", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(TABLES, date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(info, bytes.fromhex(recorded))
