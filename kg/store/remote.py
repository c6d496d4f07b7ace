"""Talk to other triple stores: a remote SPARQL endpoint, and pushing the graph to one.

:class:`RemoteStore` answers ``query()`` the way a pyoxigraph ``Store`` does,
over the SPARQL 1.1 Protocol, so the catalogue, the quick path and ``ask``
run unchanged against any endpoint (``--endpoint URL``). :func:`push` uploads
the built graph with the SPARQL 1.1 Graph Store Protocol (``HTTP PUT``,
which replaces the graph, so pushing twice leaves one copy).

Example:
    >>> RemoteStore("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    kg.errors.RemoteError: ftp://example.org/sparql: give an http:// or https:// URL
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import RemoteError

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["RemoteStore", "push"]

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


def _checked_url(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RemoteError(f"{url}: give an http:// or https:// URL")
    return url


#: The largest answer read from a remote store (bytes).
MAX_ANSWER_BYTES = 2_000_000_000


def _opener() -> urllib.request.OpenerDirector:
    """HTTP(S) only: no redirect may lead a request to ftp: or file:."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    return opener


def _send(request: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
    """The response's content type and body; a :class:`RemoteError` for anything else."""
    try:
        with _opener().open(request, timeout=timeout) as response:
            body = response.read(MAX_ANSWER_BYTES + 1)
            if len(body) > MAX_ANSWER_BYTES:
                raise RemoteError(
                    f"{request.full_url}: the answer is larger than {MAX_ANSWER_BYTES:,} bytes"
                )
            return response.headers.get_content_type(), body
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace").strip().splitlines()
        said = f": {detail[0]}" if detail else ""
        raise RemoteError(f"{request.full_url}: the server answered {exc.code}{said}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{request.full_url}: cannot reach it ({reason})") from None


class RemoteStore:
    """A SPARQL endpoint queried like a pyoxigraph ``Store`` (read-only).

    Args:
        url: the endpoint's query URL (``…/sparql``, Oxigraph's ``…/query``).
        timeout: seconds to wait for an answer.
    """

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        self.url = _checked_url(url)
        self.timeout = timeout

    def query(
        self,
        text: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        substitutions: Mapping[Any, Any] | None = None,
    ) -> Any:
        """Answer as ``pyoxigraph.Store.query`` does: solutions, a boolean or triples.

        Raises:
            RemoteError: the endpoint cannot be reached or refuses the query.
        """
        import pyoxigraph as ox

        from kg.store.values import values_first

        if substitutions:
            bound = values_first(text, {v.value: term for v, term in substitutions.items()})
            if bound is None:
                raise RemoteError(f"{self.url}: cannot bind values into this query")
            text = bound
        declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
        missing = {k: v for k, v in (prefixes or {}).items() if k.lower() not in declared}
        text = "".join(f"PREFIX {k}: <{v}>\n" for k, v in missing.items()) + text
        request = urllib.request.Request(
            self.url,
            data=text.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": f"{_RESULTS}, {_TRIPLES};q=0.9",
            },
        )
        kind, body = _send(request, self.timeout)
        try:
            if kind == _TRIPLES:
                return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"{self.url}: the answer is not {kind} ({exc})") from None


def remote_store(endpoint: str, ontology_dir: str | Path | None = None) -> GraphStore:
    """A SPARQL endpoint read like the local store: its own names, the local schema's vocabulary.

    Raises:
        RemoteError: the endpoint cannot be reached or refuses a query.
    """
    from kg.store.cache import names_in, open_store
    from kg.store.local import GraphStore

    engine = RemoteStore(endpoint)
    return GraphStore(engine, names_in(engine), open_store(ontology_dir).vocabulary)


def push(
    endpoint: str,
    *,
    graph_iri: str | None = None,
    ontology_dir: str | Path | None = None,
    timeout: float = 300.0,
) -> int:
    """PUT the built graph to a Graph Store Protocol ``endpoint``; return its triple count.

    The graph replaces the default graph, or the named graph ``graph_iri``.

    Raises:
        RemoteError: the store cannot be reached or refuses the upload.
        SourceError: the sources have problems.
    """
    from kg.store.cache import ntriples

    _checked_url(endpoint)
    if graph_iri is not None and not re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|\\^`]+", graph_iri):
        raise RemoteError(f"{graph_iri!r} is not an absolute IRI for --graph")
    body, count = ntriples(ontology_dir)
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    request = urllib.request.Request(
        f"{endpoint}{joiner}{query}",
        data=body,
        method="PUT",
        headers={"Content-Type": f"{_TRIPLES}; charset=utf-8"},
    )
    _send(request, timeout)
    return count
