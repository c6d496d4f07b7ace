"""Run the SHACL shapes (``ontology/shapes.ttl``) on a built graph with pyshacl.

Example:
    >>> import kg
    >>> from kg.build.sources import read_sources
    >>> from kg.validation.locations import Locator
    >>> sources = read_sources()
    >>> run_shapes(graph, sources.directory / "shapes.ttl", Locator(sources))
    []
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.build.schema import parse_turtle
from kg.errors import Problem
from kg.validation.locations import Locator

__all__ = ["run_shapes"]

SHAPES_FILE = "shapes.ttl"


def run_shapes(graph: Graph, shapes_path: Path, locator: Locator) -> list[Problem]:
    """Validate ``graph`` against the shapes; one problem per SHACL result."""
    from pyshacl import validate as shacl_validate

    shapes_path = Path(shapes_path)
    if not shapes_path.is_file():
        return []
    shapes = parse_turtle(shapes_path, f"{shapes_path.parent.name}/{shapes_path.name}")
    conforms, results, _text = shacl_validate(
        graph, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    problems = []
    for result in results.subjects(SH.focusNode, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        text = str(message) if message is not None else "does not satisfy its shape"
        if value is not None and path is not None and message is None:
            text += f" (value {value})"
        problems.append(locator.problem(focus, path if isinstance(path, URIRef) else None, text))
    return sorted(problems, key=lambda p: (p.file, p.line, p.message))
