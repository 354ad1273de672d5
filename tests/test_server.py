"""The SPARQL endpoint (kgraph.server) against real clients: httpx, SPARQLWrapper, rdflib's
SPARQLStore, and pyoxigraph's SERVICE clause; plus query --endpoint (kgraph.remote)."""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kgraph.cli import main
from kgraph.rdf import Store
from kgraph.rdf.mapping import graph_of
from kgraph.remote import remote_query, result_rows, with_values
from kgraph.server import create_app, has_dataset_clause, negotiate, serve

QUERIES = Path(__file__).resolve().parents[1] / "queries"
KG = "https://w3id.org/kgraph/ontology#"
KZ = "https://w3id.org/kgraph/resource/country/kazakhstan"
TOKEN = "s3cret-token"
HEAVY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """A uvicorn server in a thread, on a free loopback port."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def store():
    from conftest import sample_resolved

    s = Store()
    for resolved in sample_resolved():
        s.write_article(resolved)
    yield s
    s.close()


@pytest.fixture(scope="module")
def endpoint(store):
    with Running(create_app(store, queries=QUERIES, timeout=5, max_rows=10_000)) as running:
        yield running.url


def get(url: str, query: str, accept: str = "application/sparql-results+json", **params):
    return httpx.get(url, params={"query": query, **params}, headers={"Accept": accept})


def local_rows(store: Store, query: str, bindings=None):
    return result_rows(store.query(query, bindings=bindings))


# ---------------------------------------------------------------- protocol


def test_get_post_and_direct_post_give_the_same_rows(endpoint):
    q = f"SELECT DISTINCT ?s WHERE {{ ?s a <{KG}Country> }}"
    answers = [
        get(endpoint, q),
        httpx.post(endpoint, data={"query": q}, headers={"Accept": "application/json"}),
        httpx.post(endpoint, content=q.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"
        }),
    ]
    for r in answers:
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        values = [b["s"]["value"] for b in r.json()["results"]["bindings"]]
        assert values == [KZ]


@pytest.mark.parametrize(("accept", "ctype", "marker"), [
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("text/csv", "text/csv", b"s\r\n" + KZ.encode()),
    ("text/tab-separated-values", "text/tab-separated-values", b"?s\n<" + KZ.encode()),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv", b"s\r\n"),
])
def test_select_content_negotiation(endpoint, accept, ctype, marker):
    r = get(endpoint, f"SELECT DISTINCT ?s WHERE {{ ?s a <{KG}Country> }}", accept)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(ctype)
    assert marker in r.content


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_construct_and_describe_content_negotiation(endpoint, store, accept, fmt):
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s a <{KG}Person> ; ?p ?o }}"
    r = get(endpoint, q, accept)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    got = Graph().parse(data=r.content, format=fmt)
    assert len(got) == len(store.query(q).graph) > 0
    d = get(endpoint, f"DESCRIBE <{KZ}>", accept)
    assert (URIRef(KZ), None, None) in Graph().parse(data=d.content, format=fmt)


def test_ask_and_unacceptable_type(endpoint):
    r = get(endpoint, "ASK { ?s ?p ?o }")
    assert r.json()["boolean"] is True
    assert get(endpoint, "SELECT * WHERE { ?s ?p ?o }", "image/png").status_code == 406


def test_default_graph_is_the_union_and_protocol_dataset_parameters(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    union = n(get(endpoint, count))
    g1, g2 = str(graph_of("seed-expo-2020")), str(graph_of("steel-quota"))
    one = n(get(endpoint, count, **{"default-graph-uri": g1}))
    two = n(get(endpoint, count, **{"default-graph-uri": g2}))
    assert 0 < one < union and one + two == union
    # FROM in the query is honoured (not overridden by the union default)
    assert n(get(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{g2}> WHERE {{ ?s ?p ?o }}")) == two
    # named-graph-uri restricts what GRAPH ?g sees
    r = get(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            **{"named-graph-uri": g1})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [g1]
    assert get(endpoint, count, **{"default-graph-uri": "not an iri"}).status_code == 400


def test_service_description_at_the_endpoint_url(endpoint):
    r = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(endpoint)) in g
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in g


def test_malformed_query_gets_400_with_the_parser_message(endpoint):
    r = get(endpoint, "SELECT ?s WHERE { ?s ?p }")
    assert r.status_code == 400
    assert "malformed SPARQL query" in r.text and "error at" in r.text


def test_update_is_refused_when_read_only(endpoint, store):
    before = len(store)
    for r in (
        httpx.post(endpoint, data={"update": "CLEAR ALL"}),
        httpx.post(endpoint, content=b"CLEAR ALL",
                   headers={"Content-Type": "application/sparql-update",
                            "Authorization": f"Bearer {TOKEN}"}),
    ):
        assert r.status_code == 403
        assert "read-only" in r.text
    assert len(store) == before


def test_update_needs_the_bearer_token():
    s = Store()
    with Running(create_app(s, allow_update=True, token=TOKEN)) as running:
        insert = f"INSERT DATA {{ GRAPH <urn:g> {{ <urn:a> <{KG}callsFor> <urn:b> }} }}"
        no = httpx.post(running.url, data={"update": insert})
        assert no.status_code == 401 and no.headers["www-authenticate"].startswith("Bearer")
        wrong = httpx.post(running.url, data={"update": insert},
                           headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and TOKEN not in wrong.text
        assert len(s) == 0
        ok = httpx.post(running.url, content=insert.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 204
        assert len(s) == 1
        bad = httpx.post(running.url, data={"update": "INSERT nonsense"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 400
    s.close()


def test_updates_without_a_token_are_a_configuration_error():
    from kgraph.types import KgraphError

    with pytest.raises(KgraphError, match="token"):
        create_app(Store(), allow_update=True)


def test_timeout_and_row_cap_give_clear_errors(store):
    with Running(create_app(store, timeout=0.3, max_rows=1_000_000)) as running:
        start = time.monotonic()
        r = get(running.url, HEAVY)
        assert r.status_code == 503
        assert "timed out" in r.text and "0.3 s" in r.text
        assert time.monotonic() - start < 5
    with Running(create_app(store, max_rows=5)) as running:
        r = get(running.url, "SELECT * WHERE { ?s ?p ?o }")
        assert r.status_code == 413
        assert "more than 5 rows" in r.text
        assert get(running.url, "SELECT * WHERE { ?s ?p ?o } LIMIT 5").status_code == 200
        c = get(running.url, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
        assert c.status_code == 413 and "triples" in c.text


def test_serve_binds_to_loopback_by_default():
    import inspect

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "127.0.0.1" in result.output and "Example:" in result.output


# ---------------------------------------------------------------- the page


def test_query_page_has_no_external_resources_and_builds_text_only(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    r = httpx.get(base + "/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    page = r.text
    assert "http://" not in page and "https://" not in page
    assert "innerHTML" not in page and "textContent" in page
    assert "describe?" in page
    examples = httpx.get(base + "/queries").json()
    assert sorted(examples) == sorted(p.stem for p in QUERIES.glob("*.rq"))
    assert "CallForAction" in examples["who-calls-for-what"]


def test_describe_link_target(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    r = httpx.get(base + "/describe", params={"iri": KZ},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    data = r.json()
    assert data["head"]["vars"] == ["subject", "predicate", "object"]
    assert {b["subject"]["value"] for b in data["results"]["bindings"]} == {KZ}
    # the IRI is a bound value: query text in it is refused, not run
    bad = httpx.get(base + "/describe", params={"iri": f"{KZ}> . ?s ?p ?o . <x"})
    assert bad.status_code == 400


# ---------------------------------------------------------------- real clients


def test_sparqlwrapper(endpoint, store):
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    q = f"SELECT DISTINCT ?s WHERE {{ ?s a <{KG}Person> }} ORDER BY ?s"
    expected = [str(row[0]) for row in store.query(q)]
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(q)
    sw.setReturnFormat(JSON)
    persons = [b["s"]["value"] for b in sw.queryAndConvert()["results"]["bindings"]]
    assert persons == expected and persons
    sw.setReturnFormat(XML)
    assert len(sw.queryAndConvert().getElementsByTagName("result")) == len(expected)
    sw.setQuery(f"CONSTRUCT WHERE {{ <{KZ}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert (URIRef(KZ), None, None) in g


def test_rdflib_sparqlstore(endpoint, store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(endpoint))
    q = (QUERIES / "permits.rq").read_text(encoding="utf-8")
    assert result_rows(remote.query(q)) == local_rows(store, q)
    assert (URIRef(KZ), None, None) in remote


def test_pyoxigraph_service_clause(endpoint):
    q = f"SELECT DISTINCT ?s WHERE {{ SERVICE <{endpoint}> {{ ?s a <{KG}Country> }} }}"
    rows = list(ox.Store().query(q))
    assert [r["s"].value for r in rows] == [KZ]


def test_every_example_query_answers_the_same_remotely(endpoint, store):
    for path in sorted(QUERIES.glob("*.rq")):
        q = path.read_text(encoding="utf-8")
        assert result_rows(remote_query(endpoint, q)) == local_rows(store, q), path.name
    q = (QUERIES / "entity.rq").read_text(encoding="utf-8")
    bound = {"label": Literal("Kazakhstan")}
    remote = result_rows(remote_query(endpoint, q, bindings=bound))
    assert remote == local_rows(store, q, bound) and remote


def test_bindings_are_values_not_query_text(endpoint):
    evil = 'x" } } ; DROP ALL ; SELECT * { "'
    text = with_values("SELECT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "
                       "?label }", {"label": Literal(evil)})
    assert "VALUES (?label)" in text
    assert result_rows(remote_query(endpoint, text)) == []


def test_query_endpoint_option(endpoint, store):
    result = CliRunner().invoke(main, ["query", "--endpoint", endpoint, "--format", "json",
                                       "--file", str(QUERIES / "entity.rq"),
                                       "--bind", "label=Umarov"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {r["label"] for r in rows} == {"Umarov"}
    bad = CliRunner().invoke(main, ["query", "--endpoint", endpoint, "SELECT {"])
    assert bad.exit_code == 1 and "HTTP 400" in bad.output


def test_concurrent_clients_get_no_errors(endpoint):
    qs = [p.read_text(encoding="utf-8") for p in sorted(QUERIES.glob("*.rq"))]

    def client(i: int) -> int:
        errors = 0
        with httpx.Client(headers={"Accept": "application/sparql-results+json"}) as http:
            for k in range(30):
                r = http.post(endpoint, data={"query": qs[(i + k) % len(qs)]})
                errors += r.status_code != 200
        return errors

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(client, range(8))) == 0


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
    ("select * from named <urn:g> where { graph ?g { ?s ?p ?o } }", True),
    ("# FROM in a comment\nSELECT * WHERE { ?s ?p 'FROM' }", False),
    ("SELECT ?from WHERE { ?from <urn:FROM> ex:from }", False),
    ('SELECT * WHERE { ?s ?p """a\nFROM <x>""" }', False),
])
def test_has_dataset_clause(query, expected):
    assert has_dataset_clause(query) is expected


def test_negotiate_honours_quality_and_wildcards():
    offers = {"a/x": 1, "b/y": 2}
    assert negotiate(None, offers) == 1
    assert negotiate("b/y;q=0.9, a/x;q=0.1", offers) == 2
    assert negotiate("b/*", offers) == 2
    assert negotiate("c/z, */*;q=0.1", offers) == 1
    assert negotiate("c/z", offers) is None
    assert negotiate("a/x;q=0", offers) is None
