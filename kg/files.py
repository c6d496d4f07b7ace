"""Files the package reads and writes: the bundled sources, and output files.

In an installed wheel the ontology and query library sit inside the package as
``kg/_bundled/``; in a source checkout they are the top-level ``ontology/`` and
``queries/`` folders. Output files are written without losing data, whatever
the target is:

- a regular file (or a new one) is written all-or-nothing: a temporary file
  beside it, flushed to disk, then renamed over it (keeping its permissions);
- a symbolic link is followed and its final target written that way, so the
  link stays a link;
- a device, a FIFO or a socket (``/dev/stdout``, ``/dev/null``, a named pipe)
  is streamed to directly, never replaced; ``-`` means standard output.

A write that fails (no space, no permission) raises :class:`OutputError` and
leaves a regular target as it was.

Example:
    >>> (bundled_ontology_dir() / "anatomy.ttl").is_file()
    True
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> target = folder / "out.txt"
    >>> write_atomic(target, lambda handle: handle.write(b"hello"))
    >>> (folder / "link.txt").symlink_to(target)
    >>> write_atomic(folder / "link.txt", lambda handle: handle.write(b"again"))
    >>> (folder / "link.txt").is_symlink(), target.read_bytes()
    (True, b'again')
"""

from __future__ import annotations

import os
import stat
import sys
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


def _stream(target: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Write straight to standard output or to a device, FIFO or socket."""
    try:
        if str(target) == "-":
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        with open(target, "wb") as stream:
            write(stream)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None


def write_atomic(target: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` with a binary stream that ends up in ``target``.

    Raises:
        OutputError: the folder does not exist, the target is a folder, or the
            write failed (no space, no permission); a regular target is left
            as it was.
    """
    if str(target) == "-":
        _stream(target, write)
        return
    given = Path(target)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {given}: it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        _stream(target, write)
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {given}: folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, stat.S_IMODE(mode) if mode is not None else 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {given}: {exc.strerror}") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
