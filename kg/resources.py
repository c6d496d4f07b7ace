"""Where the bundled ontology and query library live.

In an installed wheel they sit inside the package as ``kg/_bundled/``; in a
source checkout they are the top-level ``ontology/`` and ``queries/`` folders.

Example:
    >>> from kg.resources import bundled_ontology_dir
    >>> (bundled_ontology_dir() / "anatomy.ttl").is_file()
    True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_ontology_dir", "bundled_queries_dir"]

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
