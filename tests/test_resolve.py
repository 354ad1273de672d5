"""Resolution: mentions -> entities with IRIs, stable across articles, safe for any name."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kgraph.resolve import entity_for, resolve_article
from kgraph.resolve.gazetteer import countries
from kgraph.types import COUNTRY, ORGANIZATION, PERSON, Article, Evidence, Mention, Relation


def mention(text: str, etype: str = COUNTRY, **kw) -> Mention:
    return Mention(text=text, start=0, end=len(text), type=etype, **kw)


def relation(article: str, subject: Mention, obj: Mention) -> Relation:
    ev = Evidence("A sentence.", 0, 11, "kgraph.test", "1")
    return Relation(article, "holds_position", subject, obj, ev, role="director")


@pytest.mark.parametrize(
    ("demonym", "country"),
    [("Kazakh", "Kazakhstan"), ("Kazakhstani", "Kazakhstan"), ("Chinese", "China")],
)
def test_demonym_is_the_country(demonym, country):
    assert countries().lookup(demonym).name == country
    assert entity_for(mention(demonym)).iri == entity_for(mention(country)).iri


@pytest.mark.parametrize("alias", ["US", "U.S.", "USA", "United States of America", "America"])
def test_aliases_share_one_iri(alias):
    ent = entity_for(mention(alias))
    assert ent.iri == entity_for(mention("United States")).iri
    assert ent.label == "United States"
    assert ent.wikidata == "Q30"


def test_the_pronoun_us_is_no_country():
    assert countries().lookup("us") is None
    assert countries().lookup("Us") is None
    assert countries().lookup("US") is not None


def test_same_entity_in_two_articles_same_iri():
    person = mention("Sara Lind", PERSON)
    body = mention("Climate Council", ORGANIZATION)
    a = Article(id="a", text="x", source="a.txt")
    b = Article(id="b", text="y", source="b.txt")
    ra = resolve_article(a, [relation("a", person, body)])
    rb = resolve_article(b, [relation("b", person, body)])
    for key in ((PERSON, "Sara Lind"), (ORGANIZATION, "Climate Council")):
        assert ra.entities[key].iri == rb.entities[key].iri
    assert ra.entities[(PERSON, "Sara Lind")].iri != ra.entities[(ORGANIZATION,
                                                                 "Climate Council")].iri


def test_alt_labels():
    ent = entity_for(mention("Sara Lind", PERSON, aliases=("Lind", "S. Lind")))
    assert ent.label == "Sara Lind"
    assert ent.alt_labels == {"Lind", "S. Lind"}
    country = entity_for(mention("U.S.", aliases=("US",)))
    assert "U.S." in country.alt_labels and "United States" not in country.alt_labels


def test_aliases_from_several_records_are_merged():
    art = Article(id="m", text="x", source="m.txt")
    body = mention("Climate Council", ORGANIZATION)
    r1 = relation("m", mention("Sara Lind", PERSON, aliases=("Lind",)), body)
    r2 = relation("m", mention("Sara Lind", PERSON, aliases=("Ms Lind",)), body)
    ent = resolve_article(art, [r1, r2]).entities[(PERSON, "Sara Lind")]
    assert ent.alt_labels == {"Lind", "Ms Lind"}


def test_demonym_country_of_a_body_becomes_an_entity():
    art = Article(id="k", text="x", source="k.txt")
    body = mention("Kazakh Ministry of Energy", "GovernmentBody", country="Kazakhstan")
    res = resolve_article(art, [relation("k", mention("Sara Lind", PERSON), body)])
    kz = res.entities[(COUNTRY, "Kazakhstan")]
    assert res.entities[("GovernmentBody", "Kazakh Ministry of Energy")].country_iri == kz.iri


HOSTILE = [
    'The "Green" Party',
    "<script>alert(1)</script>",
    "back\\slash\\name",
    "Қазақстан Энергетика министрлігі",
    "中华人民共和国生态环境部",
    "وزارة الطاقة",
    "O'Brien & Sons <Ltd>",
    "{}|^`",
]
ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/:")


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("etype", [PERSON, ORGANIZATION, COUNTRY])
def test_hostile_names_give_valid_iris(name, etype):
    ent = entity_for(mention(name, etype))
    assert ent.iri.startswith(("http://", "https://"))
    assert set(ent.iri) <= ALLOWED, ent.iri
    ox.NamedNode(ent.iri)  # raises on an invalid IRI
    assert str(URIRef(ent.iri)) == ent.iri
    assert ent.label == name


def test_hostile_names_are_distinct():
    iris = {entity_for(mention(name, ORGANIZATION)).iri for name in HOSTILE}
    assert len(iris) == len(HOSTILE)
