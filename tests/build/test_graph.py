"""The built graph: RO alignments answer SPARQL, facts carry their sources."""

from __future__ import annotations

from rdflib import URIRef
from textbook import TIBIAL_NERVE_MUSCLES, ids

OBO = "http://purl.obolibrary.org/obo/"
ANAT = "https://w3id.org/anatomy-kg/id/"

PREFIXES = f"""
PREFIX obo: <{OBO}>
PREFIX anat: <{ANAT}>
PREFIX akg: <https://w3id.org/anatomy-kg/schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _column(graph, query: str) -> set[str]:
    return {str(row[0]).removeprefix(ANAT) for row in graph.query(PREFIXES + query)}


def test_sparql_written_against_ro_finds_our_facts(graph):
    assert _column(graph, "SELECT ?m { ?m obo:RO_0002005 anat:tibial_nerve }") == ids(
        TIBIAL_NERVE_MUSCLES
    )
    assert _column(graph, "SELECT ?o { anat:soleus obo:RO_0002372 ?o }") >= {
        "soleal_line_of_tibia",
        "head_of_fibula",
        "tendinous_arch_of_soleus",
    }
    assert _column(graph, "SELECT ?x { anat:fibular_artery obo:RO_0002380 ?x }") == {
        "posterior_tibial_artery"
    }
    assert "posterior_surface_of_calcaneus" in _column(
        graph, "SELECT ?x { anat:calcaneus ^obo:BFO_0000050 ?x }"
    )


def test_inverse_and_symmetric_relations_are_materialised(graph):
    # arterial supply is the inverse of RO "supplies"
    assert "soleus" in _column(graph, "SELECT ?m { anat:popliteal_artery obo:RO_0020101 ?m }")
    assert "soleus" in _column(graph, "SELECT ?m { anat:fibular_veins obo:RO_0020102 ?m }")
    # antagonist is symmetric, and aligned to RO "has muscle antagonist"
    assert _column(graph, "SELECT ?m { anat:soleus obo:RO_0002568 ?m }") == {"tibialis_anterior"}
    assert "soleus" in _column(graph, "SELECT ?m { anat:tibialis_anterior akg:antagonist ?m }")
    # a prime action is an action
    assert "soleus" in _column(graph, "SELECT ?m { ?m akg:hasAction anat:ankle_plantar_flexion }")


def test_every_fact_names_its_sources(graph):
    sources = _column(
        graph,
        """SELECT ?src {
             ?ax owl:annotatedSource anat:soleus ;
                 owl:annotatedProperty akg:hasOrigin ;
                 owl:annotatedTarget anat:soleal_line_of_tibia ;
                 dcterms:source ?src }""",
    )
    assert sources == {"kenhub_soleus", "atlas_soleus", "moore_clinically_oriented_anatomy_8"}
    unsourced = graph.query(
        PREFIXES
        + """SELECT ?s ?p ?o {
               ?s ?p ?o . ?p a owl:ObjectProperty .
               FILTER(STRSTARTS(STR(?p), "https://w3id.org/anatomy-kg/schema#"))
               FILTER NOT EXISTS {
                 ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
                     owl:annotatedTarget ?o ; dcterms:source ?any }
               FILTER NOT EXISTS {
                 ?p2 owl:inverseOf|^owl:inverseOf ?p .
                 ?ax owl:annotatedSource ?o ; owl:annotatedProperty ?p2 ;
                     owl:annotatedTarget ?s ; dcterms:source ?any }
               FILTER NOT EXISTS {
                 ?ax owl:annotatedSource ?o ; owl:annotatedProperty ?p ;
                     owl:annotatedTarget ?s ; dcterms:source ?any }
               FILTER NOT EXISTS { ?sub rdfs:subPropertyOf ?p . ?s ?sub ?o }
             }"""
    )
    assert list(unsourced) == []


def test_spinal_segments_c1_to_co1_with_notations(graph):
    notations = _column(
        graph,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?n { ?s a akg:SpinalSegment ; skos:notation ?n }",
    )
    assert len(notations) == 31
    assert {"C1", "C8", "T12", "L4", "S1", "S5", "Co1"} <= notations


def test_entities_are_named_individuals_of_their_class(graph):
    soleus = URIRef(ANAT + "soleus")
    types = {
        str(t)
        for t in graph.objects(soleus, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
    }
    assert "https://w3id.org/anatomy-kg/schema#Muscle" in types
    assert "http://www.w3.org/2002/07/owl#NamedIndividual" in types
