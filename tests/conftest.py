"""Shared fixtures: the bundled graph, a writable copy of the ontology, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

import kg
from kg.resources import bundled_ontology_dir

DATA = Path(__file__).parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the build cache of the whole run in a private folder, never ~/.cache."""
    import os
    import tempfile

    os.environ["ANATOMY_KG_CACHE"] = tempfile.mkdtemp(prefix="anatomy-kg-cache-")


@pytest.fixture(scope="session")
def graph() -> Graph:
    return kg.load()


@pytest.fixture()
def ontology_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled ontology folder that a test may edit."""
    target = tmp_path / "ontology"
    shutil.copytree(bundled_ontology_dir(), target)
    return target


CliRunner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture()
def cli(tmp_path: Path) -> CliRunner:
    """Run ``python -m kg`` as a user would, from a folder outside the checkout."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={
                "PYTHONPATH": str(Path(__file__).parent.parent),
                "PATH": "/usr/bin:/bin",
                "ANATOMY_KG_CACHE": os.environ["ANATOMY_KG_CACHE"],
            },
            timeout=300,
        )

    return run
