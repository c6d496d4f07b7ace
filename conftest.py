"""Fixtures shared by the tests and the doctests: the bundled graph and its store, built once.

Every test session gets a private build cache (never ``~/.cache``). The graph
is built from the sources once; its N-Triples seed the cache, so the on-disk
store is loaded from them rather than built again. Doctests find both as
``graph`` and ``store`` in their namespace and never build anything themselves.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """A private cache folder for the whole run, and the ``slow`` marker."""
    os.environ["ANATOMY_KG_CACHE"] = tempfile.mkdtemp(prefix="anatomy-kg-cache-")
    config.addinivalue_line(
        "markers", "slow: runs HermiT, a browser or many processes (skip with -m 'not slow')"
    )


@pytest.fixture(scope="session")
def graph() -> Any:
    """The bundled graph as an ``rdflib.Graph``, built from the sources once per session."""
    import kg

    return kg.load()


@pytest.fixture(scope="session")
def store(graph: Any) -> Any:
    """The read store over the on-disk Oxigraph store of the cache, seeded from ``graph``."""
    from kg.store.cache import open_store, seed_cache

    seed_cache(graph)
    return open_store()


@pytest.fixture(scope="session")
def bundled_report() -> Any:
    """``kg.validate()`` of the bundled ontology, HermiT included: the one reasoner run."""
    import kg

    return kg.validate()


@pytest.fixture(scope="session", autouse=True)
def _doctest_graph(doctest_namespace: dict[str, Any], graph: Any, store: Any) -> None:
    doctest_namespace["graph"] = graph
    doctest_namespace["store"] = store
