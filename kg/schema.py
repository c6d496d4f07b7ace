"""Read the OWL schema (``ontology/anatomy.ttl``) into the specs the loader uses.

Everything the loader knows about the data format comes from here: the key of
each class and property (``akg:dataKey``), which classes a property may start
from (``rdfs:domain``) and point to (``rdfs:range``), whether it takes one
value, how the key-facts card shows it, and the property axioms (sub-property,
inverse, symmetric) the build materialises.

Example:
    >>> from kg.resources import bundled_ontology_dir
    >>> schema = load_schema(bundled_ontology_dir())
    >>> schema.properties["innervated_by"].label
    'innervated by'
    >>> schema.classes["muscle"].label
    'skeletal muscle'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import Problem, SourceError
from kg.memo import per_graph
from kg.namespaces import AKG_IRI, ANAT_IRI

__all__ = [
    "AKG",
    "ANAT",
    "ClassSpec",
    "PropertyAxioms",
    "PropertySpec",
    "Schema",
    "load_schema",
    "instance_of",
    "parse_turtle",
    "property_axioms",
    "schema_from_graph",
    "schema_of",
    "segment_position",
]

AKG = Namespace(AKG_IRI)
ANAT = Namespace(ANAT_IRI)

SCHEMA_FILE = "anatomy.ttl"


@dataclass(frozen=True)
class ClassSpec:
    """A class of the schema, as data files name it."""

    iri: URIRef
    key: str | None
    label: str
    ancestors: frozenset[URIRef]
    metadata: bool = False


@dataclass(frozen=True)
class PropertySpec:
    """A property of the schema, as data files use it.

    ``targets`` holds the classes a reference must belong to; it is empty for
    literal-valued properties, whose datatype is ``datatype``.
    """

    iri: URIRef
    key: str
    label: str
    kind: str
    domain: frozenset[URIRef]
    targets: frozenset[URIRef]
    datatype: URIRef | None
    single: bool
    section: str | None
    order: int
    inverse_label: str | None
    acyclic: bool
    card_label: str
    path_cost: float = 1.0
    fibre_course: bool = False

    @property
    def is_reference(self) -> bool:
        """True when values name other records rather than literal text."""
        return bool(self.targets)

    @property
    def carries_axiom_sources(self) -> bool:
        """True for the OWL object and datatype properties: facts, not labels."""
        return self.kind in ("object", "datatype")


@dataclass(frozen=True)
class Schema:
    """The parsed schema: its graph and the specs keyed by data key and IRI."""

    graph: Graph
    path: Path
    classes: Mapping[str, ClassSpec]
    classes_by_iri: Mapping[URIRef, ClassSpec]
    properties: Mapping[str, PropertySpec]
    properties_by_iri: Mapping[URIRef, PropertySpec]

    def is_instance_of(self, class_iri: URIRef, allowed: Iterable[URIRef]) -> bool:
        """Whether members of ``class_iri`` belong to one of ``allowed``."""
        spec = self.classes_by_iri.get(class_iri)
        ancestors = spec.ancestors if spec else frozenset({class_iri})
        return any(a in ancestors for a in allowed)

    def label_of(self, iri: Node) -> str:
        """Return the schema's ``rdfs:label`` for a term, or its local name."""
        label = self.graph.value(iri, RDFS.label)
        if label is not None:
            return str(label)
        return re.split(r"[#/]", str(iri))[-1]


@dataclass(frozen=True)
class PropertyAxioms:
    """The property axioms the build materialises and cards read facts through.

    ``supers`` maps a property to its direct super-properties; ``inverses``
    holds both directions of every ``owl:inverseOf``.
    """

    supers: Mapping[Node, frozenset[Node]]
    inverses: Mapping[Node, frozenset[Node]]
    symmetric: frozenset[Node]

    def closure(self, prop: Node) -> set[Node]:
        """The property and all its super-properties, transitively.

        Example:
            >>> import kg
            >>> axioms = property_axioms(kg.load())
            >>> str(sorted(axioms.closure(AKG.hasPrimeAction))[0]).rsplit("#", 1)[-1]
            'hasAction'
        """
        seen = {prop}
        stack = [prop]
        while stack:
            for parent in self.supers.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen


def property_axioms(graph: Graph) -> PropertyAxioms:
    """Collect sub-property, inverse and symmetric axioms from a graph."""
    supers: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        supers[sub].add(sup)
    inverses: dict[Node, set[Node]] = defaultdict(set)
    for a, b in graph.subject_objects(OWL.inverseOf):
        inverses[a].add(b)
        inverses[b].add(a)
    return PropertyAxioms(
        supers={k: frozenset(v) for k, v in supers.items()},
        inverses={k: frozenset(v) for k, v in inverses.items()},
        symmetric=frozenset(graph.subjects(RDF.type, OWL.SymmetricProperty)),
    )


def parse_turtle(path: Path, display: str) -> Graph:
    """Parse a Turtle file, turning syntax errors into a located ``SourceError``.

    Example:
        >>> from kg.resources import bundled_ontology_dir
        >>> len(parse_turtle(bundled_ontology_dir() / "anatomy.ttl", "anatomy.ttl")) > 100
        True
    """
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise SourceError([Problem(display, 0, "", "file not found")]) from None
    except Exception as exc:  # rdflib raises several unrelated types on bad syntax
        line = getattr(exc, "lines", None)
        text = str(exc).strip().splitlines()
        message = text[-1] if text else type(exc).__name__
        if line is None:
            found = re.search(r"line (\d+)", str(exc))
            line = int(found.group(1)) if found else 0
        raise SourceError(
            [Problem(display, int(line), "", f"Turtle syntax error: {message}")]
        ) from None
    return graph


def _members(graph: Graph, node: Node | None) -> frozenset[URIRef]:
    """Classes named by a domain or range: one IRI or an ``owl:unionOf`` list."""
    if node is None:
        return frozenset()
    if isinstance(node, URIRef):
        return frozenset({node})
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return frozenset()
    return frozenset(m for m in Collection(graph, union) if isinstance(m, URIRef))


def _ancestors(graph: Graph, iri: URIRef) -> frozenset[URIRef]:
    return frozenset(
        n for n in graph.transitive_objects(iri, RDFS.subClassOf) if isinstance(n, URIRef)
    )


def _kind(graph: Graph, iri: URIRef) -> str:
    types = set(graph.objects(iri, RDF.type))
    if OWL.ObjectProperty in types:
        return "object"
    if OWL.DatatypeProperty in types:
        return "datatype"
    return "annotation"


def _is_true(value: Node | None) -> bool:
    return isinstance(value, Literal) and bool(value.toPython())


def load_schema(ontology_dir: Path) -> Schema:
    """Read ``anatomy.ttl`` from an ontology folder.

    Raises:
        SourceError: the file is missing, is not Turtle, or two terms share a
            data key.
    """
    path = Path(ontology_dir) / SCHEMA_FILE
    display = f"{Path(ontology_dir).name}/{SCHEMA_FILE}"
    return schema_from_graph(parse_turtle(path, display), path)


def schema_from_graph(graph: Graph, path: Path | None = None) -> Schema:
    """Read the specs from a graph holding the schema (a built graph does).

    Example:
        >>> import kg
        >>> schema_from_graph(kg.load()).properties["roots"].inverse_label
        'root of'

    Raises:
        SourceError: two terms share a data key.
    """
    path = path or Path(SCHEMA_FILE)
    display = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    problems: list[Problem] = []

    classes: dict[str, ClassSpec] = {}
    classes_by_iri: dict[URIRef, ClassSpec] = {}
    for iri in sorted(set(graph.subjects(RDF.type, OWL.Class))):
        if not isinstance(iri, URIRef):
            continue
        key = graph.value(iri, AKG.dataKey)
        spec = ClassSpec(
            iri=iri,
            key=str(key) if key is not None else None,
            label=str(graph.value(iri, RDFS.label) or iri),
            ancestors=_ancestors(graph, iri),
            metadata=_is_true(graph.value(iri, AKG.metadataClass)),
        )
        classes_by_iri[iri] = spec
        if spec.key is None:
            continue
        if spec.key in classes:
            problems.append(
                Problem(display, 0, "akg:dataKey", f"class key {spec.key!r} is used twice")
            )
        classes[spec.key] = spec

    properties: dict[str, PropertySpec] = {}
    for iri, key in sorted(graph.subject_objects(AKG.dataKey)):
        if not isinstance(iri, URIRef) or iri in classes_by_iri:
            continue
        range_node = graph.value(iri, RDFS.range)
        targets = frozenset(t for t in _members(graph, range_node) if t in classes_by_iri)
        datatype = None
        if not targets:
            datatype = range_node if isinstance(range_node, URIRef) else XSD.string
        order = graph.value(iri, AKG.cardOrder)
        section = graph.value(iri, AKG.cardSection)
        inverse_label = graph.value(iri, AKG.inverseLabel)
        spec = PropertySpec(
            iri=iri,
            key=str(key),
            label=str(graph.value(iri, RDFS.label) or key),
            kind=_kind(graph, iri),
            domain=_members(graph, graph.value(iri, RDFS.domain)),
            targets=targets,
            datatype=datatype,
            single=_is_true(graph.value(iri, AKG.singleValued))
            or (iri, RDF.type, OWL.FunctionalProperty) in graph,
            section=str(section) if section is not None else None,
            order=int(order.toPython()) if isinstance(order, Literal) else 1000,
            inverse_label=str(inverse_label) if inverse_label is not None else None,
            acyclic=_is_true(graph.value(iri, AKG.acyclic)),
            path_cost=float(graph.value(iri, AKG.pathCost) or 1.0),
            fibre_course=_is_true(graph.value(iri, AKG.fibreCourse)),
            card_label=str(graph.value(iri, AKG.cardLabel) or graph.value(iri, RDFS.label) or key),
        )
        if spec.key in properties or spec.key in ("id", "class"):
            problems.append(
                Problem(display, 0, "akg:dataKey", f"property key {spec.key!r} is used twice")
            )
        properties[spec.key] = spec
    if problems:
        raise SourceError(problems)
    return Schema(
        graph=graph,
        path=path,
        classes=classes,
        classes_by_iri=classes_by_iri,
        properties=properties,
        properties_by_iri={p.iri: p for p in properties.values()},
    )


def instance_of(graph: Graph, entity: Node, keys: Iterable[str]) -> bool:
    """Whether an entity belongs to a class with one of ``keys`` (data keys; subclasses count).

    Example:
        >>> import kg
        >>> graph = kg.load()
        >>> instance_of(graph, ANAT.deep_fibular_nerve, ["nerve"])
        True
    """
    schema = schema_of(graph)
    allowed = [schema.classes[key].iri for key in keys if key in schema.classes]
    return any(
        schema.is_instance_of(t, allowed)
        for t in graph.objects(entity, RDF.type)
        if t in schema.classes_by_iri
    )


_SEGMENT_REGIONS = ("C", "T", "L", "S", "Co")


def segment_position(code: str) -> tuple[int, int] | None:
    """Where a spinal segment code (C1 … Co1) falls, cranial to caudal; None if not a code.

    Example:
        >>> sorted(["S1", "T12", "L5", "Co1"], key=segment_position)
        ['T12', 'L5', 'S1', 'Co1']
    """
    found = re.fullmatch(r"(Co|[CTLS])(\d+)", code)
    if not found:
        return None
    return (_SEGMENT_REGIONS.index(found.group(1)), int(found.group(2)))


_SCHEMAS: WeakKeyDictionary[Graph, tuple[int, Schema]] = WeakKeyDictionary()


def schema_of(graph: Graph) -> Schema:
    """The schema read from a built graph, kept per graph until its size changes.

    Example:
        >>> import kg
        >>> graph = kg.load()
        >>> schema_of(graph) is schema_of(graph)
        True
    """
    return per_graph(_SCHEMAS, graph, schema_from_graph)
