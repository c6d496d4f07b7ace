"""Coverage of the graph: records per class, and how complete each muscle is, by region.

A muscle counts towards a region when its ``region`` is that region or lies
within it (``part_of``), so the lower limb total covers the thigh, leg, foot
and the rest. Key attributes (marked ``*``) are the ones the SHACL shapes
require of every muscle. Counts and attributes are read from the store
(:mod:`kg.store.local`): one query for the counts, triple patterns for the rest.

Example:
    >>> report = stats(store)
    >>> report["classes"]["muscle"] >= 4
    True
    >>> report["regions"][0]["region"]
    'lower limb'
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["ATTRIBUTES", "format_stats", "stats"]

#: (column, data keys any of which counts, key attribute?) in report order.
#: A muscle that moves no joint (articularis genus) counts its functional role
#: as its action, as the shapes allow.
ATTRIBUTES = (
    ("origin", ("origin",), True),
    ("insertion", ("insertion",), True),
    ("nerve", ("innervated_by",), True),
    ("roots", ("segmental_innervation",), True),
    ("artery", ("arterial_supply",), True),
    ("action", ("action", "role"), True),
    ("source", ("sources",), True),
    ("vein", ("venous_drainage",), False),
    ("group", ("member_of",), False),
    ("compartment", ("compartment",), False),
    ("xref", ("xrefs",), False),
)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a <http://www.w3.org/2002/07/owl#NamedIndividual> ; a ?class .
} GROUP BY ?class"""
_INDIVIDUALS = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#NamedIndividual> }"""


def _named(terms: list[Any]) -> list[str]:
    return [t.value for t in terms if type(t).__name__ == "NamedNode"]


def _regions_of(store: GraphStore, muscle: str, region_prop: str, part_of: str) -> set[str]:
    found: set[str] = set()
    stack = _named(store.objects(muscle, region_prop))
    while stack:
        region = stack.pop()
        if region in found:
            continue
        found.add(region)
        stack.extend(_named(store.objects(region, part_of)))
    return found


def stats(graph: Any = None) -> dict[str, Any]:
    """Counts per class and per-region completeness of the muscle records.

    ``graph`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``
    (the bundled graph when omitted).

    Raises:
        QueryError: the schema lacks a data key the report needs.
    """
    from kg.store.access import store_of

    store = store_of(graph)
    vocabulary = store.vocabulary
    by_class = {row["class"].value: int(row["n"].value) for row in store.engine.query(_COUNTS)}
    counts = {key: by_class.get(kind.iri, 0) for key, kind in sorted(vocabulary.classes.items())}
    needed = {key for _, keys, _ in ATTRIBUTES for key in keys} | {"region", "part_of"}
    missing = sorted(needed - set(vocabulary.relations)) + (
        [] if "muscle" in vocabulary.classes else ["muscle (class)"]
    )
    if missing:
        raise QueryError(f"stats needs data keys the schema lacks: {', '.join(missing)}")
    relations = vocabulary.relations
    props = {column: [relations[key].iri for key in keys] for column, keys, _ in ATTRIBUTES}
    region_prop = relations["region"].iri
    part_of = relations["part_of"].iri
    muscles = sorted(set(_named(store.subjects(RDF_TYPE, vocabulary.classes["muscle"].iri))))
    members: dict[str | None, list[str]] = defaultdict(list)
    for muscle in muscles:
        regions = _regions_of(store, muscle, region_prop, part_of)
        for region in regions or {None}:
            members[region].append(muscle)

    def label(iri: str) -> str:
        return store.label(iri) or iri

    def row(region: str | None, depth: int) -> dict[str, Any]:
        group = members[region]
        attributes = {}
        for column, _, required in ATTRIBUTES:
            missing = sorted(
                str(store.label(m))
                for m in group
                if all(store.value(m, p) is None for p in props[column])
            )
            have = len(group) - len(missing)
            attributes[column] = {
                "have": have,
                "total": len(group),
                "key": required,
                "missing": missing,
            }
        shown = "(no region)" if region is None else label(region)
        return {"region": shown, "depth": depth, "muscles": len(group), "attributes": attributes}

    def children(region: str) -> list[str]:
        found = [r for r in members if r is not None and store.has(r, part_of, region)]
        return sorted(found, key=label)

    rows: list[dict[str, Any]] = []

    def walk(region: str, depth: int) -> None:
        rows.append(row(region, depth))
        for child in children(region):
            walk(child, depth + 1)

    tops = [
        r
        for r in members
        if r is not None and not any(p in members for p in _named(store.objects(r, part_of)))
    ]
    for top in sorted(tops, key=label):
        walk(top, 0)
    if None in members:
        rows.append(row(None, 0))
    individuals = next(iter(store.engine.query(_INDIVIDUALS)))["n"]
    return {
        "records": int(individuals.value),
        "triples": len(store.engine),
        "classes": counts,
        "regions": rows,
    }


def format_stats(report: dict[str, Any]) -> str:
    """The report as text: class counts, then the muscle completeness table.

    Example:
        >>> "Muscle completeness by region" in format_stats(stats(store))
        True
    """
    lines = [f"{report['records']} records, {report['triples']} triples", "", "Records per class:"]
    for key, count in report["classes"].items():
        if count:
            lines.append(f"  {key.replace('_', ' '):<22}{count:>5}")
    lines += ["", "Muscle completeness by region (* = key attribute the shapes require):"]
    headers = ["region", "muscles"] + [
        f"{column}{'*' if required else ''}" for column, _, required in ATTRIBUTES
    ]
    table = [headers]
    for row in report["regions"]:
        cells = [("  " * row["depth"]) + row["region"], str(row["muscles"])]
        cells += [f"{a['have']}/{a['total']}" for a in row["attributes"].values()]
        table.append(cells)
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    for r in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    gaps = [
        f"  {row['region']}: {column} missing for {', '.join(a['missing'])}"
        for row in report["regions"]
        if row["depth"] == 0
        for column, a in row["attributes"].items()
        if a["key"] and a["missing"]
    ]
    if gaps:
        lines += ["", "Key attributes missing:"] + gaps
    return "\n".join(lines)
