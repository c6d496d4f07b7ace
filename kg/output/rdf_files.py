"""Serialise the graph (schema, data and provenance) in a standard RDF format.

Example:
    >>> import tempfile, pathlib, rdflib, kg
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "anatomy.nt"
    >>> export(graph, target, "nt")
    >>> len(rdflib.Graph().parse(target, format="nt")) == len(graph)
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import OutputError

if TYPE_CHECKING:
    from rdflib import Graph
from kg.files import write_atomic

__all__ = ["FORMATS", "export"]

# our name -> (rdflib serializer, usual file suffix)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "jsonld": ("json-ld", ".jsonld"),
    "xml": ("pretty-xml", ".owl"),
}


def export(graph: Graph, target: str | Path, fmt: str = "ttl") -> None:
    """Write ``graph`` to ``target`` in ``fmt`` (ttl, nt, jsonld or xml).

    The file appears complete or not at all. RDF/XML is the OWL exchange
    format Protégé and owlready2 open directly.

    Raises:
        OutputError: unknown format or unwritable target.
    """
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    serializer, _suffix = FORMATS[fmt]
    data = graph.serialize(format=serializer, encoding="utf-8")
    write_atomic(Path(target), lambda stream: stream.write(data))
