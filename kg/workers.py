"""Run SPARQL in worker processes that can be stopped: a time limit and a size cap per query.

A query Oxigraph is evaluating cannot be interrupted from Python, so the
server never runs one in its own process. Each worker opens the read-only
store of the build cache, answers one query at a time and writes the result
straight into the requested format (pyoxigraph's serialisers). A query that
runs past its time limit has its worker killed and replaced; one whose result
grows past the size cap is stopped by the writer. Other clients meanwhile
are served by the other workers.

Example:
    >>> import tempfile, os
    >>> _ = os.environ.setdefault("ANATOMY_KG_CACHE", tempfile.mkdtemp())
    >>> from kg.cache import open_store, store_entry
    >>> _ = open_store()
    >>> with QueryPool(store_entry() / "store", workers=1) as pool:
    ...     pool.run("ASK { ?s ?p ?o }", "application/sparql-results+json").body
    b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.namespaces import PREFIXES

__all__ = ["QueryPool", "Result", "RESULT_TYPES", "GRAPH_TYPES"]

#: Media types for SELECT and ASK results, with pyoxigraph's format names.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: Media types for CONSTRUCT and DESCRIBE results.
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
_QUERY_PREFIXES = {**PREFIXES, "xsd": "http://www.w3.org/2001/XMLSchema#"}


@dataclass(frozen=True)
class Result:
    """What a query gave: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes


class _TooLarge(Exception):
    pass


class _CappedBuffer:
    """A file-like sink that refuses to hold more than ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _error(status: int, message: str) -> Result:
    return Result(status, "text/plain; charset=utf-8", (message + "\n").encode())


def answer_in(store: Any, text: str, accept: str, max_bytes: int) -> Result:
    """Run ``text`` on ``store`` and serialise the answer as ``accept`` asks (a worker's job).

    ``accept`` is a media type of :data:`RESULT_TYPES` or :data:`GRAPH_TYPES`;
    the caller has chosen it by content negotiation, so a CONSTRUCT asked for
    as JSON gets JSON-LD and a SELECT asked for as Turtle gets SPARQL JSON.
    """
    import pyoxigraph as ox

    from kg.inline import is_update, uses_service

    if is_update(text):
        return _error(403, "updates are not allowed: this endpoint is read-only")
    if uses_service(text):
        return _error(403, "SERVICE is not allowed: queries run on this graph only")
    try:
        result = store.query(text, prefixes=_QUERY_PREFIXES)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (ValueError, OSError, RuntimeError) as exc:
        return _error(400, f"the query failed: {exc}")
    sink = _CappedBuffer(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            media = accept if accept in GRAPH_TYPES else "text/turtle"
            if accept == "application/sparql-results+json":
                media = "application/ld+json"
            result.serialize(sink, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]))
        else:
            media = accept if accept in RESULT_TYPES else "application/sparql-results+json"
            result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULT_TYPES[media]))
    except _TooLarge:
        return _error(
            413,
            f"the answer is larger than this server's limit of {max_bytes:,} bytes;"
            " add a LIMIT or ask for fewer columns",
        )
    except (ValueError, OSError, RuntimeError) as exc:
        return _error(400, f"the query failed: {exc}")
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Result(200, media + charset, b"".join(sink.parts))


def _work(store_path: str, max_bytes: int, connection: Any) -> None:
    """A worker's loop: open the store, then answer queries until told to stop."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        text, accept = request
        result = answer_in(store, text, accept, max_bytes)
        connection.send((result.status, result.media_type, result.body))


class _Worker:
    def __init__(self, context: Any, store_path: str, max_bytes: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_work, args=(store_path, max_bytes, child), daemon=True
        )
        self.process.start()
        child.close()
        if not self.connection.poll(60) or self.connection.recv() != "ready":
            self.process.kill()
            raise RuntimeError(f"a query worker could not open {store_path}")

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """Worker processes answering queries, each with a time limit and a size cap.

    Args:
        store_path: the read-only Oxigraph store (see :func:`kg.cache.store_entry`).
        workers: how many queries may run at once.
        timeout: seconds a query may run before its worker is killed.
        max_bytes: the largest serialised answer served.
        wait: seconds a request may wait for a free worker before a 503.
    """

    def __init__(
        self,
        store_path: str | Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 50_000_000,
        wait: float = 30.0,
    ) -> None:
        self.store_path = str(store_path)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.wait = wait
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.store_path, self.max_bytes)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        threading.Thread(target=self._add, daemon=True).start()

    def run(self, text: str, accept: str) -> Result:
        """Answer one query (see :func:`answer_in`); 503 when it runs too long or waits too long."""
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return _error(503, "the server is busy; try again shortly")
        try:
            worker.connection.send((text, accept))
            if not worker.connection.poll(self.timeout):
                self._replace(worker)
                return _error(
                    503, f"the query was stopped after {self.timeout:g} s (this server's limit)"
                )
            status, media_type, body = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return _error(500, "the query worker stopped unexpectedly; it has been restarted")
        self._idle.put(worker)
        return Result(status, media_type, body)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
