"""Read SPARQL files with a ``#+`` YAML header (grlc's convention).

The header is the block of ``#+`` comment lines at the top of a ``.rq`` file;
with the ``#+`` removed it is YAML. Keys: ``summary``, ``description``,
``tags`` and ``params``, which maps each parameter (a variable of the query)
to its ``type`` (``entity``, ``property``, ``boolean``, ``integer`` or
``string``), ``class`` (data keys an entity must belong to), ``default``,
``example`` and ``doc``.

Example:
    >>> from kg.files import bundled_queries_dir
    >>> checks = read_queries(bundled_queries_dir() / "qc")
    >>> "cycle-violation" in [q.name for q in checks]
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from kg.errors import QueryError

__all__ = [
    "PARAM_TYPES",
    "Param",
    "QueryFile",
    "parse_header",
    "read_params",
    "read_queries",
    "read_query",
]

PARAM_TYPES = ("entity", "property", "boolean", "integer", "string")


class Param(NamedTuple):
    """A query parameter: the variable it binds and how to read its value."""

    name: str
    type: str = "entity"
    classes: tuple[str, ...] = ()
    default: str | None = None
    example: str | None = None
    doc: str = ""
    optional: bool = False

    @property
    def required(self) -> bool:
        """A parameter without a default must be given unless marked optional."""
        return self.default is None and not self.optional

    def describe(self) -> str:
        """One-line description for listings.

        Example:
            >>> Param("nerve", classes=("nerve",), example="tibial nerve").describe()
            'nerve (nerve, required, e.g. "tibial nerve")'
        """
        kind = "/".join(self.classes) or self.type
        bits = [kind]
        bits.append("required" if self.required else "optional")
        if self.default is not None:
            bits.append(f"default {self.default}")
        if self.example is not None:
            bits.append(f'e.g. "{self.example}"')
        return f"{self.name} ({', '.join(bits)})"


class QueryFile(NamedTuple):
    """One ``.rq`` file: its name (file stem), text and header keys."""

    name: str
    path: Path
    text: str
    header: Mapping[str, Any]

    @property
    def summary(self) -> str:
        return str(self.header.get("summary", self.name))

    @property
    def description(self) -> str:
        return str(self.header.get("description", ""))

    @property
    def tags(self) -> tuple[str, ...]:
        tags = self.header.get("tags") or ()
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",")]
        return tuple(str(t) for t in tags if str(t).strip())

    def to_dict(self) -> dict[str, Any]:
        """The query's header as plain data (``anatomy-kg queries --format json``, ``/catalogue``).

        Example:
            >>> from kg.files import bundled_queries_dir
            >>> entry = read_query(bundled_queries_dir() / "nerve-roots.rq").to_dict()
            >>> entry["params"][0]["name"], entry["params"][0]["required"]
            ('nerve', True)
        """
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "class": list(p.classes),
                    "required": p.required,
                    "default": p.default,
                    "example": p.example,
                    "doc": p.doc,
                }
                for p in self.params
            ],
        }

    @property
    def params(self) -> tuple[Param, ...]:
        return read_params(self.header.get("params"), self.path)


def _scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_params(raw: object, path: Path) -> tuple[Param, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise QueryError(f"{path.name}: header 'params' must map parameter names to settings")
    params = []
    for name, spec in raw.items():
        spec = spec or {}
        if not isinstance(spec, Mapping):
            raise QueryError(f"{path.name}: params: {name}: settings must be a mapping")
        kind = str(spec.get("type", "entity"))
        if kind not in PARAM_TYPES:
            raise QueryError(
                f"{path.name}: params: {name}: unknown type {kind!r} "
                f"(expected one of {', '.join(PARAM_TYPES)})"
            )
        classes = spec.get("class") or ()
        if isinstance(classes, str):
            classes = (classes,)
        params.append(
            Param(
                name=str(name),
                type=kind,
                classes=tuple(str(c) for c in classes),
                default=_scalar(spec.get("default")),
                example=_scalar(spec.get("example")),
                doc=str(spec.get("doc", "")).strip(),
                optional=bool(spec.get("optional", False)),
            )
        )
    return tuple(params)


def parse_header(text: str, display: str = "query") -> dict[str, Any]:
    """Read the ``#+`` header at the top of a query as YAML.

    A header once read is kept, as JSON keyed by its text, in the build cache
    folder (``query-headers.json``): a cold ``anatomy-kg query`` then needs
    no YAML parser. An edited header has another key and is read afresh.

    Example:
        >>> parse_header("#+ summary: Muscles\\n#+ tags: [a, b]\\nSELECT * {}")
        {'summary': 'Muscles', 'tags': ['a', 'b']}

    Raises:
        QueryError: the header is not valid YAML mapping keys to values.
    """
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#+"):
            if stripped and not stripped.startswith("#"):
                break
            continue
        body = stripped[2:]
        lines.append(body[1:] if body.startswith(" ") else body)
    if not lines:
        return {}
    source = "\n".join(lines)
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    known = _known_headers()
    if isinstance(known.get(key), dict):
        return known[key]
    header = _yaml_header(source, display)
    _remember_header(known, key, header)
    return header


def _headers_file() -> Path:
    from kg.store.cache import cache_dir

    return cache_dir() / "query-headers.json"


def _known_headers() -> dict[str, Any]:
    try:
        known = json.loads(_headers_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _remember_header(known: dict[str, Any], key: str, header: dict[str, Any]) -> None:
    """Keep ``header`` if JSON holds it exactly; a folder that cannot be written is no error."""
    from kg.errors import OutputError
    from kg.files import write_atomic

    try:
        if json.loads(json.dumps(header)) != header:
            return
        data = json.dumps({**known, key: header}).encode("utf-8")
        target = _headers_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, lambda handle: handle.write(data))
    except (OSError, OutputError, TypeError, ValueError):
        pass


def _yaml_header(source: str, display: str) -> dict[str, Any]:
    import yaml  # only for a header not read before (see parse_header)

    try:
        header = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise QueryError(f"{display}: the #+ header is not valid YAML{where}: {problem}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{display}: the #+ header must be 'key: value' lines")
    return header


def read_queries(folder: Path) -> list[QueryFile]:
    """Every ``*.rq`` file directly in ``folder``, sorted by name.

    Raises:
        QueryError: a header is malformed (the message names the file).
    """
    return [read_query(path) for path in sorted(Path(folder).glob("*.rq"))]


def read_query(path: Path) -> QueryFile:
    """One ``.rq`` file with its header read.

    Example:
        >>> from kg.files import bundled_queries_dir
        >>> read_query(bundled_queries_dir() / "nerve-roots.rq").name
        'nerve-roots'

    Raises:
        QueryError: the file cannot be read or its header is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path.name}: cannot read the query ({exc})") from None
    query = QueryFile(path.stem, path, text, parse_header(text, path.name))
    query.params  # noqa: B018 - fail early on a malformed params block
    return query
