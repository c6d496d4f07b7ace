"""The wheel carries the ontology and the query library inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_bundles_ontology_and_queries(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("anatomy_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/_bundled/ontology/anatomy.ttl" in names
    assert "kg/_bundled/ontology/shapes.ttl" in names
    assert "kg/_bundled/ontology/data/lower_limb/muscles_leg.yaml" in names
    assert "kg/_bundled/queries/qc/cycle-violation.rq" in names
    assert "kg/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "anatomy-kg = kg.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()
