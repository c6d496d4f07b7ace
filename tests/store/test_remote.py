"""Push to a real triple store and run commands against it (#7): the Oxigraph server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import RemoteError
from kg.store.remote import RemoteStore, push


def _oxigraph_command() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is a test dependency: pip install '.[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# each starts an Oxigraph server
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port; yields its base URL."""
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [_oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("oxigraph serve did not start: " + process.stderr.read().decode()[-500:])
    yield base
    process.terminate()
    process.wait(30)


def _count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    rows = RemoteStore(f"{base}/query").query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(next(iter(rows))["n"].value)


def test_push_round_trips_the_graph_through_oxigraph(oxigraph, graph, cli):
    assert push(f"{oxigraph}/store") == len(graph)
    assert _count(oxigraph) == len(graph)
    result = cli("push", "--endpoint", f"{oxigraph}/store")  # again: PUT replaces, no duplicates
    assert result.returncode == 0, result.stderr
    assert f"pushed {len(graph)} triples" in result.stdout
    assert _count(oxigraph) == len(graph)
    back = RemoteStore(f"{oxigraph}/query").query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(back) == len(graph)
    named = "https://w3id.org/anatomy-kg/graph/test"
    assert cli("push", "--endpoint", f"{oxigraph}/store", "--graph", named).returncode == 0
    assert _count(oxigraph, named) == len(graph)


def test_catalogue_runs_unchanged_on_the_remote_store(oxigraph, cli):
    push(f"{oxigraph}/store")
    for args in (["muscles-innervated-by", "-p", "nerve=tibial nerve"],
                 ["nerve-roots", "-p", "nerve=sciatic nerve", "--format", "tsv"],
                 ["muscle-facts", "-p", "muscle=soleus", "-p", "relation=origin"]):  # fmt: skip
        local = cli("query", *args)
        remote = cli("query", *args, "--endpoint", f"{oxigraph}/query")
        assert remote.returncode == 0, remote.stderr
        assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    sparql = "SELECT ?m WHERE { ?m <https://w3id.org/anatomy-kg/schema#innervatedBy> ?n }"
    remote = cli("query", "--sparql", sparql, "-p", "n=tibial nerve",
                 "--endpoint", f"{oxigraph}/query")  # fmt: skip
    assert remote.returncode == 0, remote.stderr
    assert "anat:soleus" in remote.stdout


def test_ask_and_lesion_against_the_remote_store(oxigraph, cli):
    push(f"{oxigraph}/store")
    question = "which muscles share the tibial nerve?"
    local = cli("ask", question)
    remote = cli("ask", question, "--endpoint", f"{oxigraph}/query")
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    local = json.loads(cli("lesion", "common fibular nerve", "--format", "json").stdout)
    remote_run = cli(
        "lesion", "common fibular nerve", "--format", "json", "--endpoint", f"{oxigraph}/query"
    )
    assert remote_run.returncode == 0, remote_run.stderr
    assert json.loads(remote_run.stdout) == local


def test_unreachable_or_refusing_stores_give_a_clear_error(cli):
    port = _free_port()  # nothing listens there
    result = cli("push", "--endpoint", f"http://127.0.0.1:{port}/store")
    assert result.returncode == 2
    assert "cannot reach it" in result.stderr and "Traceback" not in result.stderr
    result = cli("query", "nerve-roots", "-p", "nerve=sciatic nerve",
                 "--endpoint", f"http://127.0.0.1:{port}/query")  # fmt: skip
    assert result.returncode == 2 and "cannot reach it" in result.stderr
    with pytest.raises(RemoteError, match="http:// or https://"):
        push("file:///etc/passwd")
    with pytest.raises(RemoteError, match="absolute IRI"):
        push("http://127.0.0.1:9/store", graph_iri="not an iri")


def test_a_store_that_refuses_says_so(oxigraph):
    with pytest.raises(RemoteError, match="answered 4"):
        RemoteStore(f"{oxigraph}/query").query("SELECT ?x WHERE { ?x")
