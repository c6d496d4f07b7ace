"""Write query answers as a table, Markdown, or the SPARQL result formats.

``json``, ``xml``, ``csv`` and ``tsv`` are the W3C SPARQL 1.1 result formats,
written by pyoxigraph's own serialisers; ``table`` and ``markdown`` are for
people and show IRIs as CURIEs. All are written from the same rows, label
columns included. Triples (CONSTRUCT, DESCRIBE) are written as Turtle, or
JSON-LD for ``json``.

Example:
    >>> import pyoxigraph as ox
    >>> from kg.sparql.runner import Answer, Table
    >>> soleus = ox.NamedNode("https://w3id.org/anatomy-kg/id/soleus")
    >>> t = Table(("m", "label"), ((soleus, ox.Literal("soleus")),))
    >>> print(render(Answer("SELECT", table=t), "markdown"))
    | m | label |
    | --- | --- |
    | anat:soleus | soleus |
    >>> render(Answer("SELECT", table=t), "csv").splitlines()
    ['m,label', 'https://w3id.org/anatomy-kg/id/soleus,soleus']
"""

from __future__ import annotations

from typing import Any

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.sparql.runner import Answer, Table

__all__ = ["FORMATS", "curie", "render"]

FORMATS = ("table", "csv", "tsv", "json", "xml", "markdown")
_SERIALISED = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}


def _kind_and_text(term: Any) -> tuple[str, str]:
    """("iri" | "bnode" | "literal", lexical text) of a pyoxigraph (or rdflib) term."""
    kind = type(term).__name__
    value = getattr(term, "value", None)
    text = value if isinstance(value, str) else str(term)
    if kind in ("URIRef", "NamedNode"):
        return "iri", text
    if kind in ("BNode", "BlankNode"):
        return "bnode", text
    return "literal", text


def curie(term: Any) -> str:
    """Show a term for people: IRIs in known namespaces as CURIEs.

    Example:
        >>> import pyoxigraph
        >>> curie(pyoxigraph.NamedNode("https://w3id.org/anatomy-kg/id/s1"))
        'anat:s1'
        >>> curie("https://w3id.org/anatomy-kg/id/s1")
        'https://w3id.org/anatomy-kg/id/s1'
    """
    if term is None:
        return ""
    kind, text = _kind_and_text(term)
    if kind == "iri":
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text
    if kind == "bnode":
        return f"_:{text}"
    return text


def _rows_text(table: Table) -> list[list[str]]:
    return [[curie(v) for v in row] for row in table.rows]


def _as_table(table: Table) -> str:
    rows = _rows_text(table)
    headers = list(table.variables)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    count = len(rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines)


def _as_markdown(table: Table) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(table.variables) + " |"]
    lines.append("| " + " | ".join("---" for _ in table.variables) + " |")
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in _rows_text(table)]
    return "\n".join(lines)


def _solutions(answer: Answer) -> Any:
    """The answer as pyoxigraph results, so that its serialisers write them.

    The rows (label columns included) go into an empty store as one
    ``VALUES`` block; the query hands them back as solutions in row order.
    """
    import pyoxigraph as ox

    empty = ox.Store()
    if answer.kind == "ASK":
        return empty.query("ASK {}" if answer.boolean else "ASK { FILTER(false) }")
    assert answer.table is not None
    table = answer.table
    if not table.variables:
        return empty.query("SELECT * WHERE { FILTER(false) }")
    names = " ".join(f"?{v}" for v in table.variables)
    if any(isinstance(v, ox.BlankNode) for row in table.rows for v in row):
        raise QueryError("an answer with blank nodes prints as table, markdown or tsv")
    rows = " ".join(
        "(" + " ".join("UNDEF" if v is None else str(v) for v in row) + ")" for row in table.rows
    )
    return empty.query(f"SELECT {names} WHERE {{ VALUES ({names}) {{ {rows} }} }}")


def _triples(answer: Answer, fmt: str) -> str:
    import pyoxigraph as ox

    rdf = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
    data = ox.serialize(answer.triples or (), format=rdf, prefixes=dict(PREFIXES))
    return (data or b"").decode("utf-8").rstrip("\n")


def render(answer: Answer, fmt: str = "table") -> str:
    """Write an answer in one of :data:`FORMATS`.

    Raises:
        QueryError: an unknown format.
    """
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if answer.triples is not None:
        return _triples(answer, fmt)
    if answer.kind == "ASK" and fmt not in ("json", "xml"):
        return "true" if answer.boolean else "false"
    if fmt in _SERIALISED:
        target = getattr(ox.QueryResultsFormat, _SERIALISED[fmt])
        data = _solutions(answer).serialize(format=target)
        return data.decode("utf-8").rstrip("\r\n")
    assert answer.table is not None
    return {"table": _as_table, "markdown": _as_markdown}[fmt](answer.table)
