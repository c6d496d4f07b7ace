"""The key-facts card of a structure, read from the graph.

Sections and their order come from the schema (``akg:cardSection`` and
``akg:cardOrder`` on each property), so a new property shows up on cards
without code changes. Each value carries the sources and note of its fact;
relations pointing at the entity are listed under the property's
``akg:inverseLabel`` (for a nerve: the muscles it innervates). Everything is
read from the store (:mod:`kg.store.local`) one triple pattern at a time.

Example:
    >>> card = describe(store, "soleus")
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
from typing import TYPE_CHECKING, Any

from kg.anatomy.segments import segment_position
from kg.namespaces import AKG_IRI, ANAT_IRI

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["Card", "CardFact", "CardSection", "CardValue", "describe"]

_IAO_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCTERMS = "http://purl.org/dc/terms/"
_SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"


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


def _is_literal(node: Any) -> bool:
    return type(node).__name__ == "Literal"


def _local(iri: Any) -> str:
    text = iri if isinstance(iri, str) else iri.value
    return text[len(ANAT_IRI) :] if text.startswith(ANAT_IRI) else text


def _label(graph: GraphStore, node: Any) -> str:
    if _is_literal(node):
        return str(node.value)
    label = graph.value(node, _RDFS_LABEL)
    return label.value if label is not None else _local(node)


def _segment_key(graph: GraphStore, node: Any) -> tuple[int, int, str]:
    notation = graph.value(node, _SKOS_NOTATION)
    text = notation.value if notation is not None else ""
    position = segment_position(text)
    if position is None:  # not a segment code: after every segment
        return (9, 0, _label(graph, node))
    return (*position, text)


class _Axioms:
    """Sources and notes of asserted facts, found from any reading of them."""

    def __init__(self, store: GraphStore, entity: Any) -> None:
        self.graph = store
        self.inverses = store.vocabulary.inverses
        self.symmetric = store.vocabulary.symmetric
        # every reading of a fact on a card has the entity at one end: read those axioms once
        self.facts: dict[tuple[Any, Any, Any], list[Any]] = defaultdict(list)
        seen: set[Any] = set()
        for end in ("annotatedSource", "annotatedTarget"):
            for axiom in store.subjects(_OWL + end, entity):
                if axiom in seen:
                    continue
                seen.add(axiom)
                fact = tuple(
                    store.value(axiom, _OWL + part)
                    for part in ("annotatedSource", "annotatedProperty", "annotatedTarget")
                )
                self.facts[fact].append(axiom)

    def lookup(self, s: Any, p: Any, o: Any) -> tuple[tuple[str, ...], str | None]:
        node = self.graph.node
        readings = [(s, p, o)] + [(o, node(inv), s) for inv in self.inverses.get(p.value, ())]
        if p.value in self.symmetric:
            readings.append((o, p, s))
        sources: list[str] = []
        notes: list[str] = []
        for reading in readings:
            for axiom in self.facts.get(reading, ()):
                for src in self.graph.objects(axiom, _DCTERMS + "source"):
                    if _local(src) not in sources:
                        sources.append(_local(src))
                notes += [n.value for n in self.graph.objects(axiom, _RDFS_COMMENT)]
        return tuple(sources), "; ".join(notes) or None


def describe(source: Any, name: str) -> Card:
    """Build the key-facts card of the entity called ``name``.

    ``source`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``.

    Raises:
        UnknownEntityError: the name matches no entity, or several.
    """
    from kg.store.access import store_of

    store = store_of(source)
    graph = store
    node = store.node
    entity = node(store.resolve(name))
    axioms = _Axioms(store, entity)
    out: dict[str, list[Any]] = defaultdict(list)
    for quad in store.engine.quads_for_pattern(entity, None, None):
        if quad.object not in out[quad.predicate.value]:
            out[quad.predicate.value].append(quad.object)
    into: dict[str, list[Any]] = defaultdict(list)
    for quad in store.engine.quads_for_pattern(None, None, entity):
        if quad.subject not in into[quad.predicate.value]:
            into[quad.predicate.value].append(quad.subject)
    subs: dict[str, set[str]] = defaultdict(set)
    for sub, supers in store.vocabulary.supers.items():
        for sup in supers:
            subs[sup].add(sub)

    placed: dict[str, list[tuple[int, CardFact]]] = defaultdict(list)
    order_of_section: dict[str, int] = {}

    def place(section: str, order: int, fact: CardFact) -> None:
        placed[section].append((order, fact))
        order_of_section[section] = min(order, order_of_section.get(section, order))

    for spec in store.vocabulary.relations.values():
        prop, key, section, order = node(spec.iri), spec.key, spec.section, spec.order
        label, inverse_label = spec.card_label, spec.inverse_label
        objects = [
            o
            for o in out.get(spec.iri, ())
            if not any(o in out.get(sub, ()) for sub in subs[spec.iri])
        ]
        if objects and section:
            values = _values(graph, axioms, entity, prop, objects)
            place(section, order, CardFact(key, label, values))
        if inverse_label:
            subjects = [
                s
                for s in into.get(spec.iri, ())
                if type(s).__name__ == "NamedNode"
                and not any(s in into.get(sub, ()) for sub in subs[spec.iri])
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
            _label(graph, c)
            for c in graph.objects(entity, _RDF_TYPE)
            if c.value != _OWL + "NamedIndividual"
        )
    )
    definition = graph.value(entity, _IAO_DEFINITION)
    return Card(
        id=f"anat:{_local(entity)}",
        iri=entity.value,
        label=_label(graph, entity),
        classes=classes,
        definition=definition.value if definition is not None else None,
        sections=sections,
        sources=tuple(_source_entry(graph, s) for s in _cited_in_order(graph, entity, sections)),
    )


def _cited_in_order(graph: GraphStore, entity: Any, sections: tuple[CardSection, ...]) -> list[str]:
    """Source IDs in the order a reader meets them, then the record's own."""
    cited: list[str] = []
    for section in sections:
        for fact in section.facts:
            for value in fact.values:
                cited.extend(s for s in value.sources if s not in cited)
    for source in graph.objects(entity, _DCTERMS + "source"):
        if _local(source) not in cited:
            cited.append(_local(source))
    return cited


def _values(
    graph: GraphStore, axioms: _Axioms, entity: Any, prop: Any, objects: list[Any]
) -> tuple[CardValue, ...]:
    values = [_value(graph, axioms, entity, prop, o, shown=o) for o in objects]
    if all(graph.has(o, _RDF_TYPE, AKG_IRI + "SpinalSegment") for o in objects):
        keyed = sorted(zip(objects, values, strict=True), key=lambda x: _segment_key(graph, x[0]))
        return tuple(v for _, v in keyed)
    return tuple(sorted(values, key=lambda v: _natural(v.label)))


def _natural(text: str) -> list[object]:
    """Sort key that puts "view 2" before "view 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.lower())]


def _value(graph: GraphStore, axioms: _Axioms, s: Any, p: Any, o: Any, *, shown: Any) -> CardValue:
    sources, note = axioms.lookup(s, p, o)
    if _is_literal(shown):
        return CardValue(label=shown.value, sources=sources, note=note)
    return CardValue(
        label=_label(graph, shown),
        id=f"anat:{_local(shown)}",
        detail=_detail(graph, shown),
        sources=sources,
        note=note,
    )


def _detail(graph: GraphStore, node: Any) -> str | None:
    """Context that helps read a value: a landmark's bone, a nerve's roots."""
    if graph.has(node, _RDF_TYPE, AKG_IRI + "BonyLandmark"):
        bone = graph.value(node, AKG_IRI + "partOf")
        if bone is not None and _label(graph, bone) not in _label(graph, node):
            return _label(graph, bone)
        return None
    image = graph.value(node, AKG_IRI + "imagePath")
    if image is not None:
        return image.value
    roots = graph.objects(node, AKG_IRI + "hasRoot")
    if roots:
        ordered = sorted(roots, key=lambda r: _segment_key(graph, r))
        return "roots " + ", ".join(_label(graph, r) for r in ordered)
    return None


def _source_entry(graph: GraphStore, source_id: str) -> dict[str, str]:
    iri = graph.node(ANAT_IRI + source_id)
    entry = {"id": source_id, "label": _label(graph, iri)}
    citation = graph.value(iri, _DCTERMS + "bibliographicCitation")
    if citation is not None:
        entry["citation"] = " ".join(citation.value.split())
    return entry
