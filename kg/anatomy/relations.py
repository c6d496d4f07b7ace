"""A few kinds of asserted relation between named structures, read from the store without networkx.

A traversal that follows a handful of relations (a lesion follows nerve
supply, fibre courses, actions and parts) needs neither every fact nor
networkx: one query reads the facts of those relations (from the
``owl:Axiom`` the build writes for each asserted fact, as
:func:`kg.anatomy.networks.to_networkx` does), one the labels and classes of
the named structures. Nodes are CURIEs as in the networkx view; edges point
from subject to object as the data reads (``innervated_by`` muscle -> nerve).

Example:
    >>> relations = Relations(store, ["branch_of"])
    >>> "anat:deep_fibular_nerve" in relations.below("anat:common_fibular_nerve", ["branch_of"])
    True
    >>> relations.nodes["anat:soleus"]["label"]
    'soleus'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.sparql.formats import curie

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["Relations"]

_OWL = "http://www.w3.org/2002/07/owl#"
_NODES = f"""
SELECT ?e ?t ?l WHERE {{
  ?e a <{_OWL}NamedIndividual> ; a ?t .
  OPTIONAL {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
}}"""
_FACTS = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ %s }}
  ?a <{_OWL}annotatedProperty> ?p ; <{_OWL}annotatedSource> ?s ; <{_OWL}annotatedTarget> ?o .
}}"""


class Relations:
    """Named structures (``nodes``: CURIE -> iri, label, kind, classes) and facts of some relations.

    Args:
        store: the graph to read.
        keys: data keys of the relations to read (unknown keys are ignored).
    """

    def __init__(self, store: GraphStore, keys: Iterable[str]) -> None:
        vocabulary = store.vocabulary
        classes: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        for row in store.engine.query(_NODES):
            if type(row["e"]).__name__ != "NamedNode":
                continue
            iri = row["e"].value
            kind = vocabulary.classes_by_iri.get(row["t"].value)
            classes[iri]
            if kind is not None and kind.key:
                classes[iri].add(kind.key)
            if row["l"] is not None:
                labels.setdefault(iri, row["l"].value)
        self.nodes: dict[str, dict[str, Any]] = {}
        key_of: dict[str, str] = {}
        for iri in sorted(classes):
            found = sorted(classes[iri])
            if not found or any(vocabulary.classes[c].metadata for c in found):
                continue
            key = key_of[iri] = curie(store.node(iri))
            self.nodes[key] = {
                "iri": iri,
                "label": labels.get(iri, key),
                "kind": found[0],
                "classes": found,
            }
        self._out: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._in: dict[tuple[str, str], set[str]] = defaultdict(set)
        wanted = {
            vocabulary.relations[k].iri: k
            for k in keys
            if k in vocabulary.relations and vocabulary.relations[k].reference
        }
        if not wanted:
            return
        text = _FACTS % " ".join(f"<{iri}>" for iri in sorted(wanted))
        for row in store.engine.query(text):
            s, o = key_of.get(row["s"].value), key_of.get(row["o"].value)
            if s is None or o is None:
                continue
            relation = wanted[row["p"].value]
            self._out[(s, relation)].add(o)
            self._in[(o, relation)].add(s)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def targets(self, node: str, relation: str) -> set[str]:
        """What ``node`` points to by ``relation`` (a muscle's nerves by ``innervated_by``)."""
        return set(self._out.get((node, relation), ()))

    def sources(self, node: str, relation: str) -> set[str]:
        """What points to ``node`` by ``relation`` (a nerve's muscles by ``innervated_by``)."""
        return set(self._in.get((node, relation), ()))

    def below(self, node: str, relations: Iterable[str]) -> set[str]:
        """Every node that reaches ``node`` through ``relations`` (all branches of a nerve)."""
        wanted = list(relations)
        found: set[str] = set()
        stack = [node]
        while stack:
            current = stack.pop()
            for relation in wanted:
                for child in self.sources(current, relation):
                    if child not in found and child != node:
                        found.add(child)
                        stack.append(child)
        return found
