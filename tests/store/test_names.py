"""Names people type resolve to one entity; unknown and ambiguous names say so."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

import kg
from kg.build.schema import ANAT
from kg.errors import UnknownEntityError

EXACT_SYNONYM = URIRef("http://www.geneontology.org/formats/oboInOwl#hasExactSynonym")


@pytest.mark.parametrize(
    "name",
    [
        "soleus",
        "SOLEUS",
        "soleus muscle",
        "anat:soleus",
        "musculus_soleus",
        "https://w3id.org/anatomy-kg/id/soleus",
    ],
)
def test_id_curie_label_synonym_and_iri(store, name):
    assert str(kg.resolve(store, name)).endswith("/soleus")


def test_synonyms_and_notations(store):
    assert str(kg.resolve(store, "common peroneal nerve")).endswith("/common_fibular_nerve")
    assert str(kg.resolve(store, "s1")).endswith("/s1")
    assert str(kg.resolve(store, "Achilles-tendon")).endswith("/calcaneal_tendon")


def test_unknown_name_suggests_the_closest(store):
    with pytest.raises(UnknownEntityError, match="did you mean 'soleus'") as info:
        kg.resolve(store, "soleous")
    assert "soleus" in info.value.candidates


def test_ambiguous_name_lists_candidates(graph):
    graph = Graph() + graph  # a private copy: this test adds a clashing synonym
    graph.add((ANAT.gastrocnemius, EXACT_SYNONYM, Literal("calf muscle")))
    with pytest.raises(UnknownEntityError, match="ambiguous") as info:
        kg.resolve(graph, "calf muscle")
    assert len(info.value.candidates) == 2


def test_a_same_size_edit_is_never_answered_from_a_stale_copy(graph):
    """Issue 13: an edit that keeps the graph's size (a label swapped for a synonym)
    used to be answered from a copy kept by size; every call now reads the graph as it is."""
    from rdflib import RDFS

    edited = Graph()
    edited += graph
    soleus = URIRef(kg.resolve(edited, "soleus"))
    labels = "SELECT ?l WHERE { ?m rdfs:label ?l }"
    assert kg.query(sparql=labels, params={"m": "soleus"}, graph=edited).texts("l") == ["soleus"]
    size = len(edited)
    edited.remove((soleus, RDFS.label, edited.value(soleus, RDFS.label)))
    edited.add((soleus, EXACT_SYNONYM, Literal("xyzzy")))
    assert len(edited) == size
    assert kg.resolve(edited, "xyzzy") == str(soleus)
    assert kg.query(sparql=labels, params={"m": "xyzzy"}, graph=edited).rows == ()
