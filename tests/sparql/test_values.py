"""Parameters bound for Oxigraph by VALUES blocks: placed right, never changing an answer (#6)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql.runner import run
from kg.store.values import query_bound, union_branches, uses_service, values_first, where_group

SOLEUS = ox.NamedNode("https://w3id.org/anatomy-kg/id/soleus")


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("SELECT ?where WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", " ?s ?p ?o }"),
        ('SELECT * { ?s <http://a#{> "WHERE {" }', ' ?s <http://a#{> "WHERE {" }'),
        ("PREFIX where: <http://w#> SELECT * WHERE {where:a ?p ?o} # {", "where:a ?p ?o} # {"),
        ("# SELECT WHERE {\nSELECT ?x WHERE {?x ?p ?o}", "?x ?p ?o}"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?x ?y ?z }", " ?x ?y ?z }"),
        ("SELECT * WHERE { FILTER(?a < ?b) }", " FILTER(?a < ?b) }"),
        ("SELECT ('''it's {''' AS ?x) WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
    ],
)
def test_where_group_is_found_past_strings_iris_comments_and_templates(text, after):
    position = where_group(text)
    assert position is not None and text[position:] == after


@pytest.mark.parametrize("text", ["DESCRIBE <http://x>", "INSERT DATA { <a> <b> <c> }", "", "{"])
def test_no_where_group_means_no_values_block(text):
    assert where_group(text) is None
    assert values_first(text, {"m": SOLEUS}) is None


def test_each_union_branch_opens_with_the_values_block():
    text = (
        "SELECT * WHERE { { ?m ?p ?o } UNION { ?o ?p ?m }"
        " OPTIONAL { { ?a ?b ?c } UNION { ?d ?e ?f } } }"
    )
    bound = values_first(text, {"m": SOLEUS})
    assert bound is not None
    assert bound.count("VALUES (?m)") == 3  # the group and its two branches, not the optional's
    assert ox.Store().query(bound) is not None  # still SPARQL


def test_sub_query_branches_are_left_alone():
    text = "SELECT * WHERE { { SELECT ?m WHERE { ?m ?p ?o } } UNION { ?m ?q ?r } }"
    assert len(union_branches(text, where_group(text))) == 1
    ox.Store().query(values_first(text, {"m": SOLEUS}))  # parses


def test_values_are_serialised_terms_never_query_text():
    hostile = ox.Literal('x" } ; DROP ALL ; SELECT * WHERE { "')
    bound = values_first("SELECT ?s WHERE { ?s ?p ?o }", {"s": hostile})
    assert bound is not None
    store = ox.Store()
    store.add(ox.Quad(SOLEUS, SOLEUS, hostile))
    assert [row["s"] for row in store.query(bound)] == []  # one escaped literal, no syntax
    assert values_first("SELECT ?s WHERE { ?s ?p ?o }", {"s }": SOLEUS}) is None
    assert values_first("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.BlankNode()}) is None


def test_query_bound_agrees_with_substitution():
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(SOLEUS, label, ox.Literal("soleus")))
    store.add(ox.Quad(ox.NamedNode("http://x/other"), label, ox.Literal("other")))
    text = "SELECT ?m ?l WHERE { { ?m ?p ?l } UNION { ?m ?p ?l FILTER(false) } }"
    inlined = [tuple(row) for row in query_bound(store, text, {"m": SOLEUS}, {})]
    substituted = [
        tuple(row) for row in store.query(text, substitutions={ox.Variable("m"): SOLEUS})
    ]
    assert inlined == substituted == [(SOLEUS, ox.Literal("soleus"))]


# Each form really calls a service: unguarded, Oxigraph tries to reach it
# (on a port HTTP may not use, so it fails at once and nothing leaves).
NOWHERE = "http://127.0.0.1:9/"


@pytest.mark.parametrize(
    "text",
    [
        f"PREFIX : <{NOWHERE}> SELECT * WHERE {{ SERVICE:x{{ ?s ?p ?o }} }}",
        "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ?o FILTER(?p != ex:p\\#) "
        f"SERVICE <{NOWHERE}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(1<2&&'>'!=?o) SERVICE <{NOWHERE}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{NOWHERE}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ 1 }} SERVICE SILENT <{NOWHERE}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_however_it_is_written(store, text):
    engine = ox.Store()
    engine.add(ox.Quad(SOLEUS, SOLEUS, SOLEUS))
    try:
        list(engine.query(text))
        reached = False
    except OSError as exc:
        reached = "port 9" in str(exc)
    assert reached or "SILENT" in text, "not a SERVICE call: the case tests nothing"
    assert uses_service(text)
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        run(store, text)


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT WHERE { ?m ?p ?o }",  # the short form holds triples only
        "SELECT * WHERE { SELECT ?m WHERE { ?m ?p ?o } }",  # the group is a sub-query
        "SELECT * WHERE { ?s ?p ?o BIND(?s AS ?m) }",  # VALUES and BIND may not both set ?m
    ],
)
def test_no_values_block_where_sparql_forbids_one(text):
    assert values_first(text, {"m": SOLEUS}) is None
    store = ox.Store()
    list(query_bound(store, text, {"m": SOLEUS}, {}))  # falls back to substitution, still runs


def test_a_hyphenated_name_is_not_a_union():
    text = "PREFIX ex: <http://x/> SELECT * WHERE { { ?m ?p ?o } MINUS { ?m ex:non-union ?x } }"
    assert values_first(text, {"m": SOLEUS}).count("VALUES") == 1
