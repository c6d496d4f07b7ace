"""Bind parameters for Oxigraph with ``VALUES`` blocks, and read what a query text asks for.

Oxigraph's own ``substitutions`` join the bound values after the pattern is
evaluated, so a catalogue query that is instant with its parameter in place
ran for minutes on a graph of 100 000 triples (``antagonists``: 1 ms against
145 s). A ``VALUES`` block as the first element of the query's outermost
group, and of each UNION branch directly inside it, gives the planner the
bound value first. Inside a branch the value is then visible to the branch's
own FILTER, OPTIONAL and MINUS, as it is with rdflib's initial bindings (the
other engine); the catalogue's cross-engine test checks the answers are
identical.

The block is written from pyoxigraph's own N-Triples serialisation of each
term, so a value is always one escaped RDF term and never query syntax. Where
the query's WHERE group cannot be found with certainty, or a value cannot sit
in ``VALUES`` (a blank node), :func:`values_first` returns ``None`` and the
caller falls back to substitution.

Example:
    >>> import pyoxigraph as ox
    >>> text = "SELECT ?m WHERE { ?m ?p ?o }"
    >>> values_first(text, {"m": ox.NamedNode("http://x/a")})
    'SELECT ?m WHERE { VALUES (?m) { (<http://x/a>) }\\n ?m ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "is_update",
    "query_bound",
    "query_form",
    "union_branches",
    "uses_service",
    "values_first",
    "where_group",
]

# What may hide a brace or the word WHERE: comments, strings and IRIs (SPARQL 1.1 grammar).
_SKIP = re.compile(
    r"""
      \#[^\n]*                                   # comment
    | '''(?:[^'\\]|\\.|'(?!''))*'''              # long strings
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'                      # short strings
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>                  # IRIREF (a bare < is the operator)
    | \\.                                        # an escape in a name (ex:p\#)
    """,
    re.VERBOSE,
)
# a keyword, not a variable (?where), a prefixed name (x:where) or a prefix (where:)
_TOKEN = re.compile(
    r"[{}()]|(?<![?$:\w-])(?:WHERE|SELECT|ASK|CONSTRUCT|DESCRIBE|UNION|SERVICE"
    r"|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![:\w-])",
    re.IGNORECASE,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_OPEN = re.compile(r"\s*\{")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_SCAN = re.compile(f"(?P<skip>{_SKIP.pattern})|(?P<token>{_TOKEN.pattern})", re.VERBOSE | re.I)


def _tokens(text: str, position: int = 0) -> Iterator[tuple[str, int]]:
    """Braces, parentheses and the keywords above, with the index just past each."""
    for found in _SCAN.finditer(text, position):
        if found.lastgroup == "token":
            yield found.group(0).upper(), found.end()


def query_form(text: str) -> str | None:
    """The first query or update keyword of ``text``: ``SELECT``, ``INSERT``, ``LOAD`` …

    Example:
        >>> query_form("PREFIX a: <http://x#> # SELECT\\n DELETE WHERE { ?s ?p ?o }")
        'DELETE'
    """
    for word, _ in _tokens(text):
        if word in _FORMS or word in _UPDATES:
            return word
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` reads as a SPARQL update (which a read-only graph refuses).

    Example:
        >>> is_update("INSERT DATA { <http://x> <http://y> <http://z> }")
        True
    """
    return query_form(text) in _UPDATES


def uses_service(text: str) -> bool:
    """Whether ``text`` might call SERVICE (federation would reach the network).

    Deliberately blunt: any "service", in any case, anywhere in the text.
    Oxigraph reads ``SERVICE:x`` as SERVICE followed by a name, and a
    scanner's idea of strings and IRIs can differ from the parser's, so only
    the absence of the word is proof. A variable called ``?service`` is
    refused too; the message says why.

    Example:
        >>> uses_service('SELECT * WHERE { ?s ?p ?o }'), uses_service("PREFIX : <x:> SERVICE:x{}")
        (False, True)
    """
    return "service" in text.lower()


def where_group(text: str) -> int | None:
    """Index just past the ``{`` that opens the query's outermost WHERE group.

    Braces inside a CONSTRUCT template or inside parentheses (``EXISTS`` in a
    SELECT expression) are passed over. ``None`` when there is no such group
    (DESCRIBE without WHERE, an update, not SPARQL).

    Example:
        >>> text = 'SELECT ("{" AS ?b) WHERE { ?s ?p ?o }'
        >>> text[where_group(text):]
        ' ?s ?p ?o }'
    """
    form: str | None = None
    braces = parens = 0
    for word, position in _tokens(text):
        if word == "(":
            parens += 1
        elif word == ")":
            parens -= 1
        elif word == "}":
            braces -= 1
        elif braces or parens:
            braces += word == "{"
        elif word in _FORMS:
            form = form or word
        elif word == "WHERE":
            brace = _OPEN.match(text, position)
            return brace.end() if form and brace else None
        elif word == "{" and form == "CONSTRUCT":  # the template; its WHERE follows
            braces += 1
        elif word == "{":  # SELECT and ASK may leave out the word WHERE
            return position if form in ("SELECT", "ASK") else None
    return None


def union_branches(text: str, start: int) -> list[int]:
    """Indexes just past the ``{`` of each UNION branch directly inside the group at ``start``.

    Branches that are sub-queries (``{ SELECT … }``) are left out: a VALUES
    block cannot open them.

    Example:
        >>> text = "SELECT * WHERE { {?a ?b ?c} UNION {?c ?d ?e} OPTIONAL {?x ?y ?z} }"
        >>> [text[i:i + 3] for i in union_branches(text, where_group(text))]
        ['?a ', '?c ']
    """
    branches: list[int] = []
    subqueries: set[int] = set()
    depth = 0
    opened: int | None = None  # the depth-one group being read
    previous = ""
    for word, position in _tokens(text, start):
        if word == "{":
            depth += 1
            if depth == 1:
                opened = position
                if previous == "UNION":
                    branches.append(position)
        elif word == "}":
            depth -= 1
            if depth < 0:
                break
        elif word == "UNION" and depth == 0 and opened is not None and opened not in branches:
            branches.append(opened)  # the first branch: a group followed by UNION
        elif word == "SELECT" and depth == 1 and previous == "{" and opened is not None:
            subqueries.add(opened)
        previous = word
    return sorted(set(branches) - subqueries)


@lru_cache(maxsize=512)
def _block_positions(text: str) -> tuple[int, ...] | None:
    """Where VALUES blocks go in ``text`` (kept: catalogue queries run again and again).

    ``None`` where a block may not stand: the short ``CONSTRUCT WHERE { … }``
    form (triples only) and a WHERE group that is itself a sub-query.
    """
    at = where_group(text)
    if at is None or query_form(text) == "CONSTRUCT" and _is_short_construct(text):
        return None
    following = next(_tokens(text, at), ("", 0))[0]
    if following == "SELECT" and re.match(r"\s*SELECT", text[at:], re.I):
        return None
    return tuple(sorted([at, *union_branches(text, at)]))


def _is_short_construct(text: str) -> bool:
    """Whether a CONSTRUCT query has no template (``CONSTRUCT WHERE { … }``)."""
    tokens = [word for word, _ in _tokens(text)]
    start = tokens.index("CONSTRUCT")
    return tokens[start + 1 : start + 2] == ["WHERE"]


def values_first(text: str, terms: Mapping[str, Any]) -> str | None:
    """The query with ``terms`` (pyoxigraph terms by variable name) bound by a VALUES block.

    Returns ``None`` when the block cannot be placed; see the module docstring.
    """
    import pyoxigraph as ox

    if not terms or any(isinstance(term, ox.BlankNode) for term in terms.values()):
        return None
    if not all(_VARIABLE.fullmatch(name) for name in terms):
        return None
    if any(re.search(rf"\bAS\s+[?$]{name}\b", text, re.I) for name in terms):
        return None  # BIND(… AS ?param): VALUES and BIND may not both set a variable
    positions = _block_positions(text)
    if positions is None:
        return None
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    block = f" VALUES ({names}) {{ ({row}) }}\n"
    for position in reversed(positions):
        text = text[:position] + block + text[position:]
    return text


def query_bound(
    store: ox.Store, text: str, terms: Mapping[str, Any], prefixes: Mapping[str, str]
) -> Any:
    """Oxigraph's answer to ``text`` with ``terms`` bound: a VALUES block, else substitution.

    See the module docstring for why the VALUES block comes first.
    """
    import pyoxigraph as ox

    inlined = values_first(text, terms)
    if inlined is not None:
        try:
            return store.query(inlined, prefixes=dict(prefixes))
        except SyntaxError:
            pass  # the scanner misread the text (a bare < taken for an IRI): substitute
    substitutions = {ox.Variable(name): term for name, term in terms.items()}
    return store.query(text, prefixes=dict(prefixes), substitutions=substitutions)
