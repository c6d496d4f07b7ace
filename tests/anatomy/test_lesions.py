"""Lesion reasoning on textbook cases: foot drop, root lesions, partial supply."""

from __future__ import annotations

import pytest

from kg.anatomy.lesions import format_lesion, lesion
from kg.errors import QueryError, UnknownEntityError


def _muscles(report, status: str) -> set[str]:
    return {m["label"] for m in report["muscles"] if m["status"] == status}


def _movement(report, label: str) -> dict:
    return next(m for m in report["movements"] if m["label"] == label)


def test_common_fibular_nerve_gives_foot_drop(store):
    report = lesion(store, "common fibular nerve")
    assert report["lesion"]["kind"] == "nerve"
    cut = {n["label"] for n in report["lesion"]["nerves_cut"]}
    assert {"common fibular nerve", "deep fibular nerve", "superficial fibular nerve"} <= cut
    assert {
        "tibialis anterior",
        "extensor hallucis longus",
        "extensor digitorum longus",
        "fibularis tertius",
        "fibularis longus",
        "fibularis brevis",
    } <= _muscles(report, "denervated")
    assert _muscles(report, "weakened") == set()
    assert _movement(report, "dorsiflexion at the talocrural joint")["status"] == "lost"
    assert _movement(report, "eversion of the foot")["status"] == "lost"
    inversion = _movement(report, "inversion of the foot")
    assert inversion["status"] == "weakened"
    assert [m["label"] for m in inversion["remaining_muscles"]] == ["tibialis posterior"]
    plantar_flexion = _movement(report, "plantar flexion at the talocrural joint")
    assert plantar_flexion["status"] == "weakened"  # fibularis longus and brevis assist it
    assert {"soleus", "gastrocnemius"} <= {
        m["label"] for m in plantar_flexion["remaining_muscles"] if m["role"] == "prime"
    }


def test_deep_fibular_nerve_spares_eversion(store):
    report = lesion(store, "deep fibular nerve")
    assert "fibularis longus" not in _muscles(report, "denervated")
    eversion = _movement(report, "eversion of the foot")
    assert eversion["status"] == "weakened"
    assert {"fibularis longus", "fibularis brevis"} <= {
        m["label"] for m in eversion["remaining_muscles"]
    }
    assert _movement(report, "dorsiflexion at the talocrural joint")["status"] == "lost"


def test_root_lesion_weakens_and_names_remaining_roots(store):
    report = lesion(store, "S1")
    assert report["lesion"]["kind"] == "root"
    assert "tibial nerve" in {n["label"] for n in report["lesion"]["nerves_carrying_root"]}
    soleus = next(m for m in report["muscles"] if m["label"] == "soleus")
    assert soleus["status"] == "weakened"
    assert [r["label"] for r in soleus["remaining"]] == ["S2"]
    assert _movement(report, "plantar flexion at the talocrural joint")["status"] == "weakened"
    assert not [m for m in report["movements"] if m["status"] == "lost"]


def test_single_root_muscle_is_denervated_by_its_root(store):
    report = lesion(store, "L1")
    assert "psoas minor" in _muscles(report, "denervated")
    assert "psoas major" in _muscles(report, "weakened")


def test_femoral_nerve_loses_knee_extension(store):
    report = lesion(store, "femoral nerve")
    assert {"rectus femoris", "vastus lateralis", "vastus medialis", "vastus intermedius"} <= (
        _muscles(report, "denervated")
    )
    assert _movement(report, "extension of the knee")["status"] == "lost"
    hip_flexion = _movement(report, "flexion of the hip")
    assert hip_flexion["status"] == "weakened"
    assert "psoas major" in {m["label"] for m in hip_flexion["remaining_muscles"]}


def test_two_nerve_muscle_is_only_weakened(store):
    report = lesion(store, "obturator nerve")
    magnus = next(m for m in report["muscles"] if m["label"] == "adductor magnus")
    assert magnus["status"] == "weakened"
    assert [r["label"] for r in magnus["remaining"]] == ["tibial division of sciatic nerve"]
    assert "gracilis" in _muscles(report, "denervated")


def test_lesion_text_and_errors(store):
    text = format_lesion(lesion(store, "superior gluteal nerve"))
    assert text.startswith("Lesion of superior gluteal nerve")
    assert "denervated  gluteus medius" in text
    with pytest.raises(QueryError, match="not a nerve or a spinal root"):
        lesion(store, "soleus")
    with pytest.raises(UnknownEntityError):
        lesion(store, "funny bone nerve")


def test_muscle_heads_act_for_themselves(store):
    # the short head of biceps femoris does not cross the hip
    fibular = lesion(store, "common fibular division of sciatic nerve")
    assert "extension of the hip" not in {m["label"] for m in fibular["movements"]}
    tibial = lesion(store, "tibial division of sciatic nerve")
    hip = _movement(tibial, "extension of the hip")
    assert [m["label"] for m in hip["remaining_muscles"]] == ["gluteus maximus"]
    assert "long head of biceps femoris" in {m["label"] for m in hip["affected_muscles"]}


def test_losing_every_prime_mover_is_said(store):
    report = lesion(store, "tibial nerve")
    plantar_flexion = _movement(report, "plantar flexion at the talocrural joint")
    assert plantar_flexion["status"] == "weakened"
    assert plantar_flexion["prime_movers_left"] is False
    assert "no prime mover left" in format_lesion(report)


def test_lesion_with_no_recorded_muscles_says_why(store):
    text = format_lesion(lesion(store, "lumbosacral trunk"))
    assert "No muscle is recorded as supplied by lumbosacral trunk" in text
    assert "not modelled" in text
    assert lesion(store, "T12")["lesion"]["kind"] == "root"  # not the vertebra
