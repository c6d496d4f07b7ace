"""`export`: standard serialisations that read back isomorphic, written atomically."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph

import kg
from kg.errors import OutputError

PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}


def _canonical(graph: Graph) -> set[str]:
    """The graph's triples with blank nodes named by W3C RDF Dataset Canonicalization.

    Equal sets mean isomorphic graphs; Oxigraph's RDFC-1.0 does this in well
    under a second where rdflib's isomorphism test takes minutes at our size.
    """
    dataset = pyoxigraph.Dataset(
        pyoxigraph.parse(graph.serialize(format="nt").encode(), pyoxigraph.RdfFormat.N_QUADS)
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_export_reads_back_isomorphic(graph, tmp_path, fmt):
    target = tmp_path / f"anatomy.{fmt}"
    kg.export(graph, target, fmt)
    again = Graph().parse(target, format=PARSERS[fmt])
    assert len(again) == len(graph)
    assert _canonical(again) == _canonical(graph)


@pytest.mark.parametrize("fmt", sorted(OX_FORMATS))
def test_export_loads_in_oxigraph_with_ro_alignments(graph, tmp_path, fmt):
    target = tmp_path / f"anatomy.{fmt}"
    kg.export(graph, target, fmt)
    store = pyoxigraph.Store()
    store.load(path=str(target), format=OX_FORMATS[fmt])
    assert len(store) == len(graph)
    ask = store.query(
        "ASK { <https://w3id.org/anatomy-kg/schema#innervatedBy> "
        "<http://www.w3.org/2000/01/rdf-schema#subPropertyOf> "
        "<http://purl.obolibrary.org/obo/RO_0002005> . "
        "<https://w3id.org/anatomy-kg/id/soleus> "
        "<http://purl.obolibrary.org/obo/RO_0002005> "
        "<https://w3id.org/anatomy-kg/id/tibial_nerve> }"
    )
    assert bool(ask)


def test_unwritable_target_leaves_nothing_behind(graph, tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        kg.export(graph, tmp_path / "missing" / "x.ttl", "ttl")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(graph, tmp_path, monkeypatch):
    target = tmp_path / "anatomy.ttl"
    target.write_text("previous export", encoding="utf-8")

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Graph, "serialize", explode)
    with pytest.raises(RuntimeError):
        kg.export(graph, target, "ttl")
    assert target.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["anatomy.ttl"]


def test_unknown_format_is_refused(graph, tmp_path):
    with pytest.raises(OutputError, match="unknown format 'owl'"):
        kg.export(graph, tmp_path / "x", "owl")
