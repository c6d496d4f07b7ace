"""The graph as networkx: relations between structures, paths, neighbourhoods, centrality.

:func:`to_networkx` reads the store (:mod:`kg.store.local`) with two SPARQL
queries and keeps one node per named structure (CURIE key, ``label``,
``classes`` and ``kind`` attributes) and one edge per asserted fact (the
property CURIE as edge key, so two relations between one pair both stay),
read from the ``owl:Axiom`` the build writes for each fact. Schema-level
triples, types, materialised super-properties and inverses, and metadata
records (classes marked ``akg:metadataClass``: sources, depictions) stay out.
Edges point from subject to object as the data reads: ``innervated_by`` runs
muscle -> nerve, ``branch_of`` branch -> parent, ``part_of`` part -> whole.

Example:
    >>> net = to_networkx(store)
    >>> net.nodes["anat:soleus"]["label"]
    'soleus'
    >>> "akg:innervatedBy" in net["anat:soleus"]["anat:tibial_nerve"]
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError
from kg.sparql.formats import curie

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.local import GraphStore

__all__ = [
    "PathStep",
    "centrality",
    "descendants",
    "neighbourhood",
    "node_of",
    "shortest_path",
    "to_networkx",
]

_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_NODES = f"""
SELECT ?e ?t ?l WHERE {{
  ?e a <{_OWL}NamedIndividual> ; a ?t .
  OPTIONAL {{ ?e <{_RDFS}label> ?l }}
}}"""
_EDGES = f"""
SELECT ?a ?s ?p ?o ?source ?note WHERE {{
  ?a a <{_OWL}Axiom> ; <{_OWL}annotatedSource> ?s ;
     <{_OWL}annotatedProperty> ?p ; <{_OWL}annotatedTarget> ?o .
  OPTIONAL {{ ?a <http://purl.org/dc/terms/source> ?source }}
  OPTIONAL {{ ?a <{_RDFS}comment> ?note }}
}}"""


def to_networkx(source: Any = None) -> nx.MultiDiGraph:
    """Every named structure and every asserted relation between them.

    ``source`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``
    (the bundled graph when omitted). Nodes carry ``label``, ``kind`` (the
    data key of the structure's class) and ``classes``; edges carry
    ``relation`` (data key), ``label``, ``cost`` (the relation's path cost),
    ``sources`` and ``note``. Nodes and edges are added in IRI order.
    """
    import networkx as nx
    import pyoxigraph as ox

    from kg.store.access import store_of

    store = store_of(source)
    vocabulary = store.vocabulary
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in store.engine.query(_NODES):
        entity = row["e"]
        if not isinstance(entity, ox.NamedNode):
            continue
        kind = vocabulary.classes_by_iri.get(row["t"].value)
        if kind is not None and kind.key:
            types[entity.value].add(kind.key)
        else:
            types.setdefault(entity.value, set())
        if row["l"] is not None:
            labels.setdefault(entity.value, row["l"].value)
    net = nx.MultiDiGraph()
    nodes: dict[str, str] = {}
    for iri in sorted(types):
        classes = sorted(types[iri])
        if not classes or any(vocabulary.classes[c].metadata for c in classes):
            continue
        nodes[iri] = curie(ox.NamedNode(iri))
        net.add_node(
            nodes[iri], iri=iri, label=labels.get(iri, nodes[iri]), kind=classes[0], classes=classes
        )
    facts: dict[Any, dict[str, Any]] = {}
    for row in store.engine.query(_EDGES):
        spec = vocabulary.relations_by_iri.get(row["p"].value)
        s, o = row["s"].value, row["o"].value
        if spec is None or not spec.reference or s not in nodes or o not in nodes:
            continue
        fact = facts.setdefault(
            row["a"], {"s": s, "o": o, "spec": spec, "sources": set(), "note": ""}
        )
        if row["source"] is not None:
            fact["sources"].add(curie(row["source"]))
        if row["note"] is not None and not fact["note"]:
            fact["note"] = row["note"].value
    ordered = sorted(facts.values(), key=lambda f: (f["s"], f["spec"].iri, f["o"]))
    for fact in ordered:
        spec = fact["spec"]
        net.add_edge(
            nodes[fact["s"]],
            nodes[fact["o"]],
            key=curie(ox.NamedNode(spec.iri)),
            relation=spec.key,
            label=spec.label,
            cost=spec.path_cost,
            sources=sorted(fact["sources"]),
            note=fact["note"],
        )
    return net


def node_of(
    store: GraphStore, net: nx.MultiDiGraph, name: str, kinds: Iterable[str] | None = None
) -> str:
    """The node key of the structure a person names.

    ``kinds`` (class data keys; subclasses count) settles a name two structures share.

    Example:
        >>> node_of(store, to_networkx(store), "T12", kinds={"spinal_segment"})
        'anat:t12'

    Raises:
        UnknownEntityError: no structure, or more than one, goes by that name.
        QueryError: the entity is not a structure in the network.
    """
    import pyoxigraph as ox

    from kg.store.names import resolve_in

    wanted = tuple(kinds or ())

    def key_of(iri: str) -> str:
        return curie(ox.NamedNode(iri))

    def fits(iri: str) -> bool:
        return key_of(iri) in net and store.is_a(iri, wanted)

    key = key_of(resolve_in(store.names, name, fits if wanted else None, store.label))
    if key not in net:
        raise QueryError(f"{name!r} is not a structure with relations")
    return key


def descendants(net: nx.MultiDiGraph, node: str, relations: Iterable[str]) -> set[str]:
    """Every node that reaches ``node`` through ``relations`` (e.g. all branches of a nerve).

    Example:
        >>> net = to_networkx(store)
        >>> below = descendants(net, "anat:common_fibular_nerve", ["branch_of"])
        >>> "anat:deep_fibular_nerve" in below
        True
    """
    wanted = set(relations)
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        for child, _, data in net.in_edges(current, data=True):
            if data["relation"] in wanted and child not in found and child != node:
                found.add(child)
                stack.append(child)
    return found


def neighbourhood(net: nx.MultiDiGraph, node: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """The structures within ``depth`` relations of ``node`` (either direction), with their edges.

    Example:
        >>> net = to_networkx(store)
        >>> "anat:tibial_nerve" in neighbourhood(net, "anat:soleus", depth=1)
        True
    """
    import networkx as nx

    if depth < 0:
        raise QueryError("depth must be 0 or more")
    return net.subgraph(nx.ego_graph(net, node, radius=depth, undirected=True).nodes).copy()


@dataclass(frozen=True)
class PathStep:
    """One link of a path, read from ``start`` to ``end``; ``forward`` when the
    relation itself points that way (``start`` is its subject)."""

    start: str
    start_label: str
    relation: str
    relation_label: str
    end: str
    end_label: str
    forward: bool

    def text(self) -> str:
        """The step as an arrow: forward when the relation points along the path."""
        if self.forward:
            return f"--{self.relation_label}--> {self.end_label}"
        return f"<--{self.relation_label}-- {self.end_label}"


def shortest_path(
    net: nx.MultiDiGraph, start: str, end: str, *, avoid_grouping: bool = True
) -> list[PathStep]:
    """The shortest chain of relations linking two structures, either direction.

    Each step costs its relation's ``akg:pathCost`` (schema): grouping
    relations (region, compartment, group, ...) cost more, so a path through
    real anatomy wins over "both are in the leg"; root levels, shared by many
    nerves, cost a little more than a named nerve.

    Example:
        >>> steps = shortest_path(to_networkx(store), "anat:soleus", "anat:tibial_nerve")
        >>> [step.text() for step in steps]
        ['--innervated by--> tibial nerve']

    Raises:
        QueryError: the two are not connected.
    """
    import networkx as nx

    weights: dict[tuple[str, str], tuple[float, str, str, dict]] = {}
    for u, v, _key, data in net.edges(keys=True, data=True):
        cost = data["cost"] if avoid_grouping else 1.0
        for a, b in ((u, v), (v, u)):
            if (a, b) not in weights or cost < weights[(a, b)][0]:
                weights[(a, b)] = (cost, u, v, data)
    simple = nx.Graph()
    simple.add_nodes_from(net.nodes)
    simple.add_weighted_edges_from((a, b, w[0]) for (a, b), w in weights.items())
    try:
        nodes = nx.shortest_path(simple, start, end, weight="weight")
    except nx.NetworkXNoPath:
        raise QueryError(
            f"{net.nodes[start]['label']} and {net.nodes[end]['label']} are not connected"
        ) from None
    steps = []
    for a, b in pairwise(nodes):
        _, u, _, data = weights[(a, b)]
        steps.append(
            PathStep(
                start=a,
                start_label=net.nodes[a]["label"],
                relation=data["relation"],
                relation_label=data["label"],
                end=b,
                end_label=net.nodes[b]["label"],
                forward=(u == a),
            )
        )
    return steps


def centrality(
    net: nx.MultiDiGraph,
    *,
    kind: str | Iterable[str] = ("nerve", "nerve_branch"),
    measure: str = "betweenness",
) -> list[tuple[str, str, float]]:
    """Rank structures of a kind by ``betweenness`` or ``degree`` centrality.

    Example:
        >>> top = centrality(to_networkx(store), kind="artery", measure="degree")[0]
        >>> top[0].startswith("anat:")
        True
    """
    import networkx as nx

    kinds = {kind} if isinstance(kind, str) else set(kind)
    if measure == "betweenness":
        scores = nx.betweenness_centrality(nx.Graph(net))
    elif measure == "degree":
        scores = {n: float(net.degree(n)) for n in net}
    else:
        raise QueryError(f"unknown centrality measure {measure!r} (betweenness or degree)")
    ranked = [
        (node, net.nodes[node]["label"], score)
        for node, score in scores.items()
        if kinds & set(net.nodes[node]["classes"])
    ]
    return sorted(ranked, key=lambda item: (-item[2], item[1]))
