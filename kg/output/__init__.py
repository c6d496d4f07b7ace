"""Output: the graph written for people and other tools.

:mod:`kg.output.rdf_files` serialises the whole graph in a standard RDF format
(rdflib); :mod:`kg.output.pictures` draws interactive relationship maps as
self-contained HTML pages (pyvis, loaded only here).
"""
