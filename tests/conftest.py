"""Fixtures of the tests (the graph and the store come from the root ``conftest.py``).

``cli`` runs the command line in this process, as ``anatomy-kg`` would run it,
from a folder outside the checkout; ``cli_process`` starts a new interpreter
for the few tests that need one (what a fresh process imports, exit codes of
a real run). ``ontology_copy`` is a private copy of the bundled ontology a
test may edit; unedited copies share the session's build, because the cache
is keyed by content.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.files import bundled_ontology_dir

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture()
def ontology_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled ontology folder that a test may edit."""
    target = tmp_path / "ontology"
    shutil.copytree(bundled_ontology_dir(), target)
    return target


CliRunner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture()
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run ``anatomy-kg ARGS`` in this process; stdout, stderr and the exit status come back."""
    from kg.cli import main

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        # text streams over bytes, as real ones are: '--output -' writes to stdout.buffer
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        with monkeypatch.context() as patch:
            patch.chdir(cwd or tmp_path)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    status = main(list(args))
                except SystemExit as exc:  # argparse's usage errors
                    status = exc.code if isinstance(exc.code, int) else 2
        texts = []
        for stream in (out, err):
            stream.flush()
            texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
        return subprocess.CompletedProcess(args, status, *texts)

    return run


@pytest.fixture()
def cli_process(tmp_path: Path) -> CliRunner:
    """Run ``python -m kg ARGS`` in a new interpreter, as a user would."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={
                "PYTHONPATH": str(ROOT),
                "PATH": "/usr/bin:/bin",
                "ANATOMY_KG_CACHE": os.environ["ANATOMY_KG_CACHE"],
            },
            timeout=300,
        )

    return run
