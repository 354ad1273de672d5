"""The store as a network: graph, filters, writers, paths, centrality, CLI."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph import api
from kgraph.cli import main
from kgraph.export import write_view
from kgraph.export.html import json_for_script, render_html
from kgraph.export.network import (
    build_graph,
    central,
    graph_from_construct,
    graph_from_store,
    shortest_paths,
    write_csv,
    write_network,
)
from kgraph.rdf import Store
from kgraph.rdf.iri import entity_iri
from kgraph.types import KgraphError

KZ = str(entity_iri("Country", "Kazakhstan"))
UMAROV = str(entity_iri("Person", "Yermek Umarov"))
MINISTRY = str(entity_iri("GovernmentBody", "Kazakh Ministry of Ecology"))
ACTION = str(entity_iri("PolicyAction", "reduce their carbon footprint"))
BREKESHEV = str(entity_iri("Person", "Serikkali Brekeshev"))
COMPANY = str(entity_iri("Company", "ArcelorMittal Temirtau"))


@pytest.fixture(name="store")
def store_fixture(sample_resolved):
    store = Store(None)
    for resolved in sample_resolved:
        store.write_article(resolved)
    yield store
    store.close()


def test_graph_has_one_edge_per_assertion_with_evidence(store):
    g = graph_from_store(store)
    assert sorted(k for _s, _o, k in g.edges(keys=True)) == sorted(
        ["calls_for", "spokesperson_for", "said", "holds_permit", "holds_position"])
    data = g.get_edge_data(KZ, ACTION)["calls_for"]
    (item,) = data["evidence"]
    assert item["sentence"].startswith("Kazakhstan has called on all states")
    assert item["title"] == "Kazakhstan pavilion at Expo 2020"
    assert item["date"] == "2021-10-25"
    assert item["url"] == "https://example.org/news/expo-2020"
    assert data["confidence"] == pytest.approx(0.9)


def test_nodes_carry_label_class_aliases_country_wikidata(store):
    g = graph_from_store(store)
    assert g.nodes[KZ]["cls"] == "Country"
    assert g.nodes[KZ]["wikidata"].endswith("/Q232")
    assert g.nodes[UMAROV]["aliases"] == ["Umarov"]
    assert g.nodes[MINISTRY]["country"] == "Kazakhstan"
    assert g.nodes[MINISTRY]["label"] == "Kazakh Ministry of Ecology"


def test_same_fact_in_two_articles_is_one_edge_with_two_evidence_items(sample_resolved, store):
    first = sample_resolved[0]
    again = dataclasses.replace(
        first,
        article=dataclasses.replace(first.article, id="expo-again", title="Again",
                                    date=first.article.date.replace(year=2023)),
        relations=tuple(dataclasses.replace(r, article="expo-again") for r in first.relations),
    )
    store.write_article(again)
    g = graph_from_store(store)
    evidence = g.get_edge_data(KZ, ACTION)["calls_for"]["evidence"]
    assert [i["title"] for i in evidence] == ["Kazakhstan pavilion at Expo 2020", "Again"]
    only_new = build_graph(store, since="2023-01-01")
    assert [i["title"] for i in only_new.get_edge_data(KZ, ACTION)["calls_for"]["evidence"]] == [
        "Again"]


def test_relation_and_date_filters(store):
    g = build_graph(store, relations=["holds_permit", "calls_for"])
    assert {k for *_x, k in g.edges(keys=True)} == {"holds_permit", "calls_for"}
    assert UMAROV not in g  # nodes left without edges go
    g = build_graph(store, since="2022-01-01")
    assert {k for *_x, k in g.edges(keys=True)} == {"holds_permit", "holds_position"}
    g = build_graph(store, until="2021-12-31", relations=["said"])
    assert [k for *_x, k in g.edges(keys=True)] == ["said"]


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "2021-02-30"}, "--since"),
    ({"until": "yesterday"}, "--until"),
    ({"since": "2023-01-01", "until": "2022-01-01"}, "after"),
    ({"relations": ["likes"]}, "unknown relation"),
    ({"depth": -1, "focus": "Kazakhstan"}, "--depth"),
    ({"focus": "Atlantis"}, "no entity labelled 'Atlantis'"),
])
def test_bad_options_are_clear_errors(store, kwargs, message):
    with pytest.raises(KgraphError, match=message):
        build_graph(store, **kwargs)


def test_focus_by_any_label_any_case_and_depth(store):
    assert set(build_graph(store, focus="kazakhstan", depth=0)) == {KZ}
    assert set(build_graph(store, focus="KAZAKHSTAN", depth=1)) == {KZ, ACTION, BREKESHEV}
    by_alias = build_graph(store, focus="Umarov", depth=1)
    assert UMAROV in by_alias and MINISTRY in by_alias and KZ not in by_alias


def test_focus_label_is_a_binding_not_query_text(store):
    before = len(store)
    hostile = '" ) } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    with pytest.raises(KgraphError, match="no entity labelled"):
        build_graph(store, focus=hostile)
    assert len(store) == before


def test_construct_query_draws_its_result_with_evidence(store):
    q = ("PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
         "CONSTRUCT { ?s kg:callsFor ?o } WHERE { ?s kg:callsFor ?o }")
    g = graph_from_construct(store, q)
    assert list(g.edges(keys=True)) == [(KZ, ACTION, "calls_for")]
    assert g.nodes[KZ]["label"] == "Kazakhstan"
    assert g.get_edge_data(KZ, ACTION)["calls_for"]["evidence"][0]["date"] == "2021-10-25"


def test_select_is_not_a_construct(store):
    with pytest.raises(KgraphError, match="CONSTRUCT"):
        build_graph(store, construct="SELECT ?s WHERE { ?s ?p ?o }")


def test_graphml_gexf_and_csv_round_trip(store, tmp_path):
    g = graph_from_store(store)
    write_network(g, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(),
                                                                g.number_of_edges())
    assert back.nodes[KZ]["label"] == "Kazakhstan"
    rels = {d["relation"] for *_x, d in back.edges(data=True)}
    assert rels == {"calls_for", "spokesperson_for", "said", "holds_permit", "holds_position"}
    write_network(g, "gexf", tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == g.number_of_edges()
    buf = io.StringIO()
    write_csv(g, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == g.number_of_edges()
    row = next(r for r in rows if r["relation"] == "holds_permit")
    assert row["source_label"] == "ArcelorMittal Temirtau" and row["target_class"] == "Permit"
    assert "emission permit" in row["evidence"] and row["dates"] == "2022-03-01"


def test_shortest_paths_walk_both_ways_with_evidence(store):
    paths = shortest_paths(store, "Serikkali Brekeshev", "reduce their carbon footprint")
    assert len(paths) == 1
    steps = paths[0]
    assert [(s.source, s.relation, s.target) for s in steps] == [
        (BREKESHEV, "holds_position", KZ), (KZ, "calls_for", ACTION)]
    assert steps[1].evidence[0]["sentence"].startswith("Kazakhstan has called")
    # no relation joins these two, but the ministry's country (a demonym tie) does
    [via_country] = shortest_paths(store, "Umarov", "ArcelorMittal Temirtau")[:1]
    assert "country" in [s.relation for s in via_country]
    assert all(s.evidence == () for s in via_country if s.relation == "country")


def test_central_ranks_by_degree(store):
    rows = central(store, 2)
    assert rows[0]["label"] == "Kazakhstan" and rows[0]["degree"] == 2
    assert len(rows) == 2
    with pytest.raises(KgraphError):
        central(store, 0)


def test_json_in_the_page_cannot_end_the_script():
    text = json_for_script({"a": "</script><img src=x onerror=alert(1)>&\u2028\u2029"})
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text)["a"].startswith("</script>")


def test_page_is_self_contained_and_holds_no_raw_markup_from_data(store, tmp_path):
    g = graph_from_store(store)
    g.nodes[KZ]["label"] = "<img src=x onerror=alert(1)>"
    page = render_html(g)
    assert "<img src=x" not in page
    assert "<script src" not in page and "<link" not in page
    assert "vis.Network" in page or "Network" in page
    write_view(store, "html", tmp_path / "v.html", relations=["said"])
    assert (tmp_path / "v.html").stat().st_size > 100_000


@pytest.fixture(name="disk_store")
def disk_store_fixture(sample_resolved, tmp_path):
    path = tmp_path / "store"
    with Store(path) as store:
        for resolved in sample_resolved:
            store.write_article(resolved)
    return path


def test_cli_path_central_and_network_export(disk_store, tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["path", "Serikkali Brekeshev", "reduce their carbon footprint",
                               "--store", str(disk_store)])
    assert out.exit_code == 0, out.output
    assert "-[holds_position]->" in out.output and "Kazakhstan has called" in out.output
    out = runner.invoke(main, ["central", "--top", "1", "--format", "json",
                               "--store", str(disk_store)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)[0]["label"] == "Kazakhstan"
    out = runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "e.csv"),
                               "--relation", "said", "--store", str(disk_store)])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "e.csv").read_text().count("\n") == 2
    out = runner.invoke(main, ["path", "Nobody", "Kazakhstan", "--store", str(disk_store)])
    assert out.exit_code == 1 and "no entity labelled 'Nobody'" in out.output
    for command in ("path", "central"):
        assert "Example:" in runner.invoke(main, [command, "--help"]).output


def test_one_name_typed_two_ways_is_one_node_of_the_specific_class(sample_resolved, store):
    """One article reads ArcelorMittal Temirtau as a Company (legal form), another only as an
    Organization: one node, shown as the Company."""
    from kgraph.resolve import resolve_article

    first = sample_resolved[1]
    plain = dataclasses.replace(first.article, id="plain-org", content_hash="c" * 64)
    relations = []
    for r in first.relations:
        if r.subject.text == "ArcelorMittal Temirtau":
            r = dataclasses.replace(r, subject=dataclasses.replace(r.subject, type="Organization"))
        relations.append(dataclasses.replace(r, article="plain-org"))
    assert any(r.subject.type == "Organization" for r in relations)
    before = api.stats(store)["entities"]
    store.write_article(resolve_article(plain, relations))
    g = graph_from_store(store)
    named = [n for n, d in g.nodes(data=True) if d["label"] == "ArcelorMittal Temirtau"]
    assert named == [COMPANY]
    assert g.nodes[COMPANY]["cls"] == "Company"
    after = api.stats(store)["entities"]  # counted once, as a Company
    assert [after.get(c) for c in ("Company", "Organization")] == \
        [before.get(c) for c in ("Company", "Organization")]
