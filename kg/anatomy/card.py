"""The key-facts card of a structure, read from the graph.

Sections and their order come from the schema (``akg:cardSection`` and
``akg:cardOrder`` on each property), so a new property shows up on cards
without code changes. Each value carries the sources and note of its fact;
relations pointing at the entity are listed under the property's
``akg:inverseLabel`` (for a nerve: the muscles it innervates).

Example:
    >>> import kg
    >>> card = describe(graph, "soleus")
    >>> [v.label for v in card.fact("innervated_by").values]
    ['tibial nerve']
    >>> [v.label for v in card.fact("segmental_innervation").values]
    ['S1', 'S2']
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kg.build.schema import (
    AKG,
    ANAT,
    PropertyAxioms,
    property_axioms,
    schema_from_graph,
    segment_position,
)
from kg.store.graph_names import resolve

__all__ = ["Card", "CardFact", "CardSection", "CardValue", "describe"]

_IAO_DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")


@dataclass(frozen=True)
class CardValue:
    """One value on a card: an entity (``id`` set) or literal text."""

    label: str
    id: str | None = None
    detail: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class CardFact:
    """A property (or an inverse reading of one) with its values."""

    key: str
    property: str
    values: tuple[CardValue, ...]


@dataclass(frozen=True)
class CardSection:
    title: str
    facts: tuple[CardFact, ...]


@dataclass(frozen=True)
class Card:
    """The key facts of one entity, grouped in sections."""

    id: str
    iri: str
    label: str
    classes: tuple[str, ...]
    definition: str | None
    sections: tuple[CardSection, ...]
    sources: tuple[dict[str, str], ...]

    def fact(self, key: str) -> CardFact | None:
        """The fact for a data key (or ``inverse:KEY`` for an inverse reading)."""
        for section in self.sections:
            for fact in section.facts:
                if fact.key == key:
                    return fact
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return asdict(self)

    def to_text(self, width: int = 88) -> str:
        """The card as a person reads it in a terminal."""
        numbers = {s["id"]: i for i, s in enumerate(self.sources, start=1)}
        lines = [f"{self.label}  ({self.id}) - {', '.join(self.classes)}"]
        if self.definition:
            lines += textwrap.wrap(self.definition, width)
        for section in self.sections:
            lines += ["", section.title.upper()]
            for fact in section.facts:
                lines.append(f"  {fact.property}:")
                for value in fact.values:
                    lines.append("    - " + _value_text(value, numbers))
        if self.sources:
            lines += ["", "SOURCES"]
            for source in self.sources:
                citation = source.get("citation") or source["label"]
                lines.append(f"  [{numbers[source['id']]}] {citation}")
        return "\n".join(lines)


def _value_text(value: CardValue, numbers: dict[str, int]) -> str:
    text = value.label
    if value.detail:
        text += f" ({value.detail})"
    if value.sources:
        marks = sorted(numbers[s] for s in value.sources if s in numbers)
        text += " [" + ",".join(str(n) for n in marks) + "]"
    if value.note:
        text += f" - {value.note}"
    return text


def _local(iri: Node) -> str:
    text = str(iri)
    return text[len(str(ANAT)) :] if text.startswith(str(ANAT)) else text


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    return str(graph.value(node, RDFS.label) or _local(node))


def _segment_key(graph: Graph, node: Node) -> tuple[int, int, str]:
    notation = str(graph.value(node, SKOS.notation) or "")
    position = segment_position(notation)
    if position is None:  # not a segment code: after every segment
        return (9, 0, _label(graph, node))
    return (*position, notation)


class _Axioms:
    """Sources and notes of asserted facts, found from any reading of them."""

    def __init__(self, graph: Graph, properties: PropertyAxioms) -> None:
        self.graph = graph
        self.properties = properties

    def lookup(self, s: Node, p: Node, o: Node) -> tuple[tuple[str, ...], str | None]:
        readings = [(s, p, o)] + [(o, inv, s) for inv in self.properties.inverses.get(p, ())]
        if p in self.properties.symmetric:
            readings.append((o, p, s))
        sources: list[str] = []
        notes: list[str] = []
        for subject, prop, obj in readings:
            for axiom in self.graph.subjects(OWL.annotatedSource, subject):
                if (axiom, OWL.annotatedProperty, prop) not in self.graph:
                    continue
                if (axiom, OWL.annotatedTarget, obj) not in self.graph:
                    continue
                for src in self.graph.objects(axiom, DCTERMS.source):
                    if _local(src) not in sources:
                        sources.append(_local(src))
                notes += [str(n) for n in self.graph.objects(axiom, RDFS.comment)]
        return tuple(sources), "; ".join(notes) or None


def describe(graph: Graph, name: str) -> Card:
    """Build the key-facts card of the entity called ``name``.

    Raises:
        UnknownEntityError: the name matches no entity, or several.
    """
    entity = resolve(graph, name)
    property_rules = property_axioms(graph)
    axioms = _Axioms(graph, property_rules)
    subs: dict[Node, set[Node]] = defaultdict(set)
    for sub, supers in property_rules.supers.items():
        for sup in supers:
            subs[sup].add(sub)

    placed: dict[str, list[tuple[int, CardFact]]] = defaultdict(list)
    order_of_section: dict[str, int] = {}

    def place(section: str, order: int, fact: CardFact) -> None:
        placed[section].append((order, fact))
        order_of_section[section] = min(order, order_of_section.get(section, order))

    for spec in schema_from_graph(graph).properties.values():
        prop, key, section, order = spec.iri, spec.key, spec.section, spec.order
        label, inverse_label = spec.card_label, spec.inverse_label
        objects = [
            o
            for o in graph.objects(entity, prop)
            if not any((entity, sub, o) in graph for sub in subs.get(prop, ()))
        ]
        if objects and section:
            values = _values(graph, axioms, entity, prop, objects)
            place(section, order, CardFact(key, label, values))
        if inverse_label:
            subjects = [s for s in graph.subjects(prop, entity) if isinstance(s, URIRef)]
            subjects = [
                s
                for s in subjects
                if not any((s, sub, entity) in graph for sub in subs.get(prop, ()))
            ]
            if subjects:
                values = tuple(
                    sorted(
                        (_value(graph, axioms, s, prop, entity, shown=s) for s in subjects),
                        key=lambda v: _natural(v.label),
                    )
                )
                place("Related", 200 + order, CardFact(f"inverse:{key}", inverse_label, values))

    sections = tuple(
        CardSection(title, tuple(f for _, f in sorted(placed[title], key=lambda x: x[0])))
        for title in sorted(placed, key=lambda t: order_of_section[t])
    )
    classes = tuple(
        sorted(
            _label(graph, c) for c in graph.objects(entity, RDF.type) if c != OWL.NamedIndividual
        )
    )
    definition = graph.value(entity, _IAO_DEFINITION)
    return Card(
        id=f"anat:{_local(entity)}",
        iri=str(entity),
        label=_label(graph, entity),
        classes=classes,
        definition=str(definition) if definition is not None else None,
        sections=sections,
        sources=tuple(_source_entry(graph, s) for s in _cited_in_order(graph, entity, sections)),
    )


def _cited_in_order(graph: Graph, entity: Node, sections: tuple[CardSection, ...]) -> list[str]:
    """Source IDs in the order a reader meets them, then the record's own."""
    cited: list[str] = []
    for section in sections:
        for fact in section.facts:
            for value in fact.values:
                cited.extend(s for s in value.sources if s not in cited)
    for source in graph.objects(entity, DCTERMS.source):
        if _local(source) not in cited:
            cited.append(_local(source))
    return cited


def _values(
    graph: Graph, axioms: _Axioms, entity: Node, prop: Node, objects: list[Node]
) -> tuple[CardValue, ...]:
    values = [_value(graph, axioms, entity, prop, o, shown=o) for o in objects]
    if all((o, RDF.type, AKG.SpinalSegment) in graph for o in objects):
        keyed = sorted(zip(objects, values, strict=True), key=lambda x: _segment_key(graph, x[0]))
        return tuple(v for _, v in keyed)
    return tuple(sorted(values, key=lambda v: _natural(v.label)))


def _natural(text: str) -> list[object]:
    """Sort key that puts "view 2" before "view 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.lower())]


def _value(graph: Graph, axioms: _Axioms, s: Node, p: Node, o: Node, *, shown: Node) -> CardValue:
    sources, note = axioms.lookup(s, p, o)
    if isinstance(shown, Literal):
        return CardValue(label=str(shown), sources=sources, note=note)
    return CardValue(
        label=_label(graph, shown),
        id=f"anat:{_local(shown)}",
        detail=_detail(graph, shown),
        sources=sources,
        note=note,
    )


def _detail(graph: Graph, node: Node) -> str | None:
    """Context that helps read a value: a landmark's bone, a nerve's roots."""
    if (node, RDF.type, AKG.BonyLandmark) in graph:
        bone = graph.value(node, AKG.partOf)
        if bone is not None and _label(graph, bone) not in _label(graph, node):
            return _label(graph, bone)
        return None
    image = graph.value(node, AKG.imagePath)
    if image is not None:
        return str(image)
    roots = list(graph.objects(node, AKG.hasRoot))
    if roots:
        ordered = sorted(roots, key=lambda r: _segment_key(graph, r))
        return "roots " + ", ".join(_label(graph, r) for r in ordered)
    return None


def _source_entry(graph: Graph, source_id: str) -> dict[str, str]:
    iri = ANAT[source_id]
    entry = {"id": source_id, "label": _label(graph, iri)}
    citation = graph.value(iri, DCTERMS.bibliographicCitation)
    if citation is not None:
        entry["citation"] = " ".join(str(citation).split())
    return entry
