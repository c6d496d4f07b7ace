"""The graph as networkx: relations between structures, paths, neighbourhoods, centrality.

:func:`to_networkx` keeps one node per named structure (CURIE key, ``label``,
``classes`` and ``kind`` attributes) and one edge per asserted fact (the
property CURIE as edge key, so two relations between one pair both stay),
read from the ``owl:Axiom`` the build writes for each fact. Schema-level
triples, types, materialised super-properties and inverses, and metadata
records (classes marked ``akg:metadataClass``: sources, depictions) stay out.
Edges point from subject to object as the data reads: ``innervated_by`` runs
muscle -> nerve, ``branch_of`` branch -> parent, ``part_of`` part -> whole.

Example:
    >>> import kg
    >>> net = to_networkx(graph)
    >>> net.nodes["anat:soleus"]["label"]
    'soleus'
    >>> "akg:innervatedBy" in net["anat:soleus"]["anat:tibial_nerve"]
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.build.schema import instance_of, schema_of
from kg.errors import QueryError
from kg.sparql.formats import curie
from kg.store.graph_names import resolve

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "PathStep",
    "centrality",
    "descendants",
    "neighbourhood",
    "node_of",
    "shortest_path",
    "to_networkx",
]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Every named structure and every asserted relation between them.

    Nodes carry ``label``, ``kind`` (the data key of the structure's class) and
    ``classes``; edges carry ``relation`` (data key), ``label``, ``cost`` (the
    relation's path cost), ``sources`` and ``note``.
    """
    import networkx as nx

    schema = schema_of(graph)
    net = nx.MultiDiGraph()
    nodes = {}
    for entity in graph.subjects(RDF.type, OWL.NamedIndividual):
        if not isinstance(entity, URIRef):
            continue
        classes = [
            schema.classes_by_iri[t].key
            for t in graph.objects(entity, RDF.type)
            if t in schema.classes_by_iri and schema.classes_by_iri[t].key
        ]
        if not classes or any(schema.classes[c].metadata for c in classes):
            continue
        nodes[entity] = curie(entity)
        label = graph.value(entity, RDFS.label)
        net.add_node(
            nodes[entity],
            iri=str(entity),
            label=str(label) if label is not None else nodes[entity],
            kind=sorted(classes)[0],
            classes=sorted(classes),
        )
    references = {spec.iri: spec for spec in schema.properties.values() if spec.is_reference}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        prop = graph.value(axiom, OWL.annotatedProperty)
        s = graph.value(axiom, OWL.annotatedSource)
        o = graph.value(axiom, OWL.annotatedTarget)
        spec = references.get(prop)
        if spec is None or s not in nodes or o not in nodes:
            continue
        net.add_edge(
            nodes[s],
            nodes[o],
            key=curie(spec.iri),
            relation=spec.key,
            label=spec.label,
            cost=spec.path_cost,
            sources=sorted(curie(x) for x in graph.objects(axiom, DCTERMS.source)),
            note=str(graph.value(axiom, RDFS.comment) or ""),
        )
    return net


def node_of(
    graph: Graph, net: nx.MultiDiGraph, name: str, kinds: Iterable[str] | None = None
) -> str:
    """The node key of the structure a person names.

    ``kinds`` (class data keys; subclasses count) settles a name two structures share.

    Example:
        >>> import kg
        >>> node_of(graph, to_networkx(graph), "T12", kinds={"spinal_segment"})
        'anat:t12'

    Raises:
        UnknownEntityError: no structure, or more than one, goes by that name.
        QueryError: the entity is not a structure in the network.
    """
    wanted = tuple(kinds or ())

    def fits(iri: URIRef) -> bool:
        return curie(iri) in net and instance_of(graph, iri, wanted)

    key = curie(resolve(graph, name, fits if wanted else None))
    if key not in net:
        raise QueryError(f"{name!r} is not a structure with relations")
    return key


def descendants(net: nx.MultiDiGraph, node: str, relations: Iterable[str]) -> set[str]:
    """Every node that reaches ``node`` through ``relations`` (e.g. all branches of a nerve).

    Example:
        >>> import kg
        >>> net = to_networkx(graph)
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
        >>> import kg
        >>> net = to_networkx(graph)
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
        >>> import kg
        >>> steps = shortest_path(to_networkx(graph), "anat:soleus", "anat:tibial_nerve")
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
        >>> import kg
        >>> top = centrality(to_networkx(graph), kind="artery", measure="degree")[0]
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
