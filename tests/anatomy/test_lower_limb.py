"""Textbook facts per compartment of the lower limb, and complete muscle records."""

from __future__ import annotations

import pytest
from textbook import DEEP_FIBULAR_NERVE_MUSCLES, TIBIAL_NERVE_MUSCLES

import kg
from kg.anatomy.coverage import format_stats, stats


def _muscles_of(store, nerve: str, branches: bool = False) -> set[str]:
    params = {"nerve": nerve, "branches": "true" if branches else "false"}
    table = kg.query("muscles-innervated-by", params, graph=store)
    return set(table.texts("muscleLabel"))


def _values(store, entity: str, key: str) -> set[str]:
    fact = kg.describe(store, entity).fact(key)
    return {v.label for v in fact.values} if fact else set()


@pytest.mark.parametrize(
    ("nerve", "muscles"),
    [
        # anterior compartment of leg and dorsum of foot
        ("deep fibular nerve", DEEP_FIBULAR_NERVE_MUSCLES),
        # lateral compartment of leg
        ("superficial fibular nerve", {"fibularis longus", "fibularis brevis"}),
        # posterior compartment of leg
        ("tibial nerve", TIBIAL_NERVE_MUSCLES),
        # gluteal region
        ("superior gluteal nerve", {"gluteus medius", "gluteus minimus", "tensor fasciae latae"}),
        ("inferior gluteal nerve", {"gluteus maximus"}),
        ("nerve to obturator internus", {"obturator internus", "superior gemellus"}),
        ("nerve to quadratus femoris", {"quadratus femoris", "inferior gemellus"}),
        ("nerve to piriformis", {"piriformis"}),
        # sole of foot
        (
            "medial plantar nerve",
            {
                "abductor hallucis",
                "flexor digitorum brevis",
                "flexor hallucis brevis",
                "lumbricals of foot",
            },
        ),
    ],
)
def test_nerve_supplies_the_textbook_muscles(store, nerve, muscles):
    assert _muscles_of(store, nerve) == muscles


def test_thigh_compartments(store):
    femoral = _muscles_of(store, "femoral nerve")
    assert {
        "sartorius",
        "rectus femoris",
        "vastus lateralis",
        "vastus medialis",
        "vastus intermedius",
    } <= femoral
    assert {
        "adductor longus",
        "adductor brevis",
        "adductor magnus",
        "gracilis",
        "obturator externus",
    } <= (_muscles_of(store, "obturator nerve", branches=True))
    assert _muscles_of(store, "tibial division of sciatic nerve") == {
        "semitendinosus",
        "semimembranosus",
        "biceps femoris",
        "adductor magnus",
    }
    assert _muscles_of(store, "common fibular division of sciatic nerve") == {"biceps femoris"}
    assert _values(store, "short head of biceps femoris", "innervated_by") == {
        "common fibular division of sciatic nerve"
    }
    assert _values(store, "adductor magnus", "innervated_by") == {
        "posterior branch of obturator nerve",
        "tibial division of sciatic nerve",
    }


@pytest.mark.parametrize(
    ("nerve", "roots"),
    [
        ("femoral nerve", ["L2", "L3", "L4"]),
        ("obturator nerve", ["L2", "L3", "L4"]),
        ("sciatic nerve", ["L4", "L5", "S1", "S2", "S3"]),
        ("inferior gluteal nerve", ["L5", "S1", "S2"]),
        ("common fibular nerve", ["L4", "L5", "S1", "S2"]),
    ],
)
def test_nerve_roots(store, nerve, roots):
    assert [v.label for v in kg.describe(store, nerve).fact("roots").values] == roots


@pytest.mark.parametrize(
    ("muscle", "key", "expected"),
    [
        ("gluteus medius", "insertion", {"greater trochanter"}),
        ("tibialis posterior", "prime_action", {"inversion of the foot"}),
        ("rectus femoris", "member_of", {"quadriceps femoris"}),
        ("fibularis longus", "compartment", {"lateral compartment of leg"}),
        ("sartorius", "origin", {"anterior superior iliac spine"}),
        ("iliacus", "insertion", {"lesser trochanter"}),
        ("semimembranosus", "origin", {"ischial tuberosity"}),
    ],
)
def test_textbook_attachments_and_actions(store, muscle, key, expected):
    assert expected <= _values(store, muscle, key)


def test_every_lower_limb_muscle_is_complete(store):
    report = stats(store)
    lower_limb = next(r for r in report["regions"] if r["region"] == "lower limb")
    assert lower_limb["muscles"] >= 50
    for name, attribute in lower_limb["attributes"].items():
        if attribute["key"]:
            assert attribute["missing"] == [], name
    text = format_stats(report)
    assert "Key attributes missing" not in text
    assert report["classes"]["muscle"] >= 50
