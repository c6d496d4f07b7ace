"""Which store a read function reads: the build cache's, or one made from an ``rdflib.Graph``.

The read functions of the Python API (``kg.describe``, ``kg.lesion``,
``kg.query`` …) take a :class:`~kg.store.local.GraphStore` (from
:func:`kg.store.cache.open_store`) or an ``rdflib.Graph`` a user holds, which
is copied into a fresh in-memory store for that call: nothing is kept between
calls, so an edited graph is never answered from a stale copy.

Example:
    >>> store_of(store) is store
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.store.cache import names_in, open_store
from kg.store.local import GraphStore
from kg.store.vocabulary import Vocabulary

__all__ = ["from_graph", "resolve", "store_of"]


def from_graph(graph: Any) -> GraphStore:
    """A store holding an ``rdflib.Graph`` a user has, made anew on every call."""
    import pyoxigraph as ox

    from kg.build.schema import schema_from_graph

    engine = ox.Store()
    engine.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    names = names_in(engine)
    return GraphStore(engine, names, Vocabulary.from_dict(schema_from_graph(graph).to_dict()))


def store_of(source: Any = None) -> GraphStore:
    """The store to read: ``source``, a store made from an ``rdflib.Graph``, or the bundled one."""
    if source is None:
        return open_store()
    if isinstance(source, GraphStore):
        return source
    if type(source).__module__.startswith("rdflib"):
        return from_graph(source)
    raise TypeError(f"expected a GraphStore or an rdflib.Graph, not {type(source).__name__}")


def resolve(graph: Any, name: str, kinds: Iterable[str] = ()) -> str:
    """The IRI of the one entity called ``name`` in ``graph`` (a store or an ``rdflib.Graph``).

    Matching ignores case, underscores and hyphens; a name used by two
    entities is reported with both (``kinds``, class data keys, may settle
    it), and an unknown name with the closest known ones.

    Example:
        >>> resolve(store, "Achilles tendon").rsplit("/", 1)[-1]
        'calcaneal_tendon'
        >>> resolve(store, "T12", ["spinal_segment"]).rsplit("/", 1)[-1]
        't12'

    Raises:
        UnknownEntityError: no entity, or more than one, goes by that name.
    """
    return store_of(graph).resolve(name, kinds)
