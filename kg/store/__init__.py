"""Store: the built graph kept on disk and opened for reading.

The build cache (:mod:`kg.store.cache`) keeps the built graph as N-Triples
keyed by its sources and loads it into an on-disk Oxigraph store, the one
read path of every read command. Beside it live the lookups the store answers
(labels, class membership: :mod:`kg.store.lookups`), the name index that maps
what a person types to an entity (:mod:`kg.store.names`, and
:mod:`kg.store.graph_names` for an rdflib graph a user holds), and remote
SPARQL endpoints that stand in for the local store (:mod:`kg.store.remote`).
"""
