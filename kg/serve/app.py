"""``anatomy-kg serve``: a read-only SPARQL 1.1 Protocol endpoint with a query page.

Routes:

- ``/sparql`` — the SPARQL 1.1 Protocol: GET with ``query=``, POST as a form
  or as ``application/sparql-query``. Results by content negotiation (or
  ``format=``): SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as
  Turtle, JSON-LD, N-Triples or RDF/XML. Updates get 403 and change nothing.
- ``/update`` — always 403: the endpoint is read-only.
- ``/catalogue`` — the query catalogue as JSON; ``/catalogue/NAME?param=…``
  runs one query with its parameters bound by name, as ``anatomy-kg query`` does.
- ``/draw?query=…`` or ``/draw?name=NAME&param=…`` — the entities of an answer
  as the interactive relationship map of ``anatomy-kg viz``, offline.
- ``/`` — the query page; ``/health`` — ``ok``.

Queries run in worker processes (:mod:`kg.serve.workers`), each stopped after a
time limit and capped in size, so one bad query cannot hold the server. The
server binds to loopback unless told otherwise and reads no file but the
build cache's store and its own page.

Example:
    >>> import tempfile, os
    >>> _ = os.environ.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
    >>> from werkzeug.test import Client
    >>> with Endpoint(workers=1) as endpoint:
    ...     reply = Client(endpoint).get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    ...     reply.status_code, reply.json["boolean"]
    (200, True)
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.errors import AnatomyKGError
from kg.serve.workers import GRAPH_TYPES, RESULT_TYPES, QueryPool, Result

__all__ = ["Endpoint", "serve", "MAX_QUERY_BYTES"]

#: The longest query text accepted (bytes); longer ones get 413.
MAX_QUERY_BYTES = 100_000
_PAGE = Path(__file__).parent / "web" / "index.html"
# format= names (SPARQLWrapper sends its own too): rows in one form, triples in the other
_FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "text/turtle"),
    "tsv": ("text/tab-separated-values", "text/turtle"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "ttl": ("application/sparql-results+json", "text/turtle"),
    "n3": ("application/sparql-results+json", "text/turtle"),
    "jsonld": ("application/sparql-results+json", "application/ld+json"),
    "json-ld": ("application/sparql-results+json", "application/ld+json"),
    "nt": ("application/sparql-results+json", "application/n-triples"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
    "rdf": ("application/sparql-results+xml", "application/rdf+xml"),
    "rdf+xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "rdfxml": ("application/sparql-results+xml", "application/rdf+xml"),
}
# what a client asking loosely gets, for rows and for triples
_LOOSE = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/plain": ("text/tab-separated-values", "application/n-triples"),
}
_DEFAULT = ("application/sparql-results+json", "text/turtle")
_MOST_ENTITIES_DRAWN = 1500
_OFFERED = [*RESULT_TYPES, *GRAPH_TYPES]


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class Endpoint:
    """The WSGI application; ``Endpoint()`` opens the cache and starts the workers.

    Args:
        ontology_dir: another ontology folder than the bundled one.
        workers: queries run at once (worker processes).
        timeout: seconds a query may run.
        max_bytes: the largest answer served.
        max_memory: the memory (address space) each worker may use, in bytes.
    """

    def __init__(
        self,
        ontology_dir: str | Path | None = None,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 50_000_000,
        max_memory: int = 4_000_000_000,
    ) -> None:
        from kg.sparql.queries import catalogue
        from kg.store.cache import open_store, store_entry

        self.ontology_dir = ontology_dir
        self.store = open_store(ontology_dir)
        self.queries = {q.name: q for q in catalogue()}
        self.pool = QueryPool(
            store_entry(ontology_dir) / "store",
            workers=workers,
            timeout=timeout,
            max_bytes=max_bytes,
            max_memory=max_memory,
        )
        self._net: Any = None
        self._net_lock = threading.Lock()

    # -- WSGI ---------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        try:
            response = self._route(request)
        except _Refused as exc:
            response = Response(
                str(exc) + "\n", exc.status, mimetype="text/plain", headers=exc.headers
            )
        except AnatomyKGError as exc:
            response = Response(str(exc) + "\n", 400, mimetype="text/plain")
        except Exception:  # a bug of ours: say so plainly, keep the details in the log
            traceback.print_exc(file=sys.stderr)
            response = Response(
                "internal error: the server failed on this request (details in its log)\n",
                500,
                mimetype="text/plain",
            )
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response(environ, start_response)

    def _route(self, request: Any) -> Any:
        from werkzeug.wrappers import Response

        path = request.path.rstrip("/") or "/"
        if request.method == "OPTIONS":  # a browser's CORS preflight (YASGUI and the like)
            return Response(status=204, headers={
                "Allow": "GET, POST, OPTIONS",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            })  # fmt: skip
        if path == "/update":
            raise _Refused(403, "updates are not allowed: this endpoint is read-only")
        if path == "/sparql":
            return self._sparql(request)
        if request.method not in ("GET", "HEAD"):
            raise _Refused(
                405, f"{request.method} is not allowed here; use GET", {"Allow": "GET, HEAD"}
            )
        if path == "/":
            return Response(_PAGE.read_bytes(), mimetype="text/html")
        if path == "/health":
            live = self.pool.live
            if not live:
                raise _Refused(503, "no query workers are running")
            return Response(f"ok ({live} query workers)\n", mimetype="text/plain")
        if path == "/catalogue":
            return self._catalogue_list()
        if path.startswith("/catalogue/"):
            return self._catalogue_run(request, path.removeprefix("/catalogue/"))
        if path == "/draw":
            return self._draw(request)
        raise _Refused(404, f"nothing at {path}; the SPARQL endpoint is /sparql")

    # -- the protocol ---------------------------------------------------------

    def _sparql(self, request: Any) -> Any:
        text = _query_text(request)
        return self._answer(self._checked(text), _accept(request))

    def _checked(self, text: str) -> str:
        if not text.strip():
            raise _Refused(400, "the query is empty")
        if len(text.encode()) > MAX_QUERY_BYTES:
            raise _Refused(413, f"the query is longer than {MAX_QUERY_BYTES:,} bytes")
        return text

    def _answer(self, text: str, accept: tuple[str, str]) -> Any:
        from werkzeug.wrappers import Response

        result: Result = self.pool.run(text, accept)
        return Response(result.body, result.status, content_type=result.media_type)

    # -- the catalogue --------------------------------------------------------

    def _catalogue_list(self) -> Any:
        from werkzeug.wrappers import Response

        entries = [
            {**q.to_dict(), "text": q.text}
            for q in sorted(self.queries.values(), key=lambda q: q.name)
        ]
        return Response(json.dumps(entries), mimetype="application/json")

    def bound_query(self, name: str, given: Mapping[str, str]) -> str:
        """Catalogue query ``name`` with ``given`` bound as a VALUES block (as the CLI binds).

        Raises:
            QueryError: unknown query or parameter, or a value that names nothing.
        """
        from kg.errors import QueryError
        from kg.sparql.parameters import bind_params
        from kg.store.values import values_first

        entry = self.queries.get(name)
        if entry is None:
            raise QueryError(f"no catalogue query called {name!r}; see /catalogue")
        terms = bind_params(self.store, entry.params, given, query=entry.name)
        if not terms:
            return entry.text
        bound = values_first(entry.text, terms)
        if bound is None:
            raise QueryError(f"{name}: its parameters cannot be bound on this endpoint")
        return bound

    def _catalogue_run(self, request: Any, name: str) -> Any:
        given = {k: v for k, v in request.args.items() if k != "format"}
        return self._answer(self.bound_query(name, given), _accept(request))

    # -- drawing --------------------------------------------------------------

    def _draw(self, request: Any) -> Any:
        from werkzeug.wrappers import Response

        from kg.output.pictures import network, to_html

        name = request.args.get("name")
        if name:
            given = {k: v for k, v in request.args.items() if k not in ("name", "format")}
            text = self.bound_query(name, given)
        else:
            text = self._checked(request.args.get("query", ""))
        result = self.pool.run(text, ("application/sparql-results+json", "application/ld+json"))
        if result.status != 200:
            return Response(result.body, result.status, content_type=result.media_type)
        data = json.loads(result.body)
        if not isinstance(data, dict) or "results" not in data:
            raise _Refused(400, "only SELECT answers can be drawn")
        iris = {
            value["value"]
            for row in data["results"]["bindings"]
            for value in row.values()
            if value.get("type") == "uri"
        }
        if len(iris) > _MOST_ENTITIES_DRAWN:
            raise _Refused(
                413,
                f"the answer names {len(iris):,} structures; draw at most"
                f" {_MOST_ENTITIES_DRAWN:,} (add a LIMIT)",
            )
        page = network(self.store, entities=iris, net=self._network())
        return Response(to_html(page), mimetype="text/html")

    def _network(self) -> Any:
        """The networkx view of the store, made once (the store never changes while served)."""
        with self._net_lock:
            if self._net is None:
                from kg.anatomy.networks import to_networkx

                self._net = to_networkx(self.store)
            return self._net

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _query_text(request: Any) -> str:
    """The query of a SPARQL Protocol request, or a clear refusal."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise _Refused(403, "updates are not allowed: this endpoint is read-only")
        if "query" not in request.args:
            raise _Refused(400, "missing the query parameter (GET /sparql?query=...)")
        return _one(request.args.getlist("query"))
    if request.method != "POST":
        raise _Refused(
            405,
            f"{request.method} is not allowed; use GET or POST",
            {"Allow": "GET, HEAD, POST, OPTIONS"},
        )
    if request.content_length and request.content_length > MAX_QUERY_BYTES:
        raise _Refused(413, f"the request body is longer than {MAX_QUERY_BYTES:,} bytes")
    kind = request.mimetype
    if kind == "application/sparql-query":
        try:
            return request.get_data(as_text=False).decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, "the query is not UTF-8 text") from None
    if kind == "application/x-www-form-urlencoded":
        if "update" in request.form:
            raise _Refused(403, "updates are not allowed: this endpoint is read-only")
        if "query" not in request.form:
            raise _Refused(400, "missing the query field in the form")
        return _one(request.form.getlist("query"))
    if kind == "application/sparql-update":
        raise _Refused(403, "updates are not allowed: this endpoint is read-only")
    raise _Refused(
        415,
        f"cannot read a {kind or 'body without a content type'}; send "
        "application/sparql-query or application/x-www-form-urlencoded",
    )


def _one(values: list[str]) -> str:
    if len(values) != 1:
        raise _Refused(400, "give exactly one query")
    return values[0]


def _accept(request: Any) -> tuple[str, str]:
    """The media types to answer in, for rows and for triples: ``format=``, else Accept."""
    named = request.values.get("format")
    if named:
        chosen = _FORMAT_NAMES.get(named.lower())
        if chosen is None and named in RESULT_TYPES:
            chosen = (named, _DEFAULT[1])
        if chosen is None and named in GRAPH_TYPES:
            chosen = (_DEFAULT[0], named)
        if chosen is None:
            known = ", ".join(sorted(_FORMAT_NAMES))
            raise _Refused(406, f"unknown format {named!r} (known: {known})")
        return chosen
    accept = request.accept_mimetypes
    if not accept or accept.best in (None, "*/*"):
        return _DEFAULT
    rows = accept.best_match(list(RESULT_TYPES))
    triples = accept.best_match(list(GRAPH_TYPES))
    for loose, (loose_rows, loose_triples) in _LOOSE.items():
        if accept[loose]:
            rows, triples = rows or loose_rows, triples or loose_triples
    if rows is None and triples is None:
        offered = ", ".join([*RESULT_TYPES, *GRAPH_TYPES])
        raise _Refused(406, f"cannot answer in {accept}; offered: {offered}")
    return rows or _DEFAULT[0], triples or _DEFAULT[1]


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    ontology_dir: str | Path | None = None,
    workers: int = 2,
    threads: int = 8,
    timeout: float = 10.0,
    max_bytes: int = 50_000_000,
    max_memory: int = 4_000_000_000,
) -> None:
    """Serve until interrupted (``anatomy-kg serve``); port 0 picks a free one."""
    from waitress import create_server

    from kg.errors import OutputError

    endpoint = Endpoint(
        ontology_dir, workers=workers, timeout=timeout, max_bytes=max_bytes, max_memory=max_memory
    )
    try:
        server = create_server(
            endpoint,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_QUERY_BYTES * 4,
            max_request_header_size=MAX_QUERY_BYTES * 4,
            channel_timeout=60,
            ident="anatomy-kg",
        )
    except (OSError, ValueError) as exc:
        endpoint.close()
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(f"cannot listen on {host}:{port} ({reason})") from None
    # waitress notes every moment all its threads are busy; queued requests are normal here
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.effective_port}"
    if not _is_loopback(host):
        print(f"warning: serving on {host}, reachable from other machines", file=sys.stderr)
    print(f"serving the SPARQL endpoint at {url}/sparql and the query page at {url}/", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        endpoint.close()
