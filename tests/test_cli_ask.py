"""The query, ask, lesion, path and stats commands as a user meets them."""

from __future__ import annotations

import json


def _ok(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def _error(result, *, lines: int = 1) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("anatomy-kg: error: ")
    assert len(result.stderr.strip().splitlines()) == lines
    return result.stderr


def test_queries_lists_the_catalogue(cli):
    out = _ok(cli("queries"))
    assert "muscles-innervated-by\n    Muscles innervated by a nerve" in out
    assert '--param nerve (nerve/nerve_plexus, required, e.g. "tibial nerve")' in out
    listed = json.loads(_ok(cli("queries", "--format", "json")))
    assert {q["name"] for q in listed} >= {"nerve-hubs", "antagonists", "attachments"}


def test_query_with_params_in_every_format(cli):
    args = ("query", "nerve-roots", "--param", "nerve=Sciatic Nerve")
    table = _ok(cli(*args))
    assert table.splitlines()[2].startswith("anat:l4")
    data = json.loads(_ok(cli(*args, "--format", "json")))
    assert [b["rootLabel"]["value"] for b in data["results"]["bindings"]] == [
        "L4",
        "L5",
        "S1",
        "S2",
        "S3",
    ]
    assert _ok(cli(*args, "--format", "csv")).splitlines()[0].startswith("root,rootLabel")
    assert _ok(cli(*args, "--format", "markdown")).startswith("| root | rootLabel |")


def test_adhoc_sparql_and_its_errors(cli, tmp_path):
    query = tmp_path / "mine.rq"
    query.write_text(
        "PREFIX akg: <https://w3id.org/anatomy-kg/schema#>\n"
        "SELECT ?m ?n WHERE { ?m akg:innervatedBy ?n }\n",
        encoding="utf-8",
    )
    out = _ok(cli("query", "--sparql", str(query), "-p", "n=superficial fibular nerve"))
    assert "fibularis longus" in out and "m_label" in out
    gone = cli("query", "--sparql", str(query), "--store", "memory")  # one engine now (#13)
    assert gone.returncode == 2 and "unrecognized arguments: --store" in gone.stderr
    hidden = (
        "PREFIX akg: <https://w3id.org/anatomy-kg/schema#> "
        "SELECT ?m WHERE { ?m akg:innervatedBy ?n }"
    )
    # a parameter need not be selected: Oxigraph gets it as a VALUES block (kg.store.values)
    hidden_oxigraph = _ok(cli("query", "--sparql", hidden, "-p", "n=tibial nerve"))
    assert "tibialis posterior" in hidden_oxigraph
    assert hidden_oxigraph.endswith("(7 rows)\n")
    assert "SPARQL syntax error" in _error(cli("query", "--sparql", "SELECT ?x WHERE { ?x }"))
    assert "updates are not allowed" in _error(
        cli("query", "--sparql", "DELETE WHERE { ?s ?p ?o }")
    )
    assert "no catalogue query called 'nerve-root'" in _error(cli("query", "nerve-root"))
    injected = _error(cli("query", "nerve-roots", "-p", 'nerve=x" } UNION { ?s ?p ?o } #'))
    assert "no entity called" in injected


def test_ask_answers_and_shows_its_query(cli):
    out = _ok(cli("ask", "which muscles share the tibial nerve?", "--show-sparql"))
    assert out.startswith("# anatomy-kg query muscles-innervated-by '--param=nerve=tibial nerve'")
    assert "SELECT DISTINCT ?muscle" in out
    assert out.rstrip().endswith("(7 rows)")
    data = json.loads(
        _ok(cli("ask", "what happens if the femoral nerve is cut?", "--format", "json"))
    )
    assert data["interpretation"]["kind"] == "lesion"
    csv = cli("ask", "which muscles share the tibial nerve?", "--format", "csv")
    assert _ok(csv).startswith("muscle,muscleLabel")  # the command line went to stderr
    assert "# anatomy-kg query" in csv.stderr
    assert "prints as table" in _error(cli("ask", "lesion of the femoral nerve", "--format", "csv"))
    # the closest known question forms follow, one per line
    assert "I don't understand" in _error(cli("ask", "how tall is the femur?"), lines=4)


def test_lesion_text_and_json(cli):
    text = _ok(cli("lesion", "common fibular nerve"))
    assert "lost        dorsiflexion at the talocrural joint" in text
    data = json.loads(_ok(cli("lesion", "common fibular nerve", "--format", "json")))
    assert set(data) == {
        "lesion",
        "muscles",
        "movements",
        "sensory",
        "reflexes",
        "pattern",
        "patterns",
    }
    assert data["pattern"] == "foot drop"
    assert set(data["muscles"][0]) == {"id", "label", "status", "remaining", "remaining_roots"}
    assert {"id", "label", "status", "remaining_muscles"} <= set(data["movements"][0])
    assert "not a nerve or a spinal root" in _error(cli("lesion", "femur"))
    at = _ok(cli("lesion", "femoral nerve", "--at", "inguinal ligament"))
    assert at.startswith("Lesion of femoral nerve at the inguinal ligament (nerve, with")
    assert "denervated  iliacus" not in at and "iliacus (prime)" in at  # spared, still flexes


def test_path_prints_the_chain(cli):
    out = _ok(cli("path", "tibialis anterior", "common fibular nerve"))
    assert out.splitlines() == [
        "tibialis anterior",
        "  --innervated by--> deep fibular nerve",
        "  --branch of--> common fibular nerve",
    ]


def test_stats_table_and_json(cli):
    out = _ok(cli("stats"))
    assert "Muscle completeness by region" in out
    assert "lower limb" in out
    data = json.loads(_ok(cli("stats", "--format", "json")))
    lower_limb = next(r for r in data["regions"] if r["region"] == "lower limb")
    origin = lower_limb["attributes"]["origin"]
    assert origin["have"] == origin["total"] == lower_limb["muscles"]
