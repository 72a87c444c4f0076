"""Imports from a zip that name each module's file from the zip's directory, a few lazily.

To make a module's spec, ``zipimport`` asks for the module's file name, and works it out by
reading and unmarshalling the module's code; importing it then reads and unmarshals it again.
For the example runner's standard library, all bytecode made for its runtime, that was 25 to
50 ms of a first Flask or Django run in Pyodide. The runner's and the quiz's Pyodide use it from
Python's start, through their standard library's sitecustomize (scripts/quiz_stdlib.py), and the
runner again in wheels.mjs, for the full library it falls back to.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import zipimport
from collections.abc import Sequence
from types import ModuleType


class DirectoryNamedZip(zipimport.zipimporter):
    """A zipimporter whose ``get_filename`` is the first entry the import would read."""

    def get_filename(self, fullname: str) -> str:
        stem = self.prefix + fullname.rpartition(".")[2]
        files = self._get_files()  # type: ignore[attr-defined]
        for suffix, _bytecode, _package in zipimport._zip_searchorder:  # type: ignore[attr-defined]
            entry = files.get(stem + suffix)
            if entry is not None:
                name: str = entry[0]
                return name
        return super().get_filename(fullname)  # raises ZipImportError, naming the module


_used: set[str] = set()


def use_for(archive: str) -> None:
    """Import from ``archive`` (a zip on ``sys.path``) and every folder in it this way (once)."""
    if archive in _used:
        return
    _used.add(archive)

    def inside(path: str) -> bool:
        return path == archive or path.startswith(archive + "/")

    def hook(path: str) -> zipimport.zipimporter:
        if not inside(path):
            raise ImportError("not in the standard library's zip")
        return DirectoryNamedZip(path)

    sys.path_hooks.insert(0, hook)
    for path, finder in list(sys.path_importer_cache.items()):
        if inside(path) and isinstance(finder, zipimport.zipimporter):
            sys.path_importer_cache[path] = DirectoryNamedZip(path)


# Modules Pyodide's start imports but only uses inside functions (it does not use them while the
# quiz starts, warms up and answers): each is run when first used, not at its import.
LAZY = {
    "_colorize": "traceback imports it at its top and colours tracebacks with it in functions",
    "locale": "subprocess imports it at its top and reads the encoding with it in a function",
    "tarfile": "Pyodide's package loader imports it in a function, and uses it for .tar packages",
}


class LazyFinder:
    """Finds the modules in ``LAZY`` on ``sys.path``, loaded lazily (``importlib.util``)."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


if __name__ == "sitecustomize":
    # The runner's and the quiz's standard libraries carry this module's bytecode as their
    # sitecustomize (scripts/quiz_stdlib.py): `site` imports it before Pyodide's own set-up
    # imports any module from the zip. The runner's `import stdlib_zip` (wheels.mjs) then finds
    # this module.
    sys.modules.setdefault("stdlib_zip", sys.modules[__name__])
    use_for(next(entry for entry in sys.path if entry.endswith(".zip")))
    sys.meta_path.insert(0, LazyFinder)
    # The quiz's library also carries the build's compiled patterns and generated code.
    try:
        import compiled_boot  # type: ignore[import-not-found]
    except ModuleNotFoundError as error:
        if error.name != "compiled_boot":
            raise
    else:
        compiled_boot.start()
