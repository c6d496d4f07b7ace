"""The query catalogue: headers, textbook answers, bound parameters, other engines."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from textbook import DEEP_FIBULAR_NERVE_MUSCLES

import kg
from kg.errors import QueryError
from kg.sparql.formats import render
from kg.sparql.queries import catalogue, find_query, prepare, run_prepared
from kg.sparql.runner import Answer


def _labels(graph, name: str, params: dict[str, str], column: str) -> set[str]:
    table = run_prepared(graph, prepare(graph, name, params)).table
    return {str(v) for v in table.column(column) if v is not None}


def _rows(graph, name: str, params: dict[str, str]) -> list[dict[str, str | None]]:
    return run_prepared(graph, prepare(graph, name, params)).table.records()


# One textbook check per catalogue query; a new query without one fails
# test_every_catalogue_query_is_checked.
EXPECTED = {
    "muscles-innervated-by": lambda g: (
        _labels(g, "muscles-innervated-by", {"nerve": "deep fibular nerve"}, "muscleLabel")
        == DEEP_FIBULAR_NERVE_MUSCLES
    ),
    "shared-innervation": lambda g: (
        {
            (r["otherLabel"], r["kind"], r["sharedLabel"])
            for r in _rows(g, "shared-innervation", {"muscle": "fibularis longus"})
        }
        >= {("fibularis brevis", "nerve", "superficial fibular nerve"), ("soleus", "root", "S1")}
    ),
    "muscles-by-root": lambda g: (
        _labels(g, "muscles-by-root", {"root": "L1"}, "muscleLabel")
        == {"psoas major", "psoas minor"}
    ),
    "nerve-roots": lambda g: (
        [r["rootLabel"] for r in _rows(g, "nerve-roots", {"nerve": "sciatic nerve"})]
        == ["L4", "L5", "S1", "S2", "S3"]
    ),
    "nerve-branches": lambda g: (
        {
            (r["branchLabel"], r["parentLabel"])
            for r in _rows(g, "nerve-branches", {"nerve": "common fibular nerve"})
        }
        >= {
            ("deep fibular nerve", "common fibular nerve"),
            ("superficial fibular nerve", "common fibular nerve"),
        }
    ),
    "muscle-facts": lambda g: (
        _labels(
            g,
            "muscle-facts",
            {"muscle": "tibialis anterior", "relation": "innervated by"},
            "valueLabel",
        )
        == {"deep fibular nerve"}
    ),
    "blood-supply": lambda g: (
        "tibialis anterior"
        in _labels(g, "blood-supply", {"structure": "anterior tibial artery"}, "muscleLabel")
        and "popliteal artery" in _labels(g, "blood-supply", {"structure": "soleus"}, "vesselLabel")
    ),
    "muscles-by-action": lambda g: (
        {
            (r["muscleLabel"], r["role"])
            for r in _rows(g, "muscles-by-action", {"movement": "dorsiflexion"})
        }
        >= {("tibialis anterior", "prime"), ("extensor digitorum longus", "assisting")}
    ),
    "antagonists": lambda g: (
        ("soleus", "named")
        in {
            (r["antagonistLabel"], r["basis"])
            for r in _rows(g, "antagonists", {"muscle": "tibialis anterior"})
        }
    ),
    "attachments": lambda g: (
        {(r["muscleLabel"], r["attachment"]) for r in _rows(g, "attachments", {"bone": "fibula"})}
        >= {("soleus", "origin"), ("fibularis longus", "origin"), ("biceps femoris", "insertion")}
    ),
    "nerve-hubs": lambda g: (
        {r["nerveLabel"]: int(r["direct_muscles"] or 0) for r in _rows(g, "nerve-hubs", {})}[
            "tibial nerve"
        ]
        == 7
    ),
}


def test_every_catalogue_query_is_checked():
    assert {q.name for q in catalogue()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_catalogue_query_gives_the_textbook_answer(graph, name):
    assert EXPECTED[name](graph)


@pytest.mark.parametrize("entry", catalogue(), ids=lambda q: q.name)
def test_catalogue_query_header_and_standalone_syntax(entry):
    assert entry.summary and entry.summary != entry.name
    assert entry.tags
    # parses with no prefixes supplied from outside: the file declares its own
    prepareQuery(entry.text)
    for param in entry.params:
        assert param.example, f"{entry.name}: parameter {param.name} needs an example"
        assert param.doc, f"{entry.name}: parameter {param.name} needs a doc line"
        # projected, so engines that substitute values (SEP-0007, Oxigraph) accept it
        assert f"?{param.name}" in entry.text.split("WHERE")[0]


def _to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    raise AssertionError(f"unexpected parameter term {term!r}")


def _from_oxigraph(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"
    return term.value


@pytest.fixture(scope="module")
def oxigraph_store(graph):
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


# Each query with its header's example values, plus cases that exercise
# optional and boolean parameters.
ENGINE_CASES = [
    (q.name, {p.name: p.example for p in q.params if not p.optional}) for q in catalogue()
]
ENGINE_CASES += [
    ("muscles-innervated-by", {"nerve": "common fibular nerve", "branches": "true"}),
    ("muscles-innervated-by", {"nerve": "tibial nerve", "branches": "false"}),
    ("blood-supply", {"structure": "anterior tibial artery", "branches": "true"}),
    ("blood-supply", {"structure": "popliteal artery", "branches": "false"}),
    ("muscles-by-action", {"joint": "knee joint"}),
    ("muscles-by-action", {"movement": "hip flexion", "joint": "hip joint"}),
    ("muscle-facts", {"muscle": "soleus", "relation": "origin"}),
]


@pytest.mark.parametrize(("name", "params"), ENGINE_CASES, ids=lambda x: str(x))
def test_catalogue_query_runs_unchanged_in_oxigraph(graph, oxigraph_store, name, params):
    entry = find_query(name)
    prepared = prepare(graph, name, params)
    assert prepared.text == entry.path.read_text(encoding="utf-8")  # bound, never spliced
    ours = run_prepared(graph, prepared, labels=False).table
    substitutions = {ox.Variable(k): _to_oxigraph(v) for k, v in prepared.bindings.items()}
    theirs = oxigraph_store.query(entry.text, substitutions=substitutions)
    variables = [v.value for v in theirs.variables]
    assert variables == list(ours.variables)
    their_rows = sorted(tuple(_from_oxigraph(s[v]) for v in variables) for s in theirs)
    our_rows = sorted(
        tuple(None if x is None else ("_:" if isinstance(x, BNode) else str(x)) for x in row)
        for row in ours.rows
    )
    assert our_rows == their_rows
    assert our_rows, f"{name} found nothing with {params}"


@pytest.mark.parametrize(
    "value",
    [
        'tibial nerve" } UNION { ?s ?p ?o } #',
        "tibial nerve> . ?s ?p ?o . <x",
        "}",
        "?muscle",
    ],
)
def test_crafted_parameter_is_an_unknown_name(graph, value):
    with pytest.raises(QueryError, match="no entity called"):
        prepare(graph, "muscles-innervated-by", {"nerve": value})


def test_parameter_must_name_the_declared_class(graph):
    with pytest.raises(QueryError, match="'soleus' is not a nerve"):
        prepare(graph, "muscles-innervated-by", {"nerve": "soleus"})


def test_ambiguous_and_missing_and_unknown_parameters(graph):
    with pytest.raises(QueryError, match="is required"):
        prepare(graph, "nerve-roots", {})
    with pytest.raises(QueryError, match="unknown parameter 'nerv'"):
        prepare(graph, "nerve-roots", {"nerv": "sciatic nerve"})
    with pytest.raises(QueryError, match="expected true or false"):
        prepare(graph, "muscles-innervated-by", {"nerve": "tibial nerve", "branches": "maybe"})
    with pytest.raises(QueryError, match="did you mean nerve-roots"):
        find_query("nerve-root")


def test_branches_follow_the_nerve_tree(graph):
    direct = _labels(
        graph, "muscles-innervated-by", {"nerve": "common fibular nerve"}, "muscleLabel"
    )
    below = _labels(
        graph,
        "muscles-innervated-by",
        {"nerve": "common fibular nerve", "branches": "true"},
        "muscleLabel",
    )
    assert direct == set()
    assert {"tibialis anterior", "fibularis longus", "fibularis brevis"} <= below


def test_adhoc_sparql_binds_names_and_refuses_updates(graph):
    text = "PREFIX akg: <https://w3id.org/anatomy-kg/schema#> SELECT ?m { ?m akg:innervatedBy ?n }"
    prepared = prepare(graph, None, {"n": "femoral nerve"}, sparql=text)
    table = run_prepared(graph, prepared).table
    assert table.variables == ("m", "m_label")
    assert "rectus femoris" in {str(v) for v in table.column("m_label")}
    with pytest.raises(QueryError, match="updates are not allowed"):
        prepare_and_run = prepare(graph, None, {}, sparql="INSERT DATA { <a:b> <a:c> <a:d> }")
        run_prepared(graph, prepare_and_run)
    with pytest.raises(QueryError, match="SPARQL syntax error at line 1"):
        run_prepared(graph, prepare(graph, None, {}, sparql="SELECT ?x WHERE { ?x ?y }"))


def test_result_formats_follow_the_standards(graph):
    answer = run_prepared(graph, prepare(graph, "nerve-roots", {"nerve": "femoral nerve"}))
    data = json.loads(render(answer, "json"))
    assert data["head"]["vars"] == [
        "root",
        "rootLabel",
        "carrier",
        "carrier_label",
        "nerve",
        "nerve_label",
    ]
    assert [b["rootLabel"]["value"] for b in data["results"]["bindings"]] == ["L2", "L3", "L4"]
    assert data["results"]["bindings"][0]["root"] == {
        "type": "uri",
        "value": "https://w3id.org/anatomy-kg/id/l2",
    }
    csv_lines = render(answer, "csv").splitlines()
    assert csv_lines[0] == "root,rootLabel,carrier,carrier_label,nerve,nerve_label"
    assert csv_lines[1].startswith(
        "https://w3id.org/anatomy-kg/id/l2,L2,https://w3id.org/anatomy-kg/id/femoral_nerve,"
        "femoral nerve,"
    )
    tsv_lines = render(answer, "tsv").splitlines()
    assert tsv_lines[0] == "?root\t?rootLabel\t?carrier\t?carrier_label\t?nerve\t?nerve_label"
    assert tsv_lines[1].startswith('<https://w3id.org/anatomy-kg/id/l2>\t"L2"\t')
    assert render(answer, "markdown").splitlines()[2].startswith("| anat:l2 | L2 | anat:femoral")
    table = render(answer, "table")
    assert "anat:l3" in table and table.endswith("(3 rows)")
    ask = Answer("ASK", boolean=True)
    assert json.loads(render(ask, "json")) == {"head": {}, "boolean": True}


def test_python_api_returns_plain_rows(graph):
    rows = kg.query("nerve-roots", {"nerve": "obturator nerve"}, graph=graph).records()
    assert [r["rootLabel"] for r in rows] == ["L2", "L3", "L4"]
    assert all(isinstance(v, str) for r in rows for v in r.values())


def test_branch_without_roots_reports_its_carrier(graph):
    rows = _rows(graph, "nerve-roots", {"nerve": "anterior branch of obturator nerve"})
    assert [r["rootLabel"] for r in rows] == ["L2", "L3", "L4"]
    assert {r["carrier"] for r in rows} == {"https://w3id.org/anatomy-kg/id/obturator_nerve"}
    by_root = _rows(graph, "muscles-by-root", {"root": "L3"})
    gracilis = [r for r in by_root if r["muscleLabel"] == "gracilis"]
    assert [r["nerveLabel"] for r in gracilis] == ["anterior branch of obturator nerve"]


def test_branches_include_continuations(graph):
    below = _labels(
        graph,
        "muscles-innervated-by",
        {"nerve": "tibial division of sciatic nerve", "branches": "true"},
        "muscleLabel",
    )
    assert {"semitendinosus", "soleus", "abductor hallucis"} <= below
    tree = _labels(
        graph, "nerve-branches", {"nerve": "tibial division of sciatic nerve"}, "branchLabel"
    )
    assert "tibial nerve" in tree


def test_empty_value_takes_the_default_and_repeats_are_refused(graph):
    rows = _rows(graph, "muscles-innervated-by", {"nerve": "tibial nerve", "branches": ""})
    assert len(rows) == 7
    from kg.sparql.parameters import parse_assignments

    with pytest.raises(QueryError, match="given twice"):
        parse_assignments(["root=S1", "root=L5"])


def test_a_name_shared_by_two_classes_is_settled_by_the_parameter_class(graph):
    prepared = prepare(graph, "muscles-by-root", {"root": "T12"})
    assert str(prepared.bindings["root"]).endswith("/t12")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('SELECT ?l WHERE { ?m rdfs:label ?l FILTER(regex(?l, "(")) }', "the query failed"),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed",
        ),
        ("# only a comment", "no SPARQL given"),
        ("SELECT ?x WHERE { ?x ?p " + "?o . " * 300 + "}", "SPARQL syntax error"),
    ],
)
def test_bad_adhoc_queries_give_one_clear_error(graph, text, message):
    with pytest.raises(QueryError, match=message):
        run_prepared(graph, prepare(graph, None, {}, sparql=text))


def test_adhoc_parameter_must_name_a_variable(graph):
    with pytest.raises(QueryError, match="names no variable"):
        prepare(graph, None, {"nerve": "tibial nerve"}, sparql="SELECT ?m WHERE { ?m ?p ?n }")


def test_ask_answers_render_in_every_format():
    answer = Answer("ASK", boolean=False)
    assert [render(answer, f) for f in ("table", "csv", "tsv", "markdown")] == ["false"] * 4


@pytest.fixture(scope="module")
def kg_store(graph):
    from kg.sparql.engines import oxigraph_store

    return oxigraph_store(graph)


@pytest.mark.parametrize(("name", "params"), ENGINE_CASES, ids=lambda x: str(x))
def test_both_backends_give_identical_answers(graph, kg_store, name, params):
    prepared = prepare(graph, name, params)
    memory = run_prepared(graph, prepared).table
    oxigraph = run_prepared(graph, prepared, store=kg_store).table
    assert oxigraph.variables == memory.variables
    assert sorted(map(repr, oxigraph.rows)) == sorted(map(repr, memory.rows))


def test_suggestions_keep_to_the_parameter_class(graph):
    with pytest.raises(QueryError, match="did you mean 'femoral nerve'") as caught:
        prepare(graph, "nerve-roots", {"nerve": "femoral"})
    assert "femoral vein" not in str(caught.value)


def _named(graph) -> set:
    """Triples without blank nodes (blank nodes get fresh ids on every copy), and the count."""
    from rdflib import BNode

    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def test_traversals_and_export_agree_on_the_graph_read_back_from_oxigraph(graph, tmp_path):
    """The other half of 'identical on both backends': lesions, paths and export."""
    from rdflib import Graph

    from kg.anatomy.lesions import lesion
    from kg.anatomy.networks import node_of, shortest_path, to_networkx
    from kg.output.rdf_files import export
    from kg.sparql.engines import rdflib_graph, store_for

    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    back = rdflib_graph(store_for(graph).quads_for_pattern(None, None, None), namespaces)
    assert len(back) == len(graph) and _named(back) == _named(graph)
    for name in ("common fibular nerve", "S1", "tibial nerve"):
        assert lesion(back, name) == lesion(graph, name)
    nets = to_networkx(graph), to_networkx(back)
    ends = [node_of(graph, nets[0], n) for n in ("tibialis anterior", "common fibular nerve")]
    assert shortest_path(nets[1], *ends) == shortest_path(nets[0], *ends)
    export(graph, tmp_path / "a.nt", "nt")
    export(back, tmp_path / "b.nt", "nt")
    first = Graph().parse(tmp_path / "a.nt", format="nt")
    second = Graph().parse(tmp_path / "b.nt", format="nt")
    assert len(first) == len(second) and _named(first) == _named(second)
