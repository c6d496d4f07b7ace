"""Results worked out from a graph, kept until the graph changes size.

Example:
    >>> from weakref import WeakKeyDictionary
    >>> from rdflib import Graph
    >>> kept, graph = WeakKeyDictionary(), Graph()
    >>> per_graph(kept, graph, len) == per_graph(kept, graph, lambda g: 99)
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

__all__ = ["per_graph"]

T = TypeVar("T")


def per_graph(
    kept: WeakKeyDictionary[Any, tuple[int, Any]], graph: Any, make: Callable[[Any], T]
) -> T:
    """``make(graph)``, from ``kept`` unless the graph's size changed since it was made."""
    entry = kept.get(graph)
    if entry is None or entry[0] != len(graph):
        entry = (len(graph), make(graph))
        kept[graph] = entry
    return entry[1]
