"""Read SPARQL files with a ``#+ key: value`` header (grlc's convention).

Example:
    >>> from kg.resources import bundled_queries_dir
    >>> checks = read_queries(bundled_queries_dir() / "qc")
    >>> "cycle-violation" in [q.name for q in checks]
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QueryFile", "parse_header", "read_queries"]


@dataclass(frozen=True)
class QueryFile:
    """One ``.rq`` file: its name (file stem), text and header keys."""

    name: str
    path: Path
    text: str
    header: Mapping[str, str]

    @property
    def summary(self) -> str:
        return self.header.get("summary", self.name)


def parse_header(text: str) -> dict[str, str]:
    """Collect the ``#+ key: value`` lines at the top of a query.

    Example:
        >>> parse_header("#+ summary: Muscles\\n#+ tags: a, b\\nSELECT * {}")
        {'summary': 'Muscles', 'tags': 'a, b'}
    """
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#+"):
            if stripped and not stripped.startswith("#"):
                break
            continue
        key, _, value = stripped[2:].partition(":")
        if key.strip():
            header[key.strip()] = value.strip()
    return header


def read_queries(folder: Path) -> list[QueryFile]:
    """Every ``*.rq`` file directly in ``folder``, sorted by name."""
    out = []
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out.append(QueryFile(path.stem, path, text, parse_header(text)))
    return out
