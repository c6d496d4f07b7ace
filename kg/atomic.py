"""Write files all-or-nothing: a temporary file beside the target, then a rename.

Example:
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

__all__ = ["write_atomic"]


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
