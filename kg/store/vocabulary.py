"""The schema as the read path knows it: classes and relations by data key and IRI.

The build reads ``ontology/anatomy.ttl`` with rdflib (:mod:`kg.build.schema`)
and writes what readers need into the store's manifest as plain data
(:meth:`kg.build.schema.Schema.to_dict`); this module reads it back without
rdflib. Everything the traversals and cards do with the schema (which classes
a data key covers, which relations are references, their labels and card
places, which relations carry nerve fibres) comes from here, so a property
added to the ontology is usable without touching ``kg/``.

Example:
    >>> vocabulary = store.vocabulary
    >>> vocabulary.relations["innervated_by"].label
    'innervated by'
    >>> sorted(r.key for r in vocabulary.relations.values() if r.fibre_course)[:2]
    ['branch_of', 'continuation_of']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

__all__ = ["Kind", "Relation", "Vocabulary"]


class Kind(NamedTuple):
    """A class of the schema: its IRI, data key, label, ancestors (itself included)."""

    iri: str
    key: str | None
    label: str
    ancestors: frozenset[str]
    metadata: bool = False


class Relation(NamedTuple):
    """A property of the schema as data files, cards and networks use it."""

    iri: str
    key: str
    label: str
    card_label: str
    section: str | None
    order: int
    inverse_label: str | None
    path_cost: float
    reference: bool
    fibre_course: bool


class Vocabulary(NamedTuple):
    """Classes and relations of the schema, with the property axioms cards read facts through."""

    classes: Mapping[str, Kind]
    classes_by_iri: Mapping[str, Kind]
    relations: Mapping[str, Relation]
    relations_by_iri: Mapping[str, Relation]
    supers: Mapping[str, frozenset[str]]
    inverses: Mapping[str, frozenset[str]]
    symmetric: frozenset[str]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vocabulary:
        """Read the plain data :meth:`kg.build.schema.Schema.to_dict` wrote."""
        kinds = [
            Kind(c["iri"], c["key"], c["label"], frozenset(c["ancestors"]), c["metadata"])
            for c in data["classes"]
        ]
        relations = [Relation(**r) for r in data["relations"]]
        return cls(
            classes={k.key: k for k in kinds if k.key},
            classes_by_iri={k.iri: k for k in kinds},
            relations={r.key: r for r in relations},
            relations_by_iri={r.iri: r for r in relations},
            supers={k: frozenset(v) for k, v in data["supers"].items()},
            inverses={k: frozenset(v) for k, v in data["inverses"].items()},
            symmetric=frozenset(data["symmetric"]),
        )

    def keys_of(self, class_iris: Iterable[str]) -> set[str]:
        """The data keys of these classes and of every class above them.

        Example:
            >>> sorted(store.vocabulary.keys_of([store.vocabulary.classes["muscle"].iri]))[:1]
            ['muscle']
        """
        keys: set[str] = set()
        for iri in class_iris:
            kind = self.classes_by_iri.get(iri)
            for ancestor in kind.ancestors if kind else (iri,):
                found = self.classes_by_iri.get(ancestor)
                if found is not None and found.key:
                    keys.add(found.key)
        return keys
