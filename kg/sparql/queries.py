"""The query catalogue: list it, and run a catalogue query or ad-hoc SPARQL.

Catalogue queries live in ``queries/*.rq`` with a ``#+`` header declaring
their parameters. Parameter values are resolved to RDF terms and bound, so
the text a person typed never becomes part of the query. Everything runs on
the store (:mod:`kg.store.local`) through the one runner
(:func:`kg.sparql.runner.run`).

Example:
    >>> result = query("muscles-innervated-by", {"nerve": "deep fibular nerve"}, graph=store)
    >>> "tibialis anterior" in [row["muscleLabel"] for row in result.records()]
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import QueryError
from kg.files import bundled_queries_dir
from kg.sparql.catalogue import (
    Param,
    QueryFile,
    parse_header,
    read_params,
    read_queries,
    read_query,
)
from kg.sparql.parameters import bind_params
from kg.sparql.runner import Answer, Table, label_columns, run

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["Prepared", "catalogue", "find_query", "prepare", "query", "run_prepared"]


def catalogue(folder: str | Path | None = None) -> list[QueryFile]:
    """The catalogue queries (not the ``qc/`` checks), sorted by name.

    Example:
        >>> "nerve-hubs" in [q.name for q in catalogue()]
        True
    """
    return read_queries(Path(folder) if folder else bundled_queries_dir())


def find_query(name: str, folder: str | Path | None = None) -> QueryFile:
    """The catalogue query called ``name`` (with or without ``.rq``).

    Example:
        >>> find_query("nerve-roots.rq").params[0].name
        'nerve'

    Raises:
        QueryError: no query has that name; the message lists close names.
    """
    import difflib

    wanted = name.removesuffix(".rq").strip()
    directory = Path(folder) if folder else bundled_queries_dir()
    if wanted and "/" not in wanted and "\\" not in wanted and not wanted.startswith("."):
        exact = directory / f"{wanted}.rq"
        if exact.is_file():
            return read_query(exact)
    queries = {q.name: q for q in catalogue(folder)}
    if wanted in queries:
        return queries[wanted]
    close = difflib.get_close_matches(wanted, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see 'anatomy-kg queries'"
    raise QueryError(f"no catalogue query called {name!r}{hint}")


class Prepared(NamedTuple):
    """A query ready to run: its text, where it came from and its bound values."""

    name: str
    text: str
    bindings: Mapping[str, Any]


def _read_sparql(text_or_file: str) -> tuple[str, str]:
    """Read ``--sparql``: a file path if it looks like one, else the query text."""
    looks_like_path = not any(ch in text_or_file for ch in "{}\n") and len(text_or_file) < 1024
    if not looks_like_path:
        return text_or_file, "query"
    candidate = Path(text_or_file)
    try:
        if candidate.is_dir():
            raise QueryError(f"{text_or_file}: is a folder, not a query file")
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8"), candidate.name
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{text_or_file}: cannot read the query file ({exc})") from None
    if candidate.suffix in (".rq", ".sparql"):
        raise QueryError(f"{text_or_file}: no such query file")
    return text_or_file, "query"


def prepare(
    store: GraphStore,
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    *,
    sparql: str | None = None,
    folder: str | Path | None = None,
) -> Prepared:
    """Find a catalogue query (or read ad-hoc SPARQL) and bind its parameters.

    Ad-hoc SPARQL (text or a file path) takes parameters as plain entity names,
    each bound to the variable of the same name.

    Example:
        >>> prepared = prepare(store, "nerve-roots", {"nerve": "Femoral Nerve"})
        >>> prepared.bindings["nerve"].value.rsplit("/", 1)[-1]
        'femoral_nerve'

    Raises:
        QueryError: unknown query or parameter, missing or unresolvable value.
    """
    given = dict(params or {})
    if (name is None) == (sparql is None):
        raise QueryError("give either a catalogue query name or SPARQL text, not both")
    if name is not None:
        entry = find_query(name, folder)
        return Prepared(entry.name, entry.text, bind_params(store, entry.params, given, query=name))
    text, display = _read_sparql(sparql or "")
    declared = list(read_params(parse_header(text, display).get("params"), Path(display)))
    names = {p.name for p in declared}
    extra = [key for key in given if key not in names]
    if declared and extra:
        known = ", ".join(sorted(names))
        raise QueryError(f"{display}: unknown parameter {extra[0]!r} (parameters: {known})")
    for key in extra:
        if not re.search(rf"[?$]{re.escape(key)}\b", text):
            raise QueryError(f"{display}: parameter {key!r} names no variable of the query")
    params_spec = declared + [Param(key, optional=True) for key in extra]
    return Prepared(display, text, bind_params(store, params_spec, given, query=display))


def run_prepared(store: GraphStore, prepared: Prepared, *, labels: bool = True) -> Answer:
    """Run a prepared query; SELECT tables get label columns next to IRIs.

    Example:
        >>> prepared = prepare(store, "nerve-roots", {"nerve": "obturator nerve"})
        >>> run_prepared(store, prepared).table.texts("rootLabel")
        ['L2', 'L3', 'L4']
    """
    answer = run(store, prepared.text, prepared.bindings, display=prepared.name)
    if labels and answer.table is not None:
        return Answer(answer.kind, table=label_columns(store, answer.table))
    return answer


def query(
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    *,
    sparql: str | None = None,
    graph: Any = None,
) -> Table:
    """Run a catalogue query by name, or ad-hoc SELECT SPARQL, and return its table.

    ``graph`` is a :class:`~kg.store.local.GraphStore`, or an ``rdflib.Graph``
    (copied into a store for this call, so edits to it always count); without
    it, the bundled graph is read from the build cache's store. The table
    holds pyoxigraph terms (``Table.records()`` and ``Table.texts()`` give text).

    Example:
        >>> table = query("nerve-roots", {"nerve": "femoral nerve"})
        >>> table.texts("rootLabel")
        ['L2', 'L3', 'L4']

    Raises:
        QueryError: see :func:`prepare`; also a query that is not a SELECT.
    """
    from kg.store.access import store_of

    store = store_of(graph)
    prepared = prepare(store, name, params, sparql=sparql)
    answer = run_prepared(store, prepared)
    if answer.table is None:
        raise QueryError(f"{prepared.name}: kg.query returns tables; this is a {answer.kind} query")
    return answer.table
