"""The read path (#13): every read command answers from the cache's Oxigraph store.

Catalogue queries print in every format; errors read the same whichever
command meets them; no read command loads a library its output does not
need; a damaged store is rebuilt, never served.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textbook import TIBIAL_NERVE_MUSCLES, ids

from kg.sparql.formats import FORMATS
from kg.sparql.queries import catalogue
from kg.store.cache import open_store, store_entry

ROOT = Path(__file__).parent.parent


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Every catalogue query with its examples, and again with its flags switched on."""
    cases = []
    for query in catalogue():
        examples = {p.name: p.example for p in query.params if p.example and p.type != "boolean"}
        cases.append((query.name, examples))
        flags = {p.name: "true" for p in query.params if p.type == "boolean"}
        if flags:
            cases.append((query.name, {**examples, **flags}))
    return cases


def _args(name: str, params: dict[str, str], *extra: str) -> list[str]:
    return ["query", name, *(f"--param={k}={v}" for k, v in params.items()), *extra]


@pytest.mark.parametrize(("name", "params"), _cases(), ids=lambda c: str(c))
def test_every_catalogue_query_prints_the_same_rows_in_every_format(cli, name, params):
    printed = {}
    for fmt in FORMATS:
        result = cli(*_args(name, params, "--format", fmt))
        assert result.returncode == 0, (fmt, result.stderr)
        printed[fmt] = result.stdout.rstrip("\n")
    data = json.loads(printed["json"])
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    assert printed["tsv"].splitlines()[0].split("\t") == [f"?{v}" for v in variables]
    assert printed["csv"].splitlines()[0].split(",") == variables
    assert printed["table"].split()[: len(variables)] == variables
    assert printed["markdown"].splitlines()[0] == "| " + " | ".join(variables) + " |"
    assert len(printed["tsv"].splitlines()) == len(rows) + 1
    assert len(printed["markdown"].splitlines()) == len(rows) + 2
    assert printed["table"].endswith(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    assert "<sparql" in printed["xml"] and printed["xml"].count("<result>") == len(rows)
    bare = cli(*_args(name, params, "--no-labels", "--format", "json"))
    assert set(json.loads(bare.stdout)["head"]["vars"]) <= set(variables)


def test_a_catalogue_query_gives_the_textbook_answer(cli):
    text = cli("query", "muscles-innervated-by", "--param", "nerve=tibial nerve").stdout.strip()
    muscles = {line.split()[0] for line in text.splitlines()[2:-1]}
    assert muscles == {f"anat:{muscle}" for muscle in ids(TIBIAL_NERVE_MUSCLES)}
    assert text.endswith("(7 rows)")


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("muscles-innervated-by", {"nerve": "tibial nerv"}, "did you mean 'tibial nerve'"),
        ("muscles-innervated-by", {"nerve": "soleus"}, "'soleus' is not a nerve"),
        ("muscles-innervated-by", {}, "parameter 'nerve' is required"),
        ("muscles-innervated-by", {"nerve": "tibial nerve", "branches": "maybe"}, "true or false"),
        ("muscles-innervated-by", {"nerve": "tibial nerve", "depth": "2"}, "unknown parameter"),
        ("muscles-by-root", {"root": "Q7"}, "no entity called 'Q7'"),
        ("no-such-query", {}, "no catalogue query called 'no-such-query'"),
    ],
)
def test_errors_are_one_clear_line(cli, name, params, message):
    result = cli(*_args(name, params))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_a_name_two_classes_share_is_settled_by_the_parameter_class(cli):
    result = cli("query", "muscles-by-root", "--param", "root=T12")
    assert result.returncode == 0, result.stderr


def test_a_relation_parameter_is_read_from_the_schema(cli):
    found = cli("query", "muscle-facts", "-p", "muscle=soleus", "-p", "relation=innervated_by")
    assert found.returncode == 0 and "anat:tibial_nerve" in found.stdout
    unknown = cli("query", "muscle-facts", "-p", "muscle=soleus", "-p", "relation=colour")
    assert unknown.returncode == 2 and "no relation called" in unknown.stderr


HEAVY = {"rdflib", "pyvis", "owlready2", "pyshacl", "pyparsing", "IPython"}
COMMANDS = {
    "query": (["query", "muscles-innervated-by", "--param", "nerve=tibial nerve"], "soleus"),
    "query json": (["query", "nerve-roots", "-p", "nerve=femoral nerve", "--format", "json"], "L3"),
    "ask": (["ask", "which muscles does the tibial nerve supply?"], "soleus"),
    "describe": (["describe", "soleus"], "tibial nerve"),
    "lesion": (["lesion", "deep fibular nerve"], "tibialis anterior"),
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_command_loads_no_library_its_output_does_not_need(store, command):
    """Run in a fresh process (the session's cache is built): only what the answer needs loads."""
    import os

    args, expected = COMMANDS[command]
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        f"status = main({args!r})\n"
        f"heavy = {sorted(HEAVY)!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "sys.exit(status)\n"
    )
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "ANATOMY_KG_CACHE": os.environ["ANATOMY_KG_CACHE"],
    }
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert expected in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture()
def private_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(folder))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["manifest", "store", "flip", "missing", "version"])
def test_a_damaged_store_is_rebuilt_not_served(private_cache, graph, cli, damage):
    from kg.store.cache import seed_cache

    seed_cache(graph)
    expected = len(open_store())
    folder = store_entry()
    manifest = folder / "anatomy-kg-manifest.json"
    if damage == "manifest":
        manifest.write_text("{not json", encoding="utf-8")
    elif damage == "version":
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["pyoxigraph"] = "0.0"
        manifest.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "missing":
        next((folder / "store").glob("*.sst")).unlink()
    else:
        for path in (folder / "store").iterdir():
            if path.suffix == ".sst":
                data = path.read_bytes()
                middle = len(data) // 2
                flipped = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
                path.write_bytes(flipped if damage == "flip" else b"garbage")
    result = cli("query", "muscles-innervated-by", "--param", "nerve=tibial nerve")
    assert result.returncode == 0, result.stderr
    assert "soleus" in result.stdout
    opened = open_store()
    assert len(opened) == expected == len(graph)
    assert list(opened.names["soleus"]) == ["https://w3id.org/anatomy-kg/id/soleus"]


@pytest.mark.slow
def test_two_processes_building_the_store_at_once(private_cache):
    code = "from kg.cli import main; main(['query', 'nerve-roots', '-p', 'nerve=sciatic nerve'])"
    env = {"ANATOMY_KG_CACHE": str(private_cache), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = {run.communicate(timeout=300)[0] for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(outputs) == 1 and "anat:s3" in outputs.pop()
    assert not [p for p in private_cache.iterdir() if p.name.startswith(".")]


def test_an_unwritable_cache_still_answers(tmp_path, monkeypatch, cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(blocker / "cache"))
    result = cli("query", "nerve-roots", "--param", "nerve=sciatic nerve")
    assert result.returncode == 0, result.stderr
    assert "anat:s3" in result.stdout
