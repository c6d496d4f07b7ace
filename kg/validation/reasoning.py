"""OWL consistency check with owlready2 and the HermiT reasoner (needs Java).

Example:
    >>> outcome = check_consistency(graph)  # doctest: +SKIP
    >>> outcome.status in ("consistent", "skipped")  # doctest: +SKIP
    True

    (Not run as a doctest: the test suite starts HermiT once per session, in
    ``tests/validation/test_report.py``.)
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph


__all__ = ["Consistency", "check_consistency"]


@dataclass(frozen=True)
class Consistency:
    """``status`` is ``consistent``, ``inconsistent`` or ``skipped``."""

    status: str
    detail: str


def check_consistency(graph: Graph) -> Consistency:
    """Ask HermiT whether the graph, read as OWL 2, is consistent."""
    if shutil.which("java") is None:
        return Consistency("skipped", "Java was not found, so HermiT could not run")
    import owlready2

    with tempfile.TemporaryDirectory(prefix="anatomy-kg-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        noise = io.StringIO()
        try:
            with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
                owlready2.sync_reasoner_hermit([ontology], infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Consistency("inconsistent", "HermiT found the ontology inconsistent")
        except owlready2.OwlReadyJavaError as exc:
            lines = str(exc).strip().splitlines()
            return Consistency("skipped", f"HermiT failed to run: {lines[-1] if lines else exc}")
        unsatisfiable = sorted(str(c) for c in world.inconsistent_classes())
        if unsatisfiable:
            return Consistency("inconsistent", "unsatisfiable classes: " + ", ".join(unsatisfiable))
    return Consistency("consistent", "HermiT found the ontology consistent")
