"""Turn the text a person gives for a query parameter into an RDF term.

Entities are found by :func:`kg.resolve.resolve` (ID, CURIE, label, synonym,
notation; any case) and must belong to the classes the query declares;
properties by data key or label. The result is a term to bind, so the text
itself never reaches the query.

Example:
    >>> import kg
    >>> from kg.catalogue import Param
    >>> graph = kg.load()
    >>> term = bind_value(graph, Param("root", classes=("spinal_segment",)), "s1")
    >>> str(term).rsplit("/", 1)[-1]
    's1'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import RDFS, XSD, Graph, Literal
from rdflib.term import Node

from kg.catalogue import Param
from kg.errors import QueryError, UnknownEntityError
from kg.resolve import normalise, resolve
from kg.schema import instance_of, schema_of

__all__ = ["bind_params", "bind_value", "parse_assignments"]

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def parse_assignments(pairs: Sequence[str]) -> dict[str, str]:
    """Split ``key=value`` strings (as given to ``--param``).

    Example:
        >>> parse_assignments(["nerve=tibial nerve", "branches=true"])
        {'nerve': 'tibial nerve', 'branches': 'true'}

    Raises:
        QueryError: a pair has no ``=`` or an empty key.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter {pair!r} must look like key=value")
        if key.strip() in out:
            raise QueryError(f"parameter {key.strip()!r} is given twice")
        out[key.strip()] = value.strip()
    return out


def _entity(graph: Graph, param: Param, text: str) -> Node:
    bracketed = text.strip()
    if bracketed.startswith("<") and bracketed.endswith(">"):
        text = bracketed[1:-1]

    def fits(iri: Node) -> bool:
        return instance_of(graph, iri, param.classes)

    try:
        iri = resolve(graph, text, fits if param.classes else None)
    except UnknownEntityError as exc:
        raise QueryError(f"parameter {param.name}: {exc}") from None
    if not param.classes:
        return iri
    if not fits(iri):
        kinds = " or ".join(param.classes).replace("_", " ")
        label = graph.value(iri, RDFS.label)
        raise QueryError(f"parameter {param.name}: {str(label or text)!r} is not a {kinds}")
    return iri


def _property(graph: Graph, param: Param, text: str) -> Node:
    schema = schema_of(graph)
    wanted = normalise(text)
    for spec in schema.properties.values():
        if not spec.is_reference:
            continue
        names = {normalise(spec.key), normalise(spec.label), normalise(spec.card_label)}
        if wanted in names or text.strip() == str(spec.iri):
            return spec.iri
    known = ", ".join(sorted(s.key for s in schema.properties.values() if s.is_reference))
    raise QueryError(f"parameter {param.name}: no relation called {text!r} (known: {known})")


def bind_value(graph: Graph, param: Param, text: str) -> Node:
    """Read one parameter value as the term to bind.

    Raises:
        QueryError: the value is unknown, ambiguous, of the wrong class or type.
    """
    if param.type == "entity":
        return _entity(graph, param, text)
    if param.type == "property":
        return _property(graph, param, text)
    if param.type == "boolean":
        folded = text.strip().lower()
        if folded in _TRUE | _FALSE:
            return Literal(folded in _TRUE)
        raise QueryError(f"parameter {param.name}: expected true or false, got {text!r}")
    if param.type == "integer":
        try:
            return Literal(int(text), datatype=XSD.integer)
        except ValueError:
            raise QueryError(
                f"parameter {param.name}: expected a whole number, got {text!r}"
            ) from None
    return Literal(text)


def bind_params(
    graph: Graph, params: Sequence[Param], given: Mapping[str, str], *, query: str
) -> dict[str, Node]:
    """Check ``given`` against the declared ``params`` and bind each one.

    Example:
        >>> import kg
        >>> from kg.catalogue import Param
        >>> flag = Param("branches", type="boolean", default="false")
        >>> bind_params(kg.load(), [flag], {}, query="q")["branches"].toPython()
        False

    Raises:
        QueryError: an unknown or missing parameter, or a value that cannot be bound.
    """
    declared = {p.name: p for p in params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"{query}: unknown parameter {unknown[0]!r} (parameters: {names})")
    bound: dict[str, Node] = {}
    for param in params:
        text = given.get(param.name) or param.default
        if not text:
            if param.required:
                example = f' (e.g. --param {param.name}="{param.example}")' if param.example else ""
                raise QueryError(f"{query}: parameter {param.name!r} is required{example}")
            continue
        bound[param.name] = bind_value(graph, param, text)
    return bound
