"""Turn the text a person gives for a query parameter into an RDF term.

Entities are found by :func:`kg.store.graph_names.resolve` (ID, CURIE, label, synonym,
notation; any case) and must belong to the classes the query declares;
properties by data key or label. The result is a term to bind, so the text
itself never reaches the query.

Example:
    >>> import kg
    >>> from kg.sparql.catalogue import Param
    >>> term = bind_value(graph, Param("root", classes=("spinal_segment",)), "s1")
    >>> str(term).rsplit("/", 1)[-1]
    's1'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from kg.errors import QueryError, UnknownEntityError
from kg.sparql.catalogue import Param
from kg.store.names import normalise, resolve_in

if TYPE_CHECKING:  # rdflib is imported by the functions that bind rdflib terms
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "bind_params",
    "bind_value",
    "entity_value",
    "given_texts",
    "parse_assignments",
    "read_boolean",
    "read_integer",
]

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


def entity_value(
    index: Mapping[str, Collection[str]],
    param: Param,
    text: str,
    fits: Callable[[str], bool],
    label_of: Callable[[str], str | None],
) -> str:
    """The IRI an entity parameter names, found in a name index (:mod:`kg.store.graph_names`).

    ``fits`` tells whether an IRI belongs to the parameter's classes; both
    engines share this function and differ only in how they answer that.

    Raises:
        QueryError: the name is unknown or ambiguous, or names the wrong kind of thing.
    """
    bracketed = text.strip()
    if bracketed.startswith("<") and bracketed.endswith(">"):
        text = bracketed[1:-1]
    try:
        iri = resolve_in(index, text, fits if param.classes else None, label_of)
    except UnknownEntityError as exc:
        raise QueryError(f"parameter {param.name}: {exc}") from None
    if param.classes and not fits(iri):
        kinds = " or ".join(param.classes).replace("_", " ")
        raise QueryError(f"parameter {param.name}: {label_of(iri) or text!r} is not a {kinds}")
    return iri


def _entity(graph: Graph, param: Param, text: str) -> Node:
    from rdflib import URIRef

    from kg.build.schema import instance_of
    from kg.store.graph_names import label_of, name_index

    iri = entity_value(
        name_index(graph),
        param,
        text,
        lambda iri: instance_of(graph, URIRef(iri), param.classes),
        lambda iri: label_of(graph, iri),
    )
    return URIRef(iri)


def _property(graph: Graph, param: Param, text: str) -> Node:
    from kg.build.schema import schema_of

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


def read_boolean(param: Param, text: str) -> bool:
    """A boolean parameter's value (true/false, yes/no, 1/0, on/off; any case).

    Example:
        >>> read_boolean(Param("branches", type="boolean"), " Yes")
        True

    Raises:
        QueryError: the text is none of those words.
    """
    folded = text.strip().lower()
    if folded in _TRUE | _FALSE:
        return folded in _TRUE
    raise QueryError(f"parameter {param.name}: expected true or false, got {text!r}")


def read_integer(param: Param, text: str) -> int:
    """An integer parameter's value.

    Example:
        >>> read_integer(Param("depth", type="integer"), "2")
        2

    Raises:
        QueryError: the text is not a whole number.
    """
    try:
        return int(text)
    except ValueError:
        raise QueryError(f"parameter {param.name}: expected a whole number, got {text!r}") from None


def bind_value(graph: Graph, param: Param, text: str) -> Node:
    """Read one parameter value as the term to bind.

    Raises:
        QueryError: the value is unknown, ambiguous, of the wrong class or type.
    """
    from rdflib import XSD, Literal

    if param.type == "entity":
        return _entity(graph, param, text)
    if param.type == "property":
        return _property(graph, param, text)
    if param.type == "boolean":
        return Literal(read_boolean(param, text))
    if param.type == "integer":
        return Literal(read_integer(param, text), datatype=XSD.integer)
    return Literal(text)


def given_texts(
    params: Sequence[Param], given: Mapping[str, str], *, query: str
) -> dict[str, tuple[Param, str]]:
    """Check ``given`` against the declared ``params``: the text to bind for each.

    Defaults fill what was not given; a parameter with neither is left out.

    Example:
        >>> flag = Param("branches", type="boolean", default="false")
        >>> given_texts([flag], {}, query="q")["branches"][1]
        'false'

    Raises:
        QueryError: an unknown parameter, or a required one missing.
    """
    declared = {p.name: p for p in params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"{query}: unknown parameter {unknown[0]!r} (parameters: {names})")
    texts: dict[str, tuple[Param, str]] = {}
    for param in params:
        text = given.get(param.name) or param.default
        if not text:
            if param.required:
                example = f' (e.g. --param {param.name}="{param.example}")' if param.example else ""
                raise QueryError(f"{query}: parameter {param.name!r} is required{example}")
            continue
        texts[param.name] = (param, text)
    return texts


def bind_params(
    graph: Graph, params: Sequence[Param], given: Mapping[str, str], *, query: str
) -> dict[str, Node]:
    """Check ``given`` against the declared ``params`` and bind each one.

    Example:
        >>> import kg
        >>> flag = Param("branches", type="boolean", default="false")
        >>> bind_params(graph, [flag], {}, query="q")["branches"].toPython()
        False

    Raises:
        QueryError: an unknown or missing parameter, or a value that cannot be bound.
    """
    return {
        name: bind_value(graph, param, text)
        for name, (param, text) in given_texts(params, given, query=query).items()
    }
