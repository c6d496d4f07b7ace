"""Files the package reads and writes: the bundled sources, and all-or-nothing writes.

In an installed wheel the ontology and query library sit inside the package as
``kg/_bundled/``; in a source checkout they are the top-level ``ontology/`` and
``queries/`` folders. Output files are written to a temporary file beside the
target, then renamed, so a reader never sees half a file.

Example:
    >>> (bundled_ontology_dir() / "anatomy.ttl").is_file()
    True
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, lambda handle: handle.write(b"hello"))
    >>> target.read_bytes()
    b'hello'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError

__all__ = ["bundled_ontology_dir", "bundled_queries_dir", "write_atomic"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE_DIR / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def bundled_ontology_dir() -> Path:
    """Return the folder holding ``anatomy.ttl``, ``shapes.ttl`` and ``data/``."""
    return _bundled("ontology")


def bundled_queries_dir() -> Path:
    """Return the folder holding the SPARQL library (``*.rq`` and ``qc/``)."""
    return _bundled("queries")


def write_atomic(target: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file, then move it onto ``target``.

    Raises:
        OutputError: the folder does not exist or cannot be written; the
            target is left as it was.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
