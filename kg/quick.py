"""The quick path: a catalogue query answered from the cached Oxigraph store, without rdflib.

``anatomy-kg query NAME`` spends most of a cold start importing rdflib and
rebuilding an rdflib graph, though Oxigraph answers the query. This path
opens the read-only store of the build cache (:func:`kg.cache.open_store`),
binds parameters with the same checks and messages as :mod:`kg.params`,
runs the query there and renders the table with :mod:`kg.results`. It never
imports rdflib, pyvis, owlready2, pyshacl or networkx.

It covers catalogue queries in the ``table``, ``tsv`` and ``markdown``
formats; for anything else (``--sparql``, JSON and CSV, which rdflib writes,
property parameters, which need the schema) :func:`answer` returns ``None``
and the command takes the full path. ``tests/test_quick.py`` checks that both
paths print the same text for every catalogue query.

Example:
    >>> import tempfile, os
    >>> _ = os.environ.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
    >>> text = answer("nerve-roots", {"nerve": "obturator nerve"}, fmt="markdown")
    >>> [line.split(" | ")[1] for line in text.splitlines()]
    ['rootLabel', '---', 'L2', 'L3', 'L4']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.catalogue import Param
from kg.namespaces import AKG_IRI, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["FORMATS", "answer"]

#: The formats this path writes itself; the others go through rdflib's serialisers.
FORMATS = ("table", "tsv", "markdown")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_MEMBER_OF = f"""
ASK {{
  VALUES ?key {{ %s }}
  ?entity a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
  ?class <{AKG_IRI}dataKey> ?key .
}}"""


def _labels(store: ox.Store, iris: Iterable[str]) -> dict[str, Any]:
    """``rdfs:label`` (a pyoxigraph literal) of each IRI that has one."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    values = " ".join(f"<{iri}>" for iri in wanted)
    text = f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {values} }} ?e <{_RDFS_LABEL}> ?l }}"
    out: dict[str, Any] = {}
    for row in store.query(text):
        out.setdefault(row["e"].value, row["l"])
    return out


def _member_of(store: ox.Store, iri: str, keys: Iterable[str]) -> bool:
    """Whether ``iri`` belongs to a class with one of the data ``keys`` (subclasses count)."""
    import pyoxigraph as ox

    text = _MEMBER_OF % " ".join(str(ox.Literal(key)) for key in keys)
    return bool(store.query(text, substitutions={ox.Variable("entity"): ox.NamedNode(iri)}))


def _term(store: ox.Store, names: Mapping[str, set[str]], param: Param, text: str) -> Any:
    """The pyoxigraph term for one parameter value, as :func:`kg.params.bind_value` binds it."""
    import pyoxigraph as ox

    from kg.params import entity_value, read_boolean, read_integer

    if param.type == "entity":
        iri = entity_value(
            names,
            param,
            text,
            lambda iri: _member_of(store, iri, param.classes),
            lambda iri: getattr(_labels(store, [iri]).get(iri), "value", None),
        )
        return ox.NamedNode(iri)
    if param.type == "boolean":
        flag = "true" if read_boolean(param, text) else "false"
        return ox.Literal(flag, datatype=ox.NamedNode(_XSD + "boolean"))
    if param.type == "integer":
        return ox.Literal(str(read_integer(param, text)), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(text)


def answer(
    name: str,
    given: Mapping[str, str],
    *,
    fmt: str = "table",
    labels: bool = True,
    ontology_dir: str | Path | None = None,
) -> str | None:
    """The rendered answer to catalogue query ``name``, or ``None`` to take the full path.

    Raises:
        QueryError: as ``anatomy-kg query`` does: unknown query, parameter or
            entity, or a value of the wrong kind.
        SourceError: the sources have problems (when the cache must be built).
    """
    import pyoxigraph as ox

    from kg.cache import discard_store, open_store
    from kg.errors import OutputError, QueryError
    from kg.inline import query_bound
    from kg.params import given_texts
    from kg.query import find_query
    from kg.results import render
    from kg.sparql import Answer, Table, with_label_columns

    if fmt not in FORMATS:
        return None
    entry = find_query(name)
    if any(param.type == "property" for param in entry.params):
        return None
    texts = given_texts(entry.params, given, query=entry.name)
    try:
        store, names = open_store(ontology_dir)
    except OutputError:  # no room for a store: the full path builds the graph in memory
        return None
    terms = {key: _term(store, names, param, text) for key, (param, text) in texts.items()}
    try:
        result = query_bound(store, entry.text, terms, PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return render(Answer("ASK", boolean=bool(result)), fmt)
        if not isinstance(result, ox.QuerySolutions):
            return None
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in result)
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if message.startswith("Corruption"):  # a damaged block, found on reading it
            discard_store(ontology_dir)
            return None
        raise QueryError(f"{entry.name}: the query failed: {message}") from None
    table = Table(variables, rows)
    if labels:
        iris = [v.value for row in rows for v in row if isinstance(v, ox.NamedNode)]
        found = _labels(store, iris)
        table = with_label_columns(
            table,
            lambda value: isinstance(value, ox.NamedNode),
            lambda value: found.get(value.value),
        )
    return render(Answer("SELECT", table=table), fmt)
