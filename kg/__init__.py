"""anatomy-kg: human anatomy as an RDF knowledge graph.

Example:
    >>> import kg
    >>> graph = kg.load()
    >>> card = kg.describe(graph, "achilles tendon")
    >>> card.label
    'calcaneal tendon'
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

#: Where each public name lives; a module is imported when its name is first used
#: (PEP 562), so ``anatomy-kg query`` never loads rdflib, pyvis or owlready2 it does not use.
_HOMES = {
    "AnatomyKGError": "kg.errors",
    "Card": "kg.describe",
    "OutputError": "kg.errors",
    "Problem": "kg.errors",
    "QueryError": "kg.errors",
    "Report": "kg.validate",
    "SourceError": "kg.errors",
    "UnknownEntityError": "kg.errors",
    "ask": "kg.ask",
    "describe": "kg.describe",
    "export": "kg.export",
    "lesion": "kg.lesion",
    "load": "kg.loader",
    "query": "kg.query",
    "read_sources": "kg.loader",
    "resolve": "kg.resolve",
    "stats": "kg.stats",
    "to_networkx": "kg.network",
    "validate": "kg.validate",
}


def __getattr__(name: str) -> Any:
    if name == "viz":
        return import_module("kg.viz")
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(ModuleType):
    """Keeps ``kg.resolve`` (and the like) the function when its module of the same name loads.

    Importing a submodule sets it as an attribute of the package, which would
    hide the function of that name; the functions are what ``kg.NAME`` means.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _HOMES.get(name) == value.__name__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
