"""Adding a class and a property to anatomy.ttl makes them usable with no code change."""

from __future__ import annotations

import kg

LIGAMENT = """
akg:Ligament a owl:Class ;
    rdfs:subClassOf akg:AnatomicalEntity ;
    rdfs:label "ligament" ;
    obo:IAO_0000115 "A band of fibrous tissue joining bones." ;
    akg:dataKey "ligament" .

akg:stabilises a owl:ObjectProperty ;
    rdfs:label "stabilises" ;
    rdfs:domain akg:Ligament ;
    rdfs:range akg:Joint ;
    akg:dataKey "stabilises" ;
    akg:cardSection "Function" ; akg:cardOrder 58 .
"""

RECORD = """
- id: anterior_talofibular_ligament
  class: ligament
  label: anterior talofibular ligament
  definition: A band from the lateral malleolus to the neck of the talus.
  stabilises: talocrural_joint
  sources: [gray_anatomy_42]
"""


def test_new_class_and_property_flow_through_validate_export_and_sparql(ontology_copy, tmp_path):
    schema = ontology_copy / "anatomy.ttl"
    schema.write_text(schema.read_text(encoding="utf-8") + LIGAMENT, encoding="utf-8")
    (ontology_copy / "data" / "ligaments.yaml").write_text(RECORD, encoding="utf-8")

    report = kg.validate(ontology_copy, reasoner=False)
    assert report.problems == []

    graph = kg.load(ontology_copy)
    target = tmp_path / "out.ttl"
    kg.export(graph, target, "ttl")
    assert "akg:stabilises" in target.read_text(encoding="utf-8")

    rows = list(
        graph.query(
            "PREFIX akg: <https://w3id.org/anatomy-kg/schema#> "
            "SELECT ?l ?j { ?l a akg:Ligament ; akg:stabilises ?j }"
        )
    )
    assert [str(j).rsplit("/", 1)[-1] for _, j in rows] == ["talocrural_joint"]

    card = kg.describe(graph, "anterior talofibular ligament")
    assert [v.label for v in card.fact("stabilises").values] == ["talocrural joint"]


def test_new_property_enforces_its_range(ontology_copy):
    schema = ontology_copy / "anatomy.ttl"
    schema.write_text(schema.read_text(encoding="utf-8") + LIGAMENT, encoding="utf-8")
    bad = RECORD.replace("stabilises: talocrural_joint", "stabilises: tibia")
    (ontology_copy / "data" / "ligaments.yaml").write_text(bad, encoding="utf-8")
    messages = [str(p) for p in kg.read_sources(ontology_copy).problems]
    assert any("'tibia' is a bone, but 'stabilises' expects: joint" in m for m in messages)
