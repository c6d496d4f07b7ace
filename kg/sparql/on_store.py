"""The quick path: a catalogue query answered from the cached Oxigraph store, without rdflib.

``anatomy-kg query NAME`` spends most of a cold start importing rdflib and
rebuilding an rdflib graph, though Oxigraph answers the query. This path
opens the read-only store of the build cache (:func:`kg.store.cache.open_store`),
binds parameters with the same checks and messages as :mod:`kg.sparql.parameters`,
runs the query there and renders the table with :mod:`kg.sparql.formats`. It never
imports rdflib, pyvis, owlready2, pyshacl or networkx.

It covers every catalogue query in every format (JSON and CSV load rdflib's
serialisers, and a relation parameter the local schema); ad-hoc ``--sparql``
takes the full path. With ``endpoint``, the same runs against a remote
SPARQL endpoint. ``tests/test_quick.py`` checks that both paths print the
same text for every catalogue query.

Example:
    >>> import tempfile, os
    >>> _ = os.environ.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
    >>> text = answer("nerve-roots", {"nerve": "obturator nerve"}, fmt="markdown")
    >>> [line.split(" | ")[1] for line in text.splitlines()]
    ['rootLabel', '---', 'L2', 'L3', 'L4']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.namespaces import PREFIXES
from kg.sparql.catalogue import Param
from kg.store.lookups import labelled_in, labels_in, member_of

if TYPE_CHECKING:
    from kg.sparql.catalogue import QueryFile
    from kg.store.cache import CachedStore

__all__ = ["FORMATS", "answer", "bind_term", "bind_terms", "remote_source"]

#: The formats written without rdflib; JSON and CSV load rdflib's serialisers.
FORMATS = ("table", "tsv", "markdown")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def bind_term(
    source: CachedStore,
    param: Param,
    text: str,
    *,
    ontology_dir: str | Path | None = None,
    schema_graph: Callable[[], Any] | None = None,
) -> Any:
    """The pyoxigraph term for one parameter value (as :func:`kg.sparql.parameters.bind_value`).

    Entities are looked up in ``source`` (its name index, labels and classes);
    a relation (``property`` parameter) in the schema of the local ontology
    (``schema_graph()`` if given, else the cached graph of ``ontology_dir``).

    Example:
        >>> import os, tempfile
        >>> _ = os.environ.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
        >>> from kg.store.cache import open_store
        >>> cached = open_store()
        >>> bind_term(cached, cached.queries["nerve-roots"].params[0], "Sciatic nerve").value
        'https://w3id.org/anatomy-kg/id/sciatic_nerve'

    Raises:
        QueryError: the value is unknown, ambiguous, of the wrong class or type.
    """
    import pyoxigraph as ox

    from kg.sparql.parameters import entity_value, read_boolean, read_integer

    store = source.store
    if param.type == "entity":
        iri = entity_value(
            source.names,
            param,
            text,
            lambda iri: member_of(store, iri, param.classes),
            lambda iri: getattr(labels_in(store, [iri]).get(iri), "value", None),
        )
        return ox.NamedNode(iri)
    if param.type == "property":
        from kg.sparql.engines import to_oxigraph
        from kg.sparql.parameters import bind_value
        from kg.store.cache import load_cached

        graph = schema_graph() if schema_graph is not None else load_cached(ontology_dir)
        return to_oxigraph(bind_value(graph, param, text))
    if param.type == "boolean":
        flag = "true" if read_boolean(param, text) else "false"
        return ox.Literal(flag, datatype=ox.NamedNode(_XSD + "boolean"))
    if param.type == "integer":
        return ox.Literal(str(read_integer(param, text)), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(text)


def bind_terms(
    source: CachedStore,
    entry: QueryFile,
    given: Mapping[str, str],
    *,
    ontology_dir: str | Path | None = None,
    schema_graph: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Check ``given`` against catalogue query ``entry`` and bind each value (:func:`bind_term`).

    Raises:
        QueryError: an unknown or missing parameter, or a value that cannot be bound.
    """
    from kg.sparql.parameters import given_texts

    texts = given_texts(entry.params, given, query=entry.name)
    return {
        key: bind_term(source, param, text, ontology_dir=ontology_dir, schema_graph=schema_graph)
        for key, (param, text) in texts.items()
    }


def remote_source(endpoint: str) -> CachedStore:
    """A SPARQL endpoint with the local catalogue and the endpoint's own name index.

    Raises:
        RemoteError: the endpoint cannot be reached or refuses a query.
    """
    from kg.sparql.queries import catalogue
    from kg.store.cache import CachedStore, names_in
    from kg.store.remote import RemoteStore

    store = RemoteStore(endpoint)
    return CachedStore(store, names_in(store), {q.name: q for q in catalogue()})


def answer(
    name: str,
    given: Mapping[str, str],
    *,
    fmt: str = "table",
    labels: bool = True,
    ontology_dir: str | Path | None = None,
    endpoint: str | None = None,
) -> str | None:
    """The rendered answer to catalogue query ``name``, or ``None`` to take the full path.

    With ``endpoint`` the query runs on that SPARQL endpoint instead of the
    local store. ``None`` comes back only when the local cache cannot hold a
    store, or the query gives triples rather than rows.

    Raises:
        QueryError: as ``anatomy-kg query`` does: unknown query, parameter or
            entity, or a value of the wrong kind.
        RemoteError: the endpoint cannot be reached or refuses the query.
        SourceError: the sources have problems (when the cache must be built).
    """
    import pyoxigraph as ox

    from kg.errors import OutputError, QueryError
    from kg.sparql.queries import find_query
    from kg.sparql.runner import Table
    from kg.sparql.values import query_bound
    from kg.store.cache import discard_store, open_store

    if endpoint is not None:
        source = remote_source(endpoint)
    else:
        try:
            source = open_store(ontology_dir)
        except OutputError:  # no room for a store: the full path builds the graph in memory
            return None
    store = source.store
    entry = source.queries.get(name.removesuffix(".rq").strip()) or find_query(name)
    try:
        terms = bind_terms(source, entry, given, ontology_dir=ontology_dir)
        result = query_bound(store, entry.text, terms, PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return _render("ASK", None, bool(result), fmt)
        if not isinstance(result, ox.QuerySolutions):
            return None
        variables = tuple(v.value for v in result.variables)
        table = Table(
            variables, tuple(tuple(solution[v] for v in variables) for solution in result)
        )
        if labels:
            table = labelled_in(store, table, _is_named, _iri)
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        if str(exc).startswith("Corruption") and endpoint is None:  # a damaged block
            discard_store(ontology_dir)
            return None
        raise QueryError.failed(entry.name, exc) from None
    return _render("SELECT", table, None, fmt)


def _is_named(value: Any) -> bool:
    import pyoxigraph as ox

    return isinstance(value, ox.NamedNode)


def _iri(value: Any) -> str:
    return value.value


def _render(kind: str, table: Any, boolean: bool | None, fmt: str) -> str:
    """Write the answer; JSON and CSV go through rdflib's serialisers, as on the full path."""
    from kg.sparql.formats import render
    from kg.sparql.runner import Answer, Table

    if fmt not in FORMATS and table is not None:
        from kg.sparql.engines import from_oxigraph

        rows = tuple(tuple(map(from_oxigraph, row)) for row in table.rows)
        table = Table(table.variables, rows)
    return render(Answer(kind, table=table, boolean=boolean), fmt)
