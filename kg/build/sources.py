"""Load an ontology folder: schema, records, checks, graph.

Example:
    >>> len(graph) > 1000
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.build.checks import check_records
from kg.build.graph import build_graph
from kg.build.records import Record, read_records
from kg.build.schema import Schema, load_schema
from kg.errors import Problem, SourceError
from kg.files import bundled_ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Sources", "load", "read_sources"]

DATA_DIR = "data"


@dataclass(frozen=True)
class Sources:
    """What an ontology folder holds, read and checked but not yet built."""

    directory: Path
    schema: Schema
    records: list[Record]
    problems: list[Problem]


def read_sources(ontology_dir: str | Path | None = None) -> Sources:
    """Read the schema and every data file, collecting (not raising) problems.

    Raises:
        SourceError: the folder or its schema cannot be read at all.
    """
    directory = Path(ontology_dir) if ontology_dir is not None else bundled_ontology_dir()
    if not directory.is_dir():
        raise SourceError([Problem(str(directory), 0, "", "ontology folder not found")])
    schema = load_schema(directory)
    data_dir = directory / DATA_DIR
    if not data_dir.is_dir():
        problem = Problem(f"{directory.name}/{DATA_DIR}", 0, "", "data folder not found")
        raise SourceError([problem])
    records, problems = read_records(data_dir, display_root=directory.parent)
    problems.extend(check_records(records, schema))
    return Sources(directory, schema, records, problems)


def load(ontology_dir: str | Path | None = None) -> Graph:
    """Build the knowledge graph from an ontology folder (the bundled one by default).

    Raises:
        SourceError: a data file is malformed; every problem is listed.
    """
    sources = read_sources(ontology_dir)
    if sources.problems:
        raise SourceError(sources.problems)
    return build_graph(sources.records, sources.schema)
