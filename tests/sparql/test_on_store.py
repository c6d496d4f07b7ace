"""The quick query path (#6): same text as the full path, from the Oxigraph cache, no rdflib."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textbook import TIBIAL_NERVE_MUSCLES, ids

from kg.errors import QueryError
from kg.sparql.formats import FORMATS, render
from kg.sparql.on_store import answer
from kg.sparql.queries import catalogue, prepare, run_prepared
from kg.store.cache import open_store, store_entry

ROOT = Path(__file__).parents[2]


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


def _full(graph, name: str, params: dict[str, str], fmt: str, labels: bool = True) -> str:
    """The full path on rdflib's engine: an independent engine for the comparison."""
    return render(run_prepared(graph, prepare(graph, name, params), labels=labels), fmt)


@pytest.mark.parametrize(("name", "params"), _cases(), ids=lambda c: str(c))
def test_quick_path_prints_what_the_full_path_prints(graph, name, params):
    for fmt in FORMATS:
        quick = answer(name, params, fmt=fmt)
        if quick is None:  # a property parameter: the full path answers
            assert name == "muscle-facts"
            continue
        full = _full(graph, name, params, fmt)
        assert quick.splitlines()[0] == full.splitlines()[0], fmt  # same columns, same order
        assert sorted(quick.splitlines()) == sorted(full.splitlines()), fmt
    quick = answer(name, params, labels=False)
    if quick is not None:
        assert sorted(quick.splitlines()) == sorted(
            _full(graph, name, params, "table", False).splitlines()
        )


def test_quick_path_gives_the_textbook_answer():
    text = answer("muscles-innervated-by", {"nerve": "tibial nerve"})
    assert text is not None
    muscles = {line.split()[0] for line in text.splitlines()[2:-1]}
    assert muscles == {f"anat:{muscle}" for muscle in ids(TIBIAL_NERVE_MUSCLES)}
    assert text.endswith("(7 rows)")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("muscles-innervated-by", {"nerve": "tibial nerv"}),  # did you mean
        ("muscles-innervated-by", {"nerve": "soleus"}),  # not a nerve
        ("muscles-innervated-by", {}),  # required
        ("muscles-innervated-by", {"nerve": "tibial nerve", "branches": "maybe"}),
        ("muscles-innervated-by", {"nerve": "tibial nerve", "depth": "2"}),  # unknown
        ("muscles-by-root", {"root": "T12"}),  # a segment and a vertebra: the class decides
        ("muscles-by-root", {"root": "Q7"}),
        ("no-such-query", {}),
    ],
)
def test_quick_path_errors_read_as_the_full_path_errors(graph, name, params):
    try:
        expected = _full(graph, name, params, "table")
    except QueryError as exc:
        with pytest.raises(QueryError) as quick:
            answer(name, params)
        assert str(quick.value) == str(exc)
    else:
        assert answer(name, params) == expected


def test_a_relation_parameter_is_read_from_the_schema():
    text = answer("muscle-facts", {"muscle": "soleus", "relation": "innervated_by"})
    assert text is not None and "anat:tibial_nerve" in text
    with pytest.raises(QueryError, match="no relation called"):
        answer("muscle-facts", {"muscle": "soleus", "relation": "colour"})


def test_a_plain_query_loads_no_heavy_library(tmp_path):
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "main(['query', 'muscles-innervated-by', '--param', 'nerve=tibial nerve'])\n"
        "heavy = {'rdflib', 'pyvis', 'owlready2', 'pyshacl', 'networkx', 'pyparsing'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "ANATOMY_KG_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr  # builds the cache (with rdflib)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert again.returncode == 0, again.stderr
    assert "soleus" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture()
def private_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(folder))
    return folder


@pytest.mark.parametrize("damage", ["manifest", "store", "flip", "missing", "version"])
def test_a_damaged_store_is_rebuilt_not_served(private_cache, graph, damage):
    expected = len(open_store().store)
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
    cached = open_store()
    assert len(cached.store) == expected == len(graph)
    assert list(cached.names["soleus"]) == ["https://w3id.org/anatomy-kg/id/soleus"]
    assert "soleus" in (answer("muscles-innervated-by", {"nerve": "tibial nerve"}) or "")


def test_two_processes_building_the_store_at_once(private_cache):
    code = (
        "from kg.sparql.on_store import answer; "
        "print(answer('nerve-roots', {'nerve': 'sciatic nerve'}))"
    )
    env = {"ANATOMY_KG_CACHE": str(private_cache), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = {run.communicate(timeout=300)[0] for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(outputs) == 1 and "anat:s3" in outputs.pop()
    assert not [p for p in private_cache.iterdir() if p.name.startswith(".")]


def test_an_unwritable_cache_still_answers_on_the_full_path(tmp_path, monkeypatch, cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ANATOMY_KG_CACHE", str(blocker / "cache"))
    assert answer("nerve-roots", {"nerve": "sciatic nerve"}) is None
    result = cli("query", "nerve-roots", "--param", "nerve=sciatic nerve")
    assert result.returncode == 0, result.stderr
    assert "anat:s3" in result.stdout
