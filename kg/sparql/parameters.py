"""Turn the text a person gives for a query parameter into an RDF term.

Entities are found by the store's one name resolver
(:meth:`kg.store.local.GraphStore.resolve`: ID, CURIE, label, synonym,
notation; any case) and must belong to the classes the query declares;
relations by data key or label, from the schema's vocabulary. The result is a
pyoxigraph term to bind, so the text itself never reaches the query.

Example:
    >>> from kg.sparql.catalogue import Param
    >>> term = bind_value(store, Param("root", classes=("spinal_segment",)), "s1")
    >>> term.value.rsplit("/", 1)[-1]
    's1'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, UnknownEntityError
from kg.sparql.catalogue import Param
from kg.store.names import normalise

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = [
    "bind_params",
    "bind_value",
    "given_texts",
    "parse_assignments",
    "read_boolean",
    "read_integer",
]

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_XSD = "http://www.w3.org/2001/XMLSchema#"


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


def _entity(store: GraphStore, param: Param, text: str) -> str:
    """The IRI an entity parameter names; it must belong to the parameter's classes."""
    bracketed = text.strip()
    if bracketed.startswith("<") and bracketed.endswith(">"):
        text = bracketed[1:-1]
    try:
        iri = store.resolve(text, param.classes)
    except UnknownEntityError as exc:
        raise QueryError(f"parameter {param.name}: {exc}") from None
    if param.classes and not store.is_a(iri, param.classes):
        kinds = " or ".join(param.classes).replace("_", " ")
        label = store.label(iri)
        raise QueryError(f"parameter {param.name}: {label or text!r} is not a {kinds}")
    return iri


def _property(store: GraphStore, param: Param, text: str) -> str:
    relations = store.vocabulary.relations.values()
    wanted = normalise(text)
    for spec in relations:
        if not spec.reference:
            continue
        names = {normalise(spec.key), normalise(spec.label), normalise(spec.card_label)}
        if wanted in names or text.strip() == spec.iri:
            return spec.iri
    known = ", ".join(sorted(s.key for s in relations if s.reference))
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


def bind_value(store: GraphStore, param: Param, text: str) -> Any:
    """Read one parameter value as the pyoxigraph term to bind.

    Raises:
        QueryError: the value is unknown, ambiguous, of the wrong class or type.
    """
    import pyoxigraph as ox

    if param.type == "entity":
        return ox.NamedNode(_entity(store, param, text))
    if param.type == "property":
        return ox.NamedNode(_property(store, param, text))
    if param.type == "boolean":
        flag = "true" if read_boolean(param, text) else "false"
        return ox.Literal(flag, datatype=ox.NamedNode(_XSD + "boolean"))
    if param.type == "integer":
        return ox.Literal(str(read_integer(param, text)), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(text)


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
    store: GraphStore, params: Sequence[Param], given: Mapping[str, str], *, query: str
) -> dict[str, Any]:
    """Check ``given`` against the declared ``params`` and bind each one.

    Example:
        >>> flag = Param("branches", type="boolean", default="false")
        >>> bind_params(store, [flag], {}, query="q")["branches"].value
        'false'

    Raises:
        QueryError: an unknown or missing parameter, or a value that cannot be bound.
    """
    return {
        name: bind_value(store, param, text)
        for name, (param, text) in given_texts(params, given, query=query).items()
    }
