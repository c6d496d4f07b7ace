"""Lookups answered by an Oxigraph store: labels and class membership, without rdflib.

Both the quick CLI path (:mod:`kg.sparql.on_store`) and the Oxigraph backend of
:func:`kg.sparql.queries.run_prepared` label their tables here (:func:`labelled_in`):
one query per table rather than one graph lookup per cell.

Example:
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> soleus = ox.NamedNode("https://w3id.org/anatomy-kg/id/soleus")
    >>> store.add(ox.Quad(soleus, ox.NamedNode(RDFS_LABEL), ox.Literal("soleus")))
    >>> labels_in(store, [soleus.value])[soleus.value].value
    'soleus'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from kg.namespaces import AKG_IRI

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.sparql.runner import Table

__all__ = ["RDFS_LABEL", "labelled_in", "labels_in", "member_of"]

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


def labelled_in(
    store: ox.Store,
    table: Table,
    is_iri: Callable[[Any], bool],
    iri_of: Callable[[Any], str],
    convert: Callable[[Any], Any] = lambda label: label,
) -> Table:
    """``table`` with a label column after each IRI column lacking one, labels from ``store``.

    The table may hold rdflib or pyoxigraph terms: ``is_iri`` and ``iri_of``
    read them, ``convert`` turns a pyoxigraph label into the table's kind of term.

    Example:
        >>> import pyoxigraph as ox
        >>> from kg.sparql.runner import Table
        >>> store = ox.Store()
        >>> a = ox.NamedNode("http://x/a")
        >>> store.add(ox.Quad(a, ox.NamedNode(RDFS_LABEL), ox.Literal("A")))
        >>> named = lambda v: isinstance(v, ox.NamedNode)
        >>> labelled_in(store, Table(("x",), ((a,),)), named, lambda v: v.value).rows[0][1].value
        'A'
    """
    from kg.sparql.runner import label_targets, with_label_columns

    targets = label_targets(table, is_iri)
    found = labels_in(
        store, [iri_of(row[i]) for row in table.rows for i in targets if is_iri(row[i])]
    )
    labels = {iri: convert(label) for iri, label in found.items()}
    return with_label_columns(table, is_iri, lambda value: labels.get(iri_of(value)))


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
