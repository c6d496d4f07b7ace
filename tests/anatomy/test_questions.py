"""Plain-English questions map to the right query, lesion or path."""

from __future__ import annotations

import pytest
from textbook import TIBIAL_NERVE_MUSCLES

from kg.anatomy.questions import EXAMPLES, ask, interpret
from kg.errors import QueryError, UnknownEntityError


@pytest.mark.parametrize(
    ("question", "query", "params"),
    [
        (
            "Which muscles share the tibial nerve?",
            "muscles-innervated-by",
            {"nerve": "tibial nerve"},
        ),
        (
            "which muscles are supplied by the obturator nerve and its branches",
            "muscles-innervated-by",
            {"nerve": "obturator nerve", "branches": "true"},
        ),
        ("Which muscles are supplied by S1?", "muscles-by-root", {"root": "S1"}),
        (
            "what innervates the soleus",
            "muscle-facts",
            {"muscle": "soleus", "relation": "innervated_by"},
        ),
        (
            "Which roots supply tibialis anterior?",
            "muscle-facts",
            {"muscle": "tibialis anterior", "relation": "segmental_innervation"},
        ),
        ("what are the roots of the femoral nerve?", "nerve-roots", {"nerve": "femoral nerve"}),
        (
            "Where does the soleus originate?",
            "muscle-facts",
            {"muscle": "soleus", "relation": "origin"},
        ),
        (
            "where does gracilis insert",
            "muscle-facts",
            {"muscle": "gracilis", "relation": "insertion"},
        ),
        ("What supplies the soleus with blood?", "blood-supply", {"structure": "soleus"}),
        (
            "Which muscles plantar flex the foot?",
            "muscles-by-action",
            {"movement": "plantar flex the foot"},
        ),
        ("which muscles act on the knee joint?", "muscles-by-action", {"joint": "knee joint"}),
        (
            "What are the antagonists of tibialis anterior?",
            "antagonists",
            {"muscle": "tibialis anterior"},
        ),
        ("What attaches to the fibula?", "attachments", {"bone": "fibula"}),
        ("what are the branches of the tibial nerve", "nerve-branches", {"nerve": "tibial nerve"}),
        ("which nerve supplies the most muscles?", "nerve-hubs", {}),
    ],
)
def test_question_forms_map_to_catalogue_queries(store, question, query, params):
    meaning = interpret(question, store)
    assert (meaning.kind, meaning.query, meaning.params) == ("query", query, params)


def test_share_the_tibial_nerve_lists_exactly_its_muscles(store):
    answer = ask("Which muscles share the tibial nerve?", store)
    assert set(answer.table.texts("muscleLabel")) == TIBIAL_NERVE_MUSCLES


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What happens if the common fibular nerve is injured?", "common fibular nerve"),
        ("what is weakened by an L5 root lesion?", "L5"),
        ("What is lost after an S1 radiculopathy", "S1"),
        ("lesion of the femoral nerve", "femoral nerve"),
    ],
)
def test_injury_questions_become_lesions(store, question, name):
    answer = ask(question, store)
    assert answer.interpretation.kind == "lesion"
    assert answer.interpretation.names == (name,)
    assert answer.lesion["muscles"]


def test_connection_question_becomes_a_path(store):
    answer = ask("How is the soleus connected to S1?", store)
    assert [(s.relation, s.end_label) for s in answer.path] == [("segmental_innervation", "S1")]
    assert answer.to_dict()["result"][0]["end_label"] == "S1"


def test_every_example_is_understood(store):
    for question in EXAMPLES:
        assert ask(question, store).to_dict()["result"] is not None, question


def test_unknown_question_and_unknown_name(store):
    with pytest.raises(QueryError, match="I don't understand") as caught:
        ask("what is the meaning of life, the universe and everything?", store)
    assert "Questions I know look like" in str(caught.value)
    with pytest.raises(QueryError, match="I don't understand"):
        ask("which muscles fly?", store)
    with pytest.raises(UnknownEntityError, match="did you mean"):
        ask("which muscles are innervated by the tibal nerve?", store)


def test_about_a_non_muscle_points_to_describe(store):
    with pytest.raises(QueryError, match="anatomy-kg describe 'tibial nerve'"):
        ask("tell me about the tibial nerve", store)
