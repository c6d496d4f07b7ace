"""Lesion reasoning on textbook cases: foot drop, root lesions, partial supply."""

from __future__ import annotations

import pytest

import kg
from kg.anatomy.lesions import format_lesion, lesion
from kg.errors import QueryError, UnknownEntityError


def _muscles(report, status: str) -> set[str]:
    return {m["label"] for m in report["muscles"] if m["status"] == status}


def _movement(report, label: str) -> dict:
    return next(m for m in report["movements"] if m["label"] == label)


@pytest.fixture(scope="module")
def net(store):
    return kg.to_networkx(store)


def test_common_fibular_nerve_gives_foot_drop(store, net):
    report = lesion(store, "common fibular nerve", net=net)
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


def test_deep_fibular_nerve_spares_eversion(store, net):
    report = lesion(store, "deep fibular nerve", net=net)
    assert "fibularis longus" not in _muscles(report, "denervated")
    eversion = _movement(report, "eversion of the foot")
    assert eversion["status"] == "weakened"
    assert {"fibularis longus", "fibularis brevis"} <= {
        m["label"] for m in eversion["remaining_muscles"]
    }
    assert _movement(report, "dorsiflexion at the talocrural joint")["status"] == "lost"


def test_root_lesion_weakens_and_names_remaining_roots(store, net):
    report = lesion(store, "S1", net=net)
    assert report["lesion"]["kind"] == "root"
    assert "tibial nerve" in {n["label"] for n in report["lesion"]["nerves_carrying_root"]}
    soleus = next(m for m in report["muscles"] if m["label"] == "soleus")
    assert soleus["status"] == "weakened"
    assert [r["label"] for r in soleus["remaining"]] == ["S2"]
    assert _movement(report, "plantar flexion at the talocrural joint")["status"] == "weakened"
    assert not [m for m in report["movements"] if m["status"] == "lost"]


def test_single_root_muscle_is_denervated_by_its_root(store, net):
    report = lesion(store, "L1", net=net)
    assert "psoas minor" in _muscles(report, "denervated")
    assert "psoas major" in _muscles(report, "weakened")


def test_femoral_nerve_loses_knee_extension(store, net):
    report = lesion(store, "femoral nerve", net=net)
    assert {"rectus femoris", "vastus lateralis", "vastus medialis", "vastus intermedius"} <= (
        _muscles(report, "denervated")
    )
    assert _movement(report, "extension of the knee")["status"] == "lost"
    hip_flexion = _movement(report, "flexion of the hip")
    assert hip_flexion["status"] == "weakened"
    assert "psoas major" in {m["label"] for m in hip_flexion["remaining_muscles"]}


def test_two_nerve_muscle_is_only_weakened(store, net):
    report = lesion(store, "obturator nerve", net=net)
    magnus = next(m for m in report["muscles"] if m["label"] == "adductor magnus")
    assert magnus["status"] == "weakened"
    assert [r["label"] for r in magnus["remaining"]] == ["tibial division of sciatic nerve"]
    assert "gracilis" in _muscles(report, "denervated")


def test_lesion_text_and_errors(store, net):
    text = format_lesion(lesion(store, "superior gluteal nerve", net=net))
    assert text.startswith("Lesion of superior gluteal nerve")
    assert "denervated  gluteus medius" in text
    with pytest.raises(QueryError, match="not a nerve or a spinal root"):
        lesion(store, "soleus", net=net)
    with pytest.raises(UnknownEntityError):
        lesion(store, "funny bone nerve", net=net)


def test_muscle_heads_act_for_themselves(store, net):
    # the short head of biceps femoris does not cross the hip
    fibular = lesion(store, "common fibular division of sciatic nerve", net=net)
    assert "extension of the hip" not in {m["label"] for m in fibular["movements"]}
    tibial = lesion(store, "tibial division of sciatic nerve", net=net)
    hip = _movement(tibial, "extension of the hip")
    assert [m["label"] for m in hip["remaining_muscles"]] == ["gluteus maximus"]
    assert "long head of biceps femoris" in {m["label"] for m in hip["affected_muscles"]}


def test_losing_every_prime_mover_is_said(store, net):
    report = lesion(store, "tibial nerve", net=net)
    plantar_flexion = _movement(report, "plantar flexion at the talocrural joint")
    assert plantar_flexion["status"] == "weakened"
    assert plantar_flexion["prime_movers_left"] is False
    assert "no prime mover left" in format_lesion(report)


def test_lumbosacral_trunk_takes_l4_l5_fibres_of_the_sacral_plexus(store, net):
    # Moore: the sacral plexus is formed by the lumbosacral trunk (L4, L5) and
    # the anterior rami of S1-S4, so a trunk lesion takes the L4/L5 fibres of
    # the sciatic nerve: tibialis anterior (L4, L5) is lost, foot drop follows.
    report = lesion(store, "lumbosacral trunk", net=net)
    assert "tibialis anterior" in _muscles(report, "denervated")
    assert "soleus" not in {m["label"] for m in report["muscles"]}  # S1, S2 only
    medius = next(m for m in report["muscles"] if m["label"] == "gluteus medius")
    assert medius["status"] == "weakened"
    assert [r["label"] for r in medius["remaining_roots"]] == ["S1"]
    assert "sciatic nerve" in {n["label"] for n in report["lesion"]["nerves_partly_cut"]}
    text = format_lesion(report)
    assert "still supplied by superior gluteal nerve (S1)" in text


def test_lesion_with_no_recorded_muscles_says_why(store, net):
    text = format_lesion(lesion(store, "lateral cutaneous nerve of thigh", net=net))
    assert "No muscle is recorded as supplied by lateral cutaneous nerve of thigh" in text
    assert lesion(store, "T12", net=net)["lesion"]["kind"] == "root"  # not the vertebra


def test_sites_spare_the_branches_above_them(store, net):
    # Moore: the femoral nerve supplies iliacus in the abdomen, above the
    # inguinal ligament; a lesion there takes the quadriceps and sartorius.
    femoral = lesion(store, "femoral nerve", at="inguinal ligament", net=net)
    assert femoral["lesion"]["at"]["label"] == "femoral nerve at the inguinal ligament"
    assert {"rectus femoris", "vastus lateralis", "sartorius"} <= _muscles(femoral, "denervated")
    assert "iliacus" not in {m["label"] for m in femoral["muscles"]}
    assert "iliacus" in _muscles(lesion(store, "femoral nerve", net=net), "denervated")
    # Moore: tarsal tunnel compression affects the sole and spares the calf.
    tunnel = lesion(store, "tibial nerve", at="tarsal tunnel", net=net)
    hit = {m["label"] for m in tunnel["muscles"]}
    assert {"abductor hallucis", "flexor digitorum brevis"} <= hit
    assert not {"soleus", "gastrocnemius", "tibialis posterior"} & hit
    assert tunnel["pattern"] == "tarsal tunnel syndrome"


def test_common_fibular_nerve_at_the_fibular_neck_is_named_foot_drop(store, net):
    report = lesion(store, "common fibular nerve", at="neck of fibula", net=net)
    assert report["pattern"] == "foot drop"
    cut = {n["label"] for n in report["lesion"]["nerves_cut"]}
    assert {"deep fibular nerve", "superficial fibular nerve"} <= cut
    assert "lateral sural cutaneous nerve" not in cut  # leaves in the popliteal fossa
    assert "Clinical picture: foot drop" in format_lesion(report)
    assert lesion(store, "superior gluteal nerve", net=net)["pattern"] == "Trendelenburg sign"


def test_unknown_site_names_the_known_ones(store, net):
    with pytest.raises(QueryError, match="its sites: common fibular nerve at the neck"):
        lesion(store, "common fibular nerve", at="tarsal tunnel", net=net)
    with pytest.raises(QueryError, match="a spinal root has none"):
        lesion(store, "S1", at="hip", net=net)
