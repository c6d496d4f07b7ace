"""The OWL schema: the classes and properties the project promises, aligned to RO."""

from __future__ import annotations

from rdflib import OWL, RDFS, URIRef

from kg.build.schema import AKG, load_schema
from kg.files import bundled_ontology_dir

OBO = "http://purl.obolibrary.org/obo/"


def test_classes_named_by_the_design_exist_with_keys():
    schema = load_schema(bundled_ontology_dir())
    assert set(schema.classes) >= {
        "muscle",
        "muscle_part",
        "bone",
        "landmark",
        "tendon",
        "joint",
        "nerve",
        "spinal_nerve",
        "cranial_nerve",
        "nerve_branch",
        "nerve_plexus",
        "spinal_segment",
        "artery",
        "vein",
        "venous_plexus",
        "muscle_group",
        "compartment",
        "body_region",
        "movement",
        "functional_role",
        "clinical_condition",
        "source",
        "depiction",
    }


def test_properties_align_to_the_relations_ontology():
    schema = load_schema(bundled_ontology_dir())
    g = schema.graph
    sub = {
        "innervated_by": "RO_0002005",
        "origin": "RO_0002372",
        "insertion": "RO_0002373",
        "antagonist": "RO_0002568",
        "branch_of": "RO_0002380",
        "part_of": "BFO_0000050",
        "drains_into": "RO_0002376",
    }
    for key, ro in sub.items():
        assert (schema.properties[key].iri, RDFS.subPropertyOf, URIRef(OBO + ro)) in g, key
    assert (AKG.arterialSupply, OWL.inverseOf, URIRef(OBO + "RO_0020101")) in g
    assert (AKG.venousDrainage, OWL.inverseOf, URIRef(OBO + "RO_0020102")) in g


def test_every_property_the_design_names_has_a_key():
    schema = load_schema(bundled_ontology_dir())
    assert set(schema.properties) >= {
        "origin",
        "insertion",
        "inserts_via",
        "innervated_by",
        "segmental_innervation",
        "roots",
        "branch_of",
        "part_of",
        "member_of",
        "compartment",
        "region",
        "arterial_supply",
        "venous_drainage",
        "drains_into",
        "action",
        "prime_action",
        "assisting_action",
        "antagonist",
        "deep_to",
        "superficial_to",
        "clinical_relation",
        "fibre_type",
        "etymology",
        "synonyms",
        "xrefs",
        "depictions",
        "sources",
    }
    assert schema.properties["origin"].is_reference
    assert not schema.properties["etymology"].is_reference
    assert schema.properties["joint"].single
