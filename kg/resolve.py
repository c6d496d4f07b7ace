"""Find the entity a person means: by ID, CURIE, IRI, label, synonym or notation.

Matching ignores case, underscores and hyphens; a name used by two entities is
reported with both, and an unknown name with the closest known ones.

Example:
    >>> import kg
    >>> graph = kg.load()
    >>> str(resolve(graph, "Achilles tendon")).rsplit("/", 1)[-1]
    'calcaneal_tendon'
    >>> str(resolve(graph, "S1")).rsplit("/", 1)[-1]
    's1'
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable
from weakref import WeakKeyDictionary

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.errors import UnknownEntityError
from kg.schema import ANAT

__all__ = ["name_index", "normalise", "resolve"]

_OBO = "http://www.geneontology.org/formats/oboInOwl#"
_NAME_PROPERTIES = (
    RDFS.label,
    SKOS.notation,
    URIRef(_OBO + "hasExactSynonym"),
    URIRef(_OBO + "hasRelatedSynonym"),
)
_INDEXES: WeakKeyDictionary[Graph, tuple[int, dict[str, set[URIRef]]]] = WeakKeyDictionary()


def normalise(name: str) -> str:
    """Fold case, underscores, hyphens and runs of spaces.

    Example:
        >>> normalise("  Tibialis_Anterior-muscle ")
        'tibialis anterior muscle'
    """
    return re.sub(r"[\s_\-]+", " ", name).strip().lower()


def name_index(graph: Graph) -> dict[str, set[URIRef]]:
    """Every normalised name of every named individual, with the IRIs it names.

    The index is kept per graph and rebuilt when the graph's size changes.
    """
    cached = _INDEXES.get(graph)
    if cached is not None and cached[0] == len(graph):
        return cached[1]
    index: dict[str, set[URIRef]] = defaultdict(set)
    for entity in graph.subjects(RDF.type, OWL.NamedIndividual):
        if not isinstance(entity, URIRef):
            continue
        local = str(entity)[len(str(ANAT)) :] if str(entity).startswith(str(ANAT)) else None
        if local:
            index[normalise(local)].add(entity)
            index[normalise(f"anat:{local}")].add(entity)
        index[str(entity).lower()].add(entity)
        for prop in _NAME_PROPERTIES:
            for name in graph.objects(entity, prop):
                index[normalise(str(name))].add(entity)
    _INDEXES[graph] = (len(graph), dict(index))
    return _INDEXES[graph][1]


def _label(graph: Graph, iri: URIRef) -> str:
    return str(graph.value(iri, RDFS.label) or iri)


def _shown(name: str) -> str:
    """A name as quoted in messages, cut short if someone pasted a novel."""
    return repr(textwrap.shorten(name, 80, placeholder=" …") if len(name) > 80 else name)


def resolve(graph: Graph, name: str, accept: Callable[[URIRef], bool] | None = None) -> URIRef:
    """Return the IRI of the one entity called ``name``.

    When a name is shared, ``accept`` (if given) picks among the candidates:
    "T12" names a spinal segment and a vertebra, and a root parameter wants
    the segment. It also keeps "did you mean" to names of acceptable entities.

    Example:
        >>> import kg
        >>> from rdflib import RDF
        >>> from kg.schema import AKG
        >>> graph = kg.load()
        >>> segment = resolve(graph, "T12", lambda i: (i, RDF.type, AKG.SpinalSegment) in graph)
        >>> str(segment).rsplit("/", 1)[-1]
        't12'

    Raises:
        UnknownEntityError: no entity, or more than one, goes by that name.
    """
    key = normalise(name)
    if not key:
        raise UnknownEntityError("no name given")
    index = name_index(graph)
    found = index.get(key) or index.get(str(name).strip().lower())
    if found and len(found) > 1 and accept is not None:
        found = {iri for iri in found if accept(iri)} or found
    if found and len(found) == 1:
        return next(iter(found))
    if found:
        options = sorted(f"{_label(graph, iri)} ({str(iri).rsplit('/', 1)[-1]})" for iri in found)
        raise UnknownEntityError(
            f"{_shown(name)} is ambiguous; it names: {'; '.join(options)}", options
        )
    names = [
        n
        for n, iris in index.items()
        if not n.startswith(("anat:", "http")) and (accept is None or any(map(accept, iris)))
    ]
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.6) if len(key) < 200 else []
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownEntityError(f"no entity called {_shown(name)}{hint}", close)
