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
    >>> from kg.store.cache import open_store, store_entry
    >>> _ = open_store()
    >>> accept = ("application/sparql-results+json", "text/turtle")
    >>> with QueryPool(store_entry() / "store", workers=1) as pool:
    ...     pool.run("ASK { ?s ?p ?o }", accept).body
    b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
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


def answer_in(store: Any, text: str, accept: tuple[str, str], max_bytes: int) -> Result:
    """Run ``text`` on ``store`` and serialise the answer (a worker's job).

    ``accept`` holds the media types the client prefers for rows (one of
    :data:`RESULT_TYPES`) and for triples (one of :data:`GRAPH_TYPES`): which
    applies is known only once the query has run.
    """
    import pyoxigraph as ox

    from kg.store.values import is_update, uses_service

    if is_update(text):
        return _error(403, "updates are not allowed: this endpoint is read-only")
    if uses_service(text):
        return _error(
            403,
            "SERVICE is not allowed: queries run on this graph only"
            " (the word 'service' is refused anywhere in a query)",
        )
    try:
        result = store.query(text, prefixes=_QUERY_PREFIXES)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (ValueError, OSError, RuntimeError) as exc:
        return _error(400, f"the query failed: {exc}")
    sink = _CappedBuffer(max_bytes)
    try:
        rows_media, triples_media = accept
        if isinstance(result, ox.QueryTriples):
            media = triples_media
            result.serialize(sink, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]))
        else:
            media = rows_media
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


def _work(store_path: str, max_bytes: int, max_memory: int, connection: Any) -> None:
    """A worker's loop: cap its memory, open the store, answer queries until told to stop."""
    import resource

    import pyoxigraph as ox

    # a query can build huge values in memory (CONCAT doubling) while its answer
    # stays small: past this address-space limit the worker dies and is replaced
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
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
    def __init__(self, context: Any, store_path: str, max_bytes: int, max_memory: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_work, args=(store_path, max_bytes, max_memory, child), daemon=True
        )
        self.process.start()
        child.close()
        try:
            ready = self.connection.poll(60) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RuntimeError(f"a query worker could not open {store_path}")

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """Worker processes answering queries, each with a time limit and a size cap.

    Args:
        store_path: the read-only Oxigraph store (see :func:`kg.store.cache.store_entry`).
        workers: how many queries may run at once.
        timeout: seconds a query may run before its worker is killed.
        max_bytes: the largest serialised answer served.
        max_memory: the address space a worker may use (bytes).
        wait: seconds a request may wait for a free worker before a 503.
    """

    def __init__(
        self,
        store_path: str | Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 50_000_000,
        max_memory: int = 4_000_000_000,
        wait: float = 30.0,
    ) -> None:
        self.store_path = str(store_path)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_memory = max_memory
        self.wait = wait
        self.closed = False
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.store_path, self.max_bytes, self.max_memory)
        with self._lock:
            if self.closed:
                worker.stop()
                return
            self._all.append(worker)
        self._idle.put(worker)

    def _add_until_it_works(self) -> None:
        """Start a replacement, retrying: the store may be briefly away (being rebuilt)."""
        import time

        delay = 0.5
        while not self.closed:
            try:
                self._add()
                return
            except RuntimeError as exc:
                print(f"anatomy-kg: {exc}; retrying in {delay:g} s", file=sys.stderr)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        threading.Thread(target=self._add_until_it_works, daemon=True).start()

    @property
    def live(self) -> int:
        """How many workers are running now."""
        with self._lock:
            return sum(worker.process.is_alive() for worker in self._all)

    def run(self, text: str, accept: tuple[str, str]) -> Result:
        """Answer one query (see :func:`answer_in`); 503 when it runs too long or waits too long."""
        if self.closed:
            return _error(503, "the server is shutting down")
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
            return _error(
                503,
                "the query stopped its worker (most likely by using more memory than this"
                " server allows); the worker is being restarted",
            )
        self._idle.put(worker)
        return Result(status, media_type, body)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self.closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
        while not self._idle.empty():
            self._idle.get_nowait()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
