"""Query backends: rdflib's in-memory graph, or Oxigraph loaded from the build cache.

Both run the same SPARQL with the same bound parameters and return the same
:class:`~kg.sparql.runner.Answer`; queries are checked by :func:`kg.sparql.runner.check`
first, so errors read alike. Oxigraph gets parameters as a VALUES block
(:mod:`kg.sparql.values`), rdflib as initial bindings.

Example:
    >>> import kg
    >>> store = oxigraph_store(graph)
    >>> text = "SELECT ?m ?l WHERE { ?m <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    >>> answer = run_oxigraph(store, graph, text, {"m": kg.resolve(graph, "soleus")})
    >>> [str(v) for v in answer.table.column("l")]
    ['soleus']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.sparql.runner import Answer, Table, check
from kg.sparql.values import query_bound

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "STORES",
    "from_oxigraph",
    "oxigraph_store",
    "rdflib_graph",
    "query_bound",
    "run_oxigraph",
    "to_oxigraph",
]

#: Backends a user can choose with ``--store``.
STORES = ("oxigraph", "memory")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term.

    Example:
        >>> to_oxigraph(Literal(True)).value
        'true'
    """
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = str(term.datatype) if term.datatype else _XSD_STRING
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
    raise QueryError(f"cannot bind {term!r}")


def from_oxigraph(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (plain literals stay untyped, as rdflib keeps them).

    Example:
        >>> import pyoxigraph as ox
        >>> from_oxigraph(ox.Literal("S1"))
        rdflib.term.Literal('S1')
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def rdflib_graph(triples: Iterable[Any], namespaces: Mapping[str, str] | None = None) -> Graph:
    """pyoxigraph triples or quads (their default-graph part) as an rdflib ``Graph``.

    Example:
        >>> import pyoxigraph as ox
        >>> a = ox.NamedNode("http://x/a")
        >>> len(rdflib_graph([ox.Triple(a, a, ox.Literal("x"))], {"x": "http://x/"}))
        1
    """
    graph = Graph()
    for prefix, namespace in (namespaces or {}).items():
        graph.bind(prefix, namespace, override=True)
    graph.addN(
        (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), graph)
        for t in triples
    )
    return graph


def oxigraph_store(graph: Graph, ntriples: bytes | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding the graph (from cached N-Triples when given)."""
    import pyoxigraph as ox

    store = ox.Store()
    data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


_STORES: WeakKeyDictionary[Graph, tuple[int, ox.Store]] = WeakKeyDictionary()


def store_for(graph: Graph) -> ox.Store:
    """The Oxigraph copy of ``graph``, made once and again only when the graph's size changes.

    Example:
        >>> import kg
        >>> store_for(graph) is store_for(graph)
        True
    """
    from kg.memo import per_graph

    return per_graph(_STORES, graph, oxigraph_store)


def label_columns(store: ox.Store, table: Table) -> Table:
    """Label columns as :func:`kg.sparql.runner.add_label_columns` adds, looked up in Oxigraph.

    Example:
        >>> import kg
        >>> t = Table(("m",), ((kg.resolve(graph, "soleus"),),))
        >>> label_columns(store_for(graph), t).rows[0][1]
        rdflib.term.Literal('soleus')
    """
    from kg.store.lookups import labelled_in

    def is_iri(value: Any) -> bool:  # exact type: tables here come from from_oxigraph
        return type(value) is URIRef

    return labelled_in(store, table, is_iri, str, from_oxigraph)


@lru_cache(maxsize=256)
def _checked(text: str, namespaces: tuple[tuple[str, str], ...], display: str) -> None:
    """Check a query once per text: a catalogue query run again skips rdflib's parser."""
    check(text, dict(namespaces), display=display)


def run_oxigraph(
    store: ox.Store,
    graph: Graph,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    display: str = "query",
) -> Answer:
    """Run a query in Oxigraph with ``bindings`` bound as terms (see :mod:`kg.sparql.values`).

    ``graph`` supplies the prefixes ad-hoc queries may rely on.

    Raises:
        QueryError: as :func:`kg.sparql.runner.run`.
    """
    import pyoxigraph as ox

    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    _checked(text, tuple(sorted(namespaces.items())), display)
    terms = {name: to_oxigraph(value) for name, value in (bindings or {}).items()}
    try:
        result = query_bound(store, text, terms, namespaces)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            converted: dict[Any, Node | None] = {}  # answers repeat their terms

            def convert(term: Any) -> Node | None:
                node = converted.get(term)
                if node is None and term is not None:
                    node = converted[term] = from_oxigraph(term)
                return node

            rows = tuple(tuple(map(convert, solution)) for solution in result)
            return Answer("SELECT", table=Table(variables, rows))
        return Answer("CONSTRUCT", graph=rdflib_graph(result, namespaces))
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        raise QueryError.failed(display, exc) from None
