"""anatomy-kg: human anatomy as an RDF knowledge graph.

Example:
    >>> import kg
    >>> graph = kg.load()
    >>> card = kg.describe(graph, "achilles tendon")
    >>> card.label
    'calcaneal tendon'
"""

from __future__ import annotations

from kg.describe import Card, describe
from kg.errors import (
    AnatomyKGError,
    OutputError,
    Problem,
    QueryError,
    SourceError,
    UnknownEntityError,
)
from kg.export import export
from kg.loader import load, read_sources
from kg.resolve import resolve
from kg.validate import Report, validate

__all__ = [
    "AnatomyKGError",
    "Card",
    "OutputError",
    "Problem",
    "QueryError",
    "Report",
    "SourceError",
    "UnknownEntityError",
    "describe",
    "export",
    "load",
    "read_sources",
    "resolve",
    "validate",
]

__version__ = "0.1.0"
