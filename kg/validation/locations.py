"""Map graph terms back to the record, file and line they came from.

Example:
    >>> from kg.build.sources import read_sources
    >>> from kg.build.graph import entity_iri
    >>> locator = Locator(read_sources())
    >>> problem = locator.problem(entity_iri("soleus"), None, "example")
    >>> problem.file.endswith("muscles_leg.yaml"), problem.field
    (True, '')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.namespaces import ANAT_IRI

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node
from kg.build.sources import Sources
from kg.errors import Problem

__all__ = ["Locator"]


class Locator:
    """Finds where an entity, and one of its fields, is written."""

    def __init__(self, sources: Sources) -> None:
        self._records = {r.id: r for r in sources.records}
        self._schema = sources.schema
        self._schema_display = f"{sources.directory.name}/anatomy.ttl"

    def record_id(self, node: Node | None) -> str | None:
        text = str(node) if node is not None else ""
        if text.startswith(ANAT_IRI):
            return text[len(ANAT_IRI) :]
        return None

    def label(self, node: Node | None) -> str:
        """A short human name for a term: its record ID, or its schema label."""
        record_id = self.record_id(node)
        if record_id is not None:
            return record_id
        return self._schema.label_of(node) if node is not None else ""

    def problem(self, node: Node | None, prop: URIRef | None, message: str) -> Problem:
        """A problem located at the record of ``node`` (and its field for ``prop``)."""
        spec = self._schema.properties_by_iri.get(prop) if prop is not None else None
        key = spec.key if spec else (self._schema.label_of(prop) if prop is not None else "")
        record = self._records.get(self.record_id(node) or "")
        if record is None:
            return Problem(self._schema_display, 0, key, f"{self.label(node)}: {message}")
        field = record.fields.get(key)
        line = field.line if field else record.line
        return Problem(record.file, line, key, f"{record.id}: {message}")
