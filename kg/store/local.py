"""The one read path: the built graph in Oxigraph, with its names and vocabulary.

Every read command (``query``, ``ask``, ``describe``, ``lesion``, ``path``,
``stats``, ``viz``, ``serve``, ``push``) reads the graph through a
:class:`GraphStore`. It holds the engine (the read-only on-disk Oxigraph store
of the build cache, an in-memory one made from an ``rdflib.Graph`` a user
holds, or a remote SPARQL endpoint), the name index of the graph and its
vocabulary (:mod:`kg.store.vocabulary`). It answers SPARQL through one runner
(:meth:`GraphStore.run`: the guard, parameters bound as a ``VALUES`` block,
errors that read alike), names through one resolver (:meth:`GraphStore.resolve`),
labels and class membership with one query each, and hands traversals a
networkx view built from the store (:meth:`GraphStore.network`). Nothing is
kept between calls except what the store itself cannot change: a store made
from an ``rdflib.Graph`` is made anew for each call, so an edited graph is
never answered from a stale copy.

Example:
    >>> store.resolve("Achilles tendon").rsplit("/", 1)[-1]
    'calcaneal_tendon'
    >>> store.is_a(store.resolve("soleus"), ["muscle"])
    True
    >>> store.label(store.resolve("soleus"))
    'soleus'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store.names import resolve_in
from kg.store.vocabulary import Vocabulary

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["GraphStore"]

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_OWL = "http://www.w3.org/2002/07/owl#"
_MEMBER_OF = """
ASK {
  VALUES ?class { %s }
  ?entity a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
}"""


class GraphStore:
    """The built graph for reading (see the module docstring).

    Args:
        engine: a pyoxigraph ``Store``, or anything with its ``query`` method
            (:class:`kg.store.remote.RemoteStore`).
        names: the name index (:func:`kg.store.names.index_names`).
        vocabulary: the schema as readers need it.
        location: the on-disk folder of the store, if it has one.
    """

    def __init__(
        self,
        engine: Any,
        names: Mapping[str, Collection[str]],
        vocabulary: Vocabulary,
        *,
        location: Path | None = None,
    ) -> None:
        self.engine = engine
        self.names = names
        self.vocabulary = vocabulary
        self.location = location

    def __repr__(self) -> str:
        where = self.location or type(self.engine).__name__
        return f"<GraphStore {where}>"

    def __len__(self) -> int:
        """The number of triples (a full count: not for hot paths)."""
        return len(self.engine)

    def term(self, name: str, kinds: Iterable[str] = ()) -> ox.NamedNode:
        """The entity called ``name`` as a pyoxigraph term (see :meth:`resolve`)."""
        import pyoxigraph as ox

        return ox.NamedNode(self.resolve(name, kinds))

    # --- names, labels, classes ---------------------------------------------
    def resolve(self, name: str, kinds: Iterable[str] = ()) -> str:
        """The IRI of the one entity called ``name`` (ID, CURIE, IRI, label, synonym, notation).

        ``kinds`` (class data keys; subclasses count) settles a shared name:
        "T12" names a segment and a vertebra.

        Raises:
            UnknownEntityError: no entity, or more than one, goes by that name.
        """
        wanted = tuple(kinds)
        accept = (lambda iri: self.is_a(iri, wanted)) if wanted else None
        return resolve_in(self.names, name, accept, self.label)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """``rdfs:label`` of each IRI that has one (the first if several), in one query."""
        wanted = sorted(set(iris))
        if not wanted:
            return {}
        values = " ".join(f"<{iri}>" for iri in wanted)
        text = f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {values} }} ?e <{RDFS_LABEL}> ?l }}"
        out: dict[str, str] = {}
        for row in self.engine.query(text):
            out.setdefault(row["e"].value, row["l"].value)
        return out

    def label(self, iri: str) -> str | None:
        """An entity's ``rdfs:label``, or ``None``.

        Example:
            >>> store.label("https://w3id.org/anatomy-kg/id/s1")
            'S1'
        """
        return self.labels([iri]).get(iri)

    def is_a(self, iri: str, keys: Iterable[str]) -> bool:
        """Whether ``iri`` belongs to a class with one of the data ``keys`` (subclasses count).

        Example:
            >>> store.is_a("https://w3id.org/anatomy-kg/id/deep_fibular_nerve", ["nerve"])
            True
        """
        import pyoxigraph as ox

        classes = [self.vocabulary.classes[k].iri for k in keys if k in self.vocabulary.classes]
        if not classes:
            return False
        text = _MEMBER_OF % " ".join(f"<{c}>" for c in classes)
        return bool(
            self.engine.query(text, substitutions={ox.Variable("entity"): ox.NamedNode(iri)})
        )

    def keys_of(self, iri: str) -> set[str]:
        """The data keys of every class ``iri`` belongs to, superclasses included."""
        text = f"SELECT ?c WHERE {{ <{iri}> <{RDF_TYPE}> ?c }}"
        return self.vocabulary.keys_of(row["c"].value for row in self.engine.query(text))

    # --- triple patterns ---------------------------------------------------
    @staticmethod
    def node(iri: str) -> ox.NamedNode:
        """An IRI as a pyoxigraph term."""
        import pyoxigraph as ox

        return ox.NamedNode(iri)

    def _pattern(self, s: Any, p: Any, o: Any) -> Any:
        def term(value: Any) -> Any:
            return self.node(value) if isinstance(value, str) else value

        if type(s).__name__ == "Literal":  # a literal is never a subject
            return iter(())
        return self.engine.quads_for_pattern(term(s), term(p), term(o))

    def objects(self, s: Any, p: Any) -> list[Any]:
        """The distinct objects of ``s p ?o`` (IRIs may be given as text).

        Example:
            >>> [o.value for o in store.objects(store.resolve("s1"), SKOS_NOTATION)]
            ['S1']
        """
        return list(dict.fromkeys(q.object for q in self._pattern(s, p, None)))

    def subjects(self, p: Any, o: Any) -> list[Any]:
        """The distinct subjects of ``?s p o``."""
        return list(dict.fromkeys(q.subject for q in self._pattern(None, p, o)))

    def value(self, s: Any, p: Any) -> Any:
        """One object of ``s p ?o``, or ``None``."""
        return next((quad.object for quad in self._pattern(s, p, None)), None)

    def has(self, s: Any, p: Any, o: Any) -> bool:
        """Whether the triple ``s p o`` is in the graph."""
        return next(iter(self._pattern(s, p, o)), None) is not None
