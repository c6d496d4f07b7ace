"""SPARQL: the query catalogue, its parameters, the runner and the result formats.

Catalogue queries are ``queries/*.rq`` files with a ``#+`` header
(:mod:`kg.sparql.catalogue`); the text a person gives for a parameter is
resolved to an RDF term (:mod:`kg.sparql.parameters`) and bound as a
``VALUES`` block (:mod:`kg.store.values`), never spliced into the text. The
runner checks and runs a query (:mod:`kg.sparql.runner`,
:mod:`kg.sparql.queries`, :mod:`kg.sparql.on_store`) and the answer is
written as a table, TSV, CSV, Markdown or SPARQL JSON/XML
(:mod:`kg.sparql.formats`).
"""
