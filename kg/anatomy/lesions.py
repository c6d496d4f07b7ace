"""What a nerve or root lesion does: muscles denervated or weakened, movements lost or weakened.

A nerve lesion takes the nerve with every nerve that receives its fibres from
it: the relations the schema marks ``akg:fibreCourse`` (a branch from its
parent, a continuation from the nerve it continues, a cord from the divisions
that form it), read from the vocabulary rather than listed here. The network
comes from the store (:class:`kg.anatomy.relations.Relations`: the few relations
it follows, no networkx).
A muscle is *denervated* when all its nerves (or, for a root lesion, all its
segmental roots) are cut off, and *weakened* when another one still supplies
it. A movement is *lost* when no muscle acting in it keeps a supply, and
*weakened* when some of its muscles are affected; what remains is named.

Example:
    >>> report = lesion(store, "deep fibular nerve")
    >>> denervated = [m["label"] for m in report["muscles"] if m["status"] == "denervated"]
    >>> "tibialis anterior" in denervated
    True
    >>> [(m["label"], m["status"]) for m in report["movements"]][:1]
    [('dorsiflexion at the talocrural joint', 'lost')]
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kg.anatomy.relations import Relations
from kg.anatomy.segments import segment_position
from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["format_lesion", "lesion"]

_NERVE_KINDS = ("nerve", "nerve_plexus")  # with their subclasses (branches, spinal nerves)
_MUSCLE_KINDS = {"muscle", "muscle_part"}
#: the relations a lesion reads besides the fibre courses (akg:fibreCourse in the schema)
_FOLLOWED = (
    "innervated_by",
    "segmental_innervation",
    "roots",
    "action",
    "prime_action",
    "assisting_action",
    "part_of",
)


def _node_of(store: GraphStore, net: Relations, name: str) -> str:
    """The structure named, settled to a nerve or a root when the name is shared."""
    from kg.anatomy.networks import node_of

    return node_of(store, net, name, kinds=(*_NERVE_KINDS, "spinal_segment"))


def _ref(net: Relations, node: str) -> dict[str, str]:
    return {"id": node, "label": net.nodes[node]["label"]}


def _targets(net: Relations, node: str, relation: str) -> set[str]:
    return net.targets(node, relation)


def _sources_of(net: Relations, node: str, relation: str) -> set[str]:
    return net.sources(node, relation)


def _order(net: Relations, node: str) -> tuple[int, int, str]:
    """Spinal segments (labelled by their codes) in cranio-caudal order, the rest by label."""
    label = net.nodes[node]["label"]
    if "spinal_segment" not in net.nodes[node]["classes"]:
        return (0, 0, label)
    return (*(segment_position(label) or (9, 0)), label)


def _muscle_status(
    net: Relations, relation: str, lost: set[str]
) -> dict[str, tuple[str, list[str]]]:
    """Muscle -> (status, remaining suppliers) for every muscle touched by ``lost``."""
    affected: dict[str, tuple[str, list[str]]] = {}
    candidates = {u for node in lost for u in _sources_of(net, node, relation)}
    for muscle in candidates:
        if not _MUSCLE_KINDS & set(net.nodes[muscle]["classes"]):
            continue
        supply = _targets(net, muscle, relation)
        remaining = sorted(supply - lost, key=lambda n: _order(net, n))
        affected[muscle] = ("weakened" if remaining else "denervated", remaining)
    return affected


def _roles(net: Relations, muscle: str) -> dict[str, str]:
    """Movement -> role (prime, assisting, acts) for one muscle or muscle part."""
    roles: dict[str, str] = {}
    for movement in _targets(net, muscle, "action"):
        roles[movement] = "acts"
    for role, relation in (("assisting", "assisting_action"), ("prime", "prime_action")):
        for movement in _targets(net, muscle, relation):
            roles[movement] = role
    return roles


def _actors(net: Relations) -> dict[str, dict[str, str]]:
    """Movement -> {muscle or part: role}.

    Where a part of a muscle records a movement (the long head of biceps
    femoris extends the hip), the part acts in it, not the whole muscle:
    otherwise a lesion of the other head's nerve would leave the movement
    "weakened" through a muscle that no longer serves it.
    """
    actors: dict[str, dict[str, str]] = defaultdict(dict)
    for muscle in net.nodes:
        if "muscle" not in net.nodes[muscle]["classes"]:
            continue
        parts = [
            p
            for p in _sources_of(net, muscle, "part_of")
            if _MUSCLE_KINDS & set(net.nodes[p]["classes"])
        ]
        by_parts: dict[str, dict[str, str]] = defaultdict(dict)
        for part in parts:
            for movement, role in _roles(net, part).items():
                by_parts[movement][part] = role
        for movement, role in _roles(net, muscle).items():
            if movement in by_parts:
                actors[movement].update(by_parts.pop(movement))
            else:
                actors[movement][muscle] = role
        for movement, part_roles in by_parts.items():
            actors[movement].update(part_roles)
    return actors


def _movements(net: Relations, affected: dict[str, tuple[str, list[str]]]) -> list[dict]:
    rows = []
    for movement, muscles in _actors(net).items():
        hit = [m for m in muscles if m in affected]
        if not hit:
            continue
        remaining = [
            {
                **_ref(net, m),
                "role": muscles[m],
                "status": affected[m][0] if m in affected else "intact",
            }
            for m in muscles
            if m not in affected or affected[m][0] != "denervated"
        ]
        remaining.sort(key=lambda r: (r["role"] != "prime", r["label"]))
        had_prime = any(role == "prime" for role in muscles.values())
        rows.append(
            {
                **_ref(net, movement),
                "status": "weakened" if remaining else "lost",
                "prime_movers_left": any(r["role"] == "prime" for r in remaining) or not had_prime,
                "remaining_muscles": remaining,
                "affected_muscles": sorted(
                    ({**_ref(net, m), "role": muscles[m], "status": affected[m][0]} for m in hit),
                    key=lambda r: r["label"],
                ),
            }
        )
    rows.sort(key=lambda r: (r["status"] != "lost", r["prime_movers_left"], r["label"]))
    return rows


def lesion(source: Any, name: str) -> dict[str, Any]:
    """Reason out a lesion of a nerve (with its branches) or a spinal root.

    ``source`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``.
    Returns ``{"lesion": …, "muscles": [{"id", "label", "status", "remaining"}],
    "movements": [{"id", "label", "status", "remaining_muscles", …}]}``.

    Raises:
        UnknownEntityError: the name is unknown or ambiguous.
        QueryError: the structure is neither a nerve nor a spinal root.
    """
    from kg.store.access import store_of

    store = store_of(source)
    fibres = [r.key for r in store.vocabulary.relations.values() if r.fibre_course]
    net = Relations(store, [*_FOLLOWED, *fibres])
    node = _node_of(store, net, name)
    iri = net.nodes[node]["iri"]
    if store.is_a(iri, ["spinal_segment"]):
        kind, relation, lost = "root", "segmental_innervation", {node}
        carriers = sorted(_sources_of(net, node, "roots"), key=lambda n: net.nodes[n]["label"])
        extra = {"nerves_carrying_root": [_ref(net, n) for n in carriers]}
    elif store.is_a(iri, _NERVE_KINDS):
        kind, relation = "nerve", "innervated_by"
        below = net.below(node, fibres)
        lost = {node} | below
        ordered = sorted(below, key=lambda n: net.nodes[n]["label"])
        extra = {"nerves_cut": [_ref(net, node)] + [_ref(net, n) for n in ordered]}
    else:
        label = net.nodes[node]["label"]
        raise QueryError(f"{label!r} is not a nerve or a spinal root; a lesion needs one")
    affected = _muscle_status(net, relation, lost)
    muscles = [
        {
            **_ref(net, m),
            "status": status,
            "remaining": [_ref(net, r) for r in remaining],
        }
        for m, (status, remaining) in affected.items()
    ]
    muscles.sort(key=lambda r: (r["status"] != "denervated", r["label"]))
    return {
        "lesion": {**_ref(net, node), "kind": kind, **extra},
        "muscles": muscles,
        "movements": _movements(net, affected),
    }


def format_lesion(report: dict[str, Any]) -> str:
    """The lesion report as text for people.

    Example:
        >>> print(format_lesion(lesion(store, "deep fibular nerve")).splitlines()[0])
        Lesion of deep fibular nerve (nerve, with 0 nerves below it)
    """
    head = report["lesion"]
    if head["kind"] == "nerve":
        below = len(head["nerves_cut"]) - 1
        plural = "nerve" if below == 1 else "nerves"
        lines = [f"Lesion of {head['label']} (nerve, with {below} {plural} below it)"]
    else:
        carriers = ", ".join(n["label"] for n in head["nerves_carrying_root"]) or "none recorded"
        lines = [f"Lesion of root {head['label']} (carried by: {carriers})"]
    if not report["muscles"]:
        source = "a nerve below it" if head["kind"] == "nerve" else "its fibres"
        lines += [
            "",
            f"No muscle is recorded as supplied by {head['label']} or {source}.",
            "(What a root or trunk contributes to a plexus is not modelled yet.)",
        ]
        return "\n".join(lines)
    lines.append("")
    lines.append(f"Muscles ({len(report['muscles'])}):")
    for m in report["muscles"]:
        kept = ", ".join(r["label"] for r in m["remaining"])
        suffix = f" - still supplied by {kept}" if kept else ""
        lines.append(f"  {m['status']:<10}  {m['label']}{suffix}")
    lines.append("")
    lines.append(f"Movements ({len(report['movements'])}):")
    for mv in report["movements"]:
        kept = ", ".join(
            f"{r['label']} ({r['role']}{', weakened' if r['status'] == 'weakened' else ''})"
            for r in mv["remaining_muscles"]
        )
        suffix = f" - remaining: {kept}" if kept else " - no muscle left"
        if mv["remaining_muscles"] and not mv["prime_movers_left"]:
            suffix = " - no prime mover left;" + suffix[2:]
        lines.append(f"  {mv['status']:<10}  {mv['label']}{suffix}")
    return "\n".join(lines)
