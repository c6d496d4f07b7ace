"""From findings to the lesion: rank the places whose lesion explains what is found.

Findings are muscles or movements found weak or spared, reflexes found lost,
reduced or normal, and skin regions found numb or with normal sensation.
Every spinal root, plexus part and nerve, and every nerve at each of its
recorded sites, is a candidate: its lesion is reasoned out (:mod:`kg.anatomy.lesions`)
and compared with the findings. A candidate *explains* a finding its lesion
produces (a weak muscle it denervates or weakens, a lost reflex, a numb
region) and *contradicts* one it could not coexist with (a spared muscle or
movement it would weaken, a normal reflex it would reduce, a region of normal
sensation it would take). Candidates are ranked by explained minus
contradicted findings, then by the size of the lesion (smaller first), and
the tests that best tell the leading candidates apart are suggested.
Single-lesion hypotheses only.

Example:
    >>> found = localise(store, weak=["tibialis anterior", "ankle eversion"],
    ...                  spared=["hip abduction"])
    >>> found["candidates"][0]["site"]
    'common fibular nerve'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.anatomy.lesions import LesionContext, kind_of, lesion_context, lesion_name, reason
from kg.anatomy.networks import node_of
from kg.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Finding", "format_localisation", "localise"]

_MOTOR = ("muscle", "muscle_part", "movement")


@dataclass(frozen=True)
class Finding:
    """One examination finding: what was examined, and what was found."""

    node: str
    label: str
    kind: str  # weak, spared, reflex lost, reflex reduced, reflex normal, numb, sensation normal

    @property
    def positive(self) -> bool:
        """Whether the finding is an abnormality a lesion has to explain."""
        return self.kind in {"weak", "reflex lost", "reflex reduced", "numb"}

    def text(self) -> str:
        """The finding as a clinician writes it."""
        return f"{self.kind}: {self.label}"


def _findings(graph: Any, net: nx.MultiDiGraph, given: dict[str, Iterable[str]]) -> list[Finding]:
    kinds = {
        "weak": _MOTOR,
        "spared": _MOTOR,
        "reflex lost": ("reflex",),
        "reflex reduced": ("reflex",),
        "reflex normal": ("reflex",),
        "numb": ("skin_region",),
        "sensation normal": ("skin_region",),
    }
    found = []
    for kind, names in given.items():
        for name in names:
            node = node_of(graph, net, name, kinds=kinds[kind])
            found.append(Finding(node, net.nodes[node]["label"], kind))
    if not any(f.positive for f in found):
        raise QueryError(
            "localise needs at least one abnormal finding (--weak, --reflex-lost, "
            "--reflex-reduced or --numb)"
        )
    return found


def _candidates(net: nx.MultiDiGraph) -> list[tuple[str, str | None]]:
    """Every root, plexus part and nerve, whole and at each of its sites."""
    found: list[tuple[str, str | None]] = []
    for node, data in net.nodes(data=True):
        classes = set(data["classes"])
        if classes & {
            "nerve",
            "nerve_plexus",
            "spinal_nerve",
            "plexus_part",
            "nerve_branch",
            "cranial_nerve",
        }:
            found.append((node, None))
        elif "spinal_segment" in classes and any(
            d["relation"] == "roots" for _, _, d in net.in_edges(node, data=True)
        ):
            found.append((node, None))
        elif "nerve_site" in classes:
            nerve = next(
                v for _, v, d in net.out_edges(node, data=True) if d["relation"] == "site_on"
            )
            found.append((nerve, node))
    return found


def _effects(report: dict[str, Any]) -> dict[str, str]:
    """Node -> what the lesion does to it: denervated, weakened, lost, reduced.

    A movement counts as weak only when it is lost or one of its prime movers
    is affected: losing a minor assistant (fibularis tertius in eversion) is
    not what an examiner finds as weakness.
    """
    effects = {m["id"]: m["status"] for m in report["muscles"]}
    effects.update(
        {
            m["id"]: m["status"]
            for m in report["movements"]
            if m["status"] == "lost" or any(a["role"] == "prime" for a in m["affected_muscles"])
        }
    )
    effects.update({r["id"]: r["effect"] for r in report["reflexes"]})
    for row in report["sensory"]:
        effects[row["id"]] = row["effect"]
    return effects


def _regions_touching(net: nx.MultiDiGraph, node: str) -> set[str]:
    """A skin region with the regions inside it and the regions it lies in."""
    inside, stack = {node}, [node]
    while stack:
        for part, _, d in net.in_edges(stack.pop(), data=True):
            if d["relation"] == "part_of" and part not in inside:
                inside.add(part)
                stack.append(part)
    around, stack = set(), [node]
    while stack:
        for _, whole, d in net.out_edges(stack.pop(), data=True):
            if d["relation"] == "part_of" and whole not in around:
                around.add(whole)
                stack.append(whole)
    return inside | around


_STRONG = {"denervated", "lost"}


def _judge(finding: Finding, effects: dict[str, str], nodes: set[str]) -> tuple[str | None, bool]:
    """(``explains``, ``contradicts`` or None; whether the effect is a full loss).

    ``nodes`` are the nodes the finding is about: a skin region counts with the
    regions inside it and the regions it lies in.
    """
    hits = [effects[n] for n in nodes if n in effects]
    strong = any(h in _STRONG for h in hits)
    if not hits:
        return None, False
    return ("explains" if finding.positive else "contradicts"), strong


def localise(
    graph: Any,
    *,
    weak: Sequence[str] = (),
    spared: Sequence[str] = (),
    reflex_lost: Sequence[str] = (),
    reflex_reduced: Sequence[str] = (),
    reflex_normal: Sequence[str] = (),
    numb: Sequence[str] = (),
    sensation_normal: Sequence[str] = (),
    limit: int = 10,
    explain: bool = False,
    net: nx.MultiDiGraph | None = None,
) -> dict[str, Any]:
    """Rank the lesion sites that explain the findings.

    Each name resolves by label or synonym (muscles and movements for
    ``weak``/``spared``, reflexes, skin regions). Returns ``{"findings": […],
    "candidates": [{"site", "kind", "at", "score", "explains", "contradicts",
    "unexplained", "size", "same_as"}], "explains_all": bool, "next": [{"test",
    "why"}]}``; ``kind`` is ``nerve``, ``plexus``, ``root`` or ``cranial nerve``.
    With ``explain``, each candidate also lists under ``trail`` the recorded
    facts (with their sources) that link its lesion to the findings.

    Raises:
        UnknownEntityError: a finding names nothing known.
        QueryError: no abnormal finding was given.
    """
    context = lesion_context(graph, net)
    findings = _findings(
        context.graph,
        context.net,
        {
            "weak": weak,
            "spared": spared,
            "reflex lost": reflex_lost,
            "reflex reduced": reflex_reduced,
            "reflex normal": reflex_normal,
            "numb": numb,
            "sensation normal": sensation_normal,
        },
    )
    ranked = _rank(context, findings)
    best = ranked[:limit]
    positives = [f for f in findings if f.positive]
    return {
        "findings": [{"id": f.node, "label": f.label, "finding": f.kind} for f in findings],
        "candidates": [
            {**_public(c), **({"trail": _trail(context, c)} if explain else {})} for c in best
        ],
        "explains_all": bool(ranked)
        and len(ranked[0]["explains"]) == len(positives)
        and not ranked[0]["contradicts"],
        "next": _next_tests(context, ranked, findings),
    }


def _rank(context: LesionContext, findings: list[Finding]) -> list[dict[str, Any]]:
    net = context.net
    about = {
        f: _regions_touching(net, f.node) if f.kind in {"numb", "sensation normal"} else {f.node}
        for f in findings
    }
    rows: list[dict[str, Any]] = []
    seen: dict[frozenset, dict[str, Any]] = {}
    for node, site in _candidates(net):
        report = reason(context, node, site)
        effects = _effects(report)
        verdicts = {f: _judge(f, effects, about[f]) for f in findings}
        explains = [f for f, (v, _) in verdicts.items() if v == "explains"]
        if not explains:
            continue
        key = frozenset(effects.items())
        if key in seen:  # the same lesion under another name (a root and its ramus)
            seen[key]["same_as"].append(_name_of(net, node, site))
            continue
        contradicts = [f for f, (v, _) in verdicts.items() if v == "contradicts"]
        row = {
            "site": net.nodes[node]["label"],
            "id": node,
            "kind": kind_of(net, node),
            "at": net.nodes[site]["label"] if site else None,
            "at_id": site,
            "score": len(explains) - len(contradicts),
            "explains": explains,
            "contradicts": contradicts,
            "unexplained": [f for f in findings if f.positive and f not in explains],
            "full": sum(1 for f in explains if verdicts[f][1]),
            "size": len(report["muscles"]) + len(report["sensory"]),
            "effects": effects,
            "same_as": [],
        }
        seen[key] = row
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], len(r["contradicts"]), -r["full"], r["size"], r["site"]))
    return rows


def _fact(net: nx.MultiDiGraph, subject: str, target: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject": net.nodes[subject]["label"],
        "relation": data["label"],
        "object": net.nodes[target]["label"],
        "sources": data["sources"],
        "note": data["note"],
    }


_ARCS = {
    "muscle": ("innervated_by", "segmental_innervation"),
    "muscle_part": ("innervated_by", "segmental_innervation"),
    "reflex": ("afferent_nerve", "efferent_nerve", "segments", "muscle_tested"),
    "skin_region": ("cutaneous_nerve", "dermatome_of", "key_sensory_point_of"),
    "movement": ("joint",),
}


class _Trail:
    """Facts gathered once each, in the order they were found."""

    def __init__(self, net: nx.MultiDiGraph) -> None:
        self.net = net
        self.facts: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, subject: str, target: str, data: dict[str, Any]) -> None:
        key = (subject, data["relation"], target)
        if key not in self._seen:
            self._seen.add(key)
            self.facts.append(_fact(self.net, subject, target, data))

    def supply_of(self, node: str) -> set[str]:
        """Add the supply facts of a muscle, reflex or skin region; return what they name."""
        relations = {r for kind in self.net.nodes[node]["classes"] for r in _ARCS.get(kind, ())}
        named = set()
        for _, target, data in self.net.out_edges(node, data=True):
            if data["relation"] in relations:
                self.add(node, target, data)
                named.add(target)
        return named


def _trail(context: LesionContext, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The recorded facts linking a candidate lesion to the findings it explains or contradicts.

    For each such finding: its supply (nerve and roots of a muscle, the arc of a
    reflex, the nerves and dermatomes of a skin region; a movement through the
    affected muscles that produce it), and the chain of nerves from the lesion
    down to each nerve named, each fact with its sources.
    """
    net = context.net
    trail = _Trail(net)
    for finding in row["explains"] + row["contradicts"]:
        nodes = [finding.node]
        if "movement" in net.nodes[finding.node]["classes"]:
            producers = net.in_edges(finding.node, data=True)
            nodes += [
                m for m, _, d in producers if m in row["effects"] and "action" in d["relation"]
            ]
        for node in nodes:
            for named in trail.supply_of(node):
                _chain(context, row["id"], named, trail.add)
    if row["at_id"]:
        for _, target, data in net.out_edges(row["at_id"], data=True):
            trail.add(row["at_id"], target, data)
    return trail.facts


def _chain(context: LesionContext, top: str, nerve: str, add: Any) -> None:
    """Add the fibre relations leading from ``nerve`` up to the lesioned ``top``."""
    net, fibres = context.net, context.fibres
    previous: dict[str, str] = {nerve: nerve}
    queue = [nerve]
    while queue and top not in previous:
        node = queue.pop(0)
        for parent in fibres.parents(node):
            if parent not in previous:
                previous[parent] = node
                queue.append(parent)
    if top not in previous:
        return
    node = top
    while node != nerve:
        child = previous[node]
        data = next(
            d
            for _, v, d in net.out_edges(child, data=True)
            if v == node and d["relation"] in fibres.relations
        )
        add(child, node, data)
        node = child


def _name_of(net: nx.MultiDiGraph, node: str, site: str | None) -> str:
    """A lesion's name: the nerve, or the site when its label already names the nerve."""
    return lesion_name(net.nodes[node]["label"], net.nodes[site]["label"] if site else None)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "site": row["site"],
        "id": row["id"],
        "kind": row["kind"],
        "at": row["at"],
        "score": row["score"],
        "explains": [f.text() for f in row["explains"]],
        "contradicts": [f.text() for f in row["contradicts"]],
        "unexplained": [f.text() for f in row["unexplained"]],
        "size": row["size"],
        "same_as": row["same_as"],
    }


def _next_tests(
    context: LesionContext, ranked: list[dict[str, Any]], findings: list[Finding]
) -> list[dict[str, str]]:
    """Examinations whose result tells the leading candidate from the next ones.

    For the leader against each of the next two candidates, up to two tests
    whose result differs: reflexes first, then the movements the ISNCSCI
    examination tests (key muscle functions), other movements, skin regions and
    muscles, full losses before partial ones; what was examined is left out.
    """
    net = context.net
    examined = {f.node for f in findings}
    key_functions = {
        v for _, v, d in net.edges(data=True) if d["relation"] == "key_muscle_function"
    }

    def priority(node: str, effect: str) -> tuple[int, int, str]:
        classes = set(net.nodes[node]["classes"])
        if "reflex" in classes:
            kind = 0
        elif "movement" in classes:
            kind = 1 if node in key_functions else 2
        else:
            kind = 3 if "skin_region" in classes else 4
        return (kind, 0 if effect in _STRONG else 1, net.nodes[node]["label"])

    tests: list[dict[str, str]] = []
    chosen: set[str] = set()
    if not ranked:
        return tests
    leader = ranked[0]
    for other in ranked[1:3]:
        differing = []
        for node in set(leader["effects"]) ^ set(other["effects"]):
            if node in examined or node in chosen:
                continue
            where = leader if node in leader["effects"] else other
            differing.append((priority(node, where["effects"][node]), node, where))
        for _, node, where in sorted(differing)[:2]:
            normal = other if where is leader else leader
            chosen.add(node)
            tests.append(
                {
                    "test": net.nodes[node]["label"],
                    "why": f"{where['effects'][node]} by a lesion of "
                    f"{_name_of(net, where['id'], where['at_id'])}, normal with a lesion of "
                    f"{_name_of(net, normal['id'], normal['at_id'])}",
                }
            )
    return tests


def format_localisation(result: dict[str, Any]) -> str:
    """The ranked candidates and the next tests as text.

    Example:
            >>> found = localise(store, weak=["tibialis anterior"], spared=["ankle eversion"])
        >>> format_localisation(found).splitlines()[0]
        'Findings: weak: tibialis anterior; spared: eversion of the foot'
    """
    findings = "; ".join(f"{f['finding']}: {f['label']}" for f in result["findings"])
    lines = [f"Findings: {findings}", ""]
    if not result["candidates"]:
        return "\n".join([*lines, "No single lesion in the graph produces these findings."])
    if not result["explains_all"]:
        lines += ["No single lesion explains every finding; the closest:", ""]
    lines.append("Candidates (score = explained - contradicted):")
    for i, c in enumerate(result["candidates"], 1):
        name = lesion_name(c["site"], c["at"])
        same = f"; same as {', '.join(c['same_as'])}" if c["same_as"] else ""
        lines.append(f"  {i:>2}. {name} ({c['kind']}, score {c['score']}{same})")
        if c["contradicts"]:
            lines.append(f"      contradicts: {'; '.join(c['contradicts'])}")
        if c["unexplained"]:
            lines.append(f"      leaves unexplained: {'; '.join(c['unexplained'])}")
    if result["next"]:
        lines += ["", "Next tests:"]
        lines += [f"  - {t['test']}: {t['why']}" for t in result["next"]]
    return "\n".join(lines)
