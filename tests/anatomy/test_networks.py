"""The networkx view: nodes, parallel relations, paths, neighbourhoods, centrality."""

from __future__ import annotations

import pytest

import kg
from kg.anatomy.networks import centrality, neighbourhood, shortest_path
from kg.errors import QueryError


@pytest.fixture(scope="module")
def net(graph):
    return kg.to_networkx(graph)


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


def test_two_relations_between_one_pair_both_stay(net):
    pairs = [(u, v) for u, v in net.edges() if len(net[u][v]) > 1]
    assert pairs
    u, v = pairs[0]
    assert len(set(net[u][v])) == len(net[u][v]) > 1


def test_shortest_path_prefers_anatomy_to_grouping(graph, net):
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
