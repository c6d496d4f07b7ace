"""Serve: ``anatomy-kg serve``, a read-only SPARQL 1.1 Protocol endpoint with a query page.

:mod:`kg.serve.app` is the WSGI application (SPARQL Protocol, the catalogue,
pictures, the HTML page in ``web/``); :mod:`kg.serve.workers` runs each query
in a worker process over the on-disk store, with a time limit and a size cap.
"""
