"""Run SPARQL on the graph with parameters bound as values, never spliced into text.

Parameters travel as initial bindings (rdflib's ``initBindings``), so a
parameter value can never change what a query does. Syntax errors and update
requests come back as :class:`~kg.errors.QueryError` with a plain message.

Example:
    >>> import kg
    >>> from rdflib import Variable
    >>> answer = run(graph, "SELECT ?label WHERE { ?m rdfs:label ?label }",
    ...              {"m": kg.resolve(graph, "soleus")})
    >>> [str(row[0]) for row in answer.table.rows]
    ['soleus']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import QueryError

if TYPE_CHECKING:  # rdflib loads only where a query runs, so the quick path never pays for it
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

__all__ = [
    "Answer",
    "Table",
    "add_label_columns",
    "check",
    "label_targets",
    "run",
    "with_label_columns",
]


class Table(NamedTuple):
    """The rows of a SELECT query: a value (or ``None``) per variable."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def records(self) -> list[dict[str, str | None]]:
        """The rows as plain dictionaries of strings (IRIs in full).

        Example:
            >>> from rdflib import URIRef
            >>> Table(("a",), ((URIRef("http://x/y"),), (None,))).records()
            [{'a': 'http://x/y'}, {'a': None}]
        """
        return [
            {
                name: (None if value is None else str(value))
                for name, value in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[Node | None]:
        """Every value of one variable, in row order.

        Example:
            >>> from rdflib import URIRef
            >>> Table(("a", "b"), ((URIRef("http://x/1"), None),)).column("b")
            [None]
        """
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


class Answer(NamedTuple):
    """What any query returns: a table (SELECT), a boolean (ASK) or a graph."""

    kind: str
    table: Table | None = None
    boolean: bool | None = None
    graph: Graph | None = None


def _syntax_error(exc: Exception, display: str, text: str) -> QueryError:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    where = f" at line {line}, column {column}" if line is not None else ""
    if _is_update(text):
        return QueryError(f"{display}: updates are not allowed; the graph is read-only")
    message = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    return QueryError(f"{display}: SPARQL syntax error{where}: {message}")


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any failure means it is not an update either
        return False
    return True


def check(text: str, namespaces: Mapping[str, str], *, display: str = "query") -> Any:
    """Parse a query, refusing updates, empty text and SERVICE; return rdflib's prepared form.

    Every backend checks queries here first, so errors read the same whichever
    engine runs the query.

    Example:
        >>> check("SELECT * WHERE { ?s ?p ?o }", {}).algebra.name
        'SelectQuery'

    Raises:
        QueryError: the text is empty, not SPARQL, an update, or calls SERVICE.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if not _without_comments(text).strip():
        raise QueryError(f"{display}: no SPARQL given")
    try:
        prepared = prepareQuery(text, initNs=dict(namespaces))
    except ParseException as exc:
        raise _syntax_error(exc, display, text) from None
    except Exception as exc:  # rdflib raises many kinds for bad queries
        raise QueryError(f"{display}: {exc}") from None
    if _uses_service(prepared.algebra):
        raise QueryError(f"{display}: SERVICE is not allowed; queries run on the local graph only")
    return prepared


def run(
    graph: Graph,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    display: str = "query",
) -> Answer:
    """Run a SPARQL 1.1 query with ``bindings`` as initial values of its variables.

    Example:
        >>> import kg
        >>> run(graph, "ASK { ?s ?p ?o }").boolean
        True

    Raises:
        QueryError: the text is not a SPARQL query, is an update, or fails to run.
    """
    from rdflib import Variable

    prepared = check(text, dict(graph.namespaces()), display=display)
    init = {Variable(name): value for name, value in (bindings or {}).items()}
    try:
        # rdflib evaluates lazily: reading the rows must happen inside the try
        return _answer(graph.query(prepared, initBindings=init))
    except Exception as exc:  # evaluation errors from rdflib, of many kinds
        raise QueryError(f"{display}: the query failed: {exc}") from None


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _uses_service(node: object) -> bool:
    """Whether a query's algebra contains a SERVICE call (which would reach the network)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                return True
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)
    return False


def _answer(result: Result) -> Answer:
    if result.type == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer(result.type, graph=result.graph)
    variables = tuple(str(v) for v in (result.vars or ()))
    rows = tuple(tuple(row[v] if v in row.labels else None for v in variables) for row in result)
    return Answer("SELECT", table=Table(variables, rows))


def add_label_columns(graph: Graph, table: Table) -> Table:
    """Add ``NAME_label`` after each IRI column that has no label column yet.

    Example:
        >>> import kg
        >>> t = Table(("m",), ((kg.resolve(graph, "soleus"),),))
        >>> labelled = add_label_columns(graph, t)
        >>> labelled.variables, str(labelled.rows[0][1])
        (('m', 'm_label'), 'soleus')
    """
    from rdflib import RDFS, URIRef

    return with_label_columns(
        table,
        lambda value: isinstance(value, URIRef),
        lambda value: graph.value(value, RDFS.label),
    )


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
    """Add a label column after each IRI column, whatever engine's terms the table holds.

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
