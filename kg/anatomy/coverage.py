"""Coverage of the graph: records per class, and how complete each muscle is, by region.

A muscle counts towards a region when its ``region`` is that region or lies
within it (``part_of``), so the lower limb total covers the thigh, leg, foot
and the rest. Key attributes (marked ``*``) are the ones the SHACL shapes
require of every muscle.

Example:
    >>> import kg
    >>> report = stats(graph)
    >>> report["classes"]["muscle"] >= 4
    True
    >>> report["regions"][0]["region"]
    'lower limb'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.build.schema import schema_of
from kg.errors import QueryError

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


def _regions_of(graph: Graph, muscle: URIRef, region_prop: URIRef, part_of: URIRef) -> set[URIRef]:
    found: set[URIRef] = set()
    stack = [r for r in graph.objects(muscle, region_prop) if isinstance(r, URIRef)]
    while stack:
        region = stack.pop()
        if region in found:
            continue
        found.add(region)
        stack.extend(p for p in graph.objects(region, part_of) if isinstance(p, URIRef))
    return found


def stats(graph: Graph) -> dict[str, Any]:
    """Counts per class and per-region completeness of the muscle records.

    Raises:
        QueryError: the schema lacks a data key the report needs.
    """
    schema = schema_of(graph)
    counts: dict[str, int] = {}
    for key, spec in sorted(schema.classes.items()):
        counts[key] = sum(
            1
            for s in graph.subjects(RDF.type, spec.iri)
            if (s, RDF.type, OWL.NamedIndividual) in graph
        )
    needed = {key for _, keys, _ in ATTRIBUTES for key in keys} | {"region", "part_of"}
    missing = sorted(needed - set(schema.properties)) + (
        [] if "muscle" in schema.classes else ["muscle (class)"]
    )
    if missing:
        raise QueryError(f"stats needs data keys the schema lacks: {', '.join(missing)}")
    props = {column: [schema.properties[key].iri for key in keys] for column, keys, _ in ATTRIBUTES}
    region_prop = schema.properties["region"].iri
    part_of = schema.properties["part_of"].iri
    muscles = sorted(set(graph.subjects(RDF.type, schema.classes["muscle"].iri)))
    members: dict[URIRef | None, list[URIRef]] = defaultdict(list)
    for muscle in muscles:
        regions = _regions_of(graph, muscle, region_prop, part_of)
        for region in regions or {None}:
            members[region].append(muscle)

    def row(region: URIRef | None, depth: int) -> dict[str, Any]:
        group = members[region]
        label = "(no region)" if region is None else str(graph.value(region, RDFS.label) or region)
        attributes = {}
        for column, _, required in ATTRIBUTES:
            missing = sorted(
                str(graph.value(m, RDFS.label))
                for m in group
                if all(graph.value(m, p) is None for p in props[column])
            )
            have = len(group) - len(missing)
            attributes[column] = {
                "have": have,
                "total": len(group),
                "key": required,
                "missing": missing,
            }
        return {"region": label, "depth": depth, "muscles": len(group), "attributes": attributes}

    def children(region: URIRef) -> list[URIRef]:
        found = [r for r in members if r is not None and (r, part_of, region) in graph]
        return sorted(found, key=lambda r: str(graph.value(r, RDFS.label)))

    rows: list[dict[str, Any]] = []

    def walk(region: URIRef, depth: int) -> None:
        rows.append(row(region, depth))
        for child in children(region):
            walk(child, depth + 1)

    tops = [
        r
        for r in members
        if r is not None and not any(p in members for p in graph.objects(r, part_of))
    ]
    for top in sorted(tops, key=lambda r: str(graph.value(r, RDFS.label))):
        walk(top, 0)
    if None in members:
        rows.append(row(None, 0))
    return {
        "records": len(set(graph.subjects(RDF.type, OWL.NamedIndividual))),
        "triples": len(graph),
        "classes": counts,
        "regions": rows,
    }


def format_stats(report: dict[str, Any]) -> str:
    """The report as text: class counts, then the muscle completeness table.

    Example:
        >>> import kg
        >>> "Muscle completeness by region" in format_stats(stats(graph))
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
