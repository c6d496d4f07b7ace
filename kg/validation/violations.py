"""Run the data checks in ``queries/qc/*-violation.rq``: each must return no rows.

A check selects ``?entity`` and may select ``?property`` and ``?value``; every
row becomes a problem located at the entity's record, worded by the check's
``#+ summary``.

Example:
    >>> import kg
    >>> from kg.build.sources import read_sources
    >>> from kg.validation.locations import Locator
    >>> run_checks(graph, Locator(read_sources()))
    []
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import Problem
from kg.files import bundled_queries_dir

if TYPE_CHECKING:
    from rdflib import Graph
from kg.sparql.catalogue import read_queries
from kg.validation.locations import Locator

__all__ = ["run_checks"]


def run_checks(graph: Graph, locator: Locator, folder: Path | None = None) -> list[Problem]:
    """Run every ``*-violation.rq`` in ``folder`` (the bundled ``queries/qc``)."""
    folder = folder or bundled_queries_dir() / "qc"
    problems: list[Problem] = []
    for check in read_queries(folder):
        if not check.name.endswith("-violation"):
            continue
        for row in graph.query(check.text):
            values = row.asdict()
            prop = values.get("property")
            value = values.get("value")
            detail = f" ({locator.label(value)})" if value is not None else ""
            problems.append(
                locator.problem(
                    values.get("entity"),
                    prop if type(prop).__name__ == "URIRef" else None,
                    f"{check.summary}{detail} [{check.name}]",
                )
            )
    return problems
