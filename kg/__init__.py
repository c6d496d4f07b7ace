"""anatomy-kg: human anatomy as an RDF knowledge graph.

Example:
    >>> import kg
    >>> graph = kg.load()
    >>> card = kg.describe(graph, "achilles tendon")
    >>> card.label
    'calcaneal tendon'
"""

from __future__ import annotations

from kg import viz  # noqa: E402 - kg.viz.network(...); pyvis loads only when drawing
from kg.ask import ask
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
from kg.lesion import lesion
from kg.loader import load, read_sources
from kg.network import to_networkx
from kg.query import query
from kg.resolve import resolve
from kg.stats import stats
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
    "ask",
    "describe",
    "export",
    "lesion",
    "load",
    "query",
    "read_sources",
    "resolve",
    "stats",
    "to_networkx",
    "validate",
    "viz",
]

__version__ = "0.1.0"
