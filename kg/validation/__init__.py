"""Validation: every problem of an ontology folder at once, each with file and line.

:mod:`kg.validation.report` collects the problems of the source checks, the
SHACL shapes (:mod:`kg.validation.shapes`, pyshacl), the data checks in
``queries/qc/*-violation.rq`` (:mod:`kg.validation.violations`) and, on
request, an OWL consistency check with HermiT (:mod:`kg.validation.reasoning`,
owlready2). :mod:`kg.validation.locations` maps graph terms back to the
record, file and line they came from.
"""
