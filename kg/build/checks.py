"""Check records against the schema before anything is built.

Each problem names its file, line and field, says what was expected and, for
a misspelt key, class or ID, offers the closest known one.

Example:
    >>> from kg.files import bundled_ontology_dir
    >>> from kg.build.records import Record, Field, Value
    >>> from kg.build.schema import load_schema
    >>> schema = load_schema(bundled_ontology_dir())
    >>> bone = Record("tibia", "bone", "bones.yaml", 1, 2,
    ...               {"orign": Field("orign", 3, (Value("femur", 3),))})
    >>> [p.message for p in check_records([bone], schema)]
    ["unknown key 'orign' for a bone; did you mean 'origin'?"]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from kg.build.records import Record
from kg.build.schema import PropertySpec, Schema
from kg.errors import Problem

__all__ = ["check_records", "did_you_mean"]

_ARTICLE_VOWELS = "aeiou"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or ``""``.

    Example:
        >>> did_you_mean("tibial_nerv", ["tibial_nerve", "sciatic_nerve"])
        "; did you mean 'tibial_nerve'?"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _a(label: str) -> str:
    return f"an {label}" if label[:1].lower() in _ARTICLE_VOWELS else f"a {label}"


def _class_names(schema: Schema, iris: Iterable) -> str:
    return ", ".join(sorted(schema.label_of(i) for i in iris))


def check_records(records: Sequence[Record], schema: Schema) -> list[Problem]:
    """Return every problem in the records; an empty list means they can be built."""
    problems: list[Problem] = []
    first_seen: dict[str, Record] = {}
    for record in records:
        if record.id in first_seen:
            earlier = first_seen[record.id]
            problems.append(
                Problem(
                    record.file,
                    record.line,
                    "id",
                    f"duplicate ID {record.id!r} (first defined in {earlier.file}:{earlier.line})",
                )
            )
        else:
            first_seen[record.id] = record
    for record in records:
        problems.extend(_check_record(record, schema, first_seen))
    return problems


def _check_record(record: Record, schema: Schema, index: dict[str, Record]) -> list[Problem]:
    out: list[Problem] = []
    cls = schema.classes.get(record.class_key)
    if cls is None:
        hint = did_you_mean(record.class_key, schema.classes)
        out.append(
            Problem(
                record.file, record.class_line, "class", f"unknown class {record.class_key!r}{hint}"
            )
        )
        return out
    for key, field in record.fields.items():
        prop = schema.properties.get(key)
        if prop is None:
            hint = did_you_mean(key, schema.properties)
            out.append(
                Problem(
                    record.file, field.line, key, f"unknown key {key!r} for {_a(cls.label)}{hint}"
                )
            )
            continue
        if prop.domain and not schema.is_instance_of(cls.iri, prop.domain):
            out.append(
                Problem(
                    record.file,
                    field.line,
                    key,
                    f"{key!r} does not apply to {_a(cls.label)} "
                    f"(it applies to: {_class_names(schema, prop.domain)})",
                )
            )
            continue
        if prop.single and len(field.values) > 1:
            out.append(
                Problem(record.file, field.line, key, f"takes one value, {len(field.values)} given")
            )
        for value in field.values:
            if prop.is_reference:
                out.extend(_check_reference(record, prop, value.text, value.line, schema, index))
            for source_id in value.sources:
                out.extend(
                    _check_reference(
                        record,
                        schema.properties["sources"],
                        source_id,
                        value.line,
                        schema,
                        index,
                        field_key=key,
                    )
                )
    return out


def _check_reference(
    record: Record,
    prop: PropertySpec,
    target_id: str,
    line: int,
    schema: Schema,
    index: dict[str, Record],
    *,
    field_key: str | None = None,
) -> list[Problem]:
    key = field_key or prop.key
    target = index.get(target_id)
    if target is None:
        hint = did_you_mean(target_id, index)
        return [Problem(record.file, line, key, f"unknown ID {target_id!r}{hint}")]
    target_class = schema.classes.get(target.class_key)
    if target_class is None:
        return []  # reported on the target's own record
    if not schema.is_instance_of(target_class.iri, prop.targets):
        expected = _class_names(schema, prop.targets)
        return [
            Problem(
                record.file,
                line,
                key,
                f"{target_id!r} is {_a(target_class.label)}, but {prop.key!r} expects: {expected}",
            )
        ]
    return []
