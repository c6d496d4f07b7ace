"""The one query runner: check a query, bind its parameters, run it on the store.

Every read command runs SPARQL here, on a :class:`~kg.store.local.GraphStore`
(the on-disk Oxigraph store, an in-memory one, or a remote endpoint).
:func:`check` decides from the query's own keywords what it is and refuses
empty text, updates and SERVICE; parameters travel as pyoxigraph terms in a
``VALUES`` block (:mod:`kg.store.values`), so a value a person typed can
never change what a query does; engine errors come back as
:class:`~kg.errors.QueryError` with a plain message. Answers hold the
engine's own terms (pyoxigraph): the result formats write them with
pyoxigraph's serialisers (:mod:`kg.sparql.formats`).

Example:
    >>> answer = run(store, "SELECT ?label WHERE { ?m rdfs:label ?label }",
    ...              {"m": store.term("soleus")})
    >>> answer.table.texts("label")
    ['soleus']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = [
    "Answer",
    "Table",
    "check",
    "label_columns",
    "label_targets",
    "run",
    "text_of",
    "with_label_columns",
]


def text_of(term: Any) -> str | None:
    """The lexical text of a term (an IRI's IRI, a literal's value), or ``None``.

    Example:
        >>> import pyoxigraph as ox
        >>> text_of(ox.Literal("S1")), text_of(ox.NamedNode("http://x/a")), text_of(None)
        ('S1', 'http://x/a', None)
    """
    if term is None:
        return None
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


class Table(NamedTuple):
    """The rows of a SELECT query: a pyoxigraph term (or ``None``) per variable."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, str | None]]:
        """The rows as plain dictionaries of strings (IRIs in full).

        Example:
            >>> import pyoxigraph as ox
            >>> Table(("a",), ((ox.NamedNode("http://x/y"),), (None,))).records()
            [{'a': 'http://x/y'}, {'a': None}]
        """
        return [
            {name: text_of(value) for name, value in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Any]:
        """Every value of one variable, in row order.

        Example:
            >>> import pyoxigraph as ox
            >>> Table(("a", "b"), ((ox.NamedNode("http://x/1"), None),)).column("b")
            [None]
        """
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def texts(self, name: str) -> list[str | None]:
        """The lexical text of every value of one variable (see :func:`text_of`).

        Example:
            >>> import pyoxigraph as ox
            >>> Table(("a",), ((ox.Literal("L2"),),)).texts("a")
            ['L2']
        """
        return [text_of(value) for value in self.column(name)]


class Answer(NamedTuple):
    """What any query returns: a table (SELECT), a boolean (ASK) or triples."""

    kind: str
    table: Table | None = None
    boolean: bool | None = None
    triples: tuple[Any, ...] | None = None


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def check(text: str, *, display: str = "query") -> str:
    """The form of a query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), if it may run.

    The form is read from the query's keywords (comments, strings and IRIs
    skipped, :func:`kg.store.values.query_form`); Oxigraph then parses it.

    Example:
        >>> check("PREFIX x: <http://x#> SELECT * WHERE { ?s ?p ?o }")
        'SELECT'

    Raises:
        QueryError: the text is empty, an update, or calls SERVICE.
    """
    from kg.store.values import query_form, uses_service

    if not _without_comments(text).strip():
        raise QueryError(f"{display}: no SPARQL given")
    form = query_form(text)
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", None):
        raise QueryError(f"{display}: updates are not allowed; the graph is read-only")
    if uses_service(text):
        raise QueryError(f"{display}: SERVICE is not allowed; queries run on the local graph only")
    return form or "SELECT"


def _syntax_error(exc: Exception, display: str) -> QueryError:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    found = re.match(r"error at (\d+):(\d+): (.*)", message)
    if found:
        line, column, message = found.groups()
        return QueryError(
            f"{display}: SPARQL syntax error at line {line}, column {column}: {message}"
        )
    return QueryError(f"{display}: SPARQL syntax error: {message}")


def _failed(display: str, exc: Exception) -> Exception:
    """The error for a query the engine could not run; a damaged store says so."""
    if str(exc).startswith("Corruption"):
        from kg.errors import DamagedStoreError

        return DamagedStoreError(
            f"{display}: the query store is damaged: {str(exc).splitlines()[0]}"
        )
    return QueryError.failed(display, exc)


def run(
    store: GraphStore,
    text: str,
    bindings: Mapping[str, Any] | None = None,
    *,
    display: str = "query",
) -> Answer:
    """Check and run a query with ``bindings`` (pyoxigraph terms) bound to its variables.

    Example:
        >>> run(store, "ASK { ?s ?p ?o }").boolean
        True

    Raises:
        QueryError: see :func:`check`; also a syntax error, or a failure while running.
    """
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.store.values import query_bound

    check(text, display=display)
    try:
        result = query_bound(store.engine, text, dict(bindings or {}), PREFIXES)
    except SyntaxError as exc:
        raise _syntax_error(exc, display) from None
    except (ValueError, RuntimeError, OSError) as exc:
        raise _failed(display, exc) from None
    try:
        if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = tuple(tuple(solution) for solution in result)
            return Answer("SELECT", table=Table(variables, rows))
        return Answer("CONSTRUCT", triples=tuple(result))
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        raise _failed(display, exc) from None


def label_targets(table: Table, is_iri: Callable[[Any], bool]) -> list[int]:
    """The columns that hold IRIs and have no label column yet (``x_label`` or ``xLabel``).

    Example:
        >>> iri = lambda value: value.startswith("iri:")
        >>> label_targets(Table(("m", "mLabel", "n"), (("iri:a", "A", "iri:b"),)), iri)
        [2]
    """
    present = set(table.variables)
    return [
        index
        for index, name in enumerate(table.variables)
        if any(row[index] is not None and is_iri(row[index]) for row in table.rows)
        and not ({f"{name}_label", f"{name}Label"} & present)
    ]


def with_label_columns(
    table: Table, is_iri: Callable[[Any], bool], label_of: Callable[[Any], Any]
) -> Table:
    """Add a label column after each IRI column, whatever terms the table holds.

    Example:
        >>> t = Table(("m",), (("iri:a",), (None,)))
        >>> with_label_columns(t, lambda v: v.startswith("iri:"), str.upper).rows
        (('iri:a', 'IRI:A'), (None, None))
    """
    targets = set(label_targets(table, is_iri))
    variables: list[str] = []
    sources: list[tuple[int, bool]] = []
    for index, name in enumerate(table.variables):
        variables.append(name)
        sources.append((index, False))
        if index in targets:
            variables.append(f"{name}_label")
            sources.append((index, True))
    rows = []
    for row in table.rows:
        out: list[Any] = []
        for index, is_label in sources:
            value = row[index]
            out.append(label_of(value) if is_label and value is not None else value)
        rows.append(tuple(out))
    return Table(tuple(variables), tuple(rows))


def label_columns(store: GraphStore, table: Table) -> Table:
    """Add ``NAME_label`` after each IRI column that has none, labels found in one query.

    Example:
        >>> t = Table(("m",), ((store.term("soleus"),),))
        >>> labelled = label_columns(store, t)
        >>> labelled.variables, labelled.rows[0][1].value
        (('m', 'm_label'), 'soleus')
    """
    import pyoxigraph as ox

    def is_iri(value: Any) -> bool:
        return isinstance(value, ox.NamedNode)

    targets = label_targets(table, is_iri)
    found = store.labels(row[i].value for row in table.rows for i in targets if is_iri(row[i]))
    labels = {iri: ox.Literal(label) for iri, label in found.items()}
    return with_label_columns(table, is_iri, lambda value: labels.get(value.value))
