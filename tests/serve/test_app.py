"""anatomy-kg serve (#7): the SPARQL 1.1 Protocol for a real client, read-only, bounded, offline."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException
from textbook import TIBIAL_NERVE_MUSCLES

ROOT = Path(__file__).parents[2]
PREFIXES = (
    "PREFIX akg: <https://w3id.org/anatomy-kg/schema#>\n"
    "PREFIX anat: <https://w3id.org/anatomy-kg/id/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
TIBIAL_QUERY = (
    PREFIXES + "SELECT ?l WHERE { ?m akg:innervatedBy anat:tibial_nerve ; rdfs:label ?l }"
)
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A running ``anatomy-kg serve`` on a free loopback port (2 s, 300 kB, 800 MB a worker)."""
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "ANATOMY_KG_CACHE": os.environ["ANATOMY_KG_CACHE"],
    }
    args = ["--port", "0", "--timeout", "2", "--max-bytes", "300000", "--workers", "2",
            "--max-memory", "800"]  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
    assert found, line + (process.stderr.read() if process.stderr else "")
    yield found.group(1)
    process.terminate()
    process.wait(30)


def _get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    return _open(request)


def _open(request: urllib.request.Request) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def _client(server: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def _triples(server: str) -> int:
    client = _client(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


# --- a real client ------------------------------------------------------------


def test_sparqlwrapper_select_gets_the_textbook_answer(server):
    result = _client(server, TIBIAL_QUERY).queryAndConvert()
    assert {row["l"]["value"] for row in result["results"]["bindings"]} == TIBIAL_NERVE_MUSCLES


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_get_and_post_agree(server, method):
    client = _client(server, TIBIAL_QUERY)
    client.setMethod(method)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert {row["l"]["value"] for row in rows} == TIBIAL_NERVE_MUSCLES


def test_sparqlwrapper_ask(server):
    assert _client(server, PREFIXES + "ASK { anat:soleus akg:innervatedBy anat:tibial_nerve }")\
        .queryAndConvert()["boolean"] is True  # fmt: skip
    assert _client(server, PREFIXES + "ASK { anat:soleus akg:innervatedBy anat:femoral_nerve }")\
        .queryAndConvert()["boolean"] is False  # fmt: skip


def test_sparqlwrapper_construct(server):
    pattern = "?m akg:innervatedBy anat:tibial_nerve"
    query = PREFIXES + f"CONSTRUCT {{ {pattern} }} WHERE {{ {pattern} }}"
    graph = _client(server, query, TURTLE).queryAndConvert()
    graph = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="turtle")
    assert len(graph) == len(TIBIAL_NERVE_MUSCLES)


def test_sparqlwrapper_other_result_formats(server):
    xml = _client(server, TIBIAL_QUERY, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == len(TIBIAL_NERVE_MUSCLES)
    csv_text = _client(server, TIBIAL_QUERY, CSV).queryAndConvert().decode()
    assert set(csv_text.split()[1:]) >= {"soleus", "plantaris"}


def test_sparqlwrapper_errors(server):
    with pytest.raises(QueryBadFormed):
        _client(server, "SELECT ?x WHERE { ?x").queryAndConvert()
    before = _triples(server)
    update = _client(server, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    update.setMethod("POST")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        update.query()
    assert _triples(server) == before


# --- the protocol by hand -------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"l\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?l\n"),
        ("application/json", "application/sparql-results+json", b'"bindings"'),
        (None, "application/sparql-results+json", b'"bindings"'),
    ],
)
def test_select_results_by_content_negotiation(server, accept, media, marker):
    query = urllib.parse.quote(TIBIAL_QUERY)
    status, kind, body = _get(f"{server}/sparql?query={query}", accept)
    assert (status, kind) == (200, media)
    assert marker in body and b"soleus" in body


@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
     ("application/n-triples", "application/n-triples")],
)  # fmt: skip
def test_graph_results_as_turtle_and_json_ld(server, accept, media):
    query = PREFIXES + "DESCRIBE anat:soleus"
    status, kind, body = _get(f"{server}/sparql?query={urllib.parse.quote(query)}", accept)
    assert (status, kind) == (200, media)
    graph = Graph().parse(data=body, format={"text/turtle": "turtle",
                          "application/ld+json": "json-ld",
                          "application/n-triples": "nt"}[media])  # fmt: skip
    assert len(graph) > 10


def test_post_bodies_and_forms_agree(server):
    direct = urllib.request.Request(
        f"{server}/sparql", data=TIBIAL_QUERY.encode(), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )  # fmt: skip
    form = urllib.request.Request(
        f"{server}/sparql", data=urllib.parse.urlencode({"query": TIBIAL_QUERY}).encode(),
        method="POST", headers={"Accept": "text/csv"},
    )  # fmt: skip
    first, second = _open(direct), _open(form)
    assert first[0] == second[0] == 200
    assert sorted(first[2].split()) == sorted(second[2].split())


def test_catalogue_over_http(server):
    status, _, body = _get(f"{server}/catalogue")
    assert status == 200
    names = {entry["name"] for entry in json.loads(body)}
    assert {"muscles-innervated-by", "nerve-roots"} <= names
    status, _, body = _get(f"{server}/catalogue/muscles-innervated-by?nerve=tibial%20nerve")
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and {row["muscleLabel"]["value"] for row in rows} == TIBIAL_NERVE_MUSCLES
    status, _, body = _get(f"{server}/catalogue/muscles-innervated-by?nerve=soleus")
    assert status == 400 and b"is not a nerve" in body


# --- read-only, bounded, and refusing bad input clearly -----------------------


@pytest.mark.parametrize(
    "request_",
    [
        ("POST", "/sparql", "application/sparql-update", "DROP ALL"),
        ("POST", "/sparql", "application/x-www-form-urlencoded", "update=DROP%20ALL"),
        ("POST", "/sparql", "application/sparql-query", "CLEAR DEFAULT"),
        ("POST", "/update", "application/sparql-update", "INSERT DATA { <a:a> <a:b> <a:c> }"),
        ("GET", "/sparql?query=LOAD%20%3Cfile%3A%2F%2F%2Fetc%2Fpasswd%3E", None, None),
        ("GET", "/sparql?update=DROP%20ALL", None, None),
    ],
)
def test_updates_are_refused_and_change_nothing(server, request_):
    method, path, kind, body = request_
    before = _triples(server)
    request = urllib.request.Request(
        server + path, data=body.encode() if body else None, method=method,
        headers={"Content-Type": kind} if kind else {},
    )  # fmt: skip
    status, _, text = _open(request)
    assert status == 403 and b"read-only" in text
    assert _triples(server) == before


@pytest.mark.parametrize(
    ("path", "kind", "body", "status", "says"),
    [
        ("/sparql", None, None, 400, b"missing the query"),
        ("/sparql", "text/plain", b"SELECT * WHERE {?s ?p ?o}", 415, b"cannot read a text/plain"),
        ("/sparql", "application/sparql-query", b"", 400, b"empty"),
        ("/sparql", "application/sparql-query", b"\xff\xfe", 400, b"UTF-8"),
        ("/sparql", "application/sparql-query", b"SELECT * WHERE { ?s ?p ?o }" + b" " * 200_000,
         413, b"longer"),
        ("/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D&format=png", None, None, 406,
         b"unknown format"),
        ("/nowhere", None, None, 404, b"nothing at"),
        ("/..%2F..%2Fetc%2Fpasswd", None, None, 404, b"nothing at"),
    ],
)  # fmt: skip
def test_malformed_requests_get_a_clear_4xx(server, path, kind, body, status, says):
    request = urllib.request.Request(
        server + path, data=body, method="POST" if body is not None else "GET",
        headers={"Content-Type": kind} if kind else {},
    )  # fmt: skip
    got, _, text = _open(request)
    assert got == status, text
    assert says in text
    assert _get(f"{server}/health")[2].startswith(b"ok")


def test_garbage_on_the_socket_leaves_the_server_running(server):
    host, port = urllib.parse.urlsplit(server).hostname, urllib.parse.urlsplit(server).port
    for junk in (b"\x00\x01\x02 garbage\r\n\r\n", b"GET /" + b"a" * 900_000 + b" HTTP/1.1\r\n\r\n",
                 b"POST /sparql HTTP/1.1\r\nContent-Length: -5\r\n\r\n"):  # fmt: skip
        with socket.create_connection((host, port), timeout=30) as raw:
            try:
                raw.sendall(junk)
                reply = raw.recv(200)
            except OSError:  # the server may close on us mid-send: also fine
                reply = b"HTTP/1.1 400"
        assert re.match(rb"HTTP/1\.[01] 4\d\d", reply) or reply == b"", reply
    assert _get(f"{server}/health")[2].startswith(b"ok")


def test_no_file_or_network_is_reached(server):
    for query in ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                  "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }"):  # fmt: skip
        status, _, body = _get(f"{server}/sparql?query={urllib.parse.quote(query)}")
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
    for service in (
        f"SELECT * WHERE {{ SERVICE <{server}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{server}/sparql#> SELECT * WHERE {{ SERVICE:x{{ ?s ?p ?o }} }}",
    ):
        status, _, body = _get(f"{server}/sparql?query={urllib.parse.quote(service)}")
        assert status == 403 and b"SERVICE is not allowed" in body


@pytest.mark.slow
def test_a_runaway_query_is_stopped_and_others_are_served_meanwhile(server):
    outcome: dict[str, tuple[int, float]] = {}

    def slow() -> None:
        start = time.perf_counter()
        status, _, _ = _get(f"{server}/sparql?query={urllib.parse.quote(ENDLESS)}")
        outcome["slow"] = (status, time.perf_counter() - start)

    runner = threading.Thread(target=slow)
    runner.start()
    time.sleep(0.3)
    start = time.perf_counter()
    status, _, body = _get(f"{server}/sparql?query={urllib.parse.quote(TIBIAL_QUERY)}")
    quick = time.perf_counter() - start
    runner.join(60)
    assert status == 200 and b"soleus" in body
    slow_status, slow_seconds = outcome["slow"]
    assert slow_status == 503 and slow_seconds < 30
    assert quick < slow_seconds  # answered while the runaway query was still running
    assert {row["l"]["value"] for row in _client(server, TIBIAL_QUERY).queryAndConvert()[
        "results"]["bindings"]} == TIBIAL_NERVE_MUSCLES  # fmt: skip


@pytest.mark.slow
def test_a_query_that_eats_memory_is_stopped_and_the_server_recovers(server):
    doubling = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30))
    query = f'SELECT (STRLEN(?a30) AS ?n) WHERE {{ BIND("xxxxxxxxxx" AS ?a0) {doubling} }}'
    status, _, body = _get(f"{server}/sparql?query={urllib.parse.quote(query)}")
    assert status == 503 and b"memory" in body
    for _ in range(100):  # the replacement worker starts in the background
        if _get(f"{server}/health")[2].startswith(b"ok (2"):
            break
        time.sleep(0.1)
    assert {row["l"]["value"] for row in _client(server, TIBIAL_QUERY).queryAndConvert()[
        "results"]["bindings"]} == TIBIAL_NERVE_MUSCLES  # fmt: skip


def test_an_answer_past_the_size_cap_is_refused(server):
    status, _, body = _get(
        f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')}"
    )
    assert status == 413 and b"LIMIT" in body
    small = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    assert _get(f"{server}/sparql?query={urllib.parse.quote(small)}")[0] == 200


@pytest.mark.slow
def test_eight_clients_two_hundred_queries_each_zero_errors(server):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from load import hammer  # the generator benchmarks/load.py measures with

    report = hammer(server, threads=8, per_thread=200)
    assert report.requests == 1600
    assert report.errors == [] and report.wrong == []


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    [
        ("format=xml", None, "application/rdf+xml"),  # the XML form of triples
        ("format=n3", None, "text/turtle"),
        ("format=rdf", None, "application/rdf+xml"),
        ("format=json", None, "application/ld+json"),
        ("", "application/sparql-results+xml, application/rdf+xml", "application/rdf+xml"),
        ("", "application/sparql-results+json, application/n-triples;q=0.9",
         "application/n-triples"),
    ],
)  # fmt: skip
def test_triples_are_negotiated_as_triples(server, query, accept, media):
    text = urllib.parse.quote(PREFIXES + "DESCRIBE anat:soleus")
    status, kind, _ = _get(f"{server}/sparql?query={text}&{query}", accept)
    assert (status, kind) == (200, media)


def test_browser_preflight_and_method_errors(server):
    preflight = urllib.request.Request(f"{server}/sparql", method="OPTIONS")
    with urllib.request.urlopen(preflight, timeout=30) as response:
        assert response.status == 204
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    for path in ("/sparql", "/health"):
        request = urllib.request.Request(f"{server}{path}", data=b"x", method="PUT")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 405 and "GET" in refused.value.headers["Allow"]


def test_drawing_refuses_triples_and_oversized_answers(server):
    construct = urllib.parse.quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    status, _, body = _get(f"{server}/draw?query={construct}")
    assert status == 400 and b"only SELECT" in body
    many = 'SELECT (IRI(CONCAT("http://x/", STRUUID())) AS ?x) WHERE { ?s ?p ?o } LIMIT 2000'
    everything = urllib.parse.quote(many)
    status, _, body = _get(f"{server}/draw?query={everything}")
    assert status == 413 and b"LIMIT" in body


def test_our_endpoint_serves_the_remote_client(server):
    from kg.store.remote import RemoteStore

    triples = RemoteStore(f"{server}/sparql").query(PREFIXES + "DESCRIBE anat:soleus")
    assert len(triples) > 10  # CONSTRUCT and DESCRIBE come back as N-Triples when asked


def test_a_busy_port_is_a_clear_error(server, cli):
    port = urllib.parse.urlsplit(server).port
    result = cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert "cannot listen on 127.0.0.1" in result.stderr and "Traceback" not in result.stderr


# --- the page -------------------------------------------------------------------


def test_page_and_drawing_are_offline(server):
    status, kind, page = _get(f"{server}/")
    assert (status, kind) == (200, "text/html")
    assert not re.search(rb"(src|href)=[\"']https?://", page)
    status, kind, drawing = _get(f"{server}/draw?name=muscles-innervated-by&nerve=tibial%20nerve")
    assert (status, kind) == (200, "text/html")
    from kg.output.pictures import data_of, external_references

    assert external_references(drawing.decode()) == []
    labels = {node["label"] for node in data_of(drawing.decode())["nodes"]}
    assert TIBIAL_NERVE_MUSCLES <= labels


@pytest.mark.slow
def test_page_runs_a_catalogue_query_and_draws_it_in_chromium(server, tmp_path):
    address = f"{server}/?name=muscles-innervated-by&nerve=tibial%20nerve&draw=1"
    result = chromium(address, tmp_path, "--dump-dom")
    dom = result.stdout
    assert 'data-ready="true"' in dom, result.stderr[-2000:]
    assert 'data-rows="7"' in dom
    for muscle in TIBIAL_NERVE_MUSCLES:
        assert f">{muscle}<" in dom
    assert 'data-drawn="true"' in dom and "/draw?" in dom
