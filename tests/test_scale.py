"""The bundled graph merged with a synthetic one still answers every catalogue query (#6).

The full-size run (1 M triples) is in benchmarks/run.py --full; here 20 000
synthetic triples keep the suite fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.sparql.queries import catalogue, prepare, run_prepared
from kg.store.access import from_graph

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from synthetic import triples  # noqa: E402


@pytest.fixture(scope="module")
def merged(graph):
    """The session's graph plus synthetic triples, as a store of its own."""
    from rdflib import Graph

    big = Graph()
    big += graph
    big.parse(data="".join(triples(20_000)), format="nt")
    return from_graph(big)


def _examples(entry):
    return {p.name: p.example for p in entry.params if not p.optional}


@pytest.mark.parametrize("entry", catalogue(), ids=lambda q: q.name)
def test_real_answers_survive_the_merge(store, merged, entry):
    big = merged
    alone = run_prepared(store, prepare(store, entry.name, _examples(entry))).table
    together = run_prepared(big, prepare(big, entry.name, _examples(entry))).table
    real = [row for row in together.rows if not any("/synthetic/" in str(v) for v in row)]
    if entry.name == "nerve-hubs":  # synthetic nerves join the ranking; real counts stay
        assert set(map(repr, alone.rows)) <= set(map(repr, real))
    else:
        assert sorted(map(repr, real)) == sorted(map(repr, alone.rows))


def test_synthetic_structures_are_queryable(merged):
    big = merged
    prepared = prepare(
        big, "muscles-innervated-by", {"nerve": "synthetic nerve 1", "branches": "true"}
    )
    rows = run_prepared(big, prepared).table.records()
    assert rows and all(r["muscleLabel"].startswith("synthetic muscle") for r in rows)
