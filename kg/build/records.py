"""Read the YAML sources under ``ontology/data/`` into located records.

Each file holds a list of records; each record is a mapping with ``id``,
``class`` and one key per property. A value is an ID or text, a list of them,
or a mapping that adds per-fact provenance::

    innervated_by:
      - id: tibial_nerve
        sources: [gray_anatomy_42]
        note: motor fibres reach the muscle from S1 and S2

Every value remembers its line, so later checks can point at it. Scalars keep
the text as written (YAML's ``yes``/``no``/number coercion is not applied).

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text(
    ...     "- id: tibia\\n  class: bone\\n  label: tibia\\n  synonyms: [shin bone]\\n")
    >>> records, problems = read_records(folder, display_root=folder)
    >>> records[0].id, records[0].fields["synonyms"].values[0].text, problems
    ('tibia', 'shin bone', [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.errors import Problem

__all__ = ["ID_PATTERN", "Field", "Record", "Value", "read_file", "read_records"]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED = ("id", "class")
_VALUE_KEYS = ("id", "value", "sources", "note")
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Value:
    """One value of a field: an ID or literal text, with optional provenance."""

    text: str
    line: int
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Field:
    """A key of a record and the values given for it."""

    key: str
    line: int
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Record:
    """One structure (or source, movement, ...) as written in a data file."""

    id: str
    class_key: str
    file: str
    line: int
    class_line: int
    fields: Mapping[str, Field] = field(default_factory=dict)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _scalar_text(node: Node) -> str | None:
    """The text of a non-empty scalar, or None."""
    if not isinstance(node, ScalarNode) or node.tag == _NULL_TAG:
        return None
    text = str(node.value).strip()
    return text or None


class _FileReader:
    """Turns one composed YAML document into records, collecting problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(self.display, line, key, message))

    def pairs(self, node: MappingNode) -> list[tuple[str, int, Node]]:
        """Key/value pairs of a mapping, rejecting non-text and repeated keys."""
        seen: dict[str, int] = {}
        out = []
        for key_node, value_node in node.value:
            key = _scalar_text(key_node)
            if key is None:
                self.problem(_line(key_node), "", "keys must be plain text")
                continue
            if key in seen:
                self.problem(_line(key_node), key, f"key given twice (first on line {seen[key]})")
                continue
            seen[key] = _line(key_node)
            out.append((key, _line(key_node), value_node))
        return out

    def text_list(self, node: Node, key: str) -> tuple[str, ...]:
        """A scalar or a list of scalars, as text."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        texts = []
        for item in items:
            text = _scalar_text(item)
            if text is None:
                self.problem(_line(item), key, "expected text or a list of text")
            else:
                texts.append(text)
        return tuple(texts)

    def value(self, node: Node, key: str) -> Value | None:
        if isinstance(node, ScalarNode):
            text = _scalar_text(node)
            if text is None:
                self.problem(_line(node), key, "empty value")
                return None
            return Value(text, _line(node))
        if isinstance(node, MappingNode):
            parts = {k: (line, v) for k, line, v in self.pairs(node)}
            unknown = [k for k in parts if k not in _VALUE_KEYS]
            for name in unknown:
                self.problem(
                    parts[name][0],
                    key,
                    f"unknown key {name!r} in a value (expected id or value, sources, note)",
                )
            main = parts.get("id") or parts.get("value")
            text = _scalar_text(main[1]) if main else None
            if text is None:
                self.problem(_line(node), key, "a value mapping needs 'id' (or 'value') text")
                return None
            sources = self.text_list(parts["sources"][1], key) if "sources" in parts else ()
            note = _scalar_text(parts["note"][1]) if "note" in parts else None
            return Value(text, _line(main[1]), sources, note)
        self.problem(_line(node), key, "a list cannot be nested in a list")
        return None

    def field(self, key: str, line: int, node: Node) -> Field | None:
        items = node.value if isinstance(node, SequenceNode) else [node]
        if isinstance(node, SequenceNode) and not items:
            self.problem(line, key, "empty list")
            return None
        values = [v for v in (self.value(item, key) for item in items) if v is not None]
        return Field(key, line, tuple(values)) if values else None

    def record(self, node: Node) -> Record | None:
        if not isinstance(node, MappingNode):
            self.problem(_line(node), "", "each record must be a mapping with id and class")
            return None
        pairs = self.pairs(node)
        fixed = {k: (line, v) for k, line, v in pairs if k in _RESERVED}
        record_id = _scalar_text(fixed["id"][1]) if "id" in fixed else None
        if record_id is None:
            self.problem(_line(node), "id", "record has no id")
            return None
        if not ID_PATTERN.match(record_id):
            self.problem(
                fixed["id"][0],
                "id",
                f"{record_id!r} is not a snake_case ID (lower-case letters, digits, _)",
            )
            return None
        class_key = _scalar_text(fixed["class"][1]) if "class" in fixed else None
        if class_key is None:
            self.problem(_line(node), "class", f"record {record_id!r} has no class")
            return None
        fields = {}
        for key, line, value_node in pairs:
            if key in _RESERVED:
                continue
            parsed = self.field(key, line, value_node)
            if parsed is not None:
                fields[key] = parsed
        return Record(record_id, class_key, self.display, _line(node), fixed["class"][0], fields)


def read_file(path: Path, display: str) -> tuple[list[Record], list[Problem]]:
    """Read one YAML data file. Problems are returned, never raised."""
    reader = _FileReader(display)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [], [Problem(display, 0, "", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return [], [Problem(display, 0, "", f"cannot read file: {exc.strerror}")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return [], [Problem(display, line, "", f"YAML syntax error: {exc.problem}")]
    except yaml.YAMLError as exc:
        return [], [Problem(display, 0, "", f"YAML error: {exc}")]
    except RecursionError:  # PyYAML composes nested collections recursively
        return [], [Problem(display, 0, "", "YAML nested too deeply to read (hundreds of levels)")]
    if root is None:
        return [], []
    if not isinstance(root, SequenceNode):
        return [], [Problem(display, _line(root), "", "a data file must be a list of records")]
    records = [r for r in (reader.record(node) for node in root.value) if r is not None]
    return records, reader.problems


def read_records(data_dir: Path, *, display_root: Path) -> tuple[list[Record], list[Problem]]:
    """Read every ``*.yaml`` file below ``data_dir``, in a stable order.

    File names in problems are shown relative to ``display_root``.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    for path in sorted(Path(data_dir).rglob("*.yaml")):
        try:
            display = str(path.relative_to(display_root))
        except ValueError:
            display = str(path)
        found, trouble = read_file(path, display)
        records.extend(found)
        problems.extend(trouble)
    return records, problems
