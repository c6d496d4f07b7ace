"""Relationship maps: the page's data, offline HTML, and a real headless browser."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import pytest
from browser import chromium

import kg
from kg.errors import QueryError
from kg.output.pictures import data_of, external_references, network, notebook, to_html


@pytest.fixture(scope="module")
def net(store):
    return kg.to_networkx(store)


def _page(store, net, **view) -> tuple[str, dict]:
    text = to_html(network(store, net=net, **view))
    return text, data_of(text)


def test_focus_page_shows_the_soleus_neighbourhood(store, net):
    text, data = _page(store, net, focus="soleus", depth=2)
    labels = {n["label"] for n in data["nodes"]}
    assert {
        "soleus",
        "tibial nerve",  # nerve
        "S1",  # root
        "popliteal artery",  # artery
        "posterior tibial veins",  # vein
        "tibia",  # bone
        "plantar flexion at the talocrural joint",  # movement
        "triceps surae",  # group
        "soleus tear",  # condition
    } <= labels
    soleus = next(n for n in data["nodes"] if n["id"] == "anat:soleus")
    assert soleus["borderWidth"] == 4  # highlighted focus
    assert soleus["color"]["background"] == "#b03a2e" and soleus["shape"] == "dot"
    # every edge labelled, arrowed and coloured by its relation, with its source
    assert all(e["label"] and e["arrows"] == "to" and e["color"] for e in data["edges"])
    innervation = next(
        e for e in data["edges"] if e["from"] == "anat:soleus" and e["to"] == "anat:tibial_nerve"
    )
    assert innervation["label"] == "innervated by"
    assert "Kenhub" in innervation["title"]
    assert len({e["color"] for e in data["edges"] if e["relation"] == "innervated_by"}) == 1
    assert (
        "nerve root: " not in soleus["title"] and "innervated by: tibial nerve" in soleus["title"]
    )
    # the legend names what is drawn
    assert 'id="akg-legend"' in text and ">innervated by</div>" in text and ">muscle</div>" in text


def test_two_relations_between_a_pair_both_drawn(store, net):
    _, data = _page(store, net, whole=True)
    pairs: dict[tuple[str, str], set[str]] = {}
    for edge in data["edges"]:
        pairs.setdefault((edge["from"], edge["to"]), set()).add(edge["relation"])
    assert any(len(relations) > 1 for relations in pairs.values())
    assert len(data["edges"]) == kg.to_networkx(store).number_of_edges()


def test_pages_are_self_contained(store, net):
    for view in (
        {"focus": "gracilis"},
        {"tree": "sciatic nerve"},
        {"lesion": "S1"},
        {"query": "nerve-roots", "params": {"nerve": "femoral nerve"}},
    ):
        text, _ = _page(store, net, **view)
        assert external_references(text) == [], view
        assert "cdn.jsdelivr" not in text and "node_modules" not in text
        assert "new vis.Network" in text  # vis-network inlined, not linked


def test_lesion_page_colours_by_status(store, net):
    _, data = _page(store, net, lesion="common fibular nerve")
    status = {n["label"]: n["status"] for n in data["nodes"]}
    assert status["tibialis anterior"] == "denervated"
    assert status["dorsiflexion at the talocrural joint"] == "lost"
    assert status["inversion of the foot"] == "weakened"
    assert status["tibialis posterior"] == "intact"
    colours = {n["status"]: n["color"]["background"] for n in data["nodes"]}
    assert len({colours["denervated"], colours["weakened"], colours["intact"]}) == 3


def test_tree_page_is_hierarchical_with_the_root_on_top(store, net):
    page = network(store, net=net, tree="sciatic nerve")
    assert page.options["layout"]["hierarchical"]["sortMethod"] == "directed"
    data = data_of(to_html(page))
    assert {e["relation"] for e in data["edges"]} <= {"branch_of", "continuation_of"}
    # drawn parent -> child, so the layout puts the sciatic nerve at the top
    assert all(e["to"] != "anat:sciatic_nerve" for e in data["edges"])
    assert any(e["from"] == "anat:sciatic_nerve" for e in data["edges"])


def test_plexus_tree_starts_from_its_roots(store, net):
    # the brachial plexus has no branches of its own: its rami are part of it
    data = data_of(to_html(network(store, net=net, tree="brachial plexus")))
    ids = {n["id"] for n in data["nodes"]}
    assert {"anat:anterior_ramus_of_c5", "anat:upper_trunk_of_brachial_plexus"} <= ids
    assert {"anat:median_nerve", "anat:posterior_interosseous_nerve"} <= ids
    assert "formed_from" in {e["relation"] for e in data["edges"]}


def test_plexus_lesion_map_marks_the_cut_nerves(store, net):
    _, data = _page(store, net, lesion="upper trunk of brachial plexus")
    status = {n["label"]: n.get("status") for n in data["nodes"]}
    assert status["suprascapular nerve"] == "cut"
    assert status["deltoid"] == "denervated"


def test_filters_and_errors(store, net):
    _, data = _page(
        store,
        net,
        focus="soleus",
        depth=2,
        relations=["innervated_by"],
        classes=["muscle", "nerve"],
    )
    assert {e["relation"] for e in data["edges"]} == {"innervated_by"}
    assert {n["group"] for n in data["nodes"]} <= {"muscle", "nerve"}
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert {n["id"] for n in data["nodes"]} == linked | {"anat:soleus"}  # none left alone
    with pytest.raises(QueryError, match="no relation with data key 'nerves'"):
        network(store, net=net, focus="soleus", relations=["nerves"])
    with pytest.raises(QueryError, match="choose one view"):
        network(store, net=net, focus="soleus", lesion="S1")
    with pytest.raises(QueryError, match="has no branches"):
        network(store, net=net, tree="soleus")


def test_notebook_helper_embeds_the_page(store, net):
    shown = notebook(network(store, net=net, focus="plantaris"))
    assert shown.data.startswith("<iframe srcdoc=")


def test_cli_writes_the_page_atomically(cli, tmp_path):
    target = tmp_path / "soleus.html"
    result = cli("viz", "--focus", "soleus", "--depth", "2", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and target.is_file()
    assert external_references(target.read_text(encoding="utf-8")) == []
    target.write_text("old page", encoding="utf-8")
    bad = cli("viz", "--focus", "soleus", "--relations", "nope", "--output", str(target))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert target.read_text(encoding="utf-8") == "old page"


# --- a real browser -------------------------------------------------------


def _chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return chromium(page.as_uri(), tmp_path, *extra)


def _distinct_pixels(png: bytes) -> int:
    """Distinct byte values in a PNG's decoded scanlines: a blank page has very few."""
    data, pos, chunks = png, 8, []
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return len(set(zlib.decompress(b"".join(chunks))))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--focus", "plantaris"), "focus"),
        (("--lesion", "deep fibular nerve"), "lesion"),
        (("--tree", "common fibular nerve"), "tree"),
        (("--all", "--classes", "nerve,spinal_segment"), "all"),
    ],
)
@pytest.mark.slow
def test_page_draws_offline_in_headless_chromium(cli, tmp_path, args, name):
    page = tmp_path / f"{name}.html"
    assert cli("viz", *args, "--output", str(page)).returncode == 0
    data = data_of(page.read_text(encoding="utf-8"))
    dom = _chromium(page, tmp_path, "--dump-dom")
    marker = dom.stdout[dom.stdout.index('<div id="akg-status"') :].split(">", 1)[0]
    assert 'data-state="drawn"' in marker or 'data-state="stabilised"' in marker, marker
    assert f'data-nodes="{len(data["nodes"])}"' in marker
    assert f'data-edges="{len(data["edges"])}"' in marker
    painted = int(marker.split('data-painted="', 1)[1].split('"', 1)[0])
    assert painted > 2000, "the canvas stayed (nearly) empty"
    shot = tmp_path / f"{name}.png"
    _chromium(page, tmp_path, f"--screenshot={shot}")
    assert _distinct_pixels(shot.read_bytes()) > 50
