"""Lookups answered by an Oxigraph store: labels and class membership, without rdflib.

Both the quick CLI path (:mod:`kg.quick`) and the Oxigraph backend of
:func:`kg.query.run_prepared` label their tables here: one query per table
rather than one graph lookup per cell.

Example:
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> soleus = ox.NamedNode("https://w3id.org/anatomy-kg/id/soleus")
    >>> store.add(ox.Quad(soleus, ox.NamedNode(RDFS_LABEL), ox.Literal("soleus")))
    >>> labels_in(store, [soleus.value])[soleus.value].value
    'soleus'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.namespaces import AKG_IRI

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["RDFS_LABEL", "labels_in", "member_of"]

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_MEMBER_OF = f"""
ASK {{
  VALUES ?key {{ %s }}
  ?entity a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
  ?class <{AKG_IRI}dataKey> ?key .
}}"""


def labels_in(store: ox.Store, iris: Iterable[str]) -> dict[str, Any]:
    """``rdfs:label`` (a pyoxigraph literal) of each IRI that has one; the first if several."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    values = " ".join(f"<{iri}>" for iri in wanted)
    text = f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {values} }} ?e <{RDFS_LABEL}> ?l }}"
    out: dict[str, Any] = {}
    for row in store.query(text):
        out.setdefault(row["e"].value, row["l"])
    return out


def member_of(store: ox.Store, iri: str, keys: Iterable[str]) -> bool:
    """Whether ``iri`` belongs to a class with one of the data ``keys`` (subclasses count).

    Example:
        >>> import pyoxigraph as ox
        >>> member_of(ox.Store(), "http://x/a", ["nerve"])
        False
    """
    import pyoxigraph as ox

    text = _MEMBER_OF % " ".join(str(ox.Literal(key)) for key in keys)
    return bool(store.query(text, substitutions={ox.Variable("entity"): ox.NamedNode(iri)}))
