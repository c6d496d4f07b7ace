"""Validate an ontology folder: every problem at once, each with file, line and field.

Stages: YAML syntax and record structure -> keys, classes and references
against the schema -> SHACL shapes -> SPARQL data checks -> OWL consistency
(HermiT, when Java is present).

Example:
    >>> report = validate(reasoner=False)
    >>> report.ok, report.problems
    (True, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.build.graph import build_graph
from kg.build.sources import read_sources
from kg.errors import Problem
from kg.validation.locations import Locator
from kg.validation.shapes import SHAPES_FILE, run_shapes
from kg.validation.violations import run_checks

__all__ = ["Report", "validate"]


@dataclass
class Report:
    """The outcome of a validation: problems, and what was checked or skipped."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def validate(ontology_dir: str | Path | None = None, *, reasoner: bool = True) -> Report:
    """Run every check on an ontology folder (the bundled one by default).

    Raises:
        SourceError: the folder or its schema cannot be read at all.
    """
    sources = read_sources(ontology_dir)
    report = Report(problems=list(sources.problems), records=len(sources.records))
    graph = build_graph(sources.records, sources.schema)
    report.triples = len(graph)
    locator = Locator(sources)
    report.problems += run_shapes(graph, sources.directory / SHAPES_FILE, locator)
    report.problems += run_checks(graph, locator)
    if not reasoner:
        report.notes.append("OWL consistency: not checked (--no-reasoner)")
    elif report.problems:
        report.notes.append("OWL consistency: not checked until the problems above are fixed")
    else:
        from kg.validation.reasoning import check_consistency

        outcome = check_consistency(graph)
        if outcome.status == "inconsistent":
            report.problems.append(
                Problem(f"{sources.directory.name}/anatomy.ttl", 0, "", outcome.detail)
            )
        else:
            report.notes.append(f"OWL consistency: {outcome.detail}")
    return report
