"""What a lesion does: muscles denervated or weakened, movements lost or weakened.

A lesion cuts a spinal root, a nerve, a part of a plexus (a trunk, division
or cord), or a nerve at a named site along its course (``at=``). Its effect
is reasoned by following each root's fibres: a muscle is supplied by pairs
of (nerve, root) — each nerve that innervates it and each of its segmental
roots that nerve carries — and a pair survives when the root's fibres still
reach that nerve along the relations the schema marks ``akg:fibreCourse``
(branch of, continuation of, formed from) without passing the lesion. So a
lesion of the upper trunk of the brachial plexus cuts the C5 and C6 fibres
of every nerve below it, but not the C7 fibres that reach the same cord
through the middle trunk. A lesion at a site spares the branches the nerve
gave off above it (``below_branch_to`` on the site and on the sites above).

A muscle is *denervated* when no pair survives and *weakened* when some do
(a whole muscle counts the pairs of its heads too). A movement is *lost*
when no muscle acting in it keeps a supply, and *weakened* when some of its
muscles are affected; what remains is named. Clinical pictures recorded as
``results_from_lesion_of`` the lesioned structure (or site) are named.

Example:
    >>> import kg
    >>> report = lesion(store, "deep fibular nerve")
    >>> denervated = [m["label"] for m in report["muscles"] if m["status"] == "denervated"]
    >>> "tibialis anterior" in denervated
    True
    >>> [(m["label"], m["status"]) for m in report["movements"]][:1]
    [('dorsiflexion at the talocrural joint', 'lost')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.anatomy.networks import node_of, to_networkx
from kg.anatomy.segments import segment_position
from kg.errors import QueryError
from kg.namespaces import AKG_IRI
from kg.store.names import NAME_PROPERTIES, normalise

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.local import GraphStore

__all__ = [
    "LesionContext",
    "format_lesion",
    "kind_of",
    "lesion",
    "lesion_context",
    "lesion_name",
    "reason",
]

_NERVE_KINDS = ("nerve", "nerve_plexus")  # with their subclasses (branches, spinal nerves)
_PLEXUS_KINDS = {"plexus_part", "nerve_plexus"}
_MUSCLE_KINDS = {"muscle", "muscle_part"}


def _ref(net: nx.MultiDiGraph, node: str) -> dict[str, str]:
    return {"id": node, "label": net.nodes[node]["label"]}


def _targets(net: nx.MultiDiGraph, node: str, relation: str) -> set[str]:
    return {v for _, v, data in net.out_edges(node, data=True) if data["relation"] == relation}


def _sources_of(net: nx.MultiDiGraph, node: str, relation: str) -> set[str]:
    return {u for u, _, data in net.in_edges(node, data=True) if data["relation"] == relation}


def _is_muscle(net: nx.MultiDiGraph, node: str) -> bool:
    return bool(_MUSCLE_KINDS & set(net.nodes[node]["classes"]))


def _order(net: nx.MultiDiGraph, node: str) -> tuple[int, int, str]:
    """Spinal segments (labelled by their codes) in cranio-caudal order, the rest by label."""
    label = net.nodes[node]["label"]
    if "spinal_segment" not in net.nodes[node]["classes"]:
        return (0, 0, label)
    return (*(segment_position(label) or (9, 0)), label)


@dataclass(frozen=True)
class _Cut:
    """What a lesion interrupts: whole structures, single links, or one root."""

    nodes: frozenset[str] = frozenset()
    links: frozenset[tuple[str, str]] = frozenset()  # (child or muscle, nerve)
    root: str | None = None
    reached: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False)


@dataclass
class _Fibres:
    """Where each nerve's fibres come from, read off the network once per lesion."""

    net: nx.MultiDiGraph
    relations: frozenset[str]
    _roots: dict[str, frozenset[str]] = field(default_factory=dict)
    _parents: dict[str, set[str]] = field(default_factory=dict)
    _supply: dict[str, set[tuple[str, str | None]]] = field(default_factory=dict)
    _muscles: list[str] | None = None

    def parents(self, node: str) -> set[str]:
        if node not in self._parents:
            edges = self.net.out_edges(node, data=True)
            self._parents[node] = {v for _, v, d in edges if d["relation"] in self.relations}
        return self._parents[node]

    def children(self, node: str) -> set[str]:
        return {
            u for u, _, d in self.net.in_edges(node, data=True) if d["relation"] in self.relations
        }

    def muscles(self) -> list[str]:
        """The muscles and muscle parts that name a nerve."""
        if self._muscles is None:
            self._muscles = [
                m
                for m in self.net.nodes
                if _is_muscle(self.net, m) and _targets(self.net, m, "innervated_by")
            ]
        return self._muscles

    def supply(self, muscle: str) -> set[tuple[str, str | None]]:
        """(nerve, root) pairs that supply a muscle or muscle part itself."""
        if muscle not in self._supply:
            self._supply[muscle] = _supply(self.net, self, muscle)
        return self._supply[muscle]

    def roots(self, node: str, _seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The node's own roots, or (for a branch that records none) its parents' roots."""
        if node in self._roots:
            return self._roots[node]
        own = frozenset(_targets(self.net, node, "roots"))
        if not own and node not in _seen:
            own = frozenset(r for p in self.parents(node) for r in self.roots(p, _seen | {node}))
        self._roots[node] = own
        return own

    def reaches(self, node: str, root: str, cut: _Cut, seen: frozenset[str] = frozenset()) -> bool:
        """Whether fibres of ``root`` still arrive at ``node`` past the cut."""
        known = cut.reached.get((node, root))
        if known is not None:
            return known
        if node in cut.nodes or root == cut.root or root not in self.roots(node) or node in seen:
            return False
        carriers = [p for p in self.parents(node) if root in self.roots(p)]
        found = not carriers or any(  # no carrier: this root's fibres enter the nerves here
            (node, p) not in cut.links and self.reaches(p, root, cut, seen | {node})
            for p in carriers
        )
        cut.reached[(node, root)] = found
        return found


def _supply(net: nx.MultiDiGraph, fibres: _Fibres, muscle: str) -> set[tuple[str, str | None]]:
    """(nerve, root) pairs that supply a muscle or muscle part itself."""
    segments = _targets(net, muscle, "segmental_innervation")
    pairs: set[tuple[str, str | None]] = set()
    for nerve in _targets(net, muscle, "innervated_by"):
        carried = segments & fibres.roots(nerve)
        pairs |= {(nerve, r) for r in (carried or segments or {None})}
    return pairs


def _intact(fibres: _Fibres, muscle: str, pair: tuple[str, str | None], cut: _Cut) -> bool:
    """Whether a (nerve, root) supply of a muscle survives the cut."""
    nerve, root = pair
    if (muscle, nerve) in cut.links or (root is not None and root == cut.root):
        return False
    if root is not None and root in fibres.roots(nerve):
        return fibres.reaches(nerve, root, cut)
    roots = fibres.roots(nerve)  # a root the nerve does not record: the nerve as a whole
    return nerve not in cut.nodes and (
        not roots or any(fibres.reaches(nerve, r, cut) for r in roots)
    )


def _muscle_status(
    net: nx.MultiDiGraph, fibres: _Fibres, cut: _Cut
) -> dict[str, tuple[str, list[str], list[str]]]:
    """Muscle -> (status, nerves still supplying it, roots still reaching it).

    Only muscles the cut reaches are listed. A whole muscle counts its own
    pairs and those of its heads, so a lesion that takes one head of triceps
    weakens triceps.
    """
    own: dict[str, dict[tuple, bool]] = {}
    for muscle in fibres.muscles():
        own[muscle] = {p: _intact(fibres, muscle, p, cut) for p in fibres.supply(muscle)}
    affected: dict[str, tuple[str, list[str], list[str]]] = {}
    for muscle, pairs in own.items():
        combined = dict(pairs)
        for part in _sources_of(net, muscle, "part_of"):
            combined.update({(part, *p): ok for p, ok in own.get(part, {}).items()})
        if all(combined.values()):
            continue
        kept = [p for p, ok in combined.items() if ok]
        nerves = sorted({p[-2] for p in kept}, key=lambda n: _order(net, n))
        roots = sorted({p[-1] for p in kept if p[-1] is not None}, key=lambda n: _order(net, n))
        status = "weakened" if kept else "denervated"
        affected[muscle] = (status, nerves, roots)
    return affected


def _roles(net: nx.MultiDiGraph, muscle: str) -> dict[str, str]:
    """Movement -> role (prime, assisting, acts) for one muscle or muscle part."""
    roles: dict[str, str] = {}
    for movement in _targets(net, muscle, "action"):
        roles[movement] = "acts"
    for role, relation in (("assisting", "assisting_action"), ("prime", "prime_action")):
        for movement in _targets(net, muscle, relation):
            roles[movement] = role
    return roles


def _actors(net: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
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
        parts = [p for p in _sources_of(net, muscle, "part_of") if _is_muscle(net, p)]
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


def _movements(
    net: nx.MultiDiGraph, affected: dict[str, tuple], actors: dict[str, dict[str, str]]
) -> list[dict]:
    rows = []
    for movement, muscles in actors.items():
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


_FILLER = {"the", "of", "at", "in", "a", "nerve"}


def _site(graph: GraphStore, net: nx.MultiDiGraph, nerve: str, name: str) -> str:
    """The site of ``nerve`` a person names ("spiral groove", "carpal tunnel").

    A site answers to its own names, to the names of what it is ``located_at``
    and of its ``region``, and to any name whose words all appear in one of
    its own names ("tarsal tunnel" for "tibial nerve in the tarsal tunnel").
    """
    wanted = normalise(name)
    words = set(wanted.replace("'", " ").split()) - _FILLER
    sites = sorted(_sources_of(net, nerve, "site_on"))
    exact, partial = [], []
    for site in sites:
        own = _names(graph, net, site)
        around = {
            n
            for relation in ("located_at", "region")
            for place in _targets(net, site, relation)
            for n in _names(graph, net, place)
        }
        if wanted in own | around or site == name or net.nodes[site]["iri"] == name:
            exact.append(site)
        elif words and any(words <= set(n.replace("'", " ").split()) for n in own):
            partial.append(site)
    found = exact or partial
    if len(found) == 1:
        return found[0]
    labels = ", ".join(net.nodes[s]["label"] for s in (found or sites))
    nerve_label = net.nodes[nerve]["label"]
    if found:
        raise QueryError(f"{name!r} fits several sites of the {nerve_label}: {labels}")
    known = f"; its sites: {labels}" if sites else "; it has no recorded sites"
    raise QueryError(f"{name!r} is not a recorded site of the {nerve_label}{known}")


def _names(graph: GraphStore, net: nx.MultiDiGraph, node: str) -> set[str]:
    iri = net.nodes[node]["iri"]
    return {normalise(v.value) for p in NAME_PROPERTIES for v in graph.objects(iri, p)}


def _spared_above(graph: GraphStore, net: nx.MultiDiGraph, nerve: str, site: str) -> set[str]:
    """What the nerve supplies through branches that leave above the site (heads included)."""
    order = _site_orders(graph, net, nerve)
    spared = {
        target
        for other, position in order.items()
        if position <= order[site]
        for target in _targets(net, other, "below_branch_to")
    }
    return spared | {
        p for m in spared for p in _sources_of(net, m, "part_of") if _is_muscle(net, p)
    }


def _site_orders(graph: GraphStore, net: nx.MultiDiGraph, nerve: str) -> dict[str, int]:
    orders = {}
    for site in _sources_of(net, nerve, "site_on"):
        value = graph.value(net.nodes[site]["iri"], AKG_IRI + "courseOrder")
        orders[site] = int(value.value) if value is not None else 0
    return orders


def _patterns(net: nx.MultiDiGraph, target: str) -> list[dict[str, str]]:
    named = _sources_of(net, target, "results_from_lesion_of")
    return sorted((_ref(net, c) for c in named), key=lambda r: r["label"])


def _below(fibres: _Fibres, start: set[str], cut: _Cut) -> tuple[list[str], list[str]]:
    """Nerves downstream of the cut: those that lose every root, and those that lose some."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        for child in fibres.children(stack.pop()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    whole, partly = [], []
    for node in seen - cut.nodes:
        roots = fibres.roots(node)
        kept = [r for r in roots if fibres.reaches(node, r, cut)]
        if roots and not kept:
            whole.append(node)
        elif len(kept) < len(roots):
            partly.append(node)
    return whole, partly


@dataclass
class LesionContext:
    """What lesion reasoning reads off the graph once, to reason out many lesions.

    Example:
        >>> context = lesion_context(store)
        >>> reason(context, "anat:deep_fibular_nerve")["lesion"]["label"]
        'deep fibular nerve'
    """

    graph: GraphStore
    net: nx.MultiDiGraph
    fibres: _Fibres
    actors: dict[str, dict[str, str]]


def lesion_context(graph: Any, net: nx.MultiDiGraph | None = None) -> LesionContext:
    """Read the network, the fibre relations and who moves what, once.

    ``graph`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``;
    the fibre relations are those the schema marks ``akg:fibreCourse``.
    """
    from kg.store.access import store_of

    store = store_of(graph)
    net = net if net is not None else to_networkx(store)
    relations = frozenset(r.key for r in store.vocabulary.relations.values() if r.fibre_course)
    return LesionContext(store, net, _Fibres(net, relations), _actors(net))


def lesion(
    graph: Any, name: str, *, at: str | None = None, net: nx.MultiDiGraph | None = None
) -> dict[str, Any]:
    """Reason out a lesion of a spinal root, a nerve, a plexus part, or a nerve at a site.

    Returns ``{"lesion": {"id", "label", "kind", "at", …}, "muscles": [{"id",
    "label", "status", "remaining"}], "movements": [{"id", "label", "status",
    "remaining_muscles", …}], "sensory": [{"region", "via", "effect"}],
    "reflexes": [{"reflex", "effect"}], "pattern": name or None, "patterns": […]}``.
    ``kind`` is ``root``, ``plexus`` or ``nerve``; ``remaining`` names the
    nerves still supplying a muscle after a nerve lesion, and the roots still
    reaching it after a root or plexus lesion; ``remaining_roots`` always
    names the roots. ``effect`` is ``lost`` or ``reduced``.

    Example:
        >>> report = lesion(store, "common fibular nerve", at="neck of fibula")
        >>> report["lesion"]["at"]["label"], report["pattern"]
        ('common fibular nerve at the neck of the fibula', 'foot drop')

    Raises:
        UnknownEntityError: the name is unknown or ambiguous.
        QueryError: the structure is neither a nerve, a plexus part nor a spinal
            root, or ``at`` names no site of that nerve.
    """
    context = lesion_context(graph, net)
    graph, net = context.graph, context.net
    node = node_of(graph, net, name, kinds=(*_NERVE_KINDS, "spinal_segment"))
    iri = net.nodes[node]["iri"]
    if graph.is_a(iri, ["spinal_segment"]):
        if at is not None:
            raise QueryError("--at names a site along a nerve; a spinal root has none")
        return reason(context, node)
    if not graph.is_a(iri, _NERVE_KINDS):
        label = net.nodes[node]["label"]
        raise QueryError(
            f"{label!r} is not a nerve or a spinal root (nor a plexus part); a lesion needs one"
        )
    return reason(context, node, _site(graph, net, node, at) if at is not None else None)


def kind_of(net: nx.MultiDiGraph, node: str) -> str:
    """``root``, ``plexus``, ``cranial nerve`` or ``nerve``: what a lesion of the node is."""
    classes = set(net.nodes[node]["classes"])
    if "spinal_segment" in classes:
        return "root"
    if _PLEXUS_KINDS & classes:
        return "plexus"
    return "cranial nerve" if "cranial_nerve" in classes else "nerve"


def reason(context: LesionContext, node: str, site: str | None = None) -> dict[str, Any]:
    """The lesion report for a node (a root, nerve or plexus part) cut whole or at a site."""
    net, fibres = context.net, context.fibres
    kind = kind_of(net, node)
    if kind == "root":
        cut = _Cut(root=node)
        carriers = sorted(_sources_of(net, node, "roots"), key=lambda n: net.nodes[n]["label"])
        extra: dict[str, Any] = {"nerves_carrying_root": [_ref(net, n) for n in carriers]}
    else:
        if site is None:
            cut = _Cut(nodes=frozenset({node}))
        else:
            spared = _spared_above(context.graph, net, node, site)
            below = fibres.children(node) | _sources_of(net, node, "innervated_by")
            cut = _Cut(links=frozenset((c, node) for c in below - spared))
        whole, partly = _below(fibres, {node}, cut)
        extra = {
            "nerves_cut": [_ref(net, node)] + sorted((_ref(net, n) for n in whole), key=_by_label),
            "nerves_partly_cut": sorted((_ref(net, n) for n in partly), key=_by_label),
        }
    affected = _muscle_status(net, fibres, cut)
    muscles = [
        {
            **_ref(net, m),
            "status": status,
            "remaining": [_ref(net, r) for r in (nerves if kind == "nerve" else roots)],
            "remaining_roots": [_ref(net, r) for r in roots],
        }
        for m, (status, nerves, roots) in affected.items()
    ]
    muscles.sort(key=lambda r: (r["status"] != "denervated", r["label"]))
    patterns = _patterns(net, site or node)
    return {
        "lesion": {
            **_ref(net, node),
            "kind": kind,
            "at": _ref(net, site) if site else None,
            **extra,
        },
        "muscles": muscles,
        "movements": _movements(net, affected, context.actors),
        "sensory": _sensory(net, fibres, cut),
        "reflexes": _reflexes(net, fibres, cut, affected),
        "pattern": patterns[0]["label"] if patterns else None,
        "patterns": patterns,
    }


def _supply_lost(fibres: _Fibres, nerve: str, roots: set[str], cut: _Cut) -> tuple[int, int]:
    """(fibre routes lost, routes in all) for a nerve and the roots it carries."""
    carried = (roots & fibres.roots(nerve)) or fibres.roots(nerve)
    if not carried:
        return (1, 1) if nerve in cut.nodes else (0, 1)
    lost = sum(1 for r in carried if not fibres.reaches(nerve, r, cut))
    return lost, len(carried)


def _sensory(net: nx.MultiDiGraph, fibres: _Fibres, cut: _Cut) -> list[dict[str, Any]]:
    """Skin regions whose sensation the cut takes (``lost``) or diminishes (``reduced``).

    A region is lost when every cutaneous nerve it has loses all its fibres,
    reduced when some fibres remain; a root lesion reduces its dermatomes
    (neighbouring segments overlap) and its key sensory point.
    """
    rows = []
    for region in net.nodes:
        if "skin_region" not in net.nodes[region]["classes"]:
            continue
        if cut.root is not None:
            segments = _targets(net, region, "dermatome_of") | _targets(
                net, region, "key_sensory_point_of"
            )
            if cut.root in segments:
                rows.append(
                    {
                        **_ref(net, region),
                        "region": net.nodes[region]["label"],
                        "via": [_ref(net, cut.root)],
                        "effect": "reduced",
                    }
                )
            continue
        nerves = _targets(net, region, "cutaneous_nerve")
        counts = {n: _supply_lost(fibres, n, set(), cut) for n in nerves}
        via = [n for n, (lost, _) in counts.items() if lost]
        if not via:
            continue
        whole = all(lost == total for lost, total in counts.values())
        rows.append(
            {
                **_ref(net, region),
                "region": net.nodes[region]["label"],
                "via": [_ref(net, n) for n in sorted(via, key=lambda n: net.nodes[n]["label"])],
                "effect": "lost" if whole else "reduced",
            }
        )
    rows.sort(key=lambda r: (r["effect"] != "lost", r["region"]))
    return rows


def _reflexes(
    net: nx.MultiDiGraph, fibres: _Fibres, cut: _Cut, affected: dict[str, tuple]
) -> list[dict[str, Any]]:
    """Reflexes whose arc the cut interrupts (``lost``) or weakens (``reduced``)."""
    rows = []
    for reflex in net.nodes:
        if "reflex" not in net.nodes[reflex]["classes"]:
            continue
        segments = _targets(net, reflex, "segments")
        effects = []
        for relation in ("afferent_nerve", "efferent_nerve"):
            nerves = _targets(net, reflex, relation)
            counts = [_supply_lost(fibres, n, segments, cut) for n in nerves]
            if counts and all(lost == total for lost, total in counts):
                effects.append("lost")
            elif any(lost for lost, _ in counts):
                effects.append("reduced")
        if cut.root is not None and cut.root in segments:
            effects.append("lost" if segments == {cut.root} else "reduced")
        for muscle in _targets(net, reflex, "muscle_tested"):
            if muscle in affected:
                effects.append("lost" if affected[muscle][0] == "denervated" else "reduced")
        if effects:
            effect = "lost" if "lost" in effects else "reduced"
            rows.append(
                {**_ref(net, reflex), "reflex": net.nodes[reflex]["label"], "effect": effect}
            )
    rows.sort(key=lambda r: (r["effect"] != "lost", r["reflex"]))
    return rows


def lesion_name(nerve: str, site: str | None = None) -> str:
    """How a lesion is named: the nerve, or the site when its label already names the nerve.

    Example:
        >>> lesion_name("femoral nerve", "femoral nerve at the inguinal ligament")
        'femoral nerve at the inguinal ligament'
        >>> lesion_name("radial nerve", "spiral groove")
        'radial nerve at spiral groove'
    """
    if site is None:
        return nerve
    return site if site.startswith(nerve) else f"{nerve} at {site}"


def _by_label(ref: dict[str, str]) -> str:
    return ref["label"]


def format_lesion(report: dict[str, Any]) -> str:
    """The lesion report as text for people.

    Example:
        >>> print(format_lesion(lesion(store, "deep fibular nerve")).splitlines()[0])
        Lesion of deep fibular nerve (nerve, with 0 nerves below it)
    """
    head = report["lesion"]
    if head["kind"] == "root":
        carriers = ", ".join(n["label"] for n in head["nerves_carrying_root"]) or "none recorded"
        lines = [f"Lesion of root {head['label']} (carried by: {carriers})"]
    else:
        below = len(head["nerves_cut"]) - 1
        plural = "nerve" if below == 1 else "nerves"
        name = lesion_name(head["label"], head["at"]["label"] if head.get("at") else None)
        lines = [f"Lesion of {name} ({head['kind']}, with {below} {plural} below it)"]
        partly = ", ".join(n["label"] for n in head.get("nerves_partly_cut", []))
        if partly:
            lines.append(f"Fibres lost in part from: {partly}")
    if report.get("patterns"):
        lines.append("Clinical picture: " + ", ".join(p["label"] for p in report["patterns"]))
    if not report["muscles"]:
        source = "its fibres" if head["kind"] == "root" else "a nerve below it"
        lines += ["", f"No muscle is recorded as supplied by {head['label']} or {source}."]
        return "\n".join(lines + _examination_lines(report))
    lines.append("")
    lines.append(f"Muscles ({len(report['muscles'])}):")
    partial = head["kind"] == "nerve" and head.get("nerves_partly_cut")
    for m in report["muscles"]:
        kept = ", ".join(r["label"] for r in m["remaining"])
        if partial and m["remaining_roots"]:
            kept += " (" + ", ".join(r["label"] for r in m["remaining_roots"]) + ")"
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
    return "\n".join(lines + _examination_lines(report))


def _examination_lines(report: dict[str, Any]) -> list[str]:
    """The reflex and sensation sections of the text report."""
    lines: list[str] = []
    if report.get("reflexes"):
        lines += ["", f"Reflexes ({len(report['reflexes'])}):"]
        lines += [f"  {r['effect']:<10}  {r['reflex']}" for r in report["reflexes"]]
    if report.get("sensory"):
        lines += ["", f"Sensation ({len(report['sensory'])}):"]
        for s in report["sensory"]:
            via = ", ".join(v["label"] for v in s["via"])
            lines.append(f"  {s['effect']:<10}  {s['region']} - via {via}")
    return lines
