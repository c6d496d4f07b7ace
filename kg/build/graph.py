"""Turn checked records into one RDF graph: schema, data and provenance.

Flow: records -> triples typed by the schema -> one ``owl:Axiom`` per fact
naming its sources (the OBO way of annotating an assertion, which Protégé
and every RDF store read) -> materialised property axioms.

Materialisation adds, for every asserted relation, the triples its schema
axioms entail: the super-properties (so SPARQL written against the OBO
Relations Ontology, such as ``obo:RO_0002005``, finds our ``innervated by``
facts), the inverses (``obo:RO_0020101`` "supplies" from ``arterial supply``)
and the symmetric partners. Only these property axioms are applied; a full
OWL RL closure (owlrl) adds thousands of unwanted triples and is measured at
about 21 s for 10 k triples, so it is not used.

Example:
    >>> import kg
    >>> from rdflib import URIRef
    >>> tibial = URIRef("https://w3id.org/anatomy-kg/id/tibial_nerve")
    >>> soleus = URIRef("https://w3id.org/anatomy-kg/id/soleus")
    >>> (soleus, URIRef("http://purl.obolibrary.org/obo/RO_0002005"), tibial) in graph
    True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.build.records import Record, Value
from kg.build.schema import ANAT, Schema, property_axioms

__all__ = ["build_graph", "entity_iri", "materialise"]


def entity_iri(record_id: str) -> URIRef:
    """The IRI of a record.

    Example:
        >>> str(entity_iri("soleus"))
        'https://w3id.org/anatomy-kg/id/soleus'
    """
    return ANAT[record_id]


def _axiom_node(s: URIRef, p: URIRef, o: object) -> BNode:
    digest = hashlib.sha1(f"{s}|{p}|{o}".encode()).hexdigest()[:16]
    return BNode(f"ax{digest}")


def _literal(value: Value, datatype: URIRef | None) -> Literal:
    if datatype is None or datatype == XSD.string:
        return Literal(value.text)
    return Literal(value.text, datatype=datatype)


def build_graph(records: Sequence[Record], schema: Schema) -> Graph:
    """Build the graph from records; values that fail the checks are left out.

    Run :func:`kg.build.checks.check_records` first to learn what was left out.
    """
    graph = Graph()
    for prefix, namespace in schema.graph.namespaces():
        graph.bind(prefix, namespace, override=True)
    for triple in schema.graph:
        graph.add(triple)
    known = {r.id: r for r in records if r.class_key in schema.classes}
    asserted: list[tuple[URIRef, URIRef, URIRef]] = []
    for record in known.values():
        subject = entity_iri(record.id)
        graph.add((subject, RDF.type, OWL.NamedIndividual))
        graph.add((subject, RDF.type, schema.classes[record.class_key].iri))
        default_sources = _record_sources(record, known)
        for key, field in record.fields.items():
            prop = schema.properties.get(key)
            if prop is None:
                continue
            for value in field.values:
                if prop.is_reference:
                    if value.text not in known:
                        continue
                    obj: URIRef | Literal = entity_iri(value.text)
                else:
                    obj = _literal(value, prop.datatype)
                graph.add((subject, prop.iri, obj))
                if prop.kind == "object" and isinstance(obj, URIRef):
                    asserted.append((subject, prop.iri, obj))
                sources = [s for s in value.sources if s in known] or default_sources
                if prop.carries_axiom_sources or value.sources or value.note:
                    _annotate(graph, subject, prop.iri, obj, sources, value.note)
    materialise(graph, schema.graph, asserted)
    return graph


def _record_sources(record: Record, known: dict[str, Record]) -> list[str]:
    field = record.fields.get("sources")
    if field is None:
        return []
    return [v.text for v in field.values if v.text in known]


def _annotate(
    graph: Graph,
    subject: URIRef,
    prop: URIRef,
    obj: URIRef | Literal,
    sources: Iterable[str],
    note: str | None,
) -> None:
    axiom = _axiom_node(subject, prop, obj)
    graph.add((axiom, RDF.type, OWL.Axiom))
    graph.add((axiom, OWL.annotatedSource, subject))
    graph.add((axiom, OWL.annotatedProperty, prop))
    graph.add((axiom, OWL.annotatedTarget, obj))
    for source in sources:
        graph.add((axiom, DCTERMS.source, entity_iri(source)))
    if note:
        graph.add((axiom, RDFS.comment, Literal(note)))


def materialise(
    graph: Graph,
    schema_graph: Graph,
    asserted: Iterable[tuple[URIRef, URIRef, URIRef]],
) -> int:
    """Add the triples entailed by sub-property, inverse and symmetric axioms.

    Returns the number of triples added.
    """
    axioms = property_axioms(schema_graph)
    added = 0
    todo = list(asserted)
    while todo:
        s, p, o = todo.pop()
        for q in axioms.closure(p):
            derived = [(s, q, o)]
            derived += [(o, inv, s) for inv in axioms.inverses.get(q, ())]
            if q in axioms.symmetric:
                derived.append((o, q, s))
            for triple in derived:
                if triple not in graph:
                    graph.add(triple)
                    added += 1
                    todo.append(triple)
    return added
