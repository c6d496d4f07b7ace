"""Names people type resolve to one entity; unknown and ambiguous names say so."""

from __future__ import annotations

import pytest

import kg
from kg.errors import UnknownEntityError


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


def test_ambiguous_name_lists_candidates(graph):
    graph2 = kg.load()
    from rdflib import Literal, URIRef

    oboinowl = "http://www.geneontology.org/formats/oboInOwl#hasExactSynonym"
    graph2.add(
        (
            URIRef("https://w3id.org/anatomy-kg/id/gastrocnemius"),
            URIRef(oboinowl),
            Literal("calf muscle"),
        )
    )
    with pytest.raises(UnknownEntityError, match="ambiguous") as info:
        kg.resolve(graph2, "calf muscle")
    assert len(info.value.candidates) == 2
