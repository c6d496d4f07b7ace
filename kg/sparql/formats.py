"""Write query answers as a table, CSV, TSV, SPARQL JSON or Markdown.

``json``, ``csv`` and ``tsv`` follow the W3C SPARQL 1.1 result formats (JSON
and CSV through rdflib's serialisers); ``table`` and ``markdown`` are for
people and show IRIs as CURIEs.

Example:
    >>> from rdflib import Literal, URIRef
    >>> from kg.sparql.runner import Answer, Table
    >>> soleus = URIRef("https://w3id.org/anatomy-kg/id/soleus")
    >>> t = Table(("m", "label"), ((soleus, Literal("soleus")),))
    >>> print(render(Answer("SELECT", table=t), "markdown"))
    | m | label |
    | --- | --- |
    | anat:soleus | soleus |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.sparql.runner import Answer, Table

if TYPE_CHECKING:
    from rdflib.query import Result

__all__ = ["FORMATS", "curie", "render"]

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def _kind_and_text(term: Any) -> tuple[str, str]:
    """("iri" | "bnode" | "literal", lexical text) of an rdflib or a pyoxigraph term.

    Tables hold rdflib terms, or pyoxigraph terms on the quick path
    (:mod:`kg.sparql.on_store`); this reads both without importing rdflib.
    """
    kind = type(term).__name__
    from_oxigraph = type(term).__module__.startswith("pyoxigraph")
    text = term.value if from_oxigraph else str(term)
    if kind in ("URIRef", "NamedNode"):
        return "iri", text
    if kind in ("BNode", "BlankNode"):
        return "bnode", text
    return "literal", text


def curie(term: Any) -> str:
    """Show a term for people: IRIs in known namespaces as CURIEs.

    Example:
        >>> from rdflib import URIRef
        >>> curie(URIRef("https://w3id.org/anatomy-kg/id/s1"))
        'anat:s1'
        >>> import pyoxigraph
        >>> curie(pyoxigraph.NamedNode("https://w3id.org/anatomy-kg/id/s1"))
        'anat:s1'
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


def _tsv_term(term: Any) -> str:
    """A term in SPARQL TSV form: N-Triples syntax (pyoxigraph terms print so already)."""
    if term is None:
        return ""
    if type(term).__module__.startswith("pyoxigraph"):
        return str(term)
    if _kind_and_text(term)[0] == "literal":
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    return term.n3()


def _as_tsv(table: Table) -> str:
    lines = ["\t".join(f"?{v}" for v in table.variables)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in table.rows]
    return "\n".join(lines)


def _rdflib_result(answer: Answer) -> Result:
    from rdflib import Variable
    from rdflib.query import Result

    result = Result(answer.kind)
    if answer.kind == "ASK":
        result.askAnswer = bool(answer.boolean)
        return result
    assert answer.table is not None
    variables = [Variable(v) for v in answer.table.variables]
    result.vars = variables
    result.bindings = [
        {var: value for var, value in zip(variables, row, strict=True) if value is not None}
        for row in answer.table.rows
    ]
    return result


def render(answer: Answer, fmt: str = "table") -> str:
    """Write an answer in one of :data:`FORMATS`.

    Raises:
        QueryError: an unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if answer.graph is not None:
        # CONSTRUCT and DESCRIBE give a graph: JSON-LD for json, Turtle otherwise
        return answer.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if answer.kind == "ASK" and fmt != "json":
        return "true" if answer.boolean else "false"
    if fmt in ("json", "csv"):
        data = _rdflib_result(answer).serialize(format=fmt)
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        return text.rstrip("\r\n")
    assert answer.table is not None
    return {"table": _as_table, "tsv": _as_tsv, "markdown": _as_markdown}[fmt](answer.table)
