"""Anatomy: the questions the graph answers about bodies, not about RDF.

The key-facts card of a structure (:mod:`kg.anatomy.card`), the graph as a
networkx projection with paths and neighbourhoods (:mod:`kg.anatomy.networks`),
what a nerve or root lesion does (:mod:`kg.anatomy.lesions`), coverage
figures (:mod:`kg.anatomy.coverage`) and plain-English questions mapped to
catalogue queries or traversals (:mod:`kg.anatomy.questions`). These read the
built graph through the store and the SPARQL runner below them.
"""
