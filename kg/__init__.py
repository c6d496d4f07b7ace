"""anatomy-kg: human anatomy as an RDF knowledge graph.

Read the built graph through :func:`open_store` (a :class:`GraphStore` over
the build cache's on-disk Oxigraph store); :func:`load` builds it from the
sources as an ``rdflib.Graph``. The read functions take either.

Example:
    >>> import kg
    >>> store = kg.open_store()
    >>> kg.describe(store, "achilles tendon").label
    'calcaneal tendon'
    >>> kg.query("nerve-roots", {"nerve": "femoral nerve"}, graph=store).texts("rootLabel")
    ['L2', 'L3', 'L4']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Where each public name lives; a module is imported when its name is first used
#: (PEP 562), so ``anatomy-kg query`` never loads rdflib, pyvis or owlready2 it does not use.
_HOMES = {
    "AnatomyKGError": "kg.errors",
    "Card": "kg.anatomy.card",
    "GraphStore": "kg.store.local",
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
    "localise": "kg.anatomy.localisation",
    "open_store": "kg.store.cache",
    "query": "kg.sparql.queries",
    "read_sources": "kg.build.sources",
    "resolve": "kg.store.access",
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
    "GraphStore",
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
    "localise",
    "open_store",
    "query",
    "read_sources",
    "resolve",
    "stats",
    "to_networkx",
    "validate",
    "viz",
]

__version__ = "0.1.0"
