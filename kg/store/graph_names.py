"""Find the entity a person means: by ID, CURIE, IRI, label, synonym or notation.

Matching ignores case, underscores and hyphens; a name used by two entities is
reported with both, and an unknown name with the closest known ones.

Example:
    >>> import kg
    >>> str(resolve(graph, "Achilles tendon")).rsplit("/", 1)[-1]
    'calcaneal_tendon'
    >>> str(resolve(graph, "S1")).rsplit("/", 1)[-1]
    's1'
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.memo import per_graph
from kg.store.names import NAME_PROPERTIES, index_names, normalise, resolve_in

# normalise is re-exported: callers fold names the same way the index does

__all__ = ["label_of", "name_index", "normalise", "resolve"]

_INDEXES: WeakKeyDictionary[Graph, tuple[int, dict[str, set[str]]]] = WeakKeyDictionary()


def name_index(graph: Graph) -> dict[str, set[str]]:
    """Every normalised name of every named individual, with the IRIs it names.

    The index is kept per graph and rebuilt when the graph's size changes.
    """
    return per_graph(_INDEXES, graph, _index_of)


def _index_of(graph: Graph) -> dict[str, set[str]]:
    entities = [e for e in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(e, URIRef)]
    pairs = [(str(e), None) for e in entities]
    pairs += [
        (str(e), str(name))
        for e in entities
        for p in NAME_PROPERTIES
        for name in graph.objects(e, URIRef(p))
    ]
    return index_names(pairs)


def label_of(graph: Graph, iri: str) -> str | None:
    """An entity's ``rdfs:label``, or ``None``.

    Example:
        >>> import kg
        >>> label_of(graph, "https://w3id.org/anatomy-kg/id/s1")
        'S1'
    """
    label = graph.value(URIRef(iri), RDFS.label)
    return None if label is None else str(label)


def resolve(graph: Graph, name: str, accept: Callable[[URIRef], bool] | None = None) -> URIRef:
    """Return the IRI of the one entity called ``name``.

    When a name is shared, ``accept`` (if given) picks among the candidates:
    "T12" names a spinal segment and a vertebra, and a root parameter wants
    the segment. It also keeps "did you mean" to names of acceptable entities.

    Example:
        >>> import kg
        >>> from rdflib import RDF
        >>> from kg.build.schema import AKG
        >>> segment = resolve(graph, "T12", lambda i: (i, RDF.type, AKG.SpinalSegment) in graph)
        >>> str(segment).rsplit("/", 1)[-1]
        't12'

    Raises:
        UnknownEntityError: no entity, or more than one, goes by that name.
    """
    fits = (lambda iri: accept(URIRef(iri))) if accept is not None else None
    found = resolve_in(name_index(graph), name, fits, lambda iri: label_of(graph, iri))
    return URIRef(found)
