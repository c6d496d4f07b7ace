"""Build: the curated sources become one RDF graph.

The schema (``ontology/anatomy.ttl``) is read into class and property specs
(:mod:`kg.build.schema`); the YAML files under ``ontology/data/`` become
located records (:mod:`kg.build.records`), checked against the schema before
anything is built (:mod:`kg.build.checks`); the checked records become an
``rdflib.Graph`` of schema, data and provenance (:mod:`kg.build.graph`).
:mod:`kg.build.sources` runs those steps for an ontology folder. This is the
first stage of the flow and imports nothing from the later ones.
"""
