"""kgraph.build through the API: incremental by content hash, --prune, jobs=2 == jobs=1."""

from __future__ import annotations

import pytest

from kgraph import api
from kgraph.rdf import Store

pytestmark = pytest.mark.model

ARTICLES = {
    "kz-quota": "Kazakhstan called on Poland to adopt a national carbon tax. "
                "Askar Temirkhanov, spokesperson for the Kazakh Ministry of Energy, said the "
                "rules were ready.",
    "steel-permit": "Granite Steel Ltd received an emission permit for its Pavlodar plant. "
                    '"We will cut emissions by 20 percent," said Maria Silva, chief executive '
                    "of Granite Steel Ltd.",
    "norway-call": "Minister of Energy of Norway Lars Hansen called for stricter methane rules.",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def _quads(path) -> set[str]:
    with Store(path, read_only=True) as st:
        return {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None)}


def test_incremental_and_prune(corpus, tmp_path):
    store = tmp_path / "store"
    first = api.build([corpus], store)
    assert (first.built, first.unchanged, first.failed) == (3, 0, [])
    assert first.store_quads > 0 and first.quads_written == first.store_quads
    before = _quads(store)

    again = api.build([corpus], store)
    assert (again.built, again.unchanged) == (0, 3)
    assert _quads(store) == before

    (corpus / "norway-call.txt").write_text(ARTICLES["norway-call"] + " It was Monday.\n")
    changed = api.build([corpus], store)
    assert (changed.built, changed.unchanged) == (1, 2)

    forced = api.build([corpus], store, force=True)
    assert forced.built == 3

    (corpus / "kz-quota.txt").unlink()
    kept = api.build([corpus], store)
    with Store(store, read_only=True) as st:
        assert "kz-quota" in st.articles()
    pruned = api.build([corpus], store, prune=True)
    assert (kept.built, pruned.built) == (0, 0)
    with Store(store, read_only=True) as st:
        assert st.articles() == ["norway-call", "steel-permit"]
        assert not any("kz-quota" in g for g in map(str, st.graphs()))


def test_jobs_two_gives_the_same_graph(corpus, tmp_path):
    for i in range(12):  # more than one chunk per worker
        (corpus / f"extra-{i:02d}.txt").write_text(
            f"Country number {i}: Kenya called on Chile to adopt a ban on routine gas flaring.\n")
    one = api.build([corpus], tmp_path / "one", jobs=1)
    two = api.build([corpus], tmp_path / "two", jobs=2)
    assert one.built == two.built == 15
    assert one.relations == two.relations
    assert _quads(tmp_path / "one") == _quads(tmp_path / "two")


def test_failed_article_does_not_stop_the_build(corpus, tmp_path, monkeypatch):
    from kgraph import pipeline

    real = pipeline.extract_relations

    def flaky(doc, article_id, **kw):
        if article_id == "steel-permit":
            raise ValueError("extractor bug")
        return real(doc, article_id, **kw)

    monkeypatch.setattr(pipeline, "extract_relations", flaky)
    report = api.build([corpus], tmp_path / "s")
    assert report.built == 2
    assert [f.source for f in report.failed] == [str(corpus / "steel-permit.txt")]
    assert "extractor bug" in report.failed[0].reason


@pytest.mark.parametrize("bulk_min", [0, 10**9], ids=["bulk-loader", "transaction"])
def test_a_batch_that_cannot_be_written_loses_only_the_bad_article(
    corpus, tmp_path, monkeypatch, bulk_min
):
    """One article's graph is unreadable to the store: the batch write fails, each article is
    then written alone, and only that one is reported failed."""
    import dataclasses

    from kgraph import pipeline
    from kgraph.rdf import store as store_mod

    monkeypatch.setattr(store_mod, "BULK_MIN_QUADS", bulk_min)
    real = pipeline.ArticleGraph.of

    def broken(resolved, quads=None):
        graph = real(resolved, quads)
        if resolved.article.id == "steel-permit":
            return dataclasses.replace(graph, nquads=graph.nquads + b"<not n-quads\n")
        return graph

    monkeypatch.setattr(pipeline.ArticleGraph, "of", broken)
    report = api.build([corpus], tmp_path / "s")
    assert report.built == 2
    assert [f.source for f in report.failed] == [str(corpus / "steel-permit.txt")]
    assert "cannot write" in report.failed[0].reason
    with Store(tmp_path / "s", read_only=True) as st:
        assert st.articles() == ["kz-quota", "norway-call"]
