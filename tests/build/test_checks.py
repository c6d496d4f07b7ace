"""Records are checked against the schema: keys, classes, references, domains."""

from __future__ import annotations

import kg


def _add(ontology: object, text: str, name: str = "extra.yaml") -> None:
    (ontology / "data" / name).write_text(text, encoding="utf-8")


def _problems(ontology) -> list[str]:
    return [str(p) for p in kg.read_sources(ontology).problems]


RECORD = """- id: {id}
  class: {cls}
  label: {label}
  definition: A test record.
  sources: [gray_anatomy_42]
"""


def test_bundled_records_have_no_problems():
    assert kg.read_sources().problems == []


def test_unknown_key_offers_the_closest(ontology_copy):
    _add(ontology_copy, RECORD.format(id="x", cls="muscle", label="x") + "  orign: tibia\n")
    assert any(
        "extra.yaml:6: orign: unknown key 'orign' for a skeletal muscle; did you mean 'origin'?"
        in m
        for m in _problems(ontology_copy)
    )


def test_unknown_class_and_unknown_reference(ontology_copy):
    _add(
        ontology_copy,
        RECORD.format(id="x", cls="musle", label="x")
        + RECORD.format(id="y", cls="muscle", label="y")
        + "  innervated_by: tibial_nerv\n",
    )
    problems = _problems(ontology_copy)
    assert any(
        "extra.yaml:2: class: unknown class 'musle'; did you mean 'muscle'?" in m for m in problems
    )
    assert any(
        "innervated_by: unknown ID 'tibial_nerv'; did you mean 'tibial_nerve'?" in m
        for m in problems
    )


def test_reference_of_the_wrong_class(ontology_copy):
    _add(ontology_copy, RECORD.format(id="x", cls="muscle", label="x") + "  innervated_by: tibia\n")
    assert any(
        "'tibia' is a bone, but 'innervated_by' expects: nerve" in m
        for m in _problems(ontology_copy)
    )


def test_key_outside_its_domain(ontology_copy):
    _add(
        ontology_copy,
        RECORD.format(id="x", cls="bone", label="x") + "  innervated_by: tibial_nerve\n",
    )
    assert any("'innervated_by' does not apply to a bone" in m for m in _problems(ontology_copy))


def test_single_valued_key_and_unknown_per_fact_source(ontology_copy):
    _add(
        ontology_copy,
        RECORD.format(id="x", cls="movement", label="x")
        + "  joint: [knee_joint, talocrural_joint]\n"
        + "  opposes:\n    - id: knee_flexion\n      sources: [grays]\n",
    )
    problems = _problems(ontology_copy)
    assert any("joint: takes one value, 2 given" in m for m in problems)
    assert any("opposes: unknown ID 'grays'" in m for m in problems)


def test_duplicate_id_across_files_names_both_places(ontology_copy):
    _add(ontology_copy, RECORD.format(id="soleus", cls="muscle", label="again"), "zz.yaml")
    assert any(
        "zz.yaml:1: id: duplicate ID 'soleus' (first defined in" in m and "muscles_leg.yaml" in m
        for m in _problems(ontology_copy)
    )
