"""Issue 2: every fact of the two seed pages is in the graph, with a source."""

from __future__ import annotations

import re

from textbook import TIBIAL_NERVE_MUSCLES

import kg


def _labels(card, key: str) -> set[str]:
    fact = card.fact(key)
    assert fact is not None, f"the soleus card has no {key}"
    return {v.label for v in fact.values}


def test_soleus_card_has_every_seed_fact(store):
    card = kg.describe(store, "soleus")
    assert _labels(card, "origin") == {
        "soleal line of tibia",
        "medial border of tibia",
        "head of fibula",
        "posterior border of fibula",
        "posterior surface of fibula",
        "tendinous arch of soleus",
    }
    assert _labels(card, "insertion") == {"posterior surface of calcaneus"}
    assert _labels(card, "inserts_via") == {"calcaneal tendon"}
    assert _labels(card, "innervated_by") == {"tibial nerve"}
    assert [v.label for v in card.fact("segmental_innervation").values] == ["S1", "S2"]
    assert _labels(card, "arterial_supply") == {
        "popliteal artery",
        "posterior tibial artery",
        "fibular artery",
        "lateral sural artery",
    }
    assert _labels(card, "venous_drainage") == {"posterior tibial veins", "fibular veins"}
    assert _labels(card, "inverse:part_of") == {"soleal venous plexus", "tendinous arch of soleus"}
    assert _labels(card, "prime_action") == {"plantar flexion at the talocrural joint"}
    assert _labels(card, "role") == {"postural antigravity support", "calf muscle pump"}
    assert "type I" in next(iter(_labels(card, "fibre_type")))
    assert _labels(card, "member_of") == {"triceps surae"}
    assert _labels(card, "compartment") == {"superficial posterior compartment of leg"}
    assert _labels(card, "deep_to") == {"gastrocnemius"}
    assert _labels(card, "antagonist") == {"tibialis anterior"}
    # the seeds' three conditions, and three more that name the soleus among
    # the structures they involve (read back through the inverse relation)
    assert _labels(card, "clinical_relation") == {
        "soleus tear",
        "soleus pain",
        "deep vein thrombosis",
        "S1 radiculopathy",
        "calcaneal tendon rupture",
        "tibial nerve injury",
    }
    assert "sole" in next(iter(_labels(card, "etymology")))
    assert len(card.fact("depictions").values) == 17
    # every fact on the card names at least one source
    for section in card.sections:
        for fact in section.facts:
            if fact.key in ("synonyms", "xrefs"):
                continue
            for value in fact.values:
                assert value.sources, (fact.key, value.label)
    assert {s["id"] for s in card.sources} >= {"kenhub_soleus", "atlas_soleus"}


def test_seed_neighbourhood(store):
    tibial = kg.describe(store, "tibial nerve")
    assert [v.label for v in tibial.fact("roots").values] == ["L4", "L5", "S1", "S2", "S3"]
    assert {v.label for v in tibial.fact("branch_of").values} == {"sciatic nerve"}
    assert {v.label for v in tibial.fact("inverse:innervated_by").values} == TIBIAL_NERVE_MUSCLES
    ta = kg.describe(store, "tibialis anterior")
    assert {v.label for v in ta.fact("innervated_by").values} == {"deep fibular nerve"}
    popliteal_vein = kg.describe(store, "popliteal vein")
    assert "posterior tibial veins" in {
        v.label for v in popliteal_vein.fact("inverse:drains_into").values
    }
    plexus = kg.describe(store, "soleal venous plexus")
    assert {v.label for v in plexus.fact("clinical_relation").values} == {"deep vein thrombosis"}


def test_achilles_tendon_is_a_synonym_of_the_calcaneal_tendon(store):
    card = kg.describe(store, "achilles tendon")
    assert card.id == "anat:calcaneal_tendon"
    assert "Achilles tendon" in {v.label for v in card.fact("synonyms").values}


def test_card_footnotes_are_numbered_in_reading_order(store):
    text = kg.describe(store, "soleus").to_text()
    marks = [
        [int(n) for n in group.split(",")]
        for group in re.findall(r"\[(\d+(?:,\d+)*)\]", text.split("\nSOURCES\n")[0])
    ]
    assert all(group == sorted(group) for group in marks)
    first_seen: list[int] = []
    for group in marks:
        first_seen += [n for n in group if n not in first_seen]
    assert first_seen == sorted(first_seen)
    assert first_seen == list(range(1, len(first_seen) + 1))
