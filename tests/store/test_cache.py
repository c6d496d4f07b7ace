"""The build cache: reused when sound, rebuilt when stale or damaged, safe in parallel (#6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode

import kg
from kg.store.cache import cache_entry, load_cached, open_cached, source_key


@pytest.fixture()
def private_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(folder))
    return folder


def _named(graph) -> set:
    """Triples without blank nodes (list nodes get fresh ids on every parse)."""
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def test_cached_graph_equals_a_fresh_build(private_cache, graph):
    first = load_cached()
    assert cache_entry().is_file()
    again = load_cached()
    assert len(again) == len(graph) == len(first)
    assert _named(again) == _named(graph)
    assert str(dict(again.namespaces())["anat"]) == "https://w3id.org/anatomy-kg/id/"


def test_editing_a_source_changes_the_key(private_cache, ontology_copy):
    before = source_key(ontology_copy)
    load_cached(ontology_copy)
    data = ontology_copy / "data" / "lower_limb" / "muscles_leg.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "label: plantaris", "label: plantaris\n  related_synonyms: [tiny calf muscle]"
        ),
        encoding="utf-8",
    )
    assert source_key(ontology_copy) != before
    graph = load_cached(ontology_copy)
    assert kg.resolve(graph, "tiny calf muscle").endswith("/plantaris")


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_entry_is_rebuilt_not_served(private_cache, graph, damage):
    load_cached()
    entry = cache_entry()
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + b"X" + data[middle + 1 :])
    else:
        entry.write_bytes(b"not a cache entry at all")
    rebuilt = load_cached()
    assert len(rebuilt) == len(graph)
    assert entry.read_bytes().startswith(b"# anatomy-kg build cache")
    assert len(load_cached()) == len(graph)


def test_unwritable_cache_still_answers(tmp_path, monkeypatch, graph):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(blocker / "cache"))
    assert len(load_cached()) == len(graph)


@pytest.mark.slow
def test_two_processes_building_at_once(private_cache):
    code = "import kg.store.cache as c; g, _ = c.open_cached(); print(len(g))"
    env = {"ANATOMY_KG_CACHE": str(private_cache), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).parents[2])}  # fmt: skip
    runs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    counts = {run.communicate(timeout=300)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(counts) == 1
    graph, _ = open_cached()
    assert str(len(graph)) in counts
    assert not [p for p in private_cache.iterdir() if p.name.startswith(".")]  # no temp left


def test_build_command(cli):
    result = cli("build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built ") and "graph-" in result.stdout
