"""Reading YAML sources: every malformed input is reported with file and line."""

from __future__ import annotations

from pathlib import Path

from kg.build.records import read_records


def _read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "muscles.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_records(tmp_path, display_root=tmp_path)


def test_values_keep_their_lines_and_provenance(tmp_path):
    records, problems = _read(
        tmp_path,
        "- id: soleus\n"
        "  class: muscle\n"
        "  origin:\n"
        "    - soleal_line_of_tibia\n"
        "    - id: head_of_fibula\n"
        "      sources: [gray_anatomy_42]\n"
        "      note: posterior aspect\n",
    )
    assert problems == []
    origin = records[0].fields["origin"]
    assert [v.text for v in origin.values] == ["soleal_line_of_tibia", "head_of_fibula"]
    assert origin.values[1].line == 5
    assert origin.values[1].sources == ("gray_anatomy_42",)
    assert origin.values[1].note == "posterior aspect"


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    _, problems = _read(tmp_path, "- id: soleus\n  class: muscle\n  origin: [a, b\n")
    assert len(problems) == 1
    assert problems[0].file == "muscles.yaml"
    assert problems[0].line >= 3
    assert "YAML syntax error" in problems[0].message


def test_repeated_key_is_reported_not_overwritten(tmp_path):
    _, problems = _read(tmp_path, "- id: soleus\n  class: muscle\n  label: a\n  label: b\n")
    assert [(p.line, p.field) for p in problems] == [(4, "label")]
    assert "first on line 3" in problems[0].message


def test_bad_ids_and_missing_class(tmp_path):
    _, problems = _read(tmp_path, "- id: Soleus Muscle\n  class: muscle\n- id: tibia\n")
    messages = [str(p) for p in problems]
    assert any("muscles.yaml:1: id:" in m and "snake_case" in m for m in messages)
    assert any("muscles.yaml:3: class:" in m and "no class" in m for m in messages)


def test_yes_and_numbers_stay_text(tmp_path):
    records, _ = _read(tmp_path, "- id: x\n  class: bone\n  label: yes\n  notation: 1.10\n")
    fields = records[0].fields
    assert fields["label"].values[0].text == "yes"
    assert fields["notation"].values[0].text == "1.10"


def test_value_mapping_with_unknown_key_and_empty_values(tmp_path):
    _, problems = _read(
        tmp_path,
        "- id: x\n  class: muscle\n  origin:\n    - {id: a, source: b}\n"
        "  insertion:\n  synonyms: []\n",
    )
    messages = [str(p) for p in problems]
    assert any("unknown key 'source'" in m for m in messages)
    assert any(":5: insertion: empty value" in m for m in messages)
    assert any(":6: synonyms: empty list" in m for m in messages)


def test_not_utf8_and_not_a_list(tmp_path):
    _, problems = _read(tmp_path, b"- id: caf\xe9\n")
    assert "not UTF-8" in problems[0].message
    _, problems = _read(tmp_path, "id: soleus\nclass: muscle\n")
    assert "must be a list of records" in problems[0].message
