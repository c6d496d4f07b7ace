"""The upper limb against textbook statements: the brachial plexus, lesions at its parts and
at named sites along its nerves, and the whole region through the everyday commands.

Sources named in each test: Moore KL, Dalley AF, Agur AMR, Clinically Oriented Anatomy,
8th ed. (2018), chapter 3 (Upper Limb), its clinical boxes and muscle tables ("Moore");
Standring S, Gray's Anatomy, 42nd ed. (2020), section 5 ("Gray's").
"""

from __future__ import annotations

import json

import pytest

import kg
from kg.anatomy.coverage import stats
from kg.anatomy.lesions import format_lesion, lesion


def _status(report: dict) -> dict[str, str]:
    return {m["label"]: m["status"] for m in report["muscles"]}


def _movement(report: dict, label: str) -> dict:
    return next(m for m in report["movements"] if m["label"] == label)


@pytest.fixture(scope="module")
def net(store):
    return kg.to_networkx(store)


@pytest.fixture(scope="module")
def run(store, net):
    def run_lesion(name: str, at: str | None = None) -> dict:
        return lesion(store, name, at=at, net=net)

    return run_lesion


def test_upper_trunk_lesion_is_erbs_palsy(run):
    # Moore, Erb-Duchenne palsy (C5-C6): deltoid, biceps, brachialis, brachioradialis,
    # supraspinatus and infraspinatus are paralysed; the hand's intrinsic muscles are spared.
    report = run("upper trunk of brachial plexus")
    status = _status(report)
    assert report["lesion"]["kind"] == "plexus"
    for muscle in ("deltoid", "supraspinatus", "infraspinatus"):
        assert status.get(muscle) == "denervated", muscle
    for muscle in ("biceps brachii", "brachialis", "brachioradialis"):
        assert muscle in status, muscle  # denervated, or weakened where C7 is recorded
    assert "adductor pollicis" not in status
    assert "first dorsal interosseous" not in status
    assert report["pattern"] == "Erb's palsy"
    # triceps keeps its C7 and C8 fibres, which pass through the middle and lower trunks
    assert status.get("triceps brachii") == "weakened"
    assert _movement(report, "abduction of the shoulder")["status"] in {"lost", "weakened"}


def test_lower_trunk_lesion_is_klumpkes_palsy(run):
    # Moore, Klumpke palsy (C8-T1): the short muscles of the hand are affected; claw hand.
    report = run("lower trunk of brachial plexus")
    status = _status(report)
    for muscle in ("adductor pollicis", "palmar interossei", "dorsal interossei of hand"):
        assert status.get(muscle) == "denervated", muscle
    assert "deltoid" not in status
    assert "biceps brachii" not in status
    assert report["pattern"] == "Klumpke's palsy"


def test_cords_take_their_own_fibres(run):
    # Gray's/Moore: the lateral cord gives the musculocutaneous nerve and the lateral root
    # of the median nerve (C5-C7); the posterior cord the axillary, radial and thoracodorsal.
    lateral = _status(run("lateral cord of brachial plexus"))
    assert lateral.get("biceps brachii") == "denervated"
    assert lateral.get("coracobrachialis") == "denervated"
    assert "pronator teres" in lateral  # C6, C7 through the lateral root of the median nerve
    assert "adductor pollicis" not in lateral
    posterior = _status(run("posterior cord of brachial plexus"))
    for muscle in ("deltoid", "latissimus dorsi", "triceps brachii", "extensor digitorum"):
        assert posterior.get(muscle) == "denervated", muscle
    assert "biceps brachii" not in posterior


def test_radial_nerve_in_the_spiral_groove_spares_triceps(run):
    # Moore: injury in the radial groove leaves triceps at most weakened (its branches
    # arise above); the extensors of the wrist and fingers are paralysed: wrist drop.
    report = run("radial nerve", at="spiral groove")
    status = _status(report)
    assert status.get("triceps brachii") != "denervated"
    assert "long head of triceps brachii" not in status
    for muscle in ("brachioradialis", "extensor carpi radialis longus", "extensor digitorum"):
        assert status.get(muscle) == "denervated", muscle
    assert "wrist drop" in {p["label"] for p in report["patterns"]}
    # higher up, in the axilla (crutch palsy), triceps is lost as well
    assert _status(run("radial nerve", at="axilla")).get("triceps brachii") == "denervated"


def test_posterior_interosseous_nerve_spares_the_radial_wrist_extensors(run):
    # Moore: posterior interosseous nerve injury: the fingers and thumb cannot be extended;
    # ECRL (and brachioradialis) are supplied above, so the wrist still extends.
    report = run("posterior interosseous nerve")
    status = _status(report)
    for muscle in ("extensor digitorum", "extensor pollicis longus", "extensor carpi ulnaris"):
        assert status.get(muscle) == "denervated", muscle
    for muscle in ("extensor carpi radialis longus", "brachioradialis"):
        assert muscle not in status
    assert _movement(report, "extension of the wrist")["status"] == "weakened"


def test_median_nerve_in_the_carpal_tunnel(run):
    # Moore: carpal tunnel syndrome affects the thenar muscles and lumbricals 1-2; the
    # forearm muscles, supplied above the wrist, are spared.
    report = run("median nerve", at="carpal tunnel")
    status = _status(report)
    for muscle in ("abductor pollicis brevis", "opponens pollicis"):
        assert status.get(muscle) == "denervated", muscle
    for muscle in ("first lumbrical of hand", "second lumbrical of hand"):
        assert status.get(muscle) == "denervated", muscle
    for muscle in (
        "pronator teres",
        "flexor carpi radialis",
        "flexor digitorum superficialis",
        "flexor pollicis longus",
        "flexor digitorum profundus",
    ):
        assert muscle not in status, muscle
    assert "third lumbrical of hand" not in status
    assert "carpal tunnel syndrome" in {p["label"] for p in report["patterns"]}


def test_anterior_interosseous_nerve(run):
    # Moore: AIN lesion: FPL, the lateral half of FDP and pronator quadratus; no FDS.
    status = _status(run("anterior interosseous nerve"))
    assert status.get("flexor pollicis longus") == "denervated"
    assert status.get("pronator quadratus") == "denervated"
    assert status.get("flexor digitorum profundus") == "weakened"  # its ulnar part remains
    assert "flexor digitorum superficialis" not in status


def test_ulnar_nerve_at_the_wrist_spares_the_forearm(run):
    # Moore: in the ulnar canal (Guyon's) the lesion spares FCU and the medial part of FDP,
    # whose branches leave in the forearm; the intrinsic hand muscles are lost.
    report = run("ulnar nerve", at="Guyon's canal")
    status = _status(report)
    assert "flexor carpi ulnaris" not in status
    for muscle in ("adductor pollicis", "palmar interossei", "abductor digiti minimi of hand"):
        assert status.get(muscle) == "denervated", muscle
    elbow = _status(run("ulnar nerve", at="cubital tunnel"))
    assert elbow.get("flexor carpi ulnaris") == "denervated"
    assert "claw hand" in {p["label"] for p in report["patterns"]}


def test_long_thoracic_and_axillary_nerves(run):
    # Moore: long thoracic nerve injury paralyses serratus anterior (winged scapula);
    # axillary nerve injury (surgical neck fracture) paralyses deltoid and teres minor.
    thoracic = run("long thoracic nerve")
    assert _status(thoracic) == {"serratus anterior": "denervated"}
    assert thoracic["pattern"] == "winged scapula"
    axillary = _status(run("axillary nerve", at="quadrangular space"))
    assert axillary.get("deltoid") == "denervated"
    assert axillary.get("teres minor") == "denervated"


def test_c8_root_and_the_path_from_c5(run, cli):
    # Moore's myotomes: C8-T1 supply the intrinsic hand muscles, which keep their T1 fibres.
    c8 = _status(run("C8"))
    assert c8.get("adductor pollicis") == "weakened"
    assert "deltoid" not in c8
    path = cli("path", "C5", "deltoid")
    assert path.returncode == 0, path.stderr
    lines = path.stdout.splitlines()
    assert lines[0] == "C5" and lines[-1].endswith("C5") or "deltoid" in path.stdout


def test_region_is_complete(store):
    report = stats(store)
    upper = next(r for r in report["regions"] if r["region"] == "upper limb")
    assert upper["muscles"] >= 50
    for attribute in ("origin", "insertion", "nerve", "roots", "artery", "action"):
        complete = upper["attributes"][attribute]
        assert complete["have"] == complete["total"], (attribute, complete["missing"])


def test_everyday_commands_on_the_arm(cli):
    shared = cli("ask", "which muscles share the median nerve?")
    assert shared.returncode == 0, shared.stderr
    assert "pronator teres" in shared.stdout
    card = cli("describe", "biceps brachii")
    assert card.returncode == 0, card.stderr
    assert "musculocutaneous nerve" in card.stdout and "radial tuberosity" in card.stdout
    data = json.loads(
        cli("lesion", "median nerve", "--at", "carpal tunnel", "--format", "json").stdout
    )
    assert data["lesion"]["at"]["label"].startswith("median nerve")
    text = cli("lesion", "radial nerve", "--at", "spiral groove").stdout
    assert "Clinical picture:" in text and "wrist drop" in text


def test_lesion_text_names_partial_fibre_loss(run):
    text = format_lesion(run("upper trunk of brachial plexus"))
    assert text.startswith("Lesion of upper trunk of brachial plexus (plexus, with")
    assert "Clinical picture: Erb's palsy" in text
