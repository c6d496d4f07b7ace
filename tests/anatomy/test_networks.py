"""The networkx view: nodes, parallel relations, paths, neighbourhoods, centrality."""

from __future__ import annotations

import pytest

import kg
from kg.anatomy.networks import centrality, neighbourhood, shortest_path
from kg.errors import QueryError


@pytest.fixture(scope="module")
def net(store):
    return kg.to_networkx(store)


def test_nodes_and_edges_carry_what_views_need(net):
    soleus = net.nodes["anat:soleus"]
    assert soleus["label"] == "soleus"
    assert soleus["kind"] == "muscle"
    edge = net["anat:soleus"]["anat:tibial_nerve"]["akg:innervatedBy"]
    assert edge["label"] == "innervated by"
    assert "anat:kenhub_soleus" in edge["sources"]
    # metadata records and materialised super-properties stay out
    assert "anat:kenhub_soleus" not in net
    assert "akg:hasAction" not in net["anat:soleus"]["anat:ankle_plantar_flexion"]


PAIRS_WITH_TWO_RELATIONS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?s ?o (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?relations) WHERE {
  ?a a owl:Axiom ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o .
  FILTER(isIRI(?o))
} GROUP BY ?s ?o HAVING (COUNT(DISTINCT ?p) > 1)"""


def test_two_relations_between_one_pair_both_stay(store, net):
    """Every pair the data links by two asserted relations keeps both edges, keyed apart."""
    from kg.sparql.formats import curie
    from kg.sparql.runner import run

    table = run(store, PAIRS_WITH_TWO_RELATIONS).table
    references = {r.iri for r in store.vocabulary.relations.values() if r.reference}
    checked = 0
    for s, o, relations in table.rows:
        u, v = curie(s), curie(o)
        wanted = {curie(store.node(p)) for p in relations.value.split() if p in references}
        if u in net and v in net and len(wanted) > 1:
            assert wanted <= set(net[u][v]), (u, v)
            checked += 1
    assert checked, "the data holds no pair linked by two relations"


def test_shortest_path_prefers_anatomy_to_grouping(net):
    steps = shortest_path(net, "anat:tibialis_anterior", "anat:common_fibular_nerve")
    assert [(s.relation, s.end_label) for s in steps] == [
        ("innervated_by", "deep fibular nerve"),
        ("branch_of", "common fibular nerve"),
    ]
    assert steps[0].text() == "--innervated by--> deep fibular nerve"
    back = shortest_path(net, "anat:deep_fibular_nerve", "anat:tibialis_anterior")
    assert back[0].forward is False
    assert back[0].text() == "<--innervated by-- tibialis anterior"


def test_neighbourhood_and_centrality(net):
    around = neighbourhood(net, "anat:soleus", depth=1)
    assert {"anat:tibial_nerve", "anat:s1", "anat:popliteal_artery", "anat:triceps_surae"} <= set(
        around
    )
    assert "anat:femoral_nerve" not in around
    with pytest.raises(QueryError):
        neighbourhood(net, "anat:soleus", depth=-1)
    ranked = centrality(net, kind="artery", measure="degree")
    assert all("artery" in net.nodes[n]["classes"] for n, _, _ in ranked)
    scores = [score for _, _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    nerves = [n for n, _, _ in centrality(net, kind=("nerve", "nerve_branch"))]
    assert nerves.index("anat:sciatic_nerve") < nerves.index("anat:sural_nerve")
