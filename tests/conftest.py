"""Shared fixtures: the bundled graph, a writable copy of the ontology, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.files import bundled_ontology_dir

DATA = Path(__file__).parent / "data"


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
