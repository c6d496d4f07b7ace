"""Names people type, and the entities they mean: the engine-neutral core of name lookup.

Matching ignores case, underscores and hyphens. :mod:`kg.store.graph_names` builds the
index from an rdflib graph; the quick path (:mod:`kg.sparql.on_store`) from the
Oxigraph cache; both look names up with :func:`resolve_in`. Nothing here
imports rdflib.

Example:
    >>> index = index_names([("https://w3id.org/anatomy-kg/id/soleus", "Soleus")])
    >>> resolve_in(index, "anat:soleus", None, lambda iri: None)
    'https://w3id.org/anatomy-kg/id/soleus'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping

from kg.errors import UnknownEntityError
from kg.namespaces import ANAT_IRI

__all__ = ["NAME_PROPERTIES", "index_names", "normalise", "resolve_in"]

_OBO = "http://www.geneontology.org/formats/oboInOwl#"
#: The properties whose values name an entity.
NAME_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#notation",
    _OBO + "hasExactSynonym",
    _OBO + "hasRelatedSynonym",
)


def normalise(name: str) -> str:
    """Fold case, underscores, hyphens and runs of spaces.

    Example:
        >>> normalise("  Tibialis_Anterior-muscle ")
        'tibialis anterior muscle'
    """
    return re.sub(r"[\s_\-]+", " ", name).strip().lower()


def index_names(pairs: Iterable[tuple[str, str | None]]) -> dict[str, set[str]]:
    """Index (IRI, name) pairs by every form a person may type.

    Each IRI is also found by its full IRI and, in the ``anat:`` namespace, by
    its ID with or without the prefix. Both engines build the index this way:
    rdflib from the graph, the quick path from the Oxigraph cache.

    Example:
        >>> index = index_names([("https://w3id.org/anatomy-kg/id/s1", "S1")])
        >>> sorted(index)
        ['anat:s1', 'https://w3id.org/anatomy-kg/id/s1', 's1']
    """
    index: dict[str, set[str]] = defaultdict(set)
    namespace = ANAT_IRI
    for iri, name in pairs:
        local = iri[len(namespace) :] if iri.startswith(namespace) else None
        if local:
            index[normalise(local)].add(iri)
            index[normalise(f"anat:{local}")].add(iri)
        index[iri.lower()].add(iri)
        if name is not None:
            index[normalise(name)].add(iri)
    return dict(index)


def _shown(name: str) -> str:
    """A name as quoted in messages, cut short if someone pasted a novel."""
    import textwrap  # error messages only: not loaded on the quick path

    return repr(textwrap.shorten(name, 80, placeholder=" …") if len(name) > 80 else name)


def resolve_in(
    index: Mapping[str, Collection[str]],
    name: str,
    accept: Callable[[str], bool] | None,
    label_of: Callable[[str], str | None],
) -> str:
    """The one IRI ``index`` (see :func:`index_names`) gives for ``name``.

    ``accept`` settles shared names as in :func:`resolve`; ``label_of`` names
    the candidates of an ambiguous name.

    Example:
        >>> index = index_names([("http://x/a", "Soleus")])
        >>> resolve_in(index, "SOLEUS", None, str)
        'http://x/a'

    Raises:
        UnknownEntityError: no entity, or more than one, goes by that name.
    """
    key = normalise(name)
    if not key:
        raise UnknownEntityError("no name given")
    found = index.get(key) or index.get(str(name).strip().lower())
    if found and len(found) > 1 and accept is not None:
        found = {iri for iri in found if accept(iri)} or found
    if found and len(found) == 1:
        return next(iter(found))
    if found:
        options = sorted(f"{label_of(iri) or iri} ({iri.rsplit('/', 1)[-1]})" for iri in found)
        raise UnknownEntityError(
            f"{_shown(name)} is ambiguous; it names: {'; '.join(options)}", options
        )
    names = [
        n
        for n, iris in index.items()
        if not n.startswith(("anat:", "http")) and (accept is None or any(map(accept, iris)))
    ]
    import difflib

    close = difflib.get_close_matches(key, names, n=3, cutoff=0.6) if len(key) < 200 else []
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownEntityError(f"no entity called {_shown(name)}{hint}", close)
