"""Records -> quads: the triples of docs/model.md, SHACL-conformant, safe literals."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyshacl
import pytest
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kgraph.rdf import iri, to_quads
from kgraph.rdf.mapping import ORG, SCHEMA, graph_of
from kgraph.rdf.vocab import KG, KGR
from kgraph.types import Evidence, KgraphError, Mention, Relation

SHAPES = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl")


def _graph(resolved) -> Graph:
    g = Graph()
    for s, p, o, ctx in to_quads(resolved):
        assert ctx == graph_of(resolved.article.id)
        g.add((s, p, o))
    return g


def _conforms(g: Graph) -> tuple[bool, str]:
    ok, _report, text = pyshacl.validate(g, shacl_graph=SHAPES)
    return ok, text


def test_article_node(sample_resolved):
    r = sample_resolved[0]
    g = _graph(r)
    art = KGR["article/seed-expo-2020"]
    assert (KGR["graph/seed-expo-2020"], PROV.wasDerivedFrom, art) in g
    assert (art, RDF.type, KG.Article) in g
    assert (art, DCTERMS.identifier, Literal("seed-expo-2020")) in g
    assert (art, DCTERMS.date, Literal("2021-10-25", datatype=XSD.date)) in g
    assert (art, SCHEMA.url, URIRef("https://example.org/news/expo-2020")) in g
    assert (art, KG.sourceFile, Literal("seed-expo-2020.txt")) in g  # no directories
    assert (art, KG.contentHash, Literal("a" * 64)) in g
    assert (art, SCHEMA.translator, Literal("Assem Zhanmukhanova")) in g
    assert (art, SCHEMA.editor, Literal("Galiya Khassenkhanova")) in g


def test_entities_and_calls_for(sample_resolved):
    g = _graph(sample_resolved[0])
    kz = KGR["country/kazakhstan"]
    action = KGR["policy-action/reduce-their-carbon-footprint"]
    ministry = KGR["organization/kazakh-ministry-of-ecology"]
    assert (kz, RDF.type, KG.Country) in g
    assert (kz, RDFS.label, Literal("Kazakhstan")) in g
    assert (kz, SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q232")) in g
    assert (ministry, SKOS.altLabel, Literal("the ministry")) in g
    assert (ministry, KG.country, kz) in g
    assert (kz, KG.callsFor, action) in g
    assert (action, RDF.type, KG.PolicyAction) in g

    [a] = list(g.subjects(RDF.type, KG.CallForAction))
    rel = sample_resolved[0].relations[0]
    assert a == iri.assertion_iri(rel)
    assert (a, KG.relation, KG.callsFor) in g
    assert (a, KG.subject, kz) in g
    assert (a, KG.object, action) in g
    assert (a, KG.addressee, Literal("all states in the world")) in g
    assert (a, KG.evidenceText, Literal(rel.evidence.sentence)) in g
    assert (a, KG.sentenceStart, Literal(rel.evidence.start, datatype=XSD.integer)) in g
    assert (a, KG.sentenceEnd, Literal(rel.evidence.end, datatype=XSD.integer)) in g
    assert (a, KG.confidence, Literal("0.9", datatype=XSD.decimal)) in g
    assert (a, PROV.wasDerivedFrom, KGR["article/seed-expo-2020"]) in g
    agent = KGR["extractor/kgraph-calls-for-1"]
    assert (a, PROV.wasAttributedTo, agent) in g
    assert (agent, RDF.type, PROV.SoftwareAgent) in g
    assert (agent, RDFS.label, Literal("kgraph.calls_for")) in g
    assert (agent, SCHEMA.softwareVersion, Literal("1")) in g


def test_memberships_statements_permits(sample_resolved):
    g1, g2 = (_graph(r) for r in sample_resolved)
    umarov = KGR["person/yermek-umarov"]
    ministry = KGR["organization/kazakh-ministry-of-ecology"]
    [m] = list(g1.subjects(RDF.type, KG.SpokespersonRole))
    assert (umarov, KG.spokespersonFor, ministry) in g1
    assert (m, ORG.member, umarov) in g1 and (m, ORG.organization, ministry) in g1
    assert (m, ORG.role, KGR["post/spokesperson"]) in g1
    assert (KGR["post/spokesperson"], RDF.type, KG.Post) in g1

    [q] = list(g1.objects(umarov, KG.said))  # "Umarov" resolved to the same person
    assert (q, RDF.type, KG.Statement) in g1
    assert (q, SCHEMA.text, Literal("We will be carbon neutral by 2060,")) in g1

    [p] = list(g2.subjects(RDF.type, KG.PositionHolding))
    post = KGR["post/minister-of-ecology"]
    assert (p, ORG.role, post) in g2 and (post, RDFS.label, Literal("minister of ecology")) in g2
    assert (p, KG.roleLabel, Literal("Minister of Ecology")) in g2

    company = KGR["organization/arcelormittal-temirtau"]
    [permit] = list(g2.objects(company, KG.holdsPermit))
    assert (permit, RDF.type, KG.Permit) in g2
    assert (permit, RDFS.label, Literal("emission permit")) in g2
    assert "arcelormittal-temirtau" in str(permit)  # one permit node per holder and permit


def test_pure_and_deterministic(sample_resolved):
    assert to_quads(sample_resolved[0]) == to_quads(sample_resolved[0])
    assert len(set(to_quads(sample_resolved[1]))) == len(to_quads(sample_resolved[1]))


def test_shapes_conform(sample_resolved):
    for r in sample_resolved:
        ok, text = _conforms(_graph(r))
        assert ok, text


def _only(g: Graph, cls: URIRef) -> URIRef:
    [node] = list(g.subjects(RDF.type, cls))
    return node


@pytest.mark.parametrize(
    "breakage",
    ["no-subject", "two-objects", "bad-confidence", "no-article", "member-not-person", "label"],
)
def test_broken_graph_does_not_conform(sample_resolved, breakage):
    g = _graph(sample_resolved[0])
    a = _only(g, KG.CallForAction)
    if breakage == "no-subject":
        g.remove((a, KG.subject, None))
    elif breakage == "two-objects":
        g.add((a, KG.object, KGR["policy-action/other"]))
    elif breakage == "bad-confidence":
        g.set((a, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    elif breakage == "no-article":
        g.remove((KGR["article/seed-expo-2020"], RDF.type, KG.Article))
    elif breakage == "member-not-person":
        g.remove((KGR["person/yermek-umarov"], RDF.type, KG.Person))
    elif breakage == "label":
        g.remove((KGR["country/kazakhstan"], RDFS.label, None))  # every entity is labelled
    ok, _ = _conforms(g)
    assert not ok, breakage


def test_hostile_text_is_cleaned(sample_resolved):
    r = sample_resolved[0]
    rel = r.relations[0]
    dirty = "Kazakhstan\x00 calls\x07 for\r action\x1b\ud800 now\tplease\n."
    rel2 = dataclasses.replace(
        rel,
        evidence=dataclasses.replace(rel.evidence, sentence=dirty),
        confidence=7.0,
    )
    art = dataclasses.replace(r.article, title='Title "with" <tags> \x0c')
    r2 = dataclasses.replace(r, article=art, relations=(rel2,))
    g = _graph(r2)
    a = _only(g, KG.CallForAction)
    assert g.value(a, KG.evidenceText) == Literal("Kazakhstan calls for action now\tplease\n.")
    assert g.value(a, KG.confidence) == Literal("1.0", datatype=XSD.decimal)  # clamped
    assert g.value(KGR["article/seed-expo-2020"], DCTERMS.title) == Literal(
        'Title "with" <tags> '
    )
    data = g.serialize(format="nt")
    assert Graph().parse(data=data, format="nt").isomorphic(g)


def test_missing_entity_is_minted_and_unknown_relation_rejected(sample_resolved):
    r = sample_resolved[0]
    ev = Evidence("Norway wants a carbon tax.", 0, 25, "kgraph.calls_for", "1")
    rel = Relation(
        article=r.article.id,
        relation="calls_for",
        subject=Mention("Norway", 0, 6, "Country"),
        object=Mention("a carbon tax", 13, 25, "PolicyAction"),
        evidence=ev,
    )
    g = _graph(dataclasses.replace(r, relations=(rel,), entities={}))
    assert (KGR["country/norway"], KG.callsFor, KGR["policy-action/a-carbon-tax"]) in g
    assert (KGR["country/norway"], RDFS.label, Literal("Norway")) in g
    with pytest.raises(KgraphError, match="unknown relation"):
        to_quads(dataclasses.replace(r, relations=(dataclasses.replace(rel, relation="x"),)))
