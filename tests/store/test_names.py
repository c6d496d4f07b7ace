"""Names people type resolve to one entity; unknown and ambiguous names say so."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

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
def test_id_curie_label_synonym_and_iri(graph, name):
    assert str(kg.resolve(graph, name)).endswith("/soleus")


def test_synonyms_and_notations(graph):
    assert str(kg.resolve(graph, "common peroneal nerve")).endswith("/common_fibular_nerve")
    assert str(kg.resolve(graph, "s1")).endswith("/s1")
    assert str(kg.resolve(graph, "Achilles-tendon")).endswith("/calcaneal_tendon")


def test_unknown_name_suggests_the_closest(graph):
    with pytest.raises(UnknownEntityError, match="did you mean 'soleus'") as info:
        kg.resolve(graph, "soleous")
    assert "soleus" in info.value.candidates


def test_ambiguous_name_lists_candidates():
    graph = kg.load()  # a private copy: this test adds a clashing synonym
    graph.add((ANAT.gastrocnemius, EXACT_SYNONYM, Literal("calf muscle")))
    with pytest.raises(UnknownEntityError, match="ambiguous") as info:
        kg.resolve(graph, "calf muscle")
    assert len(info.value.candidates) == 2
