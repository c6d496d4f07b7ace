"""`validate`: every problem at once, located; SHACL, SPARQL checks and HermiT."""

from __future__ import annotations

import shutil

import pytest

import kg


def test_bundled_ontology_is_valid_and_consistent(bundled_report):
    report = bundled_report
    assert report.problems == []
    assert report.ok
    if shutil.which("java"):
        assert "HermiT found the ontology consistent" in " ".join(report.notes)
    else:
        assert "Java was not found" in " ".join(report.notes)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shacl_reports_a_muscle_without_insertion_at_its_record(ontology_copy):
    muscles = ontology_copy / "data" / "lower_limb" / "muscles_leg.yaml"
    _edit(
        muscles,
        "  insertion: posterior_surface_of_calcaneus\n  inserts_via: calcaneal_tendon\n"
        "  innervated_by: tibial_nerve\n  segmental_innervation: [s1, s2]\n  arterial_supply:\n"
        "    - id: sural_arteries\n      note: medial",
        "  inserts_via: calcaneal_tendon\n"
        "  innervated_by: tibial_nerve\n  segmental_innervation: [s1, s2]\n  arterial_supply:\n"
        "    - id: sural_arteries\n      note: medial",
    )
    report = kg.validate(ontology_copy, reasoner=False)
    messages = [str(p) for p in report.problems]
    assert any(
        "muscles_leg.yaml" in m and "gastrocnemius: muscle needs an insertion" in m
        for m in messages
    ), messages
    assert not report.ok


def test_data_checks_find_roots_outside_the_nerve_and_cycles(ontology_copy):
    muscles = ontology_copy / "data" / "lower_limb" / "muscles_leg.yaml"
    _edit(muscles, "    - id: l4\n      note: L4 predominates\n", "    - id: l2\n")
    nerves = ontology_copy / "data" / "lower_limb" / "nerves.yaml"
    _edit(nerves, "  branch_of: sacral_plexus\n", "  branch_of: tibial_nerve\n")
    report = kg.validate(ontology_copy, reasoner=False)
    messages = [str(p) for p in report.problems]
    assert any(
        "segmental_innervation: tibialis_anterior: A muscle's segmental root is carried by none "
        "of its nerves (l2)" in m
        for m in messages
    ), messages
    assert any("cycle-violation" in m and "sciatic_nerve" in m for m in messages), messages


def test_a_structure_cannot_be_its_own_branch(ontology_copy):
    nerves = ontology_copy / "data" / "lower_limb" / "nerves.yaml"
    _edit(nerves, "  branch_of: common_fibular_nerve\n", "  branch_of: deep_fibular_nerve\n")
    report = kg.validate(ontology_copy, reasoner=False)
    assert any(
        "deep_fibular_nerve" in str(p) and "cycle-violation" in str(p) for p in report.problems
    )


def test_problems_from_every_stage_are_reported_together(ontology_copy):
    (ontology_copy / "data" / "broken.yaml").write_text("- id: x\n  class: [\n", encoding="utf-8")
    muscles = ontology_copy / "data" / "lower_limb" / "muscles_leg.yaml"
    _edit(muscles, "  innervated_by: deep_fibular_nerve\n", "  innervated_by: deep_fibular\n")
    report = kg.validate(ontology_copy, reasoner=False)
    messages = [str(p) for p in report.problems]
    assert any(
        m.startswith("ontology/data/broken.yaml:") and "YAML syntax error" in m for m in messages
    )
    assert any(
        "unknown ID 'deep_fibular'; did you mean 'deep_fibular_nerve'?" in m for m in messages
    )
    assert any("tibialis_anterior: muscle needs a nerve" in m for m in messages)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_reports_an_inconsistent_ontology(ontology_copy):
    schema = ontology_copy / "anatomy.ttl"
    schema.write_text(
        schema.read_text(encoding="utf-8") + "\nanat:soleus a akg:Bone .\n", encoding="utf-8"
    )
    report = kg.validate(ontology_copy)
    assert [p.message for p in report.problems] == ["HermiT found the ontology inconsistent"]
    assert report.problems[0].file == "ontology/anatomy.ttl"


def test_a_named_nerve_needs_roots_but_a_branch_may_inherit(ontology_copy):
    nerves = ontology_copy / "data" / "lower_limb" / "nerves.yaml"
    _edit(nerves, "  roots: [l4, l5, s1, s2]\n", "")  # the common fibular nerve
    report = kg.validate(ontology_copy, reasoner=False)
    about_roots = [str(p) for p in report.problems if "root levels" in p.message]
    assert len(about_roots) == 1
    assert "common_fibular_nerve: nerve needs its root levels" in about_roots[0]
