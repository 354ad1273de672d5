"""The Oxigraph-backed store: persistence, replace-on-rewrite, union queries, bindings, export."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kgraph.rdf import Store
from kgraph.rdf.mapping import graph_of, to_quads
from kgraph.rdf.store import ArticleGraph, replace_graph_update
from kgraph.rdf.vocab import KG
from kgraph.types import KgraphError

QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
KAZAKHSTAN = URIRef("https://w3id.org/kgraph/resource/country/kazakhstan")


@pytest.fixture
def store(sample_resolved):
    with Store() as st:
        for r in sample_resolved:
            st.write_article(r)
        yield st


def test_write_reopen_rewrite_remove(tmp_path, sample_resolved):
    path = tmp_path / "store"
    a1, a2 = sample_resolved
    with Store(path) as st:
        n1 = st.write_article(a1)
        assert n1 == len(to_quads(a1)) == len(st)
        n2 = st.write_article(a2)
        assert len(st) == n1 + n2
    with Store(path) as st:  # from disk
        assert len(st) == n1 + n2
        assert st.graphs() == sorted([graph_of(a1.article.id), graph_of(a2.article.id)])
        assert st.articles() == ["seed-expo-2020", "steel-quota"]
        assert st.article_hashes() == {"seed-expo-2020": "a" * 64, "steel-quota": "b" * 64}
        # writing again replaces, it does not add
        assert st.write_article(a1) == n1
        assert len(st) == n1 + n2
        # a changed article drops what is no longer read from it
        smaller = dataclasses.replace(a1, relations=a1.relations[:1])
        st.write_article(smaller)
        assert len(st) == len(to_quads(smaller)) + n2
        st.remove_article(a2.article.id)
        assert st.articles() == ["seed-expo-2020"]
        assert len(st) == len(to_quads(smaller))
    with Store(path, read_only=True) as st:
        assert st.articles() == ["seed-expo-2020"]
        with pytest.raises(KgraphError, match="read-only"):
            st.write_article(a2)


def test_union_default_graph_and_graph_clause(store):
    rows = store.query("SELECT DISTINCT ?s ?o WHERE { ?s kg:callsFor ?o }")
    assert len(rows) == 1
    rows = store.query("SELECT DISTINCT ?p WHERE { ?p a kg:Person }")  # across both graphs
    assert len(rows) == 2
    rows = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    assert [row[0] for row in rows] == store.graphs()
    assert sum(int(row[1]) for row in rows) == len(store)
    assert store.query("ASK { ?s a kg:Article }").askAnswer is True
    built = store.query("CONSTRUCT { ?s a kg:Person } WHERE { ?s a kg:Person }").graph
    assert len(built) == 2


def test_bindings_carry_hostile_values(store):
    q = "SELECT ?x ?label WHERE { ?x rdfs:label ?label }"
    rows = store.query(q, bindings={"label": Literal("Kazakhstan")})
    assert {row[0] for row in rows} == {KAZAKHSTAN}
    evil = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    before = len(store)
    assert len(store.query(q, bindings={"label": Literal(evil)})) == 0
    assert len(store.query(q, bindings={"?label": evil})) == 0
    assert len(store) == before  # nothing was dropped


def test_malformed_query(store):
    with pytest.raises(KgraphError, match="malformed SPARQL"):
        store.query("SELEC ?x WHERE { ?x ?y }")
    with pytest.raises(KgraphError):
        store.query("SELECT ?x WHERE { ?x undefinedprefix:p ?y }")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_shipped_queries(store, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "each query starts with a comment saying what it asks"
    bindings = {}
    for line in text.splitlines():
        if line.startswith("# bind:"):
            bindings[line.split(":", 1)[1].split()[0]] = Literal("Kazakhstan")
    result = store.query(text, bindings=bindings)
    rows = list(result)
    assert rows, path.name
    assert "sentence" in [str(v) for v in result.vars]
    sentences = {str(r[0]) for r in store.query("SELECT ?t WHERE { ?a kg:evidenceText ?t }")}
    for row in rows:
        assert sentences & {str(v) for v in row if v is not None}, row


def test_export_formats(tmp_path, store):
    n_triples = len(store.union_graph())
    for fmt in ("ttl", "trig", "nq", "nt", "jsonld"):
        dest = tmp_path / f"out.{fmt}"
        store.export(fmt, dest)
        data = dest.read_text(encoding="utf-8")
        if fmt in ("ttl", "nt"):
            g = Graph().parse(data=data, format="turtle" if fmt == "ttl" else "nt")
            assert len(g) == n_triples
        else:
            ds = Dataset()
            ds.parse(data=data, format={"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt])
            assert len(list(ds.quads((None, None, None, None)))) == len(store)
    assert "@prefix kg:" in (tmp_path / "out.ttl").read_text()
    assert '"kg": "https://w3id.org/kgraph/ontology#"' in (tmp_path / "out.jsonld").read_text()
    with pytest.raises(KgraphError, match="unknown export format"):
        store.export("xml", tmp_path / "x")


def test_not_a_store_and_locked(tmp_path):
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("hello")
    with pytest.raises(KgraphError, match="not a kgraph store"):
        Store(junk)
    with pytest.raises(KgraphError, match="no kgraph store"):
        Store(tmp_path / "missing", read_only=True)
    path = tmp_path / "locked"
    with Store(path):
        code = (
            "import sys\nfrom kgraph.rdf import Store\nfrom kgraph.types import KgraphError\n"
            "try:\n    Store(sys.argv[1])\nexcept KgraphError as e:\n    print(e); sys.exit(3)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 3, proc.stderr
        assert "in use by another process" in proc.stdout
    with Store(path) as st:  # closing released the lock
        assert len(st) == 0


def test_oxigraph_handle(store, sample_resolved):
    assert isinstance(store.oxigraph, ox.Store)
    g = ox.NamedNode(str(graph_of(sample_resolved[0].article.id)))
    quads = list(store.oxigraph.quads_for_pattern(None, None, None, g))
    assert len(quads) == len(to_quads(sample_resolved[0]))
    assert str(KG.Article) in {q.object.value for q in quads}


def test_hostile_text_survives_the_store(tmp_path, sample_resolved):
    r = sample_resolved[0]
    nasty = 'a "quote" \\u0022 \\ back <iri> }}; DROP ALL; 😀 وزارة 中国 Ж\n\tend\x00\x1b'
    rel = dataclasses.replace(
        r.relations[0], evidence=dataclasses.replace(r.relations[0].evidence, sentence=nasty)
    )
    art = dataclasses.replace(r.article, id='we!rd id/"x"', title=nasty)
    hostile = dataclasses.replace(r, article=art, relations=(rel,))
    with Store(tmp_path / "s") as st:
        n = st.write_article(hostile)
        assert n == len(st) == len(to_quads(hostile))
        assert st.articles() == ['we!rd id/"x"']
        [row] = st.query("SELECT ?t WHERE { ?a kg:evidenceText ?t }")
        assert str(row[0]) == nasty.replace("\x00", "").replace("\x1b", "")
        for fmt in ("ttl", "nq", "trig", "jsonld"):
            st.export(fmt, tmp_path / f"h.{fmt}")
        back = ox.Store()
        back.load(path=str(tmp_path / "h.nq"), format=ox.RdfFormat.N_QUADS)
        assert len(back) == n


def test_replace_is_one_transaction(sample_resolved):
    a1, a2 = sample_resolved
    with Store() as st:
        st.write_article(a1)
        before = len(st)
        # the same update kgraph sends, made to fail at its very end: nothing of it stays
        update = replace_graph_update(graph_of(a1.article.id), ArticleGraph.of(a2).quads())
        with pytest.raises(RuntimeError):
            st.oxigraph.update(update + " ;\nDROP GRAPH <https://example.org/missing>")
        assert len(st) == before
        assert st.articles() == [a1.article.id]


def _copies(resolved, n):
    """``n`` distinct articles made of ``resolved`` (ids and content hashes changed)."""
    out = []
    for i in range(n):
        art = dataclasses.replace(resolved.article, id=f"{resolved.article.id}-{i}",
                                  content_hash=f"{i:064x}")
        out.append(dataclasses.replace(resolved, article=art))
    return out


@pytest.mark.parametrize("bulk_min", [0, 10**9], ids=["bulk-loader", "transaction"])
def test_write_articles_batch_either_way(tmp_path, sample_resolved, monkeypatch, bulk_min):
    from kgraph.rdf import store as store_mod

    monkeypatch.setattr(store_mod, "BULK_MIN_QUADS", bulk_min)
    monkeypatch.setattr(store_mod, "BULK_MAX_QUADS", 150)  # several loads for one batch
    a1, a2 = sample_resolved
    many = _copies(a1, 5)
    smaller = dataclasses.replace(many[0], relations=many[0].relations[:1])
    with Store(tmp_path / "s") as st:
        st.write_article(a2)
        n = st.write_articles(
            [ArticleGraph.of(r) for r in [*many, a2]] + [ArticleGraph.of(smaller)]
        )
        # a2 was in the store (replaced, not doubled); many[0] came twice: the last one counts
        assert n == len(to_quads(a2)) + 4 * len(to_quads(a1)) + len(to_quads(smaller))
        assert len(st) == n
        assert st.articles() == sorted([a2.article.id] + [r.article.id for r in many])
        expected = ox.Store()
        for r in [a2, *many[1:], smaller]:
            expected.extend(ArticleGraph.of(r).quads())
        assert set(st.oxigraph) == set(expected)


def test_parts_keep_articles_whole():
    from kgraph.rdf.store import _parts

    graphs = [ArticleGraph(str(i), b"", c) for i, c in
              enumerate([40, 70, 30, 200, 10])]
    parts = list(_parts(graphs, 100))
    assert [[g.article_id for g in p] for p in parts] == [["0"], ["1", "2"], ["3"], ["4"]]
