"""anatomy-kg: human anatomy as an RDF knowledge graph.

Example:
    >>> import kg
    >>> card = kg.describe(graph, "achilles tendon")
    >>> card.label
    'calcaneal tendon'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Where each public name lives; a module is imported when its name is first used
#: (PEP 562), so ``anatomy-kg query`` never loads rdflib, pyvis or owlready2 it does not use.
_HOMES = {
    "AnatomyKGError": "kg.errors",
    "Card": "kg.anatomy.card",
    "OutputError": "kg.errors",
    "Problem": "kg.errors",
    "QueryError": "kg.errors",
    "Report": "kg.validation.report",
    "SourceError": "kg.errors",
    "UnknownEntityError": "kg.errors",
    "ask": "kg.anatomy.questions",
    "describe": "kg.anatomy.card",
    "export": "kg.output.rdf_files",
    "lesion": "kg.anatomy.lesions",
    "load": "kg.build.sources",
    "query": "kg.sparql.queries",
    "read_sources": "kg.build.sources",
    "resolve": "kg.store.graph_names",
    "stats": "kg.anatomy.coverage",
    "to_networkx": "kg.anatomy.networks",
    "validate": "kg.validation.report",
}


def __getattr__(name: str) -> Any:
    if name == "viz":
        return import_module("kg.output.pictures")
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


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
