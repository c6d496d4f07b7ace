"""The bundled graph merged with a synthetic one still answers every catalogue query (#6).

The full-size run (1 M triples) is in benchmarks/run.py --full; here 20 000
synthetic triples keep the suite fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg
from kg.sparql.engines import oxigraph_store
from kg.sparql.queries import catalogue, prepare, run_prepared

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic import triples  # noqa: E402


@pytest.fixture(scope="module")
def merged():
    graph = kg.load()
    graph.parse(data="".join(triples(20_000)), format="nt")
    return graph, oxigraph_store(graph)


def _examples(entry):
    return {p.name: p.example for p in entry.params if not p.optional}


@pytest.mark.parametrize("entry", catalogue(), ids=lambda q: q.name)
def test_real_answers_survive_the_merge(graph, merged, entry):
    big, store = merged
    alone = run_prepared(graph, prepare(graph, entry.name, _examples(entry))).table
    together = run_prepared(big, prepare(big, entry.name, _examples(entry)), store=store).table
    real = [row for row in together.rows if not any("/synthetic/" in str(v) for v in row)]
    if entry.name == "nerve-hubs":  # synthetic nerves join the ranking; real counts stay
        assert set(map(repr, alone.rows)) <= set(map(repr, real))
    else:
        assert sorted(map(repr, real)) == sorted(map(repr, alone.rows))


def test_synthetic_structures_are_queryable(merged):
    big, store = merged
    prepared = prepare(
        big, "muscles-innervated-by", {"nerve": "synthetic nerve 1", "branches": "true"}
    )
    rows = run_prepared(big, prepared, store=store).table.records()
    assert rows and all(r["muscleLabel"].startswith("synthetic muscle") for r in rows)
