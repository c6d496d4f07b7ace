"""Fuzzing (#7): bad data files, names and queries give clear errors, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build.records import read_file
from kg.errors import QueryError, UnknownEntityError
from kg.sparql.parameters import bind_params
from kg.sparql.queries import find_query
from kg.store.access import resolve

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks a little like our sources: keys, YAML punctuation, quotes, braces, unicode
_PIECES = st.sampled_from([
    "- id: ", "  label: ", "  class: muscle\n", "  innervated_by: [", "]", "{", "}", "'", '"',
    ": ", "\n", "  ", "- ", "&a ", "*a", "!!python/object:os.system ", "%YAML 1.2\n", "---\n",
    "\t", "#", "é", "\u202e", "\x00", "9" * 40, "~", "null", "[[[[", "key: value\n",
])  # fmt: skip
_SOURCE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(_PIECES, max_size=60).map("".join),
    st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
)


def _problems_of(data: bytes) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(data)
        records, problems = read_file(path, "data/fuzz.yaml")
    for problem in problems:
        assert problem.file == "data/fuzz.yaml"
        assert problem.message
    return problems


def test_known_bad_files_name_file_line_and_problem():
    assert [str(p) for p in _problems_of(b"- id: [")] == [
        "data/fuzz.yaml:1: YAML syntax error: expected the node content, but found '<stream end>'"
    ]
    assert "not UTF-8" in str(_problems_of(b"\xff\xfe\x00")[0])
    assert "list of records" in str(_problems_of(b"!!python/object:os.system x")[0])


def test_huge_values_in_a_data_file():
    huge = "x" * 2_000_000
    text = f"- id: huge\n  class: muscle\n  label: {huge}\n  origin: [{huge}]\n"
    _problems_of(text.encode())  # read without a crash; the checks judge the record later
    assert _problems_of(("- " * 200_000).encode())  # deeply nested: a YAML problem, named


@FUZZ
@given(_SOURCE_TEXT)
def test_a_fuzzed_data_file_reports_problems_never_a_traceback(text):
    _problems_of(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_as_a_data_file(data):
    _problems_of(data)


_NAMES = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="<>{}\"'\\?$#;.*()[]|^`&%", max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "tibial",
            "T12",
            "anat:",
            "<https://w3id.org/anatomy-kg/id/>",
            "x" * 100_000,
            "soleus\x00",
            "\ud800",
            "S1 } DROP ALL {",
        ]
    ),  # fmt: skip
)


@FUZZ
@given(_NAMES)
def test_the_resolver_names_the_problem(store, name):
    try:
        resolve(store, name)
    except UnknownEntityError as exc:
        assert str(exc)
        assert len(str(exc)) < 1000  # a pasted novel is shortened in the message


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(nerve=_NAMES, branches=_NAMES)
def test_query_parameters_bind_or_say_why(store, nerve, branches):
    entry = find_query("muscles-innervated-by")
    try:
        bound = bind_params(
            store, entry.params, {"nerve": nerve, "branches": branches}, query=entry.name
        )
    except QueryError as exc:
        assert str(exc).startswith(("parameter ", "muscles-innervated-by"))
    else:
        assert set(bound) <= {"nerve", "branches"}


@pytest.fixture(scope="module")
def endpoint():
    from werkzeug.test import Client

    from kg.serve.app import Endpoint

    with Endpoint(workers=1, timeout=3) as app:
        yield Client(app)


_QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from([
        "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", " ", ".",
        "<file:///etc/passwd>", "SERVICE", "INSERT DATA", "DELETE", "LOAD", "OPTIONAL", "UNION",
        "FILTER(", ")", '"x"', "LIMIT 5", "PREFIX a: <http://a#>", "a:b", "#", "\n", "*",
    ]), max_size=30).map(" ".join),
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(query=_QUERIES, accept=st.sampled_from(["", "text/csv", "application/ld+json", "*/*"]))
def test_the_endpoint_answers_any_text_with_a_status_not_a_crash(endpoint, query, accept):
    reply = endpoint.post(
        "/sparql", data=query.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )  # fmt: skip
    assert reply.status_code in (200, 400, 403, 413, 503), reply.data[:300]
    if reply.status_code != 200:
        assert reply.mimetype == "text/plain" and reply.data.strip()
