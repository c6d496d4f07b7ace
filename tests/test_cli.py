"""The command line as a user meets it: output, exit status, no tracebacks."""

from __future__ import annotations

import json
import shutil

from rdflib import Graph


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_is_clean(cli, bundled_report):
    """HermiT runs once per session (``bundled_report``); here the CLI prints its verdict."""
    result = cli("validate", "--no-reasoner")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid:" in result.stdout
    if shutil.which("java"):
        assert "HermiT found the ontology consistent" in " ".join(bundled_report.notes)


def test_validate_json(cli):
    result = cli("validate", "--no-reasoner", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["problems"] == []


def test_validate_reports_a_broken_file_and_fails(cli, ontology_copy):
    (ontology_copy / "data" / "broken.yaml").write_text(
        "- id: x\n  class: muscle\n  orign: tibia\n", encoding="utf-8"
    )
    result = cli("validate", "--no-reasoner", "--ontology", str(ontology_copy))
    assert result.returncode == 1
    assert "ontology/data/broken.yaml:3: orign: unknown key 'orign'" in result.stdout
    assert "did you mean 'origin'?" in result.stdout
    _no_traceback(result)


def test_describe_text_and_json(cli):
    result = cli("describe", "soleus")
    assert result.returncode == 0
    for fact in (
        "soleal line of tibia",
        "tibial nerve (roots L4, L5, S1, S2, S3)",
        "calcaneal tendon",
        "plantar flexion at the talocrural joint",
        "deep vein thrombosis",
        "Kenhub",
    ):
        assert fact in result.stdout, fact
    card = json.loads(cli("describe", "Achilles tendon", "--format", "json").stdout)
    assert card["id"] == "anat:calcaneal_tendon"


def test_unknown_entity_is_one_clear_line(cli):
    result = cli("describe", "tibial nerv")
    assert result.returncode == 2
    # one line; the closest name comes first (later suggestions grow with the data)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(
        "anatomy-kg: error: no entity called 'tibial nerv'; did you mean 'tibial nerve', "
    )
    _no_traceback(result)


def test_malformed_source_stops_describe_with_its_location(cli, ontology_copy):
    (ontology_copy / "data" / "broken.yaml").write_text("- id: x\n  class: [\n", encoding="utf-8")
    result = cli("--ontology", str(ontology_copy), "describe", "soleus")
    assert result.returncode == 2
    assert result.stderr.startswith("anatomy-kg: error: ontology/data/broken.yaml:")
    assert "YAML syntax error" in result.stderr
    _no_traceback(result)


def test_export_writes_a_loadable_file(cli, tmp_path):
    target = tmp_path / "kg.ttl"
    result = cli("export", "--format", "ttl", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(target)) > 1000


def test_export_to_an_unwritable_place(cli, tmp_path):
    result = cli("export", "--output", str(tmp_path / "nope" / "kg.ttl"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"anatomy-kg: error: cannot write {tmp_path / 'nope' / 'kg.ttl'}: "
        f"folder {tmp_path / 'nope'} does not exist"
    )


def test_missing_ontology_folder(cli, tmp_path):
    result = cli("describe", "soleus", "--ontology", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "ontology folder not found" in result.stderr
    _no_traceback(result)
