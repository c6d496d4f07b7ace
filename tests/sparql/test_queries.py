"""The query catalogue: headers, textbook answers, bound parameters, result formats."""

from __future__ import annotations

import json

import pytest
from rdflib.plugins.sparql import prepareQuery
from textbook import DEEP_FIBULAR_NERVE_MUSCLES

import kg
from kg.errors import QueryError
from kg.sparql.formats import render
from kg.sparql.queries import catalogue, find_query, prepare, run_prepared
from kg.sparql.runner import Answer


def _labels(store, name: str, params: dict[str, str], column: str) -> set[str]:
    table = run_prepared(store, prepare(store, name, params)).table
    return {v for v in table.texts(column) if v is not None}


def _rows(store, name: str, params: dict[str, str]) -> list[dict[str, str | None]]:
    return run_prepared(store, prepare(store, name, params)).table.records()


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
def test_catalogue_query_gives_the_textbook_answer(store, name):
    assert EXPECTED[name](store)


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
def test_catalogue_query_runs_with_its_values_bound_not_spliced(store, name, params):
    entry = find_query(name)
    prepared = prepare(store, name, params)
    assert prepared.text == entry.path.read_text(encoding="utf-8")  # bound, never spliced
    table = run_prepared(store, prepared, labels=False).table
    assert table.rows, f"{name} found nothing with {params}"
    assert all(len(row) == len(table.variables) for row in table.rows)


@pytest.mark.parametrize(
    "value",
    [
        'tibial nerve" } UNION { ?s ?p ?o } #',
        "tibial nerve> . ?s ?p ?o . <x",
        "}",
        "?muscle",
    ],
)
def test_crafted_parameter_is_an_unknown_name(store, value):
    with pytest.raises(QueryError, match="no entity called"):
        prepare(store, "muscles-innervated-by", {"nerve": value})


def test_parameter_must_name_the_declared_class(store):
    with pytest.raises(QueryError, match="'soleus' is not a nerve"):
        prepare(store, "muscles-innervated-by", {"nerve": "soleus"})


def test_ambiguous_and_missing_and_unknown_parameters(store):
    with pytest.raises(QueryError, match="is required"):
        prepare(store, "nerve-roots", {})
    with pytest.raises(QueryError, match="unknown parameter 'nerv'"):
        prepare(store, "nerve-roots", {"nerv": "sciatic nerve"})
    with pytest.raises(QueryError, match="expected true or false"):
        prepare(store, "muscles-innervated-by", {"nerve": "tibial nerve", "branches": "maybe"})
    with pytest.raises(QueryError, match="did you mean nerve-roots"):
        find_query("nerve-root")


def test_branches_follow_the_nerve_tree(store):
    direct = _labels(
        store, "muscles-innervated-by", {"nerve": "common fibular nerve"}, "muscleLabel"
    )
    below = _labels(
        store,
        "muscles-innervated-by",
        {"nerve": "common fibular nerve", "branches": "true"},
        "muscleLabel",
    )
    assert direct == set()
    assert {"tibialis anterior", "fibularis longus", "fibularis brevis"} <= below


def test_adhoc_sparql_binds_names_and_refuses_updates(store):
    text = "PREFIX akg: <https://w3id.org/anatomy-kg/schema#> SELECT ?m { ?m akg:innervatedBy ?n }"
    prepared = prepare(store, None, {"n": "femoral nerve"}, sparql=text)
    table = run_prepared(store, prepared).table
    assert table.variables == ("m", "m_label")
    assert "rectus femoris" in set(table.texts("m_label"))
    with pytest.raises(QueryError, match="updates are not allowed"):
        prepare_and_run = prepare(store, None, {}, sparql="INSERT DATA { <a:b> <a:c> <a:d> }")
        run_prepared(store, prepare_and_run)
    with pytest.raises(QueryError, match="SPARQL syntax error at line 1"):
        run_prepared(store, prepare(store, None, {}, sparql="SELECT ?x WHERE { ?x ?y }"))


def test_result_formats_follow_the_standards(store):
    answer = run_prepared(store, prepare(store, "nerve-roots", {"nerve": "femoral nerve"}))
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


def test_python_api_returns_plain_rows(store):
    rows = kg.query("nerve-roots", {"nerve": "obturator nerve"}, graph=store).records()
    assert [r["rootLabel"] for r in rows] == ["L2", "L3", "L4"]
    assert all(isinstance(v, str) for r in rows for v in r.values())


def test_branch_without_roots_reports_its_carrier(store):
    rows = _rows(store, "nerve-roots", {"nerve": "anterior branch of obturator nerve"})
    assert [r["rootLabel"] for r in rows] == ["L2", "L3", "L4"]
    assert {r["carrier"] for r in rows} == {"https://w3id.org/anatomy-kg/id/obturator_nerve"}
    by_root = _rows(store, "muscles-by-root", {"root": "L3"})
    gracilis = [r for r in by_root if r["muscleLabel"] == "gracilis"]
    assert [r["nerveLabel"] for r in gracilis] == ["anterior branch of obturator nerve"]


def test_branches_include_continuations(store):
    below = _labels(
        store,
        "muscles-innervated-by",
        {"nerve": "tibial division of sciatic nerve", "branches": "true"},
        "muscleLabel",
    )
    assert {"semitendinosus", "soleus", "abductor hallucis"} <= below
    tree = _labels(
        store, "nerve-branches", {"nerve": "tibial division of sciatic nerve"}, "branchLabel"
    )
    assert "tibial nerve" in tree


def test_empty_value_takes_the_default_and_repeats_are_refused(store):
    rows = _rows(store, "muscles-innervated-by", {"nerve": "tibial nerve", "branches": ""})
    assert len(rows) == 7
    from kg.sparql.parameters import parse_assignments

    with pytest.raises(QueryError, match="given twice"):
        parse_assignments(["root=S1", "root=L5"])


def test_a_name_shared_by_two_classes_is_settled_by_the_parameter_class(store):
    prepared = prepare(store, "muscles-by-root", {"root": "T12"})
    assert prepared.bindings["root"].value.endswith("/t12")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed",
        ),
        ("# only a comment", "no SPARQL given"),
        ("SELECT ?x WHERE { ?x ?p " + "?o . " * 300 + "}", "SPARQL syntax error"),
    ],
)
def test_bad_adhoc_queries_give_one_clear_error(store, text, message):
    with pytest.raises(QueryError, match=message):
        run_prepared(store, prepare(store, None, {}, sparql=text))


def test_an_expression_error_filters_rows_out_as_sparql_says(store):
    """An error inside FILTER (a bad regular expression) is false, not a failure (SPARQL 17.2)."""
    text = 'SELECT ?l WHERE { ?m rdfs:label ?l FILTER(regex(?l, "(")) }'
    assert run_prepared(store, prepare(store, None, {}, sparql=text)).table.rows == ()


def test_adhoc_parameter_must_name_a_variable(store):
    with pytest.raises(QueryError, match="names no variable"):
        prepare(store, None, {"nerve": "tibial nerve"}, sparql="SELECT ?m WHERE { ?m ?p ?n }")


def test_ask_answers_render_in_every_format():
    answer = Answer("ASK", boolean=False)
    assert [render(answer, f) for f in ("table", "csv", "tsv", "markdown")] == ["false"] * 4
    assert json.loads(render(answer, "json")) == {"head": {}, "boolean": False}
    assert "<boolean>false</boolean>" in render(answer, "xml")


def test_suggestions_keep_to_the_parameter_class(store):
    with pytest.raises(QueryError, match="did you mean 'femoral nerve'") as caught:
        prepare(store, "nerve-roots", {"nerve": "femoral"})
    assert "femoral vein" not in str(caught.value)
